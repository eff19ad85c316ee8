package serve

import (
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// output is a session's writer. It serialises whole writes (the painter's
// frames, the background query sent at the start and anything the program
// itself would write never interleave inside an escape sequence), and it
// gives them a deadline on progress.
//
// An SSH channel's Write waits for the client to open its window, and a
// client that stops reading never does: the painter then waits forever,
// and the session with it, while the client's keys keep it from going
// idle. So each write goes out in pieces, and a piece that has not gone
// out within the timeout calls stalled once, which cuts the connection:
// that ends the waiting write (and every later one) with an error, and
// the session ends as if the client had left.
type output struct {
	w       io.Writer
	timeout time.Duration
	stalled func()

	mu    sync.Mutex // held for a whole write
	timer *time.Timer
	busy  atomic.Bool // a piece is being written
	dead  atomic.Bool // stalled was called; writes fail at once
}

// outputPiece is how much a write sends at a time, so that a slow but
// live client (it takes some, the window opens a little) counts as making
// progress. Frames are mostly smaller.
const outputPiece = 16 << 10

// errStalled is what writes return once the output has stalled.
var errStalled = errors.New("session output stalled")

// newOutput writes to w; stalled is called (once, on a timer's goroutine)
// when a piece has waited longer than timeout.
func newOutput(w io.Writer, timeout time.Duration, stalled func()) *output {
	o := &output{w: w, timeout: timeout, stalled: stalled}
	o.timer = time.AfterFunc(timeout, o.expire)
	o.timer.Stop()
	return o
}

// Write writes all of b, or fails; it fails at once after a stall.
func (o *output) Write(b []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for len(b) > 0 {
		if o.dead.Load() {
			return n, errStalled
		}
		piece := b[:min(len(b), outputPiece)]
		o.busy.Store(true)
		o.timer.Reset(o.timeout)
		m, err := o.w.Write(piece)
		o.busy.Store(false)
		o.timer.Stop()
		n += m
		if err != nil {
			return n, err
		}
		b = b[len(piece):]
	}
	return n, nil
}

// expire runs when a piece took longer than the timeout. A piece that
// finished just as the timer fired does not count.
func (o *output) expire() {
	if o.busy.Load() && o.dead.CompareAndSwap(false, true) {
		o.stalled()
	}
}

package serve

import (
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
)

// A session channel's requests never wait on the session.
//
// charm.land/ssh hands window changes to the session through a channel of
// one slot that someone must drain: before the shell starts nobody does,
// and after the session has ended nobody does either. A second window
// change then blocks its request loop, the request loop blocks the
// connection's (golang.org/x/crypto/ssh reads every packet of a connection
// on one goroutine), and the connection can neither take a window adjust
// nor notice that its client left: the session, its slot and the
// connection's slot were held until the server restarted. So window changes
// stop at filterRequests, which keeps the latest one here for the session
// to take when it is ready, and nothing it forwards can block.

// windowBox holds the latest terminal size a client asked for; a burst of
// changes becomes one, and the session is told of a change at most once per
// resizeGap: each size it takes costs a layout and a full repaint, and a
// client flooding window changes must not turn that into a core.
type windowBox struct {
	mu       sync.Mutex
	w, h     int
	set      bool
	told     time.Time // when changed was last given a token
	deferred bool      // a token is due when resizeGap has passed
	changed  chan struct{}
}

// resizeGap is the shortest time between two sizes a session takes. A
// person dragging a window edge still sees it follow 20 times a second.
const resizeGap = 50 * time.Millisecond

func newWindowBox() *windowBox {
	return &windowBox{changed: make(chan struct{}, 1)}
}

// put keeps a size (already clamped) and never blocks.
func (b *windowBox) put(w, h int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.w, b.h, b.set = w, h, true
	if b.deferred {
		return // the token due takes this size too
	}
	if wait := resizeGap - time.Since(b.told); wait > 0 {
		b.deferred = true
		time.AfterFunc(wait, b.tell)
		return
	}
	b.notify()
}

// tell gives the token that put deferred.
func (b *windowBox) tell() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.deferred = false
	b.notify()
}

// notify gives changed a token; the caller holds mu.
func (b *windowBox) notify() {
	b.told = time.Now()
	select {
	case b.changed <- struct{}{}:
	default:
	}
}

// latest is the last size put, if any.
func (b *windowBox) latest() (w, h int, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w, b.h, b.set
}

// channelKey finds a session's channelState in its context.
type channelKey struct{}

// channelState is what the server keeps for one session channel.
type channelState struct {
	sizes *windowBox
	// exec is set when the client sent an exec request: a command, even
	// an empty one, is never a shell (exec.go answers it).
	exec atomic.Bool
}

// channelContext is the context of one session channel: its connection's,
// plus the channel's own state. charm.land/ssh gives a session the context
// it was handed, so the session finds its channel's state there.
type channelContext struct {
	ssh.Context
	state *channelState
}

// Value returns the channel's state for channelKey and asks the
// connection's context for everything else.
func (c channelContext) Value(key any) any {
	if key == (channelKey{}) {
		return c.state
	}
	return c.Context.Value(key)
}

// channelOf is the state of a session's channel (nil if it has none, which
// only a session not opened through sessionChannel would have).
func channelOf(sess ssh.Session) *channelState {
	st, _ := sess.Context().Value(channelKey{}).(*channelState)
	return st
}

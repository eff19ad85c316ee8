package serve

import (
	"bytes"
	"context"
	"io"
	"sync/atomic"
	"time"
	"unicode/utf8"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// A served session's keys are decoded here rather than by Bubble Tea's input
// reader. That reader builds a table of legacy key sequences for every
// program it starts: 136 KB of a pointer-rich map kept per session and 290 KB
// allocated, a quarter of a 500-session server's allocations and most of the
// heap its garbage collector scanned. xterm-style terminals (everything an
// SSH client runs in) send sequences the decoder reads on its own; the table
// only ever changed the answer for a few sequences of old terminals, and
// those come out here as the keys the decoder makes of them.
//
// What is kept from the reader: a lone ESC waits escTimeout for the rest of
// a sequence before it counts as the escape key, an incomplete sequence
// waits likewise, bracketed paste is gathered into one PasteEvent, and
// MultiEvents are spread. The program translates the events as it does its
// own (they go through Program.Send).

// escTimeout is how long an ESC (or the start of a sequence) waits for the
// bytes that would complete it: uv.DefaultEscTimeout.
const escTimeout = uv.DefaultEscTimeout

// What a session's input may hold is bounded, and each byte is looked at
// a bounded number of times. A bracketed paste is gathered up to
// Limits.MaxPaste; past it the paste is refused (the reader is told) and
// the rest of it dropped as it comes, up to its end marker. An escape
// sequence that has not ended is decoded again only when a byte that
// could end it arrives (re-decoding it on every read made a 6 MB
// unterminated OSC cost 47 CPU-seconds), and one longer than maxSequence
// is dropped up to its end: no reply a terminal sends to what the server
// asks comes near that length.

// inputRead is how much readInput reads at a time.
const inputRead = 1024

// A session reads at most inputRate(maxPaste) bytes a second, in bursts of
// as much: a paste at the limit arrives at once, while a client sending
// without pause (an endless paste) finds the SSH window closed and waits,
// instead of making the server decrypt and scan a hundred megabytes a
// second for nothing.
func inputRate(maxPaste int) float64 {
	return float64(max(256<<10, 2*maxPaste))
}

// byteBudget is a token bucket of bytes; it runs into debt and says how
// long to wait until the debt is paid.
type byteBudget struct {
	rate   float64
	tokens float64
	last   time.Time
}

func newByteBudget(rate float64, now time.Time) *byteBudget {
	return &byteBudget{rate: rate, tokens: rate, last: now}
}

// take spends n bytes at now and returns how long to wait before reading
// more.
func (b *byteBudget) take(n int, now time.Time) time.Duration {
	b.tokens = min(b.rate, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	b.tokens -= float64(n)
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / b.rate * float64(time.Second))
}

// maxSequence is the longest escape sequence a session's input holds
// while waiting for its end.
const maxSequence = 4 << 10

// pasteEnd ends a bracketed paste.
var pasteEnd = []byte(ansi.BracketedPasteEnd)

// pasteRefusedMsg tells the session (painted) that a paste longer than
// limit bytes was refused.
type pasteRefusedMsg struct{ limit int }

// seqKind is the kind of an escape sequence, by what can end it.
type seqKind int

const (
	kindOther  seqKind = iota // a key, ESC alone, UTF-8: a few bytes at most
	kindString                // OSC, DCS, APC, PM, SOS: data up to a terminator
	kindCSI                   // CSI: parameter bytes up to a final byte
)

// kindOf is the kind of the sequence b starts with.
func kindOf(b []byte) seqKind {
	if len(b) == 0 {
		return kindOther
	}
	switch b[0] {
	case ansi.ESC:
		if len(b) < 2 {
			return kindOther
		}
		switch b[1] {
		case ']', 'P', '_', '^', 'X':
			return kindString
		case '[':
			return kindCSI
		}
	case ansi.OSC, ansi.DCS, ansi.APC, ansi.PM, ansi.SOS:
		return kindString
	case ansi.CSI:
		return kindCSI
	}
	return kindOther
}

// endOf is the index of the first byte of b that can end a sequence of
// kind k (as the decoder ends them), or -1. Any byte may end kindOther.
func endOf(k seqKind, b []byte) int {
	for i, c := range b {
		switch k {
		case kindString:
			switch c {
			case ansi.BEL, ansi.ESC, ansi.ST, ansi.CAN, ansi.SUB:
				return i
			}
		case kindCSI:
			if c < 0x20 || c > 0x3f { // not a parameter or intermediate byte
				return i
			}
		default:
			return i
		}
	}
	return -1
}

// inputDecoder turns the bytes a client types into input events.
type inputDecoder struct {
	dec      uv.EventDecoder
	maxPaste int

	buf []byte // read and not decoded yet

	// Inside a bracketed paste: what it holds, and whether it went over
	// maxPaste (then the rest is dropped up to its end).
	inPaste bool
	paste   []byte
	refused bool

	// An escape sequence at the start of buf waits for its end; nothing
	// in buf[:checked] can end it.
	waiting bool
	kind    seqKind
	checked int

	// A sequence longer than maxSequence is being dropped up to its end;
	// droppedESC: its last byte dropped was an ESC, maybe of ST (ESC \).
	dropping   bool
	dropKind   seqKind
	droppedESC bool

	// For tests: bytes looked at, and the most input held at once.
	scanned, peak atomic.Int64
}

// newInputDecoder decodes input, taking pastes of up to maxPaste bytes.
func newInputDecoder(maxPaste int) *inputDecoder {
	return &inputDecoder{maxPaste: maxPaste}
}

// scan decodes what it can of the buffered bytes; expired says the bytes
// have waited escTimeout, so an incomplete sequence is taken as it is.
func (d *inputDecoder) scan(expired bool, emit func(uv.Event)) {
	store := d.buf // buf starts at the start of its array here
	for len(d.buf) > 0 {
		var more bool
		switch {
		case d.dropping:
			more = d.drop()
		case d.inPaste:
			more = d.scanPaste(expired, emit)
		default:
			more = d.scanKeys(expired, emit)
		}
		if !more {
			break
		}
	}
	// What is left moves to the front, so the array is reused.
	d.buf = append(store[:0], d.buf...)
	if held := int64(len(d.buf) + len(d.paste)); held > d.peak.Load() {
		d.peak.Store(held)
	}
}

// scanKeys decodes keys and replies outside a paste. It returns true when
// it left that state (a paste started, a sequence is being dropped) with
// bytes left to scan in the new one.
func (d *inputDecoder) scanKeys(expired bool, emit func(uv.Event)) bool {
	if d.waiting && !expired {
		if endOf(d.kind, d.buf[d.checked:]) < 0 {
			// Nothing came that could end the sequence: decoding it
			// again would find what it found before.
			d.scanned.Add(int64(len(d.buf) - d.checked))
			d.checked = len(d.buf)
			return d.tooLong(emit)
		}
	}
	d.waiting = false
	for len(d.buf) > 0 {
		buf := d.buf
		esc := buf[0] == ansi.ESC
		n, ev := d.dec.Decode(buf)
		d.scanned.Add(int64(n))
		if n == 0 {
			if expired {
				d.buf = buf[1:] // undecodable: drop a byte rather than stop
				continue
			}
			ev = uv.UnknownEvent(buf)
		}
		_, unknown := ev.(uv.UnknownEvent)
		// A CSI the decoder gave up on before the end of the bytes met a
		// byte that cannot belong to it: it is over, not incomplete.
		brokenCSI := unknown && n > 0 && n < len(buf) && kindOf(buf) == kindCSI
		if !expired && (unknown && !brokenCSI || esc && n <= 2 && !unknown) {
			// An incomplete sequence, or ESC and at most one byte (maybe
			// the start of one): wait for the rest.
			d.waiting, d.kind, d.checked = true, kindOf(buf), len(buf)
			return d.tooLong(emit)
		}
		d.buf = buf[n:]
		switch e := ev.(type) {
		case uv.PasteStartEvent:
			emit(ev)
			d.inPaste, d.refused, d.paste = true, false, d.paste[:0]
			return true
		case uv.PasteEndEvent:
			// An end without a start: an empty paste, as Bubble Tea's
			// own reader gives.
			emit(uv.PasteEvent{})
			emit(ev)
		case uv.MultiEvent:
			for _, m := range e {
				emit(m)
			}
		default:
			emit(ev)
		}
	}
	return false
}

// tooLong handles a waiting sequence that grew past maxSequence: a string
// or CSI sequence is dropped, with the rest of it as it comes; anything
// else is taken as it is.
func (d *inputDecoder) tooLong(emit func(uv.Event)) bool {
	if len(d.buf) <= maxSequence {
		return false
	}
	d.waiting = false
	if d.kind == kindOther {
		d.scanKeys(true, emit)
		return len(d.buf) > 0
	}
	d.dropping, d.dropKind = true, d.kind
	d.buf = d.buf[len(d.buf):]
	return false
}

// drop drops the rest of an oversized sequence, up to and with its end.
// It returns true when the sequence is over.
func (d *inputDecoder) drop() bool {
	buf := d.buf
	if d.droppedESC {
		if buf[0] == '\\' {
			buf = buf[1:]
		}
		d.buf, d.dropping, d.droppedESC = buf, false, false
		return true
	}
	i := endOf(d.dropKind, buf)
	if i < 0 {
		d.scanned.Add(int64(len(buf)))
		d.buf = buf[len(buf):]
		return false
	}
	d.scanned.Add(int64(i + 1))
	c := buf[i]
	d.buf = buf[i+1:]
	switch {
	case d.dropKind == kindString && c == ansi.ESC:
		d.droppedESC = true
		return len(d.buf) > 0
	case d.dropKind == kindCSI && (c < 0x40 || c > 0x7e):
		// Not a final byte: not part of the sequence.
		d.buf = buf[i:]
	}
	d.dropping = false
	return true
}

// scanPaste gathers a bracketed paste up to its end marker. It returns
// true when the paste ended with bytes left to scan.
func (d *inputDecoder) scanPaste(expired bool, emit func(uv.Event)) bool {
	buf := d.buf
	if i := bytes.Index(buf, pasteEnd); i >= 0 {
		d.scanned.Add(int64(i + len(pasteEnd)))
		d.take(buf[:i], emit)
		if !d.refused {
			emit(uv.PasteEvent{Content: validUTF8(d.paste)})
		}
		emit(uv.PasteEndEvent{})
		d.inPaste, d.refused = false, false
		if cap(d.paste) > inputRead {
			d.paste = nil // a big paste's buffer is not kept
		}
		d.paste = d.paste[:0]
		d.buf = buf[i+len(pasteEnd):]
		return true
	}
	d.scanned.Add(int64(len(buf)))
	keep := 0
	if !expired {
		keep = markerStart(buf)
	}
	d.take(buf[:len(buf)-keep], emit)
	d.buf = buf[len(buf)-keep:]
	return false
}

// markerStart is the length of the longest end of b that is the start of
// the paste end marker: it waits for the rest.
func markerStart(b []byte) int {
	for k := min(len(b), len(pasteEnd)-1); k > 0; k-- {
		if bytes.Equal(b[len(b)-k:], pasteEnd[:k]) {
			return k
		}
	}
	return 0
}

// take adds b to the paste, unless that makes it longer than maxPaste:
// then the paste is refused, the session told, and the rest dropped.
func (d *inputDecoder) take(b []byte, emit func(uv.Event)) {
	if d.refused {
		return
	}
	if len(d.paste)+len(b) > d.maxPaste {
		d.refused, d.paste = true, nil
		emit(pasteRefusedMsg{limit: d.maxPaste})
		return
	}
	d.paste = append(d.paste, b...)
}

// validUTF8 is the pasted bytes as text, invalid bytes dropped.
func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]rune, 0, len(b))
	for len(b) > 0 {
		r, w := utf8.DecodeRune(b)
		if r != utf8.RuneError {
			out = append(out, r)
		}
		b = b[w:]
	}
	return string(out)
}

// readInput reads r (the session) until it ends or ctx is done, decoding
// its bytes and handing each event to send (the program's Send). Bytes
// that may start a longer sequence wait up to esc (escTimeout) for the rest.
func readInput(ctx context.Context, r io.Reader, d *inputDecoder, esc time.Duration, send func(uv.Event)) {
	chunks := make(chan []byte)
	go func() {
		defer close(chunks)
		budget := newByteBudget(inputRate(d.maxPaste), time.Now())
		for {
			b := make([]byte, inputRead)
			n, err := r.Read(b)
			if n > 0 {
				if wait := budget.take(n, time.Now()); wait > 0 {
					t := time.NewTimer(wait)
					select {
					case <-t.C:
					case <-ctx.Done():
						t.Stop()
						return
					}
				}
				select {
				case chunks <- b[:n]:
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	wait := time.NewTimer(time.Hour)
	wait.Stop()
	defer wait.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case b, ok := <-chunks:
			if !ok {
				d.scan(true, send)
				return
			}
			d.buf = append(d.buf, b...)
			d.scan(false, send)
			wait.Stop()
			if len(d.buf) > 0 {
				wait.Reset(esc)
			}
		case <-wait.C:
			d.scan(true, send)
		}
	}
}

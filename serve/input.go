package serve

import (
	"context"
	"io"
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

// inputDecoder turns the bytes a client types into input events.
type inputDecoder struct {
	dec   uv.EventDecoder
	buf   []byte
	paste []byte // inside a bracketed paste; nil outside
}

// scan decodes what it can of the buffered bytes; expired says the bytes
// have waited escTimeout, so an incomplete sequence is taken as it is.
func (d *inputDecoder) scan(expired bool, emit func(uv.Event)) {
	buf := d.buf
	for len(buf) > 0 {
		esc := buf[0] == ansi.ESC
		n, ev := d.dec.Decode(buf)
		if n == 0 {
			break
		}
		if d.paste != nil {
			if _, end := ev.(uv.PasteEndEvent); !end {
				if !expired {
					if _, unknown := ev.(uv.UnknownEvent); unknown || esc && n <= 2 {
						break // maybe the start of the end marker: wait
					}
				}
				d.paste = append(d.paste, buf[:n]...)
				buf = buf[n:]
				continue
			}
		}
		if _, unknown := ev.(uv.UnknownEvent); unknown && !expired {
			break // an incomplete sequence: wait for the rest
		}
		if esc && n <= 2 && !expired {
			if _, unknown := ev.(uv.UnknownEvent); !unknown {
				break // ESC alone, or ESC and one byte: maybe a sequence
			}
		}
		switch e := ev.(type) {
		case uv.PasteStartEvent:
			d.paste = []byte{}
			emit(ev)
		case uv.PasteEndEvent:
			emit(uv.PasteEvent{Content: validUTF8(d.paste)})
			emit(ev)
			d.paste = nil
		case uv.MultiEvent:
			for _, m := range e {
				emit(m)
			}
		default:
			emit(ev)
		}
		buf = buf[n:]
	}
	d.buf = append(d.buf[:0], buf...)
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
// its bytes and handing each event to send (the program's Send).
func readInput(ctx context.Context, r io.Reader, send func(uv.Event)) {
	chunks := make(chan []byte)
	go func() {
		defer close(chunks)
		for {
			b := make([]byte, 1024)
			n, err := r.Read(b)
			if n > 0 {
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
	var d inputDecoder
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
				wait.Reset(escTimeout)
			}
		case <-wait.C:
			d.scan(true, send)
		}
	}
}

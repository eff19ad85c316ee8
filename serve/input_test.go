package serve

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	uv "github.com/charmbracelet/ultraviolet"
)

// inputs are what clients type: keys, modified keys, legacy and CSI u
// sequences, mouse reports, a paste, terminal replies, text.
var inputs = []string{
	"j", "jk", "\r", "\x1b", "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D", "\x1b[Z", "\x1bj", "\x03", "\x13", "\x7f",
	"\t", "G", "é", "日本語", "👍🏽", "\x1b[<0;10;5M", "\x1b[<0;10;5m", "\x1b[<64;10;5M", "\x1b[<65;3;4M",
	"\x1b[200~hello\r\nworld\t日本\x1b[201~", "\x1b[200~\x1b[A not a key\x1b[201~",
	"\x1b]11;rgb:ffff/ffff/ffff\x07", "\x1b]11;rgb:0000/0000/0000\x1b\\",
	"\x1b[5~", "\x1b[6~", "\x1b[H", "\x1b[F", "\x1b[1~", "\x1b[4~", "\x1bOA", "\x1bOP", "\x1b[1;5A", "\x1b[1;3C",
	"\x1b[13;2u", "\x1b[115;5u", "\x1b[27;5;115~", "\x1b[3~", "\x00", "abc\x1b", "\x1b[I", "\x1b[O",
	"\x1b[?2026;2$y", "\x1b[?1u", "q?/n",
}

// readAll is readInput with the escape timeout used in a session and a
// decoder of the default limits.
func readAll(ctx context.Context, r io.Reader, emit func(uv.Event)) {
	readInput(ctx, r, newInputDecoder(DefaultLimits().MaxPaste), escTimeout, emit)
}

// eventsOf feeds input to a decoder through a pipe, all at once, then ends
// the input, and returns the events the decoder gave by the time it
// returned. At the end of its input a decoder takes what it holds as it
// would once the escape timeout had passed (an ESC is the escape key, an
// incomplete sequence is taken as it is), so no test waits for the timeout.
func eventsOf(t *testing.T, input string, run func(ctx context.Context, r io.Reader, emit func(uv.Event))) []string {
	t.Helper()
	pr, pw := io.Pipe()
	var got []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		run(context.Background(), pr, func(ev uv.Event) { got = append(got, fmt.Sprintf("%T%+v", ev, ev)) })
	}()
	if _, err := io.WriteString(pw, input); err != nil {
		t.Error(err)
	}
	_ = pw.Close()
	<-done
	return got
}

// Bubble Tea's own input reader (ultraviolet's TerminalReader, with its
// table of legacy sequences) and readInput decode every input the same way.
func TestReadInputMatchesTerminalReader(t *testing.T) {
	t.Parallel()
	theirs := func(ctx context.Context, r io.Reader, emit func(uv.Event)) {
		ch := make(chan uv.Event, 64)
		go func() {
			_ = uv.NewTerminalReader(r, "xterm-256color").StreamEvents(ctx, ch)
			close(ch)
		}()
		for ev := range ch {
			emit(ev)
		}
	}
	for _, in := range inputs {
		want, got := eventsOf(t, in, theirs), eventsOf(t, in, readAll)
		if len(want) == 0 {
			t.Errorf("%q: the terminal reader gave nothing", in)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q:\n got %v\nwant %v", in, got, want)
		}
	}
}

// A sequence that arrives in pieces (a slow link) decodes as one that
// arrived whole, as long as the pieces come within the escape timeout
// (here an hour, so that they always do).
func TestReadInputInPieces(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"\x1b[A", "\x1b[<0;10;5M", "\x1b[200~pasted text\x1b[201~", "\x1b]11;rgb:ffff/ffff/ffff\x07", "日本", "\x1bj"} {
		whole := eventsOf(t, in, readAll)
		got := eventsOf(t, in, func(ctx context.Context, r io.Reader, emit func(uv.Event)) {
			readInput(ctx, byteReader{r}, newInputDecoder(DefaultLimits().MaxPaste), time.Hour, emit)
		})
		if fmt.Sprint(got) != fmt.Sprint(whole) {
			t.Errorf("%q in pieces:\n got %v\nwant %v", in, got, whole)
		}
	}
}

// byteReader reads one byte at a time: each byte reaches the decoder as a
// piece of its own.
type byteReader struct{ r io.Reader }

func (b byteReader) Read(p []byte) (int, error) { return b.r.Read(p[:min(len(p), 1)]) }

// An ESC that nothing follows within the escape timeout is the escape key,
// and a key typed after that is a key of its own, not alt and that key.
func TestReadInputEscapeTimeout(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	events := make(chan string, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		readAll(context.Background(), pr, func(ev uv.Event) { events <- fmt.Sprintf("%T%+v", ev, ev) })
	}()
	if _, err := io.WriteString(pw, "\x1b"); err != nil {
		t.Fatal(err)
	}
	var got []string
	select { // the decoder's own timer ends this wait
	case ev := <-events:
		got = append(got, ev)
	case <-time.After(eventLimit):
		t.Fatal("a lone ESC never became a key")
	}
	if _, err := io.WriteString(pw, "j"); err != nil {
		t.Fatal(err)
	}
	_ = pw.Close()
	<-done
	close(events)
	for ev := range events {
		got = append(got, ev)
	}
	want := append(eventsOf(t, "\x1b", readAll), eventsOf(t, "j", readAll)...)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ESC, a pause, j:\n got %v\nwant %v", got, want)
	}
	if joined := eventsOf(t, "\x1bj", readAll); fmt.Sprint(joined) == fmt.Sprint(want) {
		t.Fatalf("ESC j at once decodes as ESC and j apart (%v): this test shows nothing", joined)
	}
}

// decodeAll feeds chunks to d as readInput would (inputRead bytes at a
// time, no pause), then lets the escape timeout pass, and returns the
// events.
func decodeAll(d *inputDecoder, chunks ...string) []string {
	var got []string
	emit := func(ev uv.Event) { got = append(got, fmt.Sprintf("%T%+v", ev, ev)) }
	for _, c := range chunks {
		for len(c) > 0 {
			n := min(len(c), inputRead)
			d.buf = append(d.buf, c[:n]...)
			d.scan(false, emit)
			c = c[n:]
		}
	}
	d.scan(true, emit)
	return got
}

// keys is the events of typing s on its own.
func keys(s string) []string {
	return decodeAll(newInputDecoder(DefaultLimits().MaxPaste), s)
}

// Hostile input: sequences that never end or end too late, pastes over
// the limit. The input held stays under the limits, each byte is looked
// at a bounded number of times, and what follows decodes as it would alone.
func TestInputLimits(t *testing.T) {
	t.Parallel()
	const limit = 8 << 10
	big := strings.Repeat("a", 100<<10)
	digits := strings.Repeat("1", 100<<10)
	for _, tc := range []struct {
		name   string
		chunks []string
		want   []string
	}{
		{"OSC past the limit", []string{"\x1b]11;" + big, "\x07", "j"}, keys("j")},
		{"OSC ended by ST in two reads", []string{"\x1b]99;" + big + "\x1b", "\\j"}, keys("j")},
		{"DCS past the limit", []string{"\x1bP" + big + "\x1b\\", "k"}, keys("k")},
		{"APC never ended", []string{"\x1b_" + big}, nil},
		{"CSI of endless digits", []string{"\x1b[" + digits + "A", "k"}, keys("k")},
		{"CSI of digits ended by a control", []string{"\x1b[" + digits + "\r"}, keys("\r")},
		{"OSC under the limit", []string{"\x1b]11;rgb:ffff/ffff/ffff", "\x07"}, keys("\x1b]11;rgb:ffff/ffff/ffff\x07")},
		{"paste at the limit", []string{"\x1b[200~" + strings.Repeat("p", limit) + "\x1b[201~"}, keys("\x1b[200~" + strings.Repeat("p", limit) + "\x1b[201~")},
		{"paste over the limit", []string{"\x1b[200~" + big + "\x1b[201~j"},
			append([]string{"uv.PasteStartEvent{}", "serve.pasteRefusedMsg{limit:8192}", "uv.PasteEndEvent{}"}, keys("j")...)},
		{"paste never ended", []string{"\x1b[200~" + big + big},
			[]string{"uv.PasteStartEvent{}", "serve.pasteRefusedMsg{limit:8192}"}},
		{"paste end marker split", []string{"\x1b[200~ab\x1b[2", "01~c"}, keys("\x1b[200~ab\x1b[201~c")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newInputDecoder(limit)
			in := 0
			for _, c := range tc.chunks {
				in += len(c)
			}
			got := decodeAll(d, tc.chunks...)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("events\n got %.300v\nwant %.300v", got, tc.want)
			}
			if peak := d.peak.Load(); peak > limit+maxSequence+inputRead {
				t.Errorf("held %d bytes of input", peak)
			}
			if s := d.scanned.Load(); s > 2*int64(in) {
				t.Errorf("looked at %d bytes for %d", s, in)
			}
		})
	}
}

// The input budget lets a burst of its rate through at once, then makes a
// reader wait as long as the bytes past it take at the rate.
func TestByteBudget(t *testing.T) {
	t.Parallel()
	now := time.Unix(1000, 0)
	b := newByteBudget(1000, now)
	if w := b.take(1000, now); w != 0 {
		t.Fatalf("the burst waits %s", w)
	}
	if w := b.take(500, now); w != 500*time.Millisecond {
		t.Fatalf("500 bytes past the burst wait %s, want 500ms", w)
	}
	now = now.Add(2 * time.Second) // the debt is paid, the bucket full again
	if w := b.take(1000, now); w != 0 {
		t.Fatalf("after a pause: wait %s", w)
	}
	if got := inputRate(1 << 20); got != 2<<20 {
		t.Fatalf("rate for a 1 MiB paste limit: %v, want twice the limit", got)
	}
}

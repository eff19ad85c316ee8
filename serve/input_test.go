package serve

import (
	"context"
	"fmt"
	"io"
	"sync"
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

// eventsOf feeds input to a decoder through a pipe, all at once, and returns
// the events it gives once the escape timeout has passed.
func eventsOf(t *testing.T, input string, run func(ctx context.Context, r io.Reader, emit func(uv.Event))) []string {
	t.Helper()
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var got []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		run(ctx, pr, func(ev uv.Event) {
			mu.Lock()
			got = append(got, fmt.Sprintf("%T%+v", ev, ev))
			mu.Unlock()
		})
	}()
	if _, err := io.WriteString(pw, input); err != nil {
		t.Error(err)
	}
	time.Sleep(4 * escTimeout)
	cancel()
	_ = pw.Close()
	<-done
	mu.Lock()
	defer mu.Unlock()
	return got
}

// Bubble Tea's own input reader (ultraviolet's TerminalReader, with its
// table of legacy sequences) and readInput decode every input the same way.
func TestReadInputMatchesTerminalReader(t *testing.T) {
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
	// All at once: each waits out the escape timeout, not the CPU.
	want, got := make([][]string, len(inputs)), make([][]string, len(inputs))
	var wg sync.WaitGroup
	for i, in := range inputs {
		wg.Go(func() { want[i] = eventsOf(t, in, theirs) })
		wg.Go(func() { got[i] = eventsOf(t, in, readInput) })
	}
	wg.Wait()
	for i, in := range inputs {
		if len(want[i]) == 0 {
			t.Errorf("%q: the terminal reader gave nothing", in)
		}
		if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
			t.Errorf("%q:\n got %v\nwant %v", in, got[i], want[i])
		}
	}
}

// A sequence that arrives in pieces (a slow link) decodes as one that
// arrived whole, as long as the pieces come within the escape timeout.
func TestReadInputInPieces(t *testing.T) {
	for _, in := range []string{"\x1b[A", "\x1b[<0;10;5M", "\x1b[200~pasted text\x1b[201~", "\x1b]11;rgb:ffff/ffff/ffff\x07", "日本"} {
		whole := eventsOf(t, in, readInput)
		pr, pw := io.Pipe()
		ctx, cancel := context.WithCancel(context.Background())
		var got []string
		done := make(chan struct{})
		go func() {
			defer close(done)
			readInput(ctx, pr, func(ev uv.Event) { got = append(got, fmt.Sprintf("%T%+v", ev, ev)) })
		}()
		for i := 0; i < len(in); i++ {
			if _, err := pw.Write([]byte{in[i]}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(escTimeout / 10)
		}
		time.Sleep(4 * escTimeout)
		cancel()
		_ = pw.Close()
		<-done
		if fmt.Sprint(got) != fmt.Sprint(whole) {
			t.Errorf("%q in pieces:\n got %v\nwant %v", in, got, whole)
		}
	}
}

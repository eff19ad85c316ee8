package serve

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// emulator is a real terminal emulator (charmbracelet/x/vt) the painter's
// output is played into.
type emulator struct {
	*vt.Emulator
}

func newEmulator(t *testing.T, w, h int) emulator {
	e := vt.NewEmulator(w, h)
	// The emulator answers queries (the session's background query) into a
	// pipe, which blocks its Write until someone reads. The reader is left
	// blocked when the test ends: Close would race with it (vt's closed flag
	// is not synchronised).
	go func() { _, _ = io.Copy(io.Discard, e) }()
	return emulator{e}
}

// rows is the screen's text, one string per row, trailing blanks dropped.
func (e emulator) rows() []string {
	var out []string
	for y := range e.Height() {
		var b strings.Builder
		for x := 0; x < e.Width(); x++ {
			c := e.CellAt(x, y)
			switch {
			case c == nil || c.Content == "" && c.Width == 0:
				// The second cell of a wide character.
			case c.Content == "":
				b.WriteByte(' ')
			default:
				b.WriteString(c.Content)
			}
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

var testWords = []string{"brief", "why", "it", "matters", "東京", "café", "next", "—", "know", "ナ", "§", "ok"}

// randomLine is a line of at most w cells of plain and coloured words, with
// the cells that are coloured.
func randomLine(r *rand.Rand, w int) (string, []bool) {
	var b strings.Builder
	var styled []bool
	for len(styled) < w {
		word := testWords[r.IntN(len(testWords))]
		if r.IntN(4) == 0 {
			word = " "
		}
		ww := ansi.StringWidth(word)
		if len(styled)+ww > w {
			break
		}
		if r.IntN(3) == 0 && word != " " {
			fg := fmt.Sprintf("\x1b[38;2;%d;%d;%dm", 50+r.IntN(200), r.IntN(256), r.IntN(256))
			if r.IntN(2) == 0 {
				fg += "\x1b[48;2;10;20;30m"
			}
			b.WriteString(fg + word + ansi.ResetStyle)
			for range ww {
				styled = append(styled, true)
			}
		} else {
			b.WriteString(word)
			for range ww {
				styled = append(styled, false)
			}
		}
	}
	return b.String(), styled
}

// TestPainterMatchesFrames plays random frames, edits and resizes through
// the painter into a terminal emulator: after every frame the screen holds
// exactly the frame's text, coloured cells where the frame colours them and
// nowhere else (no style leaks from a line that was not repainted).
func TestPainterMatchesFrames(t *testing.T) {
	t.Parallel()
	for seed := range uint64(20) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			w, h := 10+r.IntN(50), 3+r.IntN(12)
			emu := newEmulator(t, w, h)
			p := makePainter(emu, colorprofile.TrueColor)
			lines := make([]string, h)
			styles := make([][]bool, h)
			for y := range lines {
				lines[y], styles[y] = randomLine(r, w)
			}
			for step := range 40 {
				switch k := r.IntN(10); {
				case k == 0: // the client resized its window
					w, h = 10+r.IntN(50), 3+r.IntN(12)
					emu.Resize(w, h)
					lines, styles = make([]string, h), make([][]bool, h)
					for y := range lines {
						lines[y], styles[y] = randomLine(r, w)
					}
				case k < 3: // scrolled: every line moves up
					copy(lines, lines[1:])
					copy(styles, styles[1:])
					lines[h-1], styles[h-1] = randomLine(r, w)
				default: // a few lines changed (a cursor moved)
					for range 1 + r.IntN(3) {
						y := r.IntN(h)
						lines[y], styles[y] = randomLine(r, w)
					}
				}
				p.draw(frame{content: strings.Join(lines, "\n"), width: w, height: h, altScreen: true,
					mouse: tea.MouseModeCellMotion, title: "briefing"})
				got := emu.rows()
				for y := range h {
					if want := strings.TrimRight(ansi.Strip(lines[y]), " "); got[y] != want {
						t.Fatalf("step %d row %d:\n got %q\nwant %q", step, y, got[y], want)
					}
					x := 0
					for _, st := range styles[y] {
						c := emu.CellAt(x, y)
						if coloured := c != nil && c.Style.Fg != nil; coloured != st && c != nil && c.Content != " " && c.Content != "" {
							t.Fatalf("step %d row %d col %d (%q): coloured %v, want %v", step, y, x, c.Content, coloured, st)
						}
						x++
					}
					for ; x < w; x++ {
						if c := emu.CellAt(x, y); c != nil && c.Style.Bg != nil {
							t.Fatalf("step %d row %d col %d: background past the line's end", step, y, x)
						}
					}
				}
			}
			if !emu.IsAltScreen() || !emu.CursorHidden() {
				t.Fatalf("during the session: alt screen %v, cursor hidden %v", emu.IsAltScreen(), emu.CursorHidden())
			}
			p.restore()
			if emu.IsAltScreen() || emu.CursorHidden() {
				t.Fatalf("after restore: alt screen %v, cursor hidden %v", emu.IsAltScreen(), emu.CursorHidden())
			}
		})
	}
}

// A frame that changes one line repaints that line only.
func TestPainterRepaintsChangedLines(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	p := makePainter(&out, colorprofile.TrueColor)
	lines := []string{"one", "two", "three", "four"}
	f := frame{content: strings.Join(lines, "\n"), width: 20, height: 4, altScreen: true}
	p.draw(f)
	out.Reset()
	p.draw(f)
	if out.Len() != 0 {
		t.Fatalf("an unchanged frame wrote %q", out.String())
	}
	lines[2] = "THREE"
	f.content = strings.Join(lines, "\n")
	out.Reset()
	p.draw(f)
	if moves := cursorMoves.FindAllString(out.String(), -1); len(moves) != 1 || moves[0] != "\x1b[3;1H" {
		t.Fatalf("one changed line: moves %q", moves)
	}
}

// Colours are converted to the client's profile; with no colour at all
// (NO_COLOR, a dumb terminal) the screen still has every line in place.
func TestPainterColourProfiles(t *testing.T) {
	t.Parallel()
	line := "\x1b[38;2;200;30;40mred\x1b[m plain \x1b[1mbold\x1b[m"
	content := line + "\n" + "second"
	for _, tc := range []struct {
		profile     colorprofile.Profile
		want, avoid string
	}{
		{colorprofile.TrueColor, "38;2;200;30;40", ""},
		{colorprofile.ANSI256, "38;5;", "38;2;"},
		{colorprofile.ANSI, "\x1b[91m", "38;"},
		{colorprofile.ASCII, "red", "38;"},
		{colorprofile.NoTTY, "red", "38;"},
	} {
		var out bytes.Buffer
		emu := newEmulator(t, 30, 3)
		p := makePainter(io.MultiWriter(&out, emu), tc.profile)
		p.draw(frame{content: content, width: 30, height: 3, altScreen: true})
		s := out.String()
		if !strings.Contains(s, tc.want) || tc.avoid != "" && strings.Contains(s, tc.avoid) {
			t.Errorf("%v: output %q: want %q, not %q", tc.profile, s, tc.want, tc.avoid)
		}
		if rows := emu.rows(); rows[0] != "red plain bold" || rows[1] != "second" {
			t.Errorf("%v: screen %q", tc.profile, rows)
		}
		if c := emu.CellAt(0, 0); tc.profile >= colorprofile.ANSI && (c == nil || c.Style.Fg == nil) {
			t.Errorf("%v: no colour on screen", tc.profile)
		}
	}
}

// A line wider than the terminal (the model and the client disagree on a
// character's width) is cut at the edge: it never wraps onto the next line
// or scrolls the screen (with wrapping off, the terminal writes the rest of
// the line over its last cell).
func TestPainterNeverWraps(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, 10, 3)
	p := makePainter(emu, colorprofile.TrueColor)
	p.draw(frame{content: "first\nsecond\n0123456789ABCDEF", width: 10, height: 3, altScreen: true})
	if rows := emu.rows(); rows[0] != "first" || rows[1] != "second" || !strings.HasPrefix(rows[2], "012345678") || len(rows[2]) != 10 {
		t.Fatalf("screen %q", rows)
	}
}

// The terminal's modes follow the view, and restore undoes all of them.
func TestPainterModes(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	p := makePainter(&out, colorprofile.TrueColor)
	p.draw(frame{content: "x", width: 10, height: 2, altScreen: true, mouse: tea.MouseModeCellMotion, title: "briefing: one",
		kittyFlags: kittyFlags(tea.KeyboardEnhancements{})})
	s := out.String()
	for _, want := range []string{ansi.SetModeAltScreenSaveCursor, ansi.HideCursor, ansi.SetModeMouseButtonEvent,
		ansi.SetModeMouseExtSgr, ansi.SetModeBracketedPaste, ansi.SetWindowTitle("briefing: one"), ansi.PushKittyKeyboard(1)} {
		if !strings.Contains(s, want) {
			t.Errorf("first frame lacks %q", want)
		}
	}
	out.Reset()
	p.draw(frame{content: "x", width: 10, height: 2, altScreen: true, mouse: tea.MouseModeCellMotion, title: "briefing: two"})
	if s := out.String(); strings.Contains(s, ansi.SetModeMouseButtonEvent) || !strings.Contains(s, ansi.SetWindowTitle("briefing: two")) {
		t.Errorf("second frame: %q", s)
	}
	out.Reset()
	p.restore()
	s = out.String()
	for _, want := range []string{ansi.ResetModeAltScreenSaveCursor, ansi.ShowCursor, ansi.ResetModeMouseButtonEvent,
		ansi.ResetModeBracketedPaste, ansi.SetModeAutoWrap, ansi.PopKittyKeyboard(1), ansi.SetWindowTitle("")} {
		if !strings.Contains(s, want) {
			t.Errorf("restore lacks %q", want)
		}
	}
}

// lockedEmulator is an emulator fed by a session's output goroutine and
// read by the test.
type lockedEmulator struct {
	mu    sync.Mutex
	emu   emulator
	wrote changes
}

func (l *lockedEmulator) Write(b []byte) (int, error) {
	l.mu.Lock()
	n, err := l.emu.Write(b)
	l.mu.Unlock()
	l.wrote.notify()
	return n, err
}

func (l *lockedEmulator) rows() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.emu.rows()
}

// waitScreen waits until ok holds for the screen's rows and returns them.
func (l *lockedEmulator) waitScreen(t *testing.T, what string, ok func(rows []string) bool) []string {
	t.Helper()
	var rows []string
	waitUntil(t, &l.wrote, func() bool { rows = l.rows(); return ok(rows) },
		func() string { return fmt.Sprintf("%s never on screen; screen:\n%s", what, strings.Join(rows, "\n")) })
	return rows
}

// waitRow waits until some row of the screen contains text.
func (l *lockedEmulator) waitRow(t *testing.T, text string) []string {
	t.Helper()
	return l.waitScreen(t, strconv.Quote(text), func(rows []string) bool { return countRows(rows, text) > 0 })
}

// A real session played into a terminal emulator: the library, then a
// brief, then the same brief after the client's window shrank, each one a
// clean screen (one header row, nothing wider than the window), and the
// terminal given back at the end.
func TestSessionScreen(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts := startServer(t, []gossh.Signer{k}, nil)
	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	screen := &lockedEmulator{emu: newEmulator(t, 80, 24)}
	sess.Stdout = screen
	in, _ := sess.StdinPipe()
	if err := sess.RequestPty("xterm-256color", 24, 80, nil); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()

	title := firstTitle(t)
	rows := screen.waitRow(t, title)
	if !strings.Contains(rows[0], "Briefing") {
		t.Fatalf("library: first row %q, want the header", rows[0])
	}
	_, _ = io.WriteString(in, "\r")
	rows = screen.waitRow(t, "1 Lead")
	if n := countRows(rows, title); n != 1 {
		t.Fatalf("reader: the title is on %d rows:\n%s", n, strings.Join(rows, "\n"))
	}

	screen.mu.Lock()
	screen.emu.Resize(50, 16)
	screen.mu.Unlock()
	if err := sess.WindowChange(16, 50); err != nil {
		t.Fatal(err)
	}
	// The title no longer fits: the repainted screen cuts it with an
	// ellipsis, where the old one was merely cropped by the terminal.
	rows = screen.waitScreen(t, "the repaint at 50x16", func(rows []string) bool {
		return len(rows) == 16 && strings.Contains(rows[0], "…") && countRows(rows, "1 Lead") == 1
	})
	for i, r := range rows {
		if ansi.StringWidth(r) > 50 {
			t.Fatalf("row %d is %d cells wide in a 50-column window: %q", i, ansi.StringWidth(r), r)
		}
	}

	_, _ = io.WriteString(in, "\x03")
	select {
	case <-done:
	case <-time.After(eventLimit):
		t.Fatalf("the session did not end; screen:\n%s", strings.Join(screen.rows(), "\n"))
	}
	screen.mu.Lock()
	defer screen.mu.Unlock()
	if screen.emu.IsAltScreen() || screen.emu.CursorHidden() {
		t.Fatalf("terminal not given back: alt screen %v, cursor hidden %v", screen.emu.IsAltScreen(), screen.emu.CursorHidden())
	}
}

func countRows(rows []string, text string) int {
	n := 0
	for _, r := range rows {
		if strings.Contains(r, text) {
			n++
		}
	}
	return n
}

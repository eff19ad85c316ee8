package model

import (
	"image/color"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/ui"
	"github.com/charmbracelet/x/ansi"
)

func TestOpenJumpBackQuit(t *testing.T) {
	t.Parallel()
	lib := fxLibrary(5)
	h := newHarness(t, Options{Library: lib, Theme: "dark"}, 80, 24)
	if !strings.Contains(ansi.Strip(h.view()), "5 briefs") {
		t.Fatalf("library screen:\n%s", ansi.Strip(h.view()))
	}
	h.key("j", "enter")
	b := h.m.OpenBrief()
	if b == nil || b.ID != lib.Briefs()[1].ID {
		t.Fatalf("opened %v, want the second brief", b)
	}
	if !h.m.Reader().Ready() {
		t.Fatal("render did not arrive")
	}
	screen := ansi.Strip(h.view())
	if !strings.Contains(screen, "2/5") || !strings.Contains(screen, b.Title) {
		t.Fatalf("reader header:\n%s", screen)
	}
	h.key("5")
	r := h.m.Reader()
	if r.Current() != 4 {
		t.Fatalf("5 marked section %d", r.Current())
	}
	if want := min(r.Rendered().SectionStarts[4], len(r.Rendered().Lines)-(24-1-4)); r.YOffset() != want {
		t.Fatalf("5 scrolled to %d, want %d", r.YOffset(), want)
	}
	h.key("3")
	if r := h.m.Reader(); r.Current() != 2 || r.YOffset() != r.Rendered().SectionStarts[2] {
		t.Fatalf("3: section %d top %d", r.Current(), r.YOffset())
	}
	h.key("esc")
	if h.m.OpenBrief() != nil || h.m.ListComponent().Index() != 1 {
		t.Fatal("esc did not go back to the library with the brief selected")
	}
	h.key("enter", "q")
	if h.m.OpenBrief() != nil || h.quit {
		t.Fatal("q in the reader must go back, not quit")
	}
	h.key("q")
	if !h.quit {
		t.Fatal("q in the library did not quit")
	}
}

func TestCtrlCQuitsAnywhere(t *testing.T) {
	t.Parallel()
	for _, keys := range [][]string{{}, {"enter"}, {"enter", "t"}, {"?"}, {"w"}} {
		h := newHarness(t, Options{Library: fxLibrary(3)}, 80, 24)
		h.key(keys...)
		h.key("ctrl+c")
		if !h.quit {
			t.Fatalf("ctrl+c after %v did not quit", keys)
		}
	}
}

func TestTabFollowsScroll(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(3), Theme: "notty"}, 80, 24)
	h.key("enter")
	starts := h.m.Reader().Rendered().SectionStarts
	for h.m.Reader().YOffset() < starts[1] {
		if h.m.Reader().Current() != 0 {
			t.Fatalf("top %d above section 2: current %d", h.m.Reader().YOffset(), h.m.Reader().Current())
		}
		h.key("j")
	}
	if h.m.Reader().Current() != 1 {
		t.Fatalf("at section 2: current %d", h.m.Reader().Current())
	}
	if !strings.Contains(h.view(), "[2 Why]") {
		t.Fatalf("tab row does not mark Why:\n%s", h.view())
	}
	h.key("space", "space")
	top := h.m.Reader().YOffset()
	want := 0
	for i, s := range starts {
		if s <= top {
			want = i
		}
	}
	if h.m.Reader().Current() != want {
		t.Fatalf("top %d: current %d, want %d", top, h.m.Reader().Current(), want)
	}
	h.key("G")
	if h.m.Reader().Current() != len(starts)-1 {
		t.Fatalf("bottom: current %d", h.m.Reader().Current())
	}
	h.key("shift+tab")
	if h.m.Reader().Current() != len(starts)-2 {
		t.Fatalf("shift+tab from the last: current %d", h.m.Reader().Current())
	}
}

func TestNextPreviousBrief(t *testing.T) {
	t.Parallel()
	lib := fxLibrary(3)
	h := newHarness(t, Options{Library: lib}, 80, 24)
	h.key("enter", "ctrl+n")
	if b := h.m.OpenBrief(); b.ID != lib.Briefs()[1].ID || !h.m.Reader().Ready() {
		t.Fatalf("ctrl+n opened %s", b.ID)
	}
	if !strings.Contains(ansi.Strip(h.view()), "2/3") {
		t.Fatal("position not updated")
	}
	h.key("right")
	h.key("right") // past the end: stays, with a message
	if b := h.m.OpenBrief(); b.ID != lib.Briefs()[2].ID {
		t.Fatalf("right opened %s", b.ID)
	}
	if !strings.Contains(ansi.Strip(h.view()), "last brief") {
		t.Fatal("no message at the end of the library")
	}
	h.key("left", "ctrl+p")
	if b := h.m.OpenBrief(); b.ID != lib.Briefs()[0].ID {
		t.Fatalf("left, ctrl+p opened %s", b.ID)
	}
	h.key("esc")
	if h.m.ListComponent().Index() != 0 {
		t.Fatal("library selection does not follow the reader")
	}
}

func TestNeighboursPrerendered(t *testing.T) {
	t.Parallel()
	lib := fxLibrary(5)
	h := newHarness(t, Options{Library: lib}, 80, 24)
	h.key("j", "j", "enter")
	w := h.m.Reader().Width()
	for _, i := range []int{1, 2, 3} {
		if _, ok := h.m.cache.Get(lib.Briefs()[i], w, h.m.Theme()); !ok {
			t.Errorf("brief %d not cached after opening brief 2", i)
		}
	}
	if _, ok := h.m.cache.Get(lib.Briefs()[4], w, h.m.Theme()); ok {
		t.Error("brief 4 rendered although it is not a neighbour")
	}
	// The next brief opens from the cache: no command needed to show it.
	next, _ := h.m.Update(ui.StepBriefMsg{Delta: 1})
	if !next.(Model).Reader().Ready() {
		t.Fatal("the pre-rendered next brief was not shown at once")
	}
}

func TestStaleRenderDropped(t *testing.T) {
	t.Parallel()
	lib := fxLibrary(3)
	h := newHarness(t, Options{Library: lib, Theme: "dark"}, 80, 24)
	// Open the first brief but keep its render command instead of running it.
	next, cmd := h.m.Update(ui.OpenBriefMsg{ID: lib.Briefs()[0].ID})
	h.m = next.(Model)
	if cmd == nil || h.m.Reader().Ready() {
		t.Fatal("expected a pending render")
	}
	w := h.m.Reader().Width()
	// A render for another width arrives (the terminal was resized since).
	stale := ui.Rendered{ID: lib.Briefs()[0].ID, Hash: lib.Briefs()[0].Hash, Width: w + 7, Theme: "dark", Lines: []string{"stale"}, SectionStarts: []int{0, 0, 0, 0, 0}}
	h.send(renderedMsg{r: stale})
	if h.m.Reader().Ready() {
		t.Fatal("a render at another width was shown")
	}
	if _, ok := h.m.cache.Get(lib.Briefs()[0], stale.Width, "dark"); !ok {
		t.Fatal("a stale render was not cached")
	}
	// A render of another brief is not shown either.
	other := ui.Rendered{ID: lib.Briefs()[2].ID, Width: w, Theme: "dark", Lines: []string{"other"}}
	h.send(renderedMsg{r: other})
	if h.m.Reader().Ready() {
		t.Fatal("a render of another brief was shown")
	}
	// The real one is.
	h.run(cmd)
	if !h.m.Reader().Ready() || h.m.Reader().Rendered().Width != w {
		t.Fatal("the matching render was not shown")
	}
}

func TestWarningsOverlay(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(3), Theme: "notty"}, 80, 24)
	if !strings.Contains(h.view(), "3 warnings — press w") {
		t.Fatalf("status bar:\n%s", h.view())
	}
	h.key("w")
	if !h.m.WarningsOpen() {
		t.Fatal("w did not open the warnings")
	}
	v := h.view()
	requireFits(t, v, 80, 24)
	for _, want := range []string{"desk/broken.md", "binary file (NUL bytes)", "larger than 8 MiB"} {
		if !strings.Contains(v, want) {
			t.Fatalf("warning list lacks %q:\n%s", want, v)
		}
	}
	if strings.ContainsAny(v, "\x1b\x07") {
		t.Fatal("control characters from a path reached the screen")
	}
	h.key("j", "q") // q does not quit under an overlay
	if h.quit || !h.m.WarningsOpen() {
		t.Fatal("q under the warnings overlay")
	}
	h.key("esc")
	if h.m.WarningsOpen() {
		t.Fatal("esc did not close the warnings")
	}
}

func TestWarningsScroll(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(3), Theme: "notty"}, 80, 10) // room for five lines
	h.key("w")
	if strings.Contains(h.view(), "larger than 8 MiB") {
		t.Fatalf("test needs the last warning off screen:\n%s", h.view())
	}
	h.key("G")
	if !strings.Contains(h.view(), "larger than 8 MiB") {
		t.Fatalf("G did not scroll to the last warning:\n%s", h.view())
	}
}

func TestHelpOverlay(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(3), Theme: "notty"}, 100, 30)
	if !strings.Contains(h.view(), "? help") {
		t.Fatal("footer has no short help")
	}
	h.key("?")
	v := h.view()
	if !h.m.HelpOpen() || !strings.Contains(v, "warnings") || strings.Contains(v, "next brief") {
		t.Fatalf("library help:\n%s", v)
	}
	h.key("?")
	if h.m.HelpOpen() {
		t.Fatal("? did not close help")
	}
	h.key("enter", "?")
	v = h.view()
	for _, want := range []string{"section N", "next brief", "contents", "back"} {
		if !strings.Contains(v, want) {
			t.Fatalf("reader help lacks %q:\n%s", want, v)
		}
	}
	h.key("esc")
	if h.m.HelpOpen() || h.m.OpenBrief() == nil {
		t.Fatal("esc closes help only, the reader stays open")
	}
}

func TestEverySizeFits(t *testing.T) {
	t.Parallel()
	sizes := [][2]int{{40, 12}, {41, 13}, {80, 24}, {100, 30}, {133, 41}, {300, 80}, {20, 5}}
	states := []struct {
		name string
		keys []string
	}{
		{"library", nil},
		{"reader", []string{"enter"}},
		{"reader-bottom", []string{"enter", "G"}},
		{"toc", []string{"enter", "t"}},
		{"reader-help", []string{"enter", "?"}},
		{"warnings", []string{"w"}},
		{"help", []string{"?"}},
	}
	for _, theme := range []string{"dark", "ascii"} {
		for _, st := range states {
			h := newHarness(t, Options{Library: fxLibrary(30), Theme: theme}, 80, 24)
			h.key(st.keys...)
			for _, sz := range sizes {
				h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				requireFits(t, h.view(), sz[0], sz[1])
				h.advance(resizeDebounce) // and once rendered at that width
				requireFits(t, h.view(), sz[0], sz[1])
			}
		}
	}
}

func TestReaderCentredOnWideTerminals(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(3), Theme: "notty"}, 300, 80)
	h.key("enter")
	if w := h.m.Reader().Width(); w != maxReadingWidth {
		t.Fatalf("reading width %d", w)
	}
	title := strings.Split(h.view(), "\n")[0]
	if pad := len(title) - len(strings.TrimLeft(title, " ")); pad != 100 {
		t.Fatalf("reader column starts at %d, want 100", pad)
	}
	// The render follows the width, once it has held still for the
	// debounce.
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.advance(resizeDebounce - time.Millisecond)
	if r := h.m.Reader(); r.Rendered().Width == 60 {
		t.Fatal("re-rendered before the size held still")
	}
	h.advance(time.Millisecond)
	if r := h.m.Reader(); r.Rendered().Width != 60 || r.Width() != 60 {
		t.Fatalf("after resize: render width %d, reader %d", r.Rendered().Width, r.Width())
	}
}

func TestMouse(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(10), Theme: "notty"}, 300, 20)
	// Library: the list starts on the second line; rows are three lines.
	h.send(tea.MouseClickMsg{X: 4, Y: 1 + 3*2, Button: tea.MouseLeft})
	if h.m.ListComponent().Index() != 2 || h.m.OpenBrief() != nil {
		t.Fatalf("click selected %d", h.m.ListComponent().Index())
	}
	h.send(tea.MouseClickMsg{X: 4, Y: 1 + 3*2, Button: tea.MouseLeft})
	if h.m.OpenBrief() == nil {
		t.Fatal("click on the selected row did not open it")
	}
	// Reader: find the "3 Know" tab on screen and click it.
	lines := strings.Split(h.view(), "\n")
	y, x := -1, -1
	for i, l := range lines[:4] {
		if j := strings.Index(l, "3 Know"); j >= 0 {
			y, x = i, j
		}
	}
	if y < 0 {
		t.Fatalf("no tab row:\n%s", h.view())
	}
	h.send(tea.MouseClickMsg{X: x + 1, Y: y, Button: tea.MouseLeft})
	if h.m.Reader().Current() != 2 {
		t.Fatalf("click on Know: current %d", h.m.Reader().Current())
	}
	before := h.m.Reader().YOffset()
	h.send(tea.MouseWheelMsg{X: 150, Y: 10, Button: tea.MouseWheelDown})
	if top := h.m.Reader().YOffset(); top != before+3 {
		t.Fatalf("wheel: top %d, before %d, lines %d starts %v", top, before, len(h.m.Reader().Rendered().Lines), h.m.Reader().Rendered().SectionStarts)
	}
}

func TestBackgroundSwitchesTheme(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(3)}, 80, 24)
	if h.m.Theme() != "dark" {
		t.Fatalf("starts with %q before the terminal answers", h.m.Theme())
	}
	h.key("enter")
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if h.m.Theme() != "light" || h.m.Reader().Rendered().Theme != "light" {
		t.Fatalf("light background: theme %q, render %q", h.m.Theme(), h.m.Reader().Rendered().Theme)
	}
	fixed := newHarness(t, Options{Library: fxLibrary(3), Theme: "ascii"}, 80, 24)
	fixed.send(tea.BackgroundColorMsg{Color: color.White})
	if fixed.m.Theme() != "ascii" {
		t.Fatal("--theme was overridden by the background")
	}
	if New(Options{Theme: "notty"}).Init() == nil {
		t.Fatal("a fixed theme must still load")
	}
}

func TestNoControlSequencesFromBriefs(t *testing.T) {
	t.Parallel()
	lib := fxLibrary(2)
	b := lib.Briefs()[0]
	b.Title = "Evil\x1b]0;pwned\x07 title \x1b[2J\u202e"
	b.Source = "src\x9b1m"
	b.Sections[1].Body = "body \x1b[31mred\x1b[0m &#27;[2J &#x1b;]8;; text"
	h := newHarness(t, Options{Library: lib, Theme: "notty"}, 80, 24)
	if strings.ContainsAny(h.view(), "\x1b\x07\u009b\u202e") {
		t.Fatalf("library view: %q", h.view())
	}
	h.key("enter")
	for range 5 {
		if v := h.view(); strings.ContainsAny(v, "\x1b\x07\u009b\u202e") {
			t.Fatalf("reader view: %q", v)
		}
		h.key("space")
	}
	if strings.ContainsAny(h.m.View().WindowTitle, "\x1b\x07") {
		t.Fatal("window title")
	}
}

func TestLoadProgressAndFirstFrame(t *testing.T) {
	t.Parallel()
	m := New(Options{Paths: []string{t.TempDir()}, Theme: "notty"})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m = next.(Model)
	if v := m.View().Content; !strings.Contains(v, "Loading...") {
		t.Fatalf("first frame:\n%s", v)
	}
	l := &loader{tick: make(chan struct{}, 1), result: make(chan *briefs.Library, 1)}
	next, cmd := m.Update(loadProgressMsg{done: 3412, total: 10000, l: l})
	m = next.(Model)
	if v := m.View().Content; !strings.Contains(v, "Loading 3,412 / 10,000...") {
		t.Fatalf("progress:\n%s", v)
	}
	// The next wait delivers the library.
	l.result <- fxLibrary(4)
	next, _ = m.Update(cmd())
	if v := next.(Model).View().Content; !strings.Contains(v, "4 briefs") {
		t.Fatalf("after loading:\n%s", v)
	}
}

func TestLoadFromDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for i := range 20 {
		writeFile(t, dir, i)
	}
	h := newHarness(t, Options{Paths: []string{dir}, Theme: "notty", NoWatch: true}, 80, 24)
	if h.m.Library() == nil || h.m.Library().Len() != 20 {
		t.Fatalf("loaded %v", h.m.Library())
	}
	if !strings.Contains(h.view(), "20 briefs") {
		t.Fatalf("status:\n%s", h.view())
	}
}

// Keys typed right after enter in the library reach the brief it opens, even
// before any command has run: a terminal delivers "enter j" at once.
func TestEnterThenKeysReachTheBrief(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(3), Theme: "notty"}, 80, 24)
	var cmds []tea.Cmd
	for _, k := range []string{"enter", "j", "j"} {
		next, cmd := h.m.Update(keyMsg(k))
		h.m = next.(Model)
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		h.run(c)
	}
	if b := h.m.OpenBrief(); b == nil || b.ID != fxBrief(1).ID {
		t.Fatalf("enter opened %v, want the first brief", b)
	}
	if got := h.m.Reader().YOffset(); got != 2 {
		t.Fatalf("the brief opened at line %d, want 2: the j's went elsewhere", got)
	}
}

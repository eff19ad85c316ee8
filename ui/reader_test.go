package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// openReader returns a reader of size w x h showing b with a fixture render.
func openReader(theme string, b *briefs.Brief, w, h int) Reader {
	r := NewReader(StylesForTheme(theme), DefaultKeyMap())
	r.SetSize(w, h)
	r.SetBrief(b, 12, 40)
	r.SetRendered(fixtureRendered(b, r.Width(), theme))
	return r
}

func TestReaderViewGolden(t *testing.T) {
	for _, sz := range goldenSizes {
		for _, theme := range goldenThemes {
			t.Run(fmt.Sprintf("%dx%d/%s", sz[0], sz[1], theme), func(t *testing.T) {
				r := openReader(theme, fixtureBrief(1), sz[0], sz[1])
				r, _ = r.Update(press("3"))
				view := r.View()
				requireFits(t, view, sz[0], sz[1])
				golden.RequireEqual(t, view)
			})
		}
	}
}

func TestReaderPlaceholderUntilRendered(t *testing.T) {
	r := NewReader(NewPlainStyles(), DefaultKeyMap())
	r.SetSize(80, 24)
	b := fixtureBrief(1)
	r.SetBrief(b, 1, 1)
	view := r.View()
	requireFits(t, view, 80, 24)
	if !strings.Contains(view, "Rendering...") {
		t.Fatalf("no placeholder:\n%s", view)
	}
	// A render of another brief is ignored.
	r.SetRendered(fixtureRendered(fixtureBrief(2), 80, "notty"))
	if r.Ready() {
		t.Fatal("reader took the render of another brief")
	}
	r.SetRendered(fixtureRendered(b, 80, "notty"))
	if !r.Ready() || strings.Contains(r.View(), "Rendering") {
		t.Fatal("render not shown")
	}
}

func TestReaderSectionKeys(t *testing.T) {
	r := openReader("dark", fixtureBrief(1), 80, 24)
	starts := r.Rendered().SectionStarts
	steps := []struct {
		key     string
		section int
		top     int
	}{
		{"2", 1, starts[1]},
		{"tab", 2, starts[2]},
		{"]", 3, starts[3]},
		{"[", 2, starts[2]},
		{"shift+tab", 1, starts[1]},
		{"1", 0, 0},
		{"9", 0, 0}, // no ninth section: nothing moves
	}
	for _, s := range steps {
		r, _ = r.Update(press(s.key))
		if r.Current() != s.section || r.YOffset() != s.top {
			t.Fatalf("after %q: section %d top %d, want %d %d", s.key, r.Current(), r.YOffset(), s.section, s.top)
		}
	}
}

func TestReaderTabFollowsScroll(t *testing.T) {
	r := openReader("dark", fixtureBrief(1), 80, 24)
	starts := r.Rendered().SectionStarts // 0 13 26 39 52, 65 lines
	for r.YOffset() < starts[1]-1 {
		r, _ = r.Update(press("j"))
	}
	if r.Current() != 0 {
		t.Fatalf("one line above section 2: current %d", r.Current())
	}
	r, _ = r.Update(press("j"))
	if r.YOffset() != starts[1] || r.Current() != 1 {
		t.Fatalf("at section 2's start: top %d current %d", r.YOffset(), r.Current())
	}
	r, _ = r.Update(press("ctrl+d"))
	if r.Current() != 1 {
		t.Fatalf("half a page into section 2: current %d", r.Current())
	}
	// At the very bottom the last section whose start is visible is current,
	// even though the top line is still in an earlier one.
	r, _ = r.Update(press("G"))
	if top := r.YOffset(); top >= starts[4] {
		t.Fatalf("test needs the last section to start below the top line, top %d", top)
	}
	if r.Current() != 4 {
		t.Fatalf("at the bottom: current %d, want 4", r.Current())
	}
	r, _ = r.Update(press("g"))
	if r.Current() != 0 {
		t.Fatalf("at the top: current %d", r.Current())
	}
	// The mark is drawn on the tab row.
	if !strings.Contains(ansi.Strip(r.View()), " 1 Lead ") {
		t.Fatal("tab row missing")
	}
}

func TestReaderTabsWindowWhenNarrow(t *testing.T) {
	b := fixtureBrief(1)
	for i := range 8 {
		b.Sections = append(b.Sections, briefs.Section{Kind: briefs.KindOther, Title: fmt.Sprintf("Extra part %d", i), Body: "x"})
	}
	r := openReader("notty", b, 40, 20)
	tabRow := func() string { return strings.Split(r.View(), "\n")[r.tabLine] }
	if row := tabRow(); !strings.HasPrefix(row, " [1 Lead]") || !strings.HasSuffix(row, ">") || strings.HasPrefix(row, "<") {
		t.Fatalf("first tab current: row %q", row)
	}
	r, _ = r.Update(press("7"))
	row := tabRow()
	if !strings.HasPrefix(row, "<") || !strings.HasSuffix(row, ">") || !strings.Contains(row, "[7 Extra part 1]") {
		t.Fatalf("middle tab current: row %q", row)
	}
	r, _ = r.Update(press("G"))
	row = tabRow()
	if !strings.HasPrefix(row, "<") || strings.HasSuffix(row, ">") || !strings.Contains(row, "[Extra part 7]") {
		t.Fatalf("last tab current: row %q", row)
	}
	for _, w := range []int{40, 41, 60, 80, 100} {
		r.SetSize(w, 20)
		requireFits(t, r.View(), w, 20)
	}
}

func TestReaderClickOnTab(t *testing.T) {
	r := openReader("dark", fixtureBrief(1), 80, 24)
	for _, tab := range r.tabs {
		r, _ = r.Update(tea.MouseClickMsg{X: tab.x0, Y: r.tabLine, Button: tea.MouseLeft})
		if r.Current() != tab.section || r.YOffset() != min(r.Rendered().SectionStarts[tab.section], r.vp.total-r.vp.height) {
			t.Fatalf("click on tab %d: current %d top %d", tab.section, r.Current(), r.YOffset())
		}
	}
	// The x-ranges are where the labels are drawn.
	row := ansi.Strip(strings.Split(r.View(), "\n")[r.tabLine])
	for _, tab := range r.tabs {
		label := TabLabel(r.Brief().Sections[tab.section], "…")
		got := ansi.Cut(row, tab.x0, tab.x1)
		if !strings.Contains(got, label) {
			t.Fatalf("tab %d drawn as %q at %d-%d, want %q", tab.section, got, tab.x0, tab.x1, label)
		}
	}
}

func TestReaderTOC(t *testing.T) {
	r := openReader("dark", fixtureBrief(1), 80, 24)
	r, _ = r.Update(press("t"))
	if !r.TOCOpen() || !strings.Contains(ansi.Strip(r.View()), "Contents") {
		t.Fatal("t did not open the contents")
	}
	requireFits(t, r.View(), 80, 24)
	r, _ = r.Update(press("j"))
	r, _ = r.Update(press("j"))
	if r.YOffset() != 0 {
		t.Fatal("j in the contents scrolled the body")
	}
	r, _ = r.Update(press("enter"))
	if r.TOCOpen() || r.Current() != 2 || r.YOffset() != r.Rendered().SectionStarts[2] {
		t.Fatalf("enter: open %v current %d top %d", r.TOCOpen(), r.Current(), r.YOffset())
	}
	r, _ = r.Update(press("t"))
	r, cmd := r.Update(press("esc"))
	if r.TOCOpen() || cmd != nil {
		t.Fatal("esc did not just close the contents")
	}
}

func TestReaderMessages(t *testing.T) {
	r := openReader("dark", fixtureBrief(1), 80, 24)
	cases := []struct {
		key  string
		want tea.Msg
	}{
		{"esc", CloseReaderMsg{}},
		{"q", CloseReaderMsg{}},
		{"right", StepBriefMsg{Delta: 1}},
		{"left", StepBriefMsg{Delta: -1}},
	}
	for _, c := range cases {
		k := press(c.key)
		switch c.key {
		case "right":
			k = tea.KeyPressMsg{Code: tea.KeyRight}
		case "left":
			k = tea.KeyPressMsg{Code: tea.KeyLeft}
		}
		_, cmd := r.Update(k)
		if cmd == nil || cmd() != c.want {
			t.Fatalf("%q: want %#v", c.key, c.want)
		}
	}
	_, cmd := r.Update(tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl})
	if cmd == nil || cmd() != (StepBriefMsg{Delta: 1}) {
		t.Fatal("ctrl+n does not step")
	}
	// n and N stay free for search.
	for _, k := range []string{"n", "N"} {
		if _, cmd := r.Update(press(k)); cmd != nil {
			t.Fatalf("%q is bound", k)
		}
	}
}

func TestReaderFitsEverySize(t *testing.T) {
	b := fixtureBrief(1)
	b.Title = strings.Repeat("Wide 漢字 title ", 20)
	for _, w := range []int{1, 10, 40, 57, 100} {
		for _, h := range []int{1, 3, 11, 20, 79} {
			r := openReader("dark", b, w, h)
			requireFits(t, r.View(), w, h)
			r, _ = r.Update(press("t"))
			requireFits(t, r.View(), w, h)
		}
	}
}

func TestKeyMapScreens(t *testing.T) {
	k := DefaultKeyMap()
	if !k.Quit.Enabled() || k.Back.Enabled() || k.Section.Enabled() {
		t.Fatal("library screen: wrong bindings")
	}
	k.SetScreen(ScreenReader)
	if k.Quit.Enabled() || !k.Back.Enabled() || !k.Section.Enabled() || k.Open.Enabled() {
		t.Fatal("reader screen: wrong bindings")
	}
	// The help view lists exactly the enabled bindings.
	help := ansi.Strip(ShortHelpView(NewPlainStyles(), k, 300))
	if !strings.Contains(help, "back") || strings.Contains(help, "open") {
		t.Fatalf("reader short help %q", help)
	}
	hv := NewHelp(NewPlainStyles(), DefaultKeyMap())
	hv.SetSize(120, 40)
	hv.SetKeyMap(k)
	full := ansi.Strip(hv.View())
	for _, want := range []string{"section N", "contents", "next brief"} {
		if !strings.Contains(full, want) {
			t.Fatalf("full help lacks %q:\n%s", want, full)
		}
	}
	if strings.Contains(full, "warnings") {
		t.Fatal("full help of the reader lists a library key")
	}
}

func TestReaderRepeatedKindsNamedByTitle(t *testing.T) {
	b := fixtureBrief(1)
	b.Sections = append(b.Sections, briefs.Section{Kind: briefs.KindWhatToKnow, Title: "Background", Body: "x"})
	r := openReader("notty", b, 100, 24)
	row := strings.Split(r.View(), "\n")[r.tabLine]
	if !strings.Contains(row, " 3 Know ") || !strings.Contains(row, " 6 Background ") {
		t.Fatalf("tab row %q", row)
	}
}

func TestReaderNoSections(t *testing.T) {
	b := fixtureBrief(1)
	b.Sections = nil
	r := NewReader(NewStyles(true), DefaultKeyMap())
	r.SetSize(80, 24)
	r.SetBrief(b, 1, 1)
	r.SetRendered(Rendered{ID: b.ID, Width: 80, Theme: "dark"})
	for _, k := range []string{"1", "tab", "shift+tab", "t", "j", "G"} {
		r, _ = r.Update(press(k))
	}
	if r.TOCOpen() {
		t.Fatal("contents opened with no sections")
	}
	requireFits(t, r.View(), 80, 24)
}

func TestHelpScrollsWhenShort(t *testing.T) {
	k := DefaultKeyMap()
	h := NewHelp(NewPlainStyles(), k)
	h.SetSize(40, 11)
	h.SetKeyMap(k)
	requireFits(t, h.View(), 40, 11)
	// The last binding listed is the last enabled one of the last column
	// that has one.
	groups := k.FullHelp()
	last := ""
	for g := len(groups) - 1; g >= 0 && last == ""; g-- {
		for _, b := range groups[g] {
			if b.Enabled() {
				last = b.Help().Desc
			}
		}
	}
	if strings.Contains(h.View(), last) {
		t.Fatalf("test needs the end of the help off screen:\n%s", h.View())
	}
	h, _ = h.Update(press("G"))
	if !strings.Contains(h.View(), last) {
		t.Fatalf("G did not scroll to the end:\n%s", h.View())
	}
	requireFits(t, h.View(), 40, 11)
}

// Keys pressed while the brief is still being rendered are not lost: the
// render opens where they asked.
// A brief just opened and rendered has not moved: its reading position may be
// restored.
func TestReaderMovedOnlyByAsking(t *testing.T) {
	b := fixtureBrief(1)
	r := NewReader(NewPlainStyles(), DefaultKeyMap())
	r.SetSize(80, 24)
	r.SetBrief(b, 1, 1)
	r.SetRendered(fixtureRendered(b, r.Width(), "notty"))
	if r.Moved() {
		t.Fatal("Moved after opening and rendering")
	}
	r.JumpTo(2)
	if !r.Moved() {
		t.Fatal("not Moved after a jump to a section")
	}
	r.SetBrief(b, 1, 1)
	if r.Moved() {
		t.Fatal("still Moved after opening again")
	}
}

func TestReaderKeysBeforeRender(t *testing.T) {
	b := fixtureBrief(1)
	for _, c := range []struct {
		keys []string
		want func(Reader) int
	}{
		{[]string{"j", "j", "j", "j", "j"}, func(Reader) int { return 5 }},
		{[]string{"j", "j", "k"}, func(Reader) int { return 1 }},
		{[]string{"k", "j"}, func(Reader) int { return 1 }},
		{[]string{"j", "g"}, func(Reader) int { return 0 }},
		{[]string{"G"}, func(r Reader) int { return r.vp.maxY() }},
	} {
		r := NewReader(NewPlainStyles(), DefaultKeyMap())
		r.SetSize(80, 24)
		r.SetBrief(b, 1, 1)
		for _, k := range c.keys {
			r, _ = r.Update(press(k))
		}
		r.SetRendered(fixtureRendered(b, r.Width(), "notty"))
		if got, want := r.YOffset(), c.want(r); got != want {
			t.Errorf("%v before the render: top line %d, want %d", c.keys, got, want)
		}
		// So a reading position restored now must not undo them.
		if !r.Moved() {
			t.Errorf("%v before the render: not Moved", c.keys)
		}
		if r.vp.maxY() < 5 {
			t.Fatalf("the fixture brief is %d lines past one screen; the test needs more", r.vp.maxY())
		}
	}
}

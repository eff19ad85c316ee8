package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// requireFits fails unless view is exactly h lines, none wider than w.
func requireFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("line %d is %d wide, more than %d: %q", i, lw, w, ansi.Strip(l))
		}
	}
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "ctrl+d":
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

var goldenThemes = []string{"dark", "light", "notty"}

var goldenSizes = [][2]int{{80, 24}, {40, 20}}

func TestLibraryViewGolden(t *testing.T) {
	for _, sz := range goldenSizes {
		for _, theme := range goldenThemes {
			t.Run(fmt.Sprintf("%dx%d/%s", sz[0], sz[1], theme), func(t *testing.T) {
				l := NewLibrary(StylesForTheme(theme), DefaultKeyMap())
				l.SetBriefs(fixtureBriefs(12))
				l.SetSize(sz[0], sz[1])
				l, _ = l.Update(press("j"))
				view := l.View()
				requireFits(t, view, sz[0], sz[1])
				golden.RequireEqual(t, view)
			})
		}
	}
}

func TestLibraryFitsEverySize(t *testing.T) {
	bs := fixtureBriefs(50)
	bs[0].Title = strings.Repeat("漢字", 80) // double-width runes
	for _, w := range []int{1, 10, 20, 40, 57, 80, 120, 300} {
		for _, h := range []int{1, 2, 5, 9, 24, 80} {
			l := NewLibrary(NewStyles(true), DefaultKeyMap())
			l.SetBriefs(bs)
			l.SetSize(w, h)
			requireFits(t, l.View(), w, h)
		}
	}
}

func TestLibraryKeys(t *testing.T) {
	l := NewLibrary(NewStyles(true), DefaultKeyMap())
	l.SetBriefs(fixtureBriefs(100))
	l.SetSize(80, 21) // 7 rows
	steps := []struct {
		key  string
		want int
	}{
		{"j", 1}, {"j", 2}, {"k", 1}, {"G", 99}, {"k", 98}, {"g", 0},
		{"pgdown", 7}, {"pgdown", 14}, {"b", 7}, {"k", 6},
	}
	for _, s := range steps {
		l, _ = l.Update(press(s.key))
		if l.Index() != s.want {
			t.Fatalf("after %q cursor = %d, want %d", s.key, l.Index(), s.want)
		}
	}
	_, cmd := l.Update(press("enter"))
	if cmd == nil {
		t.Fatal("enter returned no command")
	}
	if msg, ok := cmd().(OpenBriefMsg); !ok || msg.ID != l.Selected().ID {
		t.Fatalf("enter sent %#v, want OpenBriefMsg{%q}", msg, l.Selected().ID)
	}
}

func TestLibraryMouse(t *testing.T) {
	l := NewLibrary(NewStyles(true), DefaultKeyMap())
	l.SetBriefs(fixtureBriefs(100))
	l.SetSize(80, 21)

	// A click on the third row selects it; a second click opens it.
	click := tea.MouseClickMsg{X: 5, Y: 2*rowHeight + 1, Button: tea.MouseLeft}
	l, cmd := l.Update(click)
	if l.Index() != 2 || cmd != nil {
		t.Fatalf("first click: cursor %d, cmd %v; want 2, nil", l.Index(), cmd != nil)
	}
	_, cmd = l.Update(click)
	if cmd == nil {
		t.Fatal("click on the selected row did not open it")
	}
	if msg := cmd().(OpenBriefMsg); msg.ID != l.Selected().ID {
		t.Fatalf("opened %q, want %q", msg.ID, l.Selected().ID)
	}

	// Below the last row nothing happens.
	short := NewLibrary(NewStyles(true), DefaultKeyMap())
	short.SetBriefs(fixtureBriefs(2))
	short.SetSize(80, 21)
	short, cmd = short.Update(tea.MouseClickMsg{X: 5, Y: 15, Button: tea.MouseLeft})
	if short.Index() != 0 || cmd != nil {
		t.Fatalf("click below the rows: cursor %d", short.Index())
	}

	// The wheel scrolls the view; the selection is dragged along.
	for range 5 {
		l, _ = l.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	}
	if l.offset != 5 || l.Index() != 5 {
		t.Fatalf("after 5 wheel notches offset %d cursor %d, want 5 5", l.offset, l.Index())
	}
	l, _ = l.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if l.offset != 4 || l.Index() != 5 {
		t.Fatalf("after wheel up offset %d cursor %d, want 4 5", l.offset, l.Index())
	}
}

func TestLibrarySanitisesMetadata(t *testing.T) {
	bs := fixtureBriefs(1)
	bs[0].Title = "Evil \x1b]52;c;aGk=\x07 title\x1b[2J"
	bs[0].Source = "Src\x9b31m"
	bs[0].Tags = []string{"t\x1b[5m"}
	l := NewLibrary(NewPlainStyles(), DefaultKeyMap())
	l.SetBriefs(bs)
	l.SetSize(120, 6)
	view := l.View()
	if strings.ContainsAny(view, "\x1b\x07\u009b") {
		t.Fatalf("control characters reached the view: %q", view)
	}
	if !strings.Contains(view, "title") || !strings.Contains(view, "Src") {
		t.Fatalf("text lost: %q", view)
	}
}

func TestLibraryKeepsSelectionOnReload(t *testing.T) {
	l := NewLibrary(NewStyles(true), DefaultKeyMap())
	bs := fixtureBriefs(10)
	l.SetBriefs(bs)
	l.SetSize(80, 21)
	l.Select(4)
	id := l.Selected().ID
	l.SetBriefs(append([]*briefs.Brief{fixtureBrief(99)}, bs...))
	if l.Selected().ID != id {
		t.Fatalf("selection moved to %q, want %q", l.Selected().ID, id)
	}
}

// The rows the library keeps between draws never show a stale row: after
// moves, new marks, a theme change and a resize, the view is what drawing
// every row afresh gives.
func TestLibraryRowCache(t *testing.T) {
	l := NewLibrary(NewStyles(true), DefaultKeyMap())
	bs := fixtureBriefs(40)
	l.SetBriefs(bs)
	l.SetSize(80, 21)
	check := func(step string) {
		t.Helper()
		if got, want := l.View(), l.draw(false); got != want {
			t.Fatalf("after %s the view differs from a fresh draw:\n%s\n---\n%s", step, ansi.Strip(got), ansi.Strip(want))
		}
	}
	for _, k := range []string{"j", "j", "k", "pgdown", "G", "g"} {
		l, _ = l.Update(press(k))
		check(k)
	}
	l.SetMarks(notes.NewMarks([]notes.Mark{{BriefID: bs[0].ID, Starred: true}}, nil))
	check("a star")
	if !strings.Contains(l.View(), "★") {
		t.Fatal("the star is not shown")
	}
	l.SetStyles(NewStyles(false))
	check("a theme change")
	l.SetSize(50, 21)
	check("a resize")
	l, _ = l.Update(press("j"))
	check("a move after all that")
}

package model

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// A session told the terminal's size draws the screen in its very first
// View, the one Bubble Tea renders right after Init: the same screen the
// size message would give, so nothing moves when that message comes.
func TestFirstViewDrawsWithTheGivenSize(t *testing.T) {
	dir := t.TempDir()
	for i := range 3 {
		writeFile(t, dir, i)
	}
	const w, h = 80, 24
	sized := New(Options{Paths: []string{dir}, NoWatch: true, Width: w, Height: h})
	first := sized.View().Content
	plain := ansi.Strip(first)
	for _, want := range []string{"Briefing", "Loading"} {
		if !strings.Contains(plain, want) {
			t.Errorf("first view lacks %q:\n%s", want, plain)
		}
	}
	requireFits(t, first, w, h)

	next, _ := sized.Update(tea.WindowSizeMsg{Width: w, Height: h})
	if got := next.(Model).View().Content; got != first {
		t.Errorf("the size message changed the first view:\n%s\nthen:\n%s", plain, ansi.Strip(got))
	}

	// Without a size (an SSH session) the first view waits for the message,
	// and then draws what the sized session drew at once.
	unsized := New(Options{Paths: []string{dir}, NoWatch: true})
	if got := unsized.View().Content; got != "" {
		t.Errorf("a session without a size drew before its size message:\n%s", ansi.Strip(got))
	}
	next, _ = unsized.Update(tea.WindowSizeMsg{Width: w, Height: h})
	if got := next.(Model).View().Content; got != first {
		t.Errorf("the size message gave another screen than the given size:\n%s\nwant:\n%s", ansi.Strip(got), plain)
	}
}

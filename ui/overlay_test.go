package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The short help is drawn once per styles, width and set of enabled
// bindings: a binding turned off, a help text changed or another width each
// draw a line of their own.
func TestShortHelpViewMemo(t *testing.T) {
	s := NewPlainStyles()
	k := DefaultKeyMap()
	first := ShortHelpView(s, k, 200)
	if again := ShortHelpView(s, k, 200); again != first {
		t.Fatalf("the same inputs drew %q, then %q", first, again)
	}
	if !strings.Contains(first, "quit") {
		t.Fatalf("short help %q has no quit", first)
	}
	off := k
	off.Quit.SetEnabled(false)
	if got := ShortHelpView(s, off, 200); strings.Contains(got, "quit") {
		t.Errorf("a disabled binding is still shown: %q", got)
	}
	renamed := k
	renamed.Quit.SetHelp("q", "leave")
	if got := ShortHelpView(s, renamed, 200); !strings.Contains(got, "leave") || strings.Contains(got, "quit") {
		t.Errorf("a changed help text is not shown: %q", got)
	}
	if narrow := ShortHelpView(s, k, 30); ansi.StringWidth(narrow) > 30 {
		t.Errorf("the 30-column line is %d wide", ansi.StringWidth(narrow))
	}
}

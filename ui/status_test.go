package ui

import (
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

// What the root puts on the status lines comes from files and errors: it
// is made safe and kept to one line of the width.
func TestStatusLinesAreSafe(t *testing.T) {
	s := NewStyles(true)
	evil := "could not render desk/evil\x1b]0;pwned\x07.md\nsecond line \u202e"
	lines := map[string]string{
		"status":  StatusLine(s, evil, 40),
		"library": LibraryStatusBar(s, LibraryStatus{Info: "3 briefs", Warnings: "1 warning\x1b[2J", Notes: "read-only: " + evil, Position: "1/3"}, 60),
		"message": LibraryStatusBar(s, LibraryStatus{Message: evil, Info: "3 briefs", Position: "1/3"}, 60),
		"title":   LibraryTitle(s, "water\x1b[5m", SortNewest, 50),
	}
	for name, l := range lines {
		if err := termsafe.Check(l, true); err != nil {
			t.Errorf("%s: %v in %q", name, err, l)
		}
		if strings.Contains(l, "\n") {
			t.Errorf("%s: more than one line: %q", name, l)
		}
	}
	if w := ansi.StringWidth(lines["status"]); w != 40 {
		t.Errorf("status line is %d wide, want 40", w)
	}
	if plain := ansi.Strip(lines["message"]); strings.Contains(plain, "1/3") || !strings.Contains(plain, "could not render") {
		t.Errorf("a message takes the whole bar: %q", plain)
	}
	if plain := ansi.Strip(lines["title"]); !strings.Contains(plain, "/water") || !strings.Contains(plain, "esc clears") {
		t.Errorf("title bar: %q", plain)
	}
}

func TestPlacing(t *testing.T) {
	base := "aaaaaa\nbbbbbb\ncccccc\ndddddd"
	if got, want := PlaceRight(base, "XY\nXY", 4), "aaaaXY\nbbbbXY\ncccccc\ndddddd"; got != want {
		t.Errorf("PlaceRight = %q, want %q", got, want)
	}
	if got, want := PlaceRight("ab\ncd", "XY", 4), "ab  XY\ncd"; got != want {
		t.Errorf("PlaceRight pads: %q, want %q", got, want)
	}
	if got, want := PlaceBottom(base, "E1\nE2", 1, 4), "aaaaaa\nbbbbbb\n E1\n E2"; got != want {
		t.Errorf("PlaceBottom = %q, want %q", got, want)
	}
	if got, want := PlaceBottom("a\nb", "E1\nE2\nE3", 0, 2), "E1\nE2"; got != want {
		t.Errorf("PlaceBottom of a taller box = %q, want %q", got, want)
	}
	if got, want := ReplaceLastLine(base, "S"), "aaaaaa\nbbbbbb\ncccccc\nS"; got != want {
		t.Errorf("ReplaceLastLine = %q, want %q", got, want)
	}
	if got, want := Indent("a\nb", 2), "  a\n  b"; got != want {
		t.Errorf("Indent = %q, want %q", got, want)
	}
}

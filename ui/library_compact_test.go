package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The compact list draws one line per brief: the list of an 80x24 screen
// (21 rows under the title and status bars) holds 21 briefs, and every
// line fits at any width and theme.
func TestCompactLibrary(t *testing.T) {
	for _, theme := range goldenThemes {
		for _, w := range []int{80, 40, 12} {
			l := NewLibrary(StylesForTheme(theme), DefaultKeyMap())
			l.SetBriefs(fixtureBriefs(30))
			l.SetSize(w, 21)
			l.SetCompact(true)
			if got := l.VisibleRows(); got != 21 {
				t.Fatalf("%s %d: %d rows, want 21", theme, w, got)
			}
			view := l.View()
			requireFits(t, view, w, 21)
			lines := strings.Split(ansi.Strip(view), "\n")
			first := fixtureBriefs(1)[0]
			if w >= 40 && !strings.Contains(lines[0], first.Title[:10]) {
				t.Fatalf("%s %d: first line %q", theme, w, lines[0])
			}
			if w >= compactDateWidth && !strings.HasSuffix(strings.TrimRight(lines[0], " "), first.Date.Format("2006-01-02")) {
				t.Fatalf("%s %d: no date on the right: %q", theme, w, lines[0])
			}
			// The selection moves one line per brief and stays on screen.
			for range 25 {
				l, _ = l.Update(press("j"))
			}
			if l.Index() != 25 || (w >= 40 && !strings.Contains(ansi.Strip(l.View()), fmt.Sprintf("authority %d ", 26))) {
				t.Fatalf("%s %d: selection %d not on screen:\n%s", theme, w, l.Index(), ansi.Strip(l.View()))
			}
			l.SetCompact(false)
			if got := l.VisibleRows(); got != 7 {
				t.Fatalf("%s %d: full rows %d, want 7", theme, w, got)
			}
		}
	}
}

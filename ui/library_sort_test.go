package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// groupedLibrary is a list of 30 briefs in four groups of 3, 10, 1 and 16.
func groupedLibrary(theme string, w, h int, compact bool) Library {
	l := NewLibrary(StylesForTheme(theme), DefaultKeyMap())
	l.SetBriefs(fixtureBriefs(30))
	l.SetSize(w, h)
	l.SetCompact(compact)
	l.SetGroups([]Group{
		{Start: 0, Label: "Alpha Desk", Count: 3},
		{Start: 3, Label: "Bravo Wire", Count: 10},
		{Start: 13, Label: "Charlie Post", Count: 1},
		{Start: 14, Label: "Delta\x1b[2J Times", Count: 16},
	})
	return l
}

// groupHeadingText is a group heading line without its rule.
func groupHeadingText(line string) string { return strings.Trim(line, "─- ") }

// groupOf is the label of the group brief i (0-based) of groupedLibrary is in.
func groupOf(i int) string {
	switch {
	case i < 3:
		return "Alpha Desk"
	case i < 13:
		return "Bravo Wire"
	case i < 14:
		return "Charlie Post"
	}
	return "Delta Times"
}

// A grouped list draws a heading line with each group's count above its
// first brief, and above the first brief on screen whatever its group; the
// cursor moves from brief to brief over the headings, stays on screen all
// the way down and back, and never lands on a heading. Full rows and the
// compact density alike, at 80 and 40 columns.
func TestLibraryGroupHeadings(t *testing.T) {
	for _, compact := range []bool{false, true} {
		for _, w := range []int{80, 40} {
			name := fmt.Sprintf("compact=%v/%d", compact, w)
			t.Run(name, func(t *testing.T) {
				h := 21
				if compact {
					h = 12
				}
				l := groupedLibrary("dark", w, h, compact)
				lines := strings.Split(ansi.Strip(l.View()), "\n")
				if got := groupHeadingText(lines[0]); got != "Alpha Desk · 3" {
					t.Fatalf("first line %q, want the first group's heading", got)
				}
				if !strings.Contains(ansi.Strip(l.View()), "Bravo Wire · 10") {
					t.Fatalf("no heading of the second group:\n%s", ansi.Strip(l.View()))
				}
				check := func(i int) {
					t.Helper()
					view := l.View()
					requireFits(t, view, w, h)
					lines := strings.Split(ansi.Strip(view), "\n")
					if l.Index() != i || l.Selected() != l.Briefs()[i] {
						t.Fatalf("cursor at %d, want %d", l.Index(), i)
					}
					if got := groupHeadingText(lines[0]); !strings.HasPrefix(got, groupOf(l.offset)+" · ") {
						t.Fatalf("cursor %d: top line %q, want the heading of %s", i, got, groupOf(l.offset))
					}
					sel := -1
					for n, line := range lines {
						if strings.HasPrefix(line, "▌") {
							sel = n
							break
						}
					}
					if sel < 0 {
						t.Fatalf("cursor %d: selection not on screen:\n%s", i, ansi.Strip(view))
					}
					if strings.Contains(lines[sel], " · ") && !strings.Contains(lines[sel], "authority") {
						t.Fatalf("cursor %d on a heading: %q", i, lines[sel])
					}
					if want := fmt.Sprintf("authority %d ", i+1); !strings.Contains(lines[sel], want) {
						t.Fatalf("cursor %d: selected line %q, want %q", i, lines[sel], want)
					}
				}
				for i := range 30 {
					check(i)
					l, _ = l.Update(press("j"))
				}
				for i := 29; i >= 0; i-- {
					check(i)
					l, _ = l.Update(press("k"))
				}
				l, _ = l.Update(press("G"))
				check(29)
				l, _ = l.Update(press("g"))
				check(0)
				for range 4 {
					l, _ = l.Update(press("space"))
					check(l.Index())
				}
			})
		}
	}
}

// The label is brief text (a source, a folder name): nothing in it reaches
// the terminal as a control sequence.
func TestLibraryGroupHeadingSafe(t *testing.T) {
	l := groupedLibrary("dark", 80, 21, true)
	l, _ = l.Update(press("G"))
	if v := l.View(); strings.Contains(v, "\x1b[2J") || !strings.Contains(ansi.Strip(v), "Delta Times · 16") {
		t.Fatalf("heading not scrubbed: %q", v)
	}
}

// A click on a heading selects nothing; a click on a row selects its brief.
func TestLibraryGroupClick(t *testing.T) {
	l := groupedLibrary("dark", 80, 21, true)
	l, _ = l.Update(tea.MouseClickMsg{X: 5, Y: 4, Button: tea.MouseLeft}) // Bravo Wire's heading
	if l.Index() != 0 {
		t.Fatalf("click on a heading selected %d", l.Index())
	}
	l, _ = l.Update(tea.MouseClickMsg{X: 5, Y: 5, Button: tea.MouseLeft}) // its first brief
	if l.Index() != 3 {
		t.Fatalf("click on the row under the heading selected %d, want 3", l.Index())
	}
}

// Groups that do not cover the list in order are refused: no headings,
// and the list still draws.
func TestLibraryGroupsRefused(t *testing.T) {
	l := NewLibrary(StylesForTheme("dark"), DefaultKeyMap())
	l.SetBriefs(fixtureBriefs(5))
	l.SetSize(80, 21)
	for _, gs := range [][]Group{
		{{Start: 1, Label: "late"}},
		{{Start: 0, Label: "a"}, {Start: 0, Label: "b"}},
		{{Start: 0, Label: "a"}, {Start: 9, Label: "past the end"}},
	} {
		l.SetGroups(gs)
		if l.Groups() != nil {
			t.Fatalf("%+v taken", gs)
		}
		requireFits(t, l.View(), 80, 21)
	}
	// A new list drops the groups of the last one.
	l.SetGroups([]Group{{Start: 0, Label: "all", Count: 5}})
	l.SetBriefs(fixtureBriefs(3))
	if l.Groups() != nil {
		t.Fatal("groups kept over a new list")
	}
}

// The order cycles through every order and back; only source and folder
// are grouped.
func TestSortOrderCycle(t *testing.T) {
	var seen []string
	o := SortNewest
	for range sortOrders {
		seen = append(seen, o.String())
		if o.Grouped() != (o == SortSource || o == SortFolder) {
			t.Fatalf("%v grouped %v", o, o.Grouped())
		}
		o = o.Next()
	}
	if o != SortNewest || strings.Join(seen, ",") != "newest first,by source,by folder,unread first" {
		t.Fatalf("cycle %v ends on %v", seen, o)
	}
}

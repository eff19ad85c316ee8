package ui

import (
	"strings"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

// The lines the root puts around its components. The root decides what
// they say; these draw it, and make every text safe on the way (a status
// may quote a file name, an error or a query).

// StatusLine is a transient message on a line of width w: an error, a
// confirmation, why a key did nothing.
func StatusLine(s *Styles, msg string, w int) string {
	return StatusBar(s, s.Error.Render(termsafe.Line(msg)), "", w)
}

// LibraryTitle is the library's first line: the name on the left and, on
// the right, the kept filter and how to clear it, or the order. An order
// other than the default follows the filter.
func LibraryTitle(s *Styles, filter string, order SortOrder, w int) string {
	right := s.Dim.Render(order.String())
	if filter != "" {
		right = s.Selected.Render("/"+termsafe.Line(filter)) + s.Dim.Render(s.Glyphs.Sep+"esc clears")
		if order != SortNewest {
			right += s.Dim.Render(s.Glyphs.Sep + order.String())
		}
	}
	return StatusBar(s, s.Title.Render("Briefing"), right, w)
}

// LibraryViewTitle is LibraryTitle while a saved view is the kept filter:
// the header names the view rather than its query.
func LibraryViewTitle(s *Styles, view string, order SortOrder, w int) string {
	right := s.Selected.Render("view "+termsafe.Line(view)) + s.Dim.Render(s.Glyphs.Sep+"esc clears")
	if order != SortNewest {
		right += s.Dim.Render(s.Glyphs.Sep + order.String())
	}
	return StatusBar(s, s.Title.Render("Briefing"), right, w)
}

// LibraryStatus is what the library's status bar says.
type LibraryStatus struct {
	Message  string // a transient message; while there is one, it is all the bar says
	Info     string // loading progress, "No briefs found" or the count
	Loading  bool   // Info is progress: the warnings, notes and position wait
	Warnings string // "3 warnings — press w", or ""
	Notes    string // why notes are off or read-only, or ""
	Position string // the selection's "12/40", or ""
}

// LibraryStatusBar draws st on a line of width w.
func LibraryStatusBar(s *Styles, st LibraryStatus, w int) string {
	if st.Message != "" {
		return StatusLine(s, st.Message, w)
	}
	left := s.Status.Render(termsafe.Line(st.Info))
	var right string
	if !st.Loading {
		if st.Warnings != "" {
			left += s.Warning.Render(s.Glyphs.Sep + termsafe.Line(st.Warnings))
		}
		if st.Notes != "" {
			left += s.Warning.Render(s.Glyphs.Sep + termsafe.Line(st.Notes))
		}
		if st.Position != "" {
			right = s.Dim.Render(st.Position)
		}
	}
	return StatusBar(s, left, right, w)
}

// EmptyList writes say, dim and word-wrapped to w, over the blank lines of
// an empty list's view (from its second line), keeping their number: why
// the list is empty, and what to do about it.
func EmptyList(s *Styles, blank string, say []string, w int) string {
	lines := strings.Split(blank, "\n")
	w = max(w-4, 10)
	at := 1
	for _, t := range say {
		for _, l := range strings.Split(ansi.Wordwrap(termsafe.Line(t), w, ""), "\n") {
			if at >= len(lines) {
				break
			}
			lines[at] = "  " + s.Dim.Render(ansi.Truncate(l, w, s.Glyphs.Ellipsis))
			at++
		}
	}
	return strings.Join(lines, "\n")
}

// WindowTitle is the terminal window's title: the program, and the brief
// open in the reader (nil: none).
func WindowTitle(b *briefs.Brief) string {
	if b == nil {
		return "briefing"
	}
	return "briefing: " + termsafe.Line(b.Title)
}

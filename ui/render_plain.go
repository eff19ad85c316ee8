package ui

import (
	"strings"

	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

// plainLines shows markdown md as the text it is, without styling: what a
// piece too costly to style looks like. It is sanitised like everything
// else from a brief, tabs become spaces, and lines are wrapped at width
// inside the two-column margin glamour leaves, so the reader's note marks
// and selection bar work on it too. It costs time linear in md.
func plainLines(md string, width int) []string {
	w := max(width, minRenderWidth) - 2*plainMargin
	text := termsafe.Markdown(md)
	var out []string
	for l := range strings.SplitSeq(text, "\n") {
		l = strings.TrimRight(strings.ReplaceAll(l, "\t", "    "), " ")
		if l == "" {
			out = append(out, "")
			continue
		}
		for wl := range strings.SplitSeq(ansi.Wrap(l, w, ""), "\n") {
			if ansi.StringWidth(wl) > w {
				// Wrap leaves some runs whole ("- - - -"): cut them.
				wl = ansi.Hardwrap(wl, w, true)
			}
			for hl := range strings.SplitSeq(wl, "\n") {
				out = append(out, strings.Repeat(" ", plainMargin)+strings.TrimRight(hl, " "))
			}
		}
	}
	return trimBlankLines(out)
}

// plainMargin is the margin glamour's standard styles leave on the left.
const plainMargin = 2

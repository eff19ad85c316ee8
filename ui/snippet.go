package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/search"
	"github.com/charmbracelet/x/ansi"
)

// Snippet is the line a search result shows under its brief: where the best
// match is and the text around it.
type Snippet struct {
	Label   string   // the section it came from ("Why", a title); "" for the title and metadata
	Text    string   // plain text, about one line
	Matches [][2]int // byte ranges of Text to highlight, in order
}

// SnippetOf turns a search hit into the snippet of a row.
func SnippetOf(b *briefs.Brief, h search.Hit, ellipsis string) Snippet {
	sn := Snippet{Text: h.Snippet, Matches: h.Matches}
	if b != nil && h.Section >= 0 && h.Section < len(b.Sections) {
		sn.Label = TabLabel(b.Sections[h.Section], ellipsis)
	}
	return sn
}

// SetResults lists search results: the briefs in the order given, each with
// its snippet (snips is nil or as long as bs), the first one selected.
func (l *Library) SetResults(bs []*briefs.Brief, snips []Snippet) {
	l.briefs = bs
	if len(snips) != len(bs) {
		snips = nil
	}
	l.snippets = snips
	l.groups = nil // SetGroups sets them after
	l.cursor, l.offset = 0, 0
	l.clamp()
}

// Briefs are the listed briefs, in the order shown.
func (l Library) Briefs() []*briefs.Brief { return l.briefs }

// rowH is the height of one item: a snippet line joins the title, the
// metadata and the spacing when results carry snippets.
func (l Library) rowH() int {
	if l.compact {
		return 1
	}
	if l.snippets != nil {
		return rowHeight + 1
	}
	return rowHeight
}

// appendSnippet adds the snippet line of item i, when results carry snippets.
func (l Library) appendSnippet(lines []string, i int) []string {
	if l.snippets == nil {
		return lines
	}
	return append(lines, "  "+SnippetLine(l.styles, l.snippets[i], max(0, l.width-2)))
}

// SnippetLine draws a snippet in w cells: the label, then the text with its
// matches highlighted; brief text is sanitised piece by piece so the match
// ranges stay true.
func SnippetLine(s *Styles, sn Snippet, w int) string {
	if w <= 0 {
		return ""
	}
	var b strings.Builder
	if sn.Label != "" {
		b.WriteString(s.Dim.Render(sn.Label + s.Glyphs.Sep))
	}
	b.WriteString(StyleRanges(s, sn.Text, sn.Matches, HighlightStyle(s)))
	return ansi.Truncate(b.String(), w, s.Glyphs.Ellipsis)
}

// StyleRanges returns plain text with the byte ranges rs drawn in hl and the
// rest in Meta, each piece sanitised to one line.
func StyleRanges(s *Styles, text string, rs [][2]int, hl lipgloss.Style) string {
	var b strings.Builder
	at := 0
	for _, r := range rs {
		lo, hi := max(at, min(r[0], len(text))), max(at, min(r[1], len(text)))
		if lo > at {
			b.WriteString(s.Meta.Render(termsafe.Line(text[at:lo])))
		}
		if hi > lo {
			b.WriteString(hl.Render(termsafe.Line(text[lo:hi])))
		}
		at = hi
	}
	if at < len(text) {
		b.WriteString(s.Meta.Render(termsafe.Line(text[at:])))
	}
	return b.String()
}

// HighlightStyle marks a match: reverse video, or nothing in the plain themes
// (they promise no attributes; the counter still says where matches are).
func HighlightStyle(s *Styles) lipgloss.Style {
	if s.Plain {
		return lipgloss.NewStyle()
	}
	return lipgloss.NewStyle().Reverse(true)
}

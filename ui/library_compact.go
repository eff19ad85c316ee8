package ui

import (
	"strings"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/charmbracelet/x/ansi"
)

// The compact density lists one line per brief (marks, title, date), so
// a morning's twenty briefs fit on an 80x24 screen instead of seven.

// compactDateWidth is the least width at which a compact row shows the
// date on the right; narrower, the title has the line.
const compactDateWidth = 40

// SetCompact lists one line per brief (true) or the full rows (false),
// keeping the selection on screen.
func (l *Library) SetCompact(on bool) {
	if l.compact == on {
		return
	}
	l.compact = on
	l.clamp()
}

// Compact reports whether the list shows one line per brief.
func (l Library) Compact() bool { return l.compact }

// compactRow draws one brief on one line: the cursor, its marks, the title
// and, when there is room, the date on the right. Search snippets are not
// shown: the line is the brief's.
func (l Library) compactRow(b *briefs.Brief, selected bool, marks string) string {
	s := l.styles
	g := s.Glyphs
	cursor, titleStyle, title := l.rowStart(b, selected)
	inner := l.width - 2 // cursor column and a space
	if l.marks != nil && marks == "" {
		marks = "  " // titles line up with those after an unread dot
	}
	date := ""
	if parts := dateAndSource(b, s.DateLayout); len(parts) > 0 && l.width >= compactDateWidth && (!b.Date.IsZero() || !b.ModTime.IsZero()) {
		date = parts[0]
	}
	room := inner - ansi.StringWidth(marks)
	if date != "" {
		room -= ansi.StringWidth(date) + 1
	}
	t := ansi.Truncate(title, max(0, room), g.Ellipsis)
	line := cursor + " " + s.Meta.Render(marks) + titleStyle.Render(t)
	if date != "" {
		gap := max(1, inner-ansi.StringWidth(marks)-ansi.StringWidth(t)-ansi.StringWidth(date))
		line += strings.Repeat(" ", gap) + s.Meta.Render(date)
	}
	return line
}

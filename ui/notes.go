package ui

import (
	"fmt"
	"strings"

	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/notes"
	"github.com/charmbracelet/x/ansi"
)

// SectionLabel names a note's section for lists: its title, else its kind.
func SectionLabel(s notes.Section) string {
	if t := termsafe.Line(s.Title); t != "" {
		return t
	}
	if s.Kind == "lead" || s.Kind == "" {
		return "Lead"
	}
	return termsafe.Line(s.Kind)
}

// NoteSnippet is a note's text on one line for lists: its body, or for a
// highlight its quote, sanitised like brief text.
func NoteSnippet(n notes.Note) string {
	t := n.Body
	if n.IsHighlight() {
		t = n.Quote
	}
	return termsafe.Line(strings.Join(strings.Fields(t), " "))
}

// QuoteSnippet is a note's quote on one line, sanitised.
func QuoteSnippet(n notes.Note) string {
	return termsafe.Line(strings.Join(strings.Fields(n.Quote), " "))
}

// PanelItem is one note of the notes panel and where it is now.
type PanelItem struct {
	Note     notes.Note
	Orphaned bool // its quote is no longer in the brief
	Fuzzy    bool // found by similarity: the text was edited
}

// NotesPanel lists the notes of the open brief. Moving, jumping, editing and
// deleting are driven by the root, which owns the store.
type NotesPanel struct {
	styles *Styles
	items  []PanelItem
	cursor int
	width  int
	height int
}

// NewNotesPanel returns an empty panel.
func NewNotesPanel(s *Styles) NotesPanel { return NotesPanel{styles: s} }

// SetItems replaces the listed notes, keeping the cursor on the same note
// when it is still there.
func (p *NotesPanel) SetItems(items []PanelItem) {
	var id string
	if it, ok := p.Selected(); ok {
		id = it.Note.ID
	}
	p.items = items
	for i, it := range items {
		if it.Note.ID == id {
			p.cursor = i
		}
	}
	p.cursor = max(0, min(p.cursor, len(items)-1))
}

// SetSize sets the panel's width and height.
func (p *NotesPanel) SetSize(w, h int) { p.width, p.height = w, h }

// SetStyles replaces the styles.
func (p *NotesPanel) SetStyles(s *Styles) { p.styles = s }

// Move moves the cursor by delta, clamped.
func (p *NotesPanel) Move(delta int) {
	p.cursor = max(0, min(p.cursor+delta, len(p.items)-1))
}

// Selected is the note under the cursor.
func (p NotesPanel) Selected() (PanelItem, bool) {
	if p.cursor < 0 || p.cursor >= len(p.items) {
		return PanelItem{}, false
	}
	return p.items[p.cursor], true
}

// Len is the number of notes listed.
func (p NotesPanel) Len() int { return len(p.items) }

// View draws the panel in a box: exactly height lines of at most width.
func (p NotesPanel) View() string {
	s := p.styles
	g := MarkGlyphs(s)
	inner := max(1, p.width-4)
	head := s.OverHead.Render(fmt.Sprintf("Notes (%d)", len(p.items)))
	lines := []string{head}
	rows := max(1, (p.height-4)/2) // border 2, heading, footer; two lines a note
	first := max(0, min(p.cursor-rows/2, len(p.items)-rows))
	if len(p.items) == 0 {
		lines = append(lines, s.Dim.Render(ansi.Truncate("No notes yet: v selects, a adds a note, h highlights.", inner, s.Glyphs.Ellipsis)))
	}
	for i := first; i < len(p.items) && i < first+rows; i++ {
		it := p.items[i]
		mark := g.Note
		if it.Note.IsHighlight() {
			mark = g.Highlight
		}
		where := SectionLabel(it.Note.Section)
		switch {
		case it.Orphaned:
			where += " (not found in the text)"
		case it.Fuzzy:
			where += " (text changed)"
		}
		cursor := "  "
		if i == p.cursor {
			cursor = s.Glyphs.Cursor + " "
		}
		l1 := ansi.Truncate(cursor+mark+" "+where, inner, s.Glyphs.Ellipsis)
		text := NoteSnippet(it.Note)
		if it.Orphaned || !it.Note.IsHighlight() {
			if q := QuoteSnippet(it.Note); q != "" && it.Orphaned {
				text = "“" + q + "” " + text
			}
		}
		l2 := s.Meta.Render(ansi.Truncate("    "+text, inner, s.Glyphs.Ellipsis))
		if i == p.cursor {
			l1 = s.Selected.Render(l1)
		} else if it.Orphaned {
			l1 = s.Warning.Render(l1)
		}
		lines = append(lines, l1, l2)
	}
	for len(lines) < p.height-3 {
		lines = append(lines, "")
	}
	lines = append(lines[:max(1, p.height-3)], s.Dim.Render(ansi.Truncate("enter go to · e edit · d delete · u undo · esc close", inner, s.Glyphs.Ellipsis)))
	box := s.Overlay.Width(p.width).Render(strings.Join(lines, "\n"))
	return clip(box, p.width, p.height, true)
}

// SetMarks gives the list the reader's stars, read state and note counts;
// nil (notes disabled) shows none.
func (l *Library) SetMarks(m *notes.Marks) {
	l.marks = m
	l.refresh()
}

// marksText is the start of a row's metadata line: a star, an unread dot
// and the note count.
func (l Library) marksText(id string) string {
	if l.marks == nil {
		return ""
	}
	star, dot, pen := "★", "●", "✎"
	if l.styles.Plain {
		star, dot, pen = "*", "o", "n"
	}
	var parts []string
	if l.marks.IsStarred(id) {
		parts = append(parts, star)
	}
	if !l.marks.IsRead(id) {
		parts = append(parts, dot)
	}
	if n := l.marks.NoteCount(id); n > 0 {
		parts = append(parts, fmt.Sprintf("%s%d", pen, n))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " ") + " "
}

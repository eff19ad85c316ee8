package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
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

// PanelEvent is what the last key given to the notes panel asks of its
// owner, which holds the store (NotesPanel.Event). The panel moves its
// cursor and closes by itself.
type PanelEvent int

// The panel's events.
const (
	PanelIdle   PanelEvent = iota // nothing for the owner to do
	PanelJump                     // go to the selected note in the reader (the panel has closed)
	PanelEdit                     // edit the selected note
	PanelDelete                   // delete the selected note
	PanelUndo                     // restore the note deleted last
)

// NotesPanel lists the notes of the open brief. It moves and closes itself;
// going to, editing, deleting and restoring a note it reports to its owner,
// which holds the store.
type NotesPanel struct {
	styles *Styles
	keys   *KeyMap // ScreenNotes
	open   bool
	items  []PanelItem
	cursor int
	width  int
	height int
	event  PanelEvent // of the last Update
}

// NewNotesPanel returns a closed, empty panel.
func NewNotesPanel(s *Styles, k KeyMap) NotesPanel {
	return NotesPanel{styles: s, keys: k.forScreen(ScreenNotes)}
}

// Open shows the panel; it takes the keys until it closes.
func (p *NotesPanel) Open() { p.open = true }

// Close hides the panel.
func (p *NotesPanel) Close() { p.open = false }

// Focused reports whether the panel is shown and takes the keys.
func (p NotesPanel) Focused() bool { return p.open }

// Event is what the last Update asks of the owner. It is read at once, in
// the same Update of the root: a message would come back only after keys
// typed meanwhile, since commands run concurrently.
func (p NotesPanel) Event() PanelEvent { return p.event }

// Update handles a key while the panel is open: esc closes it, the moving
// keys move its cursor, and enter, e, d and u are reported (Event) with the
// note under the cursor (Selected).
func (p NotesPanel) Update(msg tea.Msg) (NotesPanel, tea.Cmd) {
	p.event = PanelIdle
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || !p.open {
		return p, nil
	}
	_, selected := p.Selected()
	k := p.keys
	switch {
	case key.Matches(km, k.Close):
		p.open = false
	case key.Matches(km, k.Jump) && selected:
		p.open, p.event = false, PanelJump
	case key.Matches(km, k.EditNote) && selected:
		p.event = PanelEdit
	case key.Matches(km, k.DeleteNote) && selected:
		p.event = PanelDelete
	case key.Matches(km, k.Undo):
		p.event = PanelUndo
	default:
		p.cursor, _ = listMove(k, km, p.cursor, p.rows(), len(p.items)-1)
	}
	return p, nil
}

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

// Selected is the note under the cursor.
func (p NotesPanel) Selected() (PanelItem, bool) {
	if p.cursor < 0 || p.cursor >= len(p.items) {
		return PanelItem{}, false
	}
	return p.items[p.cursor], true
}

// Len is the number of notes listed.
func (p NotesPanel) Len() int { return len(p.items) }

// rows is how many notes the panel shows: the box's border takes two lines,
// the heading and the footer one each, and a note two.
func (p NotesPanel) rows() int { return max(1, (p.height-4)/2) }

// View draws the panel in a box: exactly height lines of at most width.
func (p NotesPanel) View() string {
	s := p.styles
	g := MarkGlyphs(s)
	inner := max(1, p.width-4)
	head := s.OverHead.Render(fmt.Sprintf("Notes (%d)", len(p.items)))
	lines := []string{head}
	rows := p.rows()
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

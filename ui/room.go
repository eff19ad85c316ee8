package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

// The parts of a briefing room the reader draws: the room's status line,
// the presenter's pointer in the reader's margin, and the room's menus
// (the live rooms, who is here, the questions, hand over). What they say
// the root decides; everything drawn here goes through termsafe, since a
// name or a question comes from another person.

// RoomStatus is what the room's status line says.
type RoomStatus struct {
	Left   string // "● following ana", "◌ on your own — F to follow", "presenter away 0:42"…
	Right  string // the room's name, counters
	Notice bool   // Left is news (the presenter moved, the copy differs): drawn as a warning
}

// RoomBar draws st on a line of width w.
func RoomBar(s *Styles, st RoomStatus, w int) string {
	left := s.Status.Render(termsafe.Line(st.Left))
	if st.Notice {
		left = s.Warning.Render(termsafe.Line(st.Left))
	}
	return StatusBar(s, left, s.Dim.Render(termsafe.Line(st.Right)), w)
}

// RoomSpot is the reader's place as a room shares it, in paragraphs, so
// that it holds at any width: the paragraph at the top of the view and the
// one the paragraph cursor is on (-1: none), as indexes into
// Rendered.Paragraphs, and the section marked in the tab row.
func (r Reader) RoomSpot() (section, top, pointer int, ok bool) {
	if r.brief == nil || !r.ready {
		return r.current, -1, -1, r.brief != nil
	}
	top, pointer = r.rendered.ParagraphAt(r.vp.y), -1
	if r.annot.active && len(r.rendered.Paragraphs) > 0 {
		pointer = r.annot.cursor
	}
	return r.current, top, pointer, true
}

// ShowSpot puts paragraph top at the top of the view (section's start when
// top is not a paragraph of this render) and marks paragraph pointer with
// the presenter's bar (-1: no mark). A paragraph in a part of the render
// not come yet is landed on when it comes; meanwhile the view shows its
// section. It reports whether the render was there to show it on.
func (r *Reader) ShowSpot(section, top, pointer int) bool {
	if r.brief == nil {
		return false
	}
	r.spotHold = spotHold{} // the presenter's place wins over one kept through a resize
	// The tab row shows the presenter's section even when the bottom
	// of the brief is on screen. Set before the one syncCurrent: each
	// change of the marked tab draws the tab row again (with 300
	// followers, a tenth of the server's CPU when done twice).
	r.pinned = -1
	if section >= 0 && section < r.sectionCount() {
		r.pinned = section
	}
	switch {
	case top >= 0:
		r.seek(goal{kind: goalSpot, sec: section, para: top})
	case r.pinned >= 0:
		r.seek(goal{kind: goalSection, sec: section})
	}
	r.SetPointer(pointer)
	return r.ready
}

// SetPointer marks paragraph p with the presenter's bar (-1: none). A
// paragraph of a part not rendered yet is marked when it comes.
func (r *Reader) SetPointer(p int) {
	if p < 0 || (p >= len(r.rendered.Paragraphs) && r.ready && !r.rendered.Partial) {
		r.annot.pointed = 0
	} else {
		r.annot.pointed = p + 1
	}
	r.refresh()
}

// Pointer is the paragraph the presenter's bar marks, or -1.
func (r Reader) Pointer() int { return r.annot.pointed - 1 }

// MenuEvent is what the last key given to a RoomMenu asks of its owner.
type MenuEvent int

// The menu's events.
const (
	MenuIdle     MenuEvent = iota
	MenuChosen             // enter on a row
	MenuAnswered           // mark the row (a question) answered
	MenuClosed             // esc
)

// MenuRow is one row of a RoomMenu.
type MenuRow struct {
	ID   string // what the owner acts on: a room's name, a person, a question
	Text string // shown as is, after termsafe.Line
	Dim  bool   // drawn dim (an answered question, someone on their own)
}

// RoomMenu is an overlay listing rows with a cursor: the live rooms, who is
// here, the questions, the people a room can be handed to. Its owner fills
// it, reads the event of each key and closes it.
type RoomMenu struct {
	styles        *Styles
	keys          *KeyMap
	title, empty  string
	foot          string
	rows          []MenuRow
	cursor        int
	event         MenuEvent
	width, height int
}

// NewRoomMenu returns a menu with the bindings screen s enables.
func NewRoomMenu(s *Styles, k KeyMap, screen Screen) RoomMenu {
	return RoomMenu{styles: s, keys: k.forScreen(screen)}
}

// SetStyles replaces the styles.
func (m *RoomMenu) SetStyles(s *Styles) { m.styles = s }

// SetSize sets the area the menu is centred in.
func (m *RoomMenu) SetSize(w, h int) { m.width, m.height = max(0, w), max(0, h) }

// SetTitle sets the heading, the line shown when there are no rows and the
// line under the rows.
func (m *RoomMenu) SetTitle(title, empty, foot string) { m.title, m.empty, m.foot = title, empty, foot }

// SetRows replaces the rows, keeping the cursor on the row with the same
// ID when there is one.
func (m *RoomMenu) SetRows(rows []MenuRow) {
	had := m.cursor < len(m.rows)
	id := ""
	if had {
		id = m.rows[m.cursor].ID
	}
	m.rows, m.cursor = rows, 0
	for i, r := range rows {
		if had && r.ID == id {
			m.cursor = i
		}
	}
}

// Selected is the row under the cursor; ok is false when there is none.
func (m RoomMenu) Selected() (MenuRow, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return MenuRow{}, false
	}
	return m.rows[m.cursor], true
}

// Event is what the last key asked for.
func (m RoomMenu) Event() MenuEvent { return m.event }

// rowsShown is how many rows fit in the box (border 2, heading, foot).
func (m RoomMenu) rowsShown() int { return max(1, m.height-4) }

// Update moves the cursor and reports enter, x and esc.
func (m RoomMenu) Update(msg tea.Msg) (RoomMenu, tea.Cmd) {
	m.event = MenuIdle
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	switch {
	case key.Matches(k, m.keys.Close):
		m.event = MenuClosed
	case key.Matches(k, m.keys.Select):
		if len(m.rows) > 0 {
			m.event = MenuChosen
		}
	case key.Matches(k, m.keys.Answered):
		if len(m.rows) > 0 {
			m.event = MenuAnswered
		}
	default:
		m.cursor, _ = listMove(m.keys, k, m.cursor, m.rowsShown(), len(m.rows)-1)
	}
	return m, nil
}

// View draws the menu centred in its area: exactly height lines.
func (m RoomMenu) View() string {
	s := m.styles
	inner := max(0, min(m.width-4, 72))
	lines := []string{s.OverHead.Render(ansi.Truncate(termsafe.Line(m.title), inner, s.Glyphs.Ellipsis))}
	n := m.rowsShown()
	first := max(0, min(m.cursor-n/2, len(m.rows)-n))
	for i := first; i < len(m.rows) && i < first+n; i++ {
		r := m.rows[i]
		mark := "  "
		if i == m.cursor {
			mark = s.Glyphs.Cursor + " "
		}
		line := ansi.Truncate(mark+termsafe.Line(r.Text), inner, s.Glyphs.Ellipsis)
		switch {
		case i == m.cursor:
			line = s.Selected.Render(line)
		case r.Dim:
			line = s.Dim.Render(line)
		}
		lines = append(lines, line)
	}
	if len(m.rows) == 0 {
		lines = append(lines, s.Dim.Render(ansi.Truncate(termsafe.Line(m.empty), inner, s.Glyphs.Ellipsis)))
	}
	lines = append(lines, s.Dim.Render(ansi.Truncate(termsafe.Line(m.foot), inner, s.Glyphs.Ellipsis)))
	box := s.Overlay.Width(inner + 4).Render(strings.Join(lines, "\n"))
	return PlaceOverlay(box, m.width, m.height)
}

// OfferBox is the question put to someone a room is handed to.
func OfferBox(s *Styles, from string, w, h int) string {
	inner := max(0, min(w-4, 60))
	lines := []string{
		s.OverHead.Render(ansi.Truncate(termsafe.Line(from)+" hands you the room", inner, s.Glyphs.Ellipsis)),
		ansi.Truncate("Everyone will follow you.", inner, s.Glyphs.Ellipsis),
		s.Dim.Render(ansi.Truncate("y take the room"+s.Glyphs.Sep+"n/esc decline", inner, s.Glyphs.Ellipsis)),
	}
	box := s.Overlay.Width(inner + 4).Render(strings.Join(lines, "\n"))
	return PlaceOverlay(box, w, h)
}

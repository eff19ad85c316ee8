package ui

import (
	"charm.land/lipgloss/v2"
	"cmp"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/notes"
	"github.com/charmbracelet/x/ansi"
)

// OpenBriefMsg asks the root to open a brief. The library emits it on enter
// and on a click on the row that is already selected.
type OpenBriefMsg struct{ ID string }

// rowHeight is the height of one library item: title, metadata, spacing.
const rowHeight = 3

// Library is the list of briefs. It is virtualised: View draws only the rows
// on screen, so it costs the same with ten briefs or ten thousand.
type Library struct {
	styles *Styles
	keys   *KeyMap
	briefs []*briefs.Brief
	cursor int // index of the selected brief
	offset int // index of the first brief on screen
	width  int
	height int
	view   string // drawn in Update (refresh), so View costs nothing

	// Styled once per Styles rather than once per row.
	badgeWhy, badgeKnow, badgeNext, cursorMark string

	marks *notes.Marks // star, unread and note count per row (notes.go); nil: none

	snippets []Snippet // per listed brief, a search result's snippet (snippet.go); nil: none

	compact bool // one line per brief (library_compact.go)

	groups []Group // a heading over each run of briefs (library_sort.go); nil: none
}

// sharedRows holds drawn library rows for every Library of the process
// (every session of a server, which all list the same briefs): moving the
// cursor redraws two rows, not the screen, and a new session's first screen
// is mostly drawn already. A row is a pure function of its key; Styles are
// shared and never changed (StylesForTheme), so their address names them.
// The bound is many screens of several widths and themes.
var sharedRows = newMemo[rowKey, [2]string](8192)

type rowKey struct {
	b        *briefs.Brief
	selected bool
	width    int
	styles   *Styles
	marks    string // marksText: star, unread dot, note count
	compact  bool
}

// NewLibrary returns an empty library list.
func NewLibrary(s *Styles, k KeyMap) Library {
	l := Library{keys: k.forScreen(ScreenLibrary)}
	l.SetStyles(s)
	return l
}

// SetBriefs replaces the listed briefs (in the order given: the root
// arranges them) and keeps the selection on the same brief when it is still
// there.
func (l *Library) SetBriefs(bs []*briefs.Brief) {
	var id string
	if b := l.Selected(); b != nil {
		id = b.ID
	}
	l.briefs = bs
	l.snippets = nil // a plain list; SetResults sets them after
	l.groups = nil   // SetGroups sets them after
	l.cursor = 0
	if id != "" {
		l.SelectID(id)
	}
	l.clamp()
}

// SetSize sets the width and height the list may draw in.
func (l *Library) SetSize(w, h int) {
	l.width, l.height = w, h
	l.clamp()
}

// SetStyles replaces the styles, after the terminal reported its background.
func (l *Library) SetStyles(s *Styles) {
	l.styles = s
	l.badgeWhy = s.BadgeWhy.Render("Why")
	l.badgeKnow = s.BadgeKnow.Render("Know")
	l.badgeNext = s.BadgeNext.Render("Next")
	l.cursorMark = s.Cursor.Render(s.Glyphs.Cursor)
	l.refresh()
}

// Len is the number of briefs listed.
func (l Library) Len() int { return len(l.briefs) }

// Index is the position of the selected brief.
func (l Library) Index() int { return l.cursor }

// Selected returns the selected brief, or nil when the list is empty.
func (l Library) Selected() *briefs.Brief {
	if l.cursor < 0 || l.cursor >= len(l.briefs) {
		return nil
	}
	return l.briefs[l.cursor]
}

// SelectID moves the selection to the brief with this ID, if listed.
func (l *Library) SelectID(id string) {
	for i, b := range l.briefs {
		if b.ID == id {
			l.Select(i)
			return
		}
	}
}

// Select moves the selection to index i (clamped) and scrolls it into view.
func (l *Library) Select(i int) {
	l.cursor = i
	l.clamp()
}

// visibleRows is how many items fit on screen from the first one shown (at
// least one); group headings take lines of their own.
func (l Library) visibleRows() int { return l.fitFrom(l.offset) }

// VisibleRows is how many briefs the list shows at once.
func (l Library) VisibleRows() int { return l.visibleRows() }

// clamp keeps the cursor in range and on screen.
func (l *Library) clamp() {
	n := len(l.briefs)
	l.cursor = max(0, min(l.cursor, n-1))
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+l.fitFrom(l.offset) {
		l.offset = l.firstFitting(l.cursor)
	}
	l.offset = max(0, min(l.offset, l.firstFitting(n-1)))
	l.refresh()
}

// Update handles keys and mouse messages. Mouse coordinates must be relative
// to the list's top-left corner: the root translates them.
func (l Library) Update(msg tea.Msg) (Library, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return l.handleKey(msg)
	case tea.MouseWheelMsg:
		l.scroll(msg.Button)
	case tea.MouseClickMsg:
		return l.click(msg)
	}
	return l, nil
}

func (l Library) handleKey(msg tea.KeyPressMsg) (Library, tea.Cmd) {
	if key.Matches(msg, l.keys.Open) {
		return l, l.openCmd()
	}
	rows := l.visibleRows()
	cursor, ok := listMove(l.keys, msg, l.cursor, rows, len(l.briefs)-1)
	if !ok {
		return l, nil
	}
	// A page key turns the page, not only the cursor: the screen shows
	// the next rows even when the cursor stops at the end of the list.
	switch {
	case key.Matches(msg, l.keys.PageUp):
		l.offset = max(0, l.offset-rows)
	case key.Matches(msg, l.keys.PageDown):
		l.offset += rows
	case key.Matches(msg, l.keys.HalfPageUp):
		l.offset = max(0, l.offset-max(1, rows/2))
	case key.Matches(msg, l.keys.HalfPageDown):
		l.offset += max(1, rows/2)
	}
	l.Select(cursor)
	return l, nil
}

// scroll moves the view one item per wheel notch; the selection follows only
// when it would leave the screen.
func (l *Library) scroll(b tea.MouseButton) {
	switch b {
	case tea.MouseWheelUp:
		l.offset = max(0, l.offset-1)
	case tea.MouseWheelDown:
		l.offset = max(0, min(l.offset+1, l.firstFitting(len(l.briefs)-1)))
	default:
		return
	}
	l.cursor = max(l.offset, min(l.cursor, l.offset+l.visibleRows()-1))
	l.clamp()
}

// click selects the row under the pointer; a click on the row that is
// already selected opens it (a terminal reports no double clicks).
func (l Library) click(msg tea.MouseClickMsg) (Library, tea.Cmd) {
	if msg.Button != tea.MouseLeft || msg.Y < 0 || msg.X < 0 || msg.X >= l.width {
		return l, nil
	}
	items := l.lineItems()
	if msg.Y >= len(items) || items[msg.Y] < 0 {
		return l, nil // below the last row, or on a group's heading
	}
	i := items[msg.Y]
	if i == l.cursor {
		return l, l.openCmd()
	}
	l.Select(i)
	return l, nil
}

func (l Library) openCmd() tea.Cmd {
	b := l.Selected()
	if b == nil {
		return nil
	}
	id := b.ID
	return func() tea.Msg { return OpenBriefMsg{ID: id} }
}

// View returns the visible rows, exactly height lines no wider than width.
func (l Library) View() string { return l.view }

// refresh draws the visible rows; every change of state ends with it.
func (l *Library) refresh() {
	l.view = l.draw(true)
}

// draw draws the visible rows, taking them from sharedRows when cached.
func (l Library) draw(cached bool) string {
	if l.width <= 0 || l.height <= 0 {
		return ""
	}
	lines := make([]string, 0, l.height)
	end := min(len(l.briefs), l.offset+l.visibleRows())
	for i := l.offset; i < end; i++ {
		if l.headingBefore(i, l.offset) {
			lines = append(lines, l.heading(l.groups[l.groupAt(i)]))
		}
		b := l.briefs[i]
		key := rowKey{b: b, selected: i == l.cursor, width: l.width, styles: l.styles, marks: l.marksText(b.ID), compact: l.compact}
		r, ok := [2]string{}, false
		if cached {
			r, ok = sharedRows.get(key)
		}
		if !ok {
			if l.compact {
				r[0] = l.compactRow(b, key.selected, key.marks)
			} else {
				r[0], r[1] = l.row(b, key.selected, key.marks)
			}
			if l.width < minLayoutWidth { // rows are laid out for wider lists
				r[0], r[1] = fit(r[0], l.width), fit(r[1], l.width)
			}
			if cached {
				sharedRows.put(key, r)
			}
		}
		if l.compact {
			lines = append(lines, r[0])
			continue
		}
		lines = append(lines, r[0], r[1])
		lines = l.appendSnippet(lines, i)
		lines = append(lines, "")
	}
	for len(lines) < l.height {
		lines = append(lines, "")
	}
	return strings.Join(lines[:l.height], "\n")
}

// rowStart is what both row densities begin with: the cursor column, the
// title's style, and the title (the ID when it has none), sanitised.
func (l Library) rowStart(b *briefs.Brief, selected bool) (cursor string, titleStyle lipgloss.Style, title string) {
	cursor, titleStyle = " ", l.styles.Title
	if selected {
		cursor, titleStyle = l.cursorMark, l.styles.Selected
	}
	title = termsafe.Line(b.Title)
	if title == "" {
		title = termsafe.Line(b.ID)
	}
	return cursor, titleStyle, title
}

// row draws one item: the title (badges on the right when there is room)
// and a line of metadata. All brief text is sanitised here.
func (l Library) row(b *briefs.Brief, selected bool, marks string) (string, string) {
	s := l.styles
	g := s.Glyphs
	cursor, titleStyle, title := l.rowStart(b, selected)
	inner := l.width - 2 // cursor column and a space

	badgeText, badges := l.badges(b)
	meta := marks + MetaDated(b, g.Sep, s.DateLayout)

	var line1, line2 string
	if bw := ansi.StringWidth(badgeText); badgeText != "" && inner-bw-2 >= 30 {
		t := ansi.Truncate(title, inner-bw-2, g.Ellipsis)
		gap := inner - ansi.StringWidth(t) - bw
		line1 = titleStyle.Render(t) + strings.Repeat(" ", gap) + badges
		line2 = s.Meta.Render(ansi.Truncate(meta, inner, g.Ellipsis))
	} else {
		line1 = titleStyle.Render(ansi.Truncate(title, inner, g.Ellipsis))
		// Narrow: the badges go after the metadata, which is cut first.
		if badgeText != "" {
			room := inner - ansi.StringWidth(badgeText) - 1
			if room >= 8 {
				line2 = s.Meta.Render(ansi.Truncate(meta, room, g.Ellipsis)) + " " + badges
			} else {
				line2 = s.Meta.Render(ansi.Truncate(meta, inner, g.Ellipsis))
			}
		} else {
			line2 = s.Meta.Render(ansi.Truncate(meta, inner, g.Ellipsis))
		}
	}
	metaCursor := " "
	if selected && !s.Plain {
		metaCursor = cursor
	}
	return cursor + " " + line1, metaCursor + " " + line2
}

// badges returns the canonical sections present as plain text (to measure)
// and styled.
func (l Library) badges(b *briefs.Brief) (string, string) {
	var plain, styled []string
	for _, bd := range [...]struct {
		kind   briefs.Kind
		label  string
		styled string
	}{
		{briefs.KindWhyItMatters, "Why", l.badgeWhy},
		{briefs.KindWhatToKnow, "Know", l.badgeKnow},
		{briefs.KindWhatHappensNext, "Next", l.badgeNext},
	} {
		if b.HasKind(bd.kind) {
			plain = append(plain, bd.label)
			styled = append(styled, bd.styled)
		}
	}
	return strings.Join(plain, " "), strings.Join(styled, " ")
}

// dateAndSource is the start of a brief's metadata: its date, else the
// file's as such ("modified 2026-12-07": the library sorts an undated brief
// by it, and must not pass it off as the brief's), and its source,
// sanitised; empty parts left out.
func dateAndSource(b *briefs.Brief, layout string) []string {
	layout = cmp.Or(layout, time.DateOnly)
	var parts []string
	if !b.Date.IsZero() {
		parts = append(parts, b.Date.Format(layout))
	} else if !b.ModTime.IsZero() {
		parts = append(parts, "modified "+b.ModTime.Format(layout))
	}
	if src := termsafe.Line(b.Source); src != "" {
		parts = append(parts, src)
	}
	return parts
}

// Meta is a brief's one-line metadata: date, source and tags, sanitised.
func Meta(b *briefs.Brief, sep string) string { return MetaDated(b, sep, "") }

// MetaDated is Meta with the date shown as layout (a Go time layout; ""
// is 2006-01-02).
func MetaDated(b *briefs.Brief, sep, layout string) string {
	parts := dateAndSource(b, layout)
	if len(b.Tags) > 0 {
		tags := make([]string, 0, len(b.Tags))
		for _, t := range b.Tags {
			if t = termsafe.Line(t); t != "" {
				tags = append(tags, "#"+t)
			}
		}
		if len(tags) > 0 {
			parts = append(parts, strings.Join(tags, " "))
		}
	}
	return strings.Join(parts, sep)
}

// fit cuts a line to w cells; the rows are laid out to fit, this guards the
// degenerate widths (a terminal a few columns wide).
func fit(line string, w int) string {
	if ansi.StringWidth(line) <= w {
		return line
	}
	return ansi.Truncate(line, w, "")
}

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

// NoteMatcher decides whether a note passes the review filter q. title is
// the note's brief title. The query language plugs in here; the default is
// SubstringMatch.
type NoteMatcher func(n notes.Note, title, q string) bool

// NoteQueryCheck reports why the filter text q is malformed (a
// *search.QueryError gives the caret's position), or nil when it is not.
type NoteQueryCheck func(q string) error

// reviewFilterHint is the filter line while no filter is set.
const reviewFilterHint = "/ filter: words, tag:, section:, source:, is:starred, has:notes"

// reviewEditHint is the line under the filter while it is edited.
const reviewEditHint = "a query: words, tag:, section:, is:starred… · enter done · esc clears"

// reviewPlainNote is what the filter line says while a malformed query
// filters as plain text.
const reviewPlainNote = "matching as plain text"

// SubstringMatch is the plain filter: q, case-insensitive, in the brief
// title, the section, the quote or the body.
func SubstringMatch(n notes.Note, title, q string) bool {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return true
	}
	for _, f := range []string{title, n.BriefID, n.Section.Title, n.Quote, n.Body} {
		if strings.Contains(strings.ToLower(f), q) {
			return true
		}
	}
	return false
}

// reviewRow is one line of the review list: a brief heading, a section
// heading or a note (note >= 0, an index into the shown notes).
type reviewRow struct {
	text string
	kind int // 0 brief, 1 section, 2 note
	note int
}

// ReviewEvent is what the last key given to the review screen asks of its
// owner (Review.Event). The screen moves, filters and closes by itself.
type ReviewEvent int

// The review screen's events.
const (
	ReviewIdle   ReviewEvent = iota // nothing for the owner to do
	ReviewJump                      // open the selected note in its brief
	ReviewExport                    // export every note
)

// Review is the review screen: all notes, grouped by brief and section,
// with a filter line.
type Review struct {
	styles     *Styles
	keys       *KeyMap // ScreenReview
	filterKeys *KeyMap // ScreenReviewFilter
	open       bool
	event      ReviewEvent // of the last Update
	all        []notes.Note
	titles     map[string]string
	match      NoteMatcher
	check      NoteQueryCheck // nil: every filter text is good
	filter     QueryBar       // focused while it has the keys; its error shown under it
	bad        bool           // the filter is malformed and matches as plain text
	shown      []notes.Note
	rows       []reviewRow
	cursor     int // index into shown
	offset     int // first row on screen
	width      int
	height     int
}

// NewReview returns a closed, empty review screen that filters with match
// (nil: SubstringMatch).
func NewReview(s *Styles, k KeyMap, match NoteMatcher) Review {
	if match == nil {
		match = SubstringMatch
	}
	return Review{
		styles: s, keys: k.forScreen(ScreenReview), filterKeys: k.forScreen(ScreenReviewFilter),
		match: match, filter: NewQueryBar(s, k, ScreenReviewFilter, "/ filter: "),
	}
}

// Open shows the screen; it takes the keys until it closes.
func (v *Review) Open() { v.open = true }

// Close hides the screen.
func (v *Review) Close() { v.open = false }

// Focused reports whether the screen is shown and takes the keys.
func (v Review) Focused() bool { return v.open }

// Event is what the last Update asks of the owner, read in the same Update
// of the root (see NotesPanel.Event).
func (v Review) Event() ReviewEvent { return v.event }

// Update handles a key or a paste while the screen is open. While the
// filter line is edited it takes them all: enter keeps the filter, esc
// clears it. Otherwise esc or q closes the screen, / edits the filter, the
// moving keys move the cursor, and enter and E are reported (Event).
func (v Review) Update(msg tea.Msg) (Review, tea.Cmd) {
	v.event = ReviewIdle
	if !v.open {
		return v, nil
	}
	if v.Editing() {
		if km, ok := msg.(tea.KeyPressMsg); ok {
			switch {
			case key.Matches(km, v.filterKeys.Close):
				v.clearFilter()
				v.setEditing(false)
				return v, nil
			case key.Matches(km, v.filterKeys.FilterDone):
				v.setEditing(false)
				return v, nil
			}
		}
		v.updateFilter(msg)
		return v, nil
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return v, nil
	}
	k := v.keys
	switch {
	case key.Matches(km, k.Back):
		v.open = false
	case key.Matches(km, k.Filter):
		v.setEditing(true)
	case key.Matches(km, k.Export):
		v.event = ReviewExport
	case key.Matches(km, k.Jump):
		if _, ok := v.Selected(); ok {
			v.event = ReviewJump
		}
	default:
		if c, moved := listMove(k, km, v.cursor, v.page(), len(v.shown)-1); moved {
			v.cursor = c
			v.scroll()
		}
	}
	return v, nil
}

// page is how far the page keys move the cursor: about a screen of notes,
// with their headings.
func (v Review) page() int { return max(1, (v.height-2)/2) }

// SetCheck sets what tells a malformed filter (nil: none is), e.g. the
// query language's parser, and applies it. While the filter is malformed
// its error is drawn under it, caret at the position, and it matches as
// plain text (SubstringMatch), so the list does not empty mid-word.
func (v *Review) SetCheck(check NoteQueryCheck) {
	v.check = check
	v.apply()
}

// SetMatcher replaces the filter (nil: SubstringMatch), e.g. once the
// library and the reader's marks are known, and applies it.
func (v *Review) SetMatcher(match NoteMatcher) {
	if match == nil {
		match = SubstringMatch
	}
	v.match = match
	v.apply()
}

// SetNotes replaces the notes (in brief, section, creation order, as
// Store.AllNotes returns them) and the brief titles.
func (v *Review) SetNotes(all []notes.Note, titles map[string]string) {
	v.all, v.titles = all, titles
	v.apply()
}

// SetSize sets the screen's size.
func (v *Review) SetSize(w, h int) {
	v.width, v.height = w, h
	v.filter.SetWidth(w)
	v.scroll()
}

// SetStyles replaces the styles.
func (v *Review) SetStyles(s *Styles) {
	v.styles = s
	v.filter.SetStyles(s)
}

// Filter is the filter text.
func (v Review) Filter() string { return v.filter.Value() }

// FilterError is the message of the malformed filter's error, or "".
func (v Review) FilterError() string { return v.filter.Err() }

// Editing reports whether the filter line has the keys.
func (v Review) Editing() bool { return v.filter.Focused() }

// setEditing gives the keys to the filter line or takes them back.
func (v *Review) setEditing(on bool) {
	switch {
	case on && !v.filter.Focused():
		v.filter.Open(v.filter.Value())
	case !on:
		v.filter.Close()
	}
	v.scroll()
}

// updateFilter edits the filter line with a key or a paste (the library
// bar's line editing: ctrl+u, ctrl+w, alt+b…) and re-filters.
func (v *Review) updateFilter(msg tea.Msg) {
	v.filter, _ = v.filter.Update(msg)
	if v.filter.Event() == BarEdited {
		v.apply()
	}
}

// clearFilter empties the filter.
func (v *Review) clearFilter() {
	editing := v.filter.Focused()
	v.filter.Open("")
	if !editing {
		v.filter.Close()
	}
	v.apply()
}

// Len is the number of notes shown (after the filter).
func (v Review) Len() int { return len(v.shown) }

// Selected is the note under the cursor.
func (v Review) Selected() (notes.Note, bool) {
	if v.cursor < 0 || v.cursor >= len(v.shown) {
		return notes.Note{}, false
	}
	return v.shown[v.cursor], true
}

// Shown are the notes that pass the filter.
func (v Review) Shown() []notes.Note { return v.shown }

func (v *Review) title(id string) string {
	if t := v.titles[id]; t != "" {
		return t
	}
	return id
}

// apply filters the notes and lays out the grouped rows.
func (v *Review) apply() {
	q := v.filter.Value()
	var err error
	if v.check != nil {
		err = v.check(q)
	}
	v.filter.SetError(err)
	v.bad = err != nil
	match := v.match
	if v.bad {
		match = SubstringMatch
		v.filter.SetRight(reviewPlainNote)
	} else {
		v.filter.SetRight("")
	}
	v.shown = v.shown[:0:0]
	v.rows = nil
	lastBrief, lastSection := "", -1
	for _, n := range v.all {
		title := v.title(n.BriefID)
		if !match(n, title, q) {
			continue
		}
		if n.BriefID != lastBrief {
			v.rows = append(v.rows, reviewRow{text: termsafe.Line(title), kind: 0, note: -1})
			lastBrief, lastSection = n.BriefID, -1
		}
		if n.Section.Index != lastSection {
			v.rows = append(v.rows, reviewRow{text: SectionLabel(n.Section), kind: 1, note: -1})
			lastSection = n.Section.Index
		}
		v.rows = append(v.rows, reviewRow{kind: 2, note: len(v.shown)})
		v.shown = append(v.shown, n)
	}
	v.cursor = max(0, min(v.cursor, len(v.shown)-1))
	v.scroll()
}

// listRows is how many rows of the list fit: the title and filter lines
// take two, and the hint or error line under the filter a third.
func (v Review) listRows() int { return max(1, v.height-2-v.underFilter()) }

// underFilter is 1 when a line goes under the filter: while it is edited
// (the hint, or the error) or while it is malformed (the error).
func (v Review) underFilter() int {
	if v.filter.Focused() || v.bad {
		return 1
	}
	return 0
}

// scroll keeps the cursor's row (and its headings when they fit) on screen.
func (v *Review) scroll() {
	at := 0
	for i, r := range v.rows {
		if r.kind == 2 && r.note == v.cursor {
			at = i
		}
	}
	rows := v.listRows()
	if at < v.offset+2 {
		v.offset = max(0, at-2)
	}
	if at >= v.offset+rows {
		v.offset = at - rows + 1
	}
	v.offset = max(0, min(v.offset, len(v.rows)-rows))
}

// View draws the screen: exactly height lines of at most width.
func (v Review) View() string {
	s := v.styles
	g := MarkGlyphs(s)
	w := v.width
	if w <= 0 || v.height <= 0 {
		return ""
	}
	count := fmt.Sprintf("%d of %d notes", len(v.shown), len(v.all))
	if len(v.shown) == len(v.all) {
		count = fmt.Sprintf("%d notes", len(v.all))
		if len(v.all) == 1 {
			count = "1 note"
		}
	}
	lines := []string{StatusBar(s, s.Title.Render("Review"), s.Dim.Render(count), w)}
	filter := termsafe.Line(v.filter.Value())
	switch {
	case v.filter.Focused():
		lines = append(lines, v.filter.View())
	case filter != "":
		right := ""
		if v.bad {
			right = s.Dim.Render(reviewPlainNote)
		}
		lines = append(lines, StatusBar(s, s.Dim.Render("/ filter: ")+filter, right, w))
	default:
		lines = append(lines, s.Dim.Render(ansi.Truncate(reviewFilterHint, w, s.Glyphs.Ellipsis)))
	}
	if v.underFilter() > 0 {
		lines = append(lines, v.filter.ErrorLine(reviewEditHint))
	}
	if len(v.shown) == 0 {
		msg := "No notes yet: open a brief, press v to select paragraphs and a to add a note."
		if len(v.all) > 0 {
			msg = "No note matches the filter."
		}
		lines = append(lines, "", s.Dim.Render(ansi.Truncate("  "+msg, w, s.Glyphs.Ellipsis)))
	}
	end := min(len(v.rows), v.offset+v.listRows())
	for _, r := range v.rows[v.offset:end] {
		switch r.kind {
		case 0:
			lines = append(lines, s.Title.Render(ansi.Truncate(r.text, w, s.Glyphs.Ellipsis)))
		case 1:
			lines = append(lines, s.OverHead.Render(ansi.Truncate("  "+r.text, w, s.Glyphs.Ellipsis)))
		default:
			n := v.shown[r.note]
			mark := g.Note
			if n.IsHighlight() {
				mark = g.Highlight
			}
			text := NoteSnippet(n)
			if q := QuoteSnippet(n); q != "" && !n.IsHighlight() {
				text += s.Glyphs.Sep + "“" + q + "”"
			}
			stamp := n.Updated.Local().Format("2006-01-02")
			line := "    " + mark + " " + text
			cur := r.note == v.cursor
			if cur {
				line = "  " + s.Glyphs.Cursor + " " + mark + " " + text
			}
			room := w - len(stamp) - 1
			if room < 20 {
				line = ansi.Truncate(line, w, s.Glyphs.Ellipsis)
				stamp = ""
			} else {
				line = ansi.Truncate(line, room, s.Glyphs.Ellipsis)
			}
			if cur {
				line = s.Selected.Render(line)
			}
			if stamp != "" {
				line += strings.Repeat(" ", max(1, w-ansi.StringWidth(line)-len(stamp))) + s.Dim.Render(stamp)
			}
			lines = append(lines, line)
		}
	}
	return clip(strings.Join(lines, "\n"), w, v.height, true)
}

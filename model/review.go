package model

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/ui"
)

// noteMatches is the review screen's filter until the notes are loaded:
// then reviewMatcher, the query language, takes over.
func noteMatches(n notes.Note, title, q string) bool { return ui.SubstringMatch(n, title, q) }

// reviewMatcher filters the review screen with the query language
// (NoteFilter) over the library and the reader's marks. A query typed
// halfway that does not parse yet ("tag:(") filters as plain text
// meanwhile, so the list never empties between keystrokes; the screen says
// so under the filter (reviewCheck). The parsed
// filter is kept while the text stays the same: apply calls this per note.
func (m Model) reviewMatcher() ui.NoteMatcher {
	lib, marks := m.lib, m.searchMarks()
	var (
		last   string
		filter *NoteFilter
		parsed bool
	)
	return func(n notes.Note, title, q string) bool {
		if !parsed || q != last {
			last, parsed = q, true
			filter, _ = NewNoteFilter(q, lib, marks)
		}
		if filter == nil {
			return ui.SubstringMatch(n, title, q)
		}
		return filter.Match(n, title)
	}
}

// reviewCheck tells the review screen why its filter does not parse as a
// query (NewNoteFilter's error, with its position), so the screen shows it
// under the filter instead of quietly matching plain text.
func (m Model) reviewCheck() ui.NoteQueryCheck {
	marks := m.searchMarks()
	return func(q string) error {
		_, err := NewNoteFilter(q, nil, marks)
		return err
	}
}

// openReview shows the review screen and loads every note.
func (m Model) openReview() (tea.Model, tea.Cmd) {
	if why := m.notesUsable(false); why != "" {
		return m, m.setStatus(why)
	}
	m.notes.review = true
	m.notes.panel = false
	m.reader.EndSelect()
	m.layoutNotes()
	s, owner := m.notes.store, m.notes.owner
	return m, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		list, err := s.AllNotes(ctx, owner)
		return allNotesMsg{list: list, err: err}
	}
}

func (m Model) handleAllNotes(msg allNotesMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m, m.setStatus("could not read notes: " + errorReason(msg.err))
	}
	m.notes.reviewView.SetNotes(msg.list, m.titles())
	m.notes.reviewView.SetCheck(m.reviewCheck())
	m.notes.reviewView.SetMatcher(m.reviewMatcher())
	return m, nil
}

// reviewKey moves in the review list, filters it, opens a note or exports.
func (m Model) reviewKey(msg tea.KeyPressMsg, k ui.KeyMap) (tea.Model, tea.Cmd) {
	v := &m.notes.reviewView
	if v.Editing() {
		switch {
		case key.Matches(msg, k.Close):
			v.ClearFilter()
			v.SetEditing(false)
		case msg.String() == "enter":
			v.SetEditing(false)
		default:
			v.UpdateFilter(msg)
		}
		return m, nil
	}
	page := max(1, (m.height-3)/2)
	switch {
	case key.Matches(msg, k.Back):
		m.notes.review = false
	case key.Matches(msg, k.Down):
		v.Move(1)
	case key.Matches(msg, k.Up):
		v.Move(-1)
	case key.Matches(msg, k.PageDown):
		v.Move(page)
	case key.Matches(msg, k.PageUp):
		v.Move(-page)
	case key.Matches(msg, k.Top):
		v.Move(-v.Len())
	case key.Matches(msg, k.Bottom):
		v.Move(v.Len())
	case key.Matches(msg, k.Filter):
		v.SetEditing(true)
	case key.Matches(msg, k.Export):
		return m.export()
	case key.Matches(msg, k.Jump):
		n, ok := v.Selected()
		if !ok {
			return m, nil
		}
		if m.lib == nil {
			return m, nil
		}
		if _, found := m.lib.Get(n.BriefID); !found {
			return m, m.setStatus("brief " + termsafe.Line(n.BriefID) + " is not in this library")
		}
		m.notes.review = false
		next, cmd := m.openBrief(n.BriefID)
		mm := next.(Model)
		mm.notes.jumpNote = n.ID
		return mm, cmd
	}
	return m, nil
}

// exportOffStatus is what E says when Options.NoExport is set.
const exportOffStatus = "export is off on this server"

// export writes all notes as markdown into the data folder.
func (m Model) export() (tea.Model, tea.Cmd) {
	if why := m.notesUsable(false); why != "" {
		return m, m.setStatus(why)
	}
	if m.notes.noExport {
		return m, m.setStatus(exportOffStatus)
	}
	return m, tea.Batch(m.setStatus("exporting"+m.styles.Glyphs.Ellipsis),
		exportCmd(m.notes.store, m.notes.owner, m.notes.dataDir, m.titles()))
}

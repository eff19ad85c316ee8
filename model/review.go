package model

import (
	"cmp"
	"context"

	tea "charm.land/bubbletea/v2"
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
	m.notes.review.Open()
	m.notes.panel.Close()
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
	m.notes.review.SetNotes(msg.list, m.titles())
	m.notes.review.SetCheck(m.reviewCheck())
	m.notes.review.SetMatcher(m.reviewMatcher())
	return m, nil
}

// reviewKey gives a key to the review screen and does what it asks: open
// a note in its brief, or export.
func (m Model) reviewKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	m.endStatus(scopeReviewNote) // the filter or the selection moves on from that note
	var cmd tea.Cmd
	m.notes.review, cmd = m.notes.review.Update(msg)
	switch m.notes.review.Event() {
	case ui.ReviewExport:
		return m.export()
	case ui.ReviewJump:
		n, _ := m.notes.review.Selected()
		return m.openNote(n)
	}
	return m, cmd
}

// openNote opens the brief of n from the review screen, scrolled to n.
func (m Model) openNote(n notes.Note) (tea.Model, tea.Cmd) {
	if m.lib == nil {
		return m, nil
	}
	if _, found := m.lib.Get(n.BriefID); !found {
		return m, m.setScopedStatus(scopeReviewNote, "brief "+n.BriefID+" is not in this library")
	}
	m.notes.review.Close()
	next, cmd := m.openBrief(n.BriefID)
	mm := next.(Model)
	mm.notes.jumpNote = n.ID
	return mm, cmd
}

// exportOffStatus is what E says when Options.NoExport is set.
const exportOffStatus = "export is off on this server"

// export writes all notes as markdown into the data folder.
func (m Model) export() (tea.Model, tea.Cmd) {
	if why := m.notesUsable(false); why != "" {
		return m, m.setStatus(why)
	}
	if m.notes.noExport {
		return m, m.setStatus(cmp.Or(m.notes.exportOff, exportOffStatus))
	}
	return m, tea.Batch(m.setStatus("exporting"+m.styles.Glyphs.Ellipsis),
		exportCmd(m.notes.store, m.notes.owner, m.notes.dataDir, m.titles()))
}

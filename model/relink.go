package model

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
)

// relinkedMsg reports which briefs' notes followed a moved file.
type relinkedMsg struct {
	moved []notes.Moved
	err   error
}

func (relinkedMsg) isNotesMsg() {}

// relinkCmd carries the owner's notes to briefs that were renamed or moved
// since the last session (notes.Relink). It runs once the library and the
// store are both in, whichever comes last, and never on a read-only store.
func (m Model) relinkCmd() tea.Cmd {
	s, lib := m.notes.store, m.lib
	if s == nil || lib == nil || m.notes.readOnly || m.loading {
		return nil
	}
	loaded := loadedBriefs(lib.Briefs())
	owner := m.notes.owner
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		moved, err := notes.Relink(ctx, s, owner, loaded)
		return relinkedMsg{moved: moved, err: err}
	}
}

// relinkChangeCmd carries the owner's notes, marks and drafts over to the
// briefs a reload saw renamed or moved (notes.RelinkRenamed: a star alone
// follows too), then lets Relink find notes on a brief both moved and
// edited. It runs at once, not at the next start, so a rename made while
// the reader or a server session is open hides nothing.
func (m Model) relinkChangeCmd(change briefs.Change) tea.Cmd {
	s := m.notes.store
	if s == nil || m.notes.readOnly || len(change.Removed) == 0 || len(change.Added) == 0 {
		return nil
	}
	gone, came, loaded := loadedBriefs(change.Removed), loadedBriefs(change.Added), loadedBriefs(m.lib.Briefs())
	owner := m.notes.owner
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		moved, err := notes.RelinkRenamed(ctx, s, owner, gone, came)
		if err == nil {
			var more []notes.Moved
			more, err = notes.Relink(ctx, s, owner, loaded)
			moved = append(moved, more...)
		}
		return relinkedMsg{moved: moved, err: err}
	}
}

// renamedTo is the brief of the reload that has the content of gone, a
// brief the reload removed: the same file under a new name. Nil unless
// exactly one added brief has that content.
func renamedTo(change briefs.Change, gone *briefs.Brief) *briefs.Brief {
	var to *briefs.Brief
	for _, b := range change.Added {
		if b.Hash == gone.Hash {
			if to != nil {
				return nil
			}
			to = b
		}
	}
	return to
}

// loadedBriefs is what notes.Relink needs of each brief.
func loadedBriefs(list []*briefs.Brief) []notes.LoadedBrief {
	out := make([]notes.LoadedBrief, 0, len(list))
	for _, b := range list {
		out = append(out, notes.LoadedBrief{ID: b.ID, Hash: b.Hash})
	}
	return out
}

func (m Model) handleRelinked(msg relinkedMsg) (tea.Model, tea.Cmd) {
	switch {
	case msg.err != nil:
		return m, m.setStatus("could not follow moved briefs: " + errorReason(msg.err))
	case len(msg.moved) == 0:
		return m, nil
	}
	n := 0
	for _, mv := range msg.moved {
		n += mv.Notes
	}
	if n == 0 {
		// Renames with no note of this owner's: a star may have moved (or
		// been moved by the server, for everyone), so the marks are read
		// again, without a word.
		return m, m.refreshNotes()
	}
	status := fmt.Sprintf("notes and marks of %s followed them (%s)", plural(len(msg.moved), "moved brief"), plural(n, "note"))
	return m, tea.Batch(m.setStatus(status), m.refreshNotes())
}

package model

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
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
	loaded := make([]notes.LoadedBrief, 0, lib.Len())
	for _, b := range lib.Briefs() {
		loaded = append(loaded, notes.LoadedBrief{ID: b.ID, Hash: b.Hash})
	}
	owner := m.notes.owner
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		moved, err := notes.Relink(ctx, s, owner, loaded)
		return relinkedMsg{moved: moved, err: err}
	}
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
	status := fmt.Sprintf("notes on %d moved briefs followed them (%d notes)", len(msg.moved), n)
	return m, tea.Batch(m.setStatus(status), m.refreshNotes())
}

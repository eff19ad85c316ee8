package model

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/ui"
)

// This file is triage, going through a morning's briefs: the next unread
// brief, the whole list marked read, the compact list.

// triageModel is the state of triage between keys.
type triageModel struct {
	confirmSeq int // statusSeq of the "press M again" question; 0 for none
}

// handleTriageKey handles the triage keys; ok is false when the key is not
// one of them (the model is nil then, as in handleNotesKey).
func (m Model) handleTriageKey(msg tea.KeyPressMsg, k ui.KeyMap) (tea.Model, tea.Cmd, bool) {
	var next tea.Model
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.NextUnread):
		next, cmd = m.nextUnread()
	case key.Matches(msg, k.MarkShownRead):
		next, cmd = m.markShownRead()
	case key.Matches(msg, k.Compact):
		m.library.SetCompact(!m.library.Compact())
		next = m
	default:
		return nil, nil, false
	}
	return next, cmd, true
}

// nextUnread opens the first unread brief of the list after the open one
// (from the reader) or from the selection on (from the library), wrapping
// at the end of the list with a word that it did.
func (m Model) nextUnread() (tea.Model, tea.Cmd) {
	if why := m.notesUsable(false); why != "" {
		return m, m.setStatus(why)
	}
	list := m.library.Briefs()
	if len(list) == 0 {
		return m, nil
	}
	start, skip := m.library.Index(), ""
	if b := m.OpenBrief(); b != nil {
		skip = b.ID
		if i := m.listIndex(b.ID); i >= 0 {
			start = i + 1
		}
	}
	for n := range len(list) {
		i := (start + n) % len(list)
		b := list[i]
		if b.ID == skip || m.notes.marks.IsRead(b.ID) {
			continue
		}
		next, cmd := m.openBrief(b.ID)
		if start+n >= len(list) {
			mm := next.(Model)
			return mm, tea.Batch(cmd, mm.setStatus("wrapped to the top of the list"))
		}
		return next, cmd
	}
	if skip != "" {
		return m, m.setStatus("no other unread brief in the list")
	}
	return m, m.setStatus("no unread brief in the list")
}

// markShownRead marks every listed brief read, after asking: the first M
// says how many it would mark, a second M while that is shown does it.
func (m Model) markShownRead() (tea.Model, tea.Cmd) {
	if why := m.notesUsable(true); why != "" {
		return m, m.setStatus(why)
	}
	var ids []string
	for _, b := range m.library.Briefs() {
		if !m.notes.marks.IsRead(b.ID) {
			ids = append(ids, b.ID)
		}
	}
	if len(ids) == 0 {
		return m, m.setStatus("every brief listed is read")
	}
	if m.triage.confirmSeq == 0 || m.triage.confirmSeq != m.statusSeq || m.status == "" {
		cmd := m.setStatus(fmt.Sprintf("mark %s read? press M again", plural(len(ids), "unread brief")))
		m.triage.confirmSeq = m.statusSeq
		return m, cmd
	}
	m.triage.confirmSeq = 0
	s, owner := m.notes.store, m.notes.owner
	done := fmt.Sprintf("marked %s read", plural(len(ids), "brief"))
	return m, writeCmd(done, func(ctx context.Context) error {
		for _, id := range ids {
			if err := s.MarkRead(ctx, owner, id); err != nil {
				return err
			}
		}
		return nil
	})
}

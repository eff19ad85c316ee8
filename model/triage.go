package model

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/ui"
)

// This file is triage, going through a morning's briefs: the next unread
// brief, the whole list marked read, the compact list, and ctrl+r, which
// reads the files again for a session that does not follow them.

// triageModel is the state of triage between keys.
type triageModel struct {
	confirmSeq int  // statusSeq of the "M again" question; 0 for none
	reloading  bool // a ctrl+r load is under way
}

// reloadedMsg carries the library read again by ctrl+r.
type reloadedMsg struct{ lib *briefs.Library }

// triageKeyState disables the triage keys the session cannot honour: a
// served library is reloaded by its server, not by a reader.
func (m Model) triageKeyState(k *ui.KeyMap) {
	if m.opts.Library != nil {
		k.Reload.SetEnabled(false)
	}
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
	case key.Matches(msg, k.Reload):
		next, cmd = m.reload()
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
// says how many it would mark, a second M right after does it.
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
		// Short: the question must fit a 40-column status line.
		cmd := m.setStatus(fmt.Sprintf("M again: mark %s read", plural(len(ids), "brief")))
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

// reload reads the session's files again (ctrl+r), for --no-watch or a
// watch that failed; the result is taken as a change on disk would be.
func (m Model) reload() (tea.Model, tea.Cmd) {
	switch {
	case m.opts.Library != nil:
		return m, m.setStatus("this library is reloaded by its server")
	case m.loading || m.triage.reloading:
		return m, nil
	}
	m.triage.reloading = true
	paths := append([]string(nil), m.opts.Paths...)
	lo := briefs.LoadOptions{Vocabulary: m.opts.Vocabulary, CacheDir: m.opts.CacheDir}
	return m, tea.Batch(m.setScopedStatus(scopeReloading, "reloading"+m.styles.Glyphs.Ellipsis), func() tea.Msg {
		if len(paths) == 0 {
			return reloadedMsg{lib: briefs.LoadSamples(lo)}
		}
		return reloadedMsg{lib: briefs.Load(paths, lo)}
	})
}

// handleReloaded takes the library ctrl+r read as a change on disk, and
// says so when nothing changed.
func (m Model) handleReloaded(msg reloadedMsg) (tea.Model, tea.Cmd) {
	m.triage.reloading = false
	m.endStatus(scopeReloading)
	// The watcher, when there is one, is already waited on: the change
	// must not add a second wait.
	w := m.watch
	m.watch = nil
	next, cmd := m.handleLibraryChanged(LibraryChangedMsg{Library: msg.lib})
	mm := next.(Model)
	mm.watch = w
	if mm.status == "" {
		return mm, tea.Batch(cmd, mm.setStatus("reloaded: nothing changed on disk"))
	}
	return mm, cmd
}

package model

import (
	tea "charm.land/bubbletea/v2"
)

// openBrief shows the brief with this ID in the reader, from the cache when
// it can, and renders it and its neighbours otherwise.
func (m Model) openBrief(id string) (tea.Model, tea.Cmd) {
	if m.lib == nil {
		return m, nil
	}
	b, ok := m.lib.Get(id)
	if !ok {
		return m, m.setStatus("no brief " + id)
	}
	i := m.lib.IndexOf(id)
	leave := m.notesOnLeave()
	m.endStatus(scopeOpenBrief)
	m.screen = screenReader
	m.overlay = overlayNone
	m.reader.SetBrief(b, i+1, m.lib.Len())
	m.findOnOpen()
	m.positionInList(b.ID)
	notesCmd := m.notesOnOpen(b)
	return m, tea.Batch(m.renderOpen(), leave, notesCmd, textCmd(b))
}

// stepBrief opens the next (delta 1) or previous (-1) brief of the library.
func (m Model) stepBrief(delta int) (tea.Model, tea.Cmd) {
	b := m.reader.Brief()
	if b == nil || m.lib == nil {
		return m, nil
	}
	if m.listReordered() { // through the list as it is ordered
		return m.stepInList(b.ID, delta)
	}
	i := m.lib.IndexOf(b.ID) + delta
	if i < 0 || i >= m.lib.Len() {
		if delta > 0 {
			return m, m.setStatus("last brief")
		}
		return m, m.setStatus("first brief")
	}
	return m.openBrief(m.lib.Briefs()[i].ID)
}

// closeReader goes back to the library with the brief that was open
// selected (the library is redrawn here, not on every ctrl+n).
func (m Model) closeReader() (tea.Model, tea.Cmd) {
	leave := m.notesOnLeave()
	m.endStatus(scopeOpenBrief)
	if b := m.reader.Brief(); b != nil && m.lib != nil {
		m.library.SelectID(b.ID) // the list may be a search's results
		m.rearrangeStale()
	}
	if m.digest.behindReader { // back to the digest the brief was opened from
		m.digest.behindReader = false
		m.screen = screenDigest
		// Entries may have changed (a reload) or lost their renders (a
		// resize) while the reader was open.
		return m, tea.Batch(leave, m.digestRenderCmd())
	}
	m.screen = screenLibrary
	m.overlay = overlayNone
	return m, leave
}

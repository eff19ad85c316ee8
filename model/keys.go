package model

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/ui"
)

// focus is what receives keys now; the key map enables its bindings only.
func (m Model) focus() ui.Screen {
	switch {
	case m.overlay == overlayHelp:
		return ui.ScreenHelp
	case m.overlay == overlayWarnings:
		return ui.ScreenWarnings
	case m.roomFocused():
		return m.roomFocus()
	case m.notesFocused():
		return m.notesFocus()
	case m.searchFocused():
		return m.searchFocus()
	case m.screen == screenReader && m.reader.TOCOpen():
		return ui.ScreenTOC
	case m.screen == screenReader:
		return ui.ScreenReader
	}
	return ui.ScreenLibrary
}

// keyMap is the session's key map with the focused screen's bindings enabled.
func (m Model) keyMap(s ui.Screen) ui.KeyMap {
	k := *m.keys // a copy: the session's map stays as built
	k.SetScreen(s)
	m.searchKeyState(&k)
	m.triageKeyState(&k)
	m.roomKeyState(&k)
	return k
}

// handleKey routes a key: force-quit, then the modal overlays, then the
// global keys, then the focused screen.
func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keyMap(m.focus())
	if key.Matches(msg, k.ForceQuit) {
		return m, tea.Quit
	}
	if !key.Matches(msg, k.MarkShownRead) {
		m.triage.confirmSeq = 0 // "M again" asks about the next key only
	}
	switch m.overlay {
	case overlayHelp:
		if key.Matches(msg, k.Close, k.Help) {
			m.overlay = overlayNone
			return m, nil
		}
		var cmd tea.Cmd
		m.help, cmd = m.help.Update(msg)
		return m, cmd
	case overlayWarnings:
		if key.Matches(msg, k.Close) {
			m.overlay = overlayNone
			return m, nil
		}
		var cmd tea.Cmd
		m.warnings, cmd = m.warnings.Update(msg)
		return m, cmd
	}
	if next, cmd, ok := m.handleSearchModal(msg); ok {
		return next, cmd
	}
	if next, cmd, ok := m.handleNotesKey(msg); ok {
		return next, cmd
	}
	switch {
	case key.Matches(msg, k.Help):
		m.help.SetKeyMap(m.keyMap(m.focus()))
		m.overlay = overlayHelp
		return m, nil
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Warnings):
		m.overlay = overlayWarnings
		return m, nil
	}
	if next, cmd, ok := m.handleSearchKey(msg, k); ok {
		return next, cmd
	}
	if next, cmd, ok := m.handleTriageKey(msg, k); ok {
		return next, cmd
	}
	if next, cmd, ok := m.handleSortKey(msg, k); ok {
		return next, cmd
	}
	if next, cmd, ok := m.handleLinkKey(msg, k); ok {
		return next, cmd
	}
	if next, cmd, ok := m.handleViewKey(msg, k); ok {
		return next, cmd
	}
	var cmd tea.Cmd
	switch {
	case m.screen == screenReader:
		m.reader, cmd = m.reader.Update(msg)
		cmd = tea.Batch(cmd, m.checkRead())
	case m.screen == screenLibrary && key.Matches(msg, k.Open) && m.library.Selected() != nil:
		// Opened here, not through the library's OpenBriefMsg, so that the
		// keys typed next (enter j j) reach the brief, not the list.
		return m.openBrief(m.library.Selected().ID)
	default:
		m.library, cmd = m.library.Update(msg)
	}
	return m, cmd
}

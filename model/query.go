package model

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/ui"
)

// This file routes keys, sizes and styles to search: the query bar, the find
// bar, the digest prompt and the digest (search.go, find.go, digest.go).

// searchFocused reports whether a search input or the digest has the keys.
func (m Model) searchFocused() bool {
	return m.search.bar.Focused() || m.find.bar.Focused() || m.digest.prompt.Focused() || m.screen == screenDigest
}

// searchFocus is the screen of the search input or the digest.
func (m Model) searchFocus() ui.Screen {
	switch {
	case m.search.bar.Focused():
		return ui.ScreenQuery
	case m.find.bar.Focused():
		return ui.ScreenFind
	case m.digest.prompt.Focused():
		return ui.ScreenDigestPrompt
	}
	return ui.ScreenDigest
}

// searchKeyState disables the clearing keys when there is nothing to clear,
// so the footer and help offer them only when they do something.
func (m Model) searchKeyState(k *ui.KeyMap) {
	k.ClearFilter.SetEnabled(k.ClearFilter.Enabled() && m.filtering())
	k.ClearFind.SetEnabled(k.ClearFind.Enabled() && m.reader.Finding())
}

// handleSearchModal gives a key to the open search input: they take every
// key (typing "q" must not quit), so the root asks them first.
func (m Model) handleSearchModal(msg tea.KeyPressMsg) (tea.Model, tea.Cmd, bool) {
	var next tea.Model
	var cmd tea.Cmd
	switch {
	case m.search.bar.Focused():
		next, cmd = m.handleQueryInput(msg)
	case m.find.bar.Focused():
		next, cmd = m.handleFindInput(msg)
	case m.digest.prompt.Focused():
		next, cmd = m.handlePromptInput(msg)
	default:
		return nil, nil, false
	}
	return next, cmd, true
}

// handleSearchKey handles the search keys of the library and the reader, and
// every key of the digest; the global keys (help) have had their turn.
func (m Model) handleSearchKey(msg tea.KeyPressMsg, k ui.KeyMap) (tea.Model, tea.Cmd, bool) {
	var next tea.Model
	var cmd tea.Cmd
	switch {
	case m.screen == screenDigest:
		next, cmd = m.handleDigestKey(msg)
	case key.Matches(msg, k.Search) && m.screen == screenReader:
		next, cmd = m.openFind()
	case key.Matches(msg, k.Search):
		next, cmd = m.openQueryBar()
	case key.Matches(msg, k.ClearFilter):
		next, cmd = m.clearFilter()
	case key.Matches(msg, k.Digest):
		next, cmd = m.openDigestPrompt()
	case key.Matches(msg, k.FindNext):
		next, cmd = m.stepFind(1)
	case key.Matches(msg, k.FindPrev):
		next, cmd = m.stepFind(-1)
	case key.Matches(msg, k.ClearFind):
		next, cmd = m.clearFind()
	default:
		return nil, nil, false
	}
	return next, cmd, true
}

// layoutSearch sizes the bars and the digest, and takes the rows an open bar
// needs from the list or the reader; layout calls it last.
func (m *Model) layoutSearch() {
	if n := m.queryBarLines(); n > 0 {
		m.library.SetSize(m.width, max(0, m.height-libraryChrome-(n-1)))
	}
	rw, _ := m.readerFrame()
	if m.find.bar.Focused() {
		m.reader.SetSize(rw, max(0, m.height-readerChrome-1))
	}
	m.search.bar.SetWidth(m.width)
	m.digest.prompt.SetWidth(m.width)
	m.find.bar.SetWidth(rw)
	m.digest.view.SetSize(rw, max(0, m.height-1))
	m.digest.view.SetRenderKey(rw, m.renderTheme())
}

// setSearchStyles hands new styles to the search components.
func (m *Model) setSearchStyles() {
	m.search.bar.SetStyles(m.styles)
	m.find.bar.SetStyles(m.styles)
	m.digest.prompt.SetStyles(m.styles)
	m.digest.view.SetStyles(m.styles)
	w, _ := m.digest.view.RenderKey()
	m.digest.view.SetRenderKey(w, m.renderTheme())
}

// searchBarView is the query bar or the digest prompt in place of the title bar.
func (m Model) searchBarView() string {
	if m.digest.prompt.Focused() {
		return m.digest.prompt.View() + "\n" + m.digest.prompt.ErrorLine(digestPromptHint)
	}
	return m.queryBarView()
}

package model

import (
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/ui"
)

// handleBackground switches between the dark and light themes when the
// terminal reports its background. A fixed --theme ignores it.
func (m Model) handleBackground(msg tea.BackgroundColorMsg) (tea.Model, tea.Cmd) {
	if !m.autoTheme {
		return m, nil
	}
	theme := "light"
	if msg.IsDark() {
		theme = "dark"
	}
	if theme == m.theme {
		return m, nil
	}
	m.theme = theme
	m.styles = ui.StylesForTheme(theme)
	m.library.SetStyles(m.styles)
	m.reader.SetStyles(m.styles)
	m.warnings.SetStyles(m.styles)
	m.help.SetStyles(m.styles)
	m.setSearchStyles()
	if m.screen == screenDigest {
		return m, m.digestRenderCmd()
	}
	if m.screen == screenReader {
		return m, m.renderOpen()
	}
	return m, nil
}

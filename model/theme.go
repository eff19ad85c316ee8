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
	m.setStyles(m.stylesFor(theme))
	if m.screen == screenDigest {
		return m, m.digestRenderCmd()
	}
	if m.screen == screenReader {
		return m, m.renderOpen()
	}
	return m, nil
}

// stylesFor is theme's styles with the session's date layout.
func (m Model) stylesFor(theme string) *ui.Styles {
	return ui.StylesForTheme(theme).WithDateLayout(m.opts.DateFormat)
}

// renderTheme is what the reader and the digest render with: the config
// file's glamour style over a coloured theme, else the theme's own.
func (m Model) renderTheme() string {
	if m.styledTheme != "" && (m.theme == "dark" || m.theme == "light") {
		return m.styledTheme
	}
	return m.theme
}

// setStyles hands s to the root and to every component that draws with it.
// Components hold the pointer, so one that is missed here keeps drawing in
// the old theme: TestBackgroundRestylesEveryComponent checks them all.
func (m *Model) setStyles(s *ui.Styles) {
	m.styles = s
	m.library.SetStyles(s)
	m.reader.SetStyles(s)
	m.warnings.SetStyles(s)
	m.help.SetStyles(s)
	m.notes.editor.SetStyles(s)
	m.notes.panel.SetStyles(s)
	m.notes.review.SetStyles(s)
	m.room.setStyles(s)
	m.setSearchStyles()
}

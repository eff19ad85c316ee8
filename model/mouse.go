package model

import (
	tea "charm.land/bubbletea/v2"
)

// handleMouse routes wheel and click messages to the component under the
// pointer, translated to that component's coordinates.
func (m Model) handleMouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.overlay {
	case overlayWarnings:
		if w, ok := msg.(tea.MouseWheelMsg); ok {
			m.warnings, cmd = m.warnings.Update(w)
		}
		return m, cmd
	case overlayHelp:
		return m, nil
	}
	if m.screen == screenDigest {
		if w, ok := msg.(tea.MouseWheelMsg); ok {
			return m.handleDigestWheel(w)
		}
		return m, nil
	}
	if m.screen == screenReader {
		_, x := m.readerFrame()
		m.reader, cmd = m.reader.Update(translate(msg, x, m.roomRows()))
		return m, tea.Batch(cmd, m.checkRead())
	}
	// The list starts under the title bar (or the open query bar) and ends
	// above the status bar.
	mo := msg.Mouse()
	top := 1 + max(0, m.queryBarLines()-1) + m.roomRows()
	if mo.Y < top || mo.Y >= 1+m.height-libraryChrome {
		return m, nil
	}
	m.library, cmd = m.library.Update(translate(msg, 0, top))
	return m, cmd
}

// translate moves a mouse message's coordinates by (-dx, -dy); message kinds
// the components do not handle come back as nil.
func translate(msg tea.MouseMsg, dx, dy int) tea.Msg {
	mo := msg.Mouse()
	mo.X -= dx
	mo.Y -= dy
	switch msg.(type) {
	case tea.MouseClickMsg:
		return tea.MouseClickMsg(mo)
	case tea.MouseWheelMsg:
		return tea.MouseWheelMsg(mo)
	}
	return nil
}

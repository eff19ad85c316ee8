package model

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/ui"
)

// This file is "/" inside a brief: the find bar in place of the footer, the
// matches highlighted by the reader, n/N between them.

// openFind opens the find bar, empty; up recalls earlier finds.
func (m Model) openFind() (tea.Model, tea.Cmd) {
	m.sr.findOpen = true
	m.sr.findWas = m.sr.findSrc
	m.sr.find.Open("")
	m.sr.find.SetError(nil)
	m.layout()
	return m, nil
}

// handleFindKey handles a key while the find bar is open. Typing finds as
// you type, from the top of the screen; enter keeps it, esc restores what
// was found before.
func (m Model) handleFindKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keyMap(ui.ScreenFind)
	changed := false
	switch {
	case key.Matches(msg, k.Apply):
		if m.sr.find.Err() != "" {
			return m, nil
		}
		m.sr.find.Remember(m.sr.find.Value())
		m.closeFind()
		if _, n := m.reader.FindCount(); n == 0 && m.reader.Finding() {
			return m, m.setStatus("no match")
		}
		return m, nil
	case key.Matches(msg, k.Cancel):
		m.closeFind()
		m.findQuery(m.sr.findWas)
		return m, nil
	case key.Matches(msg, k.Older):
		changed = m.sr.find.Older()
	case key.Matches(msg, k.Newer):
		changed = m.sr.find.Newer()
	default:
		m.sr.find, changed = m.sr.find.Update(msg)
	}
	if changed {
		m.findQuery(m.sr.find.Value())
	}
	return m, nil
}

func (m *Model) closeFind() {
	m.sr.findOpen = false
	m.sr.find.Close()
	m.sr.find.SetError(nil)
	m.layout()
}

// findQuery highlights src in the open brief. A malformed query shows its
// error in the bar and keeps the highlights of the last good one.
func (m *Model) findQuery(src string) {
	q, err := briefs.ParseQuery(src)
	m.sr.find.SetError(err)
	if err != nil {
		return
	}
	m.sr.findSrc = src
	if q.IsEmpty() {
		m.sr.findSrc = ""
		q = nil
	}
	m.reader.SetFind(q)
}

// stepFind moves to the next (+1) or previous (-1) match.
func (m Model) stepFind(d int) (tea.Model, tea.Cmd) {
	if !m.reader.Finding() {
		return m, m.setStatus("nothing to find: press /")
	}
	if _, n := m.reader.FindCount(); n == 0 {
		return m, m.setStatus("no match")
	}
	if m.reader.FindStep(d) {
		if d > 0 {
			return m, m.setStatus("search wrapped to the top")
		}
		return m, m.setStatus("search wrapped to the bottom")
	}
	return m, nil
}

// clearFind removes the highlights (esc in the reader while finding).
func (m Model) clearFind() (tea.Model, tea.Cmd) {
	m.sr.findSrc = ""
	m.reader.ClearFind()
	return m, nil
}

// findOnOpen is what a brief opened from the list finds: the words of the
// list's query, so it lands on the first match.
func (m *Model) findOnOpen() {
	q := m.filterQuery()
	if q == nil || len(q.Terms()) == 0 {
		m.sr.findSrc = ""
		m.reader.SetFind(nil)
		return
	}
	m.sr.findSrc = q.Source()
	m.reader.SetFind(q)
}

// findBarView is the find bar and the line under it: the error and its
// caret, or a hint.
func (m Model) findBarView() string {
	return m.sr.find.View() + "\n" + m.sr.find.ErrorLine("enter keep · esc cancel · n/N next/previous")
}

package model

import (
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/search"
	"github.com/briefing-dev/briefing/ui"
)

// This file is "/" inside a brief: the find bar in place of the footer, the
// matches highlighted by the reader, n/N between them.

// findModel is the reader's find: its bar and the query the reader
// highlights.
type findModel struct {
	bar     ui.QueryBar
	src     string // the find query the reader highlights
	was     string // src when the bar opened, restored by esc
	from    int    // the reader's top line when the bar opened: finds start there
	wasTop  int    // where esc puts the reader back
	wrapped bool   // the bar's query had no match below from and wrapped
}

func newFindModel(s *ui.Styles, k ui.KeyMap) findModel {
	return findModel{bar: ui.NewQueryBar(s, k, ui.ScreenFind, "/")}
}

// openFind opens the find bar, empty; up recalls earlier finds.
func (m Model) openFind() (tea.Model, tea.Cmd) {
	m.find.was = m.find.src
	m.find.from, m.find.wasTop, m.find.wrapped = m.reader.YOffset(), m.reader.YOffset(), false
	m.find.bar.Open("")
	m.find.bar.SetError(nil)
	m.layout()
	return m, nil
}

// handleFindInput gives a key or a paste to the open find bar. Typing
// finds as you type, from the top of the screen; enter keeps it, esc
// restores what was found before.
func (m Model) handleFindInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.find.bar, cmd = m.find.bar.Update(msg)
	switch m.find.bar.Event() {
	case ui.BarApplied:
		if m.find.bar.Err() != "" {
			return m, nil
		}
		m.find.bar.Remember(m.find.bar.Value())
		m.closeFind()
		if _, n := m.reader.FindCount(); n == 0 && m.reader.Finding() {
			if m.reader.Rendered().Partial {
				// The rest of the brief is still being rendered: its matches
				// are counted as its parts come.
				return m, m.setStatus("no match yet: the rest of the brief is still rendering")
			}
			return m, m.setStatus("no match")
		}
		if m.find.wrapped {
			return m, m.setStatus("no match below: search wrapped to the top")
		}
	case ui.BarCanceled:
		m.closeFind()
		m.findQuery(m.find.was)
		m.reader.ScrollTo(m.find.wasTop)
	case ui.BarEdited:
		m.findQuery(m.find.bar.Value())
	}
	return m, cmd
}

func (m *Model) closeFind() {
	m.find.bar.Close()
	m.find.bar.SetError(nil)
	m.layout()
}

// findQuery highlights src in the open brief. A malformed query shows its
// error in the bar and keeps the highlights of the last good one.
func (m *Model) findQuery(src string) {
	q, err := search.ParseQuery(src)
	m.find.bar.SetError(err)
	if err != nil {
		return
	}
	m.find.src = src
	if q.IsEmpty() {
		m.find.src = ""
		q = nil
	}
	m.find.wrapped = m.reader.SetFindFrom(q, m.find.from)
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
	m.find.src = ""
	m.reader.ClearFind()
	return m, nil
}

// findOnOpen is what a brief opened from the list finds: the words of the
// list's query, so it lands on the first match.
func (m *Model) findOnOpen() {
	q := m.filterQuery()
	if q == nil || len(q.Terms()) == 0 || !q.HasBodyText() {
		m.find.src = ""
		m.reader.SetFind(nil)
		return
	}
	m.find.src = q.Source()
	m.reader.SetFind(q)
}

// findBarView is the find bar and the line under it: the error and its
// caret, or a hint.
func (m Model) findBarView() string {
	// n and N type letters here: they step through the matches only once
	// enter has closed the bar, and the reader's footer says so then.
	return m.find.bar.View() + "\n" + m.find.bar.ErrorLine("enter keep · esc cancel · ↑↓ earlier finds")
}

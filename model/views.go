package model

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/search"
	"github.com/briefing-dev/briefing/ui"
)

// This file is the saved views of the config file: named queries the
// library's view key (V) steps through, the last one followed by none. A
// view is kept as the filter, as a query from the bar would be; the header
// names the view while the kept filter is its query.

// viewModel is which saved view is on and the start view still to open.
type viewModel struct {
	on int // 1 + the index in Options.Views of the view on; 0 for none
	// pending is the start view's 1-based index while it waits for the
	// library (and for the marks, when its query reads them); 0 once done.
	pending int
	// initCmd is the start view's search when the library came with the
	// options (a served session): New cannot return it, Init does.
	initCmd tea.Cmd
}

// newViewModel finds the start view among the views; a name that is none of
// them was reported when the config file was read.
func newViewModel(opts Options) viewModel {
	for i, v := range opts.Views {
		if v.Name == opts.StartView {
			return viewModel{pending: i + 1}
		}
	}
	return viewModel{}
}

// handleViewKey moves to the next saved view; ok is false when msg is not
// the view key.
func (m Model) handleViewKey(msg tea.KeyPressMsg, k ui.KeyMap) (tea.Model, tea.Cmd, bool) {
	if !key.Matches(msg, k.View) {
		return nil, nil, false
	}
	if len(m.opts.Views) == 0 {
		return m, m.setStatus("no saved views: add some under views: in the config file"), true
	}
	m.view.pending = 0
	next := m.view.on + 1
	if m.viewName() == "" && m.search.applied != "" {
		next = m.view.on // another filter replaced the view: start where it was
		if next == 0 {
			next = 1
		}
	}
	next %= len(m.opts.Views) + 1
	return m, m.applyView(next), true
}

// applyView keeps view i's query as the filter (i is 1-based; 0 lists the
// whole library). A query that does not parse is said, not kept.
func (m *Model) applyView(i int) tea.Cmd {
	m.view.on = i
	if i == 0 {
		m.search.applied = ""
		m.showAll()
		return nil
	}
	v := m.opts.Views[i-1]
	q, err := search.ParseQuery(v.Query)
	if err == nil {
		err = q.Check(m.searchMarks())
	}
	if err != nil {
		m.view.on = 0
		return m.setStatus("view " + v.Name + ": " + err.Error())
	}
	m.search.applied = v.Query
	m.layout()
	if q.IsEmpty() {
		m.showAll()
		return nil
	}
	return m.searchCmd(q, false)
}

// startView opens the start view once the library is in, and the marks too
// when its query reads them (is:unread); nil until then, or when there is
// none to open.
func (m *Model) startView() tea.Cmd {
	i := m.view.pending
	if i == 0 || m.lib == nil {
		return nil
	}
	if q, err := search.ParseQuery(m.opts.Views[i-1].Query); err == nil && q.NeedsMarks() &&
		m.notes.marks == nil && (m.notes.store != nil || m.notes.opening) {
		return nil // the snapshot is on its way
	}
	m.view.pending = 0
	return m.applyView(i)
}

// viewName is the name of the saved view the list shows, "" when the kept
// filter is not a view's.
func (m Model) viewName() string {
	if m.view.on == 0 || m.view.on > len(m.opts.Views) {
		return ""
	}
	if v := m.opts.Views[m.view.on-1]; v.Query == m.search.applied {
		return v.Name
	}
	return ""
}

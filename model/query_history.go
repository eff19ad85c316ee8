package model

import (
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/notes"
)

// The query bar's history outlives the session when Options.QueryHistory
// names a file (the local reader's data folder): it is read once at
// start, and each query the bar remembers is added to it, in commands.
// Without one (an SSH session) the history lasts as long as the session.

// queryHistoryMsg carries the history read at start (read) or the outcome
// of adding a query to it.
type queryHistoryMsg struct {
	read    bool
	queries []string
	err     error
}

// historyFile is where the session's query history is kept, and the lock
// that keeps its own appends in order (the commands run concurrently).
type historyFile struct {
	path string
	mu   *sync.Mutex
}

func newHistoryFile(path string) historyFile {
	return historyFile{path: path, mu: &sync.Mutex{}}
}

// loadQueryHistoryCmd reads the history kept by earlier runs.
func (m Model) loadQueryHistoryCmd() tea.Cmd {
	h := m.search.history
	if h.path == "" {
		return nil
	}
	return func() tea.Msg {
		h.mu.Lock()
		defer h.mu.Unlock()
		qs, err := notes.ReadQueryHistory(h.path)
		return queryHistoryMsg{read: true, queries: qs, err: err}
	}
}

// rememberQuery adds q to the bar's history and to the file that keeps it.
func (m *Model) rememberQuery(q string) tea.Cmd {
	m.search.bar.Remember(q)
	h := m.search.history
	if h.path == "" || notes.CleanQuery(q) == "" {
		return nil
	}
	return func() tea.Msg {
		h.mu.Lock()
		defer h.mu.Unlock()
		if err := notes.AppendQueryHistory(h.path, q); err != nil {
			return queryHistoryMsg{err: err}
		}
		return nil
	}
}

// handleQueryHistory puts the earlier runs' queries before this session's
// in the bar, and says so when the file could not be read or written: a
// warning, the bar works on with what it has.
func (m Model) handleQueryHistory(msg queryHistoryMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		what := "earlier queries not recalled: "
		if !msg.read {
			what = "query not kept for the next run: "
		}
		return m, m.setStatus(what + errorReason(msg.err))
	}
	if msg.read {
		m.search.bar.SetHistory(msg.queries)
	}
	return m, nil
}

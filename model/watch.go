package model

import (
	"context"
	"fmt"
	"runtime/debug"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/search"
)

// watcher links a briefs.Watch goroutine to the model, as loader does the
// load: each reload waits in a one-slot channel (a newer one replaces one
// not yet taken) and a command blocks on it, re-issued after each change.
type watcher struct {
	next   chan *briefs.Library
	failed chan error
	cancel context.CancelFunc
}

// watchFailedMsg says the files cannot be watched (no inotify, or out of
// watches): the library still works, it just does not follow edits.
type watchFailedMsg struct{ err error }

// startWatch watches paths, whose current load is lib.
func startWatch(paths []string, lib *briefs.Library, v *briefs.Vocabulary, cacheDir string) *watcher {
	ctx, cancel := context.WithCancel(context.Background())
	w := &watcher{next: make(chan *briefs.Library, 1), failed: make(chan error, 1), cancel: cancel}
	paths = append([]string(nil), paths...)
	go func() {
		err := briefs.Watch(ctx, paths, lib, briefs.WatchOptions{Load: briefs.LoadOptions{Vocabulary: v, CacheDir: cacheDir}}, func(l *briefs.Library) {
			// A reload leaves garbage of about the corpus size, as the
			// first load did: give it back, not over the next minutes.
			defer debug.FreeOSMemory()
			for {
				select {
				case w.next <- l:
					return
				default:
					select { // drop the older reload nobody took yet
					case <-w.next:
					default:
					}
				}
			}
		})
		if err != nil {
			w.failed <- err
		}
	}()
	return w
}

// wait blocks (in a command) until the next reload.
func (w *watcher) wait() tea.Msg {
	select {
	case lib := <-w.next:
		return LibraryChangedMsg{Library: lib}
	case err := <-w.failed:
		return watchFailedMsg{err: err}
	}
}

func (m Model) handleWatchFailed(msg watchFailedMsg) (tea.Model, tea.Cmd) {
	return m, m.setStatus("changes on disk are not followed: " + errorReason(msg.err))
}

// LibraryChangedMsg tells the model the briefs on disk changed: Library is
// the library loaded again (briefs.Watch). A model that built its own index
// brings it up to date; one given an index (Options.Index: an SSH server's,
// shared by its sessions) leaves that to its owner, who must have applied
// the change before sending this.
//
// Seq orders the messages of one sender: one whose Seq is not above the
// last taken is dropped (a server sends from a goroutine per session, so
// two quick reloads may arrive swapped); 0 is always taken.
type LibraryChangedMsg struct {
	Library *briefs.Library
	Seq     uint64
}

// indexUpdatedMsg says the model's own index now follows lib.
type indexUpdatedMsg struct{ lib *briefs.Library }

// handleLibraryChanged swaps in the reloaded library: the list (or the
// query's results) is redone, and an open digest with it; an edited open
// brief is rendered again at the same place with its notes re-anchored, a
// deleted one stays on screen with a word that it is gone.
func (m Model) handleLibraryChanged(msg LibraryChangedMsg) (tea.Model, tea.Cmd) {
	old := m.lib
	if msg.Seq != 0 {
		if msg.Seq <= m.libSeq {
			return m, nil
		}
		m.libSeq = msg.Seq
	}
	if msg.Library == nil || old == nil || m.loading || msg.Library == old {
		// Still loading: the load under way reads the files as they are now.
		return m, m.rewatch()
	}
	change := briefs.Diff(old, msg.Library)
	m.lib = msg.Library
	m.warnings.SetWarnings(m.lib.Warnings())
	var cmds []tea.Cmd

	// The index first: the list's query runs on it.
	switch {
	case m.opts.Index != nil:
		m.search.index = m.opts.Index
	case m.search.index != nil && !m.search.updating:
		ix, lib := m.search.index, m.lib
		m.search.updating = true
		cmds = append(cmds, func() tea.Msg {
			ix.Apply(change)
			return indexUpdatedMsg{lib: lib}
		})
	default:
		// Not built yet, being built for the old library (handleIndexBuilt
		// drops that one), or still taking an earlier change (two updates
		// of one brief must not race): build it afresh for this library.
		m.search.index, m.search.indexing, m.search.updating, m.search.resave = nil, false, false, false
		cmds = append(cmds, m.indexCmd())
	}
	// The list's query runs on the index: while the index takes the change
	// it runs once that is done (handleIndexUpdated), on the new library's
	// briefs, not now on the index of the old one.
	if !m.search.updating || m.search.asked == "" {
		cmds = append(cmds, m.relist())
	}
	cmds = append(cmds, m.followLibraryInDigest())

	// Notes and marks follow renamed files now, not at the next start.
	cmds = append(cmds, m.relinkChangeCmd(change))
	if open := m.OpenBrief(); open != nil {
		nb, ok := m.lib.Get(open.ID)
		if !ok {
			// Renamed: the reader stays on it under its new name (its notes
			// come with the relink's refresh).
			nb = renamedTo(change, open)
			ok = nb != nil
		}
		switch {
		case !ok:
			cmds = append(cmds, m.setScopedStatus(scopeOpenBrief, "this brief was deleted or renamed on disk; esc to go back"))
		case nb != open && (nb.ID != open.ID || nb.Hash != open.Hash || nb.Path != open.Path):
			// (The open brief may be the library's with its text read: the
			// same listing is no change.)
			m.reader.Replace(nb)
			cmds = append(cmds, m.renderOpen(), m.loadBriefNotes(nb), textCmd(nb))
		}
		if ok && !m.filtering() {
			// Its "3/10" follows the briefs added or removed around it;
			// within a kept filter it follows the results, once the
			// query has run again (handleSearchResult).
			m.positionInOrder(nb.ID)
		}
	}
	// A count from an earlier reload is out of date now: this one's
	// replaces it, or it goes.
	m.endStatus(scopeDiskChange)
	if n := change.Briefs(); n > 0 && m.status == "" {
		cmds = append(cmds, m.setScopedStatus(scopeDiskChange, fmt.Sprintf("%s changed on disk", plural(n, "brief"))))
	}
	cmds = append(cmds, m.rewatch())
	return m, tea.Batch(cmds...)
}

// rewatch waits for the next reload, when this model watches its files.
func (m Model) rewatch() tea.Cmd {
	if m.watch == nil {
		return nil
	}
	return m.watch.wait
}

// relist shows the library again, or runs the listed query again on it.
func (m *Model) relist() tea.Cmd {
	if m.search.asked == "" {
		m.listAll()
		return nil
	}
	q, err := search.ParseQuery(m.search.asked)
	if err != nil {
		return nil
	}
	return m.searchCmd(q, m.search.live)
}

// handleIndexUpdated lists the query's results from the updated index.
func (m Model) handleIndexUpdated(msg indexUpdatedMsg) (tea.Model, tea.Cmd) {
	if msg.lib != m.lib {
		return m, nil // another change came since: the index is being rebuilt
	}
	m.search.updating = false
	return m, tea.Batch(m.relist(), m.resaveCmd())
}

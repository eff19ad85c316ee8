package model

import (
	"runtime/debug"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
)

// loadProgressMsg reports how far loading has come; the handler re-issues the
// wait on the same loader.
type loadProgressMsg struct {
	done, total int
	l           *loader
}

// libraryLoadedMsg carries the loaded library.
type libraryLoadedMsg struct{ lib *briefs.Library }

// loader links the loading goroutine to the UI. Progress is kept in atomics
// and announced on a one-slot channel, so the UI always reads the latest
// figures and the loader never waits for the UI.
type loader struct {
	done, total atomic.Int64
	tick        chan struct{}
	result      chan *briefs.Library
}

// loadCmd starts loading in the background and returns its first event.
func loadCmd(paths []string, v *briefs.Vocabulary, cacheDir string) tea.Cmd {
	paths = append([]string(nil), paths...)
	return func() tea.Msg {
		l := &loader{tick: make(chan struct{}, 1), result: make(chan *briefs.Library, 1)}
		opts := briefs.LoadOptions{Vocabulary: v, CacheDir: cacheDir, Progress: func(done, total int) {
			l.done.Store(int64(done))
			l.total.Store(int64(total))
			select {
			case l.tick <- struct{}{}:
			default:
			}
		}}
		go func() {
			var lib *briefs.Library
			if len(paths) == 0 {
				lib = briefs.LoadSamples(opts)
			} else {
				lib = briefs.Load(paths, opts)
			}
			l.result <- lib
		}()
		return l.wait()
	}
}

// wait blocks (in a command, never in Update) until the next event.
func (l *loader) wait() tea.Msg {
	select {
	case lib := <-l.result:
		return libraryLoadedMsg{lib: lib}
	case <-l.tick:
		select { // the result wins when both are ready
		case lib := <-l.result:
			return libraryLoadedMsg{lib: lib}
		default:
		}
		return loadProgressMsg{done: int(l.done.Load()), total: int(l.total.Load()), l: l}
	}
}

func (m Model) handleLoadProgress(msg loadProgressMsg) (tea.Model, tea.Cmd) {
	m.loadDone, m.loadTotal = msg.done, msg.total
	return m, msg.l.wait
}

func (m Model) handleLibraryLoaded(msg libraryLoadedMsg) (tea.Model, tea.Cmd) {
	if msg.lib == nil {
		msg.lib = briefs.NewLibrary(nil, nil)
	}
	m.setLibrary(msg.lib)
	var watch tea.Cmd
	if len(m.opts.Paths) > 0 && m.opts.Library == nil && !m.opts.NoWatch && m.watch == nil {
		m.watch = startWatch(m.opts.Paths, msg.lib, m.opts.Vocabulary, m.opts.CacheDir)
		watch = m.watch.wait
	}
	return m, tea.Batch(m.indexCmd(), m.relinkCmd(), watch, m.startView(), freeMemory)
}

// freeMemory hands the load's garbage back to the system: parsing leaves
// about the corpus's size of it (goldmark trees, decode copies), and a
// reader left open all day should hold the library, not the leftovers. It
// runs beside the first frame of the full list, not before it: the forced
// collection cost 1.15-1.28x of the time to the full list.
func freeMemory() tea.Msg {
	debug.FreeOSMemory()
	return nil
}

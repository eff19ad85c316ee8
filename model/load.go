package model

import (
	"runtime/debug"
	"slices"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
)

// loadProgressMsg reports how far loading has come; the handler re-issues the
// wait on the same loader.
type loadProgressMsg struct {
	done, total int
	left        time.Duration // estimated time to the end; 0 while unknown
	l           *loader
}

// libraryLoadedMsg carries the loaded library. A listed one is the
// catalog's (briefs.Listed), shown at once while the files' stamps are
// checked: the loader l then brings the checked library.
type libraryLoadedMsg struct {
	lib    *briefs.Library
	listed bool
	l      *loader
}

// loader links the loading goroutine to the UI. Progress is kept in atomics
// and announced on a one-slot channel, so the UI always reads the latest
// figures and the loader never waits for the UI.
type loader struct {
	done, total atomic.Int64
	left        atomic.Int64 // estimated ns to the end
	tick        chan struct{}
	listed      chan *briefs.Library
	result      chan *briefs.Library
}

// progressEvery is how often the loader announces its progress at most.
const progressEvery = 50 * time.Millisecond

// minEstimate is how much of a load must be done, and for how long, before
// its time left is estimated: the first files say little of the rest.
const (
	minEstimateShare = 0.02
	minEstimateTime  = 500 * time.Millisecond
)

// loadCmd starts loading in the background and returns its first event.
func loadCmd(paths []string, v *briefs.Vocabulary, cacheDir string) tea.Cmd {
	paths = append([]string(nil), paths...)
	return func() tea.Msg {
		l := &loader{tick: make(chan struct{}, 1), listed: make(chan *briefs.Library, 1), result: make(chan *briefs.Library, 1)}
		start := time.Now()
		var shown atomic.Int64 // when progress was last announced, in ns since start
		opts := briefs.LoadOptions{Vocabulary: v, CacheDir: cacheDir, Progress: func(done, total int) {
			l.done.Store(int64(done))
			l.total.Store(int64(total))
			el := time.Since(start)
			if done > 0 && el >= minEstimateTime && float64(done) >= minEstimateShare*float64(total) {
				l.left.Store(int64(el) / int64(done) * int64(total-done))
			}
			// A frame per progressEvery at most: the UI drew a frame for
			// each file it could, thousands a second on the two cores the
			// load needs.
			if last := shown.Load(); el-time.Duration(last) < progressEvery || !shown.CompareAndSwap(last, int64(el)) {
				return
			}
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
				// The catalog's list first, then every file's stamp
				// checked against it (a stat each: 100,000 take about a
				// second), and what changed read.
				opts.Listed = func(lib *briefs.Library) { l.listed <- lib }
				// No text is kept for the index (OnRead): it reads the
				// files it lacks after the list. Holding every text cost a
				// first run at 10,000 briefs a third of its CPU to the list
				// (a fresh process's heap grew by 85 MB), and 0.8 GB of heap
				// at 100,000.
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
	case lib := <-l.listed:
		return libraryLoadedMsg{lib: lib, listed: true, l: l}
	case <-l.tick:
		select { // the result wins when both are ready
		case lib := <-l.result:
			return libraryLoadedMsg{lib: lib}
		default:
		}
		return loadProgressMsg{done: int(l.done.Load()), total: int(l.total.Load()), left: time.Duration(l.left.Load()), l: l}
	}
}

// waitChecked waits (in a command) for the checked library after a listed
// one, passing over progress: the list is on screen already.
func (l *loader) waitChecked() tea.Msg {
	return libraryCheckedMsg{lib: <-l.result}
}

// libraryCheckedMsg carries the library loaded after the catalog's list
// was shown: what changed on disk since the catalog was written, if
// anything, is taken as a change on disk.
type libraryCheckedMsg struct{ lib *briefs.Library }

func (m Model) handleLoadProgress(msg loadProgressMsg) (tea.Model, tea.Cmd) {
	m.loadDone, m.loadTotal, m.loadLeft = msg.done, msg.total, msg.left
	return m, msg.l.wait
}

func (m Model) handleLibraryLoaded(msg libraryLoadedMsg) (tea.Model, tea.Cmd) {
	if msg.lib == nil {
		msg.lib = briefs.NewLibrary(nil, nil)
	}
	m.setLibrary(msg.lib)
	if msg.listed {
		// The watch starts from the checked library.
		return m, tea.Batch(m.indexCmd(), m.relinkCmd(), m.startView(), msg.l.waitChecked)
	}
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

// handleLibraryChecked takes the checked library in place of the listed
// one: the same briefs when nothing changed since the catalog was written
// (the listed library stays), else as a change on disk would come. Then
// the watch starts from it.
func (m Model) handleLibraryChecked(msg libraryCheckedMsg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	lib := msg.lib
	if lib == m.lib || m.lib != nil && briefs.Diff(m.lib, lib).Empty() && slices.Equal(m.lib.Warnings(), lib.Warnings()) {
		lib = m.lib
	} else {
		w := m.watch
		m.watch = nil
		next, c := m.handleLibraryChanged(LibraryChangedMsg{Library: lib})
		m, cmd = next.(Model), c
		m.watch = w
	}
	var watch tea.Cmd
	if len(m.opts.Paths) > 0 && m.opts.Library == nil && !m.opts.NoWatch && m.watch == nil {
		m.watch = startWatch(m.opts.Paths, lib, m.opts.Vocabulary, m.opts.CacheDir)
		watch = m.watch.wait
	}
	return m, tea.Batch(cmd, watch, freeMemory)
}

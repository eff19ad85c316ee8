package briefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// reloadCache lets a reload skip the files that did not change since the
// last load: a brief is kept, unread, when its file has the same stamp (see
// fileStamp) as when it was read, and that stamp is older than that load by
// more than racyWindow. Watch keeps one across its reloads.
type reloadCache struct {
	prev map[string]cachedBrief // by path: what the last load read
	mu   sync.Mutex
	next map[string]cachedBrief // what this load reads; guarded by mu
	kept []string               // paths of prev this load keeps unread; guarded by mu
	puts int                    // files read by this load; guarded by mu

	// src, when set, is the catalog's: briefs are kept without their text,
	// which Full reads back from src's rules.
	src *textSource
	// key, when set, is the catalog's this cache is saved to after a load.
	key *catalogKey
	// ready is closed once prev holds the catalog (read in the
	// background while the folders are walked); warn is set before that
	// when the catalog could not be used. Closed from the start without
	// a catalog.
	ready chan struct{}
	warn  string
	// noCatalog is set before ready when the catalog held no entries:
	// every file will be read.
	noCatalog bool
	// listedDone is closed once LoadOptions.Listed has its library.
	listedDone chan struct{}

	// Of the last load: the paths of its briefs in walk order, and its
	// warnings that are not a brief's own (folders, skipped files).
	order     []string
	walkWarns []Warning
	lib       *Library // the last load's
	// catBriefs and catSorted are the briefs of order and the library's
	// order as the catalog just read has them (see catalogData), for the
	// listed library; nil once a load has run.
	catBriefs []*Brief
	catSorted []int32
	// listed is the library LoadOptions.Listed was given, until the
	// load ends: the load returns it when nothing changed.
	listed *Library
	// changed reports that the last load read a file or dropped one: the
	// catalog must be written again.
	changed bool
}

// cachedBrief is a brief as the loader made it (before NewLibrary renames a
// duplicate ID), with the file's stamp and when it was read.
type cachedBrief struct {
	brief *Brief
	id    string // the default ID it was read under
	stamp fileStamp
	read  int64 // when, in nanoseconds (noInstant: never vouched for)
}

// racyWindow is how long before a load a file's stamp must be for the load
// to vouch for its content. Timestamps are coarse on some file systems (2 s
// on FAT): a file changed just after it was read, within the same tick, and
// to the same size would keep its stamp. Git calls such a file racily
// clean.
const racyWindow = 2 * time.Second

func newReloadCache() *reloadCache {
	ready := make(chan struct{})
	close(ready)
	return &reloadCache{prev: map[string]cachedBrief{}, next: map[string]cachedBrief{}, ready: ready, listedDone: ready}
}

// knows reports whether the last load read job j's file under j's default
// ID: only then may its brief be kept (see unchanged).
func (c *reloadCache) knows(j job) bool {
	// After the listed library, not only the catalog: on two cores the
	// stats slowed the list a reader shows first.
	<-c.listedDone
	e, ok := c.prev[j.path]
	return ok && e.id == j.id
}

// unchanged returns the cached brief of job j if its file, whose info is fi,
// has not changed; nil if it must be read.
func (c *reloadCache) unchanged(j job, fi fs.FileInfo) *Brief {
	<-c.listedDone
	e, ok := c.prev[j.path]
	if !ok || e.id != j.id {
		return nil
	}
	st, ok := stampOf(fi)
	if !ok || st != e.stamp || !st.settledBy(e.read) {
		return nil
	}
	c.mu.Lock()
	// The brief's own path, not the walk's copy: the maps keyed by it
	// outlive the walk (so do its strings when kept, 10 MB at 100,000).
	c.kept = append(c.kept, e.brief.Path)
	c.mu.Unlock()
	return e.brief
}

// put records brief b, just read from j's file (info fi) at time read.
func (c *reloadCache) put(j job, fi fs.FileInfo, b *Brief, read time.Time) {
	c.mu.Lock()
	c.puts++
	c.mu.Unlock()
	if st, ok := stampOf(fi); ok {
		id := j.id
		if b.ID == id {
			id = b.ID // the same: the brief's copy, not the walk's
		}
		c.keep(b.Path, cachedBrief{brief: b, id: id, stamp: st, read: nanos(read)})
	}
}

func (c *reloadCache) keep(path string, e cachedBrief) {
	c.mu.Lock()
	c.next[path] = e
	c.mu.Unlock()
}

// done ends a load: what it read is what the next one compares with (files
// gone since drop out).
//
// A start with nothing changed keeps every entry: then prev is kept as it
// is, rather than copied entry by entry into a new map (a tenth of a
// second at 100,000 files).
func (c *reloadCache) done() {
	<-c.ready
	<-c.listedDone
	c.changed = c.puts > 0 || len(c.kept) != len(c.prev)
	if c.changed {
		for _, p := range c.kept {
			c.next[p] = c.prev[p]
		}
		// next starts empty: a watch's reloads read a few files, and a
		// map sized for them all took 11 MB at 100,000 briefs for good.
		c.prev, c.next = c.next, make(map[string]cachedBrief)
	}
	c.puts, c.kept = 0, c.kept[:0]
}

// fileStamp is what tells a file's content changed without reading it, as
// git's index does: its size, modification and status-change times, and
// which file it is. The status-change time moves on every write and cannot
// be set back, so a file rewritten with its old modification time (cp -p,
// rsync -t) still shows. Where the system gives no status-change time
// (Windows) the stamp is the size and modification time.
//
// Times are in nanoseconds, noInstant for none. It holds no pointers: a
// catalog keeps one per file, 100,000 of them, and the collector has
// nothing to scan in them.
type fileStamp struct {
	size, mtime, ctime int64
	dev, ino           uint64
}

// changed is the last time the file's content or status changed: the
// status-change time, which follows the clock at every write, where the
// system has one. The modification time may be set to anything (a
// generated or synced file dated in the future would otherwise never count
// as settled and be read at every start); it stands in only without one.
func (s fileStamp) changed() int64 {
	if s.ctime != noInstant {
		return s.ctime
	}
	return s.mtime
}

// settledBy reports whether a read of the file at read (nanoseconds) saw
// its content as the stamp says: the stamp is older than the read by more
// than racyWindow.
func (s fileStamp) settledBy(read int64) bool {
	return read != noInstant && s.changed() < read-int64(racyWindow)
}

// reloadFiles brings the library of the last load up to date with the
// paths that changed (Watch's events), without walking the folders: one
// stat per path, one read per changed file. Files the last load listed are
// read again or dropped; other files that Load would not read (an editor's
// backup or swap file) are passed over. It returns nil when the result
// could differ from a walk's and Load must walk: a new brief or folder, a
// folder gone, or a listed file that cannot be read any more (its warning
// comes from the walk).
func (c *reloadCache) reloadFiles(changed []string, opts LoadOptions) *Library {
	if c.order == nil {
		return nil
	}
	var paths []string
	for _, p := range changed {
		if _, ok := c.prev[p]; ok {
			paths = append(paths, p)
			continue
		}
		if IsBriefName(p) {
			return nil
		}
		fi, err := os.Lstat(p)
		if err == nil && !fi.Mode().IsRegular() {
			return nil // a folder, or a link that may lead to one
		}
		if err != nil && slices.ContainsFunc(c.order, func(q string) bool {
			return strings.HasPrefix(q, p+string(filepath.Separator))
		}) {
			return nil // a folder of briefs gone
		}
	}
	start := opts.now()
	gone := map[string]bool{}
	var olds []*Brief
	for _, p := range paths {
		e := c.prev[p]
		olds = append(olds, e.brief)
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			gone[p] = true
			continue
		}
		r, _ := loadOne(job{path: p, id: e.id}, opts.maxSize(), nil, nil, opts, start)
		if r.brief == nil {
			c.next, c.kept, c.puts = make(map[string]cachedBrief), c.kept[:0], 0
			return nil
		}
	}
	// loadOne kept the unchanged and recorded the read in next: fold them
	// into prev, which holds every other file as it was.
	c.changed = c.puts > 0 || len(gone) > 0
	for p, e := range c.next {
		c.prev[p] = e
	}
	c.next, c.kept, c.puts = make(map[string]cachedBrief), c.kept[:0], 0
	if len(gone) > 0 {
		c.order = slices.DeleteFunc(c.order, func(p string) bool { return gone[p] })
		for p := range gone {
			delete(c.prev, p)
		}
	}
	if len(gone) == 0 && c.lib != nil {
		// Edits only, the common case: the briefs move in the sorted
		// library rather than all 100,000 being sorted again.
		nexts := make([]*Brief, len(paths))
		for i, p := range paths {
			nexts[i] = c.prev[p].brief
		}
		if l, ok := c.lib.replaced(olds, nexts, c.walkWarns); ok {
			c.lib = l
			return l
		}
	}
	bs := make([]*Brief, len(c.order))
	warnings := slices.Clone(c.walkWarns)
	for i, p := range c.order {
		b := c.prev[p].brief
		bs[i] = b
		for _, w := range b.Warnings {
			warnings = append(warnings, Warning{Path: b.Path, Reason: w})
		}
	}
	c.lib = NewLibrary(bs, warnings)
	return c.lib
}

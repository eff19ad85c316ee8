package briefs

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Change is what differs between two loads of a library.
type Change struct {
	Added   []*Brief    // in the new library only
	Removed []*Brief    // in the old library only
	Updated [][2]*Brief // same ID, other content: {old, new}
}

// Empty reports whether nothing changed.
func (c Change) Empty() bool { return len(c.Added)+len(c.Removed)+len(c.Updated) == 0 }

// Briefs counts the briefs added, removed or updated.
func (c Change) Briefs() int { return len(c.Added) + len(c.Removed) + len(c.Updated) }

// Diff compares two libraries by ID and content hash.
func Diff(old, next *Library) Change {
	var c Change
	for _, b := range next.briefs {
		o, ok := old.Get(b.ID)
		switch {
		case !ok:
			c.Added = append(c.Added, b)
		case o != b && !sameBrief(o, b):
			c.Updated = append(c.Updated, [2]*Brief{o, b})
		}
	}
	for _, b := range old.briefs {
		if _, ok := next.Get(b.ID); !ok {
			c.Removed = append(c.Removed, b)
		}
	}
	return c
}

// sameBrief reports whether a and b are the same file in the same state.
func sameBrief(a, b *Brief) bool {
	return a.ID == b.ID && a.Hash == b.Hash && a.Path == b.Path && a.ModTime.Equal(b.ModTime)
}

// keepUnchanged returns next with every brief that did not change since prev
// replaced by prev's copy: a reload parses every file again, and without
// this each one would be held twice (the index and the reader's rows keep
// the briefs they were given) and compared by content at every use.
func keepUnchanged(prev, next *Library) *Library {
	kept := make([]*Brief, len(next.briefs))
	for i, b := range next.briefs {
		if o, ok := prev.Get(b.ID); ok && sameBrief(o, b) {
			b = o
		}
		kept[i] = b
	}
	l := &Library{briefs: kept, index: next.index, warnings: next.warnings, total: next.total}
	return l
}

// WatchOptions tune Watch.
type WatchOptions struct {
	Load LoadOptions
	// Settle is how long the files must be quiet before a reload (an
	// editor's save is several events: write, rename, chmod, within a few
	// milliseconds). Default 100 ms: with a reload of one file taking
	// 54 ms at 100,000 briefs, an edit reaches the list within 300 ms.
	Settle time.Duration
	// MaxWait bounds the wait under a steady stream of events. Default 2 s.
	MaxWait time.Duration
	// Warn receives problems of the watch itself (a folder that cannot be
	// watched); nil drops them.
	Warn func(error)
	// Ready, when set, is called once the files are watched: a change made
	// after it returns is seen. One that makes changes right after starting
	// the watch (a test) waits for it.
	Ready func()

	// noticed, set by this package's tests, is told the path of every
	// event that counts towards a reload.
	noticed func(path string)
}

// Watch reloads the library from paths whenever a file or folder under them
// changes, and calls changed with each reloaded library that differs from
// the one before (its briefs or its warnings). lib is the library already
// loaded from paths. It returns when ctx ends, or at once with an error when
// the system cannot watch at all (inotify unavailable or out of watches).
//
// A reload walks the whole library again (Load's rules decide IDs, duplicate
// names and warnings, so an incremental reload could not be exact), but
// reads and parses only the files whose stamp changed since the reload
// before (see reloadCache); the reload is what changed calls get, and Diff
// tells them what differs.
func Watch(ctx context.Context, paths []string, lib *Library, opts WatchOptions, changed func(*Library)) error {
	if opts.Settle <= 0 {
		opts.Settle = 100 * time.Millisecond
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = 2 * time.Second
	}
	warn := opts.Warn
	if warn == nil {
		warn = func(error) {}
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	seen := map[string]bool{} // real folders watched, so a symlink loop ends
	for _, p := range paths {
		addTree(w, p, seen, warn)
	}
	if opts.Ready != nil {
		opts.Ready()
	}

	// Reloads read only the files changed since the one before (the first
	// reads them all: the library given was not loaded with a cache).
	loadOpts := opts.Load
	loadOpts.reuse = newReloadCache()
	if loadOpts.CacheDir != "" {
		// Reloads go on from the cache of the load that made lib, which
		// holds the same briefs: reading the catalog again here would
		// keep a second copy of every brief for as long as the watch
		// runs (0.13 GB at 100,000 briefs). Without it (a library from
		// elsewhere, or one already watched), from the catalog that load
		// wrote. Either way reloads keep the catalog up to date.
		if c := lib.takeReload(); c != nil && *c.key == catalogKeyOf(paths, loadOpts) {
			loadOpts.reuse = c
		} else {
			loadOpts.reuse, _ = openCatalog(paths, loadOpts)
		}
	}
	var (
		settle  = time.NewTimer(time.Hour)
		first   time.Time // of the events not yet reloaded; zero when none
		pending bool
		touched = map[string]bool{} // paths of the events not yet reloaded
		walk    bool                // a new folder: the reload walks them all
	)
	settle.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if isHidden(filepath.Base(ev.Name)) {
				continue
			}
			if opts.noticed != nil {
				opts.noticed(ev.Name)
			}
			touched[ev.Name] = true
			if ev.Has(fsnotify.Create) {
				// A new folder (or one moved in) is watched from now on.
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					addTree(w, ev.Name, seen, warn)
					walk = true
				}
			}
			now := time.Now()
			if !pending {
				first, pending = now, true
			}
			wait := opts.Settle
			if left := opts.MaxWait - now.Sub(first); left < wait {
				wait = max(0, left)
			}
			settle.Reset(wait)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			warn(err)
		case <-settle.C:
			pending = false
			var next *Library
			if !walk {
				// Only known files changed (an edit, a save by rename, a
				// deletion): no walk of 100,000 files for one edit.
				next = loadOpts.reuse.reloadFiles(slices.Collect(maps.Keys(touched)), loadOpts)
			}
			if next == nil {
				next = Load(paths, loadOpts)
			}
			clear(touched)
			walk = false
			next = keepUnchanged(lib, next)
			if !Diff(lib, next).Empty() || !slices.Equal(lib.Warnings(), next.Warnings()) {
				lib = next
				changed(next)
			}
			saveCatalog(loadOpts)
		}
	}
}

// addTree watches root and every folder under it that Load would read:
// hidden ones are skipped and symlinked folders followed (each real folder
// once, so a loop ends). A file root is watched through its folder.
func addTree(w *fsnotify.Watcher, root string, seen map[string]bool, warn func(error)) {
	fi, err := os.Stat(root)
	if err != nil {
		warn(err)
		return
	}
	if !fi.IsDir() {
		if err := w.Add(filepath.Dir(root)); err != nil {
			warn(err)
		}
		return
	}
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				warn(err)
			}
			return nil
		}
		if p != root && isHidden(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && p != root {
			// WalkDir does not follow links; Load does, so follow the ones
			// to folders.
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				addTree(w, p, seen, warn)
			}
			return nil
		}
		if !d.IsDir() && p != root {
			return nil
		}
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			real = p
		}
		if seen[real] {
			return filepath.SkipDir
		}
		seen[real] = true
		if err := w.Add(p); err != nil {
			warn(err)
		}
		return nil
	})
}

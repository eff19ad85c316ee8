package briefs

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// ahead is the clock of loads of files a test has just written: some
// seconds ahead, so that they count as settled (see LoadOptions.Now).
func ahead() time.Time { return time.Now().Add(5 * time.Second) }

func loadCached(dir string, c *reloadCache) *Library {
	return Load([]string{dir}, LoadOptions{reuse: c, Now: ahead})
}

func mustGet(t *testing.T, l *Library, id string) *Brief {
	t.Helper()
	b, ok := l.Get(id)
	if !ok {
		t.Fatalf("%s not in the library", id)
	}
	return b
}

// A reload keeps the briefs of files whose stamp did not change, unread, and
// reads every file that changed: edited to the same size with its old
// modification time put back, saved by renaming a new file over it,
// deleted and written again. Duplicate IDs are renamed as a fresh load
// renames them.
func TestReloadCache(t *testing.T) {
	dir := t.TempDir()
	for i := range 5 {
		writeBrief(t, filepath.Join(dir, fmt.Sprintf("b%d.md", i)), fmt.Sprintf("# Brief %d\n\nText one.\n", i))
	}
	writeBrief(t, filepath.Join(dir, "dup1.md"), "---\nid: same\n---\n# One\n")
	writeBrief(t, filepath.Join(dir, "dup2.md"), "---\nid: same\n---\n# Two\n")
	c := newReloadCache()
	first := loadCached(dir, c)
	second := loadCached(dir, c)
	for _, b := range first.Briefs() {
		if nb := mustGet(t, second, b.ID); nb != b && b.ID != "same#2" {
			t.Errorf("%s: read again though unchanged", b.ID)
		}
	}
	if second.Len() != 7 || mustGet(t, second, "same#2").Title != mustGet(t, first, "same#2").Title {
		t.Fatalf("duplicates: %d briefs, same#2 %q", second.Len(), mustGet(t, second, "same#2").Title)
	}

	// Same size, modification time put back: the status-change time tells.
	p0 := filepath.Join(dir, "b0.md")
	fi, err := os.Stat(p0)
	if err != nil {
		t.Fatal(err)
	}
	writeBrief(t, p0, "# Brief 0\n\nText two.\n")
	if err := os.Chtimes(p0, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	// A new file renamed over the old, as editors save.
	p1 := filepath.Join(dir, "b1.md")
	writeBrief(t, p1+".tmp", "# Brief 1\n\nText new.\n")
	if err := os.Rename(p1+".tmp", p1); err != nil {
		t.Fatal(err)
	}
	// Deleted, then written again.
	p2 := filepath.Join(dir, "b2.md")
	if err := os.Remove(p2); err != nil {
		t.Fatal(err)
	}
	third := loadCached(dir, c)
	if _, ok := third.Get("b2.md"); ok {
		t.Fatal("a deleted brief was kept")
	}
	writeBrief(t, p2, "# Brief 2\n\nText back.\n")
	fourth := loadCached(dir, c)
	for id, want := range map[string]string{"b0.md": "Text two.", "b1.md": "Text new.", "b2.md": "Text back."} {
		if got := mustGet(t, fourth, id).Sections[0].Body; got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	for _, id := range []string{"b3.md", "b4.md"} {
		if mustGet(t, fourth, id) != mustGet(t, first, id) {
			t.Errorf("%s: read again though unchanged", id)
		}
	}
	// What a fresh load makes, the cached one makes.
	fresh := Load([]string{dir}, LoadOptions{Now: ahead})
	if d := Diff(fresh, fourth); !d.Empty() {
		t.Errorf("cached load differs from a fresh one: %+v", d)
	}
}

// A file changed within racyWindow of the load that read it is read again:
// a change in the same clock tick, to the same size, would keep its stamp.
func TestReloadCacheRacy(t *testing.T) {
	dir := t.TempDir()
	writeBrief(t, filepath.Join(dir, "a.md"), "# A\n\nText.\n")
	c := newReloadCache()
	first := Load([]string{dir}, LoadOptions{reuse: c})
	second := Load([]string{dir}, LoadOptions{reuse: c})
	if mustGet(t, second, "a.md") == mustGet(t, first, "a.md") {
		t.Fatal("a file written just before the load was trusted unread")
	}
}

// Watch's reloads read only the files that changed, once the first has
// stamped them all.
func TestWatchReadsOnlyChanges(t *testing.T) {
	dir := t.TempDir()
	for i := range 20 {
		writeBrief(t, filepath.Join(dir, fmt.Sprintf("b%02d.md", i)), fmt.Sprintf("# Brief %d\n\nText.\n", i))
	}
	_, got, _ := watchTest(t, dir)
	writeBrief(t, filepath.Join(dir, "b00.md"), "# Brief 0\n\nEdited once.\n")
	one := nextReload(t, got)
	writeBrief(t, filepath.Join(dir, "b01.md"), "# Brief 1\n\nEdited.\n")
	two := nextReload(t, got)
	if b := mustGet(t, two, "b01.md"); b.Sections[0].Body != "Edited." {
		t.Fatalf("edit not read: %q", b.Sections[0].Body)
	}
	for _, b := range one.Briefs() {
		if b.ID != "b01.md" && mustGet(t, two, b.ID) != b {
			t.Errorf("%s: read again though unchanged", b.ID)
		}
	}
}

// A reload of the files a watch saw change neither walks the folders nor
// reads the other files: a file added without an event stays unseen, the
// edited one is read, the deleted one drops out, and an editor's backup
// file is passed over. Anything it cannot settle exactly (a new brief, a
// folder) is left to a walk.
func TestReloadFilesWithoutWalk(t *testing.T) {
	dir := t.TempDir()
	for i := range 5 {
		writeBrief(t, filepath.Join(dir, fmt.Sprintf("b%d.md", i)), fmt.Sprintf("# Brief %d\n", i))
	}
	c := newReloadCache()
	first := loadCached(dir, c)
	writeBrief(t, filepath.Join(dir, "unseen.md"), "# Unseen\n")
	writeBrief(t, filepath.Join(dir, "b1.md"), "# Brief 1 edited\n")
	writeBrief(t, filepath.Join(dir, "b1.md~"), "# Backup\n")
	if err := os.Remove(filepath.Join(dir, "b2.md")); err != nil {
		t.Fatal(err)
	}
	var read []string
	opts := LoadOptions{Now: ahead, reuse: c, OnRead: func(b *Brief) { read = append(read, b.ID) }}
	next := c.reloadFiles([]string{filepath.Join(dir, "b1.md"), filepath.Join(dir, "b2.md"), filepath.Join(dir, "b1.md~")}, opts)
	if next == nil {
		t.Fatal("reloadFiles gave up on known files")
	}
	if _, ok := next.Get("unseen.md"); ok || next.Len() != 4 {
		t.Fatalf("%d briefs, unseen %v: the folder was walked", next.Len(), ok)
	}
	if _, ok := next.Get("b2.md"); ok {
		t.Fatal("the deleted brief is still listed")
	}
	if mustGet(t, next, "b1.md").Title != "Brief 1 edited" || !slices.Equal(read, []string{"b1.md"}) {
		t.Fatalf("title %q, read %q", mustGet(t, next, "b1.md").Title, read)
	}
	if mustGet(t, next, "b3.md") != mustGet(t, first, "b3.md") {
		t.Fatal("an unchanged brief was read again")
	}
	// An edit that moves a brief in the order: placed where a fresh load
	// places it, warnings and all.
	writeBrief(t, filepath.Join(dir, "b3.md"), "---\ndate: 2030-01-01\nwat: 1\n---\n# Brief 3 moved\n")
	moved := c.reloadFiles([]string{filepath.Join(dir, "b3.md")}, opts)
	fresh := NewLibrary(moved.Briefs(), nil)
	if moved.Briefs()[0].ID != "b3.md" || !slices.Equal(moved.Briefs(), fresh.Briefs()) || moved.IndexOf("b3.md") != 0 ||
		moved.IndexOf("b0.md") != fresh.IndexOf("b0.md") || !slices.Equal(moved.Warnings(), loadCached(dir+"/b3.md", newReloadCache()).Warnings()) {
		t.Fatalf("moved: %v, warnings %v", moved.Briefs(), moved.Warnings())
	}
	if c.reloadFiles([]string{filepath.Join(dir, "unseen.md")}, opts) != nil {
		t.Fatal("a new brief must be left to a walk")
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	if c.reloadFiles([]string{filepath.Join(dir, "sub")}, opts) != nil {
		t.Fatal("a new folder must be left to a walk")
	}
	// The walk after it agrees, and sees the unseen file.
	if walked := loadCached(dir, c); walked.Len() != 5 || mustGet(t, walked, "b1.md").Title != "Brief 1 edited" {
		t.Fatalf("walk: %d briefs", walked.Len())
	}
}

// With a catalog, a watch goes on from the cache of the load that made its
// library (given either library of that load: the catalog's listed one or
// the checked one), so its first reload reads the edited file alone even
// with the catalog gone meanwhile; a second watch of the same library reads
// the catalog instead. Either way the reload keeps the catalog: the next
// start reads nothing.
func TestWatchKeepsCatalog(t *testing.T) {
	for _, tc := range []struct {
		name string
		// library loads dir and returns the library to watch; with
		// noCatalog the catalog is removed before the watch starts.
		library   func(t *testing.T, dir, cache string) *Library
		noCatalog bool
		wantRead  int // files the watch's first reload reads
	}{
		{"loaded", func(t *testing.T, dir, cache string) *Library {
			return Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache})
		}, true, 1},
		{"listed", func(t *testing.T, dir, cache string) *Library {
			Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache})
			// Rewritten as it was: read again, so the load returns a
			// library of its own, equal to the listed one.
			writeBrief(t, filepath.Join(dir, "b1.md"), "# Brief 1\n")
			var listed *Library
			lib := Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache, Listed: func(l *Library) { listed = l }})
			if listed == nil || listed == lib {
				t.Fatalf("listed %p, loaded %p: want two libraries", listed, lib)
			}
			return listed
		}, true, 1},
		{"watched before", func(t *testing.T, dir, cache string) *Library {
			lib := Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache})
			if lib.takeReload() == nil || lib.takeReload() != nil {
				t.Fatal("the load's cache is not handed on exactly once")
			}
			return lib
		}, false, 1},
		{"watched before, no catalog", func(t *testing.T, dir, cache string) *Library {
			lib := Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache})
			lib.takeReload()
			return lib
		}, true, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, cache := t.TempDir(), t.TempDir()
			for i := range 5 {
				writeBrief(t, filepath.Join(dir, fmt.Sprintf("b%d.md", i)), fmt.Sprintf("# Brief %d\n", i))
			}
			lib := tc.library(t, dir, cache)
			if tc.noCatalog {
				if err := os.Remove(CatalogPath(cache, []string{dir})); err != nil {
					t.Fatal(err)
				}
			}
			var read atomic.Int64
			reloads := make(chan *Library, 4)
			ctx, cancel := context.WithCancel(context.Background())
			done, ready := make(chan error, 1), make(chan struct{})
			go func() {
				opts := LoadOptions{Now: ahead, CacheDir: cache, OnRead: func(*Brief) { read.Add(1) }}
				done <- Watch(ctx, []string{dir}, lib, WatchOptions{Load: opts, Settle: 20 * time.Millisecond,
					Ready: func() { close(ready) }}, func(l *Library) { reloads <- l })
			}()
			<-ready
			writeBrief(t, filepath.Join(dir, "b3.md"), "# Brief 3 edited\n")
			next := nextReload(t, reloads)
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if n := read.Load(); n != int64(tc.wantRead) {
				t.Errorf("the reload read %d files, want %d", n, tc.wantRead)
			}
			if b := mustGet(t, next, "b3.md"); next.Len() != 5 || b.Title != "Brief 3 edited" || HasText(b) {
				t.Fatalf("reload: %d briefs, %q, text held %v", next.Len(), b.Title, HasText(b))
			}
			again, read2 := loadWithCatalog(dir, cache)
			if read2 != 0 || mustGet(t, again, "b3.md").Title != "Brief 3 edited" {
				t.Fatalf("next start read %d files, title %q", read2, mustGet(t, again, "b3.md").Title)
			}
		})
	}
}

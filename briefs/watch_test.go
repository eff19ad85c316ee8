package briefs

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// watchTest runs Watch on dir and hands each reload to the test; noticed
// gives the paths of the events the watch has counted towards a reload so
// far. It returns once the files are watched.
func watchTest(t *testing.T, dir string) (lib *Library, got <-chan *Library, noticed func() []string) {
	t.Helper()
	lib = Load([]string{dir}, LoadOptions{})
	reloads := make(chan *Library, 16)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	ready := make(chan struct{})
	var mu sync.Mutex
	var paths []string
	opts := WatchOptions{Settle: 50 * time.Millisecond, Warn: func(err error) { t.Log(err) }, Ready: func() { close(ready) }}
	opts.noticed = func(p string) {
		mu.Lock()
		paths = append(paths, p)
		mu.Unlock()
	}
	go func() {
		done <- Watch(ctx, []string{dir}, lib, opts, func(l *Library) { reloads <- l })
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("watch: %v", err)
		}
	})
	select {
	case <-ready:
	case err := <-done:
		done <- err // for the cleanup
		t.Fatalf("the watch ended before it was ready: %v", err)
	}
	return lib, reloads, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(paths)
	}
}

func nextReload(t *testing.T, got <-chan *Library) *Library {
	t.Helper()
	select {
	case l := <-got:
		return l
	case <-time.After(5 * time.Second):
		t.Fatal("no reload after a change")
		return nil
	}
}

func writeBrief(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Editing, saving the way editors do (a new file renamed over the old),
// adding a folder with a brief, and deleting a brief each reload the library
// once the files are quiet, and Diff names what changed; hidden files are
// ignored.
func TestWatchReloads(t *testing.T) {
	dir := t.TempDir()
	writeBrief(t, filepath.Join(dir, "a.md"), "# Alpha\n\nFirst text.\n")
	writeBrief(t, filepath.Join(dir, "b.md"), "# Beta\n\nSecond text.\n")
	lib, got, noticed := watchTest(t, dir)

	writeBrief(t, filepath.Join(dir, "a.md"), "# Alpha, revised\n\nFirst text, edited.\n")
	l := nextReload(t, got)
	if a, ok := l.Get("a.md"); !ok || a.Title != "Alpha, revised" {
		t.Fatalf("after an edit: %+v", a)
	}
	if c := Diff(lib, l); len(c.Updated) != 1 || c.Updated[0][1].ID != "a.md" || len(c.Added)+len(c.Removed) != 0 {
		t.Fatalf("diff after an edit: %+v", c)
	}
	// The brief that did not change is the same object: a reload does not
	// leave two copies of every brief alive.
	oldB, _ := lib.Get("b.md")
	if newB, _ := l.Get("b.md"); newB != oldB {
		t.Error("an unchanged brief was replaced by a copy")
	}
	lib = l

	// vim and most editors: write a temporary file, rename it over.
	tmp := filepath.Join(dir, ".b.md.swp")
	writeBrief(t, tmp, "# Beta, saved by rename\n\nSecond text.\n")
	if err := os.Rename(tmp, filepath.Join(dir, "b.md")); err != nil {
		t.Fatal(err)
	}
	l = nextReload(t, got)
	if b, _ := l.Get("b.md"); b == nil || b.Title != "Beta, saved by rename" {
		t.Fatalf("after a rename-save: %+v", b)
	}
	lib = l

	writeBrief(t, filepath.Join(dir, "desk", "c.md"), "# Gamma\n\nThird.\n")
	l = nextReload(t, got)
	if c := Diff(lib, l); len(c.Added) != 1 || c.Added[0].ID != "desk/c.md" {
		t.Fatalf("a new folder's brief: %+v", c)
	}
	lib = l
	// The new folder is watched too.
	writeBrief(t, filepath.Join(dir, "desk", "c.md"), "# Gamma, again\n\nThird.\n")
	if c, _ := nextReload(t, got).Get("desk/c.md"); c == nil || c.Title != "Gamma, again" {
		t.Fatalf("an edit in the new folder: %+v", c)
	}

	if err := os.Remove(filepath.Join(dir, "a.md")); err != nil {
		t.Fatal(err)
	}
	l = nextReload(t, got)
	if _, ok := l.Get("a.md"); ok || l.Len() != 2 {
		t.Fatalf("after a delete: %d briefs, a.md still there: %v", l.Len(), ok)
	}

	// A hidden file is not even noticed (it could not change the library,
	// but it would cost a reload). Its events come before those of the
	// visible edit after it, so they have been seen by the time that
	// edit's reload arrives.
	writeBrief(t, filepath.Join(dir, ".notes.md"), "# Hidden\n")
	writeBrief(t, filepath.Join(dir, "b.md"), "# Beta, once more\n\nSecond text.\n")
	if b, _ := nextReload(t, got).Get("b.md"); b == nil || b.Title != "Beta, once more" {
		t.Fatalf("an edit after a hidden file: %+v", b)
	}
	seen := noticed()
	if !slices.Contains(seen, filepath.Join(dir, "b.md")) {
		t.Fatalf("the edit of b.md was not noticed: %q", seen)
	}
	for _, p := range seen {
		if isHidden(filepath.Base(p)) {
			t.Errorf("a hidden file was noticed: %s", p)
		}
	}
}

// A folder linked into the library is followed like the rest (Load reads
// through links), and a link back up the tree does not loop.
func TestWatchFollowsLinkedFolders(t *testing.T) {
	outside := t.TempDir()
	writeBrief(t, filepath.Join(outside, "linked.md"), "# Linked\n\nText.\n")
	dir := t.TempDir()
	writeBrief(t, filepath.Join(dir, "a.md"), "# Alpha\n\nText.\n")
	if err := os.Symlink(outside, filepath.Join(dir, "shared")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink(dir, filepath.Join(outside, "back")); err != nil {
		t.Fatal(err)
	}
	_, got, _ := watchTest(t, dir)
	writeBrief(t, filepath.Join(outside, "linked.md"), "# Linked, edited\n\nText.\n")
	l := nextReload(t, got)
	if b, ok := l.Get("shared/linked.md"); !ok || b.Title != "Linked, edited" {
		var ids []string
		for _, b := range l.Briefs() {
			ids = append(ids, b.ID+"="+b.Title)
		}
		t.Fatalf("an edit in a linked folder: %v", ids)
	}
}

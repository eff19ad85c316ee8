package briefs

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// shortRacyWindow lets a test trust stamps at once: the files it writes are
// all older than the loads that follow, at the file system's nanoseconds.
func shortRacyWindow(t testing.TB) {
	old := racyWindow
	racyWindow = 0
	t.Cleanup(func() { racyWindow = old })
}

func loadCached(dir string, c *reloadCache) *Library {
	return Load([]string{dir}, LoadOptions{reuse: c})
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
	shortRacyWindow(t)
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
	fresh := Load([]string{dir}, LoadOptions{})
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
	first := loadCached(dir, c)
	second := loadCached(dir, c)
	if mustGet(t, second, "a.md") == mustGet(t, first, "a.md") {
		t.Fatal("a file written just before the load was trusted unread")
	}
}

// Watch's reloads read only the files that changed, once the first has
// stamped them all.
func TestWatchReadsOnlyChanges(t *testing.T) {
	shortRacyWindow(t)
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

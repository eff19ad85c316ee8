package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/charmbracelet/x/ansi"
)

// catalogLibrary writes n briefs and loads them twice through a catalog:
// the second load lists them without their text, as a warm start does.
// Every load with a catalog does, whether it reads a file or keeps it
// unread (a file written within the catalog's racy window is read again),
// so a brief with text means the catalog was not used.
func catalogLibrary(t *testing.T, n int) (dir string, lib *briefs.Library) {
	t.Helper()
	dir = t.TempDir()
	for i := range n {
		writeFile(t, dir, i)
	}
	cache := t.TempDir()
	briefs.Load([]string{dir}, briefs.LoadOptions{CacheDir: cache})
	lib = briefs.Load([]string{dir}, briefs.LoadOptions{CacheDir: cache})
	for _, b := range lib.Briefs() {
		if briefs.HasText(b) {
			t.Fatalf("a brief loaded through a catalog holds its text: %s", b.ID)
		}
	}
	return dir, lib
}

// A brief listed without its text opens as any other: its render shows
// the text, the reader's brief gets it (for find, copy, notes), and the
// library's copy is left without it.
func TestOpenBriefListedWithoutText(t *testing.T) {
	t.Parallel()
	_, lib := catalogLibrary(t, 3)
	h := newHarness(t, Options{Library: lib, Theme: "dark"}, 80, 24)
	h.key("enter")
	b := h.m.OpenBrief()
	if b == nil || !h.m.Reader().Ready() {
		t.Fatal("the brief did not open and render")
	}
	if !briefs.HasText(b) || !strings.Contains(b.Sections[0].Body, "Lead text.") {
		t.Fatalf("the open brief holds no text: %+v", b.Sections)
	}
	if screen := ansi.Strip(h.view()); !strings.Contains(screen, "Lead text.") || !strings.Contains(screen, "Because.") {
		t.Fatalf("reader:\n%s", screen)
	}
	if listed, _ := lib.Get(b.ID); briefs.HasText(listed) {
		t.Fatal("opening a brief gave the shared library's copy its text")
	}
}

// A brief whose file went away after it was listed says so in the reader,
// and nothing breaks: the keys that use the text do nothing.
func TestOpenBriefWhoseFileIsGone(t *testing.T) {
	t.Parallel()
	dir, lib := catalogLibrary(t, 3)
	first := lib.Briefs()[0]
	if err := os.Remove(filepath.Join(dir, filepath.Base(first.Path))); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Library: lib, Theme: "dark"}, 80, 24)
	h.key("enter")
	if b := h.m.OpenBrief(); b == nil || b.ID != first.ID {
		t.Fatalf("opened %v", b)
	}
	screen := ansi.Strip(h.view())
	if !strings.Contains(screen, "its file cannot be read (no such file or folder)") ||
		!strings.Contains(screen, "cannot read this brief's file: no such file or folder") {
		t.Fatalf("the reader does not say the file is gone:\n%s", screen)
	}
	h.key("v", "y", "n", "esc", "esc")
	if h.m.OpenBrief() != nil {
		t.Fatal("esc did not go back to the library")
	}
}

// A start with a catalog shows its list at once and then the files as
// they are: a brief deleted and one edited since the catalog was written
// end up as on disk, and the catalog is used (the briefs hold no text).
func TestStartFromCatalogFollowsTheFiles(t *testing.T) {
	t.Parallel()
	dir, cache := t.TempDir(), t.TempDir()
	for i := range 4 {
		writeFile(t, dir, i)
	}
	opts := Options{Paths: []string{dir}, CacheDir: cache, NoWatch: true, Theme: "dark"}
	h := newHarness(t, opts, 80, 24)
	if h.m.lib == nil || h.m.lib.Len() != 4 {
		t.Fatalf("first start: %v", h.m.lib)
	}
	if err := os.Remove(filepath.Join(dir, "b01.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b02.md"), []byte("---\ntitle: Brief 2 edited\ndate: 2026-01-03\n---\n\nNew lead.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h = newHarness(t, opts, 80, 24)
	if h.m.loading || h.m.lib.Len() != 3 {
		t.Fatalf("second start: loading %v, %d briefs", h.m.loading, h.m.lib.Len())
	}
	if _, ok := h.m.lib.Get("b01.md"); ok {
		t.Fatal("the deleted brief is still listed")
	}
	if b, _ := h.m.lib.Get("b02.md"); b == nil || b.Title != "Brief 2 edited" {
		t.Fatalf("the edited brief: %+v", b)
	}
	for _, id := range []string{"b00.md", "b02.md", "b03.md"} {
		if b, ok := h.m.lib.Get(id); !ok || briefs.HasText(b) {
			t.Fatalf("%s is not listed through the catalog: %+v", id, b)
		}
	}
	if screen := ansi.Strip(h.view()); !strings.Contains(screen, "Brief 2 edited") || strings.Contains(screen, "Brief 1\n") {
		t.Fatalf("list:\n%s", screen)
	}
}

// The load's progress says roughly how long is left once it can tell.
func TestLoadProgressTimeLeft(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(3), Theme: "dark"}, 100, 24)
	h.m.loading = true
	next, _ := h.m.handleLoadProgress(loadProgressMsg{done: 5000, total: 100000}) // its wait is not run: no load runs
	h.m = next.(Model)
	if bar := ansi.Strip(h.m.statusBar()); !strings.Contains(bar, "Loading 5,000 / 100,000") || strings.Contains(bar, "left") {
		t.Fatalf("no estimate yet: %q", bar)
	}
	h.m.loadLeft = 80 * time.Second
	if bar := ansi.Strip(h.m.statusBar()); !strings.Contains(bar, "about 1 min 20 s left") {
		t.Fatalf("with an estimate: %q", bar)
	}
}

package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/charmbracelet/x/ansi"
)

// catalogLibrary writes n briefs and loads them twice through a catalog:
// the second load lists them without their text, as a warm start does.
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
			t.Skip("the catalog's stamps are too fresh to trust on this file system")
		}
	}
	return dir, lib
}

// A brief listed without its text opens as any other: its render shows
// the text, the reader's brief gets it (for find, copy, notes), and the
// library's copy is left without it.
func TestOpenBriefListedWithoutText(t *testing.T) {
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

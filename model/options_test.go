package model

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/ui"
)

// A read-only session (an anonymous SSH reader) opens no store, says why
// once, and every key that would keep or show notes says it again and does
// nothing; the editor never opens.
func TestReadOnlyOption(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	store := openStore(t, t.TempDir()) // given, and must not be used
	lib := fxLibrary(2)
	const why = "anonymous session"
	h := newHarness(t, Options{Library: lib, Theme: "notty", Store: store, Owner: "tester",
		DataDir: dir, ReadOnly: why}, 120, 30)
	if !strings.Contains(h.screen(), "read-only: "+why) {
		t.Fatalf("not said at start:\n%s", h.screen())
	}
	if h.m.Store() != nil || h.m.NotesStatus() != "read-only: "+why {
		t.Fatalf("store %v, notes status %q", h.m.Store(), h.m.NotesStatus())
	}
	library := []string{"s", "u", "R", "E"}
	reader := []string{"s", "u", "a", "h", "A", "R"}
	try := func(k string) {
		t.Helper()
		h.m.status = ""
		h.key(k)
		if !strings.Contains(h.m.status, "read-only: "+why) {
			t.Errorf("%q: status %q", k, h.m.status)
		}
		if open, _ := h.m.EditorOpen(); open || h.m.notes.review.Focused() || h.m.notes.panel.Focused() {
			t.Fatalf("%q opened a notes screen", k)
		}
	}
	for _, k := range library {
		try(k)
	}
	h.key("enter")
	if h.m.OpenBrief() == nil {
		t.Fatal("the reader did not open")
	}
	for _, k := range reader {
		try(k)
	}
	h.key("G", "esc") // to the bottom (would mark read), back (would save the position)
	h.m.Close()
	if list := allNotes(t, store); len(list) != 0 {
		t.Fatalf("notes written: %+v", list)
	}
	if marks, err := store.AllMarks(context.Background(), "tester"); err != nil || len(marks) != 0 {
		t.Fatalf("marks written: %+v %v", marks, err)
	}
	if _, err := os.Stat(notes.DefaultPath(dir)); !os.IsNotExist(err) {
		t.Fatalf("a notes database was created in the data folder: %v", err)
	}
}

// NoExport: E says export is off and writes nothing; the rest of notes works.
func TestNoExportOption(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	store := openStore(t, dir)
	lib := fxLibrary(1)
	h := newHarness(t, Options{Library: lib, Theme: "notty", Store: store, Owner: "tester",
		DataDir: dir, NoExport: true}, 120, 30)
	h.key("E")
	if h.m.status != exportOffStatus {
		t.Fatalf("library E: status %q", h.m.status)
	}
	h.key("R", "E")
	if !h.m.notes.review.Focused() || h.m.status != exportOffStatus {
		t.Fatalf("review E: review %v, status %q", h.m.notes.review.Focused(), h.m.status)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "briefing-notes-*")); len(m) != 0 {
		t.Fatalf("export wrote %v", m)
	}
	h.key("esc", "s")
	if !h.m.Marks().IsStarred(lib.Briefs()[0].ID) {
		t.Fatal("star did not work with NoExport")
	}
}

// ExportOff replaces what E says when export is off (a server names the
// command that exports over SSH).
func TestExportOffOption(t *testing.T) {
	t.Parallel()
	const say = "export is off here: ssh host notes export --format md > notes.md"
	h := newHarness(t, Options{Library: fxLibrary(1), Theme: "notty", Store: openStore(t, t.TempDir()), Owner: "tester",
		NoExport: true, ExportOff: say}, 120, 30)
	h.key("E")
	if h.m.status != say {
		t.Fatalf("E: status %q, want %q", h.m.status, say)
	}
}

func TestRenderCacheSizeOption(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ opt, want int }{{0, DefaultRenderCacheSize}, {3, 3}} {
		m := New(Options{Library: fxLibrary(1), RenderCacheSize: tc.opt})
		for i := range tc.want + 5 {
			m.cache.Put(ui.Rendered{ID: "b", Width: i, Theme: "dark"})
		}
		if n := m.cache.Len(); n != tc.want {
			t.Errorf("RenderCacheSize %d: cache holds %d, want %d", tc.opt, n, tc.want)
		}
	}
}

// Sessions given the same SharedRenders take each other's renders: the
// second session shows what the cache holds instead of rendering again.
func TestSharedRenders(t *testing.T) {
	t.Parallel()
	shared := ui.NewRenderCache(8)
	lib := fxLibrary(2)
	opts := Options{Library: lib, Theme: "dark", SharedRenders: shared}
	a := newHarness(t, opts, 100, 30)
	a.key("enter")
	r := a.m.Reader().Rendered()
	if !a.m.Reader().Ready() {
		t.Fatal("first session: no render")
	}
	if got, ok := shared.Get(&briefs.Brief{ID: r.ID, Hash: r.Hash}, r.Width, r.Theme); !ok || got.Content != r.Content {
		t.Fatal("the render was not shared")
	}
	// Mark the shared render so that showing it is told from rendering anew.
	marked := r
	marked.Lines = append([]string{"SHARED-RENDER-MARK"}, r.Lines[1:]...)
	marked.Content = strings.Join(marked.Lines, "\n")
	shared.Put(marked)
	b := newHarness(t, opts, 100, 30)
	b.key("enter")
	if !strings.Contains(b.view(), "SHARED-RENDER-MARK") {
		t.Fatalf("second session rendered again:\n%s", b.view())
	}
}

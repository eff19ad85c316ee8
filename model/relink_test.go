package model

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
)

// A brief moved to another folder between sessions keeps its notes: the
// reader finds it by the content hash its notes recorded.
func TestNotesFollowAMovedBrief(t *testing.T) {
	t.Parallel()
	lib, data := t.TempDir(), t.TempDir()
	body := []byte("# Ferry timetable cut\n\nThe ferry runs twice a day from June.\n\n## Why it matters\n\nIslanders commute on it.\n")
	if err := os.WriteFile(filepath.Join(lib, "ferry.md"), body, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	store, err := sqlite.Open(notes.DefaultPath(data))
	if err != nil {
		t.Fatal(err)
	}
	n, err := store.AddNote(context.Background(), notes.Note{Owner: "ana", BriefID: "ferry.md", BriefHash: hex.EncodeToString(sum[:]),
		Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1}, Quote: "Islanders commute on it.", Body: "Ask the harbour master"})
	if err != nil {
		t.Fatal(err)
	}
	store.Close()

	// The file moves into an archive folder; a new session starts.
	if err := os.MkdirAll(filepath.Join(lib, "archive"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(lib, "ferry.md"), filepath.Join(lib, "archive", "ferry.md")); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Paths: []string{lib}, DataDir: data, Owner: "ana", Theme: "notty", NoWatch: true}, 80, 24)
	if h.m.Library() == nil || h.m.Library().Len() != 1 {
		t.Fatal("library not loaded")
	}
	got, err := h.m.Store().Note(context.Background(), "ana", n.ID)
	if err != nil || got.BriefID != "archive/ferry.md" {
		t.Fatalf("note after the move: %+v %v", got, err)
	}
	if !h.m.Marks().HasNotes("archive/ferry.md") {
		t.Error("the library's note count did not follow the move")
	}
	h.m.Close()
}

// A file renamed while the reader is open keeps its star and notes at once:
// the reload the watcher sends carries them to the new name, and the open
// reader stays on the brief under that name with its notes.
func TestRenameSeenByWatcherCarriesMarksAndNotes(t *testing.T) {
	t.Parallel()
	lib, data := t.TempDir(), t.TempDir()
	ferry := "# Ferry timetable cut\n\nThe ferry runs twice a day from June.\n\n## Why it matters\n\nIslanders commute on it.\n"
	tram := "# Tram outage\n\nA certificate expired.\n"
	writeBriefFile(t, lib, "ferry.md", ferry)
	writeBriefFile(t, lib, "tram.md", tram)
	h := newHarness(t, Options{Paths: []string{lib}, DataDir: data, Owner: "ana", Theme: "notty", NoWatch: true}, 80, 24)
	defer h.m.Close()
	ctx := context.Background()
	s := h.m.Store()
	if err := s.SetStarred(ctx, "ana", "tram.md", true); err != nil { // a star, no note
		t.Fatal(err)
	}
	b, ok := h.m.Library().Get("ferry.md")
	if !ok {
		t.Fatal("ferry.md not loaded")
	}
	n, err := s.AddNote(ctx, notes.Note{Owner: "ana", BriefID: "ferry.md", BriefHash: b.Hash,
		Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1}, Quote: "Islanders commute on it.", Body: "Ask the harbour master"})
	if err != nil {
		t.Fatal(err)
	}
	h.run(h.m.refreshNotes())
	h.m.library.SelectID("ferry.md")
	h.key("enter")
	if open := h.m.OpenBrief(); open == nil || open.ID != "ferry.md" {
		t.Fatalf("open brief %v", open)
	}

	for _, mv := range [][2]string{{"ferry.md", "ferry-2026.md"}, {"tram.md", "tram-outage.md"}} {
		if err := os.Rename(filepath.Join(lib, mv[0]), filepath.Join(lib, mv[1])); err != nil {
			t.Fatal(err)
		}
	}
	h.send(LibraryChangedMsg{Library: briefs.Load([]string{lib}, briefs.LoadOptions{})})

	if got, err := s.Note(ctx, "ana", n.ID); err != nil || got.BriefID != "ferry-2026.md" {
		t.Fatalf("note after the rename: %+v %v", got, err)
	}
	marks := h.m.Marks()
	if !marks.IsStarred("tram-outage.md") || marks.IsStarred("tram.md") || !marks.HasNotes("ferry-2026.md") {
		t.Errorf("marks did not follow: star on tram-outage.md %v, notes on ferry-2026.md %v",
			marks.IsStarred("tram-outage.md"), marks.HasNotes("ferry-2026.md"))
	}
	open := h.m.OpenBrief()
	if open == nil || open.ID != "ferry-2026.md" {
		t.Fatalf("the reader did not follow the rename: %v", open)
	}
	if scr := h.screen(); strings.Contains(scr, "deleted or renamed") {
		t.Errorf("a renamed brief is said to be gone:\n%s", scr)
	}
	if got := h.m.BriefNotes(); len(got) != 1 || got[0].ID != n.ID {
		t.Errorf("the open brief's notes after the rename: %+v", got)
	}
}

// When another mover carried the marks first (the SSH server does, for
// everyone, before its sessions hear of the reload), the session still
// reads them again: the star shows under the new name at once.
func TestRenameMovedByServerRefreshesMarks(t *testing.T) {
	t.Parallel()
	lib, data := t.TempDir(), t.TempDir()
	writeBriefFile(t, lib, "tram.md", "# Tram outage\n\nA certificate expired.\n")
	h := newHarness(t, Options{Paths: []string{lib}, DataDir: data, Owner: "ana", Theme: "notty", NoWatch: true}, 80, 24)
	defer h.m.Close()
	ctx := context.Background()
	s := h.m.Store()
	if err := s.SetStarred(ctx, "ana", "tram.md", true); err != nil {
		t.Fatal(err)
	}
	h.run(h.m.refreshNotes())
	if !h.m.Marks().IsStarred("tram.md") {
		t.Fatal("the star is not shown before the rename")
	}
	if err := os.Rename(filepath.Join(lib, "tram.md"), filepath.Join(lib, "tram-outage.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RenameBrief(ctx, "", "tram.md", "tram-outage.md"); err != nil {
		t.Fatal(err)
	}
	h.send(LibraryChangedMsg{Library: briefs.Load([]string{lib}, briefs.LoadOptions{})})
	if !h.m.Marks().IsStarred("tram-outage.md") {
		t.Error("the star moved by the server is not shown under the new name")
	}
}

package model

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
)

// A brief moved to another folder between sessions keeps its notes: the
// reader finds it by the content hash its notes recorded.
func TestNotesFollowAMovedBrief(t *testing.T) {
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

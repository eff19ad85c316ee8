package notes_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
)

// A rename seen by one reload carries notes, the star and the read state
// to the new ID, also for a brief with a star and no note; two copies of one
// content leave their marks where they are.
func TestRelinkRenamed(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "notes.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.AddNote(ctx, notes.Note{Owner: "ana", BriefID: "ferry.md", BriefHash: "h1", Body: "ask"}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"ferry.md", "starred.md", "twin-a.md"} {
		if err := s.SetStarred(ctx, "ana", id, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.MarkRead(ctx, "ana", "starred.md"); err != nil {
		t.Fatal(err)
	}
	gone := []notes.LoadedBrief{{ID: "ferry.md", Hash: "h1"}, {ID: "starred.md", Hash: "h2"}, {ID: "twin-a.md", Hash: "h3"}}
	came := []notes.LoadedBrief{{ID: "archive/ferry.md", Hash: "h1"}, {ID: "kept.md", Hash: "h2"}, {ID: "x.md", Hash: "h3"}, {ID: "y.md", Hash: "h3"}}
	moved, err := notes.RelinkRenamed(ctx, s, "ana", gone, came)
	if err != nil {
		t.Fatal(err)
	}
	if len(moved) != 2 || moved[0] != (notes.Moved{From: "ferry.md", To: "archive/ferry.md", Notes: 1}) ||
		moved[1] != (notes.Moved{From: "starred.md", To: "kept.md", Notes: 0}) {
		t.Fatalf("moved %+v", moved)
	}
	snap, err := s.Snapshot(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id            string
		starred, read bool
		notes         int
	}{
		{"archive/ferry.md", true, false, 1},
		{"kept.md", true, true, 0},
		{"ferry.md", false, false, 0},
		{"starred.md", false, false, 0},
		{"twin-a.md", true, false, 0}, // two candidates: stays
		{"x.md", false, false, 0},
	} {
		if snap.IsStarred(c.id) != c.starred || snap.IsRead(c.id) != c.read || snap.NoteCount(c.id) != c.notes {
			t.Errorf("%s: starred %v read %v notes %d; want %v %v %d", c.id,
				snap.IsStarred(c.id), snap.IsRead(c.id), snap.NoteCount(c.id), c.starred, c.read, c.notes)
		}
	}
}

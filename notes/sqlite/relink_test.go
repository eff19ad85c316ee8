package sqlite

import (
	"context"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

func TestRelink(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	const owner = "ana"
	moved := mustAdd(t, s, notes.Note{Owner: owner, BriefID: "old/ferry.md", BriefHash: "h-ferry", Quote: "the ferry", Body: "moved file"})
	mustAdd(t, s, notes.Note{Owner: owner, BriefID: "old/ferry.md", BriefHash: "h-ferry", Quote: "the pier", Body: "second note"})
	edited := mustAdd(t, s, notes.Note{Owner: owner, BriefID: "port.md", BriefHash: "h-port-v1", Quote: "tolls", Body: "edited in place"})
	gone := mustAdd(t, s, notes.Note{Owner: owner, BriefID: "deleted.md", BriefHash: "h-deleted", Quote: "x", Body: "brief deleted"})
	other := mustAdd(t, s, notes.Note{Owner: "ben", BriefID: "old/ferry.md", BriefHash: "h-ferry", Body: "ben's note stays"})
	if err := s.SetStarred(ctx, owner, "old/ferry.md", true); err != nil {
		t.Fatal(err)
	}

	loaded := []notes.LoadedBrief{
		{ID: "archive/2026/ferry.md", Hash: "h-ferry"}, // moved, same content
		{ID: "port.md", Hash: "h-port-v2"},             // same place, edited
		{ID: "unrelated.md", Hash: "h-other"},
	}
	got, err := notes.Relink(ctx, s, owner, loaded)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != (notes.Moved{From: "old/ferry.md", To: "archive/2026/ferry.md", Notes: 2}) {
		t.Fatalf("moved %+v", got)
	}
	n, err := s.Note(ctx, owner, moved.ID)
	if err != nil || n.BriefID != "archive/2026/ferry.md" {
		t.Fatalf("moved note: %+v %v", n, err)
	}
	if m, _ := s.MarksForBrief(ctx, owner, "archive/2026/ferry.md"); !m.Starred {
		t.Error("the star did not follow the moved brief")
	}
	if n, _ := s.Note(ctx, owner, edited.ID); n.BriefID != "port.md" || n.BriefHash != "h-port-v2" {
		t.Errorf("edited brief: %+v, want its new hash recorded", n)
	}
	if n, err := s.Note(ctx, owner, gone.ID); err != nil || n.BriefID != "deleted.md" {
		t.Errorf("a note on a deleted brief must stay: %+v %v", n, err)
	}
	if n, _ := s.Note(ctx, "ben", other.ID); n.BriefID != "old/ferry.md" {
		t.Errorf("another owner's note moved: %+v", n)
	}

	// The edited brief is now found after a later move, by its new hash.
	got, err = notes.Relink(ctx, s, owner, []notes.LoadedBrief{{ID: "archive/2026/ferry.md", Hash: "h-ferry"}, {ID: "moved/port.md", Hash: "h-port-v2"}})
	if err != nil || len(got) != 1 || got[0].To != "moved/port.md" {
		t.Fatalf("second relink: %+v %v", got, err)
	}
	// Nothing left to do: a third run moves nothing.
	if got, err := notes.Relink(ctx, s, owner, []notes.LoadedBrief{{ID: "archive/2026/ferry.md", Hash: "h-ferry"}, {ID: "moved/port.md", Hash: "h-port-v2"}}); err != nil || len(got) != 0 {
		t.Fatalf("third relink: %+v %v", got, err)
	}
}

// A note added by file path from the command line ("s.md") belongs to the
// brief the reader calls "desk/s.md", even after the file was edited; two
// candidates of that name leave it alone.
func TestRelinkSamePathFromAnotherRoot(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	one := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "s.md", BriefHash: "old", Body: "added by path"})
	two := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "twin.md", BriefHash: "old2", Body: "ambiguous"})
	deep := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "lib/desk/deep.md", BriefHash: "old3", Body: "from a higher root"})
	got, err := notes.Relink(ctx, s, "ana", []notes.LoadedBrief{
		{ID: "desk/s.md", Hash: "edited"},
		{ID: "a/twin.md", Hash: "x"}, {ID: "b/twin.md", Hash: "y"},
		{ID: "desk/deep.md", Hash: "z"},
		{ID: "other/nots.md", Hash: "w"},
	})
	if err != nil || len(got) != 2 {
		t.Fatalf("moved %+v, %v", got, err)
	}
	for id, want := range map[string]string{one.ID: "desk/s.md", two.ID: "twin.md", deep.ID: "desk/deep.md"} {
		if n, _ := s.Note(ctx, "ana", id); n.BriefID != want {
			t.Errorf("note %q on %q, want %q", n.Body, n.BriefID, want)
		}
	}
}

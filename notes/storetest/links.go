package storetest

import (
	"context"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

// testRenameBrief: a renamed brief takes the owner's notes, mark and draft
// along; marks merge with one already under the new ID, and a draft
// already there wins while the old one stays; other owners' rows stay
// unless the owner is empty; the hash follows edits.
func testRenameBrief(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "old.md", BriefHash: "h-old", Body: "a"})
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "old.md", BriefHash: "h-old", Body: "b"})
	mustAdd(t, s, notes.Note{Owner: "bo", BriefID: "old.md", BriefHash: "h-old", Body: "bo"})
	must(t, s.SetStarred(ctx, "ana", "old.md", true))
	at := notes.Position{Line: 7, Section: notes.Section{Kind: "lead"}, Quote: "The lead.", Into: 0.5}
	must(t, s.SetPosition(ctx, "ana", "old.md", at))
	// The moved file was already opened under its new ID: marks merge.
	must(t, s.MarkRead(ctx, "ana", "new.md"))
	must(t, s.SaveDraft(ctx, notes.Draft{Note: notes.Note{Owner: "ana", BriefID: "old.md", Body: "draft"}}))
	// bo has drafts under both IDs: the new one wins, the old one stays.
	must(t, s.SaveDraft(ctx, notes.Draft{Note: notes.Note{Owner: "bo", BriefID: "old.md", Body: "bo's old draft"}}))
	must(t, s.SaveDraft(ctx, notes.Draft{Note: notes.Note{Owner: "bo", BriefID: "new.md", Body: "bo's new draft"}}))

	id, ok, err := s.BriefIDByHash(ctx, "ana", "h-old")
	if err != nil || !ok || id != "old.md" {
		t.Fatalf("BriefIDByHash = %q, %v, %v", id, ok, err)
	}
	if _, ok, _ := s.BriefIDByHash(ctx, "ana", "nope"); ok {
		t.Error("BriefIDByHash found an unknown hash")
	}
	if _, ok, _ := s.BriefIDByHash(ctx, "ana", ""); ok {
		t.Error("BriefIDByHash found the empty hash")
	}
	if _, ok, _ := s.BriefIDByHash(ctx, "cy", "h-old"); ok {
		t.Error("BriefIDByHash found another owner's brief")
	}
	n, err := s.RenameBrief(ctx, "ana", "old.md", "new.md")
	if err != nil || n != 2 {
		t.Fatalf("RenameBrief = %d, %v; want 2 notes", n, err)
	}
	if got, _ := s.NotesForBrief(ctx, "ana", "new.md"); len(got) != 2 || got[0].BriefID != "new.md" {
		t.Errorf("notes under new ID: %+v", got)
	}
	if got, _ := s.NotesForBrief(ctx, "bo", "old.md"); len(got) != 1 {
		t.Errorf("bo's note moved with ana's rename: %d left", len(got))
	}
	m, _ := s.MarksForBrief(ctx, "ana", "new.md")
	if !m.Starred || !m.IsRead() || m.Position != at {
		t.Errorf("merged mark = %+v", m)
	}
	if old, _ := s.MarksForBrief(ctx, "ana", "old.md"); old.Starred || old.Position != (notes.Position{}) {
		t.Errorf("old mark left behind: %+v", old)
	}
	if d, ok := draftOf(t, s, "ana", "new.md", ""); !ok || d.Note.Body != "draft" || d.Note.BriefID != "new.md" {
		t.Errorf("draft not moved: %+v %v", d, ok)
	}
	if _, ok := draftOf(t, s, "ana", "old.md", ""); ok {
		t.Error("the draft is under both IDs")
	}
	// An empty owner renames for everyone.
	if n, err := s.RenameBrief(ctx, "", "old.md", "new.md"); err != nil || n != 1 {
		t.Errorf("RenameBrief for all = %d, %v", n, err)
	}
	if d, ok := draftOf(t, s, "bo", "new.md", ""); !ok || d.Note.Body != "bo's new draft" {
		t.Errorf("bo's draft under the new ID = %+v, %v; want the new one kept", d, ok)
	}
	if d, ok := draftOf(t, s, "bo", "old.md", ""); !ok || d.Note.Body != "bo's old draft" {
		t.Errorf("bo's old draft = %+v, %v; want it kept, not deleted", d, ok)
	}
	// Renaming to itself or from nothing does nothing.
	for _, p := range [][2]string{{"new.md", "new.md"}, {"", "new.md"}, {"new.md", ""}} {
		if n, err := s.RenameBrief(ctx, "ana", p[0], p[1]); err != nil || n != 0 {
			t.Errorf("RenameBrief(%q, %q) = %d, %v", p[0], p[1], n, err)
		}
	}
	// A position already under the new ID wins, and the old anchor does
	// not come along with the old line; at the top of a brief (line 0) an
	// anchored position is still a position.
	must(t, s.SetPosition(ctx, "ana", "x.md", at))
	top := notes.Position{Section: notes.Section{Kind: "lead"}, Quote: "First words."}
	must(t, s.SetPosition(ctx, "ana", "y.md", top))
	if _, err := s.RenameBrief(ctx, "ana", "x.md", "y.md"); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.MarksForBrief(ctx, "ana", "y.md"); m.Position != top {
		t.Errorf("position after a rename onto a brief with one = %+v; want %+v", m.Position, top)
	}

	// The hash follows edits.
	must(t, s.UpdateBriefHash(ctx, "ana", "new.md", "h-new"))
	if id, ok, _ := s.BriefIDByHash(ctx, "ana", "h-new"); !ok || id != "new.md" {
		t.Errorf("after UpdateBriefHash: %q %v", id, ok)
	}
	if got, _ := s.NotesForBrief(ctx, "ana", "new.md"); len(got) != 2 || got[0].BriefHash != "h-new" || got[1].BriefHash != "h-new" {
		t.Errorf("notes after UpdateBriefHash: %+v", got)
	}
}

// testRelink runs notes.Relink on the store: a moved brief (same content)
// takes its notes and star, an edited one gets its new hash recorded and is
// found by it after a later move, a deleted one keeps its notes, another
// owner's notes stay; a run with nothing to do moves nothing.
func testRelink(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	const owner = "ana"
	moved := mustAdd(t, s, notes.Note{Owner: owner, BriefID: "old/ferry.md", BriefHash: "h-ferry", Quote: "the ferry", Body: "moved file"})
	mustAdd(t, s, notes.Note{Owner: owner, BriefID: "old/ferry.md", BriefHash: "h-ferry", Quote: "the pier", Body: "second note"})
	edited := mustAdd(t, s, notes.Note{Owner: owner, BriefID: "port.md", BriefHash: "h-port-v1", Quote: "tolls", Body: "edited in place"})
	gone := mustAdd(t, s, notes.Note{Owner: owner, BriefID: "deleted.md", BriefHash: "h-deleted", Quote: "x", Body: "brief deleted"})
	other := mustAdd(t, s, notes.Note{Owner: "ben", BriefID: "old/ferry.md", BriefHash: "h-ferry", Body: "ben's note stays"})
	must(t, s.SetStarred(ctx, owner, "old/ferry.md", true))

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
	later := []notes.LoadedBrief{{ID: "archive/2026/ferry.md", Hash: "h-ferry"}, {ID: "moved/port.md", Hash: "h-port-v2"}}
	got, err = notes.Relink(ctx, s, owner, later)
	if err != nil || len(got) != 1 || got[0].To != "moved/port.md" {
		t.Fatalf("second relink: %+v %v", got, err)
	}
	// Nothing left to do: a third run moves nothing.
	if got, err := notes.Relink(ctx, s, owner, later); err != nil || len(got) != 0 {
		t.Fatalf("third relink: %+v %v", got, err)
	}
}

// testRelinkSamePathFromAnotherRoot: a note added by file path from the
// command line ("s.md") belongs to the brief the reader calls "desk/s.md",
// even after the file was edited; two candidates of that name leave it
// alone.
func testRelinkSamePathFromAnotherRoot(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
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

// must fails the test on a store error the test did not expect.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

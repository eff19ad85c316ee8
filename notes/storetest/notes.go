package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/notes"
)

// testNotes: add, read back unchanged, order, update, soft delete and
// restore, other owners kept apart, and all of it still there after a reopen.
func testNotes(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	n := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b1", BriefHash: "h1",
		Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1},
		Quote:   "Rates rose.", Before: "In March ", After: " Markets fell.", Body: "ask **Bo**", Color: "yellow"})
	if n.ID == "" || n.Created.IsZero() || !n.Updated.Equal(n.Created) {
		t.Fatalf("AddNote did not fill ID and times: %+v", n)
	}
	if n.Created.Location() != time.UTC {
		t.Errorf("AddNote's time is in %v, want UTC", n.Created.Location())
	}
	lead := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b1", Section: notes.Section{Index: 0}, Quote: "lead"})
	mustAdd(t, s, notes.Note{Owner: "bo", BriefID: "b1", Body: "bo's"})
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b2", Body: "other brief"})
	if lead.ID == n.ID {
		t.Fatalf("two notes got the same ID %s", n.ID)
	}

	got, err := s.NotesForBrief(ctx, "ana", "b1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != lead.ID || got[1].ID != n.ID {
		t.Fatalf("NotesForBrief = %+v, want the lead's note then the one on section 1", got)
	}
	if !sameNote(got[1], n) {
		t.Errorf("round trip changed the note:\n got %+v\nwant %+v", got[1], n)
	}
	if one, err := s.Note(ctx, "ana", n.ID); err != nil || !sameNote(one, n) {
		t.Errorf("Note = %+v, %v", one, err)
	}
	if _, err := s.Note(ctx, "bo", n.ID); !errors.Is(err, notes.ErrNotFound) {
		t.Errorf("bo reads ana's note: err = %v, want ErrNotFound", err)
	}

	n.Body = "edited"
	n.Color = "red"
	up, err := s.UpdateNote(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	if up.Body != "edited" || up.Color != "red" || up.Updated.Before(n.Created) || !up.Created.Equal(n.Created) {
		t.Errorf("UpdateNote = %+v", up)
	}
	if back, err := s.Note(ctx, "ana", n.ID); err != nil || !sameNote(back, up) {
		t.Errorf("after UpdateNote, Note = %+v, %v; want %+v", back, err, up)
	}
	other := n
	other.Owner = "bo"
	if _, err := s.UpdateNote(ctx, other); !errors.Is(err, notes.ErrNotFound) {
		t.Errorf("UpdateNote of another owner's note: err = %v, want ErrNotFound", err)
	}
	missing := n
	missing.ID = "no-such-note"
	if _, err := s.UpdateNote(ctx, missing); !errors.Is(err, notes.ErrNotFound) {
		t.Errorf("UpdateNote of a missing note: err = %v, want ErrNotFound", err)
	}

	if err := s.DeleteNote(ctx, "bo", n.ID); !errors.Is(err, notes.ErrNotFound) {
		t.Errorf("bo deletes ana's note: err = %v, want ErrNotFound", err)
	}
	if err := s.DeleteNote(ctx, "ana", n.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Note(ctx, "ana", n.ID); !errors.Is(err, notes.ErrNotFound) {
		t.Errorf("deleted note still visible: %v", err)
	}
	if err := s.DeleteNote(ctx, "ana", n.ID); !errors.Is(err, notes.ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	if _, err := s.UpdateNote(ctx, up); !errors.Is(err, notes.ErrNotFound) {
		t.Errorf("UpdateNote of a deleted note: %v, want ErrNotFound", err)
	}
	if all, err := s.AllNotes(ctx, "ana"); err != nil || len(all) != 2 {
		t.Errorf("AllNotes after delete = %d notes, %v; want 2", len(all), err)
	}
	if err := s.RestoreNote(ctx, "ana", n.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RestoreNote(ctx, "ana", n.ID); !errors.Is(err, notes.ErrNotFound) {
		t.Errorf("restoring a note that is not deleted: %v, want ErrNotFound", err)
	}
	if back, err := s.Note(ctx, "ana", n.ID); err != nil || back.Body != "edited" {
		t.Errorf("restored note = %+v, %v", back, err)
	}

	// AllNotes orders by brief, then section, then creation.
	before, err := s.AllNotes(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 3 || before[0].ID != lead.ID || before[1].ID != n.ID || before[2].BriefID != "b2" {
		t.Fatalf("AllNotes = %+v, want b1's lead, b1's section 1, then b2", before)
	}

	// Everything survives a reopen.
	s = reopen(t, s, open)
	after, err := s.AllNotes(ctx, "ana")
	if err != nil || len(after) != len(before) {
		t.Fatalf("after reopen AllNotes = %d, %v; want %d", len(after), err, len(before))
	}
	for i := range before {
		if !sameNote(after[i], before[i]) {
			t.Errorf("after reopen:\n got %+v\nwant %+v", after[i], before[i])
		}
	}
	if bo, err := s.AllNotes(ctx, "bo"); err != nil || len(bo) != 1 || bo[0].Body != "bo's" {
		t.Errorf("bo's notes after reopen = %+v, %v", bo, err)
	}
}

// testNoteValidation: a note or a mark without an owner or a brief is
// refused, not stored under an empty key.
func testNoteValidation(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	for _, n := range []notes.Note{{BriefID: "b", Body: "no owner"}, {Owner: "ana", Body: "no brief"}} {
		if _, err := s.AddNote(ctx, n); err == nil {
			t.Errorf("AddNote(%+v) succeeded", n)
		}
	}
	if err := s.SetStarred(ctx, "", "b", true); err == nil {
		t.Error("SetStarred without owner succeeded")
	}
	if err := s.MarkRead(ctx, "ana", ""); err == nil {
		t.Error("MarkRead without brief succeeded")
	}
	if err := s.SaveDraft(ctx, notes.Draft{Note: notes.Note{BriefID: "b", Body: "x"}}); err == nil {
		t.Error("SaveDraft without owner succeeded")
	}
	if all, err := s.AllNotes(ctx, ""); err != nil || len(all) != 0 {
		t.Errorf("notes of the empty owner: %+v, %v", all, err)
	}
}

package storetest

import (
	"context"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

// testDrafts: one draft per owner and brief, replaced by each save, kept
// whole (the note being edited, its section and quote) across a reopen,
// and gone once deleted.
func testDrafts(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	if _, ok, err := s.LoadDraft(ctx, "ana", "b1"); ok || err != nil {
		t.Fatalf("LoadDraft of nothing = %v, %v", ok, err)
	}
	d := notes.Draft{Note: notes.Note{Owner: "ana", BriefID: "b1", Quote: "q", Body: "half a thou",
		Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1}}}
	if err := s.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	d.Note.Body = "half a thought"
	if err := s.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	// A draft of an edit names the note it edits.
	edit := notes.Draft{Note: notes.Note{ID: "0b6f3a52-6a2e-4c1b-9d3e-000000000001", Owner: "ana", BriefID: "b2",
		Body: "rewording", Color: "blue"}}
	if err := s.SaveDraft(ctx, edit); err != nil {
		t.Fatal(err)
	}

	s = reopen(t, s, open)
	got, ok, err := s.LoadDraft(ctx, "ana", "b1")
	if !ok || err != nil || got.Note.Body != "half a thought" || got.Note.Quote != "q" || got.Note.Section != d.Note.Section ||
		got.Note.Owner != "ana" || got.Note.BriefID != "b1" || got.Updated.IsZero() {
		t.Fatalf("LoadDraft = %+v, %v, %v", got, ok, err)
	}
	if got, ok, err := s.LoadDraft(ctx, "ana", "b2"); !ok || err != nil || got.Note.ID != edit.Note.ID || got.Note.Color != "blue" {
		t.Errorf("draft of an edit = %+v, %v, %v", got, ok, err)
	}
	if _, ok, _ := s.LoadDraft(ctx, "bo", "b1"); ok {
		t.Error("bo sees ana's draft")
	}
	if err := s.DeleteDraft(ctx, "bo", "b1"); err != nil {
		t.Errorf("deleting a draft that is not there: %v", err)
	}
	if _, ok, _ := s.LoadDraft(ctx, "ana", "b1"); !ok {
		t.Error("bo's DeleteDraft removed ana's draft")
	}
	if err := s.DeleteDraft(ctx, "ana", "b1"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.LoadDraft(ctx, "ana", "b1"); ok {
		t.Error("draft still there after DeleteDraft")
	}
	if _, ok, _ := s.LoadDraft(ctx, "ana", "b2"); !ok {
		t.Error("DeleteDraft of b1 removed the draft on b2")
	}
}

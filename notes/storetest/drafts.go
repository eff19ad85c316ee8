package storetest

import (
	"context"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

// draftOf returns the draft of session for owner on briefID, and false when
// the store has none.
func draftOf(t *testing.T, s notes.DraftStore, owner, briefID, session string) (notes.Draft, bool) {
	t.Helper()
	all, err := s.Drafts(context.Background(), owner, briefID)
	if err != nil {
		t.Fatalf("Drafts(%q, %q): %v", owner, briefID, err)
	}
	for _, d := range all {
		if d.Session == session {
			return d, true
		}
	}
	return notes.Draft{}, false
}

// testDrafts: one draft per owner, brief and session, replaced by each
// save, kept whole (the note being edited, its section and quote) across a
// reopen, and gone once deleted.
func testDrafts(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	if all, err := s.Drafts(ctx, "ana", "b1"); len(all) != 0 || err != nil {
		t.Fatalf("Drafts of nothing = %v, %v", all, err)
	}
	d := notes.Draft{Session: "w1", Note: notes.Note{Owner: "ana", BriefID: "b1", Quote: "q", Body: "half a thou",
		Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1}}}
	must(t, s.SaveDraft(ctx, d))
	d.Note.Body = "half a thought"
	must(t, s.SaveDraft(ctx, d))
	// A draft of an edit names the note it edits.
	edit := notes.Draft{Session: "w1", Note: notes.Note{ID: "0b6f3a52-6a2e-4c1b-9d3e-000000000001", Owner: "ana", BriefID: "b2",
		Body: "rewording", Color: "blue"}}
	must(t, s.SaveDraft(ctx, edit))

	s = reopen(t, s, open)
	all, err := s.Drafts(ctx, "ana", "b1")
	if err != nil || len(all) != 1 {
		t.Fatalf("Drafts = %+v, %v; want the one draft, replaced", all, err)
	}
	got := all[0]
	if got.Note.Body != "half a thought" || got.Note.Quote != "q" || got.Note.Section != d.Note.Section ||
		got.Note.Owner != "ana" || got.Note.BriefID != "b1" || got.Session != "w1" || got.Updated.IsZero() {
		t.Fatalf("draft = %+v", got)
	}
	if got, ok := draftOf(t, s, "ana", "b2", "w1"); !ok || got.Note.ID != edit.Note.ID || got.Note.Color != "blue" {
		t.Errorf("draft of an edit = %+v, %v", got, ok)
	}
	if _, ok := draftOf(t, s, "bo", "b1", "w1"); ok {
		t.Error("bo sees ana's draft")
	}
	must(t, s.DeleteDraft(ctx, notes.Draft{Session: "w1", Note: notes.Note{Owner: "bo", BriefID: "b1"}}))
	if _, ok := draftOf(t, s, "ana", "b1", "w1"); !ok {
		t.Error("bo's DeleteDraft removed ana's draft")
	}
	must(t, s.DeleteDraft(ctx, notes.Draft{Session: "w1", Note: notes.Note{Owner: "ana", BriefID: "b1"}}))
	if _, ok := draftOf(t, s, "ana", "b1", "w1"); ok {
		t.Error("draft still there after DeleteDraft")
	}
	if _, ok := draftOf(t, s, "ana", "b2", "w1"); !ok {
		t.Error("DeleteDraft of b1 removed the draft on b2")
	}
}

// testDraftsPerSession: two windows (sessions) on one brief each keep their
// own draft; neither save replaces the other's. Drafts lists every one,
// newest first, so a window opened after a crash can offer the newest and
// keep the rest. A delete given the Updated of the draft it read keeps a
// draft saved again since, and removes one that was not.
func testDraftsPerSession(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	w1 := notes.Draft{Session: "w1", Note: notes.Note{Owner: "ana", BriefID: "b", Body: "first window"}}
	w2 := notes.Draft{Session: "w2", Note: notes.Note{Owner: "ana", BriefID: "b", Body: "second window"}}
	must(t, s.SaveDraft(ctx, w1))
	must(t, s.SaveDraft(ctx, w2))
	w1.Note.Body = "first window, more"
	must(t, s.SaveDraft(ctx, w1)) // now the newest

	all, err := s.Drafts(ctx, "ana", "b")
	if err != nil || len(all) != 2 {
		t.Fatalf("Drafts = %+v, %v; want one per window", all, err)
	}
	if all[0].Session != "w1" || all[0].Note.Body != "first window, more" ||
		all[1].Session != "w2" || all[1].Note.Body != "second window" {
		t.Fatalf("Drafts = %+v; want w1's (newest) then w2's, each its own text", all)
	}
	if all[0].Updated.Before(all[1].Updated) {
		t.Errorf("newest first, but %v is before %v", all[0].Updated, all[1].Updated)
	}

	// Another window took over w2's draft as it read it, then w2 wrote
	// again: deleting what was read keeps the newer text.
	read := all[1]
	w2.Note.Body = "second window, typed after"
	must(t, s.SaveDraft(ctx, w2))
	must(t, s.DeleteDraft(ctx, read))
	if got, ok := draftOf(t, s, "ana", "b", "w2"); !ok || got.Note.Body != "second window, typed after" {
		t.Fatalf("w2's draft after a delete of an older read = %+v, %v; want it kept", got, ok)
	}
	// As read now, it goes; w1's stays.
	now, _ := draftOf(t, s, "ana", "b", "w2")
	must(t, s.DeleteDraft(ctx, now))
	if _, ok := draftOf(t, s, "ana", "b", "w2"); ok {
		t.Error("w2's draft is still there after a delete of it as read")
	}
	if got, ok := draftOf(t, s, "ana", "b", "w1"); !ok || got.Note.Body != "first window, more" {
		t.Errorf("deleting w2's draft touched w1's: %+v, %v", got, ok)
	}
}

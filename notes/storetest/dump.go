package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

// testDump: a store that is a notes.Dumper lists its owners and dumps
// everything of one (deleted notes, marks with anchored positions, every
// session's drafts); another store restores the dump into the same rows
// and checksum, a second restore adds nothing, and a changed row changes
// the checksum. A store that is no Dumper skips it, saying so.
func testDump(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	src, ok := s.(notes.Dumper)
	if !ok {
		t.Skip("the store is not a notes.Dumper: `notes migrate` cannot copy it")
	}
	kept := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b1", Section: notes.Section{Kind: "lead", Index: 0},
		Quote: "q", Before: "b", After: "a", Body: "kept", Color: "yellow", BriefHash: "h1"})
	gone := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b1", Body: "deleted"})
	must(t, s.DeleteNote(ctx, "ana", gone.ID))
	mustAdd(t, s, notes.Note{Owner: "bo", BriefID: "b2", Body: "bo's"})
	must(t, s.SetStarred(ctx, "ana", "b1", true))
	must(t, s.MarkRead(ctx, "ana", "b1", 0, 3))
	must(t, s.SetPosition(ctx, "ana", "b1", notes.Position{Line: 9, Section: notes.Section{Kind: "lead"},
		Quote: "The lead.", Before: "x", After: "y", Into: 0.25, Above: 1}))
	must(t, s.SetPosition(ctx, "ana", "b2", notes.Position{Line: 4}))
	must(t, s.SaveDraft(ctx, notes.Draft{Note: notes.Note{Owner: "ana", BriefID: "b1", Body: "typing"}, Session: "w1"}))
	must(t, s.SaveDraft(ctx, notes.Draft{Note: notes.Note{Owner: "ana", BriefID: "b1", Body: "other window"}, Session: "w2"}))
	must(t, s.SaveDraft(ctx, notes.Draft{Note: notes.Note{Owner: "cy", BriefID: "b3", Body: "cy's draft"}}))

	owners, err := src.Owners(ctx)
	if err != nil || !slices.Equal(owners, []string{"ana", "bo", "cy"}) {
		t.Fatalf("Owners = %v, %v", owners, err)
	}
	d, err := src.Dump(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if c := d.Counts(); c != (notes.DumpCounts{Notes: 1, Deleted: 1, Marks: 2, Drafts: 2}) {
		t.Fatalf("counts of ana's dump = %+v", c)
	}
	for _, n := range d.Notes {
		if n.ID == gone.ID && n.Deleted.IsZero() || n.ID == kept.ID && (!n.Deleted.IsZero() || !sameNote(n.Note, kept)) {
			t.Errorf("dumped note %+v", n)
		}
	}
	if m := d.Marks[0]; m.BriefID != "b1" || !m.Starred || !slices.Equal(m.ReadSections, []int{0, 3}) || m.Position.Quote != "The lead." {
		t.Errorf("dumped mark %+v", m)
	}
	if d.Drafts[0].Session != "w1" || d.Drafts[1].Note.Body != "other window" {
		t.Errorf("dumped drafts %+v", d.Drafts)
	}

	t.Run("restored", func(t *testing.T) {
		dst, ok := open(t).(notes.Dumper)
		if !ok {
			t.Fatal("the second store is not a Dumper")
		}
		added, err := dst.Restore(ctx, d)
		if err != nil || added != (notes.Added{Notes: 2, Marks: 2, Drafts: 2}) {
			t.Fatalf("Restore = %+v, %v", added, err)
		}
		back, err := dst.Dump(ctx, "ana")
		if err != nil {
			t.Fatal(err)
		}
		if back.Checksum() != d.Checksum() || back.Counts() != d.Counts() {
			t.Errorf("restored dump differs:\n%+v\nwant\n%+v", back, d)
		}
		if again, err := dst.Restore(ctx, d); err != nil || again.Total() != 0 {
			t.Errorf("a second Restore = %+v, %v; want nothing added", again, err)
		}
		// What the restored store reads through Store is the source's.
		st := dst.(notes.Store)
		if _, err := st.Note(ctx, "ana", gone.ID); err == nil {
			t.Error("the deleted note is live after the restore")
		}
		must(t, st.RestoreNote(ctx, "ana", gone.ID))
		changed, err := dst.Dump(ctx, "ana")
		if err != nil {
			t.Fatal(err)
		}
		if changed.Checksum() == d.Checksum() {
			t.Error("restoring a deleted note left the checksum as it was")
		}
	})
}

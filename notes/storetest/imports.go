package storetest

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/notes"
)

// testImportKeepsIdentity: ImportNotes keeps IDs and times, fills a missing
// update time, skips an ID already stored (even deleted), refuses a note
// without ID, and adds nothing at all when it refuses.
func testImportKeepsIdentity(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	n := notes.Note{ID: "11111111-2222-4333-8444-555555555555", Owner: "ana", BriefID: "b", Body: "x",
		Created: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)}
	if k, err := s.ImportNotes(ctx, []notes.Note{n, n}); err != nil || k != 1 {
		t.Fatalf("ImportNotes = %d, %v; want 1", k, err)
	}
	got, err := s.Note(ctx, "ana", n.ID)
	if err != nil || !got.Created.Equal(n.Created) || !got.Updated.Equal(n.Created) {
		t.Errorf("imported = %+v, %v", got, err)
	}

	// A deleted note is not brought back by importing it again.
	must(t, s.DeleteNote(ctx, "ana", n.ID))
	if k, err := s.ImportNotes(ctx, []notes.Note{n}); err != nil || k != 0 {
		t.Errorf("re-importing a deleted note = %d, %v; want 0", k, err)
	}
	if _, err := s.Note(ctx, "ana", n.ID); err == nil {
		t.Error("re-import undeleted a note")
	}

	fine := notes.Note{ID: "22222222-2222-4333-8444-555555555555", Owner: "ana", BriefID: "b", Body: "fine"}
	if _, err := s.ImportNotes(ctx, []notes.Note{fine, {Owner: "ana", BriefID: "b"}}); err == nil {
		t.Error("ImportNotes took a note without ID")
	}
	if _, err := s.Note(ctx, "ana", fine.ID); err == nil {
		t.Error("a refused import added some of its notes")
	}
}

// testImportIsIdempotent exports one store's notes as JSON and imports them
// into another twice: the first adds them all, unchanged, the second adds
// nothing; importing as another owner gives them to that owner.
func testImportIsIdempotent(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 26, 9, 30, 0, 123456789, time.UTC)
	src := open(t)
	for i, n := range []notes.Note{
		{Owner: "ana", BriefID: "rates", Section: notes.Section{Kind: "what_happens_next", Index: 2},
			Quote: "The committee meets in May.", Body: "Book a room."},
		{Owner: "ana", BriefID: "rates", Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1},
			Quote: "Rates rose.\nMarkets fell.", Before: "In March ", After: " Then", Body: "Raise on **Monday**.", Color: "red"},
		{Owner: "ana", BriefID: "rates", Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1},
			Quote: "Analysts disagree."},
		{Owner: "ana", BriefID: "ai-act", BriefHash: "9f2c", Section: notes.Section{Kind: "lead"}, Body: "Read the annex."},
	} {
		n.Created = t0.Add(time.Duration(i) * time.Hour)
		mustAdd(t, src, n)
	}
	all, err := src.AllNotes(ctx, "ana")
	if err != nil || len(all) != 4 {
		t.Fatalf("source notes: %d, %v", len(all), err)
	}
	var b bytes.Buffer
	if err := notes.Export(&b, notes.FormatJSON, all, map[string]string{"rates": "Rates rise again"}); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()

	// Another test's store: the same notes must not be there already.
	t.Run("into another store", func(t *testing.T) {
		dst := open(t)
		rep, err := notes.Import(ctx, dst, bytes.NewReader(data), "")
		if err != nil || rep.Added != 4 || rep.Read != 4 || len(rep.Warnings) != 0 {
			t.Fatalf("first import = %+v, %v; want 4 added", rep, err)
		}
		rep, err = notes.Import(ctx, dst, bytes.NewReader(data), "")
		if err != nil || rep.Added != 0 || rep.Existing() != 4 {
			t.Fatalf("second import = %+v, %v; want 0 added, 4 there already", rep, err)
		}
		back, err := dst.AllNotes(ctx, "ana")
		if err != nil || len(back) != len(all) {
			t.Fatalf("imported %d notes, %v; exported %d", len(back), err, len(all))
		}
		for i := range all {
			if !sameNote(back[i], all[i]) {
				t.Errorf("round trip changed a note:\n got %+v\nwant %+v", back[i], all[i])
			}
		}
	})
	t.Run("as another owner", func(t *testing.T) {
		dst := open(t)
		if rep, err := notes.Import(ctx, dst, bytes.NewReader(data), "bo"); err != nil || rep.Added != 4 {
			t.Fatalf("import as bo = %+v, %v", rep, err)
		}
		if got, _ := dst.AllNotes(ctx, "bo"); len(got) != 4 {
			t.Errorf("bo owns %d imported notes", len(got))
		}
		if got, _ := dst.AllNotes(ctx, "ana"); len(got) != 0 {
			t.Errorf("ana owns %d notes imported as bo's", len(got))
		}
	})
	// Importing into the store the notes came from adds nothing.
	if rep, err := notes.Import(ctx, src, bytes.NewReader(data), ""); err != nil || rep.Added != 0 {
		t.Errorf("import into the source = %+v, %v; want 0 added", rep, err)
	}

	// A file Import refuses stores nothing, not even its good notes: here
	// the same export with a second one run on after it.
	t.Run("refused whole", func(t *testing.T) {
		dst := open(t)
		twice := append(append([]byte{}, data...), data...)
		if rep, err := notes.Import(ctx, dst, bytes.NewReader(twice), ""); err == nil || !strings.Contains(err.Error(), "nothing was imported") {
			t.Fatalf("two exports run together = %+v, %v; want refused", rep, err)
		}
		if got, err := dst.AllNotes(ctx, "ana"); err != nil || len(got) != 0 {
			t.Errorf("a refused import stored %d notes, %v", len(got), err)
		}
	})
}

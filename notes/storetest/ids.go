package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/notes"
)

// testAddIsIdempotent: AddNote with an ID the owner already has adds
// nothing and returns the note as first stored, however often and however
// concurrently it is retried; the note counts stay right. An ID another
// owner has, or a deleted note's, is refused and changes nothing.
func testAddIsIdempotent(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	n := notes.Note{ID: notes.NewID(), Owner: "ana", BriefID: "b", Body: "first attempt"}
	first := mustAdd(t, s, n)
	if first.ID != n.ID {
		t.Fatalf("AddNote changed the given ID %s to %s", n.ID, first.ID)
	}
	again := mustAdd(t, s, n)
	if !sameNote(again, first) {
		t.Errorf("a retried add returned\n %+v\nwant the stored\n %+v", again, first)
	}
	// A retry carrying other text still adds nothing: the caller sees the
	// text as stored and may update it.
	changed := n
	changed.Body = "second attempt"
	if got := mustAdd(t, s, changed); got.Body != "first attempt" {
		t.Errorf("a retry with other text returned %q, want the stored %q", got.Body, "first attempt")
	}

	// Retries racing each other (a first attempt stuck while the second
	// runs) still make one note.
	racer := notes.Note{ID: notes.NewID(), Owner: "ana", BriefID: "b", Body: "pressed twice"}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { _, errs[i] = s.AddNote(ctx, racer) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Errorf("a concurrent retry failed: %v", err)
		}
	}
	all, err := s.NotesForBrief(ctx, "ana", "b")
	if err != nil || len(all) != 2 {
		t.Fatalf("after retries the brief has %d notes, %v; want 2", len(all), err)
	}
	if snap, err := s.Snapshot(ctx, "ana"); err != nil || snap.NoteCount("b") != 2 {
		t.Errorf("after retries the count is %d, %v; want 2", snap.NoteCount("b"), err)
	}

	// Another owner's add with the same ID neither reads nor changes ana's note.
	theft := n
	theft.Owner, theft.Body = "bo", "bo's text"
	if got, err := s.AddNote(ctx, theft); !errors.Is(err, notes.ErrInvalid) {
		t.Errorf("bo adding ana's ID = %+v, %v; want ErrInvalid", got, err)
	}
	if bo, _ := s.AllNotes(ctx, "bo"); len(bo) != 0 {
		t.Errorf("bo owns %+v", bo)
	}
	// A deleted note is not brought back by an add of its ID.
	must(t, s.DeleteNote(ctx, "ana", n.ID))
	if _, err := s.AddNote(ctx, n); !errors.Is(err, notes.ErrInvalid) {
		t.Errorf("adding a deleted note's ID: %v, want ErrInvalid", err)
	}
	if _, err := s.Note(ctx, "ana", n.ID); !errors.Is(err, notes.ErrNotFound) {
		t.Errorf("the deleted note came back: %v", err)
	}
}

// testIDForm: a given ID must be in the form notes.NewID gives. IDs are
// printed and exported, so a store never takes control sequences or
// spreadsheet formulas for one, from an add or an import.
func testIDForm(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	good := notes.Note{ID: notes.NewID(), Owner: "ana", BriefID: "b", Body: "fine"}
	for _, id := range []string{
		"1", "no-such-note",
		"\x1b]52;c;Y3VybCBldmlsLnNo\x07\x1b]0;pwned\x07\x1b[2J",
		`=HYPERLINK("http://evil.example","click")`,
		"0B6F3A52-6A2E-4C1B-9D3E-1F2A3B4C5D02",   // not the canonical lowercase
		"{0b6f3a52-6a2e-4c1b-9d3e-1f2a3b4c5d02}", // braces
		"0b6f3a52-6a2e-4c1b-9d3e-1f2a3b4c5d02\n",
	} {
		bad := good
		bad.ID = id
		if _, err := s.AddNote(ctx, bad); !errors.Is(err, notes.ErrInvalid) {
			t.Errorf("AddNote with ID %q: err = %v, want ErrInvalid", id, err)
		}
		if k, err := s.ImportNotes(ctx, []notes.Note{good, bad}); !errors.Is(err, notes.ErrInvalid) || k != 0 {
			t.Errorf("ImportNotes with ID %q = %d, %v; want 0, ErrInvalid", id, k, err)
		}
	}
	if all, err := s.AllNotes(ctx, "ana"); err != nil || len(all) != 0 {
		t.Errorf("refused adds and imports stored %+v, %v", all, err)
	}
}

// testTimeRange: times from notes.EarliestTime up to notes.LatestTime come
// back to the nanosecond; a time outside is refused, never stored wrapped
// to another date.
func testTimeRange(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	for _, at := range []time.Time{notes.EarliestTime, notes.LatestTime.Add(-time.Nanosecond)} {
		n := mustAdd(t, s, notes.Note{ID: notes.NewID(), Owner: "ana", BriefID: "b", Created: at, Updated: at})
		back, err := s.Note(ctx, "ana", n.ID)
		if err != nil || !back.Created.Equal(at) || !back.Updated.Equal(at) {
			t.Errorf("a note made at %v came back as %+v, %v", at, back, err)
		}
	}
	fine := notes.Note{ID: notes.NewID(), Owner: "ana", BriefID: "c", Body: "fine"}
	for _, at := range []time.Time{
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), notes.LatestTime,
		time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), notes.EarliestTime.Add(-time.Nanosecond),
	} {
		for _, n := range []notes.Note{
			{Owner: "ana", BriefID: "c", Created: at},
			{Owner: "ana", BriefID: "c", Updated: at},
		} {
			if got, err := s.AddNote(ctx, n); !errors.Is(err, notes.ErrInvalid) {
				t.Errorf("AddNote at %v = %+v, %v; want ErrInvalid", at, got, err)
			}
			n.ID = notes.NewID()
			if k, err := s.ImportNotes(ctx, []notes.Note{fine, n}); !errors.Is(err, notes.ErrInvalid) || k != 0 {
				t.Errorf("ImportNotes at %v = %d, %v; want 0, ErrInvalid", at, k, err)
			}
		}
	}
	if got, err := s.NotesForBrief(ctx, "ana", "c"); err != nil || len(got) != 0 {
		t.Errorf("refused notes were stored: %+v, %v", got, err)
	}
}

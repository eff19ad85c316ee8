package storetest

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

// testMarks walks one brief's mark through star, read, unread and unstar;
// each step changes only what it names.
func testMarks(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	m, err := s.MarksForBrief(ctx, "ana", "b1")
	if err != nil || m.Starred || m.IsRead() || m.Owner != "ana" || m.BriefID != "b1" {
		t.Fatalf("untouched brief: %+v, %v", m, err)
	}
	steps := []struct {
		name string
		do   func() error
		want func(notes.Mark) bool
	}{
		{"star", func() error { return s.SetStarred(ctx, "ana", "b1", true) }, func(m notes.Mark) bool { return m.Starred && !m.IsRead() }},
		{"read 2", func() error { return s.MarkRead(ctx, "ana", "b1", 2) }, func(m notes.Mark) bool { return m.IsRead() && slices.Equal(m.ReadSections, []int{2}) && m.Starred }},
		{"read 0,2", func() error { return s.MarkRead(ctx, "ana", "b1", 0, 2) }, func(m notes.Mark) bool { return slices.Equal(m.ReadSections, []int{0, 2}) }},
		{"position", func() error { return s.SetPosition(ctx, "ana", "b1", notes.Position{Line: 42}) }, func(m notes.Mark) bool { return m.Position.Line == 42 && m.IsRead() }},
		{"unread", func() error { return s.SetUnread(ctx, "ana", "b1") }, func(m notes.Mark) bool {
			return !m.IsRead() && len(m.ReadSections) == 0 && m.Position.Line == 42 && m.Starred
		}},
		{"read with no sections", func() error { return s.MarkRead(ctx, "ana", "b1") }, func(m notes.Mark) bool { return m.IsRead() && len(m.ReadSections) == 0 }},
		{"unstar", func() error { return s.SetStarred(ctx, "ana", "b1", false) }, func(m notes.Mark) bool { return !m.Starred && m.IsRead() }},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		m, err := s.MarksForBrief(ctx, "ana", "b1")
		if err != nil || !st.want(m) {
			t.Errorf("%s: mark = %+v, %v", st.name, m, err)
		}
	}

	// The read time is when the brief was first read: a second MarkRead
	// keeps it. The mark's own update time shows the store's clock moved
	// in between, or the comparison would prove nothing.
	if err := s.MarkRead(ctx, "ana", "b2"); err != nil {
		t.Fatal(err)
	}
	m1, err := s.MarksForBrief(ctx, "ana", "b2")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkRead(ctx, "ana", "b2", 1); err != nil {
		t.Fatal(err)
	}
	m2, err := s.MarksForBrief(ctx, "ana", "b2")
	if err != nil {
		t.Fatal(err)
	}
	if !m2.Updated.After(m1.ReadAt) {
		t.Fatalf("the mark's update time %v is not after its first read %v: the store's clock did not move between two writes", m2.Updated, m1.ReadAt)
	}
	if !m1.ReadAt.Equal(m2.ReadAt) {
		t.Errorf("read time moved: %v -> %v", m1.ReadAt, m2.ReadAt)
	}
	if mb, _ := s.MarksForBrief(ctx, "bo", "b2"); mb.IsRead() {
		t.Error("bo sees ana's read state")
	}
	all, err := s.AllMarks(ctx, "ana")
	if err != nil || len(all) != 2 || all[0].BriefID != "b1" || all[1].BriefID != "b2" {
		t.Errorf("AllMarks = %+v, %v", all, err)
	}

	s = reopen(t, s, open)
	if m, err := s.MarksForBrief(ctx, "ana", "b1"); err != nil || m.Starred || !m.IsRead() || m.Position.Line != 42 {
		t.Errorf("after reopen: %+v, %v", m, err)
	}
}

// testPositions: the reading position is kept per owner and brief, read
// back in the mark, and survives a reopen; it leaves star and read alone.
// An anchored position comes back field for field (the paragraph's section,
// quote and context, how far into it the view was), so a reader at another
// width finds the same paragraph; a position saved without an anchor never
// comes back with one an earlier save left.
func testPositions(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	if err := s.SetStarred(ctx, "ana", "b", true); err != nil {
		t.Fatal(err)
	}
	anchored := notes.Position{
		Line:    120,
		Section: notes.Section{Kind: "what_to_know", Title: "What to know — café", Index: 2},
		Quote:   "The council voted 7–2 for the barrier.",
		Before:  "after a long night.",
		After:   "Work starts in May.",
		Into:    1.0 / 3, // not a round number: the store keeps it exactly
		Above:   2,
	}
	for _, p := range []struct {
		owner, brief string
		pos          notes.Position
	}{
		{"ana", "b", notes.Position{Line: 10}}, {"ana", "b", anchored},
		{"ana", "c", anchored}, {"ana", "c", notes.Position{Line: 7}},
		{"bo", "b", notes.Position{Line: 3}},
	} {
		if err := s.SetPosition(ctx, p.owner, p.brief, p.pos); err != nil {
			t.Fatalf("SetPosition(%s, %s, %+v): %v", p.owner, p.brief, p.pos, err)
		}
	}
	s = reopen(t, s, open)
	for _, w := range []struct {
		owner, brief string
		pos          notes.Position
		starred      bool
	}{
		{"ana", "b", anchored, true},
		{"ana", "c", notes.Position{Line: 7}, false}, // the anchor saved before is gone
		{"bo", "b", notes.Position{Line: 3}, false},
		{"bo", "c", notes.Position{}, false},
	} {
		m, err := s.MarksForBrief(ctx, w.owner, w.brief)
		if err != nil || m.Position != w.pos || m.Starred != w.starred || m.IsRead() {
			t.Errorf("%s on %s: %+v, %v; want position %+v, starred %v", w.owner, w.brief, m, err, w.pos, w.starred)
		}
	}
	all, err := s.AllMarks(ctx, "ana")
	if err != nil || len(all) != 2 || all[0].Position != anchored || all[1].Position != (notes.Position{Line: 7}) {
		t.Errorf("AllMarks = %+v, %v; want the same positions as MarksForBrief", all, err)
	}

	// Out-of-range numbers are kept as Clamp gives them, never refused and
	// never a row that cannot be read back.
	bad := anchored
	bad.Line, bad.Into, bad.Above = -5, math.NaN(), -1
	if err := s.SetPosition(ctx, "ana", "d", bad); err != nil {
		t.Fatalf("SetPosition with a NaN: %v", err)
	}
	if m, err := s.MarksForBrief(ctx, "ana", "d"); err != nil || m.Position != bad.Clamp() {
		t.Errorf("a clamped position came back as %+v, %v; want %+v", m.Position, err, bad.Clamp())
	}
}

// testSnapshot: the snapshot says read, starred and note counts per brief,
// for one owner, leaving deleted notes out, and agrees with NewMarks built
// from the same notes and marks.
func testSnapshot(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	if err := s.SetStarred(ctx, "ana", "star", true); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkRead(ctx, "ana", "read"); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "noted", Body: "x"})
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "lit", Quote: "q"})
	gone := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "gone", Body: "x"})
	if err := s.DeleteNote(ctx, "ana", gone.ID); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, notes.Note{Owner: "bo", BriefID: "star", Body: "x"})
	if err := s.MarkRead(ctx, "bo", "noted"); err != nil {
		t.Fatal(err)
	}
	m, err := s.Snapshot(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id                               string
		read, starred, notes, highlights bool
		count                            int
	}{
		{"star", false, true, false, false, 0},
		{"read", true, false, false, false, 0},
		{"noted", false, false, true, false, 1},
		{"lit", false, false, false, true, 1},
		{"gone", false, false, false, false, 0},
		{"unknown", false, false, false, false, 0},
	}
	for _, tt := range tests {
		if m.IsRead(tt.id) != tt.read || m.IsStarred(tt.id) != tt.starred || m.HasNotes(tt.id) != tt.notes ||
			m.HasHighlights(tt.id) != tt.highlights || m.NoteCount(tt.id) != tt.count {
			t.Errorf("%s: read=%v starred=%v notes=%v highlights=%v count=%d", tt.id, m.IsRead(tt.id),
				m.IsStarred(tt.id), m.HasNotes(tt.id), m.HasHighlights(tt.id), m.NoteCount(tt.id))
		}
	}
	// The in-memory builder agrees with the store's.
	all, err := s.AllNotes(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	marks, err := s.AllMarks(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	mem := notes.NewMarks(marks, notes.CountNotes(all))
	for _, tt := range tests {
		if mem.HasNotes(tt.id) != m.HasNotes(tt.id) || mem.HasHighlights(tt.id) != m.HasHighlights(tt.id) ||
			mem.IsStarred(tt.id) != m.IsStarred(tt.id) || mem.IsRead(tt.id) != m.IsRead(tt.id) {
			t.Errorf("%s: NewMarks(CountNotes) differs from Snapshot", tt.id)
		}
	}
}

// testNoteCountsFollowChanges checks the snapshot's counts against counts
// recomputed from the notes after every kind of change to them.
func testNoteCountsFollowChanges(t *testing.T, open func(t *testing.T) notes.Store) {
	ctx := context.Background()
	s := open(t)
	a := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b1", Body: "note"})
	h := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b1", Quote: "lit"})
	idX, idY := notes.NewID(), notes.NewID()
	steps := []struct {
		name string
		do   func() error
	}{
		{"note becomes highlight", func() error { a.Body = ""; _, err := s.UpdateNote(ctx, a); return err }},
		{"highlight becomes note", func() error { h.Body = "now a note"; _, err := s.UpdateNote(ctx, h); return err }},
		{"delete", func() error { return s.DeleteNote(ctx, "ana", h.ID) }},
		{"restore", func() error { return s.RestoreNote(ctx, "ana", h.ID) }},
		{"rename", func() error { _, err := s.RenameBrief(ctx, "ana", "b1", "b2"); return err }},
		{"import", func() error {
			_, err := s.ImportNotes(ctx, []notes.Note{{ID: idX, Owner: "ana", BriefID: "b2"}, {ID: idY, Owner: "ana", BriefID: "b3", Body: "b"}})
			return err
		}},
		{"delete all of b3", func() error { return s.DeleteNote(ctx, "ana", idY) }},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		snap, err := s.Snapshot(ctx, "ana")
		if err != nil {
			t.Fatal(err)
		}
		all, err := s.AllNotes(ctx, "ana")
		if err != nil {
			t.Fatal(err)
		}
		want := notes.NewMarks(nil, notes.CountNotes(all))
		for _, id := range []string{"b1", "b2", "b3"} {
			if snap.NoteCount(id) != want.NoteCount(id) || snap.HasNotes(id) != want.HasNotes(id) || snap.HasHighlights(id) != want.HasHighlights(id) {
				t.Errorf("after %s, %s: snapshot count=%d notes=%v highlights=%v; notes say %d %v %v", st.name, id,
					snap.NoteCount(id), snap.HasNotes(id), snap.HasHighlights(id),
					want.NoteCount(id), want.HasNotes(id), want.HasHighlights(id))
			}
		}
	}
}

package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/notes"
)

func openTemp(t testing.TB, opts ...Option) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "briefing.db")
	s, err := Open(path, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func mustAdd(t testing.TB, s notes.Store, n notes.Note) notes.Note {
	t.Helper()
	got, err := s.AddNote(context.Background(), n)
	if err != nil {
		t.Fatalf("AddNote: %v", err)
	}
	return got
}

func TestNotesCRUD(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	n := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b1", BriefHash: "h1",
		Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1},
		Quote:   "Rates rose.", Before: "In March ", After: " Markets fell.", Body: "ask **Bo**", Color: "yellow"})
	if n.ID == "" || n.Created.IsZero() || !n.Updated.Equal(n.Created) {
		t.Fatalf("AddNote did not fill ID and times: %+v", n)
	}
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b1", Section: notes.Section{Index: 0}, Quote: "lead"})
	mustAdd(t, s, notes.Note{Owner: "bo", BriefID: "b1", Body: "bo's"})
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b2", Body: "other brief"})

	got, err := s.NotesForBrief(ctx, "ana", "b1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Quote != "lead" || got[1].ID != n.ID {
		t.Fatalf("NotesForBrief = %+v, want lead note then n", got)
	}
	if got[1] != n {
		t.Errorf("round trip changed the note:\n got %+v\nwant %+v", got[1], n)
	}

	n.Body = "edited"
	up, err := s.UpdateNote(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	if up.Body != "edited" || !up.Updated.After(n.Created) && !up.Updated.Equal(n.Created) || !up.Created.Equal(n.Created) {
		t.Errorf("UpdateNote = %+v", up)
	}
	other := n
	other.Owner = "bo"
	if _, err := s.UpdateNote(ctx, other); !errors.Is(err, notes.ErrNotFound) {
		t.Errorf("UpdateNote of another owner's note: err = %v, want notes.ErrNotFound", err)
	}

	if err := s.DeleteNote(ctx, "ana", n.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Note(ctx, "ana", n.ID); !errors.Is(err, notes.ErrNotFound) {
		t.Errorf("deleted note still visible: %v", err)
	}
	if err := s.DeleteNote(ctx, "ana", n.ID); !errors.Is(err, notes.ErrNotFound) {
		t.Errorf("second delete: %v, want notes.ErrNotFound", err)
	}
	if all, _ := s.AllNotes(ctx, "ana"); len(all) != 2 {
		t.Errorf("AllNotes after delete = %d notes, want 2", len(all))
	}
	if err := s.RestoreNote(ctx, "ana", n.ID); err != nil {
		t.Fatal(err)
	}
	if back, err := s.Note(ctx, "ana", n.ID); err != nil || back.Body != "edited" {
		t.Errorf("restored note = %+v, %v", back, err)
	}

	if _, err := s.AddNote(ctx, notes.Note{BriefID: "b"}); err == nil {
		t.Error("AddNote without owner succeeded")
	}

	// Everything survives a reopen.
	s.Close()
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	all, err := s2.AllNotes(ctx, "ana")
	if err != nil || len(all) != 3 {
		t.Fatalf("after reopen AllNotes = %d, %v; want 3", len(all), err)
	}
	if err := s2.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

func TestMarks(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
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
		{"position", func() error { return s.SetPosition(ctx, "ana", "b1", 42) }, func(m notes.Mark) bool { return m.Position == 42 && m.IsRead() }},
		{"unread", func() error { return s.SetUnread(ctx, "ana", "b1") }, func(m notes.Mark) bool {
			return !m.IsRead() && len(m.ReadSections) == 0 && m.Position == 42 && m.Starred
		}},
		{"unstar", func() error { return s.SetStarred(ctx, "ana", "b1", false) }, func(m notes.Mark) bool { return !m.Starred }},
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
	// Read time is kept on a second MarkRead: it is when the brief was first read.
	s.MarkRead(ctx, "ana", "b2")
	m1, _ := s.MarksForBrief(ctx, "ana", "b2")
	time.Sleep(time.Millisecond)
	s.MarkRead(ctx, "ana", "b2", 1)
	m2, _ := s.MarksForBrief(ctx, "ana", "b2")
	if !m1.ReadAt.Equal(m2.ReadAt) {
		t.Errorf("read time moved: %v -> %v", m1.ReadAt, m2.ReadAt)
	}
	if mb, _ := s.MarksForBrief(ctx, "bo", "b2"); mb.IsRead() {
		t.Error("bo sees ana's read state")
	}
	all, err := s.AllMarks(ctx, "ana")
	if err != nil || len(all) != 2 {
		t.Errorf("AllMarks = %+v, %v", all, err)
	}
}

func TestSnapshot(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	s.SetStarred(ctx, "ana", "star", true)
	s.MarkRead(ctx, "ana", "read")
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "noted", Body: "x"})
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "lit", Quote: "q"})
	gone := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "gone", Body: "x"})
	s.DeleteNote(ctx, "ana", gone.ID)
	mustAdd(t, s, notes.Note{Owner: "bo", BriefID: "star", Body: "x"})
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
	var nilMarks *notes.Marks
	if nilMarks.IsRead("x") || nilMarks.NoteCount("x") != 0 {
		t.Error("nil Marks answers true")
	}
	// The in-memory builder agrees with the SQL aggregate.
	all, _ := s.AllNotes(ctx, "ana")
	marks, _ := s.AllMarks(ctx, "ana")
	mem := notes.NewMarks(marks, notes.CountNotes(all))
	for _, tt := range tests {
		if mem.HasNotes(tt.id) != m.HasNotes(tt.id) || mem.HasHighlights(tt.id) != m.HasHighlights(tt.id) || mem.IsStarred(tt.id) != m.IsStarred(tt.id) {
			t.Errorf("%s: notes.NewMarks(CountNotes) differs from Snapshot", tt.id)
		}
	}
}

func TestDrafts(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	if _, ok, err := s.LoadDraft(ctx, "ana", "b1"); ok || err != nil {
		t.Fatalf("LoadDraft of nothing = %v, %v", ok, err)
	}
	d := notes.Draft{Note: notes.Note{Owner: "ana", BriefID: "b1", Quote: "q", Body: "half a thou", Section: notes.Section{Kind: "lead", Index: 0}}}
	if err := s.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	d.Note.Body = "half a thought"
	if err := s.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, ok, err := s.LoadDraft(ctx, "ana", "b1")
	if !ok || err != nil || got.Note.Body != "half a thought" || got.Note.Quote != "q" || got.Updated.IsZero() {
		t.Fatalf("LoadDraft = %+v, %v, %v", got, ok, err)
	}
	if _, ok, _ := s.LoadDraft(ctx, "bo", "b1"); ok {
		t.Error("bo sees ana's draft")
	}
	if err := s.DeleteDraft(ctx, "ana", "b1"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.LoadDraft(ctx, "ana", "b1"); ok {
		t.Error("draft still there after DeleteDraft")
	}
}

func TestRenameBrief(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "old.md", BriefHash: "h-old", Body: "a"})
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "old.md", BriefHash: "h-old", Body: "b"})
	mustAdd(t, s, notes.Note{Owner: "bo", BriefID: "old.md", BriefHash: "h-old", Body: "bo"})
	s.SetStarred(ctx, "ana", "old.md", true)
	s.SetPosition(ctx, "ana", "old.md", 7)
	// The moved file was already opened under its new ID: marks merge.
	s.MarkRead(ctx, "ana", "new.md")
	s.SaveDraft(ctx, notes.Draft{Note: notes.Note{Owner: "ana", BriefID: "old.md", Body: "draft"}})

	id, ok, err := s.BriefIDByHash(ctx, "ana", "h-old")
	if err != nil || !ok || id != "old.md" {
		t.Fatalf("BriefIDByHash = %q, %v, %v", id, ok, err)
	}
	if _, ok, _ := s.BriefIDByHash(ctx, "ana", "nope"); ok {
		t.Error("BriefIDByHash found an unknown hash")
	}
	n, err := s.RenameBrief(ctx, "ana", "old.md", "new.md")
	if err != nil || n != 2 {
		t.Fatalf("RenameBrief = %d, %v; want 2 notes", n, err)
	}
	if got, _ := s.NotesForBrief(ctx, "ana", "new.md"); len(got) != 2 {
		t.Errorf("notes under new ID: %d", len(got))
	}
	if got, _ := s.NotesForBrief(ctx, "bo", "old.md"); len(got) != 1 {
		t.Errorf("bo's note moved with ana's rename: %d left", len(got))
	}
	m, _ := s.MarksForBrief(ctx, "ana", "new.md")
	if !m.Starred || !m.IsRead() || m.Position != 7 {
		t.Errorf("merged mark = %+v", m)
	}
	if old, _ := s.MarksForBrief(ctx, "ana", "old.md"); old.Starred || old.Position != 0 {
		t.Errorf("old mark left behind: %+v", old)
	}
	if d, ok, _ := s.LoadDraft(ctx, "ana", "new.md"); !ok || d.Note.Body != "draft" || d.Note.BriefID != "new.md" {
		t.Errorf("draft not moved: %+v %v", d, ok)
	}
	// An empty owner renames for everyone.
	if n, err := s.RenameBrief(ctx, "", "old.md", "new.md"); err != nil || n != 1 {
		t.Errorf("RenameBrief for all = %d, %v", n, err)
	}
	// The hash follows edits.
	if err := s.UpdateBriefHash(ctx, "ana", "new.md", "h-new"); err != nil {
		t.Fatal(err)
	}
	if id, ok, _ := s.BriefIDByHash(ctx, "ana", "h-new"); !ok || id != "new.md" {
		t.Errorf("after UpdateBriefHash: %q %v", id, ok)
	}
}

func TestImportKeepsIdentity(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	n := notes.Note{ID: "11111111-2222-4333-8444-555555555555", Owner: "ana", BriefID: "b", Body: "x",
		Created: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)}
	if k, err := s.ImportNotes(ctx, []notes.Note{n, n}); err != nil || k != 1 {
		t.Fatalf("ImportNotes = %d, %v; want 1", k, err)
	}
	got, err := s.Note(ctx, "ana", n.ID)
	if err != nil || !got.Created.Equal(n.Created) || !got.Updated.Equal(n.Created) {
		t.Errorf("imported = %+v, %v", got, err)
	}
	if _, err := s.ImportNotes(ctx, []notes.Note{{Owner: "ana", BriefID: "b"}}); err == nil {
		t.Error("ImportNotes took a note without ID")
	}
}

// TestNoteCountsFollowChanges checks the trigger-kept counts behind Snapshot
// against counts recomputed from the notes after every kind of change.
func TestNoteCountsFollowChanges(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	a := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b1", Body: "note"})
	h := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b1", Quote: "lit"})
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
			_, err := s.ImportNotes(ctx, []notes.Note{{ID: "x", Owner: "ana", BriefID: "b2"}, {ID: "y", Owner: "ana", BriefID: "b3", Body: "b"}})
			return err
		}},
		{"delete all of b3", func() error { return s.DeleteNote(ctx, "ana", "y") }},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		snap, err := s.Snapshot(ctx, "ana")
		if err != nil {
			t.Fatal(err)
		}
		all, _ := s.AllNotes(ctx, "ana")
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

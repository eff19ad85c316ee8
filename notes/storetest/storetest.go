// Package storetest is the behaviour every notes.Store must have, written
// once as a test suite that each store's own tests run against a real
// database:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) notes.Store { … })
//	}
//
// It checks what the reader, the CLI and the SSH server rely on: notes,
// marks, positions and drafts are kept per owner and survive a reopen,
// drafts per window (session) too;
// ordering and soft deletion; adding is idempotent on the note's ID, which
// has one form, and times out of range are refused; import keeps
// identities and is idempotent;
// renames and relinking carry notes, marks and drafts along; a store that
// is a notes.Dumper copies into another exactly and idempotently; concurrent
// writers, on one store or on two stores over the same data, lose nothing
// they were told was saved. It assumes nothing of how a store keeps its
// data: what only one kind of store has (a damaged file, a quota, locking
// between processes) is tested beside that store.
package storetest

import (
	"context"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

// Run runs the suite, each part as a subtest of t.
//
// open gives the store under test for a (sub)test. The first call with a
// given t returns an empty store of its own. A later call with the same t
// returns another store on the same data: the suite uses it to reopen a
// closed store (what was saved must still be there) and to run two stores
// over one database at once, as two processes or two servers do. The suite
// may Close what open returned before the test ends; open should also close
// it in t.Cleanup (a second Close does nothing, per notes.Store).
//
// The parts run in parallel, each on stores of its own: open is called
// from several goroutines at once. Most of a part's time is spent waiting
// for the database to sync its commits, which other parts can use.
func Run(t *testing.T, open func(t *testing.T) notes.Store) {
	parts := []struct {
		name string
		test func(t *testing.T, open func(t *testing.T) notes.Store)
	}{
		{"Notes", testNotes},
		{"NoteValidation", testNoteValidation},
		{"AddIsIdempotent", testAddIsIdempotent},
		{"IDForm", testIDForm},
		{"TimeRange", testTimeRange},
		{"Marks", testMarks},
		{"Positions", testPositions},
		{"Snapshot", testSnapshot},
		{"NoteCountsFollowChanges", testNoteCountsFollowChanges},
		{"Drafts", testDrafts},
		{"DraftsPerSession", testDraftsPerSession},
		{"RenameBrief", testRenameBrief},
		{"Relink", testRelink},
		{"RelinkSamePathFromAnotherRoot", testRelinkSamePathFromAnotherRoot},
		{"ImportKeepsIdentity", testImportKeepsIdentity},
		{"ImportIsIdempotent", testImportIsIdempotent},
		{"ConcurrentWriters", testConcurrentWriters},
		{"ConcurrentMarkRead", testConcurrentMarkRead},
		{"Dump", testDump},
		{"Close", testClose},
	}
	for _, p := range parts {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			p.test(t, open)
		})
	}
}

// mustAdd adds n and fails the test when the store refuses it.
func mustAdd(t *testing.T, s notes.NoteStore, n notes.Note) notes.Note {
	t.Helper()
	got, err := s.AddNote(context.Background(), n)
	if err != nil {
		t.Fatalf("AddNote: %v", err)
	}
	return got
}

// sameNote reports whether a and b are the same note, times to the
// nanosecond whatever their location.
func sameNote(a, b notes.Note) bool {
	if !a.Created.Equal(b.Created) || !a.Updated.Equal(b.Updated) {
		return false
	}
	a.Created, a.Updated = b.Created, b.Updated
	return a == b
}

// reopen closes s and opens the same data again.
func reopen(t *testing.T, s notes.Store, open func(t *testing.T) notes.Store) notes.Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return open(t)
}

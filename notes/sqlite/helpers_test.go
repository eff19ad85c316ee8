package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

// openTemp opens a new database in a temporary folder (in a folder that
// does not exist yet, as on a first start) and closes it after the test.
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

// mustAdd adds n and fails the test when the store refuses it.
func mustAdd(t testing.TB, s notes.Store, n notes.Note) notes.Note {
	t.Helper()
	got, err := s.AddNote(context.Background(), n)
	if err != nil {
		t.Fatalf("AddNote: %v", err)
	}
	return got
}

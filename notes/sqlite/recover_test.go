package sqlite

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

// TestCorruptFile: a file that is not a database, or a damaged one, is
// reported as a CorruptError and moved aside byte for byte, never overwritten.
func TestCorruptFile(t *testing.T) {
	random := make([]byte, 16384)
	rand.Read(random)
	tests := []struct {
		name    string
		damage  func(t *testing.T, path string)
		options []Option
	}{
		{"random bytes", func(t *testing.T, path string) { os.WriteFile(path, random, 0o600) }, nil},
		{"truncated", func(t *testing.T, path string) {
			fill(t, path)
			fi, _ := os.Stat(path)
			os.Truncate(path, fi.Size()/2)
		}, nil},
		{"garbage pages", func(t *testing.T, path string) {
			fill(t, path)
			f, _ := os.OpenFile(path, os.O_WRONLY, 0)
			f.WriteAt(random[:8192], 4096*3)
			f.Close()
		}, nil},
		{"truncated, large-file header check", func(t *testing.T, path string) {
			fill(t, path)
			fi, _ := os.Stat(path)
			os.Truncate(path, fi.Size()-4096)
		}, []Option{withCheckLimit(1)}},
		{"garbage pages, full check forced", func(t *testing.T, path string) {
			fill(t, path)
			f, _ := os.OpenFile(path, os.O_WRONLY, 0)
			f.WriteAt(random[:8192], 4096*3)
			f.Close()
		}, []Option{withCheckLimit(1), WithFullOpenCheck()}},
		{"fresh on corrupt", func(t *testing.T, path string) { os.WriteFile(path, random, 0o600) }, []Option{WithFreshOnCorrupt()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := t.TempDir() + "/briefing.db"
			tt.damage(t, path)
			before, _ := os.ReadFile(path)
			s, err := Open(path, tt.options...)
			var ce *notes.CorruptError
			if strings.HasPrefix(tt.name, "fresh") {
				if err != nil {
					t.Fatalf("WithFreshOnCorrupt: %v", err)
				}
				defer s.Close()
				ce = s.Recovered()
				if ce == nil {
					t.Fatal("Recovered() is nil after starting fresh")
				}
				if _, err := s.AddNote(context.Background(), notes.Note{Owner: "a", BriefID: "b"}); err != nil {
					t.Errorf("fresh database: %v", err)
				}
			} else {
				if !errors.As(err, &ce) || !errors.Is(err, notes.ErrCorrupt) {
					t.Fatalf("err = %v, want a *notes.CorruptError", err)
				}
				if s != nil {
					t.Error("got a store with the error")
				}
			}
			if ce.MovedTo == "" || !strings.Contains(ce.MovedTo, ".corrupt-") {
				t.Fatalf("not moved aside: %+v", ce)
			}
			if !strings.Contains(ce.Error(), "damaged") || !strings.Contains(ce.Error(), ce.MovedTo) {
				t.Errorf("message %q does not say what happened", ce.Error())
			}
			moved, err := os.ReadFile(ce.MovedTo)
			if err != nil || string(moved) != string(before) {
				t.Errorf("moved file differs from the damaged one (%v)", err)
			}
			if ce.MovedTo != "" && s == nil {
				// The next open starts fresh.
				s, err := Open(path)
				if err != nil {
					t.Fatalf("open after moving aside: %v", err)
				}
				s.Close()
			}
		})
	}
}

// fill writes a database with enough notes to span many pages, closed and
// checkpointed so all of it is in the main file.
func fill(t *testing.T, path string) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	list := make([]notes.Note, 300)
	for i := range list {
		list[i] = notes.Note{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Owner: "ana", BriefID: fmt.Sprintf("b%d", i%10),
			Body: strings.Repeat("body text ", 30)}
	}
	if _, err := s.ImportNotes(context.Background(), list); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatal("WAL left after close: damage would not hit the data")
	}
}

// TestLargeHealthyOpens: the header check of large databases passes a
// healthy file, with or without a WAL left behind.
func TestLargeHealthyOpens(t *testing.T) {
	path := t.TempDir() + "/briefing.db"
	fill(t, path)
	s, err := Open(path, withCheckLimit(1))
	if err != nil {
		t.Fatalf("healthy database refused: %v", err)
	}
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b", Body: "in the WAL"})
	// A second open while the first holds a WAL takes the quick_check path.
	s2, err := Open(path, withCheckLimit(1))
	if err != nil {
		t.Fatalf("second open with a live WAL: %v", err)
	}
	s2.Close()
	s.Close()
}

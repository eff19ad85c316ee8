package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

// TestReadOnly: a database opened read-only refuses writes with ErrReadOnly
// and still reads; nothing already saved is touched.
func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	n := mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b", Body: "kept"})
	s.Close()

	ro, err := Open(path, WithReadOnly())
	if err != nil {
		t.Fatalf("open read-only: %v", err)
	}
	defer ro.Close()
	writes := map[string]func() error{
		"add": func() error {
			_, err := ro.AddNote(ctx, notes.Note{Owner: "ana", BriefID: "b", Body: "new"})
			return err
		},
		"update": func() error { _, err := ro.UpdateNote(ctx, n); return err },
		"delete": func() error { return ro.DeleteNote(ctx, "ana", n.ID) },
		"star":   func() error { return ro.SetStarred(ctx, "ana", "b", true) },
		"read":   func() error { return ro.MarkRead(ctx, "ana", "b") },
		"draft": func() error {
			return ro.SaveDraft(ctx, notes.Draft{Note: notes.Note{Owner: "ana", BriefID: "b", Body: "typed"}})
		},
		"rename":   func() error { _, err := ro.RenameBrief(ctx, "ana", "b", "c"); return err },
		"position": func() error { return ro.SetPosition(ctx, "ana", "b", notes.Position{Line: 3}) },
	}
	for name, w := range writes {
		err := w()
		if !errors.Is(err, notes.ErrReadOnly) {
			t.Errorf("%s on a read-only database: err = %v, want notes.ErrReadOnly", name, err)
		} else if !strings.Contains(err.Error(), "read-only") {
			t.Errorf("%s: message %q does not say read-only", name, err)
		}
	}
	if got, err := ro.NotesForBrief(ctx, "ana", "b"); err != nil || len(got) != 1 || got[0].Body != "kept" {
		t.Errorf("read-only read = %+v, %v", got, err)
	}

	// A read-only directory, where permissions apply (not as root).
	if os.Geteuid() != 0 {
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o700)
		if _, err := Open(dir + "/briefing.db"); err == nil {
			t.Error("created a database in a read-only directory")
		}
	}
}

// TestOpener: what a reader session gets from Opener. A new database opens
// for writing; a damaged one is moved aside, a fresh one started in its
// place, and Recovered says where the old one went.
func TestOpener(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "data", "briefing.db")
	o, err := Opener(path)()
	if err != nil || o.Store == nil || o.ReadOnly || o.Recovered != nil {
		t.Fatalf("new database: %+v, %v", o, err)
	}
	mustAdd(t, o.Store, notes.Note{Owner: "ana", BriefID: "b", Body: "x"})
	o.Store.Close()

	damaged := []byte(strings.Repeat("not a database ", 400))
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	o, err = Opener(path)()
	if err != nil || o.Store == nil || o.ReadOnly || o.Recovered == nil {
		t.Fatalf("damaged database: %+v, %v", o, err)
	}
	defer o.Store.Close()
	if moved, err := os.ReadFile(o.Recovered.MovedTo); err != nil || string(moved) != string(damaged) {
		t.Errorf("the damaged file was not kept at %q: %v", o.Recovered.MovedTo, err)
	}
	if _, err := o.Store.AddNote(ctx, notes.Note{Owner: "ana", BriefID: "b", Body: "after"}); err != nil {
		t.Errorf("the fresh database: %v", err)
	}
}

package serve

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
	gossh "golang.org/x/crypto/ssh"
)

// A served file renamed on disk keeps every reader's star and notes under
// its new name at once, whether or not the reader is connected: the server
// carries them when it takes the reload, before sessions hear of it.
func TestServedRenameCarriesMarksAndNotes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	old := filepath.Join(dir, "ferry.md")
	if err := os.WriteFile(old, []byte("# Ferry timetable cut\n\nThe ferry runs twice a day.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "notes.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	lib := briefs.Load([]string{dir}, briefs.LoadOptions{})
	b, ok := lib.Get("ferry.md")
	if !ok {
		t.Fatal("ferry.md not loaded")
	}
	ctx := context.Background()
	ana, ben := gossh.FingerprintSHA256(newKey(t).PublicKey()), gossh.FingerprintSHA256(newKey(t).PublicKey())
	if err := store.SetStarred(ctx, ana, "ferry.md", true); err != nil {
		t.Fatal(err)
	}
	if _, err := store.AddNote(ctx, notes.Note{Owner: ben, BriefID: "ferry.md", BriefHash: b.Hash, Body: "ask"}); err != nil {
		t.Fatal(err)
	}

	watching, reloaded := make(chan struct{}), make(chan struct{}, 1)
	startServerHooked(t, []gossh.Signer{newKey(t)}, func(c *Config) {
		c.Store, c.Library, c.Paths = store, lib, []string{dir}
	}, func(s *Server) {
		s.testHooks.watching = func() { close(watching) }
		s.testHooks.reloaded = func() { reloaded <- struct{}{} }
	})
	select {
	case <-watching:
	case <-time.After(eventLimit):
		t.Fatal("the server never watched its library")
	}
	if err := os.Rename(old, filepath.Join(dir, "ferry-2026.md")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-reloaded:
	case <-time.After(eventLimit):
		t.Fatal("the rename was never reloaded")
	}
	for _, c := range []struct {
		owner   string
		starred bool
		notes   int
	}{{ana, true, 0}, {ben, false, 1}} {
		snap, err := store.Snapshot(ctx, c.owner)
		if err != nil {
			t.Fatal(err)
		}
		if snap.IsStarred("ferry-2026.md") != c.starred || snap.NoteCount("ferry-2026.md") != c.notes ||
			snap.IsStarred("ferry.md") || snap.NoteCount("ferry.md") != 0 {
			t.Errorf("%s: on the new name starred %v, %d notes; want %v, %d", c.owner,
				snap.IsStarred("ferry-2026.md"), snap.NoteCount("ferry-2026.md"), c.starred, c.notes)
		}
	}
}

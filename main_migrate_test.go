package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/internal/pgdb/pgtest"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
	"github.com/jackc/pgx/v5"
)

// fillOwners writes a SQLite file with three owners' notes (one deleted),
// marks with anchored positions and drafts, as a single server leaves it.
func fillOwners(t *testing.T, path string) {
	t.Helper()
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for i, owner := range []string{"SHA256:ana", "SHA256:bo", "cy"} {
		for j := range 5 + i {
			n, err := s.AddNote(ctx, notes.Note{Owner: owner, BriefID: fmt.Sprintf("b%d", j%3), BriefHash: "h",
				Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1},
				Quote:   "quoted", Body: fmt.Sprintf("note %d of %s", j, owner)})
			if err != nil {
				t.Fatal(err)
			}
			if j == 0 {
				if err := s.DeleteNote(ctx, owner, n.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, err := range []error{
			s.SetStarred(ctx, owner, "b0", true),
			s.MarkRead(ctx, owner, "b1", 0, 2),
			s.SetPosition(ctx, owner, "b1", notes.Position{Line: 12, Section: notes.Section{Kind: "lead"}, Quote: "The lead.", Into: 0.5}),
			s.SaveDraft(ctx, notes.Draft{Note: notes.Note{Owner: owner, BriefID: "b2", Body: "half typed"}, Session: "w1"}),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

// checkMigrate runs `notes migrate` from a filled SQLite file to dst and
// checks the copy, the verification, a second run that adds nothing, and
// that a row changed in the destination is reported with exit 1.
func checkMigrate(t *testing.T, dst string, change func()) {
	src := filepath.Join(t.TempDir(), "briefing.db")
	fillOwners(t, src)
	r := runBin(t, nil, "notes", "migrate", "--from", "sqlite:"+src, "--to", dst)
	if r.code != 0 || !strings.Contains(r.stdout, "copied 18 notes, 6 marks and 3 drafts of 3 owners") ||
		strings.Count(r.stdout, " ok\n") != 3 || !strings.Contains(r.stdout, "verified: 3 owners") {
		t.Fatalf("migrate: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), "SHA256:ana 4/4 1/1 2/2 1/1 ") {
		t.Errorf("ana's counts not printed as source/destination:\n%s", r.stdout)
	}
	r = runBin(t, nil, "notes", "migrate", "--from", src, "--to", dst)
	if r.code != 0 || !strings.Contains(r.stdout, "nothing to copy") || strings.Count(r.stdout, " ok\n") != 3 {
		t.Fatalf("second migrate: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	change()
	r = runBin(t, nil, "notes", "migrate", "--from", src, "--to", dst)
	if r.code != 1 || strings.Count(r.stdout, "MISMATCH") != 1 || !strings.Contains(r.stderr, "1 owner differ") {
		t.Fatalf("migrate onto a changed destination: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestNotesMigrateSQLite copies between two SQLite files.
func TestNotesMigrateSQLite(t *testing.T) {
	t.Parallel()
	dst := filepath.Join(t.TempDir(), "copy.db")
	checkMigrate(t, "sqlite:"+dst, func() {
		s, err := sqlite.Open(dst)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		list, _ := s.AllNotes(context.Background(), "cy")
		if _, err := s.UpdateNote(context.Background(), notes.Note{ID: list[0].ID, Owner: "cy", BriefID: list[0].BriefID, Body: "changed"}); err != nil {
			t.Fatal(err)
		}
	})
	if r := runBin(t, nil, "notes", "migrate", "--from", filepath.Join(t.TempDir(), "none.db"), "--to", "sqlite:"+dst); r.code != 1 ||
		!strings.Contains(r.stderr, "no such file") {
		t.Errorf("migrate from a missing file: %d %q", r.code, r.stderr)
	}
	if r := runBin(t, nil, "notes", "migrate", "--to", dst); r.code != 2 {
		t.Errorf("migrate without --from: %d %q", r.code, r.stderr)
	}
}

// TestNotesMigratePostgres copies a single server's SQLite file into
// PostgreSQL; a row changed there (by hand, in SQL) is found.
func TestNotesMigratePostgres(t *testing.T) {
	t.Parallel()
	url, _ := pgtest.Schema(t)
	checkMigrate(t, url, func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		tag, err := conn.Exec(ctx, `UPDATE marks SET starred = NOT starred WHERE owner='SHA256:bo' AND brief_id='b0'`)
		if err != nil || tag.RowsAffected() != 1 {
			t.Fatalf("change a mark: %v, %v", tag, err)
		}
	})
}

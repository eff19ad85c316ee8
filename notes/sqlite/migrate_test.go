package sqlite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing-dev/briefing/notes"
)

func TestSchemaVersion(t *testing.T) {
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	if SchemaVersion != len(ms) || ms[len(ms)-1].Version != SchemaVersion {
		t.Fatalf("SchemaVersion = %d but the last of %d migrations is v%d", SchemaVersion, len(ms), ms[len(ms)-1].Version)
	}
	ctx := context.Background()
	s, path := openTemp(t)
	if v := userVersion(t, s); v != SchemaVersion {
		t.Fatalf("user_version = %d; want %d", v, SchemaVersion)
	}
	var mode string
	s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
	var sync int
	s.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync)
	if mode != "wal" || sync != 2 {
		t.Errorf("journal_mode=%s synchronous=%d, want wal and 2 (FULL)", mode, sync)
	}
	// A database from a newer briefing is refused, not rewritten.
	if _, err := s.db.ExecContext(ctx, "PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(path)
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("opening a v99 database: err = %v, want ErrNewerSchema", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "v99") || !strings.Contains(msg, "upgrade briefing") {
		t.Errorf("message %q does not say what to do", msg)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("newer database was moved: %v", err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the refused open changed the newer database")
	}
}

func userVersion(t *testing.T, s *Store) int {
	t.Helper()
	var v int
	if err := s.db.QueryRowContext(context.Background(), "PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// laterSchema is the shipped migrations plus two later steps, the second of
// which needs the first: what a future briefing would apply to today's files.
func laterSchema(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	shipped, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range shipped {
		data, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		fsys["migrations/"+e.Name()] = &fstest.MapFile{Data: data}
	}
	fsys[pinnedStep] = &fstest.MapFile{Data: []byte("ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;")}
	fsys[pinnedIndexStep] = &fstest.MapFile{Data: []byte("-- needs the column of the step before\nCREATE INDEX notes_pinned ON notes (owner, pinned);")}
	return fsys
}

// The two steps laterSchema adds after the shipped ones.
var (
	pinnedStep      = fmt.Sprintf("migrations/%04d_pinned.sql", SchemaVersion+1)
	pinnedIndexStep = fmt.Sprintf("migrations/%04d_pinned_index.sql", SchemaVersion+2)
)

// copyFixture copies testdata/v1.db, a database written by briefing when
// the schema was still a Go string in the store's source (schema v1),
// into a temporary folder; see TestOldDatabaseOpens for what it holds.
func copyFixture(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "v1.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "briefing.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestMigrationsAppliedInOrder plays a future briefing's two extra steps
// on a v1 database: both are applied, in order, after the shipped ones, and
// recorded, so a second open applies nothing (re-running the first would
// fail on its column); today's briefing then refuses the file.
func TestMigrationsAppliedInOrder(t *testing.T) {
	ctx := context.Background()
	path := copyFixture(t)
	s, err := Open(path, withMigrations(laterSchema(t)))
	if err != nil {
		t.Fatalf("open with later migrations: %v", err)
	}
	if v := userVersion(t, s); v != SchemaVersion+2 {
		t.Errorf("user_version = %d, want %d", v, SchemaVersion+2)
	}
	var idx int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type='index' AND name='notes_pinned'`).Scan(&idx); err != nil || idx != 1 {
		t.Errorf("index of the last migration: %d, %v", idx, err)
	}
	if all, err := s.AllNotes(ctx, "ana"); err != nil || len(all) != 2 {
		t.Errorf("after migrating: %d notes, %v; want 2", len(all), err)
	}
	s.Close()

	s, err = Open(path, withMigrations(laterSchema(t)))
	if err != nil {
		t.Fatalf("second open re-applied a migration: %v", err)
	}
	s.Close()

	if _, err := Open(path); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("today's schema opened a newer database: %v", err)
	}
}

// TestFailedMigrationRollsBack: a step that fails halfway leaves nothing
// of itself and the version where it was; the database still opens.
func TestFailedMigrationRollsBack(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b", Body: "kept"})
	s.Close()
	broken := laterSchema(t)
	broken[pinnedStep] = &fstest.MapFile{Data: []byte("CREATE TABLE half (x);\nCREATE TABLE broken (")}
	if _, err := Open(path, withMigrations(broken)); err == nil || !strings.Contains(err.Error(), filepath.Base(pinnedStep)) {
		t.Fatalf("a broken migration: err = %v, want one naming it", err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := userVersion(t, s); v != SchemaVersion {
		t.Errorf("user_version = %d after a failed step, want %d", v, SchemaVersion)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name='half'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the failed step left its first table: %d, %v", n, err)
	}
	if got, err := s.NotesForBrief(ctx, "ana", "b"); err != nil || len(got) != 1 {
		t.Errorf("notes after a failed step: %d, %v", len(got), err)
	}
}

// TestOldDatabaseOpens opens testdata/v1.db, written by briefing before the
// schema moved to migrations/, and finds everything in it: two notes of
// ana's (a note and a highlight) and one deleted, one of another owner, a
// starred, partly read brief with a position, and a draft.
func TestOldDatabaseOpens(t *testing.T) {
	ctx := context.Background()
	path := copyFixture(t)
	s, err := Open(path)
	if err != nil {
		t.Fatalf("open the v1 database: %v", err)
	}
	defer s.Close()
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)
	want := []notes.Note{
		{ID: "0b6f3a52-6a2e-4c1b-9d3e-1f2a3b4c5d02", Owner: "ana", BriefID: "2026/eu-ai-act.md", BriefHash: "9f2c",
			Section: notes.Section{Kind: "lead", Index: 0}, Quote: "The lead paragraph.", Created: t0.Add(time.Hour), Updated: t0.Add(time.Hour)},
		{ID: "0b6f3a52-6a2e-4c1b-9d3e-1f2a3b4c5d01", Owner: "ana", BriefID: "2026/eu-ai-act.md", BriefHash: "9f2c",
			Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1},
			Quote:   "Rates rose.", Before: "In March ", After: " Markets fell.", Body: "ask **Bo** — café", Color: "yellow",
			Created: t0, Updated: t0.Add(time.Minute)},
	}
	got, err := s.AllNotes(ctx, "ana")
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("ana's notes = %+v, %v\nwant %+v", got, err, want)
	}
	if bo, err := s.AllNotes(ctx, "SHA256:bo-key"); err != nil || len(bo) != 1 || bo[0].Body != "bo's note" {
		t.Errorf("the other owner's notes = %+v, %v", bo, err)
	}
	m, err := s.MarksForBrief(ctx, "ana", "2026/eu-ai-act.md")
	if err != nil || !m.Starred || !m.IsRead() || !slices.Equal(m.ReadSections, []int{0, 2}) || m.Position != (notes.Position{Line: 42}) {
		t.Errorf("mark = %+v, %v", m, err)
	}
	// The draft, written before drafts were kept per window, has the
	// empty session: any window may offer it.
	ds, err := s.Drafts(ctx, "ana", "ports.md")
	if err != nil || len(ds) != 1 || ds[0].Session != "" || ds[0].Note.Body != "half a thought" ||
		ds[0].Note.Quote != "tolls" || ds[0].Note.Section.Index != 2 {
		t.Errorf("drafts = %+v, %v", ds, err)
	}
	snap, err := s.Snapshot(ctx, "ana")
	if err != nil || snap.NoteCount("2026/eu-ai-act.md") != 2 || !snap.HasHighlights("2026/eu-ai-act.md") ||
		snap.NoteCount("ports.md") != 0 || !snap.IsStarred("2026/eu-ai-act.md") {
		t.Errorf("snapshot: %d notes on the act, %d on ports, %v", snap.NoteCount("2026/eu-ai-act.md"), snap.NoteCount("ports.md"), err)
	}

	// The old file takes new writes, and its triggers keep the counts.
	if err := s.RestoreNote(ctx, "ana", "0b6f3a52-6a2e-4c1b-9d3e-1f2a3b4c5d03"); err != nil {
		t.Errorf("restore a note deleted before the upgrade: %v", err)
	}
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "ports.md", Body: "after the upgrade"})
	if snap, err := s.Snapshot(ctx, "ana"); err != nil || snap.NoteCount("ports.md") != 2 {
		t.Errorf("after two changes ports has %d notes, %v; want 2", snap.NoteCount("ports.md"), err)
	}

	// Its schema is the one 0001_init.sql creates today.
	fresh, _ := openTemp(t)
	if old, now := schemaOf(t, s), schemaOf(t, fresh); !slices.Equal(old, now) {
		t.Errorf("schema of the v1 file differs from a new database's:\n old %q\n new %q", old, now)
	}
}

// schemaOf lists the database's tables, indexes and triggers with their
// SQL, white space collapsed (the migration file is indented differently
// from the Go string the v1 schema came from).
func schemaOf(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(), `SELECT type, name, tbl_name, coalesce(sql, '')
		FROM sqlite_schema ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var typ, name, tbl, sql string
		if err := rows.Scan(&typ, &name, &tbl, &sql); err != nil {
			t.Fatal(err)
		}
		out = append(out, typ+" "+name+" on "+tbl+": "+strings.Join(strings.Fields(sql), " "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOldPositionKeepsItsLine: a position saved before positions were
// anchored is its line. A file that cannot be upgraded (opened read-only,
// schema v1, without position_anchors) still reads it; once upgraded, it is
// the same line without an anchor, and the next save adds one.
func TestOldPositionKeepsItsLine(t *testing.T) {
	ctx := context.Background()
	path := copyFixture(t)
	const brief = "2026/eu-ai-act.md"
	ro, err := Open(path, WithReadOnly())
	if err != nil {
		t.Fatalf("open the v1 file read-only: %v", err)
	}
	if v := userVersion(t, ro); v != 1 {
		t.Fatalf("read-only open changed the schema to v%d", v)
	}
	if m, err := ro.MarksForBrief(ctx, "ana", brief); err != nil || m.Position != (notes.Position{Line: 42}) {
		t.Errorf("read-only v1 position = %+v, %v; want line 42 alone", m.Position, err)
	}
	if all, err := ro.AllMarks(ctx, "ana"); err != nil || len(all) == 0 {
		t.Errorf("read-only v1 marks = %+v, %v", all, err)
	}
	ro.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m, err := s.MarksForBrief(ctx, "ana", brief)
	if err != nil || m.Position != (notes.Position{Line: 42}) || m.Position.Anchored() {
		t.Fatalf("upgraded position = %+v, %v; want line 42 alone", m.Position, err)
	}
	at := notes.Position{Line: 30, Section: notes.Section{Kind: "lead"}, Quote: "The lead paragraph.", Into: 0.25}
	if err := s.SetPosition(ctx, "ana", brief, at); err != nil {
		t.Fatal(err)
	}
	if m, err := s.MarksForBrief(ctx, "ana", brief); err != nil || m.Position != at || !m.Starred {
		t.Errorf("anchored save on the upgraded file = %+v, %v", m, err)
	}
}

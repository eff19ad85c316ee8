package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/pgdb"
	"github.com/briefing-dev/briefing/internal/pgdb/pgtest"
	"github.com/briefing-dev/briefing/notes"
)

// TestSchemaVersion keeps SchemaVersion equal to the last migration.
func TestSchemaVersion(t *testing.T) {
	steps, err := pgdb.LoadMigrations(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	if last := steps[len(steps)-1].Version; last != SchemaVersion {
		t.Errorf("SchemaVersion = %d, the last migration is %d", SchemaVersion, last)
	}
}

// TestNewerSchemaRefused: a database a newer briefing migrated is refused
// with a message naming both versions, and left as it is.
func TestNewerSchemaRefused(t *testing.T) {
	url, _ := pgtest.Schema(t)
	ctx := context.Background()
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.pool.Exec(ctx, `UPDATE briefing_schema SET version=$1 WHERE component=$2`, SchemaVersion+1, Component); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(ctx, url)
	if !errors.Is(err, pgdb.ErrNewerSchema) {
		t.Fatalf("Open of a newer database = %v, want ErrNewerSchema", err)
	}
	for _, want := range []string{"version 2", "up to 1", "newer briefing"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not say %q", err, want)
		}
	}
}

// TestNewKeepsSharedPool: a store over a pool it was given leaves the pool
// open on Close, for the other components sharing it.
func TestNewKeepsSharedPool(t *testing.T) {
	url, _ := pgtest.Schema(t)
	ctx := context.Background()
	pool, err := pgdb.Open(ctx, url, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s, err := New(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNote(ctx, notes.Note{Owner: "ana", BriefID: "b", Body: "x"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := pool.Ping(ctx); err != nil {
		t.Errorf("the shared pool was closed with the store: %v", err)
	}
}

// TestOpenUnreachable: a server that does not answer is an error at once,
// with the password redacted, not a hang.
func TestOpenUnreachable(t *testing.T) {
	// Port 1 on loopback refuses at once; the URL carries a password.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := Open(ctx, "postgres://ana:s3cret@127.0.0.1:1/briefing?connect_timeout=2")
	if err == nil {
		t.Fatal("Open of an unreachable server succeeded")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("the error shows the password: %v", err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("the error is not one line: %q", err)
	}
}

// TestRefusesAsyncCommit: a database that acknowledges commits before they
// are on disk cannot keep the promise that a saved note survives a crash.
func TestRefusesAsyncCommit(t *testing.T) {
	url, _ := pgtest.Schema(t)
	_, err := Open(context.Background(), url+"&synchronous_commit=off")
	if err == nil || !strings.Contains(err.Error(), "synchronous_commit") {
		t.Fatalf("Open with synchronous_commit off = %v", err)
	}
}

// TestConnectionLost: the database ends the store's connections (a
// restart, a balancer dropping them); the next saves still succeed on new
// ones, and nothing acknowledged is lost.
func TestConnectionLost(t *testing.T) {
	t.Parallel()
	url, schema := pgtest.Schema(t)
	ctx := context.Background()
	s, err := Open(ctx, url+"&application_name="+schema)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var acked []string
	for i := range 3 {
		// Every connection of the pool has been used and is idle.
		n, err := s.AddNote(ctx, notes.Note{Owner: "ana", BriefID: "b", Body: "before"})
		if err != nil {
			t.Fatalf("round %d: AddNote: %v", i, err)
		}
		acked = append(acked, n.ID)
		pgtest.Exec(t, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, schema)
		for _, do := range []func() error{
			func() error {
				n, err := s.AddNote(ctx, notes.Note{Owner: "ana", BriefID: "b", Body: "after"})
				acked = append(acked, n.ID)
				return err
			},
			func() error { return s.MarkRead(ctx, "ana", "b", i) },
			func() error { return s.SetPosition(ctx, "ana", "b", notes.Position{Line: i}) },
		} {
			if err := do(); err != nil {
				t.Errorf("round %d: a save after the connections were ended: %v", i, err)
			}
		}
	}
	all, err := s.AllNotes(ctx, "ana")
	if err != nil || len(all) != len(acked) {
		t.Errorf("%d notes stored, %d acknowledged (%v)", len(all), len(acked), err)
	}
}

// Package postgres is the notes store for several servers on one
// PostgreSQL database (pgx v5, its native interface): the same
// notes.Store as notes/sqlite, passing the same notes/storetest suite, so
// that a reader sees the same notes, stars, read state and positions
// whichever server their connection lands on.
//
// Every write is one statement or one transaction that commits before the
// call returns, so an acknowledged note survives a crash of the server
// (PostgreSQL's synchronous_commit, on unless a database turns it off).
// Writes that races between servers could break are single statements
// (INSERT … ON CONFLICT) rather than a read then a write, and the few
// multi-statement transactions retry a serialization failure or a
// deadlock a bounded number of times, so concurrent writers never fail.
//
// The files follow the concerns: store.go (opening, the schema), db.go
// (errors, retries, times), and one file per part of notes.Store.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/briefing-dev/briefing/internal/pgdb"
	"github.com/briefing-dev/briefing/notes"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Component is the name the store's schema version is kept under in the
// database's briefing_schema table, beside the other components' own.
const Component = "notes"

// migrationFiles holds the schema as ordered steps, migrations/NNNN_what.sql.
// Never edit a step that has shipped: add the next one.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// SchemaVersion is the schema version this package writes: the number of
// the last migration (a test keeps the two equal).
const SchemaVersion = 1

// maxConns caps the pool Open opens: a reader or a CLI command needs few,
// a server shares its own pool through New.
const maxConns = 8

// Store is a notes.Store over a PostgreSQL connection pool, safe for
// concurrent use by goroutines and by several servers on one database.
type Store struct {
	pool *pgxpool.Pool
	// owned: Open made the pool, so Close closes it; New's caller owns its
	// pool, which the rooms hub and the session limits may share.
	owned     bool
	closeOnce sync.Once
	now       func() time.Time
}

var _ notes.Store = (*Store)(nil)

// Open connects to the database at url (postgres://…), brings the notes
// schema up to date and returns a store that closes its pool on Close.
// A bad URL or an unreachable server is an error within the connect
// timeout, its password redacted; a database from a newer briefing is
// refused with an error wrapping pgdb.ErrNewerSchema.
func Open(ctx context.Context, url string) (*Store, error) {
	pool, err := pgdb.Open(ctx, url, maxConns)
	if err != nil {
		return nil, &openError{err}
	}
	s, err := New(ctx, pool)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("%w (database %s)", err, pgdb.Redact(url))
	}
	s.owned = true
	return s, nil
}

// New returns a store over a pool the caller owns (and closes: the
// store's Close leaves it open), after bringing the notes schema up to date.
func New(ctx context.Context, pool *pgxpool.Pool) (*Store, error) {
	steps, err := pgdb.LoadMigrations(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	if err := pgdb.Migrate(ctx, pool, Component, steps); err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	// With synchronous_commit off, PostgreSQL acknowledges a commit before
	// it is on disk and a crash of the database loses it: a note the user
	// was told is saved would be gone. Every other level keeps the promise.
	var level string
	if err := pool.QueryRow(ctx, `SHOW synchronous_commit`).Scan(&level); err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	if level == "off" {
		return nil, errors.New("notes: the database has synchronous_commit off, so a saved note could be lost in a crash: turn it on (ALTER DATABASE … SET synchronous_commit = on)")
	}
	return &Store{pool: pool, now: time.Now}, nil
}

// Close closes the pool when Open opened it; a pool given to New stays
// open. A second Close does nothing.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		if s.owned {
			s.pool.Close()
		}
	})
	return nil
}

// openError is a failed connection as one line: pgx puts each address it
// tried on a line of its own, and a front end shows the error on one.
type openError struct{ err error }

func (e *openError) Error() string {
	return "notes: " + strings.Join(strings.Fields(e.err.Error()), " ")
}

func (e *openError) Unwrap() error { return e.err }

// Package sqlite is the embedded notes store: one SQLite file (pure Go,
// modernc.org/sqlite) in WAL mode with synchronous=FULL, so a note is on disk
// when its save returns. It implements notes.Store and passes the
// notes/storetest suite; what only a file has (recovery of a damaged file,
// locking between processes, read-only files, a size cap) is here too.
//
// The files follow the concerns: open.go (options, opening, the busy
// retry), recover.go (the corruption check and moving a damaged file aside),
// migrate.go and migrations/ (the schema), db.go (transactions, prepared
// reads, errors), and one file per part of notes.Store.
package sqlite

import (
	"database/sql"
	"sync"
	"time"

	"github.com/briefing-dev/briefing/notes"
)

// Store is the embedded notes.Store: one SQLite file in WAL mode, safe for
// concurrent use by goroutines and by several processes on the same file.
type Store struct {
	db        *sql.DB
	path      string
	recovered *notes.CorruptError
	// schema is the file's schema version: SchemaVersion, or an older one
	// a read-only store reads as it is (see oldestReadable).
	schema int
	// wmu queues this process's writers in Go instead of in SQLite's busy
	// handler, which polls with sleeps; other processes still meet the busy
	// timeout.
	wmu sync.Mutex
	now func() time.Time
	// stmts holds the reads, prepared once: SQLite's parser and planner
	// cost more than most of these queries, which a server with hundreds of
	// sessions runs at every brief opened.
	stmts sync.Map // query text → *sql.Stmt
}

var _ notes.Store = (*Store)(nil)

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database; the WAL is checkpointed by the last connection.
// A second Close does nothing.
func (s *Store) Close() error {
	s.stmts.Range(func(_, v any) bool {
		_ = v.(*sql.Stmt).Close()
		return true
	})
	return s.db.Close()
}

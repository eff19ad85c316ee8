package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/briefing-dev/briefing/internal/migrations"
	"github.com/briefing-dev/briefing/notes"
)

// migrationFiles holds the schema as ordered steps: migrations/NNNN_what.sql
// takes PRAGMA user_version from NNNN-1 to NNNN. Never edit a step that has
// shipped (databases out there have run it); add the next one.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// SchemaVersion is the schema version this package writes: the number of
// the last migration (a test keeps the two equal).
const SchemaVersion = 3

// oldestReadable is the oldest schema a read-only store reads as it is, so
// a file that could not be upgraded (a full disk, a read-only folder) still
// shows its notes. Schema 1 differs from 2 only in its drafts (one per owner
// and brief), which Drafts reads in that form; schema 2 from 3 only in the
// missing position_anchors table, so marks read from it have their line
// alone. A later step that changes
// what the reads see either teaches them the old form too or raises this.
const oldestReadable = 1

// ErrNewerSchema: the database was written by a newer briefing, whose
// schema this one does not know. The file is left as it is.
var ErrNewerSchema = errors.New("notes database is from a newer briefing")

// loadMigrations reads the steps of fsys's migrations folder (see
// migrations.Load).
func loadMigrations(fsys fs.FS) ([]migrations.Step, error) {
	ms, err := migrations.Load(fsys, "migrations")
	if err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	return ms, nil
}

// migrate applies the migrations the database lacks, each in its own
// immediate transaction that re-reads the version first (two processes
// starting at once must not both apply the same step) and records the new
// version in the same transaction, so a step is applied entirely or not at
// all. A database at a version newer than the last migration is refused.
func (s *Store) migrate(ctx context.Context, ms []migrations.Step, readOnly bool) error {
	latest := len(ms)
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return classify("read schema version", err)
	}
	if v > latest {
		return fmt.Errorf("%w: %s has schema v%d, this briefing knows up to v%d: upgrade briefing",
			ErrNewerSchema, s.path, v, latest)
	}
	if v == latest {
		s.schema = v
		return nil
	}
	if readOnly && v >= oldestReadable {
		s.schema = v
		return nil
	}
	if readOnly {
		return fmt.Errorf("notes: database %s has schema v%d, needs v%d, and is open read-only: %w", s.path, v, latest, notes.ErrReadOnly)
	}
	for v < latest {
		m := ms[v]
		err := s.write(ctx, "migrate schema with "+m.Name, func(tx *sql.Tx) error {
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
				return err
			}
			if v >= m.Version {
				return nil // another process applied it first
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.Version))
			return err
		})
		if err != nil {
			return err
		}
		v = max(v, m.Version)
	}
	s.schema = v
	return nil
}

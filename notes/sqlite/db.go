package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/briefing-dev/briefing/notes"
	sqlitedrv "modernc.org/sqlite"
	sqlitelib "modernc.org/sqlite/lib"
)

// prepared returns the statement for q, preparing it the first time.
func (s *Store) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if v, ok := s.stmts.Load(q); ok {
		return v.(*sql.Stmt), nil
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if v, loaded := s.stmts.LoadOrStore(q, st); loaded {
		_ = st.Close()
		return v.(*sql.Stmt), nil
	}
	return st, nil
}

// query runs a read through its prepared statement.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := s.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// queryRow is query for one row.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := s.prepared(ctx, q)
	if err != nil {
		// The same error, from the row's Scan.
		return s.db.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// write runs fn in an immediate transaction and commits it; the change is on
// disk (synchronous=FULL) when write returns nil.
func (s *Store) write(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return classify(op, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return classify(op, err)
	}
	if err := tx.Commit(); err != nil {
		return classify(op, err)
	}
	return nil
}

// code returns SQLite's primary result code of err, or 0.
func code(err error) int {
	var se *sqlitedrv.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// classify wraps err with what was being done and, when SQLite says so, one
// of the package's sentinel errors.
func classify(op string, err error) error {
	if errors.Is(err, notes.ErrNotFound) || errors.Is(err, notes.ErrCorrupt) || errors.Is(err, notes.ErrReadOnly) {
		return fmt.Errorf("notes: %s: %w", op, err)
	}
	var kind error
	switch code(err) {
	case sqlitelib.SQLITE_READONLY:
		kind = notes.ErrReadOnly
	case sqlitelib.SQLITE_FULL:
		kind = notes.ErrDiskFull
	case sqlitelib.SQLITE_BUSY, sqlitelib.SQLITE_LOCKED:
		kind = notes.ErrBusy
	case sqlitelib.SQLITE_CORRUPT, sqlitelib.SQLITE_NOTADB:
		kind = notes.ErrCorrupt
	}
	if kind != nil {
		return fmt.Errorf("notes: %s: %w: %w", op, kind, err)
	}
	return fmt.Errorf("notes: %s: %w", op, err)
}

type scanner interface{ Scan(dest ...any) error }

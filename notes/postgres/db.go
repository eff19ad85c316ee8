package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/briefing-dev/briefing/notes"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// maxAttempts bounds the retries of a transaction that PostgreSQL aborted
// to resolve a conflict with another (a deadlock between two renames, a
// unique key taken between a check and a write): the second attempt
// nearly always runs alone.
const maxAttempts = 5

// retryable reports whether err is a conflict that running the same
// transaction again resolves.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40001", "40P01", "23505": // serialization failure, deadlock, unique violation
		return true
	}
	return false
}

// write runs fn in a transaction and commits it, again when PostgreSQL
// aborted it for a conflict; the change is committed when write returns nil.
func (s *Store) write(ctx context.Context, op string, fn func(tx pgx.Tx) error) error {
	var err error
	for range maxAttempts {
		err = pgx.BeginFunc(ctx, s.pool, fn)
		if err == nil || !retryable(err) || ctx.Err() != nil {
			break
		}
	}
	return classify(op, err)
}

// exec runs one idempotent statement on its own (its own transaction,
// committed when it returns), again when PostgreSQL aborted it for a
// conflict or its connection was lost (a restarted database, a killed
// backend, a balancer that dropped it): running it twice leaves what
// running it once does, so a commit whose answer was lost is no harm.
func (s *Store) exec(ctx context.Context, op, q string, args ...any) (pgconn.CommandTag, error) {
	return s.execRetry(ctx, op, true, q, args...)
}

// execRetry is exec; a statement that is not idempotent (lostConn false)
// is retried only when PostgreSQL aborted it, or nothing of it was sent.
func (s *Store) execRetry(ctx context.Context, op string, lostConn bool, q string, args ...any) (pgconn.CommandTag, error) {
	var tag pgconn.CommandTag
	var err error
	for range maxAttempts {
		tag, err = s.pool.Exec(ctx, q, args...)
		if err == nil || ctx.Err() != nil {
			break
		}
		if !retryable(err) && !pgconn.SafeToRetry(err) && !(lostConn && connectionLost(err)) {
			break
		}
	}
	return tag, classify(op, err)
}

// connectionLost reports whether err says the connection went away under
// the statement: the server ended the session, or the socket closed.
func connectionLost(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "57P01", "57P02", "57P03": // admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now
			return true
		}
		return false
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// classify wraps err with what was being done and, when PostgreSQL's error
// code says so, one of the notes package's sentinel errors; nil stays nil.
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, notes.ErrNotFound) || errors.Is(err, notes.ErrInvalid) {
		return fmt.Errorf("notes: %s: %w", op, err)
	}
	var kind error
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "25006": // read_only_sql_transaction: a standby, or default_transaction_read_only
			kind = notes.ErrReadOnly
		case "53100": // disk_full
			kind = notes.ErrDiskFull
		case "55P03", "57014", "53300", "40001", "40P01": // lock not available, statement timeout, too many connections, conflicts left after retries
			kind = notes.ErrBusy
		case "XX001", "XX002": // data_corrupted, index_corrupted
			kind = notes.ErrCorrupt
		case "22021", "22P05": // a NUL byte or invalid UTF-8, which PostgreSQL's text refuses
			kind = notes.ErrInvalid
		}
	}
	if kind != nil {
		return fmt.Errorf("notes: %s: %w: %w", op, kind, err)
	}
	return fmt.Errorf("notes: %s: %w", op, err)
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/briefing-dev/briefing/config"
	"github.com/briefing-dev/briefing/internal/pgdb"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/postgres"
	"github.com/briefing-dev/briefing/notes/sqlite"
	"github.com/jackc/pgx/v5/pgxpool"
)

// notesAt says where the notes are kept: db is the --db value, else
// BRIEFING_DB, else the config file's db (a postgres:// URL, sqlite:PATH
// or a SQLite file's path); when it is empty, the SQLite file in the data
// folder data, as before there was a choice.
type notesAt struct{ db, data string }

// at resolves the --db flag over the environment and the config file
// (already merged in a.cfg); dataDir is the data folder as the command
// resolves it.
func (a *app) at(dbFlag, dataDir string) (notesAt, error) {
	if err := config.CheckDB(dbFlag); err != nil {
		return notesAt{}, usageErrorf("--db: %v", err)
	}
	if dbFlag == "" {
		if err := config.CheckDB(a.cfg.DB); err != nil {
			return notesAt{}, fmt.Errorf("db (BRIEFING_DB or the config file's): %v", err)
		}
		dbFlag = a.cfg.DB
	}
	return notesAt{db: dbFlag, data: dataDir}, nil
}

// postgres reports whether the notes are in PostgreSQL.
func (w notesAt) postgres() bool { return pgdb.IsURL(w.db) }

// sqlitePath is the SQLite file's path (when not postgres).
func (w notesAt) sqlitePath() string {
	if w.db == "" {
		return notes.DefaultPath(w.data)
	}
	return strings.TrimPrefix(strings.TrimPrefix(w.db, "sqlite:"), "//")
}

// String names the store for messages, a URL's password redacted.
func (w notesAt) String() string {
	if w.postgres() {
		return pgdb.Redact(w.db)
	}
	return w.sqlitePath()
}

// openTimeout bounds connecting to PostgreSQL and migrating its schema at
// start: an unreachable server is an error, not a hang.
const openTimeout = 30 * time.Second

// open opens the store, creating it (a file, or the tables) when needed.
// Its errors say "notes: " and never show a password.
func (w notesAt) open() (notes.Store, error) {
	if w.postgres() {
		ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
		defer cancel()
		return postgres.Open(ctx, w.db)
	}
	return sqlite.Open(w.sqlitePath())
}

// exists reports whether there is a store to read: a SQLite file that is
// not there yet has no notes, and a command that only reads does not
// create it. A PostgreSQL database is always there.
func (w notesAt) exists() bool {
	if w.postgres() {
		return true
	}
	_, err := os.Stat(w.sqlitePath())
	return !errors.Is(err, fs.ErrNotExist)
}

// opener is the reader's Options.OpenStore. PostgreSQL is connected to
// here, before the reader starts, so that a wrong URL or a server that is
// down is one line on stderr at start rather than notes turned off inside.
func (w notesAt) opener() (func() (notes.Opened, error), error) {
	if !w.postgres() {
		return sqlite.Opener(w.sqlitePath()), nil
	}
	s, err := w.open()
	if err != nil {
		return nil, err
	}
	return func() (notes.Opened, error) { return notes.Opened{Store: s}, nil }, nil
}

// servePoolConns caps a server's pool: the sessions' notes calls are short
// and queue for a connection; the rooms and limits share the pool too.
const servePoolConns = 16

// serverStore opens the store `briefing serve` hands to serve.Config.Store,
// and close, to call once the server has stopped. For the default SQLite
// file it returns nil: serve opens that one itself. For PostgreSQL it also
// returns the pool, for the server's other components to share.
func (w notesAt) serverStore(logger *slog.Logger) (store notes.Store, pool *pgxpool.Pool, closeFn func(), err error) {
	switch {
	case w.db == "":
		return nil, nil, func() {}, nil
	case w.postgres():
		ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
		defer cancel()
		pool, err := pgdb.Open(ctx, w.db, servePoolConns)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("notes: %s", strings.Join(strings.Fields(err.Error()), " "))
		}
		s, err := postgres.New(ctx, pool)
		if err != nil {
			pool.Close()
			return nil, nil, nil, fmt.Errorf("%w (database %s)", err, pgdb.Redact(w.db))
		}
		return s, pool, func() { s.Close(); pool.Close() }, nil
	}
	s, err := sqlite.Open(w.sqlitePath(), sqlite.WithFreshOnCorrupt())
	if err != nil {
		return nil, nil, nil, err
	}
	if ce := s.Recovered(); ce != nil {
		logger.Warn("notes database recovered", "event", "store_recovered", "detail", ce.Error())
	}
	return s, nil, func() { s.Close() }, nil
}

// Package pgdb is what every part of briefing that keeps its state in
// PostgreSQL shares: opening a pool from a postgres:// URL, and running a
// component's embedded, ordered migrations under an advisory lock so that
// servers started together never race on the schema.
//
// Each component (the notes store, the rooms hub, the session limits) owns
// its tables and its migrations folder; the versions are kept per component
// in one table, briefing_schema, so that one database serves them all and a
// component can grow without the others.
package pgdb

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"strings"
	"time"

	"github.com/briefing-dev/briefing/internal/migrations"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// IsURL reports whether s names a PostgreSQL database (postgres:// or
// postgresql://) rather than a SQLite file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Redact returns url with its password replaced, for logs and errors.
func Redact(url string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil || cfg.Password == "" {
		return url
	}
	return strings.Replace(url, ":"+cfg.Password+"@", ":xxxxx@", 1)
}

// Open connects a pool to url and checks the server answers. The pool's
// connections give up after connectTimeout when the server is unreachable,
// so a wrong URL is an error at start, not a hang.
func Open(ctx context.Context, url string, maxConns int32) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database URL %s: %w", Redact(url), err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", Redact(url), err)
	}
	pctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database %s: %w", Redact(url), err)
	}
	return pool, nil
}

const connectTimeout = 10 * time.Second

// ErrNewerSchema: the database was migrated by a newer briefing, whose
// schema this one does not know. Nothing is changed.
var ErrNewerSchema = errors.New("database is from a newer briefing")

// Migration is one step of a component's schema.
type Migration = migrations.Step

// LoadMigrations reads a component's numbered steps from dir in fsys (see
// migrations.Load); Migrate takes what it returns.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	return migrations.Load(fsys, dir)
}

// Migrate brings component's schema to the last of steps. It holds a
// session advisory lock (keyed by the current schema and the component)
// for the whole run, so a second server starting at the same moment waits
// and then finds the work done. Each step runs in its own transaction with
// the version it leaves, so a step that fails leaves the version before it.
// A database at a version past the last step is refused with
// ErrNewerSchema and left as it is.
func Migrate(ctx context.Context, pool *pgxpool.Pool, component string, steps []Migration) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("%s: migrate: %w", component, err)
	}
	defer conn.Release()
	var schema string
	if err := conn.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return fmt.Errorf("%s: migrate: %w", component, err)
	}
	key := LockKey(schema, "migrate", component)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		return fmt.Errorf("%s: migrate: lock: %w", component, err)
	}
	defer func() {
		// A fresh context: the caller's may be done, and the lock must go
		// back before the connection does (or the connection is closed).
		uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := conn.Exec(uctx, `SELECT pg_advisory_unlock($1)`, key); err != nil {
			conn.Conn().Close(uctx)
		}
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS briefing_schema (
		component text PRIMARY KEY,
		version integer NOT NULL,
		updated timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("%s: migrate: %w", component, err)
	}
	have, err := Version(ctx, conn.Conn(), component)
	if err != nil {
		return err
	}
	last := steps[len(steps)-1].Version
	if have > last {
		return fmt.Errorf("%s: schema version %d, this briefing knows up to %d: %w", component, have, last, ErrNewerSchema)
	}
	for _, m := range steps {
		if m.Version <= have {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("%s: migration %s: %w", component, m.Name, err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO briefing_schema (component, version) VALUES ($1, $2)
				ON CONFLICT (component) DO UPDATE SET version = excluded.version, updated = now()`, component, m.Version)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Version returns component's schema version; 0 when it has none yet.
func Version(ctx context.Context, q interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}, component string) (int, error) {
	var v int
	err := q.QueryRow(ctx, `SELECT version FROM briefing_schema WHERE component = $1`, component).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("%s: schema version: %w", component, err)
	}
	return v, nil
}

// LockKey is the advisory lock number for parts, which are joined and
// hashed: advisory locks are per database, so the schema is always one of
// the parts (tests run many schemas in one database).
func LockKey(parts ...string) int64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return int64(h.Sum64())
}

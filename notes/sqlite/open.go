package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/briefing-dev/briefing/notes"
)

// busyTimeoutMS is how long a writer waits for another process's write
// transaction before giving up with notes.ErrBusy. Writes take milliseconds, so five
// seconds only runs out when something is stuck.
const busyTimeoutMS = 5000

// Option changes how Open opens the database.
type Option func(*openOptions)

type openOptions struct {
	freshOnCorrupt bool
	readOnly       bool
	maxPageCount   int
	skipCheck      bool
	fullCheck      bool
	checkLimit     int64 // quickCheckMaxBytes unless a test lowers it
	migrations     fs.FS // migrationFiles unless a test gives others
}

// withCheckLimit lowers the size above which open skips quick_check, so
// tests can take the large-database path with a small file.
func withCheckLimit(n int64) Option { return func(o *openOptions) { o.checkLimit = n } }

// withMigrations replaces the embedded migrations (a migrations folder in
// fsys), so tests can play a later or a broken schema step.
func withMigrations(fsys fs.FS) Option { return func(o *openOptions) { o.migrations = fsys } }

// WithFreshOnCorrupt makes Open start a new, empty database when the
// file is corrupt, after moving the old one aside; Recovered then returns
// the notes.CorruptError so the UI can tell the user. Without it Open moves
// the file aside and returns the *notes.CorruptError, and the next open starts fresh.
func WithFreshOnCorrupt() Option { return func(o *openOptions) { o.freshOnCorrupt = true } }

// WithReadOnly opens the database read-only (SQLite mode=ro): every write
// fails with notes.ErrReadOnly. The file must exist, at the current schema or
// one the store still reads (see oldestReadable).
func WithReadOnly() Option { return func(o *openOptions) { o.readOnly = true } }

// WithMaxPageCount caps the database at n pages (of 4 KiB): a quota. A write
// beyond it fails with notes.ErrDiskFull exactly as a full disk does.
func WithMaxPageCount(n int) Option { return func(o *openOptions) { o.maxPageCount = n } }

// WithoutOpenCheck skips the corruption check at open (for tools that open
// the file many times a second); corruption is then found by the first
// query that reads a damaged page, as an error wrapping notes.ErrCorrupt.
func WithoutOpenCheck() Option { return func(o *openOptions) { o.skipCheck = true } }

// WithFullOpenCheck runs quick_check at open whatever the database's size
// (see quickCheckMaxBytes).
func WithFullOpenCheck() Option { return func(o *openOptions) { o.fullCheck = true } }

// Open opens (creating if needed) the notes database at path and
// brings its schema up to date. A damaged file is moved aside and reported
// as a *notes.CorruptError (see WithFreshOnCorrupt); a read-only or full disk comes
// back as an error wrapping notes.ErrReadOnly or notes.ErrDiskFull.
func Open(path string, opts ...Option) (*Store, error) {
	o := openOptions{checkLimit: quickCheckMaxBytes}
	for _, opt := range opts {
		opt(&o)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("notes: database path %q: %w", path, err)
	}
	if !o.readOnly {
		if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
			return nil, fmt.Errorf("notes: create %s: %w", filepath.Dir(abs), err)
		}
	}
	s, err := openRetry(abs, o)
	var ce *notes.CorruptError
	if errors.As(err, &ce) && o.freshOnCorrupt && ce.MovedTo != "" {
		s, err = openRetry(abs, o)
		if err == nil {
			s.recovered = ce
		}
	}
	return s, err
}

// Recovered returns the notes.CorruptError of a database moved aside by
// WithFreshOnCorrupt, or nil.
func (s *Store) Recovered() *notes.CorruptError { return s.recovered }

// Opener returns the function a reader session calls to open its store at
// path (model.Options.OpenStore): a damaged file is moved aside and a fresh
// database started (Opened.Recovered says so), and a database that cannot be
// written (a read-only file or folder, or a full disk that leaves no room to
// upgrade its schema) is opened read-only, so notes can still be read.
func Opener(path string) func() (notes.Opened, error) { return opener(path) }

// opener is Opener with options for the read-write open, for its tests.
func opener(path string, opts ...Option) func() (notes.Opened, error) {
	return func() (notes.Opened, error) {
		s, err := Open(path, append([]Option{WithFreshOnCorrupt()}, opts...)...)
		if err == nil {
			return notes.Opened{Store: s, Recovered: s.Recovered()}, nil
		}
		if errors.Is(err, notes.ErrReadOnly) || errors.Is(err, notes.ErrDiskFull) {
			if ro, rerr := Open(path, WithReadOnly()); rerr == nil {
				return notes.Opened{Store: ro, ReadOnly: true, ReadOnlyWhy: err}, nil
			}
		}
		return notes.Opened{}, err
	}
}

// openRetry opens the database, retrying while another process holds it.
// SQLite does not promise to call the busy handler on every lock it meets
// at open: switching a new file to WAL and reading a schema another process
// is creating can return SQLITE_BUSY at once. Two processes starting
// together (the reader and a `briefing notes` command) must both get in, so
// a busy open is retried with backoff for as long as the busy timeout.
func openRetry(path string, o openOptions) (*Store, error) {
	deadline := time.Now().Add(busyTimeoutMS * time.Millisecond)
	wait := 5 * time.Millisecond
	for {
		s, err := open(path, o)
		if err == nil || !errors.Is(err, notes.ErrBusy) || time.Now().Add(wait).After(deadline) {
			return s, err
		}
		time.Sleep(wait)
		wait = min(2*wait, 200*time.Millisecond)
	}
}

func open(path string, o openOptions) (*Store, error) {
	db, err := sql.Open("sqlite", dsn(path, o))
	if err != nil {
		return nil, fmt.Errorf("notes: open %s: %w", path, err)
	}
	// A few idle connections keep reads from paying the per-connection pragmas.
	db.SetMaxIdleConns(4)
	s := &Store{db: db, path: path, now: time.Now}
	ctx := context.Background()
	if err := s.check(ctx, o); err != nil {
		db.Close()
		if errors.Is(err, notes.ErrCorrupt) {
			return nil, moveAside(path, err)
		}
		return nil, classify("open "+path, err)
	}
	if !o.readOnly {
		// WAL is a property of the file, kept once set: set it here, once,
		// not on every pooled connection (a later connection meeting a busy
		// lock there would fail a save instead of the open).
		var mode string
		if err := db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
			db.Close()
			return nil, classify("open "+path, err)
		}
		if !strings.EqualFold(mode, "wal") {
			db.Close()
			return nil, fmt.Errorf("notes: open %s: %w: journal mode is %s, not WAL", path, notes.ErrBusy, mode)
		}
	}
	var fsys fs.FS = migrationFiles
	if o.migrations != nil {
		fsys = o.migrations
	}
	ms, err := loadMigrations(fsys)
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(ctx, ms, o.readOnly); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// dsn builds a file: URI for modernc.org/sqlite. The _pragma values run on
// every new connection (busy_timeout first, the driver sorts it so); _txlock
// makes db.Begin issue BEGIN IMMEDIATE, so a writer takes the write lock at
// the start and never fails on a read-to-write upgrade.
func dsn(path string, o openOptions) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.Itoa(busyTimeoutMS)+")")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	if o.maxPageCount > 0 {
		q.Add("_pragma", "max_page_count("+strconv.Itoa(o.maxPageCount)+")")
	}
	if o.readOnly {
		q.Set("mode", "ro")
	}
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

package notes

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// busyTimeoutMS is how long a writer waits for another process's write
// transaction before giving up with ErrBusy. Writes take milliseconds, so five
// seconds only runs out when something is stuck.
const busyTimeoutMS = 5000

// Option changes how OpenSQLite opens the database.
type Option func(*openOptions)

type openOptions struct {
	freshOnCorrupt bool
	readOnly       bool
	maxPageCount   int
	skipCheck      bool
	fullCheck      bool
	checkLimit     int64 // quickCheckMaxBytes unless a test lowers it
}

// withCheckLimit lowers the size above which open skips quick_check, so
// tests can take the large-database path with a small file.
func withCheckLimit(n int64) Option { return func(o *openOptions) { o.checkLimit = n } }

// WithFreshOnCorrupt makes OpenSQLite start a new, empty database when the
// file is corrupt, after moving the old one aside; Recovered then returns
// the CorruptError so the UI can tell the user. Without it OpenSQLite moves
// the file aside and returns the *CorruptError, and the next open starts fresh.
func WithFreshOnCorrupt() Option { return func(o *openOptions) { o.freshOnCorrupt = true } }

// WithReadOnly opens the database read-only (SQLite mode=ro): every write
// fails with ErrReadOnly. The file must exist and be at the current schema.
func WithReadOnly() Option { return func(o *openOptions) { o.readOnly = true } }

// WithMaxPageCount caps the database at n pages (of 4 KiB): a quota. A write
// beyond it fails with ErrDiskFull exactly as a full disk does.
func WithMaxPageCount(n int) Option { return func(o *openOptions) { o.maxPageCount = n } }

// WithoutOpenCheck skips the corruption check at open (for tools that open
// the file many times a second); corruption is then found by the first
// query that reads a damaged page, as an error wrapping ErrCorrupt.
func WithoutOpenCheck() Option { return func(o *openOptions) { o.skipCheck = true } }

// WithFullOpenCheck runs quick_check at open whatever the database's size
// (see quickCheckMaxBytes).
func WithFullOpenCheck() Option { return func(o *openOptions) { o.fullCheck = true } }

// SQLiteStore is the embedded Store: one SQLite file in WAL mode, safe for
// concurrent use by goroutines and by several processes on the same file.
type SQLiteStore struct {
	db        *sql.DB
	path      string
	recovered *CorruptError
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

var _ Store = (*SQLiteStore)(nil)

// OpenSQLite opens (creating if needed) the notes database at path and
// brings its schema up to date. A damaged file is moved aside and reported
// as a *CorruptError (see WithFreshOnCorrupt); a read-only or full disk comes
// back as an error wrapping ErrReadOnly or ErrDiskFull.
func OpenSQLite(path string, opts ...Option) (*SQLiteStore, error) {
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
	var ce *CorruptError
	if errors.As(err, &ce) && o.freshOnCorrupt && ce.MovedTo != "" {
		s, err = openRetry(abs, o)
		if err == nil {
			s.recovered = ce
		}
	}
	return s, err
}

// openRetry opens the database, retrying while another process holds it.
// SQLite does not promise to call the busy handler on every lock it meets
// at open: switching a new file to WAL and reading a schema another process
// is creating can return SQLITE_BUSY at once. Two processes starting
// together (the reader and a `briefing notes` command) must both get in, so
// a busy open is retried with backoff for as long as the busy timeout.
func openRetry(path string, o openOptions) (*SQLiteStore, error) {
	deadline := time.Now().Add(busyTimeoutMS * time.Millisecond)
	wait := 5 * time.Millisecond
	for {
		s, err := open(path, o)
		if err == nil || !errors.Is(err, ErrBusy) || time.Now().Add(wait).After(deadline) {
			return s, err
		}
		time.Sleep(wait)
		wait = min(2*wait, 200*time.Millisecond)
	}
}

func open(path string, o openOptions) (*SQLiteStore, error) {
	db, err := sql.Open("sqlite", dsn(path, o))
	if err != nil {
		return nil, fmt.Errorf("notes: open %s: %w", path, err)
	}
	// A few idle connections keep reads from paying the per-connection pragmas.
	db.SetMaxIdleConns(4)
	s := &SQLiteStore{db: db, path: path, now: time.Now}
	ctx := context.Background()
	if err := s.check(ctx, o); err != nil {
		db.Close()
		if errors.Is(err, ErrCorrupt) {
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
			return nil, fmt.Errorf("notes: open %s: %w: journal mode is %s, not WAL", path, ErrBusy, mode)
		}
	}
	if err := s.migrate(ctx, o.readOnly); err != nil {
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

// quickCheckMaxBytes is the largest database that gets a full quick_check
// at every open. quick_check reads every page (about 200 ms for 100,000
// notes, 48 MB, on the development machine), too slow for each start of a
// large library; above this size a start checks the header instead, unless
// a WAL file is left over from a crash.
const quickCheckMaxBytes = 8 << 20

// check finds a damaged database at open, where it can be reported and
// moved aside, rather than in the middle of a save. Small databases, and any
// database with a WAL left by a crash, get PRAGMA quick_check (the O(N)
// subset of integrity_check, no index cross-check); large ones a header and
// schema check that catches a foreign file and a truncated one.
func (s *SQLiteStore) check(ctx context.Context, o openOptions) error {
	full := !o.skipCheck
	if full && !o.fullCheck {
		var err error
		if full, err = needsFullCheck(s.path, o.checkLimit); err != nil {
			return err
		}
	}
	q := "SELECT count(*) FROM sqlite_schema"
	if full {
		q = "PRAGMA quick_check"
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return asCorrupt(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return asCorrupt(err)
		}
		if r != "ok" && full {
			problems = append(problems, r)
		}
	}
	if err := rows.Err(); err != nil {
		return asCorrupt(err)
	}
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = append(problems[:3], "…")
		}
		return fmt.Errorf("%w: %s", ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// needsFullCheck says whether the database at path wants quick_check, and
// reports a file shorter than its header says (a truncated copy) as corrupt.
func needsFullCheck(path string, limit int64) (bool, error) {
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		// A crash left a WAL; its frames may legitimately cover pages past
		// the end of the main file, so only quick_check can judge.
		return true, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false, err
	}
	if fi.Size() <= limit {
		return true, nil
	}
	var h [100]byte
	if _, err := f.ReadAt(h[:], 0); err != nil || string(h[:16]) != "SQLite format 3\x00" {
		// Not a SQLite file at all: the schema query says so (SQLITE_NOTADB).
		return false, nil
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	// The in-header size is valid only when the change counter matches
	// "version-valid-for" (file format, section 1.3.7).
	valid := binary.BigEndian.Uint32(h[24:28]) == binary.BigEndian.Uint32(h[92:96])
	if valid && pages*pageSize > fi.Size() {
		return false, fmt.Errorf("%w: file is %d bytes, its header says %d pages of %d (truncated)",
			ErrCorrupt, fi.Size(), pages, pageSize)
	}
	return false, nil
}

// asCorrupt marks SQLite's "malformed" and "not a database" errors.
func asCorrupt(err error) error {
	switch code(err) {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return err
}

// IntegrityCheck runs the full PRAGMA integrity_check and returns nil when
// it says ok.
func (s *SQLiteStore) IntegrityCheck(ctx context.Context) error {
	var r string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&r); err != nil {
		return classify("integrity check", err)
	}
	if r != "ok" {
		return fmt.Errorf("%w: %s", ErrCorrupt, r)
	}
	return nil
}

func moveAside(path string, cause error) *CorruptError {
	ce := &CorruptError{Path: path, Err: cause}
	to := path + ".corrupt-" + time.Now().UTC().Format("20060102T150405.000Z")
	if err := os.Rename(path, to); err != nil {
		ce.MoveErr = err
		return ce
	}
	ce.MovedTo = to
	// The journal files belong to the damaged database: replaying them into
	// a fresh one would be wrong, deleting them would lose evidence.
	for _, suf := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + suf); err == nil {
			if err := os.Rename(path+suf, to+suf); err != nil && ce.MoveErr == nil {
				ce.MoveErr = err
			}
		}
	}
	return ce
}

// Recovered returns the CorruptError of a database moved aside by
// WithFreshOnCorrupt, or nil.
func (s *SQLiteStore) Recovered() *CorruptError { return s.recovered }

// Path returns the absolute path of the database file.
func (s *SQLiteStore) Path() string { return s.path }

// Close closes the database; the WAL is checkpointed by the last connection.
func (s *SQLiteStore) Close() error {
	s.stmts.Range(func(_, v any) bool {
		_ = v.(*sql.Stmt).Close()
		return true
	})
	return s.db.Close()
}

// prepared returns the statement for q, preparing it the first time.
func (s *SQLiteStore) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
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
func (s *SQLiteStore) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := s.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// queryRow is query for one row.
func (s *SQLiteStore) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := s.prepared(ctx, q)
	if err != nil {
		// The same error, from the row's Scan.
		return s.db.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// migrations are the schema versions in order: migrations[i] takes
// PRAGMA user_version from i to i+1. Never edit one that has shipped; add one.
var migrations = []string{
	// v1: notes, marks, drafts. Times are UTC Unix nanoseconds, 0 = none.
	`CREATE TABLE notes (
		id            TEXT PRIMARY KEY,
		owner         TEXT NOT NULL,
		brief_id      TEXT NOT NULL,
		brief_hash    TEXT NOT NULL DEFAULT '',
		section_kind  TEXT NOT NULL DEFAULT '',
		section_title TEXT NOT NULL DEFAULT '',
		section_index INTEGER NOT NULL DEFAULT 0,
		quote         TEXT NOT NULL DEFAULT '',
		before_text   TEXT NOT NULL DEFAULT '',
		after_text    TEXT NOT NULL DEFAULT '',
		body          TEXT NOT NULL DEFAULT '',
		color         TEXT NOT NULL DEFAULT '',
		created       INTEGER NOT NULL,
		updated       INTEGER NOT NULL,
		deleted       INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX notes_owner_brief ON notes (owner, brief_id);
	CREATE INDEX notes_owner_hash ON notes (owner, brief_hash);
	CREATE TABLE marks (
		owner         TEXT NOT NULL,
		brief_id      TEXT NOT NULL,
		starred       INTEGER NOT NULL DEFAULT 0,
		read_at       INTEGER NOT NULL DEFAULT 0,
		read_sections TEXT NOT NULL DEFAULT '',
		position      INTEGER NOT NULL DEFAULT 0,
		created       INTEGER NOT NULL,
		updated       INTEGER NOT NULL,
		PRIMARY KEY (owner, brief_id)
	) WITHOUT ROWID;
	-- note_counts keeps the per-brief numbers of live notes and highlights
	-- up to date by trigger, so Snapshot reads one small row per brief
	-- instead of scanning every note.
	CREATE TABLE note_counts (
		owner      TEXT NOT NULL,
		brief_id   TEXT NOT NULL,
		notes      INTEGER NOT NULL DEFAULT 0,
		highlights INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (owner, brief_id)
	) WITHOUT ROWID;
	CREATE TRIGGER notes_count_insert AFTER INSERT ON notes WHEN new.deleted = 0 BEGIN
		INSERT INTO note_counts (owner, brief_id, notes, highlights)
		VALUES (new.owner, new.brief_id, new.body <> '', new.body = '')
		ON CONFLICT (owner, brief_id) DO UPDATE SET
			notes = notes + excluded.notes, highlights = highlights + excluded.highlights;
	END;
	CREATE TRIGGER notes_count_delete AFTER DELETE ON notes WHEN old.deleted = 0 BEGIN
		UPDATE note_counts SET notes = notes - (old.body <> ''), highlights = highlights - (old.body = '')
		WHERE owner = old.owner AND brief_id = old.brief_id;
	END;
	CREATE TRIGGER notes_count_update AFTER UPDATE OF owner, brief_id, body, deleted ON notes BEGIN
		UPDATE note_counts SET notes = notes - (old.body <> ''), highlights = highlights - (old.body = '')
		WHERE old.deleted = 0 AND owner = old.owner AND brief_id = old.brief_id;
		INSERT INTO note_counts (owner, brief_id, notes, highlights)
		SELECT new.owner, new.brief_id, new.body <> '', new.body = '' WHERE new.deleted = 0
		ON CONFLICT (owner, brief_id) DO UPDATE SET
			notes = notes + excluded.notes, highlights = highlights + excluded.highlights;
	END;
	CREATE TABLE drafts (
		owner    TEXT NOT NULL,
		brief_id TEXT NOT NULL,
		note     TEXT NOT NULL,
		created  INTEGER NOT NULL,
		updated  INTEGER NOT NULL,
		PRIMARY KEY (owner, brief_id)
	) WITHOUT ROWID;`,
}

// SchemaVersion is the schema version this package writes: the number of
// migrations (a test keeps the two equal).
const SchemaVersion = 1

// migrate applies the missing migrations, each in its own immediate
// transaction that re-reads the version first: two processes starting at
// once must not both apply the same step.
func (s *SQLiteStore) migrate(ctx context.Context, readOnly bool) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return classify("read schema version", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("notes: database %s has schema v%d, newer than this briefing knows (v%d): upgrade briefing", s.path, v, len(migrations))
	}
	if v == len(migrations) {
		return nil
	}
	if readOnly {
		return fmt.Errorf("notes: database %s has schema v%d, needs v%d, and is open read-only: %w", s.path, v, len(migrations), ErrReadOnly)
	}
	for v < len(migrations) {
		err := s.write(ctx, fmt.Sprintf("migrate schema to v%d", v+1), func(tx *sql.Tx) error {
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
				return err
			}
			if v >= len(migrations) {
				return nil
			}
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return err
			}
			v++
			_, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(v))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// write runs fn in an immediate transaction and commits it; the change is on
// disk (synchronous=FULL) when write returns nil.
func (s *SQLiteStore) write(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
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
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// classify wraps err with what was being done and, when SQLite says so, one
// of the package's sentinel errors.
func classify(op string, err error) error {
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrCorrupt) || errors.Is(err, ErrReadOnly) {
		return fmt.Errorf("notes: %s: %w", op, err)
	}
	var kind error
	switch code(err) {
	case sqlite3.SQLITE_READONLY:
		kind = ErrReadOnly
	case sqlite3.SQLITE_FULL:
		kind = ErrDiskFull
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		kind = ErrBusy
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		kind = ErrCorrupt
	}
	if kind != nil {
		return fmt.Errorf("notes: %s: %w: %w", op, kind, err)
	}
	return fmt.Errorf("notes: %s: %w", op, err)
}

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

const noteColumns = `id, owner, brief_id, brief_hash, section_kind, section_title, section_index,
	quote, before_text, after_text, body, color, created, updated`

type scanner interface{ Scan(dest ...any) error }

func scanNote(r scanner) (Note, error) {
	var n Note
	var created, updated int64
	err := r.Scan(&n.ID, &n.Owner, &n.BriefID, &n.BriefHash, &n.Section.Kind, &n.Section.Title,
		&n.Section.Index, &n.Quote, &n.Before, &n.After, &n.Body, &n.Color, &created, &updated)
	n.Created, n.Updated = fromNanos(created), fromNanos(updated)
	return n, err
}

func (s *SQLiteStore) queryNotes(ctx context.Context, op, q string, args ...any) ([]Note, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, classify(op, err)
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		n, err := scanNote(rows)
		if err != nil {
			return nil, classify(op, err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, classify(op, err)
	}
	return out, nil
}

// marshalNote and unmarshalNote store a draft's note in one column, in the
// export's JSON shape.
func marshalNote(n Note) (string, error) {
	b, err := json.Marshal(NewJSONNote(n, ""))
	return string(b), err
}

func unmarshalNote(s string) (Note, error) {
	var j JSONNote
	err := json.Unmarshal([]byte(s), &j)
	return j.Note(), err
}

func newID() (string, error) {
	u, err := uuid.NewRandom()
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

func validate(op string, n Note) error {
	if n.Owner == "" || n.BriefID == "" {
		return fmt.Errorf("notes: %s: a note needs an owner and a brief ID", op)
	}
	return nil
}

const insertNote = `INSERT INTO notes (` + noteColumns + `) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`

func noteArgs(n Note) []any {
	return []any{n.ID, n.Owner, n.BriefID, n.BriefHash, n.Section.Kind, n.Section.Title,
		n.Section.Index, n.Quote, n.Before, n.After, n.Body, n.Color, nanos(n.Created), nanos(n.Updated)}
}

// AddNote implements Store.
func (s *SQLiteStore) AddNote(ctx context.Context, n Note) (Note, error) {
	if err := validate("add note", n); err != nil {
		return Note{}, err
	}
	if n.ID == "" {
		id, err := newID()
		if err != nil {
			return Note{}, fmt.Errorf("notes: add note: %w", err)
		}
		n.ID = id
	}
	now := s.now().UTC()
	if n.Created.IsZero() {
		n.Created = now
	}
	if n.Updated.IsZero() {
		n.Updated = n.Created
	}
	err := s.write(ctx, "save note", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, insertNote, noteArgs(n)...)
		return err
	})
	if err != nil {
		return Note{}, err
	}
	return n, nil
}

// UpdateNote implements Store.
func (s *SQLiteStore) UpdateNote(ctx context.Context, n Note) (Note, error) {
	if err := validate("update note", n); err != nil {
		return Note{}, err
	}
	n.Updated = s.now().UTC()
	var stored Note
	err := s.write(ctx, "update note", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notes SET brief_hash=?, section_kind=?, section_title=?,
			section_index=?, quote=?, before_text=?, after_text=?, body=?, color=?, updated=?
			WHERE id=? AND owner=? AND deleted=0`,
			n.BriefHash, n.Section.Kind, n.Section.Title, n.Section.Index, n.Quote, n.Before, n.After,
			n.Body, n.Color, nanos(n.Updated), n.ID, n.Owner)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return ErrNotFound
		}
		stored, err = scanNote(tx.QueryRowContext(ctx, `SELECT `+noteColumns+` FROM notes WHERE id=?`, n.ID))
		return err
	})
	return stored, err
}

func (s *SQLiteStore) setDeleted(ctx context.Context, op, owner, id string, deleted int64) error {
	return s.write(ctx, op, func(tx *sql.Tx) error {
		cond := "deleted=0"
		if deleted == 0 {
			cond = "deleted<>0"
		}
		res, err := tx.ExecContext(ctx, `UPDATE notes SET deleted=? WHERE id=? AND owner=? AND `+cond,
			deleted, id, owner)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// DeleteNote implements Store. The row stays (soft delete) so RestoreNote can undo.
func (s *SQLiteStore) DeleteNote(ctx context.Context, owner, id string) error {
	return s.setDeleted(ctx, "delete note", owner, id, s.now().UnixNano())
}

// RestoreNote implements Store.
func (s *SQLiteStore) RestoreNote(ctx context.Context, owner, id string) error {
	return s.setDeleted(ctx, "restore note", owner, id, 0)
}

// Note implements Store.
func (s *SQLiteStore) Note(ctx context.Context, owner, id string) (Note, error) {
	n, err := scanNote(s.queryRow(ctx,
		`SELECT `+noteColumns+` FROM notes WHERE id=? AND owner=? AND deleted=0`, id, owner))
	if errors.Is(err, sql.ErrNoRows) {
		return Note{}, fmt.Errorf("notes: note %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Note{}, classify("read note", err)
	}
	return n, nil
}

// NotesForBrief implements Store.
func (s *SQLiteStore) NotesForBrief(ctx context.Context, owner, briefID string) ([]Note, error) {
	return s.queryNotes(ctx, "read notes", `SELECT `+noteColumns+` FROM notes
		WHERE owner=? AND brief_id=? AND deleted=0 ORDER BY section_index, created, id`, owner, briefID)
}

// AllNotes implements Store.
func (s *SQLiteStore) AllNotes(ctx context.Context, owner string) ([]Note, error) {
	return s.queryNotes(ctx, "read notes", `SELECT `+noteColumns+` FROM notes
		WHERE owner=? AND deleted=0 ORDER BY brief_id, section_index, created, id`, owner)
}

// ImportNotes implements Store.
func (s *SQLiteStore) ImportNotes(ctx context.Context, notes []Note) (int, error) {
	for _, n := range notes {
		if err := validate("import", n); err != nil {
			return 0, err
		}
		if n.ID == "" {
			return 0, fmt.Errorf("notes: import: a note without an ID (brief %s)", n.BriefID)
		}
	}
	added := 0
	err := s.write(ctx, "import notes", func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT OR IGNORE`+insertNote[len("INSERT"):])
		if err != nil {
			return err
		}
		defer stmt.Close()
		added = 0
		for _, n := range notes {
			if n.Created.IsZero() {
				n.Created = s.now().UTC()
			}
			if n.Updated.IsZero() {
				n.Updated = n.Created
			}
			res, err := stmt.ExecContext(ctx, noteArgs(n)...)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			added += int(k)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// upsertMark runs set (a "col=?, …" list with its args) on the mark of
// (owner, briefID), creating the row first when there is none.
func (s *SQLiteStore) upsertMark(ctx context.Context, op, owner, briefID, set string, args ...any) error {
	if owner == "" || briefID == "" {
		return fmt.Errorf("notes: %s: owner and brief ID are required", op)
	}
	now := s.now().UnixNano()
	return s.write(ctx, op, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO marks (owner, brief_id, created, updated)
			VALUES (?,?,?,?)`, owner, briefID, now, now); err != nil {
			return err
		}
		a := append(append([]any{}, args...), now, owner, briefID)
		_, err := tx.ExecContext(ctx, `UPDATE marks SET `+set+`, updated=? WHERE owner=? AND brief_id=?`, a...)
		return err
	})
}

// SetStarred implements Store.
func (s *SQLiteStore) SetStarred(ctx context.Context, owner, briefID string, starred bool) error {
	return s.upsertMark(ctx, "star brief", owner, briefID, "starred=?", starred)
}

// SetPosition implements Store.
func (s *SQLiteStore) SetPosition(ctx context.Context, owner, briefID string, pos int) error {
	return s.upsertMark(ctx, "save position", owner, briefID, "position=?", pos)
}

// SetUnread implements Store.
func (s *SQLiteStore) SetUnread(ctx context.Context, owner, briefID string) error {
	return s.upsertMark(ctx, "mark unread", owner, briefID, "read_at=0, read_sections=''")
}

// MarkRead implements Store.
func (s *SQLiteStore) MarkRead(ctx context.Context, owner, briefID string, sections ...int) error {
	if owner == "" || briefID == "" {
		return errors.New("notes: mark read: owner and brief ID are required")
	}
	now := s.now().UnixNano()
	return s.write(ctx, "mark read", func(tx *sql.Tx) error {
		var readAt int64
		var secs string
		err := tx.QueryRowContext(ctx, `SELECT read_at, read_sections FROM marks WHERE owner=? AND brief_id=?`,
			owner, briefID).Scan(&readAt, &secs)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if readAt == 0 {
			readAt = now
		}
		merged := formatSections(mergeSections(parseSections(secs), sections))
		_, err = tx.ExecContext(ctx, `INSERT INTO marks (owner, brief_id, read_at, read_sections, created, updated)
			VALUES (?,?,?,?,?,?) ON CONFLICT (owner, brief_id) DO UPDATE SET
			read_at=excluded.read_at, read_sections=excluded.read_sections, updated=excluded.updated`,
			owner, briefID, readAt, merged, now, now)
		return err
	})
}

func parseSections(s string) []int {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		if i, err := strconv.Atoi(f); err == nil {
			out = append(out, i)
		}
	}
	return out
}

func mergeSections(a, b []int) []int {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

func formatSections(s []int) string {
	f := make([]string, len(s))
	for i, v := range s {
		f[i] = strconv.Itoa(v)
	}
	return strings.Join(f, ",")
}

const markColumns = `owner, brief_id, starred, read_at, read_sections, position, created, updated`

func scanMark(r scanner) (Mark, error) {
	var m Mark
	var readAt, created, updated int64
	var secs string
	err := r.Scan(&m.Owner, &m.BriefID, &m.Starred, &readAt, &secs, &m.Position, &created, &updated)
	m.ReadAt, m.Created, m.Updated = fromNanos(readAt), fromNanos(created), fromNanos(updated)
	m.ReadSections = parseSections(secs)
	return m, err
}

// MarksForBrief implements Store.
func (s *SQLiteStore) MarksForBrief(ctx context.Context, owner, briefID string) (Mark, error) {
	m, err := scanMark(s.queryRow(ctx,
		`SELECT `+markColumns+` FROM marks WHERE owner=? AND brief_id=?`, owner, briefID))
	if errors.Is(err, sql.ErrNoRows) {
		return Mark{Owner: owner, BriefID: briefID}, nil
	}
	if err != nil {
		return Mark{}, classify("read marks", err)
	}
	return m, nil
}

// AllMarks implements Store.
func (s *SQLiteStore) AllMarks(ctx context.Context, owner string) ([]Mark, error) {
	rows, err := s.query(ctx, `SELECT `+markColumns+` FROM marks WHERE owner=? ORDER BY brief_id`, owner)
	if err != nil {
		return nil, classify("read marks", err)
	}
	defer rows.Close()
	var out []Mark
	for rows.Next() {
		m, err := scanMark(rows)
		if err != nil {
			return nil, classify("read marks", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, classify("read marks", err)
	}
	return out, nil
}

// Snapshot implements Store. Note counts come from the trigger-kept
// note_counts table, so it costs one row per brief, not one per note.
func (s *SQLiteStore) Snapshot(ctx context.Context, owner string) (*Marks, error) {
	marks, err := s.AllMarks(ctx, owner)
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT brief_id, notes, highlights FROM note_counts
		WHERE owner=? AND (notes > 0 OR highlights > 0)`, owner)
	if err != nil {
		return nil, classify("count notes", err)
	}
	defer rows.Close()
	var counts []NoteCount
	for rows.Next() {
		var c NoteCount
		if err := rows.Scan(&c.BriefID, &c.Notes, &c.Highlights); err != nil {
			return nil, classify("count notes", err)
		}
		counts = append(counts, c)
	}
	if err := rows.Err(); err != nil {
		return nil, classify("count notes", err)
	}
	return NewMarks(marks, counts), nil
}

// SaveDraft implements Store.
func (s *SQLiteStore) SaveDraft(ctx context.Context, d Draft) error {
	if d.Note.Owner == "" || d.Note.BriefID == "" {
		return errors.New("notes: save draft: owner and brief ID are required")
	}
	body, err := marshalNote(d.Note)
	if err != nil {
		return fmt.Errorf("notes: save draft: %w", err)
	}
	now := s.now().UnixNano()
	return s.write(ctx, "save draft", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO drafts (owner, brief_id, note, created, updated)
			VALUES (?,?,?,?,?) ON CONFLICT (owner, brief_id) DO UPDATE SET
			note=excluded.note, updated=excluded.updated`, d.Note.Owner, d.Note.BriefID, body, now, now)
		return err
	})
}

// LoadDraft implements Store.
func (s *SQLiteStore) LoadDraft(ctx context.Context, owner, briefID string) (Draft, bool, error) {
	var body string
	var updated int64
	err := s.queryRow(ctx, `SELECT note, updated FROM drafts WHERE owner=? AND brief_id=?`,
		owner, briefID).Scan(&body, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Draft{}, false, nil
	}
	if err != nil {
		return Draft{}, false, classify("read draft", err)
	}
	n, err := unmarshalNote(body)
	if err != nil {
		return Draft{}, false, fmt.Errorf("notes: read draft: %w", err)
	}
	return Draft{Note: n, Updated: fromNanos(updated)}, true, nil
}

// DeleteDraft implements Store.
func (s *SQLiteStore) DeleteDraft(ctx context.Context, owner, briefID string) error {
	return s.write(ctx, "delete draft", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE owner=? AND brief_id=?`, owner, briefID)
		return err
	})
}

// BriefIDByHash implements Store. With several candidates the most recently
// updated note wins.
func (s *SQLiteStore) BriefIDByHash(ctx context.Context, owner, hash string) (string, bool, error) {
	if hash == "" {
		return "", false, nil
	}
	var id string
	err := s.queryRow(ctx, `SELECT brief_id FROM notes WHERE owner=? AND brief_hash=?
		ORDER BY updated DESC LIMIT 1`, owner, hash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, classify("find brief by hash", err)
	}
	return id, true, nil
}

// UpdateBriefHash implements Store. Call it when a loaded brief's hash
// differs from its notes' BriefHash; it writes nothing otherwise.
func (s *SQLiteStore) UpdateBriefHash(ctx context.Context, owner, briefID, hash string) error {
	return s.write(ctx, "record brief hash", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE notes SET brief_hash=? WHERE owner=? AND brief_id=? AND brief_hash<>?`,
			hash, owner, briefID, hash)
		return err
	})
}

// RenameBrief implements Store. When the new ID already has a mark (the
// moved brief was opened before the move was found) the two are merged:
// starred if either was, read if either was, the new position unless unset.
// A draft under the new ID wins over the old one, which is kept, not deleted.
func (s *SQLiteStore) RenameBrief(ctx context.Context, owner, oldID, newID string) (int, error) {
	if oldID == "" || newID == "" || oldID == newID {
		return 0, nil
	}
	// ownerCond matches everyone when owner is empty.
	ownerCond, args := "(?='' OR owner=?)", []any{owner, owner}
	moved := 0
	err := s.write(ctx, "rename brief", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notes SET brief_id=? WHERE brief_id=? AND `+ownerCond,
			append([]any{newID, oldID}, args...)...)
		if err != nil {
			return err
		}
		k, _ := res.RowsAffected()
		moved = int(k)
		if _, err := tx.ExecContext(ctx, `UPDATE marks AS n SET
				starred = max(n.starred, o.starred),
				read_at = CASE WHEN n.read_at=0 THEN o.read_at ELSE n.read_at END,
				read_sections = CASE WHEN n.read_sections='' THEN o.read_sections ELSE n.read_sections END,
				position = CASE WHEN n.position=0 THEN o.position ELSE n.position END
			FROM marks AS o WHERE o.owner=n.owner AND o.brief_id=? AND n.brief_id=? AND (?='' OR n.owner=?)`,
			append([]any{oldID, newID}, args...)...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM marks WHERE brief_id=? AND `+ownerCond+`
			AND EXISTS (SELECT 1 FROM marks AS n WHERE n.owner=marks.owner AND n.brief_id=?)`,
			append(append([]any{oldID}, args...), newID)...); err != nil {
			return err
		}
		for _, table := range []string{"marks", "drafts"} {
			if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE `+table+` SET brief_id=? WHERE brief_id=? AND `+ownerCond,
				append([]any{newID, oldID}, args...)...); err != nil {
				return err
			}
		}
		return nil
	})
	return moved, err
}

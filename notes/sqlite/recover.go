package sqlite

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/briefing-dev/briefing/notes"
	sqlitelib "modernc.org/sqlite/lib"
)

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
func (s *Store) check(ctx context.Context, o openOptions) error {
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
		return fmt.Errorf("%w: %s", notes.ErrCorrupt, strings.Join(problems, "; "))
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
			notes.ErrCorrupt, fi.Size(), pages, pageSize)
	}
	return false, nil
}

// asCorrupt marks SQLite's "malformed" and "not a database" errors.
func asCorrupt(err error) error {
	switch code(err) {
	case sqlitelib.SQLITE_CORRUPT, sqlitelib.SQLITE_NOTADB:
		return fmt.Errorf("%w: %w", notes.ErrCorrupt, err)
	}
	return err
}

// IntegrityCheck runs the full PRAGMA integrity_check and returns nil when
// it says ok.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var r string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&r); err != nil {
		return classify("integrity check", err)
	}
	if r != "ok" {
		return fmt.Errorf("%w: %s", notes.ErrCorrupt, r)
	}
	return nil
}

func moveAside(path string, cause error) *notes.CorruptError {
	ce := &notes.CorruptError{Path: path, Err: cause}
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

// Package migrations reads a store's schema steps: numbered .sql files in
// an (embedded) folder. The SQLite notes store and every part kept in
// PostgreSQL load their steps with it; each applies them in its own way
// (PRAGMA user_version, or a version table under an advisory lock). It
// depends on the standard library alone, so the SQLite store can use it
// without linking a PostgreSQL driver.
package migrations

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// Step is one step of a schema.
type Step struct {
	Version int    // the version the step leaves behind: 1, 2, 3…
	Name    string // the file name, for errors
	SQL     string
}

// Load reads the .sql files of dir in fsys, named NNNN_what.sql, in name
// order, and checks they are numbered 1, 2, 3… with no gap or repeat: a
// misnamed file stops the start instead of being skipped or run twice.
// Files of other extensions (a README) are left alone.
func Load(fsys fs.FS, dir string) ([]Step, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Step
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 4 {
			return nil, fmt.Errorf("migration %s is not named NNNN_what.sql", e.Name())
		}
		if want := len(out) + 1; v != want {
			return nil, fmt.Errorf("migration %s has number %d where %d was expected", e.Name(), v, want)
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, Step{Version: v, Name: e.Name(), SQL: string(b)})
	}
	if len(out) == 0 {
		return nil, errors.New("no migrations in " + dir)
	}
	return out, nil
}

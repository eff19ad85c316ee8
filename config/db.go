package config

import (
	"errors"
	"net/url"
	"strings"
)

// CheckDB says what is wrong with a db setting (the --db flag, BRIEFING_DB
// or the file's db), or returns nil. It takes "" (the SQLite file in the
// data folder), a postgres:// or postgresql:// URL, sqlite:PATH, or a
// path to a SQLite file; any other scheme:// is a mistake, not a file name.
func CheckDB(s string) error {
	switch {
	case s == "":
		return nil
	case strings.HasPrefix(s, "postgres://"), strings.HasPrefix(s, "postgresql://"):
		u, err := url.Parse(s)
		if err != nil {
			// url's error quotes the URL, password and all.
			return errors.New("not a valid postgres:// URL")
		}
		if u.Host == "" && u.Query().Get("host") == "" {
			return errors.New("a postgres:// URL needs a host (postgres://user@host/db)")
		}
		return nil
	case strings.HasPrefix(s, "sqlite:"):
		if strings.TrimPrefix(strings.TrimPrefix(s, "sqlite:"), "//") == "" {
			return errors.New("sqlite: needs a file's path (sqlite:PATH)")
		}
		return nil
	case strings.Contains(s, "://"):
		return errors.New("want postgres://…, sqlite:PATH or a SQLite file's path")
	}
	return nil
}

// expandDB expands a leading ~ of a SQLite path (also after sqlite:); a
// URL is left as it is.
func expandDB(s string) string {
	if rest, ok := strings.CutPrefix(s, "sqlite:"); ok {
		return "sqlite:" + expandHome(rest)
	}
	if strings.Contains(s, "://") {
		return s
	}
	return expandHome(s)
}

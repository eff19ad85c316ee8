package notes

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// The query history is a small text file in the data folder (HistoryPath):
// one query a line, oldest first, so that the query bar's up key recalls
// the queries of earlier runs. It is a convenience: whatever is in the file
// is cleaned on the way in, and a file that cannot be read is reported,
// never fatal.

// MaxQueryHistory is how many queries the history keeps, the newest.
const MaxQueryHistory = 100

// maxHistoryRead bounds how much of the file is read: 100 queries take a
// few kilobytes; a file grown past this by something else is cut, not
// read whole into memory.
const maxHistoryRead = 1 << 20

// maxHistoryQuery is the longest query kept, in bytes; a longer line is
// not a query the bar made and is dropped.
const maxHistoryQuery = 4096

// CleanQuery is q as the history keeps it: valid UTF-8, tabs as spaces,
// without control characters (C0, C1, DEL), bidi controls or line and
// paragraph separators, trimmed. Nothing from the file can then move the
// cursor or break the file's one-query-a-line form.
func CleanQuery(q string) string {
	q = strings.ToValidUTF8(q, "")
	q = strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r),
			unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r):
			return -1
		}
		return r
	}, q)
	return strings.TrimSpace(q)
}

// ReadQueryHistory returns the queries kept at path, oldest first: cleaned
// (CleanQuery), without blank lines or lines too long to be a query, and
// the newest MaxQueryHistory of them. A file that does not exist is an
// empty history, not an error.
func ReadQueryHistory(path string) ([]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("query history: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxHistoryRead))
	if err != nil {
		return nil, fmt.Errorf("query history: %w", err)
	}
	var qs []string
	for line := range strings.SplitSeq(string(data), "\n") {
		if len(line) > maxHistoryQuery {
			continue
		}
		if q := CleanQuery(line); q != "" {
			qs = append(qs, q)
		}
	}
	if len(qs) > MaxQueryHistory {
		qs = qs[len(qs)-MaxQueryHistory:]
	}
	return qs, nil
}

// AppendQueryHistory adds q to the history at path, unless it is blank or
// the newest already, keeping the newest MaxQueryHistory. The file is read
// again first, so that two readers open at once keep each other's
// queries, and replaced atomically (a new file renamed over it): a crash
// leaves the old history or the new one, never half of one. A file that
// exists but cannot be read is left as it is, and the error returned.
func AppendQueryHistory(path, q string) error {
	q = CleanQuery(q)
	if q == "" || len(q) > maxHistoryQuery {
		return nil
	}
	qs, err := ReadQueryHistory(path)
	if err != nil {
		return err
	}
	if len(qs) > 0 && qs[len(qs)-1] == q {
		return nil
	}
	qs = append(qs, q)
	if len(qs) > MaxQueryHistory {
		qs = qs[len(qs)-MaxQueryHistory:]
	}
	if err := writeAtomic(path, []byte(strings.Join(qs, "\n")+"\n")); err != nil {
		return fmt.Errorf("query history: %w", err)
	}
	return nil
}

// writeAtomic writes data to a new file beside path (mode 0600: queries
// are the reader's own) and renames it over path.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

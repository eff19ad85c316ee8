package notes

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestHistoryPath(t *testing.T) {
	if got, want := HistoryPath("/srv/data"), "/srv/data/query_history"; got != want {
		t.Fatalf("HistoryPath = %q, want %q", got, want)
	}
	t.Setenv("XDG_DATA_HOME", "/x/data")
	if got, want := HistoryPath(""), "/x/data/briefing/query_history"; got != want {
		t.Fatalf("HistoryPath = %q, want %q", got, want)
	}
}

// Appending keeps the newest 100 queries, oldest first, skips a blank
// query and a repeat of the newest, creates the data folder, and leaves no
// temporary file behind.
func TestAppendQueryHistory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "data")
	path := filepath.Join(dir, "query_history")
	if qs, err := ReadQueryHistory(path); err != nil || qs != nil {
		t.Fatalf("missing file: %v, %v", qs, err)
	}
	for i := range 105 {
		if err := AppendQueryHistory(path, fmt.Sprintf("query %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"query 104", "  ", "\x1b"} {
		if err := AppendQueryHistory(path, q); err != nil {
			t.Fatal(err)
		}
	}
	qs, err := ReadQueryHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != MaxQueryHistory || qs[0] != "query 5" || qs[99] != "query 104" {
		t.Fatalf("kept %d: %q … %q", len(qs), qs[0], qs[len(qs)-1])
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("files left in the data folder: %v", entries)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
}

// Whatever the file holds, what comes out is one clean query per line:
// no control characters, no bidi overrides, no invalid UTF-8, no line too
// long to be a query; and what goes in is cleaned the same way.
func TestQueryHistoryCleaned(t *testing.T) {
	path := filepath.Join(t.TempDir(), "query_history")
	junk := "water\x1b[2J\x07\r\n\x00\x00\xff\xfe\n\u202etolls\u202c\ttag:port\n" +
		strings.Repeat("x", 5000) + "\n\u2028\n\x9b31m\n"
	if err := os.WriteFile(path, []byte(junk), 0o600); err != nil {
		t.Fatal(err)
	}
	qs, err := ReadQueryHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"water[2J", "tolls tag:port", "31m"}; !slices.Equal(qs, want) {
		t.Fatalf("read %q, want %q", qs, want)
	}
	if err := AppendQueryHistory(path, "dredge\x1b]8;;http://x\x07 now\n"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if got, want := string(data), "water[2J\ntolls tag:port\n31m\ndredge]8;;http://x now\n"; got != want {
		t.Fatalf("file %q, want %q", got, want)
	}
}

// A history that cannot be read is an error to report, and is left as it
// is: appending does not replace it.
func TestQueryHistoryUnreadable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "query_history")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadQueryHistory(path); err == nil {
		t.Fatal("a folder read as a history")
	}
	if err := AppendQueryHistory(path, "water"); err == nil {
		t.Fatal("appended over a folder")
	}
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		t.Fatalf("the folder was replaced: %v %v", fi, err)
	}
}

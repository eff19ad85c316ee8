package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A PATH that does not exist is a warning like a bad file: the other PATHs
// are still listed, and the exit code is 3 (partial), not 0 and not 1. When
// no PATH exists there is nothing to show: exit 1, one line.
func TestMissingPathIsAWarning(t *testing.T) {
	t.Parallel()
	dir := corpus(t)
	missing := filepath.Join(t.TempDir(), "nonexistent")
	for _, args := range [][]string{
		{"list", dir, missing},
		{"list", "--json", missing, dir},
		{"search", "harbour", missing, dir},
		{"digest", "--section", "why", dir, missing},
		{"parse", dir, missing},
	} {
		r := runBin(t, nil, args...)
		if r.code != exitPartial {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, r.code, exitPartial, r.stderr)
		}
		if !strings.Contains(r.stdout, "port") && !strings.Contains(r.stdout, "Port") {
			t.Errorf("%v: the existing folder was not used:\n%s", args, r.stdout)
		}
		if !strings.Contains(r.stderr, "warning: "+missing+": no such file or folder\n") ||
			!strings.Contains(r.stderr, "1 of 2 paths could not be read") {
			t.Errorf("%v: stderr %q", args, r.stderr)
		}
	}
	r := runBin(t, nil, "list", missing)
	if r.code != 1 || r.stdout != "" || r.stderr != "briefing: list: "+missing+": no such file or folder\n" {
		t.Errorf("only a missing path: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// A mistyped command is an unknown command (exit 2) with the nearest one,
// not a missing file; a file of that name still opens.
func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ arg, want string }{
		{"serach", `briefing: unknown command "serach": did you mean "search"?`},
		{"lst", `did you mean "list"?`},
		{"note", `did you mean "notes"?`},
		{"frobnicate", `briefing: unknown command "frobnicate" (commands: parse, show`},
	} {
		r := runBin(t, nil, c.arg)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, "no such file") {
			t.Errorf("%s: exit %d, stderr %q; want %q", c.arg, r.code, r.stderr, c.want)
		}
	}
	r := runBin(t, nil, "help", "serach")
	if r.code != 2 || !strings.Contains(r.stderr, `did you mean "search"?`) {
		t.Errorf("help serach: exit %d, stderr %q", r.code, r.stderr)
	}
	// A word that names a file is that file: the reader says it needs a
	// terminal, not that the command is unknown.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "frobnicate"), portBrief)
	r = runBinIn(t, dir, "frobnicate")
	if strings.Contains(r.stderr, "unknown command") {
		t.Errorf("an existing file was taken for a command: %q", r.stderr)
	}
}

// Search prints no score as 0.00: a query without words has no score ("-").
func TestSearchScoreNeverZero(t *testing.T) {
	t.Parallel()
	dir := searchCorpus(t)
	r := runBin(t, nil, "search", "tag:ports", dir)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "     -  port.md  ") {
		t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
	}
	r = runBin(t, nil, "search", "harbour", "--limit", "0", dir)
	if r.code != 0 || r.stdout == "" || strings.Contains(r.stdout, "0.00 ") {
		t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
	}
	for _, s := range []struct {
		score float64
		want  string
	}{{0, "-"}, {0.001, "<0.01"}, {0.004, "<0.01"}, {0.006, "0.01"}, {2.164, "2.16"}} {
		if got := scoreText(s.score); got != s.want {
			t.Errorf("scoreText(%v) = %q, want %q", s.score, got, s.want)
		}
	}
}

// Commands that only read the notes database never create one: `list
// --data NEWDIR` with is:, `notes list`, `notes rm`.
func TestReadingCommandsCreateNoDatabase(t *testing.T) {
	t.Parallel()
	dir := corpus(t)
	data := filepath.Join(t.TempDir(), "new")
	for _, args := range [][]string{
		{"list", "--data", data, dir},
		{"list", "--data", data, "--query", "is:unread", dir},
		{"search", "--data", data, "is:starred harbour", dir},
		{"notes", "list", "--data", data, "--query", "is:unread"},
		{"notes", "export", "--data", data},
		{"notes", "rm", "--data", data, "0b6f"},
	} {
		r := runBin(t, nil, args...)
		if r.code == 2 {
			t.Errorf("%v: exit 2: %s", args, r.stderr)
		}
		if _, err := os.Stat(data); !os.IsNotExist(err) {
			t.Fatalf("%v created %s (%v)", args, data, err)
		}
	}
	r := runBin(t, nil, "list", "--data", data, "--query", "is:unread", dir)
	if r.code != 0 || strings.Count(r.stdout, "\n") != 2 {
		t.Errorf("is:unread without a database: everything is unread; exit %d\n%s", r.code, r.stdout)
	}
}

// A brief without a date is listed with its file's date as such, and
// --json, list and after:/before: agree: "date" is empty, "modified" is the
// date list shows and the one after: matches.
func TestUndatedBriefShowsItsFileDate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "dated.md"), portBrief)
	undated := filepath.Join(dir, "undated.md")
	writeFile(t, undated, plainBrief)
	mt := time.Date(2025, 11, 3, 12, 0, 0, 0, time.Local)
	if err := os.Chtimes(undated, mt, mt); err != nil {
		t.Fatal(err)
	}

	r := runBin(t, nil, "list", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "\nmodified 2025-11-03  undated.md  Council budget  [why]\n") ||
		!strings.HasPrefix(r.stdout, "2026-03-04           dated.md  Port tariffs rise") {
		t.Errorf("list: exit %d\n%s", r.code, r.stdout)
	}
	var out []jsonListed
	r = runBin(t, nil, "list", "--json", "--query", "after:2025-11-01 before:2025-12", dir)
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 {
		t.Fatalf("list --json: exit %d, %v: %s", r.code, err, r.stdout)
	}
	if len(out) != 1 || out[0].ID != "undated.md" || out[0].Date != "" || out[0].Modified != "2025-11-03" {
		t.Errorf("after:/before: and --json disagree with list: %+v", out)
	}
}

// runBinIn runs the binary with args in the folder dir.
func runBinIn(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	return runCmd(t, cmd)
}

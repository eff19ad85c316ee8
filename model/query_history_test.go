package model

import (
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/notes"
	"github.com/charmbracelet/x/ansi"
)

// typeQuery opens the query bar, clears it, types q and presses enter.
func (h *harness) typeQuery(q string) {
	h.t.Helper()
	h.key("/", "ctrl+u")
	for _, r := range q {
		h.key(string(r))
	}
	h.key("enter")
}

// up presses ↑ in the open query bar and returns what the bar says.
func (h *harness) up() string {
	h.t.Helper()
	h.send(tea.KeyPressMsg{Code: tea.KeyUp})
	return h.m.search.bar.Value()
}

// Queries kept with enter (and left with esc) are recalled with ↑ by the
// next run on the same data folder, newest first, and the recalled query
// filters the list.
func TestQueryHistorySurvivesRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	opts := Options{Library: sortLibrary(), DataDir: dir, QueryHistory: notes.HistoryPath(dir)}
	first := newHarness(t, opts, 80, 24)
	first.typeQuery("source:harbour")
	first.typeQuery("title:03")
	first.key("/", "ctrl+u")
	for _, r := range "estuary" {
		first.key(string(r))
	}
	first.key("esc")

	next := newHarness(t, opts, 80, 24)
	next.key("/")
	for i, want := range []string{"estuary", "title:03", "source:harbour", "source:harbour"} {
		if got := next.up(); got != want {
			t.Fatalf("↑ %d recalls %q, want %q", i+1, got, want)
		}
	}
	if got := ansi.Strip(next.view()); !strings.Contains(got, "6 of 12") {
		t.Fatalf("the recalled query does not filter:\n%s", got)
	}
	// The new run's own queries come after the earlier ones.
	next.key("ctrl+u", "esc")
	next.typeQuery("title:07")
	next.key("/")
	if got := next.up(); got != "title:07" {
		t.Fatalf("newest is %q", got)
	}
	if got := next.up(); got != "estuary" {
		t.Fatalf("then %q", got)
	}
}

// A history file with control sequences in it gives clean queries; one
// that cannot be read is a warning on the status line, the session's own
// history still works, and the file is left alone.
func TestQueryHistoryBroken(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := notes.HistoryPath(dir)
	if err := os.WriteFile(path, []byte("\x1b[31mtolls\x1b[0m\x07\n\x00\xff\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Library: sortLibrary(), DataDir: dir, QueryHistory: path}, 80, 24)
	h.key("/")
	if got := h.up(); got != "[31mtolls[0m" {
		t.Fatalf("recalled %q", got)
	}
	if strings.Contains(h.view(), "\x1b[31mtolls") {
		t.Fatal("a control sequence from the file reached the screen")
	}

	bad := t.TempDir()
	badPath := notes.HistoryPath(bad)
	if err := os.Mkdir(badPath, 0o700); err != nil {
		t.Fatal(err)
	}
	h = newHarness(t, Options{Library: sortLibrary(), DataDir: bad, QueryHistory: badPath}, 80, 24)
	if got := ansi.Strip(h.view()); !strings.Contains(got, "earlier queries not recalled") {
		t.Fatalf("no warning:\n%s", got)
	}
	h.typeQuery("title:05")
	if got := ansi.Strip(h.view()); !strings.Contains(got, "query not kept for the next run") {
		t.Fatalf("no warning on save:\n%s", got)
	}
	h.key("/")
	if got := h.up(); got != "title:05" {
		t.Fatalf("the session's history lost: %q", got)
	}
	if fi, err := os.Stat(badPath); err != nil || !fi.IsDir() {
		t.Fatal("the unreadable history was replaced")
	}
}

// Without a history file (an SSH session) nothing is written.
func TestQueryHistorySessionOnly(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := newHarness(t, Options{Library: sortLibrary(), DataDir: dir}, 80, 24)
	h.typeQuery("title:05")
	if _, err := os.Stat(notes.HistoryPath(dir)); !os.IsNotExist(err) {
		t.Fatalf("a history written without QueryHistory: %v", err)
	}
	h.key("/")
	if got := h.up(); got != "title:05" {
		t.Fatalf("session history %q", got)
	}
}

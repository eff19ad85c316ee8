package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// searchCorpus is corpus plus a brief with an escape sequence in its title
// and a "What happens next" section.
func searchCorpus(t *testing.T) string {
	dir := corpus(t)
	writeFile(t, filepath.Join(dir, "evil.md"), "---\ntitle: \"Harbour \\e[2J*dredge* vote\"\ndate: 2026-03-01\nsource: \"Quay \\e]0;pwned\\aPost\"\n---\n\nLead.\n\n## What happens next\n\nThe harbour dredge starts \x1b[31min May\x1b[0m.\n")
	return dir
}

func TestListCommand(t *testing.T) {
	t.Parallel()
	dir := searchCorpus(t)
	r := runBin(t, nil, "list", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("listed %d lines:\n%s", len(lines), r.stdout)
	}
	// The date column is as wide as "modified YYYY-MM-DD": council.md has
	// no date and is listed with its file's.
	if !strings.Contains(r.stdout, "\n2026-03-04           port.md  Port tariffs rise  [why next]\n") {
		t.Errorf("port brief's line missing:\n%s", r.stdout)
	}
	if strings.ContainsAny(r.stdout, "\x1b\a") {
		t.Errorf("control characters from a brief reached stdout: %q", r.stdout)
	}

	r = runBin(t, nil, "list", "--query", "tag:ports", "--json", dir)
	var out []struct {
		ID       string   `json:"id"`
		Title    string   `json:"title"`
		Date     string   `json:"date"`
		Source   string   `json:"source"`
		Tags     []string `json:"tags"`
		Sections []string `json:"sections"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 {
		t.Fatalf("exit %d, %v: %s", r.code, err, r.stdout)
	}
	if len(out) != 1 || out[0].ID != "port.md" || out[0].Date != "2026-03-04" || out[0].Source != "Harbour Desk" ||
		strings.Join(out[0].Tags, ",") != "trade,ports" || strings.Join(out[0].Sections, ",") != "lead,why_it_matters,what_happens_next" {
		t.Fatalf("list --json: %+v", out)
	}

	// No PATH: the samples.
	r = runBin(t, nil, "list", "--query", "section:next")
	if r.code != 0 || strings.Count(r.stdout, "\n") < 3 {
		t.Fatalf("samples: exit %d\n%s", r.code, r.stdout)
	}
}

func TestSearchCommand(t *testing.T) {
	t.Parallel()
	dir := searchCorpus(t)
	r := runBin(t, nil, "search", "harbour", "--json", dir)
	var hits []struct {
		Score   float64  `json:"score"`
		ID      string   `json:"id"`
		Section int      `json:"section"`
		Snippet string   `json:"snippet"`
		Matches [][2]int `json:"matches"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &hits); err != nil || r.code != 0 {
		t.Fatalf("exit %d, %v: %s", r.code, err, r.stdout)
	}
	if len(hits) != 2 {
		t.Fatalf("%d hits: %s", len(hits), r.stdout)
	}
	for i, h := range hits {
		if h.Score <= 0 || h.Snippet == "" || len(h.Matches) == 0 {
			t.Errorf("hit %d: %+v", i, h)
		}
		if i > 0 && h.Score > hits[i-1].Score {
			t.Errorf("not ranked: %+v", hits)
		}
		for _, m := range h.Matches {
			if got := strings.ToLower(h.Snippet[m[0]:m[1]]); got != "harbour" {
				t.Errorf("match range %v is %q", m, got)
			}
		}
	}

	r = runBin(t, nil, "search", "dredge", "--limit", "1", dir)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 1 || !strings.Contains(lines[0], "evil.md") || !strings.Contains(lines[0], "next: ") {
		t.Fatalf("plain search: exit %d\n%s", r.code, r.stdout)
	}
	if strings.ContainsAny(r.stdout, "\x1b\a") {
		t.Errorf("control characters reached stdout: %q", r.stdout)
	}
}

func TestDigestCommand(t *testing.T) {
	t.Parallel()
	dir := searchCorpus(t)
	r := runBin(t, nil, "digest", "--section", "next", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"## Port tariffs rise\n\n*2026-03-04 · Harbour Desk*\n\nA vote on Tuesday.\n", "The harbour dredge starts"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("digest lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.ContainsAny(r.stdout, "\x1b\a") || strings.Contains(r.stdout, "*dredge*") {
		t.Errorf("digest not clean: %q", r.stdout)
	}
	if strings.Contains(r.stdout, "Council budget") {
		t.Error("a brief without the section is in the digest")
	}

	r = runBin(t, nil, "digest", "--section", "what happens next", "--query", "tariffs", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "Port tariffs rise") || strings.Contains(r.stdout, "dredge") {
		t.Fatalf("digest with a query: exit %d\n%s", r.code, r.stdout)
	}
}

func TestSearchCommandErrors(t *testing.T) {
	t.Parallel()
	dir := searchCorpus(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad query", []string{"search", "wind (farm))", dir}, 2, "briefing: query: col 12: unmatched )"},
		{"bad list query", []string{"list", "--query", `title:"open`, dir}, 2, "briefing: query: col 7: unterminated quote"},
		{"bad digest query", []string{"digest", "--section", "why", "--query", "a OR", dir}, 2, "briefing: query: col 3: OR needs a term after it"},
		{"search without query", []string{"search"}, 2, "briefing: search: no query"},
		{"negative limit", []string{"search", "x", "--limit", "-1"}, 2, "briefing: search: --limit"},
		{"digest without section", []string{"digest", dir}, 2, "briefing: digest: --section is required"},
		{"unknown flag", []string{"list", "--bogus"}, 2, "briefing: "},
		{"missing path", []string{"list", filepath.Join(dir, "nope")}, 1, "briefing: list: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runBin(t, nil, tt.args...)
			if r.code != tt.code || !strings.HasPrefix(r.stderr, tt.want) || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
				t.Fatalf("exit %d (want %d), stderr %q (want %q…), stdout %q", r.code, tt.code, r.stderr, tt.want, r.stdout)
			}
		})
	}
}

func TestSearchCommandsHelp(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"list", "search", "digest"} {
		for _, args := range [][]string{{cmd, "--help"}, {cmd, "-h"}, {"help", cmd}} {
			r := runBin(t, nil, args...)
			if r.code != 0 || !strings.HasPrefix(r.stdout, "Usage: briefing "+cmd) || !strings.Contains(r.stdout, "QUERIES") {
				t.Errorf("%v: exit %d, stdout %q", args, r.code, r.stdout)
			}
		}
	}
	r := runBin(t, nil, "--help")
	for _, want := range []string{"briefing list", "briefing search", "briefing digest"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("usage lacks %q", want)
		}
	}
}

// Global flags before a subcommand, is:/has: from the notes database, and a
// query that starts with a dash.
func TestQueryCLIEdges(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	const sample = "2026-05-14-kestrel-grid-batteries.md"
	if r := runBin(t, nil, "--data", data, "notes", "add", sample, "Check the cavern figure"); r.code != 0 {
		t.Fatalf("--data before notes add: %d %s", r.code, r.stderr)
	}
	r := runBin(t, nil, "--data="+data, "notes", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "Check the cavern figure") {
		t.Fatalf("--data= before notes list: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = runBin(t, nil, "list", "--query", "has:notes", "--data", data)
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, sample) {
		t.Fatalf("list has:notes: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = runBin(t, nil, "--data", data, "search", "is:unread battery")
	if r.code != 0 || !strings.Contains(r.stdout, sample) {
		t.Fatalf("search is:unread: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = runBin(t, nil, "search", "-water grid")
	if r.code != 0 || strings.Contains(r.stdout, "saltmarsh") || !strings.Contains(r.stdout, "kestrel") {
		t.Fatalf("search '-water grid': %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runBin(t, nil, "parse", "--bogus"); r.code != 2 {
		t.Fatalf("an unknown flag must stay a usage error: %d", r.code)
	}
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// searchIn runs `briefing search` in this process and returns its output
// and whether it took the short way.
func searchIn(t *testing.T, args ...string) (string, bool) {
	t.Helper()
	var out, errs bytes.Buffer
	a := &app{stdout: &out, stderr: &errs, getenv: func(string) string { return "" }, termWidth: func() (int, bool) { return 0, false },
		now: aheadClock}
	if code := a.run(append([]string{"search"}, args...)); code != 0 {
		t.Fatalf("search %v: exit %d: %s", args, code, errs.String())
	}
	return out.String() + errs.String(), a.shortWay
}

// aheadClock is the loads' clock in these tests: some seconds ahead, so
// that files written just before a load count as settled (see
// briefs.LoadOptions.Now).
func aheadClock() time.Time { return time.Now().Add(5 * time.Second) }

// The short way of search gives what the long way gives, and takes the
// long way whenever a file changed: edited in place (same size, same
// modification time), added, removed or renamed.
func TestSearchShortWayMatchesLongWay(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	for i := range 30 {
		sub := filepath.Join(dir, fmt.Sprintf("desk-%d", i%3))
		writeFile(t, filepath.Join(sub, fmt.Sprintf("b%02d.md", i)), fmt.Sprintf(
			"---\ntitle: Brief %d on the harbour\ndate: 2026-05-%02d\ntags: [port]\n---\n\n## Why it matters\n\nThe harbour board meets on item %d. Water levels rise.\n\n## What to know\n\nLighthouse %d keeps watch.\n", i, 1+i%28, i, i))
	}
	queries := [][]string{{"harbour"}, {"water", "--json"}, {"lighthouse", "--limit", "3"}, {"section:why board"}, {`"water levels"`}}
	searchIn(t, "--data", data, "harbour", dir) // builds and saves the index
	for _, q := range queries {
		args := append(append([]string{"--data", data}, q...), dir)
		views, _ := filepath.Glob(filepath.Join(data, "cache", "index-*.view"))
		for _, v := range views {
			os.Remove(v)
		}
		want, short := searchIn(t, args...)
		if short {
			t.Fatalf("%v: short way without a view", q)
		}
		out, short := searchIn(t, args...)
		if !short {
			t.Fatalf("%v: long way with nothing changed", q)
		}
		if out != want {
			t.Fatalf("%v: short way printed\n%s\nlong way\n%s", q, out, want)
		}
	}

	// An edit in place that keeps the size and the modification time.
	p := filepath.Join(dir, "desk-1", "b04.md")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(p)
	edited := bytes.Replace(old, []byte("Lighthouse 4 keeps"), []byte("Zeppelinxx 4 keeps"), 1)
	if len(edited) != len(old) {
		t.Fatal("the edit changed the size")
	}
	if err := os.WriteFile(p, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	// After each change the long way answers, and saves what the very
	// next search needs to take the short way to the same answer.
	check := func(what, query, want string, wantShort bool) {
		t.Helper()
		out, short := searchIn(t, "--data", data, query, dir)
		if short != wantShort {
			t.Fatalf("%s: short way %v, want %v", what, short, wantShort)
		}
		if !strings.Contains(out, want) && want != "" || want == "" && out != "" {
			t.Fatalf("%s: search %q printed %q, want %q", what, query, out, want)
		}
		again, short := searchIn(t, "--data", data, query, dir)
		if !short || again != out {
			t.Fatalf("%s: the next search took the short way %v and printed\n%s\nwant\n%s", what, short, again, out)
		}
	}
	check("edit in place", "zeppelinxx", "desk-1/b04.md", false)
	out, _ := searchIn(t, "--data", data, "lighthouse", dir)
	if strings.Contains(out, "desk-1/b04.md") {
		t.Fatalf("the old content is still found:\n%s", out)
	}

	writeFile(t, filepath.Join(dir, "desk-2", "new.md"), "# Quokkaword arrives\n\nA new brief.\n")
	check("added", "quokkaword", "desk-2/new.md", false)
	if err := os.Rename(filepath.Join(dir, "desk-2", "new.md"), filepath.Join(dir, "desk-0", "moved.md")); err != nil {
		t.Fatal(err)
	}
	check("renamed", "quokkaword", "desk-0/moved.md", false)
	if err := os.Remove(filepath.Join(dir, "desk-0", "moved.md")); err != nil {
		t.Fatal(err)
	}
	check("removed", "quokkaword", "", false)
	check("settled", "zeppelinxx", "desk-1/b04.md", true)
}

// A stamp table that cannot be read sends search the long way; the load
// rebuilds the catalog with a warning, and the answer is the same.
func TestSearchCorruptStampTable(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	for i := range 5 {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("b%d.md", i)), fmt.Sprintf("# Brief %d\n\nOn the harbour %d.\n", i, i))
	}
	want, _ := searchIn(t, "--data", data, "harbour", dir)
	searchIn(t, "--data", data, "harbour", dir)
	if _, short := searchIn(t, "--data", data, "harbour", dir); !short {
		t.Fatal("long way with nothing changed")
	}
	cats, _ := filepath.Glob(filepath.Join(data, "cache", "catalog-*"))
	if len(cats) != 1 {
		t.Fatalf("catalogs: %v", cats)
	}
	raw, err := os.ReadFile(cats[0])
	if err != nil {
		t.Fatal(err)
	}
	raw[len(raw)-30] ^= 0xff // inside the stamp table
	if err := os.WriteFile(cats[0], raw, 0o600); err != nil {
		t.Fatal(err)
	}
	out, short := searchIn(t, "--data", data, "harbour", dir)
	if short {
		t.Fatal("short way over a corrupt stamp table")
	}
	if !strings.Contains(out, "warning:") || !strings.Contains(out, "catalog") {
		t.Fatalf("no warning about the catalog:\n%s", out)
	}
	if got := out[strings.Index(out, "\n")+1:]; !strings.HasSuffix(want, got) && !strings.Contains(out, strings.TrimSpace(strings.SplitN(want, "\n", 2)[0])) {
		t.Fatalf("after the rebuild:\n%s\nwant\n%s", out, want)
	}
}

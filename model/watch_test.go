package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
)

// writeBriefFile writes one brief of the library folder.
func writeBriefFile(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const (
	tollsV1 = "---\ndate: 2026-05-19\n---\n# Harbor tolls rise\n\n## Why It Matters\n\nShippers pay more.\n\n## What Happens Next\n\nA vote in June.\n"
	tollsV2 = "---\ndate: 2026-05-19\n---\n# Harbor tolls rise\n\n## Why It Matters\n\nShippers pay a great deal more, and the port says so.\n\n## What Happens Next\n\nA vote in June.\n"
	ferryMD = "---\ndate: 2026-05-07\n---\n# Ferry terminal closes\n\n## What To Know\n\nRepairs take a month.\n"
	tramMD  = "---\ndate: 2026-05-20\n---\n# Tram outage explained\n\n## Why It Matters\n\nA certificate expired.\n"
)

// A change on disk reaches an open session: the open brief shows its new
// text where the reader was, the list gains the new brief in date order,
// a kept query is run again on the updated index, and a deleted open brief
// stays on screen with a word that it is gone.
func TestLibraryChangedOnDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeBriefFile(t, dir, "tolls.md", tollsV1)
	writeBriefFile(t, dir, "ferry.md", ferryMD)
	lib := briefs.Load([]string{dir}, briefs.LoadOptions{})
	h := newHarness(t, Options{Library: lib, Theme: "dark"}, 80, 24)
	if h.m.search.index == nil {
		h.run(h.m.indexCmd())
	}

	// A kept filter that the new brief matches too.
	h.key("/")
	h.typeText("why")
	h.key("enter")
	if s := h.screen(); !strings.Contains(s, "Harbor tolls") || strings.Contains(s, "Ferry") {
		t.Fatalf("filter before the change:\n%s", s)
	}
	h.key("enter") // open the tolls brief
	if b := h.m.OpenBrief(); b == nil || b.ID != "tolls.md" {
		t.Fatalf("open brief %v", b)
	}

	writeBriefFile(t, dir, "tolls.md", tollsV2)
	writeBriefFile(t, dir, "tram.md", tramMD)
	h.send(LibraryChangedMsg{Library: briefs.Load([]string{dir}, briefs.LoadOptions{})})
	if s := h.screen(); !strings.Contains(s, "a great deal more") {
		t.Fatalf("the open brief does not show its new text:\n%s", s)
	}
	if !strings.Contains(h.screen(), "2 briefs changed on disk") {
		t.Errorf("no word of the change:\n%s", h.screen())
	}
	// The new brief is newer and matches the kept filter too: the open one
	// is now second of the filter's two results (not of the library's three).
	if s := h.screen(); !strings.Contains(s, "2/2") || strings.Contains(s, "2/3") {
		t.Errorf("the reader's position did not follow the new brief:\n%s", h.screen())
	}

	// Back to the list (the first esc clears the matches the search left
	// highlighted in the brief).
	for i := 0; i < 3 && h.m.OpenBrief() != nil; i++ {
		h.key("esc")
	}
	s := h.screen()
	if !strings.Contains(s, "Tram outage") || strings.Contains(s, "Ferry") {
		t.Fatalf("the kept filter was not run on the new library:\n%s", s)
	}
	if strings.Index(s, "Tram outage") > strings.Index(s, "Harbor tolls") {
		t.Errorf("the new, newer brief is not listed first:\n%s", s)
	}

	h.key("esc") // clear the filter
	h.key("enter")
	open := h.m.OpenBrief()
	if open == nil {
		t.Fatal("nothing opened")
	}
	if err := os.Remove(open.Path); err != nil {
		t.Fatal(err)
	}
	h.send(LibraryChangedMsg{Library: briefs.Load([]string{dir}, briefs.LoadOptions{})})
	if h.m.OpenBrief() == nil || !strings.Contains(h.screen(), "deleted or renamed on disk") {
		t.Fatalf("a deleted open brief:\n%s", h.screen())
	}
	for i := 0; i < 3 && h.m.OpenBrief() != nil; i++ {
		h.key("esc")
	}
	if strings.Contains(h.screen(), open.Title) {
		t.Errorf("the deleted brief is still listed:\n%s", h.screen())
	}
}

// While the index takes a change brief by brief, the kept query is not run on
// it part of the way through: it runs once, when the index has it all.
func TestKeptQueryWaitsForIndexUpdate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeBriefFile(t, dir, "tolls.md", tollsV1)
	writeBriefFile(t, dir, "ferry.md", ferryMD)
	h := newHarness(t, Options{Library: briefs.Load([]string{dir}, briefs.LoadOptions{}), Theme: "dark"}, 80, 24)
	if h.m.search.index == nil {
		h.run(h.m.indexCmd())
	}
	h.key("/")
	h.typeText("why")
	h.key("enter")

	writeBriefFile(t, dir, "tram.md", tramMD)
	seq := h.m.search.seq
	next, cmd := h.m.Update(LibraryChangedMsg{Library: briefs.Load([]string{dir}, briefs.LoadOptions{})})
	h.m = next.(Model)
	if h.m.search.seq != seq || !h.m.search.updating {
		t.Fatalf("a search started (%d after %d) before the index took the change (updating %v)", h.m.search.seq, seq, h.m.search.updating)
	}
	h.run(cmd)
	if s := h.screen(); !strings.Contains(s, "Tram outage") || !strings.Contains(s, "Harbor tolls") || h.m.search.seq != seq+1 {
		t.Fatalf("after the index update (%d searches):\n%s", h.m.search.seq-seq, s)
	}
}

package model

import (
	"context"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
)

// isRead asks the store, not the session, whether tester read a brief.
func isRead(t *testing.T, h *harness, id string) bool {
	t.Helper()
	mk, err := h.m.notes.store.MarksForBrief(context.Background(), "tester", id)
	if err != nil {
		t.Fatal(err)
	}
	return mk.IsRead()
}

// U opens the next unread brief: from the library, the selection on; from
// the reader, after the open brief; past the end it wraps and says so.
func TestNextUnread(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(5)
	ids := make([]string, lib.Len())
	for i, b := range lib.Briefs() {
		ids[i] = b.ID
	}
	for _, i := range []int{0, 2} {
		if err := store.MarkRead(context.Background(), "tester", ids[i]); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, Options{Library: lib, Theme: "dark", Store: store, Owner: "tester"}, 80, 24)
	open := func() string {
		if b := h.m.OpenBrief(); b != nil {
			return b.ID
		}
		return ""
	}
	h.key("U")
	if open() != ids[1] {
		t.Fatalf("U in the library opened %q, want %q (the first unread)", open(), ids[1])
	}
	h.key("U")
	if open() != ids[3] {
		t.Fatalf("U in the reader opened %q, want %q (skipping a read one)", open(), ids[3])
	}
	h.key("U")
	if open() != ids[4] {
		t.Fatalf("U opened %q, want %q", open(), ids[4])
	}
	h.key("U") // past the end: back to the second, still unread
	if open() != ids[1] || !strings.Contains(h.m.status, "wrapped") {
		t.Fatalf("U at the end opened %q (status %q), want %q and a word of the wrap", open(), h.m.status, ids[1])
	}

	// Within a filter, only its results count.
	h.key("esc", "/")
	h.typeText("title:\"vote 4\" OR title:\"vote 2\"")
	h.key("enter")
	if h.m.library.Len() != 2 {
		t.Fatalf("filter lists %d", h.m.library.Len())
	}
	shown := h.m.library.Briefs() // in the results' order
	h.key("U")
	if open() != shown[0].ID {
		t.Fatalf("U within the filter opened %q, want %q", open(), shown[0].ID)
	}
	h.key("U")
	if open() != shown[1].ID {
		t.Fatalf("U within the filter opened %q, want %q", open(), shown[1].ID)
	}
	h.key("U") // the others are not listed: back to the first
	if open() != shown[0].ID {
		t.Fatalf("U within the filter opened %q, want %q", open(), shown[0].ID)
	}
}

// M marks every listed brief read, once asked twice; briefs outside the
// filter are left alone.
func TestMarkShownRead(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(6)
	h := newHarness(t, Options{Library: lib, Theme: "dark", Store: store, Owner: "tester"}, 80, 24)
	h.key("/")
	h.typeText("title:\"vote 1\" OR title:\"vote 2\" OR title:\"vote 3\"")
	h.key("enter")
	h.key("M")
	if !strings.Contains(h.screen(), "M again: mark 3 briefs read") {
		t.Fatalf("M did not ask:\n%s", h.screen())
	}
	for _, b := range lib.Briefs() {
		if isRead(t, h, b.ID) {
			t.Fatalf("%s marked read on the first M", b.ID)
		}
	}
	h.key("j", "M") // the question is gone: M asks again
	if isRead(t, h, lib.Briefs()[0].ID) {
		t.Fatal("M after another key marked without asking")
	}
	h.key("M")
	for i, b := range lib.Briefs() {
		if got, want := isRead(t, h, b.ID), i < 3; got != want {
			t.Fatalf("%s read %v, want %v", b.ID, got, want)
		}
	}
	if !strings.Contains(h.m.status, "marked 3 briefs read") {
		t.Fatalf("status %q", h.m.status)
	}
	h.key("M")
	if !strings.Contains(h.m.status, "every brief listed is read") {
		t.Fatalf("status %q", h.m.status)
	}
}

// c lists one line per brief: twenty briefs fit on 80x24 (seven do in
// full rows), and every line fits at 80 and 40 columns.
func TestCompactList(t *testing.T) {
	t.Parallel()
	for _, w := range []int{80, 40} {
		h := newHarness(t, Options{Library: fxLibrary(30), Theme: "dark"}, w, 24)
		full := h.m.library.VisibleRows()
		h.key("c")
		if got := h.m.library.VisibleRows(); got < 20 || got <= full {
			t.Fatalf("%d wide: compact shows %d briefs (full rows %d), want at least 20", w, got, full)
		}
		s := h.screen()
		if got := strings.Count(s, "Tidal barrier"); got < 20 {
			t.Fatalf("%d wide: %d titles on screen:\n%s", w, got, s)
		}
		requireFits(t, h.view(), w, 24)
		if w >= 80 && !strings.Contains(s, "2026-02-28") {
			t.Fatalf("no dates in the compact rows:\n%s", s)
		}
		h.key("G")
		if !strings.Contains(h.screen(), "vote 30 ") {
			t.Fatalf("%d wide: G does not show the last brief:\n%s", w, h.screen())
		}
		h.key("c")
		if got := h.m.library.VisibleRows(); got != full {
			t.Fatalf("c again: %d rows, want %d", got, full)
		}
		requireFits(t, h.view(), w, 24)
	}
}

// ctrl+r reads the files again in a session that does not watch them, as
// a change on disk would be taken, and says when nothing changed.
func TestReloadKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeBriefFile(t, dir, "tolls.md", tollsV1)
	h := newHarness(t, Options{Paths: []string{dir}, NoWatch: true, Theme: "dark"}, 80, 24)
	if !strings.Contains(h.screen(), "Harbor tolls") {
		t.Fatalf("not loaded:\n%s", h.screen())
	}
	writeBriefFile(t, dir, "tram.md", tramMD)
	h.key("ctrl+r")
	if s := h.screen(); !strings.Contains(s, "Tram outage") || !strings.Contains(s, "1 brief changed on disk") {
		t.Fatalf("ctrl+r did not take the new file:\n%s", s)
	}
	h.key("ctrl+r")
	if s := h.screen(); !strings.Contains(s, "nothing changed") {
		t.Fatalf("ctrl+r with nothing changed:\n%s", s)
	}

	// A served library is its server's to reload: the key is off.
	served := newHarness(t, Options{Library: briefs.Load([]string{dir}, briefs.LoadOptions{}), Theme: "dark"}, 80, 24)
	served.key("ctrl+r")
	if served.m.triage.reloading || strings.Contains(served.m.status, "reload") {
		t.Fatalf("ctrl+r in a served session: status %q", served.m.status)
	}
}

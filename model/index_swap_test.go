package model

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/search"
)

const (
	keepersMD = "---\ndate: 2026-05-18\n---\n# Lighthouse keepers\n\n## Why It Matters\n\nThe keepers retire.\n"
	ferryV1   = "---\ndate: 2026-05-17\n---\n# Ferry timetable\n\n## Why It Matters\n\nBoats run late.\n"
	ferryV2   = "---\ndate: 2026-05-17\n---\n# Ferry timetable\n\n## Why It Matters\n\nBoats run late; ferrymen strike.\n"
)

// swapHarness is a session over a library on disk whose index was built in
// memory and not saved yet, and the folder and index file it then uses.
func swapHarness(t *testing.T) (h *harness, dir, path string) {
	t.Helper()
	dir = t.TempDir()
	writeBriefFile(t, dir, "keepers.md", keepersMD)
	writeBriefFile(t, dir, "ferry.md", ferryV1)
	h = newHarness(t, Options{Library: briefs.Load([]string{dir}, briefs.LoadOptions{}), Theme: "dark"}, 80, 24)
	if h.m.search.index == nil {
		h.run(h.m.indexCmd())
	}
	// From here the session keeps its index in a file, as a first run
	// does once it has built it.
	path = filepath.Join(t.TempDir(), "cache", "index")
	h.m.opts.IndexPath = path
	return h, dir, path
}

// found lists the IDs the session's index finds for query on its library.
func found(t *testing.T, h *harness, query string) []string {
	t.Helper()
	q, err := search.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := runSearch(q, h.m.search.index, h.m.lib, search.SearchOptions{}, "…")
	ids := make([]string, len(list))
	for i, b := range list {
		ids[i] = b.ID
	}
	return ids
}

// Once saved, the index is opened from its file in place of the one built
// in memory; a search started before the switch still lists its results,
// the same as one after it.
func TestIndexSwappedForItsFileAfterSave(t *testing.T) {
	t.Parallel()
	h, _, path := swapHarness(t)
	built, lib := h.m.search.index, h.m.lib
	h.key("/")
	h.typeText("keepers")
	before := h.screen()
	q, err := search.ParseQuery("keepers")
	if err != nil {
		t.Fatal(err)
	}
	running := h.m.searchCmd(q, true) // on the built index, answered after the switch

	h.send(saveIndexCmd(path, built, lib)())
	if h.m.search.index == nil || h.m.search.index == built {
		t.Fatal("the index built in memory was kept after it was saved")
	}
	if !strings.Contains(before, "Lighthouse keepers") {
		t.Fatalf("before the switch:\n%s", before)
	}
	h.run(running)
	if got := h.screen(); got != before {
		t.Fatalf("a search from before the switch listed:\n%s\nwant:\n%s", got, before)
	}
	h.run(h.m.searchCmd(q, true))
	if got := h.screen(); got != before {
		t.Fatalf("a search after the switch listed:\n%s\nwant:\n%s", got, before)
	}
}

// An edit that arrives while the index is saved is not lost to the switch:
// the saved index takes it, is saved again with it, and only then is the
// file's index swapped in. Both orders: the edit taken before the save
// reports, and still being applied when it does.
func TestIndexSwapAfterEditDuringSave(t *testing.T) {
	t.Parallel()
	for _, applyFirst := range []bool{true, false} {
		name := map[bool]string{true: "applied", false: "applying"}[applyFirst]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h, dir, path := swapHarness(t)
			built, lib := h.m.search.index, h.m.lib
			saved := saveIndexCmd(path, built, lib)() // saved, not yet reported

			writeBriefFile(t, dir, "ferry.md", ferryV2)
			edited := briefs.Load([]string{dir}, briefs.LoadOptions{})
			next, apply := h.m.Update(LibraryChangedMsg{Library: edited})
			h.m = next.(Model)
			if applyFirst {
				h.run(apply)
			}
			h.send(saved)
			if !applyFirst {
				if h.m.search.index != built {
					t.Fatal("the index was swapped for a file without the edit")
				}
				h.run(apply)
			}
			if h.m.search.index == built || h.m.search.updating {
				t.Fatalf("after the edit: swapped %v, updating %v", h.m.search.index != built, h.m.search.updating)
			}
			if got := found(t, h, "ferrymen"); !slices.Equal(got, []string{"ferry.md"}) {
				t.Fatalf("the edit is not found: %q", got)
			}
			if got := found(t, h, "keepers"); !slices.Equal(got, []string{"keepers.md"}) {
				t.Fatalf("keepers: %q", got)
			}
			// The file holds the edit: a next start indexes nothing.
			if _, rep := search.Open(path, edited.Briefs(), search.OpenOptions{}); rep.Changed() {
				t.Fatalf("the file lacks the edit: %+v", rep)
			}
		})
	}
}

package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/search"
	"github.com/briefing-dev/briefing/ui"
	"github.com/charmbracelet/x/ansi"
)

// sortSources are the sources of sortLibrary's briefs, brief i taking
// sortSources[i%4]: two spellings of one source, another, and none.
var sortSources = []string{"The Coastal Ledger", "Harbour Wire", "", "harbour  wire"}

// sortLibrary is 12 briefs, newest first, over three sources (and none)
// and two folders: briefs 1, 4, 7 and 10 in desk/a, the rest in desk/b.
func sortLibrary() *briefs.Library {
	bs := make([]*briefs.Brief, 12)
	for i := range bs {
		b := fxBrief(i + 1)
		b.Source = sortSources[i%4]
		dir := "desk/b"
		if i%3 == 0 {
			dir = "desk/a"
		}
		b.ID = fmt.Sprintf("%s/brief-%02d.md", dir, i+1)
		b.Path = b.ID
		b.Title = fmt.Sprintf("Brief %02d on the estuary", i+1)
		bs[i] = b
	}
	return briefs.NewLibrary(bs, nil)
}

// listed is the numbers (1-12) of the briefs the list shows, in order.
func listed(m Model) []int {
	var out []int
	for _, b := range m.ListComponent().Briefs() {
		var n int
		fmt.Sscanf(b.Title, "Brief %d", &n)
		out = append(out, n)
	}
	return out
}

// headings is the group headings the list has, as "label count".
func headings(m Model) []string {
	var out []string
	for _, g := range m.ListComponent().Groups() {
		out = append(out, fmt.Sprintf("%s %d", g.Label, g.Count))
	}
	return out
}

// S cycles the library through newest first, by source and by folder
// (grouped, headings with counts, newest first within a group) and unread
// first, and back; the title bar names the order and the status bar
// counts the unread briefs.
func TestSortOrders(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: sortLibrary()}, 80, 40)
	all := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	if got := listed(h.m); !slices.Equal(got, all) {
		t.Fatalf("newest first: %v", got)
	}
	screen := ansi.Strip(h.view())
	if !strings.Contains(screen, "newest first") || !strings.Contains(screen, "12 briefs · 12 unread") {
		t.Fatalf("no order or unread count:\n%s", screen)
	}

	h.key("S")
	if got, want := listed(h.m), []int{2, 4, 6, 8, 10, 12, 1, 5, 9, 3, 7, 11}; !slices.Equal(got, want) {
		t.Fatalf("by source: %v, want %v", got, want)
	}
	if got, want := headings(h.m), []string{"Harbour Wire 6", "The Coastal Ledger 3", "no source 3"}; !slices.Equal(got, want) {
		t.Fatalf("source headings %v, want %v", got, want)
	}
	screen = ansi.Strip(h.view())
	if !strings.Contains(screen, "by source") || !strings.Contains(screen, "Harbour Wire · 6") {
		t.Fatalf("by source not shown:\n%s", screen)
	}

	h.key("S")
	if got, want := listed(h.m), []int{1, 4, 7, 10, 2, 3, 5, 6, 8, 9, 11, 12}; !slices.Equal(got, want) {
		t.Fatalf("by folder: %v, want %v", got, want)
	}
	if got, want := headings(h.m), []string{"desk/a/ 4", "desk/b/ 8"}; !slices.Equal(got, want) {
		t.Fatalf("folder headings %v, want %v", got, want)
	}

	// Briefs 1 and 10 read: unread first puts them last, newest first.
	h.key("g", "u", "j", "j", "j", "u") // the list is by folder: 1, 4, 7, 10
	h.key("S")
	h.advance(time.Minute) // "marked read" gives the status bar back
	if got, want := listed(h.m), []int{2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 1, 10}; !slices.Equal(got, want) {
		t.Fatalf("unread first: %v, want %v (1 and 10 read)", got, want)
	}
	screen = ansi.Strip(h.view())
	if !strings.Contains(screen, "unread first") || !strings.Contains(screen, "12 briefs · 10 unread") || headings(h.m) != nil {
		t.Fatalf("unread first not shown, or grouped:\n%s", screen)
	}

	h.key("S")
	if got := listed(h.m); !slices.Equal(got, all) || h.m.SortOrder() != ui.SortNewest {
		t.Fatalf("back to newest first: %v (%v)", got, h.m.SortOrder())
	}
}

// In unread first, a brief marked read moves down among the read ones at
// once, and the selection stays where it was: on the next unread brief.
func TestSortUnreadFollowsMarks(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: sortLibrary()}, 80, 40)
	h.key("S", "S", "S")
	if h.m.SortOrder() != ui.SortUnread {
		t.Fatalf("order %v", h.m.SortOrder())
	}
	h.key("j", "j", "u") // brief 3
	if got, want := listed(h.m), []int{1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 3}; !slices.Equal(got, want) {
		t.Fatalf("after marking 3 read: %v, want %v", got, want)
	}
	if b := h.m.ListComponent().Selected(); b == nil || !strings.HasPrefix(b.Title, "Brief 04") {
		t.Fatalf("selection on %v, want the next unread, Brief 04", b)
	}
}

// Without marks (notes off) unread first would say nothing: S skips it.
func TestSortSkipsUnreadWithoutMarks(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: sortLibrary(), ReadOnly: "anonymous"}, 80, 40)
	var seen []ui.SortOrder
	for range 3 {
		h.key("S")
		seen = append(seen, h.m.SortOrder())
	}
	if want := []ui.SortOrder{ui.SortSource, ui.SortFolder, ui.SortNewest}; !slices.Equal(seen, want) {
		t.Fatalf("orders %v, want %v", seen, want)
	}
	if strings.Contains(ansi.Strip(h.view()), "unread") {
		t.Fatalf("an unread count without marks:\n%s", ansi.Strip(h.view()))
	}
}

// A kept filter keeps working in every order: the same briefs, arranged
// by the order, counted "N of 12".
func TestSortKeepsFilter(t *testing.T) {
	t.Parallel()
	lib := sortLibrary()
	h := newHarness(t, Options{Library: lib, Index: search.NewIndex(lib.Briefs())}, 80, 40)
	h.key("/")
	for _, r := range "source:harbour" {
		h.key(string(r))
	}
	h.key("enter")
	want := map[ui.SortOrder][]int{
		ui.SortNewest: {2, 4, 6, 8, 10, 12},
		ui.SortSource: {2, 4, 6, 8, 10, 12},
		ui.SortFolder: {4, 10, 2, 6, 8, 12},
		ui.SortUnread: {2, 4, 6, 8, 10, 12},
	}
	for range 4 {
		o := h.m.SortOrder()
		if got := listed(h.m); !slices.Equal(got, want[o]) {
			t.Fatalf("%v: %v, want %v", o, got, want[o])
		}
		screen := ansi.Strip(h.view())
		if !strings.Contains(screen, "6 of 12") || !strings.Contains(screen, "/source:harbour") {
			t.Fatalf("%v: filter not shown:\n%s", o, screen)
		}
		if o == ui.SortFolder && !strings.Contains(screen, "desk/b/ · 4") {
			t.Fatalf("folder headings of the results:\n%s", screen)
		}
		h.key("S")
	}
	// A new query while grouped lists its results grouped.
	h.key("S", "S") // by folder
	h.key("/")
	h.key("ctrl+u")
	for _, r := range "estuary" {
		h.key(string(r))
	}
	h.key("enter")
	if got := headings(h.m); !slices.Equal(got, []string{"desk/a/ 4", "desk/b/ 8"}) {
		t.Fatalf("results of a new query: %v", got)
	}
}

// The reader steps through the list in its order, and counts in it.
func TestSortReaderFollowsOrder(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: sortLibrary()}, 80, 40)
	h.key("S", "S", "enter") // by folder: 1, 4, 7 …
	h.key("ctrl+n")
	if b := h.m.OpenBrief(); b == nil || !strings.HasPrefix(b.Title, "Brief 04") {
		t.Fatalf("next brief by folder is %v, want Brief 04", b)
	}
	if top := strings.Split(ansi.Strip(h.view()), "\n")[0]; !strings.HasSuffix(strings.TrimSpace(top), "2/12") {
		t.Fatalf("position: %q", top)
	}
}

// Two served sessions on one library and index each sort for themselves.
func TestSortPerSession(t *testing.T) {
	t.Parallel()
	lib := sortLibrary()
	ix := search.NewIndex(lib.Briefs())
	a := newHarness(t, Options{Library: lib, Index: ix, Owner: "ana"}, 80, 40)
	b := newHarness(t, Options{Library: lib, Index: ix, Owner: "ben"}, 80, 40)
	a.key("S")
	b.key("j")
	if b.m.SortOrder() != ui.SortNewest || !slices.Equal(listed(b.m), []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}) {
		t.Fatalf("ben's list follows ana's order: %v", listed(b.m))
	}
	if !strings.Contains(ansi.Strip(b.view()), "newest first") || !strings.Contains(ansi.Strip(a.view()), "by source") {
		t.Fatal("title bars")
	}
	for i, br := range lib.Briefs() {
		if want := fmt.Sprintf("Brief %02d on the estuary", i+1); br.Title != want {
			t.Fatalf("the shared library was reordered: %d is %q", i, br.Title)
		}
	}
}

// In unread first, the list holds still while a brief is open (ctrl+n
// steps through it as it was) and is put in order when the reader closes,
// the selection on the first unread brief from the one that was open.
func TestSortUnreadHoldsWhileReading(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: sortLibrary()}, 80, 40)
	h.key("S", "S", "S", "enter") // brief 1
	h.key("u")                    // read
	h.key("ctrl+n")
	if b := h.m.OpenBrief(); b == nil || !strings.HasPrefix(b.Title, "Brief 02") {
		t.Fatalf("ctrl+n after marking 1 read opened %v, want Brief 02", b)
	}
	h.key("u", "esc") // 2 read too
	if got, want := listed(h.m), []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2}; !slices.Equal(got, want) {
		t.Fatalf("after the reader closed: %v, want %v", got, want)
	}
	if b := h.m.ListComponent().Selected(); b == nil || !strings.HasPrefix(b.Title, "Brief 03") {
		t.Fatalf("selection on %v, want the next unread, Brief 03", b)
	}
}

package model

import (
	"strings"
	"testing"
)

// TestPasteHugeQuery: a megabyte of "(" pasted into the / bar (one
// bracketed paste) is refused with the length error under the bar, the list
// stays as it was, and the session goes on: the next query narrows the list.
func TestPasteHugeQuery(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("/")
	h.paste(strings.Repeat("(", 1<<20))
	const want = "query longer than 4096 bytes"
	if got := h.m.search.bar.Err(); got != want {
		t.Fatalf("bar error %q, want %q", got, want)
	}
	if !strings.Contains(h.screen(), "^ "+want) { // the error byte scrolled out on the left
		t.Fatalf("the error is not under the bar:\n%s", h.screen())
	}
	if n := h.m.ListComponent().Len(); n != 20 {
		t.Fatalf("listed %d briefs after the refused query, want all 20", n)
	}
	requireFits(t, h.view(), 80, 24)

	h.key("ctrl+u") // the cursor is at the end: this empties the bar
	h.typeText("lighthouse")
	if got := h.m.search.bar.Err(); got != "" {
		t.Fatalf("error stayed after a good query: %q", got)
	}
	if n := h.m.ListComponent().Len(); n != 2 {
		t.Fatalf("listed %d briefs for lighthouse, want 2", n)
	}
}

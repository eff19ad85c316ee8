package ui

import (
	"fmt"
	"slices"
	"testing"
)

// An earlier run's queries go before the session's, cleaned for the
// terminal, the whole kept to the newest maxQueryHistory; a browse under
// way stays on the query it shows.
func TestQueryBarSetHistory(t *testing.T) {
	b := NewQueryBar(StylesForTheme("dark"), DefaultKeyMap(), ScreenQuery, "/")
	b.Remember("mine")
	b.Open("")
	b.Older()
	b.SetHistory([]string{"old \x1b[2Jone", "  ", "old\ntwo"})
	if got, want := b.History(), []string{"old one", "old two", "mine"}; !slices.Equal(got, want) {
		t.Fatalf("history %q, want %q", got, want)
	}
	if b.Value() != "mine" || !b.Older() || b.Value() != "old two" {
		t.Fatalf("browse moved: %q", b.Value())
	}
	var many []string
	for i := range 150 {
		many = append(many, fmt.Sprintf("q%d", i))
	}
	b.SetHistory(many)
	h := b.History()
	if len(h) != maxQueryHistory || h[len(h)-1] != "mine" || h[0] != "q53" {
		t.Fatalf("kept %d: %q … %q", len(h), h[0], h[len(h)-1])
	}
}

package model

import (
	"strings"
	"testing"
)

// The find bar's hint names only keys that work while typing: n and N type
// letters there.
func TestFindHintWhileTyping(t *testing.T) {
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("enter", "/")
	if s := h.screen(); strings.Contains(s, "n/N") || !strings.Contains(s, "esc cancel") {
		t.Fatalf("find bar hint:\n%s", s)
	}
}

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

// ctrl+d and ctrl+u page by half a screen in the library, as the help says,
// and the list scrolls with the selection.
func TestHalfPageInLibrary(t *testing.T) {
	h := newHarness(t, Options{Library: fxLibrary(40), Theme: "dark"}, 80, 24)
	rows := h.m.library.VisibleRows()
	h.key("ctrl+d")
	if got := h.m.library.Index(); got != rows/2 {
		t.Fatalf("ctrl+d: selection at %d, want %d (half of %d rows)", got, rows/2, rows)
	}
	h.key("ctrl+d", "ctrl+d")
	if !strings.Contains(h.screen(), h.m.library.Selected().Title) {
		t.Fatalf("selection %q not on screen:\n%s", h.m.library.Selected().Title, h.screen())
	}
	h.key("ctrl+u")
	if got := h.m.library.Index(); got != 2*(rows/2) {
		t.Fatalf("ctrl+u: selection at %d, want %d", got, 2*(rows/2))
	}
	h.key("?")
	if s := h.screen(); !strings.Contains(s, "ctrl+d") {
		t.Fatalf("help of the library leaves out ctrl+d:\n%s", s)
	}
}

// h on text already highlighted removes that highlight instead of adding a
// copy; h again puts it back.
func TestHighlightToggles(t *testing.T) {
	store := openStore(t, t.TempDir())
	h := newHarness(t, Options{Library: fxLibrary(2), Theme: "notty", Store: store, Owner: "tester"}, 80, 24)
	h.key("enter", "v", "j", "h")
	if list := allNotes(t, store); len(list) != 1 {
		t.Fatalf("first h: %d notes, want 1", len(list))
	}
	h.key("v", "j", "h")
	if list := allNotes(t, store); len(list) != 0 || len(h.m.BriefNotes()) != 0 {
		t.Fatalf("second h on the same paragraph: %d notes, want 0", len(list))
	}
	if !strings.Contains(h.m.status, "highlight removed") {
		t.Fatalf("status %q", h.m.status)
	}
	h.key("v", "j", "h")
	if list := allNotes(t, store); len(list) != 1 {
		t.Fatalf("third h: %d notes, want 1", len(list))
	}
	// Another paragraph is highlighted apart.
	h.key("v", "h")
	if list := allNotes(t, store); len(list) != 2 {
		t.Fatalf("h on another paragraph: %d notes, want 2", len(list))
	}
}

package model

import (
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/search"
	"github.com/briefing-dev/briefing/ui"
	"github.com/charmbracelet/x/ansi"
)

// viewOpts is sortLibrary with its index and two saved views.
func viewOpts() Options {
	lib := sortLibrary()
	return Options{Library: lib, Index: search.NewIndex(lib.Briefs()), Prefs: Prefs{Views: []View{
		{Name: "harbour", Query: "source:harbour"},
		{Name: "ledger", Query: "source:ledger"},
	}}}
}

// V steps through the saved views and back to the whole library; the
// header names the view on.
func TestViewKeyCycles(t *testing.T) {
	t.Parallel()
	h := newHarness(t, viewOpts(), 80, 40)
	steps := []struct {
		header string
		want   []int
	}{
		{"view harbour", []int{2, 4, 6, 8, 10, 12}},
		{"view ledger", []int{1, 5, 9}},
		{"", []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
		{"view harbour", []int{2, 4, 6, 8, 10, 12}},
	}
	for i, s := range steps {
		h.key("V")
		if got := listed(h.m); !slices.Equal(got, s.want) {
			t.Fatalf("step %d: listed %v, want %v", i, got, s.want)
		}
		title := ansi.Strip(strings.SplitN(h.view(), "\n", 2)[0])
		if s.header == "" && strings.Contains(title, "view ") || !strings.Contains(title, s.header) {
			t.Fatalf("step %d: header %q, want %q", i, title, s.header)
		}
	}
	// esc clears the view's filter like any other.
	h.key("esc")
	if got := listed(h.m); len(got) != 12 || strings.Contains(ansi.Strip(h.view()), "view harbour") {
		t.Fatalf("esc left the view on: %v", got)
	}
}

// start_view is on when the library opens, in a served session (the
// library given) and in a local reader (the library loaded) alike.
func TestStartView(t *testing.T) {
	t.Parallel()
	opts := viewOpts()
	opts.StartView = "ledger"
	h := newHarness(t, opts, 80, 40)
	if got := listed(h.m); !slices.Equal(got, []int{1, 5, 9}) {
		t.Fatalf("start view: listed %v", got)
	}
	if !strings.Contains(ansi.Strip(h.view()), "view ledger") {
		t.Fatalf("header does not name the start view:\n%s", ansi.Strip(h.view()))
	}
}

// A start view that reads the marks waits for them rather than failing on
// a session whose notes are still opening.
func TestStartViewWaitsForMarks(t *testing.T) {
	t.Parallel()
	opts := viewOpts()
	opts.Views = append(opts.Views, View{Name: "unread", Query: "is:unread source:ledger"})
	opts.StartView = "unread"
	h := newHarness(t, opts, 80, 40)
	if got := listed(h.m); !slices.Equal(got, []int{1, 5, 9}) {
		t.Fatalf("start view on marks: listed %v\n%s", got, ansi.Strip(h.view()))
	}
}

// With no views, V says where they come from.
func TestViewKeyWithoutViews(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: sortLibrary()}, 80, 40)
	h.key("V")
	if !strings.Contains(ansi.Strip(h.view()), "no saved views") {
		t.Fatalf("V without views said nothing:\n%s", ansi.Strip(h.view()))
	}
}

// The config file's sort is the order the library opens in.
func TestPrefsSortAtStart(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: sortLibrary(), Prefs: Prefs{Sort: ui.SortSource}}, 80, 40)
	if got, want := listed(h.m), []int{2, 4, 6, 8, 10, 12, 1, 5, 9, 3, 7, 11}; !slices.Equal(got, want) {
		t.Fatalf("by source at start: %v, want %v", got, want)
	}
}

// The date format shows in the library, comfortable and compact, and in
// the reader; without one the dates are as before.
func TestPrefsDateFormat(t *testing.T) {
	t.Parallel()
	plain := newHarness(t, Options{Library: fxLibrary(3)}, 80, 40)
	if s := ansi.Strip(plain.view()); !strings.Contains(s, "2026-02-28") {
		t.Fatalf("default date not shown:\n%s", s)
	}
	h := newHarness(t, Options{Library: fxLibrary(3), Prefs: Prefs{DateFormat: "02.01.2006"}}, 80, 40)
	if s := ansi.Strip(h.view()); !strings.Contains(s, "28.02.2026") || strings.Contains(s, "2026-02-28") {
		t.Fatalf("library ignores the date format:\n%s", s)
	}
	h.key("c") // compact
	if s := ansi.Strip(h.view()); !strings.Contains(s, "28.02.2026") {
		t.Fatalf("compact list ignores the date format:\n%s", s)
	}
	h.key("enter")
	if s := ansi.Strip(h.view()); !strings.Contains(s, "28.02.2026") {
		t.Fatalf("reader ignores the date format:\n%s", s)
	}
}

// A glamour style from the config file changes how the reader renders;
// the ascii theme keeps its own.
func TestPrefsGlamourStyle(t *testing.T) {
	t.Parallel()
	style := []byte(`{"h2": {"prefix": "=>> "}}`)
	h := newHarness(t, Options{Library: fxLibrary(2), Theme: "dark", Prefs: Prefs{GlamourStyle: style}}, 80, 40)
	h.key("enter", "]")
	if s := ansi.Strip(h.view()); !strings.Contains(s, "=>> Why it matters") {
		t.Fatalf("the style's h2 prefix is not in the reader:\n%s", s)
	}
	plain := newHarness(t, Options{Library: fxLibrary(2), Theme: "ascii", Prefs: Prefs{GlamourStyle: style}}, 80, 40)
	plain.key("enter", "]")
	if s := ansi.Strip(plain.view()); strings.Contains(s, "=>>") {
		t.Fatalf("the ascii theme took the colour style:\n%s", s)
	}
}

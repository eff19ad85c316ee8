package model

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
)

// The find bar's hint names only keys that work while typing: n and N type
// letters there.
func TestFindHintWhileTyping(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("enter", "/")
	if s := h.screen(); strings.Contains(s, "n/N") || !strings.Contains(s, "esc cancel") {
		t.Fatalf("find bar hint:\n%s", s)
	}
}

// ctrl+d and ctrl+u page by half a screen in the library, as the help says,
// and the list scrolls with the selection.
func TestHalfPageInLibrary(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

// / finds from where the reader is, like less and vim: the first match at
// or below the top of the screen, whatever typing the query scrolled to on
// the way, and it wraps to the first match above with a word that it did.
func TestFindFromCurrentPosition(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("enter", "3") // "What to know", paragraphs about the facts
	top := h.m.Reader().YOffset()
	h.key("/")
	// "t" then "timetable" jumps to the last section; deleting back to
	// "the facts" must search from the top line of section 3 again, not from
	// the timetable.
	h.typeText("timetable")
	if h.m.Reader().Current() != 4 {
		t.Fatalf("timetable: section %d, want 4", h.m.Reader().Current())
	}
	for range len("timetable") {
		h.press(tea.KeyBackspace)
	}
	h.typeText("paragraph")
	h.key("enter")
	r := h.m.Reader()
	if line := r.FindLine(); line < top || line > top+5 {
		t.Fatalf("paragraph: match on line %d (section %d), want the first at or below line %d", line, r.Current(), top)
	}
	if strings.Contains(h.m.status, "wrapped") {
		t.Fatalf("status %q without a wrap", h.m.status)
	}

	// Only the lead speaks of "the vote": from section 3 the find wraps to
	// the top and says so.
	h.key("/")
	h.typeText("vote")
	h.key("enter")
	r = h.m.Reader()
	if cur, _ := r.FindCount(); cur != 1 || r.Current() != 0 {
		t.Fatalf("vote: match %d in section %d, want the first in the lead", cur, r.Current())
	}
	if !strings.Contains(h.m.status, "wrapped to the top") {
		t.Fatalf("no word of the wrap: status %q", h.m.status)
	}

	// esc in the bar puts the reader back where it was.
	h.key("3")
	top = h.m.Reader().YOffset()
	h.key("/")
	h.typeText("timetable")
	h.key("esc")
	if got := h.m.Reader().YOffset(); got != top {
		t.Fatalf("esc in the find bar: top %d, want %d", got, top)
	}
}

// A list query of fields only (title:…) has nothing to find in the text:
// the reader shows no "match 0/0" for it.
func TestFieldQueryShowsNoMatchCounter(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("/")
	h.typeText("title:lighthouse")
	h.key("enter", "enter")
	if h.m.OpenBrief() == nil {
		t.Fatal("no brief open")
	}
	if s := h.screen(); strings.Contains(s, "match ") {
		t.Fatalf("a field query counts matches in the text:\n%s", s)
	}
	if h.m.Reader().Finding() {
		t.Fatal("the reader finds a field query in the text")
	}
	// Words still find: title:lighthouse strike lands on nothing in the
	// body but is counted, as any word is.
	h.key("esc", "/")
	h.typeText(" council")
	h.key("enter", "enter")
	if !strings.Contains(h.screen(), "match 1/") {
		t.Fatalf("a query with words shows no counter:\n%s", h.screen())
	}
}

// Status lines about something that is gone go with it: the word that the
// open brief was deleted leaves with the reader, a count of changes on disk
// does not outlive the next reload, and the review screen's "not in this
// library" goes once the reader types in its filter.
func TestStatusLinesDoNotGoStale(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeBriefFile(t, dir, "tolls.md", tollsV1)
	writeBriefFile(t, dir, "ferry.md", ferryMD)
	load := func() *briefs.Library { return briefs.Load([]string{dir}, briefs.LoadOptions{}) }
	store := openStore(t, t.TempDir())
	h := newHarness(t, Options{Library: load(), Theme: "dark", Store: store, Owner: "tester"}, 80, 24)

	h.key("enter") // tolls, the newer
	if err := os.Remove(filepath.Join(dir, "tolls.md")); err != nil {
		t.Fatal(err)
	}
	h.send(LibraryChangedMsg{Library: load()})
	if !strings.Contains(h.screen(), "deleted or renamed") {
		t.Fatalf("no word that the open brief is gone:\n%s", h.screen())
	}
	h.key("esc")
	if s := h.screen(); h.m.OpenBrief() != nil || strings.Contains(s, "deleted or renamed") {
		t.Fatalf("the library still speaks of the deleted brief:\n%s", s)
	}

	writeBriefFile(t, dir, "tram.md", tramMD)
	h.send(LibraryChangedMsg{Library: load()})
	if !strings.Contains(h.screen(), "1 brief changed on disk") {
		t.Fatalf("no word of the change:\n%s", h.screen())
	}
	h.send(LibraryChangedMsg{Library: load()}) // nothing changed this time
	if s := h.screen(); strings.Contains(s, "changed on disk") {
		t.Fatalf("the last reload's count outlived the next one:\n%s", s)
	}
	writeBriefFile(t, dir, "tolls.md", tollsV1)
	writeBriefFile(t, dir, "ferry.md", tollsV2)
	h.send(LibraryChangedMsg{Library: load()})
	if s := h.screen(); !strings.Contains(s, "2 briefs changed on disk") {
		t.Fatalf("a newer count did not replace the older:\n%s", s)
	}

	if _, err := store.AddNote(context.Background(), notes.Note{
		Owner: "tester", BriefID: "elsewhere/gone.md", Quote: "Gone.", Body: "a note on a brief of another library",
	}); err != nil {
		t.Fatal(err)
	}
	h.key("R", "enter")
	if !strings.Contains(h.screen(), "is not in this library") {
		t.Fatalf("no word that the note's brief is missing:\n%s", h.screen())
	}
	h.key("/")
	h.typeText("brief")
	if s := h.screen(); strings.Contains(s, "is not in this library") {
		t.Fatalf("the review screen keeps the word while filtering:\n%s", s)
	}
}

// The note editor shows the start of the draft again when a resize gives
// it the room: the textarea kept the scroll of its smaller self.
func TestEditorShowsDraftStartAfterResize(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	h := newHarness(t, Options{Library: fxLibrary(2), Theme: "dark", Store: store, Owner: "tester"}, 80, 24)
	h.key("enter", "a")
	h.paste("first line of the draft\nsecond\nthird\nfourth\nfifth")
	if s := h.screen(); strings.Contains(s, "first line of the draft") {
		t.Fatalf("a 3-row editor shows all five lines:\n%s", s)
	}
	for _, size := range [][2]int{{80, 60}, {40, 60}, {100, 60}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		s := h.screen()
		if !strings.Contains(s, "first line") || !strings.Contains(s, "fifth") {
			t.Fatalf("%dx%d: the editor does not show the whole draft:\n%s", size[0], size[1], s)
		}
	}
	// Typing goes on where the cursor was, at the end.
	h.typeText("!")
	if _, v := h.m.EditorOpen(); !strings.HasSuffix(v, "fifth!") {
		t.Fatalf("after the resize the cursor moved: %q", v)
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if s := h.screen(); !strings.Contains(s, "fifth!") {
		t.Fatalf("shrunk again, the cursor's line is not shown:\n%s", s)
	}
}

// Without colour (ascii, notty, NO_COLOR) find marks its matches with
// glyphs, [word] and >word< for the current one, and every line still fits.
func TestFindVisibleWithoutColour(t *testing.T) {
	t.Parallel()
	for _, theme := range []string{"ascii", "notty"} {
		for _, w := range []int{80, 40} {
			h := newHarness(t, Options{Library: searchLibrary(), Theme: theme}, w, 24)
			h.key("enter", "/")
			h.typeText("council")
			h.key("enter")
			s := h.screen()
			if !strings.Contains(s, ">council<") || !strings.Contains(s, "[council]") {
				t.Fatalf("%s at %d: matches not marked:\n%s", theme, w, s)
			}
			requireFits(t, h.view(), w, 24)
			h.key("n")
			if cur, _ := h.m.Reader().FindCount(); cur != 2 {
				t.Fatalf("%s at %d: n went to match %d", theme, w, cur)
			}
			if got := strings.Count(h.screen(), ">council<"); got != 1 {
				t.Fatalf("%s at %d: %d current matches marked:\n%s", theme, w, got, h.screen())
			}
			// The render itself is untouched: paragraph positions hold.
			for _, l := range h.m.Reader().Rendered().Lines {
				if strings.Contains(l, "[council]") {
					t.Fatalf("%s at %d: the marks went into the render", theme, w)
				}
			}
		}
	}
}

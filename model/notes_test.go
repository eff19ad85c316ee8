package model

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
)

// TestMain points the default notes database at a temporary folder: a
// session opens its store in Init, and tests must never touch the user's.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "briefing-model-test")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_DATA_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// paste types text into the editor at once (one autosave tick, not one per rune).
func (h *harness) paste(text string) { h.send(tea.PasteMsg{Content: text}) }

// openStore opens a real SQLite store in a temporary folder.
func openStore(t *testing.T, dir string, opts ...sqlite.Option) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(filepath.Join(dir, "briefing.db"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// draftsOn are tester's drafts on a brief, every window's, newest first.
func draftsOn(t *testing.T, s notes.DraftStore, briefID string) []notes.Draft {
	t.Helper()
	ds, err := s.Drafts(context.Background(), "tester", briefID)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func allNotes(t *testing.T, s notes.Store) []notes.Note {
	t.Helper()
	list, err := s.AllNotes(context.Background(), "tester")
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// marginLines are the body lines that carry glyph g in the two margin columns.
func marginLines(screen, g string) []string {
	var out []string
	for _, l := range strings.Split(screen, "\n") {
		if len(l) >= 2 && strings.Contains(l[:min(len(l), 2)], g) {
			out = append(out, l)
		}
	}
	return out
}

func TestSelectAddNoteMarkerAndReopen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	store := openStore(t, dir)
	lib := fxLibrary(3)
	opts := Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}
	h := newHarness(t, opts, 80, 24)
	h.key("enter", "v")
	if !h.m.Reader().Selecting() {
		t.Fatal("v did not enter select mode")
	}
	if got := marginLines(h.screen(), ">"); len(got) == 0 {
		t.Fatalf("no selection bar:\n%s", h.screen())
	}
	h.key("j", "J") // second paragraph of the lead, extended to the third
	from, to, _ := h.m.Reader().Selection()
	if from != 1 || to != 2 {
		t.Fatalf("selection %d..%d, want 1..2", from, to)
	}
	h.key("a")
	if open, _ := h.m.EditorOpen(); !open {
		t.Fatal("a did not open the editor")
	}
	h.paste("Ask the harbour board")
	h.key("ctrl+s")
	if open, _ := h.m.EditorOpen(); open {
		t.Fatalf("editor still open after ctrl+s:\n%s", h.screen())
	}
	list := allNotes(t, store)
	if len(list) != 1 {
		t.Fatalf("%d notes stored, want 1", len(list))
	}
	n := list[0]
	b := lib.Briefs()[0]
	wantQuote := strings.Join(strings.Split(strings.TrimSpace(b.Sections[0].Body), "\n\n")[1:3], "\n\n")
	if n.Body != "Ask the harbour board" || n.Quote != wantQuote || n.Section.Index != 0 || !strings.HasPrefix(n.Before, "Paragraph 1") && !strings.HasSuffix(strings.TrimSpace(n.Before), "differently.") {
		t.Fatalf("stored %+v\nwant quote %q", n, wantQuote)
	}
	if got := marginLines(h.screen(), "*"); len(got) == 0 {
		t.Fatalf("no note marker after saving:\n%s", h.screen())
	}
	if h.m.Marks().NoteCount(b.ID) != 1 {
		t.Fatal("marks snapshot not refreshed after the save")
	}

	// A new session on the same database finds the note at its paragraph.
	h2 := newHarness(t, opts, 80, 24)
	h2.key("enter")
	if len(h2.m.BriefNotes()) != 1 {
		t.Fatalf("reopened: %d notes", len(h2.m.BriefNotes()))
	}
	marked := marginLines(h2.screen(), "*")
	if len(marked) == 0 || !strings.Contains(strings.Join(marked, " "), "Paragraph 2") {
		t.Fatalf("reopened: marker not at paragraph 2:\n%s", h2.screen())
	}
	// The library shows the note count.
	h2.key("esc")
	if !strings.Contains(h2.screen(), "n1") {
		t.Fatalf("library row without note count:\n%s", h2.screen())
	}
}

func TestHighlightDeleteUndo(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	h := newHarness(t, Options{Library: fxLibrary(2), Theme: "notty", Store: store, Owner: "tester"}, 80, 24)
	h.key("enter", "v", "j", "h")
	list := allNotes(t, store)
	if len(list) != 1 || !list[0].IsHighlight() || !strings.HasPrefix(list[0].Quote, "Paragraph 2 about the vote") {
		t.Fatalf("highlight stored as %+v", list)
	}
	if got := marginLines(h.screen(), "|"); len(got) == 0 {
		t.Fatalf("no highlight marker:\n%s", h.screen())
	}
	h.key("A")
	if !strings.Contains(h.screen(), "Notes (1)") {
		t.Fatalf("panel:\n%s", h.screen())
	}
	h.key("d")
	if len(allNotes(t, store)) != 0 || len(h.m.BriefNotes()) != 0 {
		t.Fatal("d did not delete")
	}
	if !strings.Contains(h.screen(), "press u to undo") {
		t.Fatalf("no undo hint:\n%s", h.screen())
	}
	h.key("u")
	if len(allNotes(t, store)) != 1 || len(h.m.BriefNotes()) != 1 {
		t.Fatal("u did not restore the note")
	}
	// enter in the panel jumps to the note and closes the panel.
	h.key("G", "enter")
	if strings.Contains(h.screen(), "Notes (1)") {
		t.Fatal("enter did not close the panel")
	}
}

func TestStarUnreadReadPosition(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(3)
	opts := Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}
	h := newHarness(t, opts, 80, 24)
	id := lib.Briefs()[0].ID
	if !strings.Contains(h.screen(), "o ") {
		t.Fatalf("no unread mark in the library:\n%s", h.screen())
	}
	h.key("s")
	if !h.m.Marks().IsStarred(id) {
		t.Fatal("s did not star")
	}
	if !strings.Contains(h.screen(), "* o") {
		t.Fatalf("library row without star:\n%s", h.screen())
	}
	h.key("enter")
	if h.m.Marks().IsRead(id) {
		t.Fatal("read before scrolling through")
	}
	h.key("G")
	if !h.m.Marks().IsRead(id) {
		t.Fatal("not read after scrolling to the end")
	}
	h.key("u")
	if h.m.Marks().IsRead(id) {
		t.Fatal("u in the reader did not mark unread")
	}
	h.key("g", "j", "j", "j", "j", "j", "j", "j")
	if h.m.Reader().YOffset() != 7 {
		t.Fatalf("at line %d", h.m.Reader().YOffset())
	}
	h.key("esc")
	h.key("enter")
	if got := h.m.Reader().YOffset(); got != 7 {
		t.Fatalf("reopened at line %d, want 7", got)
	}
	// A new session restores it too.
	h2 := newHarness(t, opts, 80, 24)
	h2.key("enter")
	if got := h2.m.Reader().YOffset(); got != 7 {
		t.Fatalf("new session reopened at line %d, want 7", got)
	}
	h2.key("esc", "u")
	if !h2.m.Marks().IsRead(id) {
		t.Fatal("u in the library did not mark read")
	}
}

// A brief opened from a search lands on the first match even when it has a
// saved reading position; opened from the whole library, it goes back there.
func TestSearchOpenWinsOverSavedPosition(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	opts := Options{Library: fxLibrary(3), Theme: "notty", Store: store, Owner: "tester"}
	h := newHarness(t, opts, 80, 24)
	h.key("/")
	h.typeText("timetable")
	h.key("enter", "enter")
	b := h.m.OpenBrief()
	if b == nil {
		t.Fatal("no brief opened from the results")
	}
	match := h.m.Reader().YOffset()
	if cur, _ := h.m.Reader().FindCount(); cur != 1 || match < 10 {
		t.Fatalf("opened at match %d, line %d: want the first, in the last section", cur, match)
	}
	h.key("g", "j", "j", "j", "j", "j", "j", "j")
	h.key("esc", "esc") // clears the find, leaves the brief at line 7
	if h.m.OpenBrief() != nil || !h.m.filtering() {
		t.Fatal("not back in the search's results")
	}
	h.key("enter")
	if h.m.OpenBrief() == nil || h.m.OpenBrief().ID != b.ID {
		t.Fatal("the same result did not open again")
	}
	if got := h.m.Reader().YOffset(); got != match {
		t.Fatalf("reopened from the search at line %d, want the first match's %d", got, match)
	}
	// Without the search, the saved position comes back.
	h.key("g", "j", "j", "j")
	h.key("esc", "esc", "esc") // the find, the brief (left at line 3), the search
	if h.m.OpenBrief() != nil || h.m.filtering() {
		t.Fatal("esc did not clear the search")
	}
	h.m.library.SelectID(b.ID)
	h.key("enter")
	if got := h.m.Reader().YOffset(); h.m.OpenBrief().ID != b.ID || got != 3 {
		t.Fatalf("reopened %s at line %d, want %s at 3", h.m.OpenBrief().ID, got, b.ID)
	}
}

func TestReadOnlyStoreKeepsText(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rw := openStore(t, dir)
	rw.Close()
	ro := openStore(t, dir, sqlite.WithReadOnly())
	h := newHarness(t, Options{Library: fxLibrary(2), Theme: "notty", Store: ro, Owner: "tester"}, 80, 24)
	h.key("enter", "a")
	h.paste("must not be lost")
	h.key("ctrl+s")
	open, text := h.m.EditorOpen()
	if !open || text != "must not be lost" {
		t.Fatalf("editor open=%v text=%q after a failed save", open, text)
	}
	screen := h.screen()
	if !strings.Contains(screen, "read-only") || !strings.Contains(screen, "retrying in 1s") {
		t.Fatalf("the failure is not explained:\n%s", screen)
	}
	// The save is tried again after a second, then after two more.
	h.advance(time.Second)
	if !strings.Contains(h.screen(), "retrying in 2s") {
		t.Fatalf("no second attempt after a second:\n%s", h.screen())
	}
	// esc asks before throwing the text away; n keeps editing.
	h.key("esc")
	if !strings.Contains(h.screen(), "Discard this note?") {
		t.Fatalf("esc did not ask:\n%s", h.screen())
	}
	h.key("n")
	if open, text := h.m.EditorOpen(); !open || text != "must not be lost" {
		t.Fatal("n did not keep the editor")
	}
}

func TestDraftRestoredAfterCrash(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(2)
	opts := Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}
	h := newHarness(t, opts, 80, 24)
	h.key("enter", "v", "j", "a")
	h.paste("half a thought")
	if ds := draftsOn(t, store, lib.Briefs()[0].ID); len(ds) != 0 {
		t.Fatal("draft saved before typing paused")
	}
	// The autosave tick fires; the session now "crashes": nothing else
	// happens to h.
	h.advance(draftDebounce)
	if ds := draftsOn(t, store, lib.Briefs()[0].ID); len(ds) != 1 || ds[0].Note.Body != "half a thought" {
		t.Fatalf("drafts after autosave: %+v", ds)
	}
	h2 := newHarness(t, opts, 80, 24)
	h2.key("enter", "a")
	if open, text := h2.m.EditorOpen(); !open || text != "half a thought" {
		t.Fatalf("draft not restored: open=%v text=%q", open, text)
	}
	h2.key("ctrl+s")
	list := allNotes(t, store)
	if len(list) != 1 || !strings.HasPrefix(list[0].Quote, "Paragraph 2") {
		t.Fatalf("restored draft saved as %+v (want it on paragraph 2)", list)
	}
	if ds := draftsOn(t, store, lib.Briefs()[0].ID); len(ds) != 0 {
		t.Fatalf("drafts kept after the note was saved: %+v", ds)
	}
}

func TestStoreOpenFailureDisablesNotes(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Library: fxLibrary(2), Theme: "notty", DataDir: file}, 80, 24)
	if !strings.Contains(h.m.NotesStatus(), "notes disabled") || !strings.Contains(h.screen(), "notes disabled") {
		t.Fatalf("status %q, screen:\n%s", h.m.NotesStatus(), h.screen())
	}
	// It stays said after the transient status has cleared.
	h.send(clearStatusMsg{seq: h.m.statusSeq})
	if !strings.Contains(h.screen(), "notes disabled") {
		t.Fatalf("the status bar forgot that notes are off:\n%s", h.screen())
	}
	h.key("enter", "j")
	if h.m.Reader().YOffset() != 1 {
		t.Fatal("the reader does not work without notes")
	}
	h.key("a")
	if open, _ := h.m.EditorOpen(); open {
		t.Fatal("editor opened without a store")
	}
}

func TestCorruptDatabaseMovedAside(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "briefing.db"), []byte(strings.Repeat("not a database ", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Library: fxLibrary(2), Theme: "notty", DataDir: dir}, 120, 24)
	if h.m.Store() == nil || !strings.Contains(h.screen(), "moved aside") {
		t.Fatalf("corrupt file not reported:\n%s", h.screen())
	}
	h.m.Close()
}

func TestPanelAndReviewFit(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(3)
	ctx := context.Background()
	for i, b := range lib.Briefs()[:2] {
		for j := range 3 {
			body := "Note \x1b[31mred\x1b[0m about the vote"
			if j == 2 {
				body = ""
			}
			_, err := store.AddNote(ctx, notes.Note{Owner: "tester", BriefID: b.ID, Body: body,
				Quote:   strings.Split(b.Sections[j].Body, "\n\n")[0],
				Section: notes.Section{Kind: string(b.Sections[j].Kind), Title: b.Sections[j].Title, Index: j}})
			if err != nil {
				t.Fatal(err, i)
			}
		}
	}
	for _, sz := range [][2]int{{80, 24}, {40, 20}} {
		w, hh := sz[0], sz[1]
		h := newHarness(t, Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}, w, hh)
		h.key("enter", "A")
		view := h.m.View().Content
		requireFits(t, view, w, hh)
		if strings.Contains(view, "\x1b[31m") {
			t.Fatalf("%dx%d: note text not sanitised", w, hh)
		}
		if s := h.screen(); !strings.Contains(s, "Notes (3)") || !strings.Contains(s, "Note red about") {
			t.Fatalf("%dx%d panel:\n%s", w, hh, s)
		}
		h.key("esc", "R")
		view = h.m.View().Content
		requireFits(t, view, w, hh)
		s := h.screen()
		if !strings.Contains(s, "Review") || !strings.Contains(s, "6 notes") || !strings.Contains(s, "Why it matters") {
			t.Fatalf("%dx%d review:\n%s", w, hh, s)
		}
		// The filter is the query language: fields about the note's section...
		h.key("/")
		h.paste("section:why")
		h.key("enter")
		if h.m.notes.review.Len() != 2 || !strings.Contains(h.screen(), "2 of 6 notes") {
			t.Fatalf("%dx%d filter section:why: %d shown\n%s", w, hh, h.m.notes.review.Len(), h.screen())
		}
		// ...and its brief.
		h.key("/")
		for range len("section:why") {
			h.send(tea.KeyPressMsg{Code: tea.KeyBackspace})
		}
		h.paste(`title:"vote 2"`)
		h.key("enter")
		if h.m.notes.review.Len() != 3 || !strings.Contains(h.screen(), "3 of 6 notes") {
			t.Fatalf("%dx%d filter: %d shown\n%s", w, hh, h.m.notes.review.Len(), h.screen())
		}
		h.key("j", "enter")
		if b := h.m.OpenBrief(); b == nil || b.ID != lib.Briefs()[1].ID {
			t.Fatalf("enter in review opened %v", b)
		}
	}
}

func TestExportFromReview(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	store := openStore(t, dir)
	lib := fxLibrary(1)
	b := lib.Briefs()[0]
	if _, err := store.AddNote(context.Background(), notes.Note{Owner: "tester", BriefID: b.ID, Body: "export me"}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Library: lib, Theme: "notty", Store: store, Owner: "tester", DataDir: dir}, 200, 24)
	h.key("R", "E")
	matches, _ := filepath.Glob(filepath.Join(dir, "briefing-notes-*.md"))
	if len(matches) != 1 {
		t.Fatalf("export files: %v", matches)
	}
	data, _ := os.ReadFile(matches[0])
	if !strings.Contains(string(data), "export me") || !strings.Contains(string(data), b.Title) {
		t.Fatalf("export:\n%s", data)
	}
	if !strings.Contains(h.screen(), matches[0]) {
		t.Fatalf("path not shown:\n%s", h.screen())
	}
}

func TestQuitInEditorKeepsDraft(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(1)
	h := newHarness(t, Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}, 80, 24)
	h.key("enter", "a")
	// Typed keys, then ctrl+c before the autosave tick (the clock does not
	// move): Close saves what the tick would have.
	h.key("z", "ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}
	if ds := draftsOn(t, store, lib.Briefs()[0].ID); len(ds) != 0 {
		t.Fatal("draft saved before Close: this test no longer shows that Close saves it")
	}
	h.m.Close()
	if ds := draftsOn(t, store, lib.Briefs()[0].ID); len(ds) != 1 || ds[0].Note.Body != "z" {
		t.Fatalf("drafts after quitting: %+v", ds)
	}
}

// A review filter that does not parse as a query shows its error under the
// filter, caret at the position, and says it matches as plain text
// meanwhile; ctrl+u clears the line; one note is "1 note".
func TestReviewFilterError(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(2)
	ctx := context.Background()
	for i, b := range lib.Briefs() {
		body := []string{"Tariffs rise at the port", "Ferry strike called off"}[i]
		if _, err := store.AddNote(ctx, notes.Note{Owner: "tester", BriefID: b.ID, Body: body,
			Section: notes.Section{Kind: string(b.Sections[1].Kind), Title: b.Sections[1].Title, Index: 1}}); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}, 80, 24)
	h.key("R")
	lines := strings.Split(h.screen(), "\n")
	if !strings.Contains(lines[1], "tag:, section:, source:, is:starred") {
		t.Fatalf("the hint does not say the filter is a query:\n%s", h.screen())
	}
	h.key("/")
	h.paste("ferry title:(")
	lines = strings.Split(h.screen(), "\n")
	caret, paren := strings.Index(lines[2], "^"), strings.LastIndex(lines[1], "(")
	if h.m.notes.review.FilterError() == "" || caret < 0 || caret != paren {
		t.Fatalf("no error under the filter, caret at the (:\n%s", h.screen())
	}
	if !strings.Contains(lines[1], "matching as plain text") {
		t.Fatalf("the screen does not say the filter matches as plain text:\n%s", h.screen())
	}
	requireFits(t, h.m.View().Content, 80, 24)
	h.key("enter") // the error stays in sight after editing
	if lines = strings.Split(h.screen(), "\n"); !strings.Contains(lines[2], "^") {
		t.Fatalf("error gone after enter:\n%s", h.screen())
	}
	h.key("/")
	h.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	if f := h.m.notes.review.Filter(); f != "" || h.m.notes.review.FilterError() != "" {
		t.Fatalf("ctrl+u left %q (error %q)", f, h.m.notes.review.FilterError())
	}
	h.paste("ferry")
	h.key("enter")
	s := h.screen()
	if h.m.notes.review.Len() != 1 || !strings.Contains(s, "1 of 2 notes") || strings.Contains(s, "^") || strings.Contains(s, "plain text") {
		t.Fatalf("a good query:\n%s", s)
	}
	// A store with one note says so in the singular.
	one := openStore(t, t.TempDir())
	if _, err := one.AddNote(ctx, notes.Note{Owner: "tester", BriefID: lib.Briefs()[0].ID, Body: "only"}); err != nil {
		t.Fatal(err)
	}
	h = newHarness(t, Options{Library: lib, Theme: "notty", Store: one, Owner: "tester"}, 80, 24)
	h.key("R")
	if head := strings.Split(h.screen(), "\n")[0]; !strings.HasSuffix(strings.TrimSpace(head), "1 note") {
		t.Fatalf("header: %q", head)
	}
}

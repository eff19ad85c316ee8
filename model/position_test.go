package model

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
)

// paragraphAtTop is the index of the paragraph at the top of the reader.
func (h *harness) paragraphAtTop() int {
	h.t.Helper()
	s, ok := h.m.Reader().Spot()
	if !ok {
		h.t.Fatal("no render with paragraphs on screen")
	}
	return s.Paragraph
}

// resize sends a new size and lets the re-render's debounce fire.
func (h *harness) resize(w, ht int) {
	h.t.Helper()
	h.send(tea.WindowSizeMsg{Width: w, Height: ht})
	h.advance(resizeDebounce)
	if h.m.Reader().Rendered().Width != h.m.Reader().Width() {
		h.t.Fatalf("no render at width %d after the resize", h.m.Reader().Width())
	}
}

// Resizing while reading keeps the paragraph at the top of the view: from
// 100 columns to 40 (a render that is not cached, coming in parts, the
// paragraph not in the first) and back to 100 (cached), the same paragraph
// is at the top each time, and back at 100 the view is on the same line.
func TestResizeKeepsTopParagraph(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(3), Theme: "notty"}, 100, 24)
	h.key("enter")
	r := h.m.Reader().Rendered()
	// The third paragraph of "What to know": not the first of its section,
	// and halfway into it.
	want := 3 + 4 + 2
	p := r.Paragraphs[want]
	if p.Section != 2 || p.Last == p.First {
		t.Fatalf("fixture: paragraph %d is %+v; want a paragraph of section 2 over several lines", want, p)
	}
	y := p.First + 1
	h.m.reader.ScrollTo(y)
	if got := h.paragraphAtTop(); got != want {
		t.Fatalf("at line %d the top paragraph is %d, want %d", y, got, want)
	}
	h.resize(40, 24)
	if got := h.paragraphAtTop(); got != want {
		t.Errorf("at 40 columns paragraph %d is at the top (line %d), want %d", got, h.m.Reader().YOffset(), want)
	}
	if first := h.m.Reader().Rendered().Paragraphs[want].First; first < 2*24 {
		t.Errorf("fixture: at 40 columns the paragraph starts at line %d, inside the first part of the render", first)
	}
	h.resize(100, 24)
	if got := h.paragraphAtTop(); got != want {
		t.Errorf("back at 100 columns paragraph %d is at the top, want %d", got, want)
	}
	if got := h.m.Reader().YOffset(); got != y {
		t.Errorf("back at 100 columns at line %d, want %d", got, y)
	}
	if cur := h.m.Reader().Current(); cur != 2 {
		t.Errorf("tab row marks section %d, want 2", cur)
	}
}

// A key pressed while a resize's render comes in parts wins: the reader is
// not pulled back to the paragraph it was on before.
func TestResizeHoldLetsGoOnScroll(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(3), Theme: "notty"}, 100, 24)
	h.key("enter")
	h.m.reader.ScrollTo(h.m.Reader().Rendered().Paragraphs[9].First)
	h.send(tea.WindowSizeMsg{Width: 40, Height: 24})
	h.key("g") // before the render at 40 columns has come
	h.advance(resizeDebounce)
	if y := h.m.Reader().YOffset(); y != 0 {
		t.Errorf("after g and the resize's render the reader is at line %d, want the top", y)
	}
}

// readTo opens the first brief, puts line y at the top and leaves the
// brief, which saves the position; it returns the paragraph at the top.
func (h *harness) readTo(y int) int {
	h.t.Helper()
	h.key("enter")
	h.m.reader.ScrollTo(y)
	top := h.paragraphAtTop()
	h.key("esc")
	return top
}

// A reading position saved at one width reopens on the same paragraph at
// another (another terminal, an SSH reader of another size), and on the
// same line at the width it was saved at. The store is a real SQLite file.
func TestPositionSurvivesWidth(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	opts := Options{Library: fxLibrary(3), Theme: "notty", Store: store, Owner: "tester"}
	h := newHarness(t, opts, 100, 24)
	h.key("enter")
	p := h.m.Reader().Rendered().Paragraphs[9]
	h.key("esc")
	y := p.First + 1 // halfway into a paragraph of "What to know"
	want := h.readTo(y)

	narrow := newHarness(t, opts, 40, 24)
	narrow.key("enter")
	if got := narrow.paragraphAtTop(); got != want {
		t.Errorf("reopened at 40 columns on paragraph %d (line %d), want %d", got, narrow.m.Reader().YOffset(), want)
	}
	narrow.key("esc") // saves it again, from 40 columns

	wide := newHarness(t, opts, 100, 24)
	wide.key("enter")
	if got := wide.paragraphAtTop(); got != want || wide.m.Reader().YOffset() != y {
		t.Errorf("back at 100 columns on paragraph %d, line %d; want %d, line %d", got, wide.m.Reader().YOffset(), want, y)
	}
}

// After the brief is edited (a section and a paragraph added above the
// place, the lead reworded), the position is found by its paragraph's
// text, as notes are.
func TestPositionSurvivesEdit(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(3)
	opts := Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}
	h := newHarness(t, opts, 80, 24)
	h.key("enter")
	b := h.m.OpenBrief()
	p := h.m.Reader().Rendered().Paragraphs[9]
	quote := b.Sections[p.Section].Body[p.Start:p.End]
	h.key("esc")
	h.readTo(p.First)

	edited := *b
	edited.Hash = "edited"
	edited.Sections = append([]briefs.Section{}, b.Sections...)
	edited.Sections[0].Body = "A new first paragraph of the lead.\n\n" + edited.Sections[0].Body
	know := edited.Sections[2]
	know.Body = "An update added at the top of what to know.\n\n" + know.Body
	edited.Sections[2] = know
	edited.Sections = append(edited.Sections[:1], append([]briefs.Section{
		{Kind: briefs.KindOther, Title: "Correction", Body: "An earlier version got the date wrong."}}, edited.Sections[1:]...)...)
	bs := append([]*briefs.Brief{&edited}, lib.Briefs()[1:]...)
	opts.Library = briefs.NewLibrary(bs, nil)

	h2 := newHarness(t, opts, 80, 24)
	h2.key("enter")
	r := h2.m.Reader().Rendered()
	top := r.Paragraphs[h2.paragraphAtTop()]
	if got := edited.Sections[top.Section].Body[top.Start:top.End]; got != quote {
		t.Errorf("reopened the edited brief at %q, want %q", got, quote)
	}
}

// A position saved before positions were anchored (a line, as an old
// database holds it) still reopens at its line.
func TestOldLinePositionStillOpens(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(3)
	if err := store.SetPosition(context.Background(), "tester", lib.Briefs()[0].ID, notes.Position{Line: 7}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}, 80, 24)
	h.key("enter")
	if got := h.m.Reader().YOffset(); got != 7 {
		t.Errorf("an old line position reopened at line %d, want 7", got)
	}
	h.key("j", "esc")
	m, err := store.MarksForBrief(context.Background(), "tester", lib.Briefs()[0].ID)
	if err != nil || m.Position.Line != 8 || !m.Position.Anchored() || !strings.Contains(m.Position.Quote, "Paragraph") {
		t.Errorf("saved again as %+v, %v; want line 8 with its paragraph", m.Position, err)
	}
}

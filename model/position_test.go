package model

import (
	"testing"

	tea "charm.land/bubbletea/v2"
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

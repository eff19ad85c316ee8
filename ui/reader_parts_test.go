package ui

import (
	"fmt"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/search"
)

// partsBrief is fixtureBrief with twelve sections, about four screens at
// 80x24; only section 3's body has "salmon".
func partsBrief() *briefs.Brief {
	b := fixtureBrief(1)
	for i := len(b.Sections); i < 12; i++ {
		b.Sections = append(b.Sections, briefs.Section{Kind: briefs.KindOther, Title: fmt.Sprintf("More %d", i),
			Body: fmt.Sprintf("More words, for section %d.", i)})
	}
	return b
}

// partsRendered is fixtureRendered with its paragraphs: five per section,
// two lines each, and the bytes [10j, 10j+5) of the body as paragraph j's
// source.
func partsRendered(b *briefs.Brief, width int) Rendered {
	r := fixtureRendered(b, width, "notty")
	for s, st := range r.SectionStarts {
		for j := range 5 {
			first := st + 2 + 2*j
			r.Paragraphs = append(r.Paragraphs, Paragraph{Section: s, Start: 10 * j, End: 10*j + 5, First: first, Last: first + 1})
		}
	}
	return r
}

// partOf is the first n lines of r, as a render in parts shows them: the
// sections begun and the paragraphs whole in them.
func partOf(r Rendered, n int) Rendered {
	if n >= len(r.Lines) {
		return r
	}
	p := r
	p.Lines, p.SectionStarts, p.Paragraphs, p.Partial, p.Content = r.Lines[:n], nil, nil, true, ""
	for _, st := range r.SectionStarts {
		if st < n {
			p.SectionStarts = append(p.SectionStarts, st)
		}
	}
	for _, para := range r.Paragraphs {
		if para.Last < n {
			p.Paragraphs = append(p.Paragraphs, para)
		}
	}
	return p
}

// partsReader is a reader of partsBrief at 80x24 with nothing rendered, and
// the whole render it will be shown.
func partsReader(t *testing.T) (Reader, Rendered) {
	b := partsBrief()
	r := NewReader(NewPlainStyles(), DefaultKeyMap())
	r.SetSize(80, 24)
	r.SetBrief(b, 1, 1)
	full := partsRendered(b, r.Width())
	if len(full.Lines) < 4*r.vp.height {
		t.Fatalf("%d lines: the test needs four screens", len(full.Lines))
	}
	return r, full
}

// G while the render comes stays at the bottom of each part, waits for the
// last, and lands at the end; a key pressed after it gives it up.
func TestReaderBottomWhileParts(t *testing.T) {
	r, full := partsReader(t)
	r.SetRendered(partOf(full, 30))
	r, _ = r.Update(press("G"))
	for _, n := range []int{30, 60, len(full.Lines)} {
		if n > 30 {
			r.SetRendered(partOf(full, n))
		}
		if r.YOffset() != n-r.vp.height || r.Awaiting() != (n < len(full.Lines)) {
			t.Fatalf("%d lines: top %d, want %d; awaiting %v", n, r.YOffset(), n-r.vp.height, r.Awaiting())
		}
	}
	if !r.AtBottom() {
		t.Fatal("not at the bottom of the whole render")
	}

	r, full = partsReader(t)
	r, _ = r.Update(press("G")) // before the first part
	r.SetRendered(partOf(full, 30))
	r, _ = r.Update(press("k"))
	y := r.YOffset()
	if r.Awaiting() || y != 30-r.vp.height-1 {
		t.Fatalf("G then k: top %d, awaiting %v", y, r.Awaiting())
	}
	r.SetRendered(full)
	if r.YOffset() != y {
		t.Fatalf("after k the render moved the view from %d to %d", y, r.YOffset())
	}
}

// A section pressed before its part (before any part, even) is landed on
// at its first line once a part can put it at the top.
func TestReaderSectionWhileParts(t *testing.T) {
	r, full := partsReader(t)
	start := full.SectionStarts[6]
	r, _ = r.Update(press("7"))
	if r.Current() != 6 {
		t.Fatalf("the tab row marks %d", r.Current())
	}
	r.SetRendered(partOf(full, 20))
	if r.YOffset() != 0 || !r.Awaiting() {
		t.Fatalf("before its part: top %d, awaiting %v", r.YOffset(), r.Awaiting())
	}
	r.SetRendered(partOf(full, start+3))
	if r.YOffset() != start+3-r.vp.height || !r.Awaiting() || r.Current() != 6 {
		t.Fatalf("its heading come: top %d, awaiting %v, section %d", r.YOffset(), r.Awaiting(), r.Current())
	}
	r.SetRendered(partOf(full, start+r.vp.height))
	if r.YOffset() != start || r.Awaiting() || r.Current() != 6 {
		t.Fatalf("a screen of it: top %d (want %d), awaiting %v, section %d", r.YOffset(), start, r.Awaiting(), r.Current())
	}
	r.SetRendered(full)
	if r.YOffset() != start {
		t.Fatalf("the last part moved the view to %d", r.YOffset())
	}
}

// A room's position and a note's paragraph in a part not come yet land
// when it comes; the pointer is marked then.
func TestReaderSpotAndSourceWhileParts(t *testing.T) {
	r, full := partsReader(t)
	r.SetRendered(partOf(full, 30))
	top := 5*8 + 2 // section 8's third paragraph
	if !r.ShowSpot(8, top, top+1) || r.Pointer() != top+1 || !r.Awaiting() {
		t.Fatalf("spot: pointer %d, awaiting %v", r.Pointer(), r.Awaiting())
	}
	r.SetRendered(full)
	if r.YOffset() != full.Paragraphs[top].First || r.Pointer() != top+1 || r.Current() != 8 {
		t.Fatalf("spot: top %d (want %d), pointer %d, section %d", r.YOffset(), full.Paragraphs[top].First, r.Pointer(), r.Current())
	}

	// The first paragraph of a section comes with its heading, as the
	// presenter who jumped to the section sees it.
	r.ShowSpot(9, 5*9, -1)
	if r.YOffset() != full.SectionStarts[9] || full.Paragraphs[5*9].First == full.SectionStarts[9] {
		t.Fatalf("first paragraph of section 9: top %d, want its heading at %d", r.YOffset(), full.SectionStarts[9])
	}

	r, full = partsReader(t)
	r.SetRendered(partOf(full, 30))
	p := full.Paragraphs[5*9+3]
	r.ShowSource(9, p.Start+1, p.End)
	r.SetRendered(partOf(full, full.SectionStarts[9]+4)) // the section begun, not its paragraph
	r.SetRendered(full)
	if r.YOffset() != p.First-2 || r.Awaiting() {
		t.Fatalf("source: top %d, want %d", r.YOffset(), p.First-2)
	}
}

// A find with no match in the parts come so far lands on the first match
// when its part comes, rather than wrapping.
func TestReaderFindWhileParts(t *testing.T) {
	r, full := partsReader(t)
	r.SetRendered(partOf(full, 30))
	q, err := search.ParseQuery("salmon")
	if err != nil {
		t.Fatal(err)
	}
	if r.SetFindFrom(q, 0) || !r.Awaiting() {
		t.Fatalf("wrapped, or not waiting: %v", r.Awaiting())
	}
	r.SetRendered(full)
	cur, n := r.FindCount()
	line := r.FindLine()
	if cur != 1 || n != 10 || line < r.YOffset() || line >= r.YOffset()+r.vp.height {
		t.Fatalf("match %d of %d on line %d, top %d", cur, n, line, r.YOffset())
	}
}

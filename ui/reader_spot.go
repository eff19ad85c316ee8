package ui

import "math"

// Spot is a place in the reader counted in paragraphs rather than lines, so
// that it holds at any width: the paragraph at the top of the view (the
// paragraph RoomSpot reports as top) and how far into it the view starts.
// A saved reading position and a resize both keep one.
type Spot struct {
	// Paragraph is an index into Rendered.Paragraphs: the same paragraph
	// at every width and theme of one version of a brief.
	Paragraph int
	// Into is the share of the paragraph's lines above the view, in [0, 1).
	Into float64
	// Above is the number of lines on screen above the paragraph's first
	// line (a heading, a gap) when the view starts before it; Into is 0.
	Above int
}

// SpotAt is the spot of line y: the paragraph drawn at or after it
// (ParagraphAt) and where y falls in or above it. ok is false when the
// render has no paragraphs.
func (r Rendered) SpotAt(y int) (Spot, bool) {
	i := r.ParagraphAt(y)
	if i < 0 {
		return Spot{}, false
	}
	p := r.Paragraphs[i]
	s := Spot{Paragraph: i}
	switch {
	case y < p.First:
		s.Above = p.First - y
	case y > p.Last: // under the last paragraph: keep to its end
		s.Into = float64(p.Last-p.First) / float64(p.Last-p.First+1)
	default:
		s.Into = float64(y-p.First) / float64(p.Last-p.First+1)
	}
	return s, true
}

// LineOf is the line that puts s at the top of the view in this render:
// the same share of the paragraph scrolled past at this render's width,
// or as many lines above it as the gap before it holds. ok is false when
// the render does not hold the paragraph (a part that has not come yet).
func (r Rendered) LineOf(s Spot) (int, bool) {
	if s.Paragraph < 0 || s.Paragraph >= len(r.Paragraphs) {
		return 0, false
	}
	p := r.Paragraphs[s.Paragraph]
	if s.Above > 0 {
		// Never into the paragraph before: at another width a heading
		// takes another number of lines.
		gap := p.First
		if s.Paragraph > 0 {
			gap = p.First - r.Paragraphs[s.Paragraph-1].Last - 1
		}
		return p.First - max(0, min(s.Above, gap)), true
	}
	n := p.Last - p.First + 1
	into := s.Into
	if !(into > 0) { // NaN too
		into = 0
	}
	return p.First + max(0, min(int(math.Round(into*float64(n))), n-1)), true
}

// Spot is the reader's place in paragraphs; ok is false until a render
// with paragraphs is shown.
func (r Reader) Spot() (Spot, bool) {
	if r.brief == nil || !r.ready {
		return Spot{}, false
	}
	return r.rendered.SpotAt(r.vp.y)
}

// ShowAt puts spot s at the top of the view (a restored reading position)
// and reports whether it could: false, and the view left alone, while the
// render does not hold the paragraph yet or cannot scroll it to the top
// (a part that ends soon after it). Like a scroll key, it counts as a move.
func (r *Reader) ShowAt(s Spot) bool {
	y, ok := r.spotLine(s)
	if !ok {
		return false
	}
	r.vp.setY(y)
	r.scrolled()
	r.refresh()
	return true
}

// spotLine is LineOf on the render shown, ok only when the view can be put
// there now.
func (r Reader) spotLine(s Spot) (int, bool) {
	if !r.ready {
		return 0, false
	}
	y, ok := r.rendered.LineOf(s)
	if !ok || (r.rendered.Partial && y > r.vp.maxY()) {
		return 0, false
	}
	return y, true
}

// spotHold is the paragraph a reader keeps through a new render of its
// brief at another width or theme (a resize), until the render holds it.
type spotHold struct {
	id, hash string
	spot     Spot
	on       bool
}

// holdSpot is called by SetRendered before it takes rd: when rd is the
// brief on screen at another width or theme, the paragraph at the top is
// held (unless one is held already: a second resize before the first
// landed keeps the first's paragraph). An edited brief holds nothing: its
// paragraphs are counted afresh, and the section is kept instead.
func (r *Reader) holdSpot(rd Rendered) {
	shown := r.rendered
	if !r.ready || rd.ID != shown.ID || rd.Hash != shown.Hash {
		r.spotHold = spotHold{}
		return
	}
	if r.spotHold.on || r.vp.y == 0 || (rd.Width == shown.Width && rd.Theme == shown.Theme) {
		return
	}
	if s, ok := shown.SpotAt(r.vp.y); ok {
		r.spotHold = spotHold{id: rd.ID, hash: rd.Hash, spot: s, on: true}
	}
}

// landSpot puts a held paragraph back at the top once the render on
// screen can show it there, and lets go of it then, or when the whole
// render has come without it.
func (r *Reader) landSpot() {
	h := r.spotHold
	if !h.on || !r.ready {
		return
	}
	if h.id != r.rendered.ID || h.hash != r.rendered.Hash {
		r.spotHold = spotHold{}
		return
	}
	if y, ok := r.spotLine(h.spot); ok {
		r.vp.setY(y)
		r.pinned = -1 // the paragraph's own section, not the start of the one it was in
		r.spotHold = spotHold{}
		r.syncCurrent()
		return
	}
	if !r.rendered.Partial {
		r.spotHold = spotHold{}
	}
}

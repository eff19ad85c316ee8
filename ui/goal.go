package ui

// A render comes in parts (Rendered.Partial): the first screens first,
// then the rest. A jump to a place the render has not reached yet (a
// section, the end, a find match, a note, a room's position, a reading
// position) is kept as the reader's goal and lands when the part that
// holds it comes; until then the view goes as near as the render allows.
// Another scroll key cancels the goal: the reader has moved on.

// goalKind is what a goal waits for.
type goalKind uint8

const (
	goalNone      goalKind = iota
	goalSection            // section sec's first line at the top
	goalBottom             // the end of the brief
	goalSpot               // paragraph para at the top (a room's position); else section sec
	goalSource             // the paragraph of section sec holding bytes [start, end) of its body (a note)
	goalMatch              // the first find match from match from on line after or below
	goalLastMatch          // the last find match of the brief
	goalLine               // line after at the top (a restored reading position)
)

// goal is a place the view was asked to go and has not reached.
type goal struct {
	kind       goalKind
	sec, para  int
	start, end int
	from       int
	after      int // goalMatch: the first line to look from; goalLine: the line
}

// Awaiting reports whether the view waits for a part of the render that
// has not come: the root then asks for the rest of the render at once
// rather than part by part.
func (r Reader) Awaiting() bool { return r.goal.kind != goalNone }

// seek makes g the goal and goes as near it as the render allows.
func (r *Reader) seek(g goal) {
	r.goal, r.moved = g, true
	r.land()
}

// land moves the view to the goal, as near as the render allows. The goal
// is reached, and forgotten, when the view is where it asks, or when the
// render is complete: then it is as near as it will ever be.
func (r *Reader) land() {
	g := r.goal
	if g.kind == goalNone || !r.ready {
		return
	}
	rd := r.rendered
	done := !rd.Partial
	at := func(y int) { // puts line y at the top, or as near as the lines allow
		r.vp.setY(y)
		done = done || r.vp.y == y
	}
	switch g.kind {
	case goalSection:
		if g.sec < len(rd.SectionStarts) {
			at(rd.SectionStarts[g.sec])
		}
	case goalBottom:
		r.vp.setY(r.vp.maxY())
	case goalLine:
		at(g.after)
	case goalSpot:
		switch {
		case g.para >= 0 && g.para < len(rd.Paragraphs):
			at(spotLine(rd, g.para))
		case g.sec >= 0 && g.sec < len(rd.SectionStarts):
			r.vp.setY(rd.SectionStarts[g.sec]) // its section, until its paragraph comes
		}
	case goalSource:
		r.landSource(g, &done)
	case goalMatch:
		found := false
		for m, p := range r.find.first {
			if m >= g.from && r.find.pieces[p].line >= g.after {
				r.showMatch(m)
				found = true
				break
			}
		}
		if found {
			done = true
		} else if done && len(r.find.first) > 0 {
			r.showMatch(0) // none below in the whole brief: wrap to the first
		}
	case goalLastMatch:
		if done && len(r.find.first) > 0 {
			r.showMatch(len(r.find.first) - 1)
		}
	}
	if done {
		r.goal = goal{}
	}
	r.syncCurrent()
}

// landSource lands on the paragraph of a note's source (goalSource): the
// first paragraph its bytes overlap or, once its section is all rendered
// and none does, the paragraph before them, else the section's start.
func (r *Reader) landSource(g goal, done *bool) {
	rd := r.rendered
	at := func(y int) {
		r.vp.setY(y)
		*done = *done || r.vp.y == y
	}
	for _, p := range rd.Paragraphs {
		if p.Section == g.sec && ((p.Start < g.end && g.start < p.End) ||
			(g.start == g.end && p.Start <= g.start && g.start <= p.End)) {
			at(max(0, p.First-2))
			return
		}
	}
	whole := !rd.Partial || g.sec+1 < len(rd.SectionStarts)
	if i := rd.ParagraphOf(g.sec, g.start); whole && i >= 0 {
		at(max(0, rd.Paragraphs[i].First-2))
		return
	}
	if g.sec < len(rd.SectionStarts) {
		r.vp.setY(rd.SectionStarts[g.sec]) // its section, until its paragraph comes
		*done = *done || whole
	}
}

// spotLine is the line a room's top paragraph p is shown from: its first
// line or, for the first paragraph of a section, the section's heading, as
// the presenter who jumped to the section sees it.
func spotLine(rd Rendered, p int) int {
	ps := rd.Paragraphs
	y := ps[p].First
	if sec := ps[p].Section; (p == 0 || ps[p-1].Section != sec) && sec < len(rd.SectionStarts) {
		y = min(y, rd.SectionStarts[sec])
	}
	return y
}

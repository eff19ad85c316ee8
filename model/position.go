package model

import (
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/ui"
)

// The reading position a brief reopens at is the paragraph that was at the
// top of the reader, not a line: the same paragraph at any width, found by
// its text after an edit (notes.Position). A position saved before anchors
// were kept is its line, as it always was.

// resume is a saved position waiting for the render that can show it.
type resume struct {
	pos notes.Position
	at  notes.Anchor // where pos's paragraph is in the brief as it is now
	set bool
}

// readingPosition is where the open brief is being read, to be saved.
func (m Model) readingPosition(b *briefs.Brief) notes.Position {
	line := m.reader.YOffset()
	s, ok := m.reader.Spot()
	r := m.reader.Rendered()
	if !ok || s.Paragraph >= len(r.Paragraphs) {
		return notes.Position{Line: line}
	}
	p := r.Paragraphs[s.Paragraph]
	if !inBody(b, p) {
		return notes.Position{Line: line}
	}
	sec := b.Sections[p.Section]
	text := notes.SectionText{Kind: string(sec.Kind), Title: sec.Title, Body: sec.Body}
	return notes.NewPosition(text, p.Section, p.Start, p.End, line, s.Into, s.Above)
}

// resumeWaiting reports whether a saved position has yet to be shown and
// nothing moved the view since the brief opened: leaving now must not
// write the top of the brief over it.
func (m Model) resumeWaiting() bool {
	return m.notes.resume.set && !m.reader.Moved()
}

// resumeReading shows the saved position on the render on screen. It
// reports false while the render has not come as far as the position (a
// later part shows it), true once it is shown or cannot be.
func (m *Model) resumeReading() bool {
	rs := m.notes.resume
	r := m.reader.Rendered()
	if rs.pos.Anchored() && !rs.at.Orphaned {
		i, ok := paragraphHolding(r, rs.at.Section, rs.at.Start)
		if !ok {
			return !r.Partial
		}
		return m.reader.ShowAt(ui.Spot{Paragraph: i, Into: rs.pos.Into, Above: rs.pos.Above}) || !r.Partial
	}
	if rs.pos.Line <= 0 {
		return true
	}
	if r.Partial && rs.pos.Line >= len(r.Lines) {
		return false
	}
	m.reader.SetYOffset(rs.pos.Line)
	return true
}

// paragraphHolding is the paragraph of r holding byte off of section sec's
// body (Rendered.ParagraphOf), once r is sure to have it: a partial render
// may not have drawn the paragraphs that follow.
func paragraphHolding(r ui.Rendered, sec, off int) (int, bool) {
	if r.Partial {
		ps := r.Paragraphs
		if len(ps) == 0 {
			return -1, false
		}
		last := ps[len(ps)-1]
		if last.Section < sec || (last.Section == sec && last.Start <= off) {
			return -1, false
		}
	}
	i := r.ParagraphOf(sec, off)
	return i, i >= 0
}

package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Paragraph is one block of a section body (a paragraph, a list, a quote, a
// code block…) as the reader shows it: where its markdown source is in the
// section's Body, and which rendered lines draw it. Notes quote the source;
// the paragraph cursor and the note markers use the lines.
type Paragraph struct {
	Section     int // index into the brief's Sections
	Start, End  int // byte offsets of the block's source in Sections[Section].Body
	First, Last int // rendered lines, inclusive, in Rendered.Lines
}

// ParagraphAt returns the index of the paragraph drawn at or after line y
// (the first one below when y falls between paragraphs), or -1.
func (r Rendered) ParagraphAt(y int) int {
	for i, p := range r.Paragraphs {
		if p.Last >= y {
			return i
		}
	}
	return len(r.Paragraphs) - 1
}

// ParagraphOf returns the paragraph of section sec that holds byte offset
// off of its body (the last one starting at or before it), or -1.
func (r Rendered) ParagraphOf(sec, off int) int {
	found := -1
	for i, p := range r.Paragraphs {
		if p.Section == sec && (p.Start <= off || found < 0) {
			found = i
		}
		if p.Section > sec {
			break
		}
	}
	return found
}

// ParaMark is what the margin shows at a paragraph that notes point at.
type ParaMark uint8

// The paragraph marks; a note outranks a highlight on the same paragraph.
const (
	MarkNone      ParaMark = iota
	MarkHighlight          // a highlight (a note without a body)
	MarkNote               // a note with a body
)

// annotations is the reader's paragraph cursor, the selection it extends
// and the marks of the notes on the open brief.
type annotations struct {
	active         bool // select mode
	cursor, anchor int  // paragraph indexes; the selection runs between them
	marks          map[int]ParaMark
	pointed        int // 1 + the paragraph a room's presenter points at; 0: none (room.go)
}

// SetParagraphMarks shows a mark in the margin of each paragraph in marks
// (by index into Rendered.Paragraphs).
func (r *Reader) SetParagraphMarks(marks map[int]ParaMark) {
	r.annot.marks = marks
	r.refresh()
}

// Selecting reports whether select mode is on.
func (r Reader) Selecting() bool { return r.annot.active }

// StartSelect enters select mode on the first paragraph on screen.
func (r *Reader) StartSelect() bool {
	if !r.ready || len(r.rendered.Paragraphs) == 0 {
		return false
	}
	p := r.rendered.ParagraphAt(r.vp.y)
	r.annot.active, r.annot.cursor, r.annot.anchor = true, p, p
	r.goal = goal{} // the reader works on what is on screen now
	r.showParagraph(p)
	r.refresh()
	return true
}

// EndSelect leaves select mode.
func (r *Reader) EndSelect() {
	r.annot.active = false
	r.refresh()
}

// MoveCursor moves the paragraph cursor by delta. With extend the selection
// grows or shrinks from its anchor, within the anchor's section (a note
// belongs to one section); without, it is the cursor's paragraph alone.
func (r *Reader) MoveCursor(delta int, extend bool) {
	ps := r.rendered.Paragraphs
	if !r.annot.active || len(ps) == 0 {
		return
	}
	c := max(0, min(r.annot.cursor+delta, len(ps)-1))
	if extend && ps[c].Section != ps[r.annot.anchor].Section {
		return
	}
	r.annot.cursor = c
	r.goal = goal{}
	if !extend {
		r.annot.anchor = c
	}
	r.showParagraph(c)
	r.refresh()
}

// Selection returns the selected paragraphs (indexes into
// Rendered.Paragraphs, from <= to); ok is false outside select mode.
func (r Reader) Selection() (from, to int, ok bool) {
	if !r.annot.active || len(r.rendered.Paragraphs) == 0 {
		return 0, 0, false
	}
	from, to = r.annot.anchor, r.annot.cursor
	if from > to {
		from, to = to, from
	}
	return from, to, true
}

// ShowParagraph scrolls paragraph i into view, near the top.
func (r *Reader) ShowParagraph(i int) {
	if i < 0 || i >= len(r.rendered.Paragraphs) {
		return
	}
	r.goal = goal{}
	r.vp.setY(max(0, r.rendered.Paragraphs[i].First-2))
	r.scrolled()
	r.refresh()
}

// ShowSource scrolls to the paragraph of section sec that holds bytes
// [start, end) of its body (a note's quote), near the top, and marks the
// section. A paragraph not rendered yet is landed on when its part comes;
// once its section is all rendered and no paragraph holds the bytes, the
// one before them is shown, or the section's start.
func (r *Reader) ShowSource(sec, start, end int) {
	if r.brief == nil || sec < 0 || sec >= len(r.brief.Sections) {
		return
	}
	r.pinned = sec
	r.seek(goal{kind: goalSource, sec: sec, start: start, end: end})
	r.refresh()
}

// showParagraph scrolls only as far as needed to keep paragraph i on screen.
func (r *Reader) showParagraph(i int) {
	p := r.rendered.Paragraphs[i]
	top, h := r.vp.y, r.vp.height
	switch {
	case p.First < top:
		r.vp.setY(p.First)
	case p.Last >= top+h:
		r.vp.setY(min(p.First, p.Last-h+1))
	default:
		return
	}
	r.scrolled()
}

// SetYOffset scrolls to line y (a restored reading position); a line too
// near the end of the part rendered so far to be put at the top gets there
// when the next part comes.
func (r *Reader) SetYOffset(y int) {
	r.scrolled()
	r.seek(goal{kind: goalLine, after: max(0, y)})
	r.refresh()
}

// AtBottom reports whether the end of the rendered brief is on screen.
func (r Reader) AtBottom() bool { return r.ready && !r.rendered.Partial && r.vp.atBottom() }

// decorate draws the selection bar and the note marks in the two margin
// columns glamour leaves at the left of every line; lines[j] is line top+j.
func (r Reader) decorate(lines []string, top int) []string {
	ps := r.rendered.Paragraphs
	if len(ps) == 0 || (!r.annot.active && len(r.annot.marks) == 0 && r.annot.pointed == 0) {
		return lines
	}
	from, to, sel := r.Selection()
	out := make([]string, len(lines))
	p := 0
	for j, l := range lines {
		y := top + j
		for p < len(ps) && ps[p].Last < y {
			p++
		}
		out[j] = l
		if p >= len(ps) || ps[p].First > y {
			continue
		}
		selected := sel && p >= from && p <= to
		pointed := r.annot.pointed == p+1
		mark := r.annot.marks[p]
		if !selected && !pointed && mark == MarkNone {
			continue
		}
		out[j] = r.marginMark(l, selected, pointed, mark)
	}
	return out
}

// marginMark replaces the first two cells of a line with the selection bar
// and the note mark. Glamour indents every line by two spaces; a line that
// does not start so is shifted right rather than overwritten.
func (r Reader) marginMark(l string, selected, pointed bool, mark ParaMark) string {
	g := MarkGlyphs(r.styles)
	s := r.styles
	left := " "
	switch {
	case selected:
		left = s.Cursor.Render(g.Selected)
	case pointed:
		left = s.Warning.Render(g.Pointer)
	}
	right := " "
	switch mark {
	case MarkNote:
		right = s.BadgeKnow.Render(g.Note)
	case MarkHighlight:
		right = s.Warning.Render(g.Highlight)
	}
	if strings.HasPrefix(ansi.Strip(l), "  ") {
		return left + right + highlighted(ansi.TruncateLeft(l, 2, ""), mark, s)
	}
	return fit(left+right+highlighted(l, mark, s), r.width)
}

// highlighted paints a highlighted paragraph's line with the marker-pen
// style. Glamour's own styling of the line gives way to it: its resets
// inside the line would otherwise cut the background into pieces.
func highlighted(l string, mark ParaMark, s *Styles) string {
	if mark != MarkHighlight || s.Plain {
		return l
	}
	text := strings.TrimRight(ansi.Strip(l), " ")
	return s.Highlight.Render(text)
}

// NoteGlyphs are the margin marks of the paragraph cursor and of notes.
type NoteGlyphs struct {
	Selected, Note, Highlight string
	Pointer                   string // the paragraph a room's presenter points at
}

// MarkGlyphs returns the margin glyphs for s: ASCII for the plain styles.
func MarkGlyphs(s *Styles) NoteGlyphs {
	if s.Plain {
		return NoteGlyphs{Selected: ">", Note: "*", Highlight: "|", Pointer: "|"}
	}
	return NoteGlyphs{Selected: "▌", Note: "✎", Highlight: "┃", Pointer: "▍"}
}

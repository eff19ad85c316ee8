package notes

import "strings"

// Position is where the owner left a brief: the paragraph at the top of the
// reader's view, anchored to the text the way a note is (section, quote and
// the text around it), and how far into that paragraph the view was. A line
// number alone lands somewhere else at another width (another terminal, an
// SSH reader of another size) or after an edit; the paragraph does not.
//
// Line is the first line on screen at the width the position was saved
// at. Positions saved before anchors were kept have only Line (Anchored is
// false), and a reader falls back to it when the paragraph is gone.
type Position struct {
	Line int
	// Section is the section of the paragraph at the top.
	Section Section
	// Quote is the start of the paragraph's markdown source (at most
	// PositionQuoteBytes), Before and After a little of the text around it:
	// what Reanchor needs to find the paragraph after an edit.
	Quote, Before, After string
	// Into is the share of the paragraph's rendered lines above the top of
	// the view, in [0, 1): at another width the same share of its new
	// height is scrolled past.
	Into float64
	// Above is the number of lines on screen above the paragraph's first
	// line (a section heading, a gap) when the view starts before it.
	Above int
}

// PositionQuoteBytes caps Position.Quote: the start of a paragraph finds
// it again as well as the whole, and a store row stays small.
const PositionQuoteBytes = 200

// positionContextBytes caps Position.Before and After.
const positionContextBytes = 40

// Anchored reports whether the position names a paragraph; when it does not
// (a position saved before anchors, or a brief without paragraphs), only
// Line says where the reader was.
func (p Position) Anchored() bool { return p.Quote != "" }

// NewPosition is the position of the paragraph body[start:end] of section
// sec (index idx in its brief), at line, with into and above as Position
// says. It cuts the quote and the context on rune boundaries.
func NewPosition(sec SectionText, idx, start, end, line int, into float64, above int) Position {
	body := sec.Body
	start, end = max(0, min(start, len(body))), max(0, min(end, len(body)))
	end = max(start, end)
	p := Position{
		Line:    max(0, line),
		Section: Section{Kind: sec.Kind, Title: sec.Title, Index: idx},
		Into:    into,
		Above:   above,
	}.Clamp()
	qEnd := runeFloor(body, min(end, start+PositionQuoteBytes))
	p.Quote = strings.TrimSpace(body[start:qEnd])
	if p.Quote == "" {
		return Position{Line: p.Line}
	}
	// Before and After sit next to the quote as trimmed, so that exactIn's
	// comparison of the text around an occurrence lines up.
	qs := start + strings.Index(body[start:qEnd], p.Quote)
	qe := qs + len(p.Quote)
	p.Before = strings.TrimLeft(body[runeCeil(body, max(0, qs-positionContextBytes)):qs], " \t\r\n")
	p.After = strings.TrimRight(body[qe:runeFloor(body, min(len(body), qe+positionContextBytes))], " \t\r\n")
	return p
}

// Clamp returns p with its numbers in range (Line and Above not negative,
// Into in [0, 1], a NaN as 0) and its texts cut to their caps: a store
// keeps what Clamp returns, so a bad value from a front end is never an
// error and never a row the store cannot read back.
func (p Position) Clamp() Position {
	p.Line, p.Above = max(0, p.Line), max(0, p.Above)
	p.Section.Index = max(0, p.Section.Index)
	if !(p.Into > 0) { // NaN too
		p.Into = 0
	}
	p.Into = min(p.Into, 1)
	p.Quote = p.Quote[:runeFloor(p.Quote, min(len(p.Quote), PositionQuoteBytes))]
	p.Before = p.Before[runeCeil(p.Before, max(0, len(p.Before)-positionContextBytes)):]
	p.After = p.After[:runeFloor(p.After, min(len(p.After), positionContextBytes))]
	return p
}

// Find is where the position's paragraph is in the brief's current
// sections: the anchor of its quote (Reanchor), or, when the paragraph is
// gone, the start of its section; Orphaned when neither is found or the
// position is not Anchored (the caller falls back to Line).
func (p Position) Find(sections []SectionText) Anchor {
	if !p.Anchored() {
		return Anchor{Section: -1, Orphaned: true}
	}
	n := Note{Section: p.Section, Quote: p.Quote, Before: p.Before, After: p.After}
	if a := Reanchor(n, sections); !a.Orphaned {
		return a
	}
	n.Quote = ""
	return Reanchor(n, sections)
}

// runeFloor moves i back to the start of the rune it falls in.
func runeFloor(s string, i int) int {
	for i > 0 && i < len(s) && s[i]&0xC0 == 0x80 {
		i--
	}
	return i
}

// runeCeil moves i forward to the start of the next rune when it falls
// inside one.
func runeCeil(s string, i int) int {
	for i < len(s) && s[i]&0xC0 == 0x80 {
		i++
	}
	return i
}

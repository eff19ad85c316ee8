package ui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/search"
)

// findState is the reader's search inside the open brief: the query, where
// its matches are in the rendered lines, which one is current, and a section
// to jump to once the render arrives.
type findState struct {
	q      *search.Query
	pieces []findPiece // every match cut at line ends, in order
	first  []int       // per match, its first piece
	cur    int         // current match, -1 when none
	forID  string      // the render the matches were computed on
	forW   int
	forT   string
	jump   int // 1 + the section to show when the render arrives; 0 for none
}

// findPiece is the part of match m on one rendered line: bytes [lo, hi) of
// the line's plain text.
type findPiece struct{ m, line, lo, hi int }

// SetFind highlights the matches of q in the open brief (nil clears) and
// moves to the first match at or below the top of the screen; with a brief
// not rendered yet, that happens when the render arrives. A query with
// nothing to look for in the text (fields only) clears, so the header
// shows no "match 0/0" for it.
func (r *Reader) SetFind(q *search.Query) {
	r.SetFindFrom(q, r.vp.y)
}

// SetFindFrom is SetFind from line y rather than the top of the screen:
// the find bar searches from where the reader was when it opened, as less
// and vim do, so that typing (or deleting) a letter does not search from
// wherever the last letter scrolled to. It reports whether no match was
// at or below y and it wrapped to the first. While the render comes in
// parts, a match below y in a part not come yet is waited for: it wraps
// only once the render is complete.
func (r *Reader) SetFindFrom(q *search.Query, y int) (wrapped bool) {
	if q != nil && (len(q.Terms()) == 0 || !q.HasBodyText()) {
		q = nil
	}
	if r.goal.kind == goalMatch || r.goal.kind == goalLastMatch || q != nil {
		r.goal = goal{} // a new find decides where the view goes
	}
	r.find.q = q
	r.find.pieces, r.find.first, r.find.cur = nil, nil, -1
	r.find.forID = ""
	if r.ready {
		r.computeFinds()
		if q != nil && r.rendered.Partial && !r.matchFrom(0, y) {
			r.seek(goal{kind: goalMatch, after: y})
		} else {
			wrapped = r.findFrom(y)
		}
	}
	r.layout()
	r.refresh()
	return wrapped
}

// ClearFind removes the find highlights; it reports whether there were any.
func (r *Reader) ClearFind() bool {
	had := r.find.q != nil
	r.SetFind(nil)
	return had
}

// Finding reports whether a find query is set.
func (r Reader) Finding() bool { return r.find.q != nil }

// FindCount is the current match (1-based, 0 for none) and the number of matches.
func (r Reader) FindCount() (cur, total int) {
	if r.find.q == nil {
		return 0, 0
	}
	return r.find.cur + 1, len(r.find.first)
}

// FindStep moves to the next (d > 0) or previous match, wrapping at the
// ends; it reports whether it wrapped. While the render comes in parts, the
// next match past the last one rendered, or the last match before the
// first, is landed on when its part comes.
func (r *Reader) FindStep(d int) (wrapped bool) {
	n := len(r.find.first)
	if n == 0 {
		return false
	}
	r.goal = goal{}
	if r.rendered.Partial {
		switch {
		case d > 0 && r.find.cur+1 >= n:
			r.seek(goal{kind: goalMatch, from: r.find.cur + 1})
		case d < 0 && r.find.cur <= 0:
			r.seek(goal{kind: goalLastMatch})
		}
		if r.goal.kind != goalNone {
			r.layout()
			r.refresh()
			return false
		}
	}
	next := r.find.cur + d
	switch {
	case r.find.cur < 0 && d > 0:
		next = 0
	case r.find.cur < 0:
		next = n - 1
	case next >= n:
		next, wrapped = 0, true
	case next < 0:
		next, wrapped = n-1, true
	}
	r.showMatch(next)
	r.layout()
	r.refresh()
	return wrapped
}

// JumpWhenReady shows section i now, or as soon as the render arrives.
func (r *Reader) JumpWhenReady(i int) {
	if r.ready {
		r.JumpTo(i)
		return
	}
	r.find.jump = i + 1
}

// findRendered brings find up to date with a new render: SetRendered calls it.
// A new brief lands on its first match (or the section asked for); a
// re-render of the same brief keeps the current match. grown says the
// render is the next part of the one before.
func (r *Reader) findRendered(grown bool) {
	if r.find.jump > 0 {
		sec := r.find.jump - 1
		r.find.jump = 0
		r.JumpTo(sec)
	}
	if r.find.q == nil {
		return
	}
	// A render that comes in parts (grown) lands on the first match in the
	// part that brings one.
	sameBrief := r.find.forID == r.rendered.ID && (r.find.cur >= 0 || !grown)
	cur := r.find.cur
	r.computeFinds()
	switch {
	case sameBrief && cur >= 0 && cur < len(r.find.first):
		r.find.cur = cur
	case !sameBrief && len(r.find.first) > 0 && r.goal.kind != goalMatch && r.goal.kind != goalLastMatch:
		r.showMatch(0)
	}
	r.layout()
}

// computeFinds finds the query's matches in the rendered lines. The lines are
// joined with newlines so a phrase that glamour wrapped still matches; a
// match across a line end is cut into pieces.
func (r *Reader) computeFinds() {
	f := &r.find
	f.pieces, f.first, f.cur = nil, nil, -1
	f.forID, f.forW, f.forT = r.rendered.ID, r.rendered.Width, r.rendered.Theme
	if f.q == nil {
		return
	}
	starts := make([]int, len(r.rendered.Lines))
	var b strings.Builder
	for i, l := range r.rendered.Lines {
		starts[i] = b.Len()
		b.WriteString(plainText(l))
		b.WriteByte('\n')
	}
	text := b.String()
	for m, rg := range f.q.Highlights(text, true) {
		f.first = append(f.first, len(f.pieces))
		line := sort.SearchInts(starts, rg[0]+1) - 1
		for lo := rg[0]; lo < rg[1] && line < len(starts); line++ {
			end := len(text)
			if line+1 < len(starts) {
				end = starts[line+1] - 1 // the newline is no part of a line
			}
			hi := min(rg[1], end)
			if hi > lo {
				f.pieces = append(f.pieces, findPiece{m: m, line: line, lo: lo - starts[line], hi: hi - starts[line]})
			}
			lo = end + 1
		}
	}
}

// matchFrom reports whether a match from match m on is at or below line y.
func (r *Reader) matchFrom(m, y int) bool {
	for i := m; i < len(r.find.first); i++ {
		if r.find.pieces[r.find.first[i]].line >= y {
			return true
		}
	}
	return false
}

// findFrom makes current the first match at or below line y (wrapping to the
// first of all, which it reports) and scrolls to it.
func (r *Reader) findFrom(y int) (wrapped bool) {
	for m, p := range r.find.first {
		if r.find.pieces[p].line >= y {
			r.showMatch(m)
			return false
		}
	}
	if len(r.find.first) > 0 {
		r.showMatch(0)
		return true
	}
	return false
}

// showMatch makes match m current and scrolls it into view, a third down
// the screen, unless it is already on screen.
func (r *Reader) showMatch(m int) {
	r.find.cur, r.moved = m, true // the match is what the view must show
	line := r.find.pieces[r.find.first[m]].line
	top, h := r.vp.y, r.vp.height
	if line >= top && line < top+h {
		return
	}
	r.vp.setY(max(0, line-h/3))
	r.scrolled()
}

// findCounter is "3/17" (or "0/0" for none) for the header; "" when not finding.
func (r Reader) findCounter() string {
	if r.find.q == nil {
		return ""
	}
	cur, n := r.FindCount()
	return fmt.Sprintf("%d/%d", cur, n)
}

// markFinds highlights the matches on the visible lines (top is the index of
// lines[0] in the render), the current match apart from the others.
func (r Reader) markFinds(lines []string, top int) []string {
	f := r.find
	if len(f.pieces) == 0 || f.forID != r.rendered.ID || f.forW != r.rendered.Width || f.forT != r.rendered.Theme {
		return lines
	}
	on, cur := sgrPrefix(HighlightStyle(r.styles)), sgrPrefix(currentMatchStyle(r.styles))
	i := sort.Search(len(f.pieces), func(i int) bool { return f.pieces[i].line >= top })
	if i == len(f.pieces) || f.pieces[i].line >= top+len(lines) {
		return lines
	}
	if on == "" && cur == "" { // a plain theme: no style would show
		return r.markFindsPlain(lines, top, i)
	}
	out := append([]string(nil), lines...)
	for i < len(f.pieces) && f.pieces[i].line < top+len(lines) {
		line := f.pieces[i].line
		var spans []styledSpan
		for ; i < len(f.pieces) && f.pieces[i].line == line; i++ {
			p := f.pieces[i]
			sgr := on
			if p.m == f.cur {
				sgr = cur
			}
			spans = append(spans, styledSpan{lo: p.lo, hi: p.hi, sgr: sgr})
		}
		out[line-top] = styleSpans(out[line-top], spans)
	}
	return out
}

// currentMatchStyle marks the current match: the accent of the active tab.
func currentMatchStyle(s *Styles) lipgloss.Style {
	if s.Plain {
		return lipgloss.NewStyle()
	}
	return s.TabActive.Underline(true)
}

// sgrPrefix is the escape sequence that turns style st on ("" for a style
// without attributes).
func sgrPrefix(st lipgloss.Style) string {
	r := st.Render("x")
	if i := strings.IndexByte(r, 'x'); i > 0 {
		return r[:i]
	}
	return ""
}

// styledSpan is bytes [lo, hi) of a line's plain text, to be drawn with sgr.
type styledSpan struct {
	lo, hi int
	sgr    string
}

// plainText is a rendered line without its escape sequences.
func plainText(l string) string {
	if strings.IndexByte(l, 0x1b) < 0 {
		return l
	}
	var b strings.Builder
	for i := 0; i < len(l); {
		if l[i] == 0x1b {
			i = termsafe.EscapeEnd(l, i)
			continue
		}
		b.WriteByte(l[i])
		i++
	}
	return b.String()
}

// styleSpans draws the spans (in order, not overlapping, in plain-text bytes)
// over a styled line. After a span it resets and replays the line's own SGR
// sequences since its last reset, so the rest of the line keeps its style.
func styleSpans(l string, spans []styledSpan) string {
	var b strings.Builder
	b.Grow(len(l) + len(spans)*16)
	var active []string
	pos, k := 0, 0 // plain offset, next span
	inSpan := false
	for i := 0; i < len(l); {
		if l[i] == 0x1b {
			j := termsafe.EscapeEnd(l, i)
			seq := l[i:j]
			b.WriteString(seq)
			if seq == "\x1b[0m" || seq == "\x1b[m" {
				active = active[:0]
			} else {
				active = append(active, seq)
			}
			if inSpan { // the line's own style must not undo the match's
				b.WriteString(spans[k].sgr)
			}
			i = j
			continue
		}
		if !inSpan && k < len(spans) && pos == spans[k].lo {
			b.WriteString(spans[k].sgr)
			inSpan = true
		}
		b.WriteByte(l[i])
		i++
		pos++
		if inSpan && pos == spans[k].hi {
			b.WriteString("\x1b[0m")
			for _, a := range active {
				b.WriteString(a)
			}
			inSpan = false
			k++
		}
	}
	if inSpan {
		b.WriteString("\x1b[0m")
	}
	return b.String()
}

// FindLine is the rendered line of the current match, or -1.
func (r Reader) FindLine() int {
	if r.find.cur < 0 || r.find.cur >= len(r.find.first) {
		return -1
	}
	return r.find.pieces[r.find.first[r.find.cur]].line
}

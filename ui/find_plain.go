package ui

import (
	"strings"

	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

// Plain themes (ascii, notty, and NO_COLOR, which picks notty) have no
// colour or attribute to mark a find's matches with, so the marks are
// glyphs: [word] for a match, >word< for the current one. They are drawn
// over the visible lines only, never into the render, so the render's
// wrapping and paragraph positions are those of the text.
const (
	plainMatchOpen, plainMatchClose     = "[", "]"
	plainCurrentOpen, plainCurrentClose = ">", "<"
)

// markSpan is a match's part on one line, bytes [lo, hi) of its plain
// text, with the glyphs before and after it ("" where the match goes on
// from the line before or to the line after).
type markSpan struct {
	lo, hi      int
	open, close string
}

// markPlainLine puts the spans' glyphs around their text. The glyphs take
// cells the line does not have; to stay within width it gives back, in
// turn, the line's trailing spaces and then the spaces just outside the
// marked words ("the[word]met"), never the indentation that holds the
// margin marks. A line that still does not fit is cut, as a wide line is.
func markPlainLine(l string, spans []markSpan, width int) string {
	plain := plainText(l)
	// The spans were found in the whole render line; after a resize the
	// old render is shown cut to the new width until the new one comes,
	// and a span may lie past the cut.
	kept := spans[:0:0]
	for _, sp := range spans {
		if sp.lo < len(plain) {
			sp.hi = min(sp.hi, len(plain))
			kept = append(kept, sp)
		}
	}
	spans = kept
	extra := 0
	for _, sp := range spans {
		extra += len(sp.open) + len(sp.close)
	}
	excess := ansi.StringWidth(plain) + extra - width
	drop := map[int]bool{}
	for i := len(plain) - 1; excess > 0 && i >= 0 && plain[i] == ' '; i-- {
		drop[i] = true
		excess--
	}
	indent := len(plain) - len(strings.TrimLeft(plain, " "))
	for _, sp := range spans {
		if excess > 0 && sp.open != "" && sp.lo-1 >= indent && plain[sp.lo-1] == ' ' && !drop[sp.lo-1] {
			drop[sp.lo-1] = true
			excess--
		}
		if excess > 0 && sp.close != "" && sp.hi < len(plain) && plain[sp.hi] == ' ' && !drop[sp.hi] {
			drop[sp.hi] = true
			excess--
		}
	}

	var b strings.Builder
	b.Grow(len(l) + extra)
	pos, k := 0, 0 // plain offset, next span to open
	closeAt, closeWith := -1, ""
	for i := 0; i < len(l); {
		if l[i] == 0x1b {
			j := termsafe.EscapeEnd(l, i)
			b.WriteString(l[i:j])
			i = j
			continue
		}
		if k < len(spans) && pos == spans[k].lo {
			b.WriteString(spans[k].open)
			closeAt, closeWith = spans[k].hi, spans[k].close
			k++
		}
		if !drop[pos] {
			b.WriteByte(l[i])
		}
		i++
		pos++
		if pos == closeAt {
			b.WriteString(closeWith)
			closeAt = -1
		}
	}
	out := b.String()
	if excess > 0 {
		out = fit(out, width)
	}
	return out
}

// markFindsPlain is markFinds for the plain themes: the pieces of the
// visible lines, from piece i on, get glyphs instead of styles.
func (r Reader) markFindsPlain(lines []string, top, i int) []string {
	f := r.find
	out := append([]string(nil), lines...)
	for i < len(f.pieces) && f.pieces[i].line < top+len(lines) {
		line := f.pieces[i].line
		var spans []markSpan
		for ; i < len(f.pieces) && f.pieces[i].line == line; i++ {
			p := f.pieces[i]
			open, cl := plainMatchOpen, plainMatchClose
			if p.m == f.cur {
				open, cl = plainCurrentOpen, plainCurrentClose
			}
			if f.first[p.m] != i { // the match began on an earlier line
				open = ""
			}
			if i+1 < len(f.pieces) && f.pieces[i+1].m == p.m { // it goes on
				cl = ""
			}
			spans = append(spans, markSpan{lo: p.lo, hi: p.hi, open: open, close: cl})
		}
		out[line-top] = markPlainLine(out[line-top], spans, r.width)
	}
	return out
}

package ui

import (
	"sort"
	"strconv"
	"strings"

	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

// SortOrder is how the library lists its briefs. The root arranges the
// list (it knows the marks and keeps the arrangements); the list draws it
// and, for the grouped orders, a heading over each group.
type SortOrder int

// The orders, in the order the sort key cycles through them.
const (
	SortNewest SortOrder = iota // newest first: the library's own order
	SortSource                  // grouped by source, newest first in each
	SortFolder                  // grouped by folder, newest first in each
	SortUnread                  // unread first, newest first in each part
	sortOrders                  // how many there are
)

// String is the order as the title bar names it.
func (o SortOrder) String() string {
	switch o {
	case SortSource:
		return "by source"
	case SortFolder:
		return "by folder"
	case SortUnread:
		return "unread first"
	}
	return "newest first"
}

// Next is the order after o, back to SortNewest after the last.
func (o SortOrder) Next() SortOrder { return (o + 1) % sortOrders }

// Grouped reports whether the list shows a heading over each group.
func (o SortOrder) Grouped() bool { return o == SortSource || o == SortFolder }

// Group is a run of listed briefs that share a source or a folder.
type Group struct {
	Start int    // index of the group's first brief in the list
	Label string // what the heading says: the source or the folder
	Count int    // how many briefs of the list are in it
}

// SetGroups draws a heading over each group of the listed briefs: one dim
// line with the label and the count, which the cursor skips. gs must start
// at 0 and cover the list in order; nil (or anything else) shows no
// headings. SetBriefs and SetResults drop the groups: set them after.
func (l *Library) SetGroups(gs []Group) {
	l.groups = nil
	if len(gs) > 0 && gs[0].Start == 0 && len(l.briefs) > 0 {
		ok := true
		for i, g := range gs {
			next := len(l.briefs)
			if i+1 < len(gs) {
				next = gs[i+1].Start
			}
			if g.Start >= next || next > len(l.briefs) {
				ok = false
				break
			}
		}
		if ok {
			l.groups = make([]Group, len(gs))
			for i, g := range gs {
				g.Label = termsafe.Line(g.Label)
				l.groups[i] = g
			}
		}
	}
	l.clamp()
}

// Groups are the groups the list shows headings for (nil: none).
func (l Library) Groups() []Group { return l.groups }

// groupAt is the index in l.groups of the group brief i is in.
func (l Library) groupAt(i int) int {
	return sort.Search(len(l.groups), func(g int) bool { return l.groups[g].Start > i }) - 1
}

// headingBefore reports whether a heading line comes right before brief i
// on a screen that starts at offset off: the first brief on screen always
// has its group's heading above it, so a group that began above the
// screen is still named.
func (l Library) headingBefore(i, off int) bool {
	if l.groups == nil {
		return false
	}
	if i == off {
		return true
	}
	g := l.groupAt(i)
	return g >= 0 && l.groups[g].Start == i
}

// fitFrom is how many briefs fit on screen from brief off on (at least one).
func (l Library) fitFrom(off int) int {
	if l.groups == nil {
		return max(1, l.height/l.rowH())
	}
	used, n := 0, 0
	for i := off; i < len(l.briefs); i++ {
		need := l.rowH()
		if l.headingBefore(i, off) {
			need++
		}
		if used+need > l.height {
			break
		}
		used += need
		n++
	}
	return max(1, n)
}

// firstFitting is the first brief of the screen that ends with brief last:
// the offset that shows last at the bottom.
func (l Library) firstFitting(last int) int {
	if l.groups == nil {
		return last - max(1, l.height/l.rowH()) + 1
	}
	s, used := last, 1+l.rowH() // brief last, its group's heading above it
	for s > 0 {
		need := l.rowH()
		if l.headingBefore(s, s-1) { // s's heading stays when s-1 comes on screen
			need++
		}
		if used+need > l.height {
			break
		}
		used += need
		s--
	}
	return s
}

// heading draws a group's heading line, dim: a rule with the label and
// the count in it ("── Harbour Wire · 12 ─────"), which tells it from a
// row also where dim shows nothing (the ascii and notty themes).
func (l Library) heading(g Group) string {
	s := l.styles
	rule := ruleGlyph(s)
	count := strconv.Itoa(g.Count)
	room := l.width - 4 - len(count) - ansi.StringWidth(s.Glyphs.Sep) // the rule's ends
	line := rule + rule + " " + truncate(g.Label, room, s.Glyphs.Ellipsis) + s.Glyphs.Sep + count + " "
	if fill := l.width - ansi.StringWidth(line); fill > 0 {
		line += strings.Repeat(rule, fill)
	}
	return s.Dim.Render(fit(line, l.width))
}

// lineItems maps each line of the screen to the brief drawn there, or to
// -1 for a heading or a blank line: what a click lands on.
func (l Library) lineItems() []int {
	items := make([]int, 0, l.height)
	end := min(len(l.briefs), l.offset+l.visibleRows())
	for i := l.offset; i < end; i++ {
		if l.headingBefore(i, l.offset) {
			items = append(items, -1)
		}
		for range l.rowH() {
			items = append(items, i)
		}
	}
	return items
}

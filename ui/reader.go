package ui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

// CloseReaderMsg asks the root to go back to the library.
type CloseReaderMsg struct{}

// StepBriefMsg asks the root to open the next (+1) or previous (-1) brief of
// the library.
type StepBriefMsg struct{ Delta int }

// tabSpan is where one tab is drawn on the tab row, to map clicks to sections.
type tabSpan struct{ x0, x1, section int }

// Reader shows one brief: a header, a tab row of its sections and a viewport
// over the rendered body. Rendering happens elsewhere (in a command); the
// reader shows a placeholder until SetRendered hands it the lines.
type Reader struct {
	styles  *Styles
	keys    *KeyMap // the reader's bindings
	tocKeys *KeyMap // the table of contents' bindings, while toc is open
	vp      scroller

	brief      *briefs.Brief
	pos, total int
	rendered   Rendered
	wide       bool // some rendered line is wider than the reader
	ready      bool
	err        string
	early      int  // the first line asked for by scroll keys pressed before the render came
	moved      bool // the view moved since the brief opened: keys, a jump, a find (see Moved)

	width, height int
	compact       bool // small terminal: no metadata line, no rule

	current int  // section marked in the tab row
	pinned  int  // section jumped to, marked until the next scroll; -1 when none
	goal    goal // where a jump asked to go, kept until the part holding it comes (goal.go)

	header  []string // precomputed header lines (without the tab row)
	tabRow  string
	rule    string // under the tabs, drawn by layout
	tabs    []tabSpan
	tabLine int // y of the tab row inside the reader

	toc       bool
	tocCursor int

	annot annotations // paragraph cursor, selection and note markers (cursor.go)

	spotHold spotHold // the paragraph kept through a resize (reader_spot.go)

	find findState // "/" in the brief: matches and the current one (find.go)

	hyperlinks bool // draw the render's links as OSC 8 hyperlinks (links.go)

	view string // drawn after every change (refresh), so View costs nothing
}

// NewReader returns a reader with no brief open.
func NewReader(s *Styles, k KeyMap) Reader {
	return Reader{styles: s, keys: k.forScreen(ScreenReader), tocKeys: k.forScreen(ScreenTOC), pinned: -1}
}

// SetBrief opens brief b, at position pos (1-based) of total, and shows the
// loading placeholder until SetRendered is called.
func (r *Reader) SetBrief(b *briefs.Brief, pos, total int) {
	r.brief, r.pos, r.total = b, pos, total
	r.rendered, r.ready, r.err, r.early, r.moved = Rendered{}, false, "", 0, false
	r.current, r.pinned, r.toc, r.tocCursor = 0, -1, false, 0
	r.goal = goal{}
	r.annot = annotations{}
	r.vp.setTotal(0)
	r.vp.setY(0)
	r.layout()
	r.refresh()
}

// Replace swaps the open brief for a new version of it (its file changed,
// or was renamed: the same content under another ID): the old render stays
// on screen, at the same place, until SetRendered brings the new one, which
// then opens at the same section.
func (r *Reader) Replace(b *briefs.Brief) {
	if r.brief == nil || b == nil || (b.ID != r.brief.ID && b.Hash != r.brief.Hash) {
		return
	}
	r.brief = b
	r.layout()
	r.refresh()
}

// SetPosition updates the "12/40" position, when the library changes.
func (r *Reader) SetPosition(pos, total int) {
	r.pos, r.total = pos, total
	r.layout()
	r.refresh()
}

// SetRendered shows a render of the open brief. A render of another brief is
// ignored; a re-render of the same brief (new width or theme) keeps the
// reader on the section it was showing. A render may come in parts
// (Rendered.Partial): each part holds the one before it, and the view stays
// where it is while the rest comes in, unless a jump waits for the part
// that holds its place (see Awaiting).
func (r *Reader) SetRendered(rd Rendered) {
	if r.brief == nil || rd.ID != r.brief.ID || rd.Hash != r.brief.Hash {
		return
	}
	if r.ready && r.rendered.Partial && rd.Width == r.rendered.Width && rd.Theme == r.rendered.Theme &&
		len(rd.Lines) >= len(r.rendered.Lines) {
		r.growRendered(rd)
		return
	}
	keep := r.ready && r.vp.y > 0
	section := r.current
	r.holdSpot(rd)
	r.rendered, r.ready, r.err = rd, true, ""
	r.vp.setTotal(len(rd.Lines))
	r.wide = anyWider(rd.Lines, r.width)
	if keep {
		r.pinned = section
		if r.goal.kind == goalNone && !r.spotHold.on {
			// Where it is, or where it lands when its part comes; a paragraph
			// kept through a resize (holdSpot) is more precise and wins.
			r.goal = goal{kind: goalSection, sec: section}
		}
	} else {
		r.vp.setY(r.early) // keys pressed while it rendered are not lost
		r.early = 0
	}
	r.syncCurrent()
	r.landSpot()
	r.findRendered(false)
	r.land()
	r.refresh()
}

// growRendered takes the next part of the render on screen: only the new
// lines are measured, and a jump to a place that had not come yet lands.
func (r *Reader) growRendered(rd Rendered) {
	r.wide = r.wide || anyWider(rd.Lines[len(r.rendered.Lines):], r.width)
	r.rendered = rd
	r.vp.setTotal(len(rd.Lines))
	r.syncCurrent()
	r.landSpot()
	r.findRendered(true)
	r.land()
	r.refresh()
}

// anyWider reports whether a line is wider than w cells.
func anyWider(lines []string, w int) bool {
	for _, l := range lines {
		if ansi.StringWidth(l) > w {
			return true
		}
	}
	return false
}

// SetError shows why the brief could not be rendered.
func (r *Reader) SetError(id string, err error) {
	if r.brief == nil || id != r.brief.ID {
		return
	}
	r.err = termsafe.Line(err.Error())
	r.refresh()
}

// SetSize sets the reader's width and height.
func (r *Reader) SetSize(w, h int) {
	if w < r.width {
		r.wide = r.ready // until the re-render at this width arrives
	}
	r.width, r.height = max(0, w), max(0, h)
	r.layout()
	r.refresh()
}

// SetStyles replaces the styles, after the terminal reported its background.
func (r *Reader) SetStyles(s *Styles) {
	r.styles = s
	r.layout()
	r.refresh()
}

// Brief is the open brief, or nil.
func (r Reader) Brief() *briefs.Brief { return r.brief }

// Width is the width the body should be rendered at.
func (r Reader) Width() int { return r.width }

// Ready reports whether a render of the open brief is shown.
func (r Reader) Ready() bool { return r.ready }

// Rendered is the render on screen (valid when Ready).
func (r Reader) Rendered() Rendered { return r.rendered }

// Current is the index of the section marked in the tab row.
func (r Reader) Current() int { return r.current }

// YOffset is the first body line on screen.
func (r Reader) YOffset() int { return r.vp.y }

// TOCOpen reports whether the table-of-contents overlay is open.
func (r Reader) TOCOpen() bool { return r.toc }

// layout recomputes the header, the viewport size and the tab row.
func (r *Reader) layout() {
	r.compact = r.height < 16
	r.header = nil // fresh slices: copies of the Reader must not share them
	if r.brief != nil && r.width > 0 {
		r.header = append(r.header, r.titleLine())
		if !r.compact {
			meta := MetaDated(r.brief, r.styles.Glyphs.Sep, r.styles.DateLayout)
			r.header = append(r.header, r.styles.Meta.Render(ansi.Truncate(meta, r.width, r.styles.Glyphs.Ellipsis)))
		}
	}
	r.tabLine = len(r.header)
	chrome := len(r.header) + 1 // + tab row
	r.rule = ""
	if !r.compact {
		chrome++ // rule under the tabs
		r.rule = r.styles.Rule.Render(strings.Repeat(ruleGlyph(r.styles), r.width))
	}
	r.vp.setHeight(max(0, r.height-chrome))
	r.syncCurrent()
	r.buildTabs()
}

// titleLine is the title on the left and "12/40" on the right.
func (r Reader) titleLine() string {
	s := r.styles
	pos := ""
	if r.total > 0 {
		pos = fmt.Sprintf("%d/%d", r.pos, r.total)
	}
	if c := r.findCounter(); c != "" { // the find counter, before the position
		pos = "match " + c + s.Glyphs.Sep + pos
	}
	room := r.width - ansi.StringWidth(pos) - 1
	title := termsafe.Line(r.brief.Title)
	if title == "" {
		title = termsafe.Line(r.brief.ID)
	}
	if room < 8 {
		return s.Title.Render(ansi.Truncate(title, r.width, s.Glyphs.Ellipsis))
	}
	t := ansi.Truncate(title, room, s.Glyphs.Ellipsis)
	gap := r.width - ansi.StringWidth(t) - ansi.StringWidth(pos)
	return s.Title.Render(t) + strings.Repeat(" ", gap) + s.Dim.Render(pos)
}

// sectionCount is the number of sections that can be jumped to.
func (r Reader) sectionCount() int {
	if r.brief == nil {
		return 0
	}
	if r.ready && !r.rendered.Partial {
		return min(len(r.brief.Sections), len(r.rendered.SectionStarts))
	}
	return len(r.brief.Sections)
}

// TabLabel is the short name of a section in the tab row: the canonical
// kinds get one word, other titles are shortened.
func TabLabel(s briefs.Section, ellipsis string) string {
	switch s.Kind {
	case briefs.KindLead:
		return "Lead"
	case briefs.KindWhyItMatters:
		return "Why"
	case briefs.KindWhatToKnow:
		return "Know"
	case briefs.KindWhatHappensNext:
		return "Next"
	}
	t := termsafe.Line(s.Title)
	if t == "" {
		t = "Section"
	}
	return ansi.Truncate(t, 16, ellipsis)
}

// buildTabs draws the tab row for the current section. When the tabs do not
// fit, it shows a window around the current tab with markers on the sides.
func (r *Reader) buildTabs() {
	r.tabs = nil
	r.tabRow = ""
	if r.brief == nil || len(r.brief.Sections) == 0 || r.width <= 0 {
		return
	}
	n := len(r.brief.Sections)
	s := r.styles
	texts := make([]string, n)
	widths := make([]int, n)
	total := 0
	seen := map[briefs.Kind]bool{}
	for i, sec := range r.brief.Sections {
		label := TabLabel(sec, s.Glyphs.Ellipsis)
		if seen[sec.Kind] && sec.Kind != briefs.KindOther && sec.Title != "" {
			// A second "Know" tab would say nothing: later sections of a
			// kind are named by their titles.
			label = TabLabel(briefs.Section{Kind: briefs.KindOther, Title: sec.Title}, s.Glyphs.Ellipsis)
		}
		seen[sec.Kind] = true
		if i < 9 {
			label = fmt.Sprintf("%d %s", i+1, label)
		}
		texts[i] = " " + label + " "
		widths[i] = ansi.StringWidth(texts[i])
		total += widths[i]
	}
	cur := max(0, min(r.current, n-1))
	lo, hi := 0, n-1
	x := 0
	if total > r.width {
		// One column each side for the markers.
		budget := r.width - 2
		lo, hi = cur, cur
		used := widths[cur]
		for grew := true; grew; {
			grew = false
			if hi+1 < n && used+widths[hi+1] <= budget {
				hi++
				used += widths[hi]
				grew = true
			}
			if lo > 0 && used+widths[lo-1] <= budget {
				lo--
				used += widths[lo]
				grew = true
			}
		}
		x = 1
	}
	var b strings.Builder
	if x == 1 {
		if lo > 0 {
			b.WriteString(s.TabMore.Render(s.Glyphs.More[0]))
		} else {
			b.WriteString(" ")
		}
	}
	for i := lo; i <= hi; i++ {
		text := texts[i]
		avail := r.width - x - 1
		if widths[i] > avail+1 { // a single tab wider than the screen
			text = ansi.Truncate(text, max(0, avail), s.Glyphs.Ellipsis)
		}
		w := ansi.StringWidth(text)
		switch {
		case i == cur && s.Plain:
			b.WriteString("[" + text[1:len(text)-1] + "]")
		case i == cur:
			b.WriteString(s.TabActive.Render(text))
		default:
			b.WriteString(s.Tab.Render(text))
		}
		r.tabs = append(r.tabs, tabSpan{x0: x, x1: x + w, section: i})
		x += w
	}
	if hi < n-1 {
		b.WriteString(s.TabMore.Render(s.Glyphs.More[1]))
	}
	r.tabRow = b.String()
}

// syncCurrent marks the section at the top of the body: the last one whose
// start is at or above the top line; at the very bottom, the last one whose
// start is visible. A section jumped to stays marked until the next scroll.
func (r *Reader) syncCurrent() {
	prev := r.current
	n := r.sectionCount()
	switch {
	case n == 0 || !r.ready:
		r.current = max(0, r.pinned)
	case r.pinned >= 0 && r.pinned < n:
		r.current = r.pinned
	default:
		top := r.vp.y
		starts := r.rendered.SectionStarts[:min(n, len(r.rendered.SectionStarts))]
		cur := 0
		for i, st := range starts {
			if st <= top {
				cur = i
			}
		}
		if r.vp.atBottom() {
			bottom := top + r.vp.height
			for i, st := range starts {
				if st < bottom {
					cur = max(cur, i)
				}
			}
		}
		r.current = cur
	}
	if r.current != prev {
		r.buildTabs()
	}
}

// JumpTo scrolls to the start of section i and marks it; a section not
// rendered yet is landed on when its part comes.
func (r *Reader) JumpTo(i int) {
	n := r.sectionCount()
	if i < 0 || i >= n {
		return
	}
	r.pinned, r.moved = i, true
	r.spotHold = spotHold{}
	r.seek(goal{kind: goalSection, sec: i})
	r.syncCurrent()
	r.refresh()
}

// toBottom scrolls to the end of the brief: of what is rendered now and,
// while the render comes in parts, of each part, until the last.
func (r *Reader) toBottom() {
	r.scrollBy(math.MaxInt32)
	if !r.ready || r.rendered.Partial {
		r.goal = goal{kind: goalBottom}
	}
}

// ScrollTo puts line y at the top, as far as the render allows (esc in
// the find bar goes back to where the reader was before typing moved it).
func (r *Reader) ScrollTo(y int) {
	if !r.ready || y == r.vp.y {
		return
	}
	r.scrollBy(y - r.vp.y)
	r.refresh()
}

// scrollBy scrolls n lines down (up when negative). Before the render has
// come, the keys still count: the render opens where they asked (early).
// A jump still waiting for its part is given up: the reader moved on.
func (r *Reader) scrollBy(n int) {
	r.goal = goal{}
	if r.ready {
		r.vp.by(n)
	} else {
		r.early = max(0, min(r.early+n, math.MaxInt32))
	}
	r.scrolled()
}

// scrolled is called after every scroll: the mark follows the position again.
func (r *Reader) scrolled() {
	r.pinned, r.moved = -1, true
	r.spotHold = spotHold{}
	r.syncCurrent()
}

// Moved reports whether the view has moved since the brief opened: scroll
// keys (even pressed before the render came), a jump to a section, a find
// landing on its first match. A reading position restored after that would
// undo what the reader asked for, or what the brief was opened to show.
func (r Reader) Moved() bool { return r.moved }

// Update handles keys and mouse messages. Mouse coordinates must be relative
// to the reader's top-left corner: the root translates them.
func (r Reader) Update(msg tea.Msg) (Reader, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if r.toc {
			r = r.handleTOCKey(msg)
		} else {
			r, cmd = r.handleKey(msg)
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			r.scrollBy(-3)
		case tea.MouseWheelDown:
			r.scrollBy(3)
		}
	case tea.MouseClickMsg:
		if msg.Button == tea.MouseLeft && msg.Y == r.tabLine && !r.toc {
			for _, t := range r.tabs {
				if msg.X >= t.x0 && msg.X < t.x1 {
					r.JumpTo(t.section)
				}
			}
		}
	}
	r.refresh()
	return r, cmd
}

func (r Reader) handleKey(msg tea.KeyPressMsg) (Reader, tea.Cmd) {
	k := r.keys
	switch {
	case key.Matches(msg, k.Back):
		return r, func() tea.Msg { return CloseReaderMsg{} }
	case key.Matches(msg, k.NextBrief):
		return r, func() tea.Msg { return StepBriefMsg{Delta: 1} }
	case key.Matches(msg, k.PrevBrief):
		return r, func() tea.Msg { return StepBriefMsg{Delta: -1} }
	case key.Matches(msg, k.Section):
		r.JumpTo(int(msg.String()[0] - '1'))
	case key.Matches(msg, k.NextSection):
		r.JumpTo(min(r.current+1, r.sectionCount()-1))
	case key.Matches(msg, k.PrevSection):
		r.JumpTo(max(r.current-1, 0))
	case key.Matches(msg, k.TOC):
		if r.sectionCount() > 0 {
			r.toc, r.tocCursor = true, r.current
		}
	case key.Matches(msg, k.Down):
		r.scrollBy(1)
	case key.Matches(msg, k.Up):
		r.scrollBy(-1)
	case key.Matches(msg, k.PageDown):
		r.scrollBy(r.vp.height)
	case key.Matches(msg, k.PageUp):
		r.scrollBy(-r.vp.height)
	case key.Matches(msg, k.HalfPageDown):
		r.scrollBy(r.vp.height / 2)
	case key.Matches(msg, k.HalfPageUp):
		r.scrollBy(-r.vp.height / 2)
	case key.Matches(msg, k.Top):
		r.scrollBy(-math.MaxInt32)
	case key.Matches(msg, k.Bottom):
		r.toBottom()
	}
	return r, nil
}

func (r Reader) handleTOCKey(msg tea.KeyPressMsg) Reader {
	k := r.tocKeys
	n := r.sectionCount()
	switch {
	case key.Matches(msg, k.Close):
		r.closeTOC()
	case key.Matches(msg, k.Select):
		r.closeTOC()
		r.JumpTo(r.tocCursor)
	default:
		r.tocCursor, _ = listMove(k, msg, r.tocCursor, n, n-1)
	}
	return r
}

func (r *Reader) closeTOC() {
	r.toc = false
}

// View returns the reader: exactly height lines, none wider than width.
func (r Reader) View() string { return r.view }

// refresh draws the reader; every exported method that changes state and
// Update end with it.
func (r *Reader) refresh() { r.view = r.draw() }

func (r Reader) draw() string {
	if r.width <= 0 || r.height <= 0 {
		return ""
	}
	lines := make([]string, 0, r.height)
	lines = append(lines, r.header...)
	lines = append(lines, r.tabRow)
	if !r.compact {
		lines = append(lines, r.rule)
	}
	bodyH := r.vp.height
	switch {
	case r.toc:
		lines = append(lines, r.tocView(bodyH))
	case r.err != "":
		lines = append(lines, placeBody(r.styles.Error.Render(ansi.Truncate("Could not render: "+r.err, r.width, r.styles.Glyphs.Ellipsis)), bodyH))
	case !r.ready:
		lines = append(lines, placeBody(r.styles.Dim.Render("Rendering"+r.styles.Glyphs.Ellipsis), bodyH))
	default:
		lines = append(lines, r.bodyView(bodyH))
	}
	// The chrome is laid out to fit; only a terminal narrower than the
	// shortest layout needs every line measured.
	return clip(strings.Join(lines, "\n"), r.width, r.height, r.width < minLayoutWidth)
}

// minLayoutWidth is the narrowest width the reader's chrome is laid out for.
const minLayoutWidth = 20

// bodyView is the part of the render on screen. The viewport keeps the
// scroll state; the lines are sliced here rather than through its View,
// which pads every line with lipgloss on each frame. Lines wider than the
// reader (wide runes glamour did not wrap) are cut; SetRendered measured them.
func (r Reader) bodyView(h int) string {
	if h <= 0 {
		return ""
	}
	top := r.vp.y
	lines := r.rendered.Lines[min(top, len(r.rendered.Lines)):min(top+h, len(r.rendered.Lines))]
	if r.wide {
		cut := make([]string, len(lines))
		for i, l := range lines {
			cut[i] = fit(l, r.width)
		}
		lines = cut
	}
	lines = r.markFinds(lines, top)
	lines = r.decorate(lines, top)
	lines = r.hyperlinked(lines, top)
	out := strings.Join(lines, "\n")
	if pad := h - len(lines); pad > 0 {
		out += strings.Repeat("\n", pad)
	}
	return out
}

func ruleGlyph(s *Styles) string {
	if s.Plain {
		return "-"
	}
	return "─"
}

// placeBody puts one line of text at the top of a body of height h.
func placeBody(text string, h int) string {
	if h <= 0 {
		return ""
	}
	lines := make([]string, h)
	lines[min(1, h-1)] = "  " + text
	return strings.Join(lines, "\n")
}

// tocView is the table of contents, a box over the body area.
func (r Reader) tocView(h int) string {
	s := r.styles
	n := r.sectionCount()
	inner := min(r.width-4, 60) // border and padding take 4 columns
	rows := max(1, min(n, h-3)) // border 2, heading 1
	first := max(0, min(r.tocCursor-rows/2, n-rows))
	items := []string{s.OverHead.Render("Contents")}
	for i := first; i < first+rows && i < n; i++ {
		sec := r.brief.Sections[i]
		title := termsafe.Line(sec.Title)
		if title == "" {
			title = TabLabel(sec, s.Glyphs.Ellipsis)
		}
		mark := "  "
		if i == r.tocCursor {
			mark = s.Glyphs.Cursor + " "
		}
		line := ansi.Truncate(fmt.Sprintf("%s%d  %s", mark, i+1, title), max(0, inner), s.Glyphs.Ellipsis)
		if i == r.tocCursor {
			line = s.Selected.Render(line)
		}
		items = append(items, line)
	}
	box := s.Overlay.Width(inner + 4).Render(strings.Join(items, "\n"))
	return PlaceOverlay(box, r.width, h)
}

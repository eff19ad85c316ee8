package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
)

// DigestMargin is how many entries past the screen are rendered ahead, so
// scrolling finds them ready.
const DigestMargin = 4

// Digest is one kind of section from many briefs as one scrollable stream,
// each entry headed by its brief's title, date and source. It is lazy: only
// the entries on screen and a margin are rendered (by the root, in a
// command: see Wanted and SetBodies), and only those are drawn.
type Digest struct {
	styles  *Styles
	keys    *KeyMap
	label   string
	entries []briefs.DigestEntry

	bodies  map[int][]string // rendered body lines per entry, for renderW and theme
	pending map[int]bool     // asked for, not arrived
	renderW int
	theme   string
	gen     int // counts the entry lists: a render of an older one is dropped

	top, off      int // entry at the top of the screen and the line of it shown first
	width, height int

	// hold is the line of the top entry to go back to once its new render
	// arrives, after Refresh or a new width dropped the old one, out of
	// holdOf lines it had then (a render at another width has more or
	// fewer: the line is kept in proportion); holding says there is one.
	hold, holdOf int
	holding      bool
}

// NewDigest returns an empty digest.
func NewDigest(s *Styles, k KeyMap) Digest {
	return Digest{styles: s, keys: k.forScreen(ScreenDigest), bodies: map[int][]string{}, pending: map[int]bool{}}
}

// SetEntries shows entries under a heading naming the section (label, made
// safe here: it may be what the reader typed), from the top.
func (d *Digest) SetEntries(label string, es []briefs.DigestEntry) {
	d.label, d.entries = termsafe.Line(label), es
	d.bodies, d.pending = map[int][]string{}, map[int]bool{}
	d.gen++
	d.top, d.off, d.holding = 0, 0, false
}

// Refresh replaces the entries with es, the same digest over a reloaded
// library, and keeps the reader's place: the brief at the top stays there,
// at the same line where it can; when it is gone, the next entry still
// there (or else the previous one) takes its place. A body whose section
// text did not change keeps its render (the render depends on nothing
// else); the others are rendered again.
func (d *Digest) Refresh(es []briefs.DigestEntry) {
	at := make(map[string]int, len(es))
	for i, e := range es {
		at[e.Brief.ID] = i
	}
	bodies := map[int][]string{}
	for j, old := range d.entries {
		i, ok := at[old.Brief.ID]
		if b, done := d.bodies[j]; ok && done && sectionBody(es[i]) == sectionBody(old) {
			bodies[i] = b
		}
	}
	top, off, same := d.place(at)
	height := d.entryHeight(d.top)
	d.entries, d.bodies, d.pending = es, bodies, map[int]bool{}
	d.gen++
	d.top, d.off, d.holding = top, off, false
	if _, ok := bodies[top]; same && !ok && off > 0 {
		// Until the new render comes, the placeholder is shown whole
		// (it is too short for the line): come back to the line then.
		d.holdLine(off, height)
	}
	d.clamp()
}

// place is where the reader's place goes among new entries (at maps a
// brief's ID to its new index): the top entry and line, and whether it is
// still the same brief.
func (d Digest) place(at map[string]int) (top, off int, same bool) {
	if d.top < 0 || d.top >= len(d.entries) {
		return 0, 0, false
	}
	if i, ok := at[d.entries[d.top].Brief.ID]; ok {
		return i, d.off, true
	}
	for j := d.top + 1; j < len(d.entries); j++ {
		if i, ok := at[d.entries[j].Brief.ID]; ok {
			return i, 0, false
		}
	}
	for j := d.top - 1; j >= 0; j-- {
		if i, ok := at[d.entries[j].Brief.ID]; ok {
			return i, 0, false
		}
	}
	return 0, 0, false
}

// sectionBody is the text of an entry's section, what its render shows;
// for a brief listed without its text, what stands for it: the file's hash
// and the section's place.
func sectionBody(e briefs.DigestEntry) string {
	if e.Section < 0 || e.Section >= len(e.Brief.Sections) {
		return ""
	}
	if !briefs.HasText(e.Brief) {
		return e.Brief.Hash + "#" + strconv.Itoa(e.Section)
	}
	return e.Brief.Sections[e.Section].Body
}

// SetSize sets the digest's width and height (the heading included).
func (d *Digest) SetSize(w, h int) {
	d.width, d.height = max(0, w), max(0, h)
	d.clamp()
}

// SetStyles replaces the styles, after the terminal reported its background.
func (d *Digest) SetStyles(s *Styles) { d.styles = s }

// SetRenderKey sets the width and theme bodies are rendered at; renders for
// another key are dropped.
func (d *Digest) SetRenderKey(width int, theme string) {
	if width == d.renderW && theme == d.theme {
		return
	}
	d.renderW, d.theme = width, theme
	d.holding = false
	if _, ok := d.bodies[d.top]; ok && d.off > 0 {
		d.holdLine(d.off, d.entryHeight(d.top))
	}
	d.bodies, d.pending = map[int][]string{}, map[int]bool{}
}

// holdLine shows the top entry from its start until its new render comes,
// then from line off of height lines, in proportion.
func (d *Digest) holdLine(off, height int) {
	d.hold, d.holdOf, d.holding, d.off = off, height, true, 0
}

// RenderKey is the width and theme bodies must be rendered at.
func (d Digest) RenderKey() (int, string) { return d.renderW, d.theme }

// Gen numbers the entry lists (SetEntries, Refresh): a render must be
// handed to SetBodies with the Gen of the entries it was made from.
func (d Digest) Gen() int { return d.gen }

// Len is the number of entries.
func (d Digest) Len() int { return len(d.entries) }

// Index is the entry at the top of the screen: the one enter opens.
func (d Digest) Index() int { return d.top }

// Current is the entry at the top of the screen.
func (d Digest) Current() (briefs.DigestEntry, bool) {
	if d.top < 0 || d.top >= len(d.entries) {
		return briefs.DigestEntry{}, false
	}
	return d.entries[d.top], true
}

// Wanted lists the entries on screen, and with margin those around it too
// (DigestMargin), that have no render and none on the way; the root renders
// them and marks them pending. Asking for the screen first and the margin
// next puts the first screen up sooner.
func (d Digest) Wanted(margin int) []int {
	var out []int
	from := d.top
	if margin > 0 {
		from = max(0, d.top-1)
	}
	to := min(len(d.entries), d.lastVisible()+1+margin)
	for i := from; i < to; i++ {
		if _, ok := d.bodies[i]; !ok && !d.pending[i] {
			out = append(out, i)
		}
	}
	return out
}

// MarkPending records that the renders of idx are on the way.
func (d *Digest) MarkPending(idx []int) {
	for _, i := range idx {
		d.pending[i] = true
	}
}

// Unpending forgets that the entries at idx of generation gen were asked
// for, when their render failed: they are asked for again when they are
// next in view.
func (d *Digest) Unpending(gen int, idx []int) {
	if gen != d.gen {
		return
	}
	for _, i := range idx {
		delete(d.pending, i)
	}
}

// Entries returns the entries at idx (for the command that renders them).
func (d Digest) Entries(idx []int) []briefs.DigestEntry {
	out := make([]briefs.DigestEntry, 0, len(idx))
	for _, i := range idx {
		out = append(out, d.entries[i])
	}
	return out
}

// SetBodies takes rendered bodies (entry index to lines) made from the
// entries of generation gen at width and theme; a render for other entries
// or another key is dropped.
func (d *Digest) SetBodies(gen, width int, theme string, bodies map[int][]string) {
	if gen != d.gen || width != d.renderW || theme != d.theme {
		return
	}
	for i, b := range bodies {
		if i < 0 || i >= len(d.entries) {
			continue
		}
		d.bodies[i] = b
		delete(d.pending, i)
	}
	if _, ok := bodies[d.top]; ok && d.holding {
		d.off, d.holding = d.hold*d.entryHeight(d.top)/max(d.holdOf, 1), false
	}
	d.clamp()
}

// RenderDigestBodies renders the sections of entries with one glamour
// renderer (it is not safe for concurrent use: call from one command). Each
// entry's lines are at most width wide.
func RenderDigestBodies(entries []briefs.DigestEntry, width int, theme string) ([][]string, error) {
	tr, err := newTermRenderer(width, theme)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(entries))
	for i, e := range entries {
		body := ""
		b, err := briefs.Full(e.Brief) // a brief listed without its text reads it here, in the command
		switch {
		case err != nil && !errors.Is(err, briefs.ErrChanged):
			body = "*This brief's file could not be read: " + err.Error() + "*"
		case e.Section >= 0 && e.Section < len(b.Sections):
			body = b.Sections[e.Section].Body
		}
		lines, err := renderLines(tr, termsafe.Markdown(body))
		if err != nil {
			return nil, err
		}
		out[i] = lines
	}
	return out, nil
}

// entryHeight is the lines entry i takes: title, metadata, body, a blank.
func (d Digest) entryHeight(i int) int {
	if b, ok := d.bodies[i]; ok {
		return 3 + len(b)
	}
	return 4 // the placeholder line
}

// bodyRows is the height of the stream under the heading.
func (d Digest) bodyRows() int { return max(0, d.height-1) }

// lastVisible is the last entry with a line on screen.
func (d Digest) lastVisible() int {
	rows := d.bodyRows() + d.off
	i := d.top
	for ; i < len(d.entries); i++ {
		rows -= d.entryHeight(i)
		if rows <= 0 {
			break
		}
	}
	return min(i, len(d.entries)-1)
}

// scroll moves the stream n lines down (up for negative n).
func (d *Digest) scroll(n int) {
	d.off += n
	for d.off < 0 && d.top > 0 {
		d.top--
		d.off += d.entryHeight(d.top)
	}
	for d.top < len(d.entries)-1 && d.off >= d.entryHeight(d.top) {
		d.off -= d.entryHeight(d.top)
		d.top++
	}
	d.clamp()
}

// clamp keeps the position inside the stream.
func (d *Digest) clamp() {
	if len(d.entries) == 0 {
		d.top, d.off = 0, 0
		return
	}
	d.top = max(0, min(d.top, len(d.entries)-1))
	d.off = max(0, min(d.off, d.entryHeight(d.top)-1))
}

// Update handles the keys of the digest screen: scrolling and moving from
// entry to entry. Opening and leaving are the root's business.
func (d Digest) Update(msg tea.Msg) (Digest, tea.Cmd) {
	page := max(1, d.bodyRows()-1)
	top, off := d.top, d.off
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			d.scroll(-3)
		case tea.MouseWheelDown:
			d.scroll(3)
		}
	case tea.KeyPressMsg:
		k := d.keys
		switch {
		case key.Matches(msg, k.NextEntry):
			if d.top < len(d.entries)-1 {
				d.top, d.off = d.top+1, 0
			}
		case key.Matches(msg, k.PrevEntry):
			if d.off == 0 {
				d.top = max(0, d.top-1)
			}
			d.off = 0
		case key.Matches(msg, k.Down):
			d.scroll(1)
		case key.Matches(msg, k.Up):
			d.scroll(-1)
		case key.Matches(msg, k.PageDown):
			d.scroll(page)
		case key.Matches(msg, k.PageUp):
			d.scroll(-page)
		case key.Matches(msg, k.HalfPageDown):
			d.scroll(page / 2)
		case key.Matches(msg, k.HalfPageUp):
			d.scroll(-page / 2)
		case key.Matches(msg, k.Top):
			d.top, d.off = 0, 0
		case key.Matches(msg, k.Bottom):
			d.top, d.off = max(0, len(d.entries)-1), 0
		}
	}
	d.clamp()
	if d.top != top || d.off != off {
		d.holding = false // the reader has moved on from the line held
	}
	return d, nil
}

// View is the heading and the visible part of the stream: exactly height
// lines, none wider than width. Only the entries on screen are drawn.
func (d Digest) View() string {
	if d.width <= 0 || d.height <= 0 {
		return ""
	}
	s := d.styles
	pos := ""
	if len(d.entries) > 0 {
		pos = fmt.Sprintf("%d/%d", d.top+1, len(d.entries))
	}
	head := StatusBar(s, s.Title.Render("Digest")+s.Dim.Render(s.Glyphs.Sep+d.label), s.Dim.Render(pos), d.width)
	lines := []string{head}
	rows := d.bodyRows()
	if len(d.entries) == 0 {
		lines = append(lines, placeBody(s.Dim.Render("No brief in the list has this section."), rows))
		return clip(strings.Join(lines, "\n"), d.width, d.height, true)
	}
	body := make([]string, 0, rows+d.off)
	for i := d.top; i < len(d.entries) && len(body) < rows+d.off; i++ {
		body = append(body, d.entryLines(i, i == d.top)...)
	}
	body = body[min(d.off, len(body)):]
	if len(body) > rows {
		body = body[:rows]
	}
	lines = append(lines, body...)
	return clip(strings.Join(lines, "\n"), d.width, d.height, true)
}

// entryLines draws entry i: its heading, its body (or a placeholder until
// the render arrives) and a blank line.
func (d Digest) entryLines(i int, current bool) []string {
	s := d.styles
	e := d.entries[i]
	title := termsafe.Line(e.Brief.Title)
	if title == "" {
		title = termsafe.Line(e.Brief.ID)
	}
	mark := "  "
	style := s.Title
	if current {
		mark = s.Cursor.Render(s.Glyphs.Cursor) + " "
		style = s.Selected
	}
	meta := entryMeta(e.Brief, s.Glyphs.Sep, s.DateLayout)
	out := []string{
		mark + style.Render(truncate(title, d.width-2, s.Glyphs.Ellipsis)),
		"  " + s.Meta.Render(truncate(meta, d.width-2, s.Glyphs.Ellipsis)),
	}
	if b, ok := d.bodies[i]; ok {
		out = append(out, b...)
	} else {
		out = append(out, "  "+s.Dim.Render("Rendering"+s.Glyphs.Ellipsis))
	}
	return append(out, "")
}

// entryMeta is the date and the source of a digest entry's brief.
func entryMeta(b *briefs.Brief, sep, layout string) string {
	return strings.Join(dateAndSource(b, layout), sep)
}

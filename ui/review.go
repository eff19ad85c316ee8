package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/notes"
	"github.com/charmbracelet/x/ansi"
)

// NoteMatcher decides whether a note passes the review filter q. title is
// the note's brief title. The query language plugs in here; the default is
// SubstringMatch.
type NoteMatcher func(n notes.Note, title, q string) bool

// SubstringMatch is the plain filter: q, case-insensitive, in the brief
// title, the section, the quote or the body.
func SubstringMatch(n notes.Note, title, q string) bool {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return true
	}
	for _, f := range []string{title, n.BriefID, n.Section.Title, n.Quote, n.Body} {
		if strings.Contains(strings.ToLower(f), q) {
			return true
		}
	}
	return false
}

// reviewRow is one line of the review list: a brief heading, a section
// heading or a note (note >= 0, an index into the shown notes).
type reviewRow struct {
	text string
	kind int // 0 brief, 1 section, 2 note
	note int
}

// Review is the review screen: all notes, grouped by brief and section,
// with a filter line.
type Review struct {
	styles  *Styles
	all     []notes.Note
	titles  map[string]string
	match   NoteMatcher
	filter  textBuffer
	editing bool // the filter line has the keys
	shown   []notes.Note
	rows    []reviewRow
	cursor  int // index into shown
	offset  int // first row on screen
	width   int
	height  int
}

// NewReview returns an empty review screen that filters with match (nil:
// SubstringMatch).
func NewReview(s *Styles, match NoteMatcher) Review {
	if match == nil {
		match = SubstringMatch
	}
	return Review{styles: s, match: match}
}

// SetMatcher replaces the filter (nil: SubstringMatch), e.g. once the
// library and the reader's marks are known, and applies it.
func (v *Review) SetMatcher(match NoteMatcher) {
	if match == nil {
		match = SubstringMatch
	}
	v.match = match
	v.apply()
}

// SetNotes replaces the notes (in brief, section, creation order, as
// Store.AllNotes returns them) and the brief titles.
func (v *Review) SetNotes(all []notes.Note, titles map[string]string) {
	v.all, v.titles = all, titles
	v.apply()
}

// SetSize sets the screen's size.
func (v *Review) SetSize(w, h int) {
	v.width, v.height = w, h
	v.scroll()
}

// SetStyles replaces the styles.
func (v *Review) SetStyles(s *Styles) { v.styles = s }

// Filter is the filter text.
func (v Review) Filter() string { return v.filter.value() }

// Editing reports whether the filter line has the keys.
func (v Review) Editing() bool { return v.editing }

// SetEditing gives the keys to the filter line or takes them back.
func (v *Review) SetEditing(on bool) { v.editing = on }

// UpdateFilter edits the filter line with a key or a paste and re-filters.
func (v *Review) UpdateFilter(msg tea.Msg) {
	changed := false
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if msg.String() == "enter" {
			return
		}
		changed = v.filter.key(msg)
	case tea.PasteMsg:
		v.filter.insert(strings.ReplaceAll(msg.Content, "\n", " "))
		changed = true
	}
	if changed {
		v.apply()
	}
}

// ClearFilter empties the filter.
func (v *Review) ClearFilter() {
	v.filter = textBuffer{}
	v.apply()
}

// Len is the number of notes shown (after the filter).
func (v Review) Len() int { return len(v.shown) }

// Move moves the cursor by delta notes, clamped.
func (v *Review) Move(delta int) {
	v.cursor = max(0, min(v.cursor+delta, len(v.shown)-1))
	v.scroll()
}

// Selected is the note under the cursor.
func (v Review) Selected() (notes.Note, bool) {
	if v.cursor < 0 || v.cursor >= len(v.shown) {
		return notes.Note{}, false
	}
	return v.shown[v.cursor], true
}

// Shown are the notes that pass the filter.
func (v Review) Shown() []notes.Note { return v.shown }

func (v *Review) title(id string) string {
	if t := v.titles[id]; t != "" {
		return t
	}
	return id
}

// apply filters the notes and lays out the grouped rows.
func (v *Review) apply() {
	q := v.filter.value()
	v.shown = v.shown[:0:0]
	v.rows = nil
	lastBrief, lastSection := "", -1
	for _, n := range v.all {
		title := v.title(n.BriefID)
		if !v.match(n, title, q) {
			continue
		}
		if n.BriefID != lastBrief {
			v.rows = append(v.rows, reviewRow{text: SanitizeLine(title), kind: 0, note: -1})
			lastBrief, lastSection = n.BriefID, -1
		}
		if n.Section.Index != lastSection {
			v.rows = append(v.rows, reviewRow{text: SectionLabel(n.Section), kind: 1, note: -1})
			lastSection = n.Section.Index
		}
		v.rows = append(v.rows, reviewRow{kind: 2, note: len(v.shown)})
		v.shown = append(v.shown, n)
	}
	v.cursor = max(0, min(v.cursor, len(v.shown)-1))
	v.scroll()
}

// listRows is how many rows of the list fit: the title and filter lines
// take two.
func (v Review) listRows() int { return max(1, v.height-2) }

// scroll keeps the cursor's row (and its headings when they fit) on screen.
func (v *Review) scroll() {
	at := 0
	for i, r := range v.rows {
		if r.kind == 2 && r.note == v.cursor {
			at = i
		}
	}
	rows := v.listRows()
	if at < v.offset+2 {
		v.offset = max(0, at-2)
	}
	if at >= v.offset+rows {
		v.offset = at - rows + 1
	}
	v.offset = max(0, min(v.offset, len(v.rows)-rows))
}

// View draws the screen: exactly height lines of at most width.
func (v Review) View() string {
	s := v.styles
	g := MarkGlyphs(s)
	w := v.width
	if w <= 0 || v.height <= 0 {
		return ""
	}
	count := fmt.Sprintf("%d of %d notes", len(v.shown), len(v.all))
	if len(v.shown) == len(v.all) {
		count = fmt.Sprintf("%d notes", len(v.all))
	}
	lines := []string{StatusBar(s, s.Title.Render("Review"), s.Dim.Render(count), w)}
	filter := SanitizeLine(v.filter.value())
	prompt := "/ filter: "
	switch {
	case v.editing:
		lines = append(lines, ansi.Truncate(s.OverHead.Render(prompt)+filter+"_", w, s.Glyphs.Ellipsis))
	case filter != "":
		lines = append(lines, ansi.Truncate(s.Dim.Render(prompt)+filter, w, s.Glyphs.Ellipsis))
	default:
		lines = append(lines, s.Dim.Render(ansi.Truncate("/ to filter (title, quote, note text)", w, s.Glyphs.Ellipsis)))
	}
	if len(v.shown) == 0 {
		msg := "No notes yet: open a brief, press v to select paragraphs and a to add a note."
		if len(v.all) > 0 {
			msg = "No note matches the filter."
		}
		lines = append(lines, "", s.Dim.Render(ansi.Truncate("  "+msg, w, s.Glyphs.Ellipsis)))
	}
	end := min(len(v.rows), v.offset+v.listRows())
	for _, r := range v.rows[v.offset:end] {
		switch r.kind {
		case 0:
			lines = append(lines, s.Title.Render(ansi.Truncate(r.text, w, s.Glyphs.Ellipsis)))
		case 1:
			lines = append(lines, s.OverHead.Render(ansi.Truncate("  "+r.text, w, s.Glyphs.Ellipsis)))
		default:
			n := v.shown[r.note]
			mark := g.Note
			if n.IsHighlight() {
				mark = g.Highlight
			}
			text := NoteSnippet(n)
			if q := QuoteSnippet(n); q != "" && !n.IsHighlight() {
				text += s.Glyphs.Sep + "“" + q + "”"
			}
			stamp := n.Updated.Local().Format("2006-01-02")
			line := "    " + mark + " " + text
			cur := r.note == v.cursor
			if cur {
				line = "  " + s.Glyphs.Cursor + " " + mark + " " + text
			}
			room := w - len(stamp) - 1
			if room < 20 {
				line = ansi.Truncate(line, w, s.Glyphs.Ellipsis)
				stamp = ""
			} else {
				line = ansi.Truncate(line, room, s.Glyphs.Ellipsis)
			}
			if cur {
				line = s.Selected.Render(line)
			}
			if stamp != "" {
				line += strings.Repeat(" ", max(1, w-ansi.StringWidth(line)-len(stamp))) + s.Dim.Render(stamp)
			}
			lines = append(lines, line)
		}
	}
	return clip(strings.Join(lines, "\n"), w, v.height, true)
}

// textBuffer is editable text with a cursor (a rune index): the review
// screen's filter line, which needs no more than this.
type textBuffer struct {
	text []rune
	pos  int
}

func (b *textBuffer) value() string { return string(b.text) }

func (b *textBuffer) insert(s string) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	r := []rune(s)
	b.text = append(b.text[:b.pos], append(r, b.text[b.pos:]...)...)
	b.pos += len(r)
}

// lineStart and lineEnd are the bounds of the logical line holding i.
func (b *textBuffer) lineStart(i int) int {
	for i > 0 && b.text[i-1] != '\n' {
		i--
	}
	return i
}

func (b *textBuffer) lineEnd(i int) int {
	for i < len(b.text) && b.text[i] != '\n' {
		i++
	}
	return i
}

// key applies one key press; it reports whether the text changed. The
// editor's own bindings (save, discard) are matched by the root first.
func (b *textBuffer) key(k tea.KeyPressMsg) bool {
	switch k.String() {
	case "enter":
		b.insert("\n")
	case "backspace", "ctrl+h":
		if b.pos == 0 {
			return false
		}
		b.text = append(b.text[:b.pos-1], b.text[b.pos:]...)
		b.pos--
	case "delete", "ctrl+d":
		if b.pos == len(b.text) {
			return false
		}
		b.text = append(b.text[:b.pos], b.text[b.pos+1:]...)
	case "left", "ctrl+b":
		b.pos = max(0, b.pos-1)
		return false
	case "right", "ctrl+f":
		b.pos = min(len(b.text), b.pos+1)
		return false
	case "home", "ctrl+a":
		b.pos = b.lineStart(b.pos)
		return false
	case "end", "ctrl+e":
		b.pos = b.lineEnd(b.pos)
		return false
	case "up", "down":
		col := b.pos - b.lineStart(b.pos)
		if k.String() == "up" {
			if st := b.lineStart(b.pos); st > 0 {
				prev := b.lineStart(st - 1)
				b.pos = min(prev+col, st-1)
			}
		} else if end := b.lineEnd(b.pos); end < len(b.text) {
			b.pos = min(end+1+col, b.lineEnd(end+1))
		}
		return false
	default:
		if k.Text == "" {
			return false
		}
		b.insert(k.Text)
	}
	return true
}

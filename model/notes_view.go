package model

import (
	"strings"

	"github.com/briefing-dev/briefing/ui"
	"github.com/charmbracelet/x/ansi"
)

// panelMinWidth is the narrowest terminal where the notes panel is a side
// panel over the right of the reader; narrower, it covers the reader.
const panelMinWidth = 100

// layoutNotes sizes the editor, the panel and the review screen.
func (m *Model) layoutNotes() {
	rw, _ := m.readerFrame()
	m.notes.editor.SetSize(rw, max(editorMinRows, m.height/3))
	m.notes.panel.SetSize(m.panelWidth(), max(0, m.height-1))
	m.notes.review.SetSize(m.width, max(0, m.height-1))
}

// editorMinRows is the least the editor gets on a short terminal.
const editorMinRows = 7

func (m Model) panelWidth() int {
	if m.width < panelMinWidth {
		return m.width
	}
	return min(60, m.width*2/5)
}

// notesContent puts the notes screens over the body the root drew: the
// review screen instead of it, the panel on its right, the editor at its
// bottom. body is height-1 lines (the footer follows).
func (m Model) notesContent(body string) string {
	if m.overlay != overlayNone {
		return body
	}
	h := max(0, m.height-1)
	if m.notes.review.Focused() {
		v := m.notes.review
		out := v.View()
		if m.status != "" && m.screen != screenReader { // the reader's footer shows it already
			lines := strings.Split(out, "\n")
			lines[len(lines)-1] = ui.StatusBar(m.styles, m.styles.Error.Render(m.status), "", m.width)
			out = strings.Join(lines, "\n")
		}
		return out
	}
	if m.screen != screenReader || !m.notes.panel.Focused() && !m.notes.editor.Focused() {
		return body // nothing laid over it: no copy of the screen per frame
	}
	lines := strings.Split(body, "\n")
	if m.notes.panel.Focused() {
		p := m.notes.panel
		pw := m.panelWidth()
		x := m.width - pw
		for i, pl := range strings.Split(p.View(), "\n") {
			if i < len(lines) {
				lines[i] = padTo(ansi.Truncate(lines[i], x, ""), x) + pl
			}
		}
	}
	if m.notes.editor.Focused() {
		e := m.notes.editor
		_, x := m.readerFrame()
		el := strings.Split(e.View(), "\n")
		start := max(0, h-len(el))
		for i, l := range el {
			if start+i < len(lines) {
				lines[start+i] = strings.Repeat(" ", x) + l
			}
		}
	}
	return strings.Join(lines, "\n")
}

// padTo pads a styled line with spaces to w cells.
func padTo(l string, w int) string {
	if d := w - ansi.StringWidth(l); d > 0 {
		return l + strings.Repeat(" ", d)
	}
	return l
}

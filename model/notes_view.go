package model

import "github.com/briefing-dev/briefing/ui"

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
	if m.notes.review.Focused() {
		out := m.notes.review.View()
		if m.status != "" && m.screen != screenReader { // the reader's footer shows it already
			out = ui.ReplaceLastLine(out, ui.StatusLine(m.styles, m.status, m.width))
		}
		return out
	}
	if m.screen != screenReader {
		return body // nothing laid over it: no copy of the screen per frame
	}
	if m.notes.panel.Focused() {
		body = ui.PlaceRight(body, m.notes.panel.View(), m.width-m.panelWidth())
	}
	if m.notes.editor.Focused() {
		_, x := m.readerFrame()
		body = ui.PlaceBottom(body, m.notes.editor.View(), x, max(0, m.height-1))
	}
	return body
}

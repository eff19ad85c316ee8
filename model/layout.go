package model

import (
	"cmp"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/ui"
)

// maxReadingWidth caps the reader's column; wider terminals centre it.
const maxReadingWidth = 100

// Rows taken around the library list: the title bar, the status bar and the
// help footer. The reader has only the footer.
const (
	libraryChrome = 3
	readerChrome  = 1
)

// readerFrame is the reader column's width and left offset.
func (m Model) readerFrame() (w, x int) {
	w = min(m.width, cmp.Or(m.opts.Width, maxReadingWidth))
	return w, (m.width - w) / 2
}

func (m Model) handleResize(msg tea.WindowSizeMsg) (tea.Model, tea.Cmd) {
	oldW := m.reader.Width()
	m.width, m.height = msg.Width, msg.Height
	m.layout()
	if m.screen == screenDigest {
		return m, m.digestRenderCmd()
	}
	if m.screen != screenReader || m.reader.Width() == oldW {
		return m, nil
	}
	// Show a cached render at the new width at once; otherwise re-render
	// when the size has held still (dragging a window sends many sizes).
	b := m.reader.Brief()
	if _, ok := m.cache.Get(b, m.reader.Width(), m.renderTheme()); ok || !m.reader.Ready() {
		return m, m.renderOpen()
	}
	m.resizeSeq++
	seq := m.resizeSeq
	return m, m.clock().Tick(resizeDebounce, func(_ time.Time) tea.Msg { return resizeDoneMsg{seq: seq} })
}

// layout hands every component its size.
func (m *Model) layout() {
	m.library.SetSize(m.width, max(0, m.height-libraryChrome-m.roomRows()))
	rw, _ := m.readerFrame()
	m.reader.SetSize(rw, max(0, m.height-readerChrome-m.roomRows()))
	m.warnings.SetSize(m.width, max(0, m.height-1))
	m.help.SetSize(m.width, max(0, m.height-1))
	m.layoutNotes()
	m.layoutSearch()
}

// View draws the session's screen. It only joins strings the components
// prepared; renders happen in commands.
func (m Model) View() tea.View {
	v := tea.NewView(m.content())
	v.AltScreen = true
	if !m.opts.NoMouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
	v.WindowTitle = ui.WindowTitle(m.OpenBrief())
	return v
}

// content is the screen as text: exactly height lines, none wider than width.
func (m Model) content() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var body string
	switch {
	case m.overlay == overlayHelp:
		body = m.help.View()
	case m.overlay == overlayWarnings:
		body = m.warnings.View()
	case m.screen == screenDigest:
		body = m.digestView()
	case m.screen == screenReader:
		_, x := m.readerFrame()
		body = ui.Indent(m.reader.View(), x)
	default:
		list := m.library.View()
		if m.library.Len() == 0 && !m.loading {
			list = m.emptyList(list)
		}
		body = m.titleBar() + "\n" + list + "\n" + m.statusBar()
	}
	body = m.roomBar(body)
	body = m.notesContent(body)
	body = m.roomOver(body)
	return body + "\n" + m.footer()
}

// emptyList says why the list is empty, in place of its blank view (whose
// lines it keeps): a library with no briefs, or a search that matches none.
func (m Model) emptyList(blank string) string {
	var say []string
	switch {
	case (m.lib == nil || m.lib.Len() == 0) && m.opts.Library != nil: // served: the folder is not the reader's to give
		say = []string{"No briefs here."}
	case m.lib == nil || m.lib.Len() == 0:
		say = []string{"No briefs here.", "briefing reads .md, .markdown and .txt files: give it a folder, as in briefing ~/briefs."}
	case m.search.shown != "" && m.search.bar.Focused(): // the bar shows its own keys
		say = []string{"No brief matches " + m.search.shown + "."}
	case m.search.shown != "":
		say = []string{"No brief matches " + m.search.shown + ".", "esc clears the search; / changes it."}
	default:
		return blank
	}
	return ui.EmptyList(m.styles, blank, say, m.width)
}

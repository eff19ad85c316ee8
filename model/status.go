package model

import (
	"fmt"
	"strconv"

	"github.com/briefing-dev/briefing/ui"
)

// titleBar is the library's first line: the name and the order.
func (m Model) titleBar() string {
	s := m.styles
	if m.queryBarLines() > 0 {
		return m.searchBarView()
	}
	return ui.StatusBar(s, s.Title.Render("Briefing"), m.titleRight(), m.width)
}

// statusBar shows loading progress, then the count, the warnings and the
// position of the selection; a transient message takes the left side.
func (m Model) statusBar() string {
	s := m.styles
	var left, right string
	switch {
	case m.status != "":
		left = s.Error.Render(m.status)
	case m.loading && m.loadTotal > 0:
		left = s.Status.Render(fmt.Sprintf("Loading %s / %s%s", thousands(m.loadDone), thousands(m.loadTotal), s.Glyphs.Ellipsis))
	case m.loading:
		left = s.Status.Render("Loading" + s.Glyphs.Ellipsis)
	case m.lib.Len() == 0:
		left = s.Status.Render("No briefs found")
	default:
		left = s.Status.Render(m.countText())
	}
	if !m.loading && m.status == "" {
		if n := len(m.lib.Warnings()); n > 0 {
			left += s.Warning.Render(s.Glyphs.Sep + plural(n, "warning") + " — press w")
		}
		if ns := m.NotesStatus(); ns != "" {
			left += s.Warning.Render(s.Glyphs.Sep + ns)
		}
		if n := m.library.Len(); n > 0 {
			right = s.Dim.Render(fmt.Sprintf("%d/%d", m.library.Index()+1, n))
		}
	}
	return ui.StatusBar(s, left, right, m.width)
}

// footer is the short help of the focused screen, or a transient message in
// the reader (where there is no status bar).
func (m Model) footer() string {
	if m.find.bar.Focused() && m.screen == screenReader {
		return m.findBarView()
	}
	if m.status != "" && m.screen == screenReader {
		return ui.StatusBar(m.styles, m.styles.Error.Render(m.status), "", m.width)
	}
	s := m.focus()
	if m.shortHelp == nil { // a Model not made by New
		return ui.ShortHelpView(m.styles, m.keyMap(s), m.width)
	}
	k := footerKey{screen: s, filtering: m.filtering(), finding: m.reader.Finding(), width: m.width, styles: m.styles}
	if m.shortHelp.view == "" || m.shortHelp.key != k {
		// keyMap is a function of what k holds: the screen and the two
		// search states it consults.
		m.shortHelp.key, m.shortHelp.view = k, ui.ShortHelpView(m.styles, m.keyMap(s), m.width)
	}
	return m.shortHelp.view
}

// footerKey is what the short help of the footer depends on.
type footerKey struct {
	screen             ui.Screen
	filtering, finding bool
	width              int
	styles             *ui.Styles
}

// shortHelpMemo keeps the last short help drawn. Laying it out (the
// enabled bindings, the help model, the truncation) was a tenth of a busy
// SSH server's CPU, once per frame, for a line that changes only with the
// screen; it is shared by the copies of one session's model and written
// only by View, which the event loop calls.
type shortHelpMemo struct {
	key  footerKey
	view string
}

// plural formats "1 brief", "3,412 briefs".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return thousands(n) + " " + word + "s"
}

// thousands formats n with comma separators: 10000 -> "10,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

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
	if m.sr.findOpen && m.screen == screenReader {
		return m.findBarView()
	}
	if m.status != "" && m.screen == screenReader {
		return ui.StatusBar(m.styles, m.styles.Error.Render(m.status), "", m.width)
	}
	return ui.ShortHelpView(m.styles, m.keyMap(m.focus()), m.width)
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

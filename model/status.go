package model

import (
	"fmt"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/ui"
)

// statusScope is what a status message speaks of. Most messages simply
// clear after their time; a scoped one also goes as soon as what it speaks
// of is gone, so it is never read as being about something else.
type statusScope int

const (
	scopeNone       statusScope = iota
	scopeOpenBrief              // the brief open in the reader: goes when the reader closes or opens another
	scopeDiskChange             // "N briefs changed on disk": the next reload replaces it
	scopeReviewNote             // the note selected in the review screen: goes with the next key there
	scopeReloading              // "reloading…": goes when the files are read (triage.go)
)

// setScopedStatus is setStatus for a message about scope.
func (m *Model) setScopedStatus(scope statusScope, s string) tea.Cmd {
	cmd := m.setStatus(s)
	m.statusScope = scope
	return cmd
}

// endStatus clears the status message if it speaks of scope.
func (m *Model) endStatus(scope statusScope) {
	if m.status != "" && m.statusScope == scope {
		m.status, m.statusScope = "", scopeNone
		m.statusSeq++ // its pending clear must not take a newer message
	}
}

// titleBar is the library's first line: the name and the kept filter or
// the order, or the open query bar or digest prompt in its place.
func (m Model) titleBar() string {
	if m.queryBarLines() > 0 {
		return m.searchBarView()
	}
	if name := m.viewName(); name != "" {
		return ui.LibraryViewTitle(m.styles, name, m.sort.order, m.width)
	}
	return ui.LibraryTitle(m.styles, m.search.applied, m.sort.order, m.width)
}

// statusBar shows loading progress, then the count, the warnings and the
// position of the selection; a transient message takes the bar.
func (m Model) statusBar() string {
	st := ui.LibraryStatus{Message: m.status, Loading: m.loading}
	ellipsis := m.styles.Glyphs.Ellipsis
	switch {
	case m.loading && m.loadTotal > 0:
		st.Info = fmt.Sprintf("Loading %s / %s%s", thousands(m.loadDone), thousands(m.loadTotal), ellipsis)
		if m.loadLeft > 0 {
			st.Info += " about " + timeLeft(m.loadLeft) + " left"
		}
	case m.loading:
		st.Info = "Loading" + ellipsis
	case m.lib.Len() == 0:
		st.Info = "No briefs found"
	default:
		st.Info = m.countText() + m.unreadText()
	}
	if !m.loading && m.status == "" {
		if n := len(m.lib.Warnings()); n > 0 {
			st.Warnings = plural(n, "warning") + " — press w"
		}
		st.Notes = m.NotesStatus()
		if n := m.library.Len(); n > 0 {
			st.Position = fmt.Sprintf("%d/%d", m.library.Index()+1, n)
		}
	}
	return ui.LibraryStatusBar(m.styles, st, m.width)
}

// footer is the short help of the focused screen, or a transient message in
// the reader (where there is no status bar).
func (m Model) footer() string {
	if bar, ok := m.roomFooter(); ok {
		return bar
	}
	if m.find.bar.Focused() && m.screen == screenReader {
		return m.findBarView()
	}
	if m.status != "" && m.screen == screenReader {
		return ui.StatusLine(m.styles, m.status, m.width)
	}
	s := m.focus()
	if m.shortHelp == nil { // a Model not made by New
		return ui.ShortHelpView(m.styles, m.keyMap(s), m.width)
	}
	k := footerKey{screen: s, filtering: m.filtering(), finding: m.reader.Finding(), width: m.width, styles: m.styles,
		room: m.room.msg.Role, following: m.room.following}
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
	room               RoomRole // the room keys differ by role
	following          bool
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

// timeLeft is an estimate said roughly: "3 s", "1 min 20 s".
func timeLeft(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	switch {
	case s < 1:
		return "1 s"
	case s < 60:
		return fmt.Sprintf("%d s", s)
	}
	return fmt.Sprintf("%d min %d s", s/60, s%60)
}

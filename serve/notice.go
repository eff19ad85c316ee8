package serve

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The server tells a reader about something it did to their session (a
// paste it refused) on the bottom line of their screen, over the model's
// status line, for noticeFor. The model knows nothing of it: the session's
// painted wrapper draws it into each frame.

// noticeFor is how long a notice stays on the screen.
const noticeFor = 5 * time.Second

// clearNoticeMsg takes a notice down, unless a newer one replaced it.
type clearNoticeMsg struct{ seq int }

// setNotice shows line for noticeFor, over any notice before it.
func (m *painted) setNotice(line string) tea.Cmd {
	m.notice, m.noticeSeq = line, m.noticeSeq+1
	seq := m.noticeSeq
	return tea.Tick(noticeFor, func(time.Time) tea.Msg { return clearNoticeMsg{seq} })
}

// noticeOf is the line a message from the server's side of the session
// shows, if it is one.
func noticeOf(msg tea.Msg) (string, bool) {
	switch msg := msg.(type) {
	case pasteRefusedMsg:
		return fmt.Sprintf("paste refused: longer than %s", byteSize(msg.limit)), true
	}
	return "", false
}

// byteSize is n bytes in the largest unit that keeps a whole number.
func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// withNotice is a frame's content (height lines) with its bottom line
// replaced by the notice, cut to the width.
func withNotice(content, notice string, width, height int) string {
	if notice == "" || height <= 0 {
		return content
	}
	lines := strings.SplitN(content, "\n", height)
	for len(lines) < height {
		lines = append(lines, "")
	}
	line := ansi.Truncate(" "+notice+" ", width, "…")
	lines[height-1] = ansi.SGR(ansi.AttrReverse) + line + ansi.ResetStyle
	return strings.Join(lines, "\n")
}

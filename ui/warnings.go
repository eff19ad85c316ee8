package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

// WarningList is the overlay listing the files that were skipped or loaded
// with a problem: path and reason, scrollable.
type WarningList struct {
	styles *Styles
	keys   *KeyMap
	items  []briefs.Warning
	offset int
	width  int
	height int
}

// NewWarningList returns an empty warning list.
func NewWarningList(s *Styles, k KeyMap) WarningList {
	return WarningList{styles: s, keys: k.forScreen(ScreenWarnings)}
}

// SetWarnings replaces the listed warnings.
func (w *WarningList) SetWarnings(ws []briefs.Warning) {
	w.items = ws
	w.offset = 0
}

// SetSize sets the area the overlay is centred in.
func (w *WarningList) SetSize(width, height int) {
	w.width, w.height = width, height
	w.clamp()
}

// SetStyles replaces the styles.
func (w *WarningList) SetStyles(s *Styles) { w.styles = s }

// Offset is the index of the first warning on screen.
func (w WarningList) Offset() int { return w.offset }

// rows is how many warnings fit: each takes two lines (path, reason) inside
// a box with a border, a heading and a footer line.
func (w WarningList) rows() int { return max(1, (w.height-5)/2) }

func (w *WarningList) clamp() {
	w.offset = max(0, min(w.offset, len(w.items)-w.rows()))
}

// Update scrolls the list; closing it is the root's business.
func (w WarningList) Update(msg tea.Msg) (WarningList, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		w.offset, _ = listMove(w.keys, msg, w.offset, w.rows(), len(w.items)-w.rows())
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelDown:
			w.offset++
		case tea.MouseWheelUp:
			w.offset--
		}
	}
	w.clamp()
	return w, nil
}

// View draws the overlay centred in its area: exactly height lines.
func (w WarningList) View() string {
	s := w.styles
	inner := max(0, min(w.width-4, 96))
	heading := fmt.Sprintf("%d warnings", len(w.items))
	if len(w.items) == 1 {
		heading = "1 warning"
	}
	lines := []string{s.OverHead.Render(heading)}
	end := min(len(w.items), w.offset+w.rows())
	for _, it := range w.items[w.offset:end] {
		lines = append(lines,
			ansi.Truncate(termsafe.Line(it.Path), inner, s.Glyphs.Ellipsis),
			s.Warning.Render(ansi.Truncate("  "+termsafe.Line(it.Reason), inner, s.Glyphs.Ellipsis)))
	}
	foot := "esc to close"
	if len(w.items) > w.rows() {
		foot = fmt.Sprintf("%d-%d of %d%sj/k to scroll%sesc to close", w.offset+1, end, len(w.items), s.Glyphs.Sep, s.Glyphs.Sep)
	}
	lines = append(lines, s.Dim.Render(ansi.Truncate(foot, inner, s.Glyphs.Ellipsis)))
	box := s.Overlay.Width(inner + 4).Render(strings.Join(lines, "\n"))
	return PlaceOverlay(box, w.width, w.height)
}

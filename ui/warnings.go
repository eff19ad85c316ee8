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
// with a problem: path and reason, scrollable. A reason is wrapped, never
// cut: it is often the one place that says which line of a file is wrong
// and what was done with the rest.
type WarningList struct {
	styles *Styles
	keys   *KeyMap
	items  []briefs.Warning
	offset int // first line on screen
	width  int
	height int
	// lines is items laid out at the box's width, a path then its reason
	// wrapped and indented; reason tells which lines are reasons (styled
	// as warnings). Both are built when the items or the width change.
	lines  []string
	reason []bool
}

// NewWarningList returns an empty warning list.
func NewWarningList(s *Styles, k KeyMap) WarningList {
	return WarningList{styles: s, keys: k.forScreen(ScreenWarnings)}
}

// SetWarnings replaces the listed warnings.
func (w *WarningList) SetWarnings(ws []briefs.Warning) {
	w.items = ws
	w.offset = 0
	w.layout()
}

// SetSize sets the area the overlay is centred in.
func (w *WarningList) SetSize(width, height int) {
	if width != w.width {
		w.width = width
		w.layout()
	}
	w.height = height
	w.clamp()
}

// SetStyles replaces the styles.
func (w *WarningList) SetStyles(s *Styles) { w.styles = s }

// Offset is the index of the first line on screen.
func (w WarningList) Offset() int { return w.offset }

// inner is the width of the box's text.
func (w WarningList) inner() int { return max(0, min(w.width-4, 96)) }

// layout lays the warnings out at the box's width.
func (w *WarningList) layout() {
	w.lines, w.reason = w.lines[:0], w.reason[:0]
	inner := w.inner()
	ell := "…"
	if w.styles != nil {
		ell = w.styles.Glyphs.Ellipsis
	}
	for _, it := range w.items {
		w.lines = append(w.lines, ansi.Truncate(termsafe.Line(it.Path), inner, ell))
		w.reason = append(w.reason, false)
		for _, l := range strings.Split(ansi.Wrap(termsafe.Line(it.Reason), max(1, inner-2), " "), "\n") {
			w.lines = append(w.lines, "  "+l)
			w.reason = append(w.reason, true)
		}
	}
}

// rows is how many lines fit inside a box with a border, a heading and a
// footer line.
func (w WarningList) rows() int { return max(1, w.height-4) }

func (w *WarningList) clamp() {
	w.offset = max(0, min(w.offset, len(w.lines)-w.rows()))
}

// Update scrolls the list; closing it is the root's business.
func (w WarningList) Update(msg tea.Msg) (WarningList, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		w.offset, _ = listMove(w.keys, msg, w.offset, w.rows(), len(w.lines)-w.rows())
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
	inner := w.inner()
	heading := fmt.Sprintf("%d warnings", len(w.items))
	if len(w.items) == 1 {
		heading = "1 warning"
	}
	lines := []string{s.OverHead.Render(heading)}
	end := min(len(w.lines), w.offset+w.rows())
	for i := w.offset; i < end; i++ {
		if w.reason[i] {
			lines = append(lines, s.Warning.Render(w.lines[i]))
		} else {
			lines = append(lines, w.lines[i])
		}
	}
	foot := "esc to close"
	if len(w.lines) > w.rows() {
		foot = fmt.Sprintf("lines %d-%d of %d%sj/k to scroll%sesc to close", w.offset+1, end, len(w.lines), s.Glyphs.Sep, s.Glyphs.Sep)
	}
	lines = append(lines, s.Dim.Render(ansi.Truncate(foot, inner, s.Glyphs.Ellipsis)))
	box := s.Overlay.Width(inner + 4).Render(strings.Join(lines, "\n"))
	return PlaceOverlay(box, w.width, w.height)
}

package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Help is the full help overlay, generated from a key map: the bindings of
// the screen under it. It scrolls when the terminal is too short.
type Help struct {
	styles *Styles
	keys   *KeyMap // its own bindings: scrolling and closing
	shown  *KeyMap // the bindings listed; nil until SetKeyMap
	lines  []string
	offset int
	width  int
	height int
}

// NewHelp returns a help overlay listing nothing yet.
func NewHelp(s *Styles, k KeyMap) Help {
	return Help{styles: s, keys: k.forScreen(ScreenHelp)}
}

// SetKeyMap sets the bindings to list (those enabled in k) and scrolls to the top.
func (h *Help) SetKeyMap(k KeyMap) {
	h.shown = &k
	h.offset = 0
	h.build()
}

// SetSize sets the area the overlay is centred in.
func (h *Help) SetSize(w, height int) {
	h.width, h.height = w, height
	h.build()
}

// SetStyles replaces the styles.
func (h *Help) SetStyles(s *Styles) {
	h.styles = s
	h.build()
}

// rows is how many lines of the listing fit inside the border.
func (h Help) rows() int { return max(1, h.height-3) } // border 2, footer 1

// build lays out the listing: columns side by side when they fit, stacked
// when they do not.
func (h *Help) build() {
	hm := help.New()
	hm.Styles = h.styles.Help
	inner := max(0, min(h.width-4, 96))
	var groups [][]key.Binding
	if h.shown != nil {
		groups = h.shown.FullHelp()
	}
	body := hm.FullHelpView(groups)
	if lipgloss.Width(body) > inner {
		var parts []string
		for _, g := range groups {
			if col := hm.FullHelpView([][]key.Binding{g}); col != "" {
				parts = append(parts, col)
			}
		}
		body = strings.Join(parts, "\n\n")
	}
	h.lines = strings.Split(h.styles.OverHead.Render("Keys")+"\n\n"+body, "\n")
	h.offset = max(0, min(h.offset, len(h.lines)-h.rows()))
}

// Update scrolls the listing; closing it is the root's business.
func (h Help) Update(msg tea.Msg) (Help, tea.Cmd) {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		h.offset, _ = listMove(h.keys, msg, h.offset, h.rows(), len(h.lines)-h.rows())
	}
	return h, nil
}

// View draws the overlay centred in its area: exactly height lines.
func (h Help) View() string {
	s := h.styles
	rows := h.rows()
	end := min(len(h.lines), h.offset+rows)
	foot := "esc or ? to close"
	if len(h.lines) > rows {
		foot = fmt.Sprintf("%d-%d of %d%sj/k to scroll%sesc to close", h.offset+1, end, len(h.lines), s.Glyphs.Sep, s.Glyphs.Sep)
	}
	inner := max(0, min(h.width-4, 96))
	body := strings.Join(h.lines[h.offset:end], "\n") + "\n" + s.Dim.Render(truncate(foot, inner, s.Glyphs.Ellipsis))
	return PlaceOverlay(s.Overlay.Render(body), h.width, h.height)
}

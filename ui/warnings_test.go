package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/charmbracelet/x/ansi"
)

// A warning's reason is wrapped, never cut: every word of it can be read by
// scrolling, at any width, and the overlay stays inside its area.
func TestWarningListWrapsReasons(t *testing.T) {
	reason := "more than 1000 sections: from line 4003 on, the text is not split into sections but kept, as written, at the end of the last section"
	ws := []briefs.Warning{
		{Path: "/tmp/lib/heads.md", Reason: reason},
		{Path: "/tmp/lib/paras.md", Reason: "short reason"},
		{Path: "/tmp/lib/nested.md", Reason: reason + " (nested)"},
	}
	for _, size := range [][2]int{{100, 30}, {40, 15}, {40, 8}} {
		w := NewWarningList(NewPlainStyles(), DefaultKeyMap())
		w.SetSize(size[0], size[1])
		w.SetWarnings(ws)
		var seen strings.Builder
		for range 100 { // scroll to the end, reading every screen
			v := w.View()
			lines := strings.Split(v, "\n")
			if len(lines) != size[1] {
				t.Fatalf("%dx%d: %d lines", size[0], size[1], len(lines))
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > size[0] {
					t.Fatalf("%dx%d: a line %d wide: %q", size[0], size[1], ansi.StringWidth(l), l)
				}
			}
			seen.WriteString(v)
			before := w.Offset()
			w, _ = w.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})
			if w.Offset() == before {
				break
			}
		}
		// Box borders and wrapping aside, every word shows.
		text := strings.Join(strings.Fields(strings.NewReplacer("│", " ", "…", " ").Replace(seen.String())), " ")
		for _, word := range strings.Fields(reason + " (nested) short") {
			if !strings.Contains(text, word) {
				t.Errorf("%dx%d: %q never shown", size[0], size[1], word)
			}
		}
	}
}

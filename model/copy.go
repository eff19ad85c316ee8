package model

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/ui"
)

// This file is "y" in select mode: the selected paragraphs go to the
// clipboard as markdown, under the brief's title and date, through OSC 52
// (tea.SetClipboard), which the reader's terminal acts on: locally and
// over SSH alike.

// maxCopyBytes is the most "y" copies. OSC 52 sends the text base64-encoded
// in one sequence, and terminals drop a sequence past their own limit
// (tmux and xterm keep around 100 KB) without a word: refused here, the
// reader is told instead.
const maxCopyBytes = 100 << 10

// copySelection copies the selection as markdown and leaves select mode.
func (m Model) copySelection() (tea.Model, tea.Cmd) {
	md, n, ok := m.selectionMarkdown()
	if !ok {
		return m, m.setStatus("select paragraphs first (v)")
	}
	if len(md) > maxCopyBytes {
		return m, m.setStatus(fmt.Sprintf("not copied: %s is over the %s a terminal's clipboard takes; select fewer paragraphs",
			byteSize(len(md)), byteSize(maxCopyBytes)))
	}
	m.reader.EndSelect()
	return m, tea.Batch(tea.SetClipboard(md),
		m.setStatus(fmt.Sprintf("copied %s (%s) as markdown", plural(n, "paragraph"), byteSize(len(md)))))
}

// selectionMarkdown is the selected paragraphs' source under the brief's
// title, its date line and the section's title, cleaned as markdown (what
// is pasted later may land in a terminal), and how many paragraphs.
func (m Model) selectionMarkdown() (string, int, bool) {
	b, r := m.OpenBrief(), m.reader.Rendered()
	from, to, ok := m.reader.Selection()
	if b == nil || !ok || to >= len(r.Paragraphs) || !briefs.HasText(b) {
		return "", 0, false
	}
	var out strings.Builder
	out.WriteString("# " + strings.TrimSpace(termsafe.Line(b.Title)) + "\n\n")
	if meta := ui.Meta(b, " · "); meta != "" {
		out.WriteString(meta + "\n")
	}
	sec := -1
	for i := from; i <= to; i++ {
		p := r.Paragraphs[i]
		if !inBody(b, p) {
			continue
		}
		s := b.Sections[p.Section]
		if p.Section != sec {
			sec = p.Section
			if t := strings.TrimSpace(termsafe.Line(s.Title)); t != "" {
				out.WriteString("\n## " + t + "\n")
			}
		}
		out.WriteString("\n" + strings.TrimSpace(termsafe.Markdown(s.Body[p.Start:p.End])) + "\n")
	}
	return out.String(), to - from + 1, true
}

// byteSize is n bytes for a status line: "812 B", "1.2 KB", "100 KB".
func byteSize(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 10<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	case n < 1<<20:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

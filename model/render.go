package model

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/ui"
)

// renderKey names one render: a brief at a width in a theme.
type renderKey struct {
	id, hash string
	width    int
	theme    string
}

// renderedMsg carries a finished render (or its error) back to Update.
type renderedMsg struct {
	r   ui.Rendered
	err error
}

// resizeDoneMsg fires when the terminal has stopped resizing for a moment.
type resizeDoneMsg struct{ seq int }

// clearStatusMsg removes a transient status message, unless a newer one replaced it.
type clearStatusMsg struct{ seq int }

// resizeDebounce is how long the width must hold still before re-rendering.
const resizeDebounce = 120 * time.Millisecond

// statusTTL is how long a transient status message stays.
const statusTTL = 4 * time.Second

// renderCmd renders b with glamour off the UI loop. It captures the brief,
// which belongs to the read-only library, and plain values; never the model.
// shared, when not nil, is a server's cache of renders common to its
// sessions (Options.SharedRenders): a render found there is not redone, and
// a new one is put there for the next session.
func renderCmd(b *briefs.Brief, width int, theme string, shared *ui.RenderCache) tea.Cmd {
	return func() tea.Msg {
		if shared != nil {
			if r, ok := shared.Get(b, width, theme); ok {
				return renderedMsg{r: r}
			}
		}
		r, err := ui.RenderBrief(b, width, theme)
		r.ID, r.Hash, r.Width, r.Theme = b.ID, b.Hash, width, theme
		if err == nil && shared != nil {
			shared.Put(r)
		}
		return renderedMsg{r: r, err: err}
	}
}

func (m Model) clearStatusCmd(seq int) tea.Cmd {
	return m.clock().Tick(statusTTL, func(time.Time) tea.Msg { return clearStatusMsg{seq: seq} })
}

// ensureRender shows b from the cache when it is the open brief, or starts a
// render unless one for the same key is already running.
func (m *Model) ensureRender(b *briefs.Brief) tea.Cmd {
	w := m.reader.Width()
	if b == nil || w <= 0 {
		return nil
	}
	if r, ok := m.cache.Get(b, w, m.theme); ok {
		shown := m.reader.Rendered()
		stale := !m.reader.Ready() || shown.Width != w || shown.Theme != m.theme || shown.Hash != b.Hash
		if open := m.reader.Brief(); open != nil && open.ID == b.ID && open.Hash == b.Hash && stale {
			m.reader.SetRendered(r)
		}
		return nil
	}
	k := renderKey{b.ID, b.Hash, w, m.theme}
	if m.inflight[k] {
		return nil
	}
	m.inflight[k] = true
	return renderCmd(b, w, m.theme, m.opts.SharedRenders)
}

// renderOpen renders the open brief first, then its neighbours, so that
// ctrl+n and ctrl+p find them cached.
func (m *Model) renderOpen() tea.Cmd {
	b := m.reader.Brief()
	if b == nil || m.lib == nil {
		return nil
	}
	cmds := []tea.Cmd{m.ensureRender(b)}
	if i := m.lib.IndexOf(b.ID); i >= 0 {
		all := m.lib.Briefs()
		if i+1 < len(all) {
			cmds = append(cmds, m.ensureRender(all[i+1]))
		}
		if i > 0 {
			cmds = append(cmds, m.ensureRender(all[i-1]))
		}
	}
	return tea.Batch(cmds...)
}

// handleRendered caches every render, but shows it only if it still matches
// the open brief, the reader's width and the theme.
func (m Model) handleRendered(msg renderedMsg) (tea.Model, tea.Cmd) {
	r := msg.r
	delete(m.inflight, renderKey{r.ID, r.Hash, r.Width, r.Theme})
	open := m.reader.Brief()
	current := m.screen == screenReader && open != nil && open.ID == r.ID && open.Hash == r.Hash &&
		r.Width == m.reader.Width() && r.Theme == m.theme
	if msg.err != nil {
		if !current {
			return m, nil
		}
		m.reader.SetError(r.ID, msg.err)
		return m, m.setStatus("could not render " + r.ID)
	}
	m.cache.Put(r)
	if current {
		m.reader.SetRendered(r)
		return m, m.afterRender()
	}
	return m, nil
}

// handleResizeDone re-renders at the new width once resizing has settled.
func (m Model) handleResizeDone(msg resizeDoneMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.resizeSeq || m.screen != screenReader {
		return m, nil
	}
	return m, m.renderOpen()
}

func (m Model) handleClearStatus(msg clearStatusMsg) (tea.Model, tea.Cmd) {
	if msg.seq == m.statusSeq {
		m.status = ""
	}
	return m, nil
}

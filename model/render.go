package model

import (
	"context"
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

// renderedMsg carries a render back to Update: a part of it while
// r.Partial (job renders the rest), the whole, or its error.
type renderedMsg struct {
	r   ui.Rendered
	err error
	job *ui.RenderJob // nil for a render found complete
}

// A render comes in parts so that the first screen of a long brief shows at
// once and a render nobody waits for stops: the first part is as many lines
// as fill the screen twice, each later one renderPartLines more or
// renderSlice of work, and a part is asked for only while its brief is open
// at the same width and theme.
const (
	renderPartLines = 2000
	renderSlice     = 100 * time.Millisecond
)

// resizeDoneMsg fires when the terminal has stopped resizing for a moment.
type resizeDoneMsg struct{ seq int }

// clearStatusMsg removes a transient status message, unless a newer one replaced it.
type clearStatusMsg struct{ seq int }

// resizeDebounce is how long the width must hold still before re-rendering.
const resizeDebounce = 120 * time.Millisecond

// statusTTL is how long a transient status message stays.
const statusTTL = 4 * time.Second

// renderCmd advances job off the UI loop by one part: until it holds lines
// lines or has worked for slice. It captures the job, which is safe for
// concurrent use and shared with no model state, never the model.
func renderCmd(job *ui.RenderJob, lines int, slice time.Duration) tea.Cmd {
	return func() tea.Msg {
		r, err := job.Advance(context.Background(), lines, slice)
		return renderedMsg{r: r, err: err, job: job}
	}
}

// renders is where a session's renders under way are kept: the server's
// shared cache (Options.SharedRenders), so that sessions showing the same
// brief at the same width and theme share one render, or the session's own.
func (m Model) renders() *ui.RenderCache {
	if m.opts.SharedRenders != nil {
		return m.opts.SharedRenders
	}
	return m.cache
}

// renderBudget is the budget of the session's renders, kept on its clock.
func (m Model) renderBudget() ui.RenderBudget {
	b := ui.DefaultRenderBudget()
	b.Now = m.clock().Now
	return b
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
	if r, ok := m.cache.Get(b, w, m.renderTheme()); ok {
		shown := m.reader.Rendered()
		stale := !m.reader.Ready() || shown.Width != w || shown.Theme != m.renderTheme() || shown.Hash != b.Hash
		if open := m.reader.Brief(); open != nil && open.ID == b.ID && open.Hash == b.Hash && stale {
			m.reader.SetRendered(r)
			if r.Warning != "" {
				return m.setStatus(r.Warning)
			}
		}
		return nil
	}
	k := renderKey{b.ID, b.Hash, w, m.renderTheme()}
	if m.inflight[k] {
		return nil
	}
	m.inflight[k] = true
	src := m.renders()
	if r, ok := src.Get(b, w, m.renderTheme()); ok && src != m.cache {
		return func() tea.Msg { return renderedMsg{r: r} } // rendered by another session
	}
	return renderCmd(src.Job(b, w, m.renderTheme(), m.renderBudget()), 2*max(m.height, 24), 0)
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

// handleRendered caches every complete render, but shows a render only if
// it still matches the open brief, the reader's width and the theme; then,
// while it is partial, it asks for the next part. A part nobody shows is
// not followed by another: the render stops there.
func (m Model) handleRendered(msg renderedMsg) (tea.Model, tea.Cmd) {
	r := msg.r
	k := renderKey{r.ID, r.Hash, r.Width, r.Theme}
	delete(m.inflight, k)
	open := m.reader.Brief()
	current := m.screen == screenReader && open != nil && open.ID == r.ID && open.Hash == r.Hash &&
		r.Width == m.reader.Width() && r.Theme == m.renderTheme()
	if msg.err != nil {
		if !current {
			return m, nil
		}
		m.reader.SetError(r.ID, msg.err)
		return m, m.setStatus("could not render " + r.ID)
	}
	if !r.Partial {
		m.cache.Put(r)
	}
	if !current {
		if r.Partial && msg.job != nil && m.isNeighbour(r) {
			m.inflight[k] = true // ctrl+n and ctrl+p find it whole
			return m, renderCmd(msg.job, len(r.Lines)+renderPartLines, renderSlice)
		}
		return m, nil
	}
	warned := m.reader.Ready() && m.reader.Rendered().Warning == r.Warning
	m.reader.SetRendered(r)
	cmds := []tea.Cmd{m.afterRender()}
	if r.Warning != "" && !warned {
		cmds = append(cmds, m.setStatus(r.Warning))
	}
	if r.Partial && msg.job != nil {
		m.inflight[k] = true
		cmds = append(cmds, m.nextPart(msg.job, r))
	}
	return m, tea.Batch(cmds...)
}

// nextPart asks for the part of the open brief's render after r: the next
// renderPartLines lines or renderSlice of work or, when the reader waits
// for a place not rendered yet (a jump, G, a find, a note, a room's
// position), all the rest at once: that place is what the reader wants to
// see, and parts before it would only be scrolled past.
func (m Model) nextPart(job *ui.RenderJob, r ui.Rendered) tea.Cmd {
	if m.reader.Awaiting() {
		return renderCmd(job, -1, 0)
	}
	return renderCmd(job, len(r.Lines)+renderPartLines, renderSlice)
}

// isNeighbour reports whether r is a render of a brief next to the open one
// at the reader's width and theme: renderOpen renders those ahead.
func (m Model) isNeighbour(r ui.Rendered) bool {
	open := m.reader.Brief()
	if m.screen != screenReader || open == nil || m.lib == nil || r.Width != m.reader.Width() || r.Theme != m.renderTheme() {
		return false
	}
	i := m.lib.IndexOf(open.ID)
	all := m.lib.Briefs()
	for _, j := range []int{i - 1, i + 1} {
		if i >= 0 && j >= 0 && j < len(all) && all[j].ID == r.ID && all[j].Hash == r.Hash {
			return true
		}
	}
	return false
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
		m.status, m.statusScope = "", scopeNone
	}
	return m, nil
}

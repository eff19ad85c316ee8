package model

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/ui"
)

// This file is the section digest: D asks which section, then one section
// of that kind from every brief in the list, rendered a screen at a time.

// digestModel is the section digest and the prompt that opens it.
type digestModel struct {
	prompt ui.QueryBar // "digest of which section?"
	view   ui.Digest
	sel    briefs.SectionSelector // the sections the digest shows
	seq    int
	// behindReader: the reader was opened from the digest, and back goes
	// there.
	behindReader bool
	// follow: the library changed under the digest and the list's query is
	// being run again; the digest takes its results.
	follow bool
}

func newDigestModel(s *ui.Styles, k ui.KeyMap) digestModel {
	prompt := ui.NewQueryBar(s, k, ui.ScreenDigestPrompt, "Digest of: ")
	prompt.SetPlaceholder("w why · k know · n next · or a section title")
	return digestModel{prompt: prompt, view: ui.NewDigest(s, k)}
}

// digestRenderedMsg carries the bodies of some digest entries, rendered at a
// width in a theme.
type digestRenderedMsg struct {
	seq    int
	gen    int   // the digest's entries they were rendered from (ui.Digest.Gen)
	want   []int // the entries asked for
	width  int
	theme  string
	bodies map[int][]string
	err    error
}

// digestPromptHint is what the digest prompt shows under its input line
// until an answer is refused.
const digestPromptHint = "w, k or n then enter: why it matters, what to know, what happens next"

// openDigestPrompt asks which section the digest shows.
func (m Model) openDigestPrompt() (tea.Model, tea.Cmd) {
	if m.lib == nil {
		return m, nil
	}
	m.digest.prompt.Open("")
	m.digest.prompt.SetError(nil)
	m.layout()
	return m, nil
}

// handlePromptInput answers the prompt: a section title, or w, k or n
// alone for a kind, then enter; esc gives up. The one-letter answers wait
// for enter so that titles starting with w, k or n ("What they're saying")
// can be typed.
func (m Model) handlePromptInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.digest.prompt, cmd = m.digest.prompt.Update(msg)
	switch m.digest.prompt.Event() {
	case ui.BarCanceled:
		m.closePrompt()
	case ui.BarApplied:
		return m.startDigest(promptAnswer(m.digest.prompt.Value(), m.keyMap(ui.ScreenDigestPrompt)))
	case ui.BarEdited:
		// Typing starts another answer: the refusal of the last one goes.
		// A paste leaves it up until enter.
		if _, typed := msg.(tea.KeyPressMsg); typed {
			m.digest.prompt.SetError(nil)
		}
	}
	return m, cmd
}

// promptAnswer is the prompt's text, with a one-letter answer bound to a
// kind (DigestW, DigestK, DigestN) spelled out as that kind.
func promptAnswer(text string, k ui.KeyMap) string {
	t := strings.TrimSpace(text)
	for _, c := range []struct {
		b    key.Binding
		kind string
	}{{k.DigestW, "why"}, {k.DigestK, "know"}, {k.DigestN, "next"}} {
		for _, bk := range c.b.Keys() {
			if t == bk {
				return c.kind
			}
		}
	}
	return text
}

func (m *Model) closePrompt() {
	m.digest.prompt.Close()
	m.layout()
}

// startDigest opens the digest of the sections sel selects, over the briefs
// the list shows (the filter applies).
func (m Model) startDigest(answer string) (tea.Model, tea.Cmd) {
	sel, err := briefs.ParseSectionSelector(answer)
	if err != nil {
		m.digest.prompt.SetError(err)
		return m, nil
	}
	m.closePrompt()
	m.digest.sel, m.digest.follow = sel, false
	m.digest.view.SetEntries(digestLabel(answer), briefs.Digest(m.library.Briefs(), sel))
	m.screen = screenDigest
	m.layout()
	return m, m.digestRenderCmd()
}

// digestLabel names the digest in its heading.
func digestLabel(answer string) string {
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "w", "why":
		return "Why it matters"
	case "k", "know":
		return "What to know"
	case "n", "next":
		return "What happens next"
	case "lead":
		return "Lead"
	}
	return strings.TrimSpace(answer)
}

// digestRenderCmd renders the entries on screen that have no render yet or,
// when they all have, a margin around the screen; one command, one glamour
// renderer. Each result asks for the next, so the margin follows the screen.
func (m *Model) digestRenderCmd() tea.Cmd {
	want := m.digest.view.Wanted(0)
	if len(want) == 0 {
		want = m.digest.view.Wanted(ui.DigestMargin)
	}
	if len(want) == 0 {
		return nil
	}
	m.digest.view.MarkPending(want)
	m.digest.seq++
	seq, gen := m.digest.seq, m.digest.view.Gen()
	width, theme := m.digest.view.RenderKey()
	entries := m.digest.view.Entries(want)
	return func() tea.Msg {
		out, err := ui.RenderDigestBodies(entries, width, theme)
		msg := digestRenderedMsg{seq: seq, gen: gen, want: want, width: width, theme: theme, err: err, bodies: map[int][]string{}}
		for i, lines := range out {
			msg.bodies[want[i]] = lines
		}
		return msg
	}
}

// handleDigestRendered shows rendered bodies (the digest drops those for an
// old width, theme or list of entries) and asks for any entry that came
// into view meanwhile.
func (m Model) handleDigestRendered(msg digestRenderedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.digest.view.Unpending(msg.gen, msg.want)
		return m, m.setStatus("could not render the digest: " + msg.err.Error())
	}
	m.digest.view.SetBodies(msg.gen, msg.width, msg.theme, msg.bodies)
	if m.screen != screenDigest {
		return m, nil
	}
	return m, m.digestRenderCmd()
}

// digestOpen reports whether a digest is on screen, or behind the reader
// opened from it (esc goes back to it).
func (m Model) digestOpen() bool {
	return m.screen == screenDigest || (m.screen == screenReader && m.digest.behindReader)
}

// followLibraryInDigest brings an open digest to the reloaded library, once
// relist has redone the list. Without a query the list is the new library
// already. With one, the query's new results are on the way and the digest
// takes them when they come (followSearchInDigest); until then it covers
// the briefs listed, as they are now (a deleted one left out).
func (m *Model) followLibraryInDigest() tea.Cmd {
	if !m.digestOpen() {
		return nil
	}
	list := m.library.Briefs()
	if m.search.asked != "" {
		m.digest.follow = true
		list = currentBriefs(m.lib, list)
	}
	return m.refreshDigest(list)
}

// followSearchInDigest gives an open digest that waits for the list's query
// to be run again on a reloaded library its results. It keeps waiting while
// the index is still being brought up to date: the query runs once more
// when it is (handleIndexUpdated, handleIndexBuilt).
func (m *Model) followSearchInDigest(list []*briefs.Brief) tea.Cmd {
	if !m.digest.follow {
		return nil
	}
	m.digest.follow = m.search.updating || m.search.indexing
	if !m.digestOpen() {
		m.digest.follow = false
		return nil
	}
	return m.refreshDigest(list)
}

// refreshDigest recomputes the open digest's entries over list, keeping the
// reader's place, and renders what that leaves unrendered on screen.
func (m *Model) refreshDigest(list []*briefs.Brief) tea.Cmd {
	m.digest.view.Refresh(briefs.Digest(list, m.digest.sel))
	if m.screen != screenDigest {
		return nil // closeReader renders when the digest is back on screen
	}
	return m.digestRenderCmd()
}

// currentBriefs is list as lib has it: each brief its copy in lib, those
// lib no longer has left out.
func currentBriefs(lib *briefs.Library, list []*briefs.Brief) []*briefs.Brief {
	out := make([]*briefs.Brief, 0, len(list))
	for _, b := range list {
		if nb, ok := lib.Get(b.ID); ok {
			out = append(out, nb)
		}
	}
	return out
}

// handleDigestKey handles the digest screen: enter opens the brief at the
// section, esc or q goes back to the library, the rest scrolls.
func (m Model) handleDigestKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keyMap(ui.ScreenDigest)
	switch {
	case key.Matches(msg, k.OpenEntry):
		e, ok := m.digest.view.Current()
		if !ok {
			return m, nil
		}
		next, cmd := m.openBrief(e.Brief.ID)
		nm := next.(Model)
		nm.digest.behindReader = true
		nm.find.src = ""
		nm.reader.SetFind(nil)
		nm.reader.JumpWhenReady(e.Section)
		return nm, cmd
	case key.Matches(msg, k.Back):
		m.screen = screenLibrary
		return m, nil
	}
	m.digest.view, _ = m.digest.view.Update(msg)
	return m, m.digestRenderCmd()
}

// handleDigestWheel scrolls the digest with the mouse wheel.
func (m Model) handleDigestWheel(msg tea.MouseWheelMsg) (tea.Model, tea.Cmd) {
	m.digest.view, _ = m.digest.view.Update(msg)
	return m, m.digestRenderCmd()
}

// digestView is the digest screen's body, centred like the reader.
func (m Model) digestView() string {
	_, x := m.readerFrame()
	return ui.Indent(m.digest.view.View(), x)
}

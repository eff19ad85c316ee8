package model

import (
	"net/url"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/ui"
	"github.com/charmbracelet/colorprofile"
)

// This file is links: "o" opens the link of the selection in the system
// browser or, when it points at another brief of the library, follows it;
// backspace comes back; and the rule for drawing OSC 8 hyperlinks.
//
// The hyperlink rule: links are written as OSC 8 only with a colour theme
// (dark or light: never ascii, notty or NO_COLOR) on a terminal whose
// colour profile, as Bubble Tea reports it from the reader's TERM,
// COLORTERM and NO_COLOR (over SSH, the client's), is 256 colours or true
// colour. No terminal says whether it shows hyperlinks; those that know
// OSC 8 ignore what they cannot show, and the ones that print it as text
// (the Linux console, TERM=dumb, very old emulators) have 16 colours or none.

// linksModel is the state of links between keys.
type linksModel struct {
	profile colorprofile.Profile // the terminal's, once Bubble Tea says (0: not yet)
	back    []linkStop           // where each followed link was followed from, latest last
	restore *linkStop            // where backspace lands once the render is in
	cycle   linkCycle            // "o" again opens the selection's next link
}

// linkStop is a place in a brief: the paragraph at the top of the screen,
// by section and source offset (which survive a new width), how far into
// it the screen was scrolled, and the selection the link was followed
// from, so that "o" there goes on with its next link.
type linkStop struct {
	id       string
	top      paraAnchor
	into     int // lines of the top paragraph above the top of the screen
	selected bool
	from, to paraAnchor
	next     int // the selection's link "o" opens next
}

// paraAnchor is a paragraph by its section and where its source starts.
type paraAnchor struct{ section, off int }

// linkCycle is the paragraphs "o" last opened a link of, and which link
// it opens next: a paragraph may hold several.
type linkCycle struct {
	id, hash string
	from, to int
	next     int
}

// maxBackStack bounds the links remembered for backspace.
const maxBackStack = 64

// linksMsg is a message of links, copy or edit, handled by handleLinksMsg.
type linksMsg interface{ isLinksMsg() }

// linkOpenedMsg says how the system browser took a URL.
type linkOpenedMsg struct {
	url string
	err error
}

func (linkOpenedMsg) isLinksMsg() {}

// handleLinksMsg routes the messages of links, copy and edit.
func (m Model) handleLinksMsg(msg linksMsg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case linkOpenedMsg:
		if msg.err != nil {
			return m, m.setStatus("could not open " + termsafe.Line(msg.url) + ": " + termsafe.Line(msg.err.Error()))
		}
		return m, nil
	case editReadyMsg:
		return m.runEditor(msg)
	case editedMsg:
		return m.handleEdited(msg)
	}
	return m, nil
}

// handleColorProfile takes the terminal's colour profile: with the theme,
// it decides whether the reader draws hyperlinks.
func (m Model) handleColorProfile(msg tea.ColorProfileMsg) (tea.Model, tea.Cmd) {
	m.links.profile = msg.Profile
	m.syncHyperlinks()
	return m, nil
}

// syncHyperlinks applies the hyperlink rule (see the top of this file).
func (m *Model) syncHyperlinks() {
	m.reader.SetHyperlinks(!m.styles.Plain && m.links.profile >= colorprofile.ANSI256)
}

// servedSession reports whether this session runs for someone on another
// machine: nothing may be started on this one for them.
func (m Model) servedSession() bool { return m.opts.Served || m.opts.NoExport }

// handleLinkKey handles the keys of links, copy and edit; ok is false when
// the key is not one of them (the model is nil then, as in handleNotesKey).
func (m Model) handleLinkKey(msg tea.KeyPressMsg, k ui.KeyMap) (tea.Model, tea.Cmd, bool) {
	if m.screen != screenReader || m.OpenBrief() == nil {
		return nil, nil, false
	}
	var next tea.Model
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.OpenLink):
		next, cmd = m.openLink()
	case key.Matches(msg, k.LinkBack):
		next, cmd = m.linkBack()
	case key.Matches(msg, k.Copy):
		next, cmd = m.copySelection()
	case key.Matches(msg, k.Edit):
		next, cmd = m.editBrief()
	default:
		return nil, nil, false
	}
	return next, cmd, true
}

// selectionLinks are the link destinations of the selection, or of the
// paragraph at the top of the screen outside select mode, with the
// paragraphs they come from.
func (m Model) selectionLinks() (dests []string, from, to int) {
	b, r := m.OpenBrief(), m.reader.Rendered()
	if !m.reader.Ready() || len(r.Paragraphs) == 0 {
		return nil, 0, 0
	}
	from, to, ok := m.reader.Selection()
	if !ok {
		from = r.ParagraphAt(m.reader.YOffset())
		to = from
	}
	if from < 0 || to >= len(r.Paragraphs) {
		return nil, 0, 0
	}
	for i := from; i <= to; i++ {
		p := r.Paragraphs[i]
		if !inBody(b, p) {
			continue
		}
		for _, d := range ui.ParagraphLinks(b.Sections[p.Section].Body, p.Start, p.End) {
			if !containsString(dests, d) {
				dests = append(dests, d)
			}
		}
	}
	return dests, from, to
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// openLink opens the selection's link ("o"): a link to a brief of the
// library is followed, an http, https or mailto link goes to the system
// browser (locally; over SSH it is shown, for the reader's terminal to
// open). A selection with several links opens the next one on each "o".
func (m Model) openLink() (tea.Model, tea.Cmd) {
	b := m.OpenBrief()
	dests, from, to := m.selectionLinks()
	if len(dests) == 0 {
		where := "this paragraph"
		if m.reader.Selecting() {
			where = "the selection"
		}
		return m, m.setStatus("no link in " + where)
	}
	i := 0
	if c := m.links.cycle; c.id == b.ID && c.hash == b.Hash && c.from == from && c.to == to {
		i = c.next % len(dests)
	}
	m.links.cycle = linkCycle{id: b.ID, hash: b.Hash, from: from, to: to, next: i + 1}
	dest := dests[i]
	of := ""
	if len(dests) > 1 {
		of = " (link " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(dests)) + ": o for the next)"
	}
	if target := m.briefLink(b, dest); target != nil {
		return m.followLink(target)
	}
	uri, ok := termsafe.LinkURI(dest)
	var cmd tea.Cmd
	switch {
	case !ok:
		cmd = m.setStatus("not opened: only http, https and mailto links open, and links to briefs here" + of)
	case m.servedSession():
		// The browser would start on the server. The link is clickable in
		// the text where the terminal shows hyperlinks; here it is shown.
		// The URL comes first: a narrow status line cuts the end.
		cmd = m.setStatus(uri + " (no browser over SSH: open it from your terminal)" + of)
	default:
		cmd = tea.Batch(m.setStatus("opening "+uri+of), openURLCmd(m.opts.OpenURL, uri))
	}
	return m, cmd
}

// openURLCmd hands uri to open, or to the system's browser opener.
func openURLCmd(open func(string) error, uri string) tea.Cmd {
	if open == nil {
		open = openInBrowser
	}
	return func() tea.Msg { return linkOpenedMsg{url: uri, err: open(uri)} }
}

// openInBrowser opens uri with the system's opener, the URL one argument
// of the program (never a shell), with no terminal: a browser's messages
// must not draw over the reader.
func openInBrowser(uri string) error {
	return browserCommand(runtime.GOOS, uri).Run()
}

// browserCommand is the command that opens uri in the browser on goos.
func browserCommand(goos, uri string) *exec.Cmd {
	switch goos {
	case "darwin":
		return exec.Command("open", uri)
	case "windows":
		return exec.Command("rundll32", "url.dll,FileProtocolHandler", uri)
	}
	return exec.Command("xdg-open", uri)
}

// briefLink is the brief of the library dest points at, or nil: a relative
// link to the file of a brief (from the folder of from's file), or a
// brief's ID, as written or relative to from's.
func (m Model) briefLink(from *briefs.Brief, dest string) *briefs.Brief {
	if m.lib == nil {
		return nil
	}
	d := dest
	if i := strings.IndexAny(d, "#?"); i >= 0 {
		d = d[:i]
	}
	if u, err := url.PathUnescape(d); err == nil {
		d = u
	}
	if d == "" || hasScheme(d) {
		return nil
	}
	for _, id := range []string{d, path.Join(path.Dir(from.ID), d)} {
		if b, ok := m.lib.Get(id); ok && b.ID != from.ID {
			return b
		}
	}
	if from.Path == "" || filepath.IsAbs(d) {
		return nil
	}
	want := filepath.Clean(filepath.Join(filepath.Dir(from.Path), filepath.FromSlash(d)))
	for _, b := range m.lib.Briefs() {
		if b.ID != from.ID && b.Path != "" && filepath.Clean(b.Path) == want {
			return b
		}
	}
	return nil
}

// hasScheme reports whether d starts with a URL scheme ("https:", "mailto:").
func hasScheme(d string) bool {
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case c == ':':
			return i > 0
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return false
}

// followLink opens target, remembering where the reader was for backspace.
func (m Model) followLink(target *briefs.Brief) (tea.Model, tea.Cmd) {
	if stop, ok := m.here(); ok {
		if len(m.links.back) >= maxBackStack {
			m.links.back = append(m.links.back[:0:0], m.links.back[1:]...)
		}
		m.links.back = append(m.links.back, stop)
	}
	m.links.restore = nil
	next, cmd := m.openBrief(target.ID)
	mm := next.(Model)
	return mm, tea.Batch(cmd, mm.setStatus("followed the link; backspace goes back"))
}

// here is where the reader is: the paragraph at the top of the screen and
// the selection, with the link of it "o" opens next.
func (m Model) here() (linkStop, bool) {
	b, r := m.OpenBrief(), m.reader.Rendered()
	if b == nil || !m.reader.Ready() {
		return linkStop{}, false
	}
	stop := linkStop{id: b.ID}
	anchor := func(i int) paraAnchor {
		p := r.Paragraphs[i]
		return paraAnchor{p.Section, p.Start}
	}
	y := m.reader.YOffset()
	if i := r.ParagraphAt(y); i >= 0 && i < len(r.Paragraphs) {
		stop.top, stop.into = anchor(i), max(0, y-r.Paragraphs[i].First)
	}
	if from, to, ok := m.reader.Selection(); ok && to < len(r.Paragraphs) {
		stop.selected, stop.from, stop.to = true, anchor(from), anchor(to)
		if c := m.links.cycle; c.id == b.ID && c.from == from && c.to == to {
			stop.next = c.next
		}
	}
	return stop, true
}

// linkBack goes back to where the last link was followed from.
func (m Model) linkBack() (tea.Model, tea.Cmd) {
	if len(m.links.back) == 0 {
		return m, m.setStatus("no link followed to go back from")
	}
	stop := m.links.back[len(m.links.back)-1]
	m.links.back = m.links.back[:len(m.links.back)-1]
	if m.lib == nil {
		return m, nil
	}
	if _, ok := m.lib.Get(stop.id); !ok {
		return m, m.setStatus("the brief the link was followed from is gone")
	}
	next, cmd := m.openBrief(stop.id)
	mm := next.(Model)
	mm.links.restore = &stop
	mm.restoreLinkStop() // a render in the cache is on screen already
	return mm, cmd
}

// restoreLinkStop puts the reader back where a link was followed from,
// once the render holds that paragraph (a render may come in parts).
func (m *Model) restoreLinkStop() {
	stop := m.links.restore
	b := m.OpenBrief()
	if stop == nil || b == nil || b.ID != stop.id {
		m.links.restore = nil
		return
	}
	if !m.reader.Ready() {
		return
	}
	r := m.reader.Rendered()
	last := stop.top
	if stop.selected {
		last = stop.to
	}
	if i := r.ParagraphOf(last.section, last.off); r.Partial && (i < 0 || i == len(r.Paragraphs)-1) {
		return // the paragraph, or the one after it, has not come yet
	}
	m.links.restore = nil
	if stop.selected {
		from, to := r.ParagraphOf(stop.from.section, stop.from.off), r.ParagraphOf(stop.to.section, stop.to.off)
		if from >= 0 && to >= from && m.reader.StartSelect() {
			at, _, _ := m.reader.Selection()
			m.reader.MoveCursor(from-at, false)
			m.reader.MoveCursor(to-from, true)
			b := m.OpenBrief()
			m.links.cycle = linkCycle{id: b.ID, hash: b.Hash, from: from, to: to, next: stop.next}
		}
	}
	if i := r.ParagraphOf(stop.top.section, stop.top.off); i >= 0 {
		p := r.Paragraphs[i]
		m.reader.SetYOffset(p.First + min(stop.into, p.Last-p.First))
	}
}

package model

import (
	"errors"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/ui"
)

// briefTextMsg brings the text of the open brief, listed without it (from
// the catalog): the reader's find, links, copy and notes work on it.
type briefTextMsg struct {
	listed *briefs.Brief // as the library lists it
	full   *briefs.Brief // with its text; nil when the file could not be read
	err    error
}

// textCmd reads the text of b when it does not hold it, in a command (a
// read is I/O); nil when it does.
func textCmd(b *briefs.Brief) tea.Cmd {
	if b == nil || briefs.HasText(b) {
		return nil
	}
	return func() tea.Msg {
		full, err := briefs.Full(b)
		if err != nil {
			// Changed since listed (ErrChanged): the reload that follows
			// brings the new listing, whose text is read then; the new
			// text under the old listing's sections would misplace notes.
			return briefTextMsg{listed: b, err: err}
		}
		return briefTextMsg{listed: b, full: full}
	}
}

// handleBriefText gives the reader the text of the brief it shows, if it
// still shows that one, and anchors its notes on it.
func (m Model) handleBriefText(msg briefTextMsg) (tea.Model, tea.Cmd) {
	open := m.reader.Brief()
	if open == nil || open.ID != msg.listed.ID || open.Hash != msg.listed.Hash {
		return m, nil
	}
	if msg.full == nil {
		if errors.Is(msg.err, briefs.ErrChanged) {
			return m, nil
		}
		why := msg.err.Error()
		if te := (*briefs.TextError)(nil); errors.As(msg.err, &te) {
			why = te.Reason
		}
		return m, m.setScopedStatus(scopeOpenBrief, "cannot read this brief's file: "+why)
	}
	m.reader.Replace(msg.full)
	return m, nil
}

// inBody reports whether paragraph p of a render lies in b's text: the
// render reads the file itself, so it may come before the reader's brief
// holds its text, or from a file changed since.
func inBody(b *briefs.Brief, p ui.Paragraph) bool {
	if b == nil || p.Section < 0 || p.Section >= len(b.Sections) {
		return false
	}
	n := len(b.Sections[p.Section].Body)
	return 0 <= p.Start && p.Start <= p.End && p.End <= n
}

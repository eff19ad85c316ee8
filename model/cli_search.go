package model

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/ui"
)

// This file gives `briefing list`, `search` and `digest` (package main, which
// may not import ui) the cleaning and messages they print.

// QueryErrorLine is a query error as the command line prints it:
// `query: col 7: unexpected )`, the column counted in characters from 1.
func QueryErrorLine(src string, err error) string {
	var qe *briefs.QueryError
	if !errors.As(err, &qe) {
		return "query: " + ui.SanitizeLine(err.Error())
	}
	pos := max(0, min(qe.Pos, len(src)))
	return fmt.Sprintf("query: col %d: %s", utf8.RuneCountInString(src[:pos])+1, ui.SanitizeLine(qe.Msg))
}

// DigestForPipe is a digest as clean markdown (briefs.DigestMarkdown over
// sanitised copies of the briefs): titles and sources cannot turn into markup
// and no control sequence from a brief reaches the output.
func DigestForPipe(entries []briefs.DigestEntry) (string, error) {
	clean := make([]briefs.DigestEntry, len(entries))
	for i, e := range entries {
		b := *e.Brief
		title := strings.TrimSpace(ui.SanitizeLine(b.Title))
		if title == "" {
			title = strings.TrimSpace(ui.SanitizeLine(b.ID))
		}
		b.Title = escapeHeading(title)
		b.Source = inlineEscaper.Replace(strings.TrimSpace(ui.SanitizeLine(b.Source)))
		b.Sections = make([]briefs.Section, len(e.Brief.Sections))
		for j, s := range e.Brief.Sections {
			b.Sections[j] = briefs.Section{Kind: s.Kind, Title: ui.SanitizeLine(s.Title)}
			if j == e.Section {
				b.Sections[j].Body = ui.Sanitize(s.Body)
			}
		}
		clean[i] = briefs.DigestEntry{Brief: &b, Section: e.Section}
	}
	var out strings.Builder
	err := briefs.DigestMarkdown(clean, &out)
	return out.String(), err
}

// SnippetForPipe is a search hit's snippet on one clean line.
func SnippetForPipe(s string) string { return ui.SanitizeLine(s) }

package model

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
)

// This file gives `briefing list`, `search` and `digest` (package main, which
// may not import ui) the cleaning and messages they print.

// QueryErrorLine is a query error as the command line prints it:
// `query: col 7: unexpected )`, the column counted in characters from 1.
func QueryErrorLine(src string, err error) string {
	var qe *briefs.QueryError
	if !errors.As(err, &qe) {
		return "query: " + termsafe.Line(err.Error())
	}
	pos := max(0, min(qe.Pos, len(src)))
	return fmt.Sprintf("query: col %d: %s", utf8.RuneCountInString(src[:pos])+1, termsafe.Line(qe.Msg))
}

// DigestForPipe is a digest as clean markdown (briefs.DigestMarkdown over
// sanitised copies of the briefs): titles and sources cannot turn into markup
// and no control sequence from a brief reaches the output.
func DigestForPipe(entries []briefs.DigestEntry) (string, error) {
	clean := make([]briefs.DigestEntry, len(entries))
	for i, e := range entries {
		b := *e.Brief
		title := strings.TrimSpace(termsafe.Line(b.Title))
		if title == "" {
			title = strings.TrimSpace(termsafe.Line(b.ID))
		}
		b.Title = escapeHeading(title)
		b.Source = inlineEscaper.Replace(strings.TrimSpace(termsafe.Line(b.Source)))
		b.Sections = make([]briefs.Section, len(e.Brief.Sections))
		for j, s := range e.Brief.Sections {
			b.Sections[j] = briefs.Section{Kind: s.Kind, Title: termsafe.Line(s.Title)}
			if j == e.Section {
				b.Sections[j].Body = termsafe.Markdown(s.Body)
			}
		}
		clean[i] = briefs.DigestEntry{Brief: &b, Section: e.Section}
	}
	var out strings.Builder
	err := briefs.DigestMarkdown(clean, &out)
	return out.String(), err
}

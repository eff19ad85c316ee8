package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/briefing-dev/briefing/briefs"
)

// fixtureBrief is a brief with the four canonical sections and one other,
// built here so that the tests do not depend on the embedded samples.
func fixtureBrief(i int) *briefs.Brief {
	return &briefs.Brief{
		ID:     fmt.Sprintf("desk/brief-%03d.md", i),
		Path:   fmt.Sprintf("desk/brief-%03d.md", i),
		Title:  fmt.Sprintf("Harbour authority %d approves the tidal barrier after a decade of delay", i),
		Date:   time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -i),
		Source: "The Coastal Ledger",
		Tags:   []string{"infrastructure", "climate"},
		Sections: []briefs.Section{
			{Kind: briefs.KindLead, Body: "The vote ends ten years of argument over the estuary."},
			{Kind: briefs.KindWhyItMatters, Title: "Why it matters", Body: "Forty thousand homes sit below the spring-tide line."},
			{Kind: briefs.KindWhatToKnow, Title: "What to know", Body: "The barrier costs 2.1 billion and takes six years."},
			{Kind: briefs.KindOther, Title: "What people are saying about the barrier", Body: "Fishers worry about the salmon run."},
			{Kind: briefs.KindWhatHappensNext, Title: "What happens next", Body: "Construction tenders open in May."},
		},
	}
}

// fixtureBriefs returns n briefs, newest first; every third has only a lead.
func fixtureBriefs(n int) []*briefs.Brief {
	bs := make([]*briefs.Brief, n)
	for i := range bs {
		bs[i] = fixtureBrief(i + 1)
		if i%3 == 2 {
			bs[i].Sections = bs[i].Sections[:1]
			bs[i].Tags = nil
		}
	}
	return bs
}

// fixtureRendered stands in for a glamour render: a heading and ten body
// lines per section, so that the tests control every line number.
func fixtureRendered(b *briefs.Brief, width int, theme string) Rendered {
	r := Rendered{ID: b.ID, Width: width, Theme: theme}
	for i, s := range b.Sections {
		r.SectionStarts = append(r.SectionStarts, len(r.Lines))
		title := s.Title
		if title == "" {
			title = "Lead"
		}
		r.Lines = append(r.Lines, "  ## "+title, "")
		for j := range 10 {
			line := fmt.Sprintf("  %s, line %d of section %d.", s.Body, j+1, i+1)
			if len(line) > width {
				line = line[:width]
			}
			r.Lines = append(r.Lines, line)
		}
		r.Lines = append(r.Lines, "")
	}
	r.Content = strings.Join(r.Lines, "\n")
	return r
}

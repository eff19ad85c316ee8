package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

func showBrief() *briefs.Brief {
	return &briefs.Brief{
		ID: "port", Title: "Port *tariffs* rise \x1b]0;owned\x07#",
		Date:   time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC),
		Source: "Harbour\nDesk\u202E", Tags: []string{"trade", "ports\x1b[2J"},
		Sections: []briefs.Section{
			{Kind: briefs.KindLead, Body: "The lead, with &#27;[2J and a [bad](javascript:alert(1)) link."},
			{Kind: briefs.KindWhyItMatters, Title: "Why it matters", Body: "Costs go up.\x1b[31m"},
			{Kind: briefs.KindWhatHappensNext, Title: "What’s next?", Body: "A vote."},
		},
	}
}

func TestMarkdownForPipe(t *testing.T) {
	b := showBrief()
	got := MarkdownForPipe(b, nil)
	want := "# Port \\*tariffs\\* rise \\#\n" +
		"\n2026-03-04 · Harbour Desk · #trade #ports\n" +
		"\nThe lead, with \uFFFD[2J and a [bad](#) link.\n" +
		"\n## Why it matters\n\nCosts go up.\n" +
		"\n## What’s next?\n\nA vote.\n"
	if got != want {
		t.Errorf("MarkdownForPipe =\n%q\nwant\n%q", got, want)
	}
	one := MarkdownForPipe(b, []int{2, 99})
	if !strings.Contains(one, "## What’s next?") || strings.Contains(one, "Why it matters") || strings.Contains(one, "The lead") {
		t.Errorf("section selection: %q", one)
	}
}

func TestMarkdownForPipeNoTitle(t *testing.T) {
	b := &briefs.Brief{ID: "notes/raw.txt", Source: "- dash source", Sections: []briefs.Section{{Kind: briefs.KindLead, Body: "Text."}}}
	got := MarkdownForPipe(b, nil)
	want := "# notes/raw.txt\n\n\\- dash source\n\nText.\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRenderForTerminal(t *testing.T) {
	b := showBrief()
	for _, theme := range []string{"dark", "light", "ascii", "notty"} {
		out, err := RenderForTerminal(b, nil, 60, theme)
		if err != nil {
			t.Fatal(err)
		}
		if why := unsafeOutput(out); why != "" {
			t.Errorf("%s: %s", theme, why)
		}
		plain := ansi.Strip(out)
		for _, want := range []string{"Port *tariffs* rise #", "2026-03-04 · Harbour Desk · #trade #ports", "Why it matters", "What’s next?", "A vote."} {
			if !strings.Contains(plain, want) {
				t.Errorf("%s: %q missing from\n%s", theme, want, plain)
			}
		}
		for _, l := range strings.Split(out, "\n") {
			if w := ansi.StringWidth(l); w > 60 {
				t.Errorf("%s: line %d wide: %q", theme, w, ansi.Strip(l))
			}
		}
	}
	out, err := RenderForTerminal(b, []int{1}, 80, "notty")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Costs go up.") || strings.Contains(out, "A vote.") {
		t.Errorf("section selection: %q", out)
	}
	if _, err := RenderForTerminal(b, nil, 80, "bogus"); err == nil {
		t.Error("unknown theme: no error")
	}
}

// unsafeOutput reports anything that is not text or SGR styling.
func unsafeOutput(s string) string {
	if err := termsafe.Check(s, true); err != nil {
		return err.Error()
	}
	return ""
}

func TestDigestForPipe(t *testing.T) {
	b := showBrief()
	other := &briefs.Brief{ID: "raw.txt", Title: " \x1b[2J ", Sections: []briefs.Section{{Kind: briefs.KindLead, Body: "Plain."}}}
	got, err := DigestForPipe([]briefs.DigestEntry{{Brief: b, Section: 1}, {Brief: other, Section: 0}})
	if err != nil {
		t.Fatal(err)
	}
	want := "## Port \\*tariffs\\* rise \\#\n\n*2026-03-04 · Harbour Desk*\n\nCosts go up.\n" +
		"\n## raw.txt\n\nPlain.\n"
	if got != want {
		t.Errorf("DigestForPipe =\n%q\nwant\n%q", got, want)
	}
	if b.Title != "Port *tariffs* rise \x1b]0;owned\x07#" || b.Sections[1].Body != "Costs go up.\x1b[31m" {
		t.Error("DigestForPipe changed the brief it was given")
	}
}

package ui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/glamour/v2"
	"github.com/briefing-dev/briefing/briefs"
)

// typicalBrief builds a brief of about 5 KB in the shape briefs usually have:
// a lead and four sections of paragraphs, a list, emphasis and links.
func typicalBrief() *briefs.Brief {
	para := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "Officials in the harbour authority said on day %d that the **new tariff** schedule would "+
				"take effect after a [public review](https://example.com/review/%d), and that *shipping firms* had "+
				"asked for more time. ", i, i)
		}
		return b.String()
	}
	list := "- The first consequence, stated plainly.\n- A second one, with `code` in it.\n- A third, with a [link](https://example.org).\n"
	b := &briefs.Brief{ID: "typical", Title: "Harbour tariffs", Sections: []briefs.Section{
		{Kind: briefs.KindLead, Body: para(4) + "\n\n" + para(2)},
		{Kind: briefs.KindWhyItMatters, Title: "Why it matters", Body: para(3) + "\n\n" + list},
		{Kind: briefs.KindWhatToKnow, Title: "What to know", Body: para(4) + "\n\n### Background\n\n" + para(3)},
		{Kind: briefs.KindOther, Title: "What they're saying", Body: "> " + para(2) + "\n\n" + list},
		{Kind: briefs.KindWhatHappensNext, Title: "What happens next", Body: para(5)},
	}}
	return b
}

func briefBytes(b *briefs.Brief) int {
	n := 0
	for _, s := range b.Sections {
		n += len(s.Title) + len(s.Body)
	}
	return n
}

// BenchmarkRenderBrief is "opening a brief" for the reader: the issue's
// budget is 20 ms for a typical 5 KB brief at width 80.
func BenchmarkRenderBrief(b *testing.B) {
	br := typicalBrief()
	if n := briefBytes(br); n < 4500 || n > 6000 {
		b.Fatalf("typical brief is %d bytes, want about 5 KB", n)
	}
	b.SetBytes(int64(briefBytes(br)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RenderBrief(br, 80, "dark"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewTermRenderer is what pooling renderers would save per render.
func BenchmarkNewTermRenderer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(80)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderCacheGet(b *testing.B) {
	c := NewRenderCache(64)
	r, err := RenderBrief(typicalBrief(), 80, "dark")
	if err != nil {
		b.Fatal(err)
	}
	c.Put(r)
	tb := typicalBrief()
	for b.Loop() {
		if _, ok := c.Get(tb, 80, "dark"); !ok {
			b.Fatal("miss")
		}
	}
}

// codeBrief builds a brief of about 6 KB whose sections each quote code
// blocks without a language, as briefs do: command lines, figures, a log.
func codeBrief() *briefs.Brief {
	cmds := "```\n$ briefing show harbour-tariffs --width 80\n$ grep -c tariff notes.txt\n42\n```\n"
	figures := "    Q1   1,204   +3.1%\n    Q2   1,317   +9.4%\n    Q3   1,288   -2.2%\n"
	log := "```\n2026-03-01 09:14 port closed to traffic\n2026-03-02 11:02 first vessels turned back\n2026-03-04 16:40 review announced\n```\n"
	body := "The authority published the figures below and the commands its staff ran.\n\n" + cmds + "\n" + figures + "\n" + log
	b := &briefs.Brief{ID: "code", Title: "Harbour figures"}
	for i := range 8 {
		b.Sections = append(b.Sections, briefs.Section{Kind: briefs.KindOther, Title: fmt.Sprintf("Part %d", i+1), Body: body})
	}
	b.Sections[0].Kind, b.Sections[0].Title = briefs.KindLead, ""
	return b
}

// BenchmarkRenderCodeBrief is opening a brief of code blocks that name no
// language (see plainCode).
func BenchmarkRenderCodeBrief(b *testing.B) {
	br := codeBrief()
	b.SetBytes(int64(briefBytes(br)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RenderBrief(br, 80, "dark"); err != nil {
			b.Fatal(err)
		}
	}
}

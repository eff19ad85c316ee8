package ui

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
)

// pathoShape builds markdown of about n bytes in one of the shapes that make
// glamour superlinear, or a shape that is merely long.
func pathoShape(shape string, n int) string {
	var b strings.Builder
	repeat := func(s string) {
		for b.Len() < n {
			b.WriteString(s)
		}
	}
	switch shape {
	case "nest": // list markers nested on one line
		repeat("- ")
		b.WriteString("deep\n")
	case "quotes": // quote markers nested on one line
		repeat("> ")
		b.WriteString("deep\n")
	case "emphasis": // alternating delimiters that never close
		repeat("*_")
	case "fence": // a code block that never closes
		b.WriteString("```\n")
		repeat("some code line here = 1;\n")
	case "table": // one table, as wide as the text allows
		cols := max(n/8, 2)
		b.WriteString("|" + strings.Repeat(" a |", cols) + "\n|" + strings.Repeat("---|", cols) + "\n|" + strings.Repeat(" b |", cols) + "\n")
	case "list": // a long list of short items
		repeat("- an item of a long list\n")
	case "nested8": // items eight levels deep, one after another
		repeat(strings.Repeat("- ", 8) + "deep words here\n")
	case "headings": // sections with nothing but a heading
		repeat("## Why it matters\n\n")
	case "prose": // paragraphs, the normal case
		repeat("Officials said the **new tariff** would take effect after a [review](https://example.com). \n\n")
	default:
		panic("unknown shape " + shape)
	}
	return b.String()
}

// leadBrief is a brief whose lead holds md.
func leadBrief(md string) *briefs.Brief {
	return &briefs.Brief{ID: "patho", Hash: "h", Sections: []briefs.Section{{Kind: briefs.KindLead, Body: md}}}
}

// BenchmarkRenderPatho renders each hostile shape at 1, 4 and 8 MB, the
// way the reader and show render a brief, and reports the time and the
// memory allocated per MB of markdown: past the budget a render goes on in
// plain text, so each stays within seconds, and a regression shows as a
// number. Run it with -benchtime=1x: one render is the measure.
func BenchmarkRenderPatho(b *testing.B) {
	shapes := []string{"nest", "quotes", "emphasis", "fence", "table", "list", "nested8", "headings", "prose"}
	for _, shape := range shapes {
		for _, mb := range []int{1, 4, 8} {
			b.Run(fmt.Sprintf("%s/%dMB", shape, mb), func(b *testing.B) {
				md := pathoShape(shape, mb<<20)
				br := leadBrief(md)
				if shape == "headings" {
					br, _ = briefs.Parse("headings.md", []byte(md))
				}
				b.SetBytes(int64(len(md)))
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				alloc := ms.TotalAlloc
				t0 := time.Now()
				for b.Loop() {
					if _, err := RenderBrief(br, 80, "dark"); err != nil {
						b.Fatal(err)
					}
				}
				runtime.ReadMemStats(&ms)
				perMB := float64(b.N) * float64(len(md)) / (1 << 20)
				b.ReportMetric(float64(time.Since(t0).Milliseconds())/perMB, "ms/MB")
				b.ReportMetric(float64(ms.TotalAlloc-alloc)/(1<<20)/perMB, "allocMB/MB")
			})
		}
	}
}

// BenchmarkRenderFirstScreen is opening a brief in the reader: the first
// part of its render, two screens of 24 lines, for each shape at 4 MB.
// headings is 100,000 "## Why it matters" in 3 MB: rendered whole before
// renders came in parts, it took 8-10 s here before the first frame.
func BenchmarkRenderFirstScreen(b *testing.B) {
	for _, shape := range []string{"nest", "emphasis", "fence", "table", "list", "nested8", "headings", "prose"} {
		b.Run(shape, func(b *testing.B) {
			md := pathoShape(shape, 4<<20)
			br := leadBrief(md)
			if shape == "headings" {
				br, _ = briefs.Parse("headings.md", []byte(md))
			}
			b.ReportAllocs()
			for b.Loop() {
				r, err := NewRenderJob(br, 80, "dark", DefaultRenderBudget()).Advance(context.Background(), 48, 0)
				if err != nil || len(r.Lines) < 48 {
					b.Fatalf("%v: %d lines", err, len(r.Lines))
				}
			}
		})
	}
}

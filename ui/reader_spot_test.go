package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
)

// longBrief has sections of several paragraphs, each a few lines long.
func longBrief() *briefs.Brief {
	body := func(topic string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "Paragraph %d about %s: the council met again and the argument went on, "+
				"with engineers, fishers and the harbour board each reading the same report differently.\n\n", i+1, topic)
		}
		return b.String()
	}
	return &briefs.Brief{ID: "long.md", Hash: "h1", Title: "Long", Sections: []briefs.Section{
		{Kind: briefs.KindLead, Body: body("the vote", 3)},
		{Kind: briefs.KindWhyItMatters, Title: "Why it matters", Body: body("the stakes", 4)},
		{Kind: briefs.KindWhatToKnow, Title: "What to know", Body: body("the facts", 6)},
	}}
}

// A spot taken at one width is the same paragraph at every other, and the
// same line at the width it was taken at.
func TestSpotAtLineOfRoundTrip(t *testing.T) {
	b := longBrief()
	wide := renderWhole(t, b, testBudget(nil))
	narrow, err := NewRenderJob(b, 40, "dark", testBudget(nil)).Advance(context.Background(), -1, 0)
	if err != nil {
		t.Fatal(err)
	}
	for y := range wide.Lines {
		s, ok := wide.SpotAt(y)
		if !ok {
			t.Fatalf("no spot at line %d", y)
		}
		if back, ok := wide.LineOf(s); !ok || back != y && y <= wide.Paragraphs[len(wide.Paragraphs)-1].Last {
			t.Errorf("line %d → %+v → line %d, %v", y, s, back, ok)
		}
		ny, ok := narrow.LineOf(s)
		if got, _ := narrow.SpotAt(ny); !ok || got.Paragraph != s.Paragraph {
			t.Errorf("line %d (paragraph %d) lands on paragraph %d at 40 columns", y, s.Paragraph, got.Paragraph)
		}
	}
	if _, ok := wide.LineOf(Spot{Paragraph: len(wide.Paragraphs)}); ok {
		t.Error("LineOf found a paragraph the render does not have")
	}
}

// A scroll key while a resize's render comes in parts lets go of the
// paragraph held through it: the next part does not pull the view back.
func TestResizeHoldLetsGoOnKey(t *testing.T) {
	b := longBrief()
	for _, key := range []tea.KeyPressMsg{{Code: 'g', Text: "g"}, {Code: 'j', Text: "j"}} {
		r := NewReader(NewStyles(true), DefaultKeyMap())
		r.SetSize(100, 20)
		r.SetBrief(b, 1, 1)
		r.SetRendered(renderWhole(t, b, testBudget(nil)))
		want := 8 // in a part after the first at 40 columns, not near the end
		r.ScrollTo(r.Rendered().Paragraphs[want].First)
		r.SetSize(40, 20)
		j := NewRenderJob(b, 40, "dark", testBudget(nil))
		part, err := j.Advance(context.Background(), 30, 0)
		if err != nil || !part.Partial {
			t.Fatalf("first part: partial %v, %v", part.Partial, err)
		}
		r.SetRendered(part)
		rest, err := j.Advance(context.Background(), -1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if key.Text == "j" {
			// Without a key the held paragraph lands with the rest.
			r2 := r
			r2.SetRendered(rest)
			if s, _ := r2.Spot(); s.Paragraph != want {
				t.Fatalf("the rest of the render put paragraph %d at the top, want %d", s.Paragraph, want)
			}
		}
		before := r.YOffset()
		r, _ = r.Update(key)
		at := r.YOffset()
		r.SetRendered(rest)
		if r.YOffset() != at {
			t.Errorf("%s then the rest of the render: line %d (was %d after the key, %d before), want it kept", key.Text, r.YOffset(), at, before)
		}
	}
}

package notes

import (
	"math"
	"strings"
	"testing"
)

func TestNewPositionQuotesTheParagraph(t *testing.T) {
	body := "First paragraph, café.\n\n" + strings.Repeat("é", 300) + "\n\nLast one."
	sec := SectionText{Kind: "what_to_know", Title: "What to know", Body: body}
	start := strings.Index(body, "\n\n") + 2
	end := start + len(strings.Repeat("é", 300))
	p := NewPosition(sec, 2, start, end, 17, 0.5, 0)
	if len(p.Quote) > PositionQuoteBytes || !strings.HasPrefix(body[start:], p.Quote) || p.Quote == "" {
		t.Errorf("quote of %d bytes is not a start of the paragraph within the cap", len(p.Quote))
	}
	// The context runs up to the quote and on from where it was cut.
	if p.Before != "First paragraph, café.\n\n" || p.After != strings.Repeat("é", 20) {
		t.Errorf("context = %q / %q", p.Before, p.After)
	}
	if p.Section != (Section{Kind: "what_to_know", Title: "What to know", Index: 2}) || p.Line != 17 || p.Into != 0.5 {
		t.Errorf("position = %+v", p)
	}
	if blank := NewPosition(sec, 0, 0, 0, 5, 0, 0); blank.Anchored() || blank.Line != 5 {
		t.Errorf("an empty paragraph gave %+v; want the line alone", blank)
	}
	if c := (Position{Line: -1, Into: math.NaN(), Above: -3}).Clamp(); c.Line != 0 || c.Into != 0 || c.Above != 0 {
		t.Errorf("Clamp = %+v", c)
	}
}

// A position is found again by its paragraph's text, in its section, after
// the brief was edited around it; a deleted paragraph gives its section.
func TestPositionFind(t *testing.T) {
	sections := []SectionText{
		{Kind: "lead", Body: "The vote is today."},
		{Kind: "what_to_know", Title: "What to know", Body: "Tolls rise.\n\nThe barrier costs 2 billion.\n\nWork starts in May."},
	}
	body := sections[1].Body
	start := strings.Index(body, "The barrier")
	p := NewPosition(sections[1], 1, start, start+len("The barrier costs 2 billion."), 9, 0.4, 0)

	if a := p.Find(sections); a.Section != 1 || a.Start != start || a.Orphaned {
		t.Errorf("unchanged brief: %+v; want section 1 at %d", a, start)
	}
	edited := []SectionText{
		{Kind: "lead", Body: "The vote is today, after a long night of talks."},
		{Kind: "other", Title: "New", Body: "A section added above."},
		{Kind: "what_to_know", Title: "What to know", Body: "Tolls rise.\n\nA new paragraph.\n\nThe barrier costs 2 billion.\n\nWork starts in May."},
	}
	want := strings.Index(edited[2].Body, "The barrier")
	if a := p.Find(edited); a.Section != 2 || a.Start != want || a.Orphaned {
		t.Errorf("edited brief: %+v; want section 2 at %d", a, want)
	}
	gone := []SectionText{sections[0], {Kind: "what_to_know", Title: "What to know", Body: "Only this now."}}
	if a := p.Find(gone); a.Section != 1 || a.Start != 0 || a.Orphaned {
		t.Errorf("paragraph deleted: %+v; want the start of its section", a)
	}
	if a := (Position{Line: 12}).Find(sections); !a.Orphaned {
		t.Errorf("a line-only position was anchored: %+v", a)
	}
}

package briefs

import (
	"strings"
	"testing"
	"time"
)

func TestParseSectionSelector(t *testing.T) {
	sec := func(k Kind, title string) Section { return Section{Kind: k, Title: title} }
	cases := []struct {
		sel   string
		sec   Section
		match bool
	}{
		{"why", sec(KindWhyItMatters, "The big picture"), true},
		{"w", sec(KindWhyItMatters, "Why it matters"), true},
		{"WHY", sec(KindWhyItMatters, ""), true},
		{"why", sec(KindOther, "Why not"), false},
		{"know", sec(KindWhatToKnow, "Details"), true},
		{"k", sec(KindWhatToKnow, ""), true},
		{"next", sec(KindWhatHappensNext, "Outlook"), true},
		{"n", sec(KindWhatToKnow, ""), false},
		{"lead", sec(KindLead, ""), true},
		{"what_to_know", sec(KindWhatToKnow, ""), true},
		{"what people are saying", sec(KindOther, "What People Are Saying:"), true},
		{"people saying", sec(KindOther, "What People Are Saying"), false},
		{"numbers", sec(KindOther, "By the Numbers"), true},
		{"zahlen", sec(KindOther, "Die Zählen"), true},
		{"outlook", sec(KindWhatHappensNext, "What happens next"), true},
		{"the big picture", sec(KindWhyItMatters, "Why it matters"), true},
	}
	for _, c := range cases {
		s, err := ParseSectionSelector(c.sel)
		if err != nil {
			t.Fatalf("ParseSectionSelector(%q): %v", c.sel, err)
		}
		if got := s.Matches(c.sec); got != c.match {
			t.Errorf("%q matches %+v = %v, want %v", c.sel, c.sec, got, c.match)
		}
	}
	if _, err := ParseSectionSelector(" !! "); err == nil {
		t.Error("a selector without words should be an error")
	}
}

// digestBriefs are briefs with and without a what-happens-next section, in
// several scripts.
func digestBriefs() []*Brief {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	return []*Brief{
		{
			ID: "ceasefire", Title: "Ceasefire talks resume in Geneva", Date: day(6, 24), Source: "Reuters Wire",
			Sections: []Section{
				{Kind: KindLead, Body: "Negotiators met on Monday in a hotel by the lake."},
				{Kind: KindWhyItMatters, Title: "Why it matters", Body: "A truce would end **months** of fighting."},
				{Kind: KindWhatHappensNext, Title: "What happens next", Body: "Talks continue next week; a ceasefire vote is expected."},
			},
		},
		{
			ID: "muller", Title: "Müller wins the Straße prize", Date: day(6, 20), Source: "Der Spiegel",
			Sections: []Section{
				{Kind: KindLead, Body: "Anna Müller's novel won."},
				{Kind: KindWhatToKnow, Title: "What to know", Body: "The prize is worth 10,000 euros."},
			},
		},
		{
			ID: "tokyo", Title: "東京の会議", Date: day(6, 23), Source: "NHK",
			Sections: []Section{
				{Kind: KindLead, Body: "東京で会議が開かれた。"},
				{Kind: KindWhatHappensNext, Title: "What's next", Body: "Talks move to Osaka and Kyoto."},
			},
		},
		{
			ID: "budget", Title: "Budget vote delayed", Date: day(5, 1), Source: "AP",
			Sections: []Section{
				{Kind: KindLead, Body: "The budget vote was delayed again."},
				{Kind: KindWhatHappensNext, Title: "What happens next", Body: "A new vote next month."},
			},
		},
		{
			ID: "undated", Title: "Notes on nothing", Source: "Blog",
			Sections: []Section{{Kind: KindLead, Body: "No date and no ceasefire here."}},
		},
	}
}

func TestDigest(t *testing.T) {
	briefs := digestBriefs()
	sel, _ := ParseSectionSelector("next")
	entries := Digest(briefs, sel)
	var got []string
	for _, e := range entries {
		got = append(got, e.Brief.ID+":"+e.Brief.Sections[e.Section].Title)
	}
	want := []string{"ceasefire:What happens next", "tokyo:What's next", "budget:What happens next"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Digest = %v, want %v", got, want)
	}
	// The given order is kept.
	rev := []*Brief{briefs[3], briefs[0]}
	if e := Digest(rev, sel); len(e) != 2 || e[0].Brief.ID != "budget" {
		t.Errorf("order not kept: %v", e)
	}
	var sb strings.Builder
	if err := DigestMarkdown(entries[:2], &sb); err != nil {
		t.Fatal(err)
	}
	wantMD := "## Ceasefire talks resume in Geneva\n\n*2026-06-24 · Reuters Wire*\n\n" +
		"Talks continue next week; a ceasefire vote is expected.\n\n" +
		"## 東京の会議\n\n*2026-06-23 · NHK*\n\nTalks move to Osaka and Kyoto.\n"
	if sb.String() != wantMD {
		t.Errorf("DigestMarkdown =\n%s\nwant\n%s", sb.String(), wantMD)
	}
	// Undated, sourceless briefs get no meta line.
	sb.Reset()
	DigestMarkdown([]DigestEntry{{Brief: &Brief{ID: "x.md", Sections: []Section{{Body: "Body."}}}, Section: 0}}, &sb)
	if sb.String() != "## x.md\n\nBody.\n" {
		t.Errorf("bare entry = %q", sb.String())
	}
}

package briefs

import (
	"strings"
	"testing"
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

func TestDigest(t *testing.T) {
	briefs := fixtureBriefs()
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

package search

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
)

var testNow = time.Date(2026, 6, 25, 15, 0, 0, 0, time.UTC)

// fixtureBriefs is a small library covering the query features.
func fixtureBriefs() []*briefs.Brief {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	return []*briefs.Brief{
		{
			ID: "ceasefire", Title: "Ceasefire talks resume in Geneva", Date: day(6, 24), Source: "Reuters Wire",
			Tags: []string{"Middle East", "diplomacy"},
			Sections: []briefs.Section{
				{Kind: briefs.KindLead, Body: "Negotiators met on Monday in a hotel by the lake."},
				{Kind: briefs.KindWhyItMatters, Title: "Why it matters", Body: "A truce would end **months** of fighting. See [the report](https://example.com/report)."},
				{Kind: briefs.KindWhatHappensNext, Title: "What happens next", Body: "Talks continue next week; a ceasefire vote is expected."},
				{Kind: briefs.KindOther, Title: "What people are saying", Body: "Analysts are cautious about the border."},
			},
		},
		{
			ID: "muller", Title: "Müller wins the Straße prize", Date: day(6, 20), Source: "Der Spiegel",
			Tags: []string{"culture"},
			Sections: []briefs.Section{
				{Kind: briefs.KindLead, Body: "Anna Müller's novel won. She thanked her café friends."},
				{Kind: briefs.KindWhatToKnow, Title: "What to know", Body: "The prize is worth 10,000 euros. The ceasefire was mentioned in her speech."},
			},
		},
		{
			ID: "tokyo", Title: "東京の会議", Date: day(6, 23), Source: "NHK",
			Tags: []string{"asia"},
			Sections: []briefs.Section{
				{Kind: briefs.KindLead, Body: "東京で会議が開かれた。"},
				{Kind: briefs.KindWhatHappensNext, Title: "What's next", Body: "Talks move to Osaka and Kyoto."},
			},
		},
		{
			ID: "budget", Title: "Budget vote delayed", Date: day(5, 1), Source: "AP",
			Tags: []string{"economy"},
			Sections: []briefs.Section{
				{Kind: briefs.KindLead, Body: "The budget vote was delayed again."},
				{Kind: briefs.KindWhyItMatters, Title: "Why it matters", Body: "Markets fear a shutdown; the border agency runs out of money."},
				{Kind: briefs.KindWhatHappensNext, Title: "What happens next", Body: "A new vote next month."},
			},
		},
		{
			ID: "undated", Title: "Notes on nothing", Source: "Blog",
			Sections: []briefs.Section{{Kind: briefs.KindLead, Body: "No date and no ceasefire here? Just the word truce."}},
		},
	}
}

func TestParseQueryString(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"ceasefire", "ceasefire"},
		{"Ceasefire TALKS", "(ceasefire talks)"},
		{`"ceasefire talks"`, `"ceasefire talks"`},
		{"a b OR c", "((a b) OR c)"},
		{"a OR b c", "(a OR (b c))"},
		{"a OR b OR c", "(a OR b OR c)"},
		{"NOT a b", "(-a b)"},
		{"-a OR b", "(-a OR b)"},
		{"a AND b", "(a b)"},
		{"(a OR b) c", "((a OR b) c)"},
		{"- -a", "-a"},
		{"NOT (a OR b)", "-(a OR b)"},
		{"a or b", "(a or b)"},
		{"don't", `"don t"`},
		{"e-mail", `"e mail"`},
		{"東京", `"東 京"`},
		{"Müller", "muller"},
		{"title:geneva", "title:geneva"},
		{`section:"what people are saying"`, `section:"what people are saying"`},
		{"section:next ceasefire", "(section:next ceasefire)"},
		{"TAG:Diplomacy", "tag:diplomacy"},
		{"date:2026-06-24 after:7d before:today", "(date:2026-06-24 after:7d before:today)"},
		{"is:unread has:notes", "(is:unread has:notes)"},
		{"10:30", `"10 30"`},
		{"& ceasefire", "ceasefire"},
	}
	for _, c := range cases {
		// A trailing space: the last word is complete, not a prefix (see below).
		q, err := ParseQuery(c.in + " ")
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", c.in, err)
			continue
		}
		if got := q.String(); got != c.want {
			t.Errorf("ParseQuery(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestParseQueryPrefixMark(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ceas", "ceas*"},
		{"ceas ", "ceas"},
		{"talks gen", "(talks gen*)"},
		{`"talks gen"`, `"talks gen"`},
		{"title:gen", "title:gen"},
		{"-gen", "-gen*"},
		{"(gen)", "gen"},
	}
	for _, c := range cases {
		q, err := ParseQuery(c.in)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", c.in, err)
		}
		if got := q.String(); got != c.want {
			t.Errorf("ParseQuery(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	cases := []struct {
		in   string
		pos  int
		frag string
	}{
		{`"open`, 0, "unterminated quote"},
		{`talks "open`, 6, "unterminated quote"},
		{`title:"open`, 6, "unterminated quote"},
		{"a )", 2, "unmatched )"},
		{"(a", 0, "missing )"},
		{"x (a OR (b)", 2, "missing )"},
		{"()", 1, "empty parentheses"},
		{"OR a", 0, "OR needs a term before it"},
		{"a OR", 2, "OR needs a term after it"},
		{"a OR OR b", 2, "OR needs a term after it"},
		{"a OR )", 2, "OR needs a term after it"},
		{"AND a", 0, "AND needs a term before it"},
		{"a AND", 2, "AND needs a term after it"},
		{"NOT", 0, "NOT needs a term after it"},
		{"a NOT", 2, "NOT needs a term after it"},
		{"a -(", 3, "missing )"},
		{"titel:x", 0, "unknown field"},
		{"a http://x", 2, "unknown field"},
		{"title:", 6, "title: needs a value"},
		{"title: x", 6, "needs a value"},
		{"title:&&", 6, "title: needs a word"},
		{"tag:--", 4, "tag: needs a word"},
		{"date:2026-13-01", 5, "date: expects"},
		{"date:2026-02-30", 5, "date: expects"},
		{"after:soon", 6, "after: expects"},
		{"before:-7d", 7, "before: expects"},
		{"is:done", 3, "is: expects"},
		{"has:cats", 4, "has: expects"},
		{"section:!!", 8, "section: expects"},
	}
	for _, c := range cases {
		_, err := ParseQuery(c.in)
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("ParseQuery(%q) = %v, want a *QueryError", c.in, err)
			continue
		}
		if qe.Pos != c.pos || !strings.Contains(qe.Msg, c.frag) {
			t.Errorf("ParseQuery(%q) = pos %d %q, want pos %d containing %q", c.in, qe.Pos, qe.Msg, c.pos, c.frag)
		}
		if !strings.Contains(err.Error(), "at ") {
			t.Errorf("Error() %q does not give the position", err.Error())
		}
	}
}

type fakeMarks map[string]string // id -> letters r(ead) s(tarred) n(otes) h(ighlights)

func (m fakeMarks) IsRead(id string) bool        { return strings.Contains(m[id], "r") }
func (m fakeMarks) IsStarred(id string) bool     { return strings.Contains(m[id], "s") }
func (m fakeMarks) HasNotes(id string) bool      { return strings.Contains(m[id], "n") }
func (m fakeMarks) HasHighlights(id string) bool { return strings.Contains(m[id], "h") }

// TestQueryMatch runs every case through Query.Match (no index) and
// Index.Filter, which must agree.
func TestQueryMatch(t *testing.T) {
	bs := fixtureBriefs()
	ix := NewIndex(bs)
	marks := fakeMarks{"ceasefire": "rs", "muller": "n", "tokyo": "rh"}
	all := []string{"ceasefire", "muller", "tokyo", "budget", "undated"}
	cases := []struct {
		q      string
		prefix bool
		want   []string
	}{
		{"", false, all},
		{"ceasefire", false, []string{"ceasefire", "muller", "undated"}},
		{"CEASEFIRE", false, []string{"ceasefire", "muller", "undated"}},
		{"ceasefire geneva", false, []string{"ceasefire"}},
		{"ceasefire -geneva", false, []string{"muller", "undated"}},
		{"ceasefire NOT geneva", false, []string{"muller", "undated"}},
		{"geneva OR budget", false, []string{"ceasefire", "budget"}},
		{"(geneva OR budget) border", false, []string{"ceasefire", "budget"}},
		{"geneva OR budget markets", false, []string{"ceasefire", "budget"}},
		{"NOT (ceasefire OR budget)", false, []string{"tokyo"}},
		{`"ceasefire vote"`, false, []string{"ceasefire"}},
		{`"vote ceasefire"`, false, nil},
		{`"talks resume"`, false, []string{"ceasefire"}},
		// Accents and case fold both ways.
		{"muller", false, []string{"muller"}},
		{"MÜLLER", false, []string{"muller"}},
		{"strasse", false, []string{"muller"}},
		{"cafe", false, []string{"muller"}},
		{"müller's", false, []string{"muller"}},
		// CJK: each rune a term, a word a phrase of runes.
		{"東京", false, []string{"tokyo"}},
		{"会議", false, []string{"tokyo"}},
		{"京東", false, nil},
		{"東", false, []string{"tokyo"}},
		// Metadata.
		{"reuters", false, []string{"ceasefire"}},
		{"diplomacy", false, []string{"ceasefire"}},
		{"title:ceasefire", false, []string{"ceasefire"}},
		{`title:"talks resume"`, false, []string{"ceasefire"}},
		{"title:talks", false, []string{"ceasefire"}},
		{"source:reuters", false, []string{"ceasefire"}},
		{"source:wire", false, []string{"ceasefire"}},
		{"source:geneva", false, nil},
		{"tag:middle-east", false, []string{"ceasefire"}},
		{`tag:"middle east"`, false, []string{"ceasefire"}},
		{"tag:middle", false, nil},
		// Sections.
		{"section:why", false, []string{"ceasefire", "budget"}},
		{"section:know", false, []string{"muller"}},
		{"section:next", false, []string{"ceasefire", "tokyo", "budget"}},
		{"section:lead", false, all},
		{`section:"what people are saying"`, false, []string{"ceasefire"}},
		{"section:people", false, []string{"ceasefire"}},
		{"section:next ceasefire", false, []string{"ceasefire"}},
		{"section:why ceasefire", false, nil},
		{"section:why truce", false, []string{"ceasefire"}},
		{"section:next osaka", false, []string{"tokyo"}},
		{"section:why border", false, []string{"budget"}},
		{"section:next (osaka OR month)", false, []string{"tokyo", "budget"}},
		{"section:next -ceasefire", false, []string{"tokyo", "budget"}},
		{"section:next talks", false, []string{"ceasefire", "tokyo"}},
		{"section:next geneva", false, nil}, // geneva is in the title only
		{"section:next title:geneva", false, []string{"ceasefire"}},
		{"(section:next talks) OR truce", false, []string{"ceasefire", "tokyo", "undated"}},
		{`section:"what's next" osaka`, false, []string{"tokyo"}},
		{`section:"what's next"`, false, []string{"ceasefire", "tokyo", "budget"}}, // a label selects its kind
		{`section:"the big picture"`, false, []string{"ceasefire", "budget"}},
		// Dates: SortTime's calendar day; undated briefs match no date field.
		{"date:2026-06-24", false, []string{"ceasefire"}},
		{"date:2026-06", false, []string{"ceasefire", "muller", "tokyo"}},
		{"date:2026", false, []string{"ceasefire", "muller", "tokyo", "budget"}},
		{"after:2026-06-23", false, []string{"ceasefire", "tokyo"}},
		{"before:2026-06-23", false, []string{"muller", "budget"}},
		{"after:2026-06-01 before:2026-06-23", false, []string{"muller"}},
		{"after:yesterday", false, []string{"ceasefire"}},
		{"date:yesterday", false, []string{"ceasefire"}},
		{"date:today", false, nil},
		{"after:2d", false, []string{"ceasefire", "tokyo"}},
		{"after:1w", false, []string{"ceasefire", "muller", "tokyo"}},
		{"after:2m", false, []string{"ceasefire", "muller", "tokyo", "budget"}},
		{"after:1m", false, []string{"ceasefire", "muller", "tokyo"}},
		{"after:1y", false, []string{"ceasefire", "muller", "tokyo", "budget"}},
		{"before:1y", false, nil},
		// Marks.
		{"is:read", false, []string{"ceasefire", "tokyo"}},
		{"is:unread", false, []string{"muller", "budget", "undated"}},
		{"is:starred", false, []string{"ceasefire"}},
		{"has:notes", false, []string{"muller"}},
		{"has:highlights talks", false, []string{"tokyo"}},
		// Prefix of the last word, only when asked.
		{"genev", false, nil},
		{"genev", true, []string{"ceasefire"}},
		{"talks genev", true, []string{"ceasefire"}},
		{"genev ", true, nil},
		{"cease", true, []string{"ceasefire", "muller", "undated"}},
		{"ceasefire-vo", true, []string{"ceasefire"}}, // a phrase whose last term is a prefix
		{"ceasefire-vo", false, nil},
	}
	for _, c := range cases {
		q, err := ParseQuery(c.q)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", c.q, err)
			continue
		}
		opts := SearchOptions{Now: testNow, Marks: marks, PrefixLast: c.prefix}
		var scan []string
		for _, b := range bs {
			if q.Match(b, opts) {
				scan = append(scan, b.ID)
			}
		}
		if !slices.Equal(scan, c.want) {
			t.Errorf("Match %q (prefix %v) = %v, want %v", c.q, c.prefix, scan, c.want)
		}
		if got := ix.Filter(q, opts); !slices.Equal(got, c.want) {
			t.Errorf("Filter %q (prefix %v) = %v, want %v", c.q, c.prefix, got, c.want)
		}
		hits := ix.Search(q, opts)
		var ids []string
		for _, h := range hits {
			ids = append(ids, h.ID)
		}
		slices.Sort(ids)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(ids, want) {
			t.Errorf("Search %q = %v, want the set %v", c.q, ids, want)
		}
	}
}

func TestQueryMarksUnavailable(t *testing.T) {
	q, err := ParseQuery("ceasefire is:read")
	if err != nil {
		t.Fatal(err)
	}
	err = q.Check(nil)
	var qe *QueryError
	if !errors.As(err, &qe) || qe.Pos != 10 || !strings.Contains(qe.Msg, "not available yet") {
		t.Fatalf("Check(nil) = %v, want the not-available error at 10", err)
	}
	if err := q.Check(fakeMarks{}); err != nil {
		t.Fatalf("Check(marks) = %v", err)
	}
	ix := NewIndex(fixtureBriefs())
	if got := ix.Filter(q, SearchOptions{}); got != nil {
		t.Errorf("Filter without marks = %v, want nothing", got)
	}
	if q.Match(fixtureBriefs()[0], SearchOptions{}) {
		t.Error("Match without marks matched")
	}
	plain, _ := ParseQuery("ceasefire")
	if plain.Check(nil) != nil || plain.NeedsMarks() {
		t.Error("a query without is:/has: needs no marks")
	}
}

func TestQueryHighlights(t *testing.T) {
	cases := []struct {
		q, text string
		prefix  bool
		want    [][2]int
	}{
		{"ceasefire", "A Ceasefire, then ceasefire.", false, [][2]int{{2, 11}, {18, 27}}},
		{"muller", "Anna Müller's", false, [][2]int{{5, 12}}},
		{`"vote expected"`, "a vote is expected; vote expected", false, [][2]int{{20, 33}}},
		{"vote -expected", "vote expected", false, [][2]int{{0, 4}}},
		{"exp", "vote expected", true, [][2]int{{5, 13}}},
		{"exp", "vote expected", false, nil},
		{"東京", "in 東京 now", false, [][2]int{{3, 9}}},
	}
	for _, c := range cases {
		q, err := ParseQuery(c.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Highlights(c.text, c.prefix); !slices.Equal(got, c.want) {
			t.Errorf("Highlights(%q, %q) = %v, want %v", c.q, c.text, got, c.want)
		}
	}
}

// TestQueryCJKPhrase: a CJK word finds its runes together in the text, and
// also when separated by spaces or punctuation (they are still adjacent terms),
// but not apart.
func TestQueryCJKPhrase(t *testing.T) {
	bs := []*briefs.Brief{
		{ID: "together", Sections: []briefs.Section{{Kind: briefs.KindLead, Body: "大阪で会議。"}}},
		{ID: "spaced", Sections: []briefs.Section{{Kind: briefs.KindLead, Body: "大 阪"}}},
		{ID: "apart", Sections: []briefs.Section{{Kind: briefs.KindLead, Body: "大きな阪"}}},
		{ID: "title", Title: "大阪", Sections: []briefs.Section{{Kind: briefs.KindLead, Body: "x"}}},
	}
	ix := NewIndex(bs)
	q := mustQuery(t, "大阪")
	want := []string{"together", "spaced", "title"}
	if got := ix.Filter(q, SearchOptions{}); !slices.Equal(got, want) {
		t.Errorf("Filter = %v, want %v", got, want)
	}
	for _, b := range bs {
		if got := q.Match(b, SearchOptions{}); got != slices.Contains(want, b.ID) {
			t.Errorf("Match(%s) = %v", b.ID, got)
		}
	}
}

func TestQueryTerms(t *testing.T) {
	q, _ := ParseQuery(`ceasefire "talks resume" -geneva title:vote is:read`)
	want := []string{"ceasefire", "talks resume", "vote"}
	if got := q.Terms(); !slices.Equal(got, want) {
		t.Errorf("Terms = %v, want %v", got, want)
	}
}

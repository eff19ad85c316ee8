package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
)

// phraseBriefs stress what the build's fast paths and the positions must get
// right: case, words of 8, 9, 16, 17 and over 64 bytes, words at the very end
// of a field, accents and CJK next to ASCII, and phrases that would run across
// fields (title into source, tag into tag, section title into body).
func phraseBriefs() []*briefs.Brief {
	long := strings.Repeat("Abcdefghij", 7) // 70 bytes
	return []*briefs.Brief{
		{ID: "a", Title: "Alpha BRAVO", Source: "Charlie Delta", Tags: []string{"echo foxtrot", "golf"},
			Sections: []briefs.Section{
				{Kind: briefs.KindLead, Body: "Hotel india JULIETTE. Kilo lima mike"},
				{Kind: briefs.KindWhyItMatters, Title: "Why it matters", Body: "Matters more than ever: twelvebytes eightbyt ninebytes sixteenbytesword seventeenbytesword " + long},
			}},
		{ID: "b", Title: "Bravo alpha", Source: "Delta", Tags: []string{"golf echo"},
			Sections: []briefs.Section{
				{Kind: briefs.KindLead, Title: "Kilo", Body: "lima Müller-Straße café naïve 東京の会議 Zoë"},
				{Kind: briefs.KindWhatHappensNext, Title: "What happens next", Body: "alpha bravo alpha bravo next"},
			}},
		{ID: "c", Title: "Zulu", Source: "Charlie",
			Sections: []briefs.Section{
				{Kind: briefs.KindLead, Body: "india hotel, india; hotel india. " + long + " tail"},
				{Kind: briefs.KindOther, Title: "By the numbers", Body: "1,000 euros and 2 MILLION dollars, SIXTEENBYTESWORD"},
			}},
	}
}

// TestIndexPhrasesMatchScan: phrases (answered from positions) and words find
// the same briefs through the index as Query.Match finds by folding the text,
// built at once and brief by brief, with and without the last word a prefix.
func TestIndexPhrasesMatchScan(t *testing.T) {
	bs := phraseBriefs()
	whole := NewIndex(bs)
	inc := NewIndex(nil)
	for _, b := range bs {
		applyAdd(inc, b)
	}
	queries := []string{
		`"alpha bravo"`, `"bravo alpha"`, `"alpha bravo alpha"`, `"bravo charlie"`, `"charlie delta"`,
		`"foxtrot golf"`, `"echo foxtrot"`, `"golf echo"`, `"matters matters"`, `"why it matters"`,
		`"it matters more"`, `"kilo lima"`, `"mike"`, `"juliette kilo"`, `"india juliette"`,
		`"hotel india"`, `"india hotel india"`, `"sixteenbytesword seventeenbytesword"`,
		`"eightbyt ninebytes"`, "ninebyte", "sixteenbytes", "seventeenbytesw", `"seventeenbytesword ` + strings.ToLower(strings.Repeat("Abcdefghij", 7)) + `"`,
		"muller", `"muller strasse"`, `"strasse cafe naive"`, "東京", "東京の", "京の会", "会議 zoe", `"会議 zoe"`,
		`"million dollars"`, `"2 million"`, `"1 000 euros"`, "by the num", `"the numbers 1"`,
		`section:why "matters more"`, `section:next "alpha bravo"`, `section:lead "alpha bravo"`,
		`-"alpha bravo"`, `"alpha bravo" OR "india hotel"`, "alpha bra", "india hot", "kilo li",
		"next", `"next alpha"`, "tail", `"` + strings.ToLower(strings.Repeat("Abcdefghij", 7)) + ` tail"`,
	}
	for _, s := range queries {
		q := mustQuery(t, s)
		for _, prefix := range []bool{false, true} {
			opts := SearchOptions{PrefixLast: prefix}
			scan := matchScan(bs, q, opts)
			if got := whole.Filter(q, opts); !slices.Equal(got, scan) {
				t.Errorf("%q prefix=%v: index %v, Match %v", s, prefix, got, scan)
			}
			if got := inc.Filter(q, opts); !slices.Equal(got, scan) {
				t.Errorf("%q prefix=%v: incremental index %v, Match %v", s, prefix, got, scan)
			}
		}
	}
	// A few answers pinned, so that index and Match cannot agree on nothing.
	for s, want := range map[string][]string{
		`"alpha bravo"`:        {"a", "b"},
		`"bravo charlie"`:      nil, // title into source
		`"foxtrot golf"`:       nil, // tag into tag
		`"matters matters"`:    nil, // section title into body
		`"india hotel india"`:  {"c"},
		`"2 million"`:          {"c"},
		`section:lead "alpha"`: nil,
		"東京の":                  {"b"},
	} {
		if got := whole.Filter(mustQuery(t, s), SearchOptions{}); !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}

// TestIndexPhrasesAfterRemove: a removed brief's positions do not answer.
func TestIndexPhrasesAfterRemove(t *testing.T) {
	bs := phraseBriefs()
	ix := NewIndex(bs)
	q := mustQuery(t, `"alpha bravo"`)
	applyRemove(ix, bs[0])
	if got := ix.Filter(q, SearchOptions{}); !slices.Equal(got, []string{"b"}) {
		t.Errorf("after Remove: %v", got)
	}
	upd := *bs[1]
	upd.Sections = []briefs.Section{{Kind: briefs.KindLead, Body: "bravo then alpha"}}
	upd.Title = "Nothing"
	applyUpdate(ix, bs[1], &upd)
	if got := ix.Filter(q, SearchOptions{}); got != nil {
		t.Errorf("after Update: %v", got)
	}
}

// FuzzIndexMatch: for any text and query, the index finds what Query.Match
// finds, built at once and brief by brief.
func FuzzIndexMatch(f *testing.F) {
	f.Add("Alpha BRAVO charlie", "bravo charlie. Delta", "Tag one", `"bravo charlie"`)
	f.Add("東京の会議", "Müller-Straße café", "x", "東京")
	f.Add("a b a b", "b a", "a", `"a b a" OR b`)
	f.Add("eightbyt NINEBYTES", "SIXTEENBYTESWORD seventeenbytesword", "", "ninebyt")
	f.Fuzz(func(t *testing.T, title, body, tag, query string) {
		q, err := ParseQuery(query)
		if err != nil {
			return
		}
		var bs []*briefs.Brief
		for i, text := range []string{body, title + " " + body, tag + "\n" + title} {
			bs = append(bs, &briefs.Brief{ID: fmt.Sprint(i), Title: title, Tags: []string{tag},
				Sections: []briefs.Section{{Kind: briefs.KindLead, Body: text}, {Kind: briefs.KindWhatHappensNext, Title: tag, Body: body}}})
		}
		whole := NewIndex(bs)
		inc := NewIndex(bs[:1])
		applyAdd(inc, bs[1])
		applyAdd(inc, bs[2])
		for _, prefix := range []bool{false, true} {
			opts := SearchOptions{PrefixLast: prefix, Now: testNow, Marks: fakeMarks{}}
			var scan []string
			for _, b := range bs {
				if q.Match(b, opts) {
					scan = append(scan, b.ID)
				}
			}
			if got := whole.Filter(q, opts); !slices.Equal(got, scan) {
				t.Fatalf("%q prefix=%v: index %v, Match %v", query, prefix, got, scan)
			}
			if got := inc.Filter(q, opts); !slices.Equal(got, scan) {
				t.Fatalf("%q prefix=%v: incremental %v, Match %v", query, prefix, got, scan)
			}
		}
	})
}

// TestWordBytes checks the eight-bytes-at-a-time classification and folding of
// the build against foldTable, for every byte in every lane next to every
// neighbour class.
func TestWordBytes(t *testing.T) {
	for c := range 256 {
		for lane := range 8 {
			for _, fill := range []byte{' ', 'a', 'Z', '9', 0xC3, 0x7F, 0x80, 0xFF} {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[lane] = byte(c)
				x := load64(string(b[:]), 0)
				m := wordBytes(x)
				for i := range b {
					if got, want := m>>(8*i+7)&1 == 1, foldTable[b[i]] != 0; got != want {
						t.Fatalf("byte %#x in lane %d of %q: word %v, want %v", b[i], i, b, got, want)
					}
				}
				low := lowerASCII(x)
				for i := range b {
					want := b[i]
					if 'A' <= want && want <= 'Z' {
						want += 'a' - 'A'
					}
					if got := byte(low >> (8 * i)); got != want {
						t.Fatalf("lowerASCII(%q) lane %d = %#x, want %#x", b, i, got, want)
					}
				}
			}
		}
	}
}

// matchScan is the IDs of the briefs q matches, by Query.Match on each: what
// an index must answer.
func matchScan(bs []*briefs.Brief, q *Query, opts SearchOptions) []string {
	var ids []string
	for _, b := range bs {
		if q.Match(b, opts) {
			ids = append(ids, b.ID)
		}
	}
	return ids
}

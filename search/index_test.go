package search

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/fold"
)

// applyAdd, applyRemove and applyUpdate apply a change of one brief.
func applyAdd(ix *Index, b *briefs.Brief) { ix.Apply(briefs.Change{Added: []*briefs.Brief{b}}) }

func applyRemove(ix *Index, b *briefs.Brief) { ix.Apply(briefs.Change{Removed: []*briefs.Brief{b}}) }

func applyUpdate(ix *Index, old, next *briefs.Brief) {
	ix.Apply(briefs.Change{Updated: [][2]*briefs.Brief{{old, next}}})
}

func mustQuery(t testing.TB, s string) *Query {
	t.Helper()
	q, err := ParseQuery(s)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", s, err)
	}
	return q
}

func hitIDs(hits []Hit) []string {
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// filler is body text of n neutral words, so that documents have comparable lengths.
func filler(n int) string {
	return strings.TrimSpace(strings.Repeat("lorem ipsum dolor sit amet ", n/5))
}

// portFillers are n briefs that mention port avalen and nothing else of
// the queries: the words in nearly every brief, as a place name is.
func portFillers(n int) []*briefs.Brief {
	var out []*briefs.Brief
	for i := range n {
		out = append(out, rankBrief(fmt.Sprint("f", i), "Filler", filler(20)+" port avalen", 1))
	}
	return out
}

func rankBrief(id, title, body string, day int) *briefs.Brief {
	return &briefs.Brief{
		ID: id, Title: title, Date: time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC),
		Sections: []briefs.Section{{Kind: briefs.KindLead, Body: body}, {Kind: briefs.KindOther, Title: "More", Body: filler(40)}},
	}
}

func TestIndexRanking(t *testing.T) {
	cases := []struct {
		name   string
		bs     []*briefs.Brief
		query  string
		prefix bool
		want   []string
	}{
		{"title beats body", []*briefs.Brief{
			rankBrief("body", "Something else", filler(20)+" zebra", 1),
			rankBrief("title", "Zebra crossing", filler(20), 1),
		}, "zebra", false, []string{"title", "body"}},
		{"the title beats many mentions in the body", append([]*briefs.Brief{
			rankBrief("body", "Kirrova delays rules", filler(20)+strings.Repeat(" port avalen shortage", 8), 1),
			rankBrief("title", "Port Avalen braces for a shortage", filler(20)+" port avalen", 1),
			rankBrief("other", "Unrelated", filler(20)+" port avalen shortage", 1),
		}, portFillers(12)...), "port avalen shortage", false, []string{"title", "body", "other"}},
		{"section title beats body", []*briefs.Brief{
			rankBrief("body", "One", filler(20)+" zebra", 1),
			{ID: "sectitle", Title: "Two", Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
				Sections: []briefs.Section{{Kind: briefs.KindLead, Body: filler(20)}, {Kind: briefs.KindOther, Title: "Zebra watch", Body: filler(40)}}},
		}, "zebra", false, []string{"sectitle", "body"}},
		{"more occurrences win", []*briefs.Brief{
			rankBrief("once", "One", filler(20)+" zebra", 1),
			rankBrief("thrice", "Two", filler(20)+" zebra zebra zebra", 1),
		}, "zebra", false, []string{"thrice", "once"}},
		{"shorter document wins", []*briefs.Brief{
			rankBrief("long", "One", filler(200)+" zebra", 1),
			rankBrief("short", "Two", filler(10)+" zebra", 1),
		}, "zebra", false, []string{"short", "long"}},
		{"rare term weighs more", []*briefs.Brief{
			rankBrief("common", "One", filler(20)+" horse horse", 1),
			rankBrief("rare", "Two", filler(20)+" zebra", 1),
			rankBrief("c2", "Three", filler(20)+" horse", 1),
			rankBrief("c3", "Four", filler(20)+" horse", 1),
		}, "zebra OR horse", false, []string{"rare", "common", "c2", "c3"}},
		{"newer wins ties", []*briefs.Brief{
			rankBrief("old", "One", filler(20)+" zebra", 1),
			rankBrief("new", "Two", filler(20)+" zebra", 9),
			rankBrief("mid", "Six", filler(20)+" zebra", 5),
		}, "zebra", false, []string{"new", "mid", "old"}},
		{"prefix of the last word", []*briefs.Brief{
			rankBrief("zebra", "One", filler(20)+" zebra", 1),
			rankBrief("zebu", "Two", filler(20)+" zebu", 2),
			rankBrief("other", "Three", filler(20)+" horse", 3),
		}, "zeb", true, []string{"zebu", "zebra"}},
		{"fields only: newest first", []*briefs.Brief{
			rankBrief("a", "One", "x", 1),
			rankBrief("b", "Two", "x", 3),
			rankBrief("c", "Three", "x", 2),
		}, "section:lead", false, []string{"b", "c", "a"}},
	}
	for _, c := range cases {
		ix := NewIndex(c.bs)
		got := hitIDs(ix.Search(mustQuery(t, c.query), SearchOptions{PrefixLast: c.prefix}))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: Search(%q) = %v, want %v", c.name, c.query, got, c.want)
		}
	}
}

func TestIndexSearchLimitAndScores(t *testing.T) {
	var bs []*briefs.Brief
	for i := range 30 {
		bs = append(bs, rankBrief(fmt.Sprintf("b%02d", i), "T", filler(20)+strings.Repeat(" zebra", 1+i%7), 1+i%28))
	}
	ix := NewIndex(bs)
	q := mustQuery(t, "zebra")
	all := ix.Search(q, SearchOptions{Limit: -1})
	if len(all) != 30 {
		t.Fatalf("Limit -1: %d hits, want 30", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].Score > all[i-1].Score {
			t.Fatalf("hits not in score order at %d: %v > %v", i, all[i].Score, all[i-1].Score)
		}
	}
	top := ix.Search(q, SearchOptions{Limit: 5})
	if !slices.Equal(hitIDs(top), hitIDs(all[:5])) {
		t.Errorf("Limit 5 = %v, want the first 5 of all: %v", hitIDs(top), hitIDs(all[:5]))
	}
	if n := len(ix.Search(q, SearchOptions{})); n != min(30, defaultSearchLimit) {
		t.Errorf("default limit: %d hits", n)
	}
}

func TestIndexHitSectionAndSnippet(t *testing.T) {
	long := "Opening words here. " + strings.Repeat("Padding sentence number one goes on. ", 8) +
		"The **ceasefire** vote is [expected](https://example.com/vote) on _Friday_ in Geneva. " +
		strings.Repeat("Trailing filler text keeps going. ", 8)
	bs := []*briefs.Brief{{
		ID: "a", Title: "Talks in Geneva", Source: "Reuters",
		Sections: []briefs.Section{
			{Kind: briefs.KindLead, Body: "Negotiators met."},
			{Kind: briefs.KindWhatHappensNext, Title: "What happens next", Body: "## Outlook\n\n" + long},
		},
	}}
	ix := NewIndex(bs)
	cases := []struct {
		query   string
		section int
		marked  []string // the highlighted text, in order
		snippet string   // a fragment the snippet must contain ("" to skip)
	}{
		{"ceasefire vote", 1, []string{"ceasefire", "vote"}, "ceasefire vote is expected on Friday"},
		{`"vote is expected"`, 1, []string{"vote is expected"}, ""},
		{"geneva", 1, []string{"Geneva"}, ""}, // body beats title for the snippet
		{"reuters", -1, []string{"Reuters"}, "Reuters"},
		{"negotiators", 0, []string{"Negotiators"}, "Negotiators met."},
		{"section:next", 1, nil, "Outlook Opening words"},
		{"expec", 1, []string{"expected"}, ""},
	}
	for _, c := range cases {
		hits := ix.Search(mustQuery(t, c.query), SearchOptions{PrefixLast: true})
		if len(hits) != 1 {
			t.Fatalf("%q: %d hits", c.query, len(hits))
		}
		h := hits[0]
		if h.Section != c.section {
			t.Errorf("%q: section %d, want %d", c.query, h.Section, c.section)
		}
		if n := utf8.RuneCountInString(h.Snippet); n > 120 {
			t.Errorf("%q: snippet of %d runes: %q", c.query, n, h.Snippet)
		}
		if strings.ContainsAny(h.Snippet, "#*_\n") || strings.Contains(h.Snippet, "https://") {
			t.Errorf("%q: markup in snippet %q", c.query, h.Snippet)
		}
		if c.snippet != "" && !strings.Contains(h.Snippet, c.snippet) {
			t.Errorf("%q: snippet %q lacks %q", c.query, h.Snippet, c.snippet)
		}
		var marked []string
		for _, m := range h.Matches {
			marked = append(marked, h.Snippet[m[0]:m[1]])
		}
		if !slices.Equal(marked, c.marked) {
			t.Errorf("%q: highlighted %q in %q, want %q", c.query, marked, h.Snippet, c.marked)
		}
	}
}

func TestMakeSnippet(t *testing.T) {
	text := strings.Repeat("alpha beta gamma delta ", 20) + "target word here " + strings.Repeat("omega psi chi ", 20)
	terms := mustQuery(t, "target").positiveTerms(false)
	s, m := makeSnippet(text, terms)
	if !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") {
		t.Errorf("snippet %q should be cut on both sides", s)
	}
	if utf8.RuneCountInString(s) > 120 {
		t.Errorf("snippet has %d runes", utf8.RuneCountInString(s))
	}
	if len(m) != 1 || s[m[0][0]:m[0][1]] != "target" {
		t.Errorf("matches %v in %q", m, s)
	}
	// Short text is kept whole; no match gives the start.
	if s, m := makeSnippet("short text", terms); s != "short text" || m != nil {
		t.Errorf("short: %q %v", s, m)
	}
	s, _ = makeSnippet(strings.Repeat("word ", 100), terms)
	if !strings.HasPrefix(s, "word") || !strings.HasSuffix(s, "…") {
		t.Errorf("no match: %q", s)
	}
	// Multi-byte text: ranges stay on rune boundaries.
	cjk := strings.Repeat("東京の会議。", 40) + "大阪" + strings.Repeat("東京の会議。", 40)
	s, m = makeSnippet(cjk, mustQuery(t, "大阪").positiveTerms(false))
	if !utf8.ValidString(s) || len(m) != 1 || s[m[0][0]:m[0][1]] != "大阪" {
		t.Errorf("cjk: %q %v", s, m)
	}
}

func TestIndexUpdates(t *testing.T) {
	bs := fixtureBriefs()
	ix := NewIndex(bs)
	find := func(s string) []string { return ix.Filter(mustQuery(t, s), SearchOptions{Now: testNow}) }

	// Add a brief: searchable, after the others in library order.
	applyAdd(ix, &briefs.Brief{ID: "new", Title: "Zeppelin returns", Sections: []briefs.Section{{Kind: briefs.KindLead, Body: "A ceasefire of sorts."}}})
	if got := find("zeppelin"); !slices.Equal(got, []string{"new"}) {
		t.Fatalf("after Add: %v", got)
	}
	if got := find("ceasefire"); !slices.Equal(got, []string{"ceasefire", "muller", "undated", "new"}) {
		t.Fatalf("after Add, ceasefire: %v", got)
	}
	// Update in place: old words go, new ones come, the place in order stays.
	old := bs[1]
	upd := *old
	upd.Title = "Müller wins the zeppelin prize"
	upd.Sections = []briefs.Section{{Kind: briefs.KindLead, Body: "Nothing about war."}}
	applyUpdate(ix, old, &upd)
	if got := find("zeppelin"); !slices.Equal(got, []string{"muller", "new"}) {
		t.Errorf("after Update, zeppelin: %v", got)
	}
	if got := find("strasse"); got != nil {
		t.Errorf("after Update, the old title still matches: %v", got)
	}
	if got := find("ceasefire"); !slices.Equal(got, []string{"ceasefire", "undated", "new"}) {
		t.Errorf("after Update, ceasefire: %v", got)
	}
	// Remove.
	applyRemove(ix, bs[0])
	if got := find("geneva"); got != nil {
		t.Errorf("after Remove: %v", got)
	}
	if ix.Len() != 5 {
		t.Errorf("Len = %d, want 5", ix.Len())
	}
	// Add with an existing ID replaces it.
	applyAdd(ix, &briefs.Brief{ID: "new", Title: "Airship returns"})
	if got := find("zeppelin"); !slices.Equal(got, []string{"muller"}) {
		t.Errorf("Add replacing: %v", got)
	}
	// Update with nil sides.
	applyUpdate(ix, nil, &briefs.Brief{ID: "x", Title: "Xylophone"})
	applyUpdate(ix, &briefs.Brief{ID: "x"}, nil)
	if got := find("xylophone"); got != nil {
		t.Errorf("Update(nil, x) then Update(x, nil): %v", got)
	}
	// Scores use live document frequencies after the updates: a rank query works.
	if hits := ix.Search(mustQuery(t, "talks"), SearchOptions{}); len(hits) != 1 || hits[0].ID != "tokyo" {
		t.Errorf("Search after updates = %v", hitIDs(hits))
	}
}

// TestIndexCompaction churns one brief many times: tombstones are compacted
// away and answers stay right.
func TestIndexCompaction(t *testing.T) {
	bs := fixtureBriefs()
	ix := NewIndex(bs)
	cur := bs[3]
	for i := range 300 {
		next := *cur
		next.Title = fmt.Sprintf("Budget vote v%d", i)
		applyUpdate(ix, cur, &next)
		cur = &next
	}
	if len(ix.docs) > 2*ix.nlive+64 {
		t.Errorf("%d docs kept for %d live", len(ix.docs), ix.nlive)
	}
	if got := ix.Filter(mustQuery(t, "v299"), SearchOptions{}); !slices.Equal(got, []string{"budget"}) {
		t.Errorf("v299: %v", got)
	}
	if got := ix.Filter(mustQuery(t, "v17"), SearchOptions{}); got != nil {
		t.Errorf("v17: %v", got)
	}
	want := []string{"ceasefire", "muller", "tokyo", "budget", "undated"}
	if got := ix.Filter(mustQuery(t, ""), SearchOptions{}); !slices.Equal(got, want) {
		t.Errorf("order after compaction: %v, want %v", got, want)
	}
	g, _ := ix.dict.get("budget")
	if ix.df[g] != 1 {
		t.Errorf("df(budget) = %d, want 1", ix.df[g])
	}
}

// TestIndexParallelBuild checks that a build split across workers equals the
// same briefs indexed one by one.
func TestIndexParallelBuild(t *testing.T) {
	bs, _ := genBriefs(400, 800)
	whole := NewIndex(bs)
	inc := NewIndex(nil)
	for _, b := range bs {
		applyAdd(inc, b)
	}
	// Words, a phrase and a prefix taken from the corpus, so that they match.
	terms := fold.Terms(bs[7].Sections[2].Body)
	phrase := `"` + terms[3] + " " + terms[4] + `"`
	for _, s := range []string{terms[0], terms[1] + " " + terms[2], phrase, "section:next " + terms[0], "café", terms[5][:2], "東京"} {
		q := mustQuery(t, s)
		opts := SearchOptions{PrefixLast: true, Limit: -1}
		a, b := whole.Filter(q, opts), inc.Filter(q, opts)
		if !slices.Equal(a, b) || len(a) == 0 {
			t.Errorf("%q: built %d, incremental %d hits", s, len(a), len(b))
		}
		var scan []string
		for _, br := range bs {
			if q.Match(br, opts) {
				scan = append(scan, br.ID)
			}
		}
		if !slices.Equal(a, scan) {
			t.Errorf("%q: index %d, Match %d", s, len(a), len(scan))
		}
		ha, hb := whole.Search(q, opts), inc.Search(q, opts)
		if len(ha) != len(hb) {
			t.Fatalf("%q: %d and %d hits", s, len(ha), len(hb))
		}
		for i := range ha {
			if ha[i].ID != hb[i].ID || ha[i].Snippet != hb[i].Snippet {
				t.Errorf("%q: hit %d differs: %v / %v", s, i, ha[i], hb[i])
				break
			}
		}
	}
}

// TestIndexCommonTermsAfterAdd: the cached doc sets of frequent terms follow
// briefs added later.
func TestIndexCommonTermsAfterAdd(t *testing.T) {
	bs, _ := genBriefs(400, 800)
	ix := NewIndex(bs)
	if len(ix.common) == 0 {
		t.Fatal("no frequent terms cached; the test needs some")
	}
	var term string
	for g := range ix.common {
		term = ix.dict.terms[g]
		break
	}
	q := mustQuery(t, term+" zanzibar")
	if got := ix.Filter(q, SearchOptions{}); got != nil {
		t.Fatalf("before Add: %v", got)
	}
	applyAdd(ix, &briefs.Brief{ID: "added", Title: "Zanzibar " + term})
	if got := ix.Filter(q, SearchOptions{}); !slices.Equal(got, []string{"added"}) {
		t.Errorf("after Add: %v", got)
	}
	applyRemove(ix, &briefs.Brief{ID: "added"})
	if got := ix.Filter(mustQuery(t, term), SearchOptions{}); slices.Contains(got, "added") {
		t.Error("removed brief still found through the cached set")
	}
}

// TestIndexConcurrent searches from many goroutines while another updates;
// run with -race.
func TestIndexConcurrent(t *testing.T) {
	bs, _ := genBriefs(300, 600)
	ix := NewIndex(bs)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				q := mustQuery(t, []string{"kalo", "mi ne", "section:why ra", "konr"}[(w+i)%4])
				ix.Search(q, SearchOptions{PrefixLast: true})
				ix.Filter(q, SearchOptions{})
			}
		})
	}
	wg.Go(func() {
		for i := range 100 {
			old := bs[i%len(bs)]
			next := *old
			next.Title = fmt.Sprintf("Update %d", i)
			applyUpdate(ix, old, &next)
			bs[i%len(bs)] = &next
		}
	})
	wg.Wait()
	if got := ix.Filter(mustQuery(t, "update"), SearchOptions{}); len(got) != 100 {
		t.Errorf("%d updated briefs found, want 100", len(got))
	}
}

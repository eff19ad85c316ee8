package briefs

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestIndexBuildSameAsAdd: a parallel build writes, term by term, the very
// postings, document frequencies and last docs that adding the briefs one by
// one does, whatever the number of workers (runs of workers start on whole
// 64s of docs, some end short or hold nothing), and the doc sets of the
// frequent terms are those of their postings.
func TestIndexBuildSameAsAdd(t *testing.T) {
	briefs, _ := genBriefs(700, 600)
	// Long words, multi-byte runes and big tfs take the postings' slow paths.
	briefs[3].Sections[0].Body += " " + strings.Repeat("Zoë", 8) + " " + strings.Repeat("abcdefghij", 3)
	for i := range 300 {
		briefs[5].Sections[1].Body += " repeated"
		briefs[650].Sections[0].Body += fmt.Sprintf(" word%d", i)
	}
	inc := NewIndex(nil)
	for _, b := range briefs {
		inc.Add(b)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3, 5} {
		runtime.GOMAXPROCS(procs)
		whole := NewIndex(briefs)
		if len(whole.dict.terms) != len(inc.dict.terms) {
			t.Fatalf("%d procs: %d terms, incremental %d", procs, len(whole.dict.terms), len(inc.dict.terms))
		}
		for g, term := range whole.dict.terms {
			h, ok := inc.dict.get(term)
			if !ok {
				t.Fatalf("%d procs: %q not in the incremental index", procs, term)
			}
			if !bytes.Equal(whole.post[g], inc.post[h]) || whole.df[g] != inc.df[h] || whole.last[g] != inc.last[h] {
				t.Fatalf("%d procs: %q: postings %x df %d last %d, incremental %x %d %d", procs, term,
					whole.post[g], whole.df[g], whole.last[g], inc.post[h], inc.df[h], inc.last[h])
			}
		}
		if len(whole.common) == 0 {
			t.Fatal("no frequent terms; the test needs some")
		}
		for g, set := range whole.common {
			want := newBitset(len(briefs))
			it := whole.iter(g)
			for it.next() {
				want.set(int(it.doc))
			}
			if !slices.Equal(set, want) {
				t.Fatalf("%d procs: doc set of %q differs from its postings", procs, whole.dict.terms[g])
			}
		}
		// Phrases (a hyphenated word is one), whole and with the last word a
		// prefix, in the forward index of every worker (the later ones in
		// their own term ids).
		for _, s := range []string{`"repeated repeated"`, "word299", `"word298 word299"`, "word297-word29",
			strings.Repeat("zoe", 8), `"why it matters"`, "why-it-mat", `"what happens next"`} {
			q := mustQuery(t, s)
			for _, prefix := range []bool{false, true} {
				opts := SearchOptions{PrefixLast: prefix}
				scan := matchScan(briefs, q, opts)
				a, b := whole.Filter(q, opts), inc.Filter(q, opts)
				if !slices.Equal(a, scan) || !slices.Equal(b, scan) {
					t.Errorf("%d procs: %q prefix=%v: built %d, incremental %d, Match %d", procs, s, prefix, len(a), len(b), len(scan))
				}
			}
		}
		if got := whole.Filter(mustQuery(t, "word297-word29"), SearchOptions{PrefixLast: true}); !slices.Equal(got, []string{briefs[650].ID}) {
			t.Errorf("%d procs: prefix phrase found %v", procs, got)
		}
	}
}

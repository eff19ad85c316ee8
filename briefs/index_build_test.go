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
	// Long terms that share their first 16 bytes, in titles too.
	briefs[4].Title += " abcdefghijklmnopz abcdefghijklmnop abcdefghijklmnopqrs Zoëzoëzoëzoëzoëzoë"
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
		if !slices.IsSortedFunc(whole.sorted, func(a, b uint32) int { return strings.Compare(whole.dict.terms[a], whole.dict.terms[b]) }) {
			t.Fatalf("%d procs: terms out of order", procs)
		}
		tok := getTokenizer()
		for d, doc := range whole.docs {
			if want := newDocMeta(briefs[d], tok); !slices.Equal(doc.meta.title, want.title) {
				t.Fatalf("%d procs: doc %d: title terms %q, want %q", procs, d, doc.meta.title, want.title)
			}
		}
		putTokenizer(tok)
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

// workerTerms indexes s as one field of a slot and returns the terms the
// worker added, read back from its forward index.
func workerTerms(s string) []string {
	w := newBuildWorker(newTermTable(64), 0)
	defer putTokenizer(w.t)
	w.index(s, weightBody)
	var out []string
	for p := 0; p < len(w.fwd); {
		v, n := uvarint(w.fwd[p:])
		out = append(out, w.tab.terms[v-1])
		p += n
	}
	return out
}

// TestIndexTokensSameAsScan: the build's 64-byte blocks cut s into the very
// terms scan does, whatever falls on a block's edge or the end of s: words
// of every length up to past a block at every offset, folded runes and CJK
// among them.
func TestIndexTokensSameAsScan(t *testing.T) {
	words := []string{"a", "Bc", "eightbyt", "NINEBYTES", "sixteenbyteswor1", "seventeenbyteswrd",
		strings.Repeat("x", 63), strings.Repeat("Y", 64), strings.Repeat("z9", 40), "Müller", "naïve",
		"東京の会議", "ZOË" + strings.Repeat("ë", 30), "e-mail", "don't", "2026", "İstanbul", "ǅemal", "ﷺﷺﷺﷺﷺ", "½", "a東b", "ｶﾞ"}
	seps := []string{" ", ", ", "\n\n- ", "**", "—", "](https://example.com/", "\t"}
	for _, w := range words {
		for pad := range 80 {
			for _, sep := range seps {
				s := strings.Repeat(" ", pad) + w + sep + w
				if got, want := workerTerms(s), searchTerms(s); !slices.Equal(got, want) {
					t.Fatalf("%q: %q, scan %q", s, got, want)
				}
				s = s[:len(s)-1] // and ending inside a word
				if got, want := workerTerms(s), searchTerms(s); !slices.Equal(got, want) {
					t.Fatalf("%q: %q, scan %q", s, got, want)
				}
			}
		}
	}
	briefs, _ := genBriefs(50, 3000)
	for _, b := range briefs {
		for _, s := range b.Sections {
			if got, want := workerTerms(s.Body), searchTerms(s.Body); !slices.Equal(got, want) {
				t.Fatalf("%s: %d terms, scan %d", b.ID, len(got), len(want))
			}
		}
	}
}

// FuzzIndexTokens: for any text, the build cuts the terms scan does.
func FuzzIndexTokens(f *testing.F) {
	f.Add("Alpha BRAVO charlie, Müller-Straße café 東京の会議")
	f.Add(strings.Repeat("abcdefgh ", 9) + strings.Repeat("Q", 70))
	f.Add("\xff\xfe broken \xc3 utf-8 \xe6\x9d")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := workerTerms(s), searchTerms(s); !slices.Equal(got, want) {
			t.Fatalf("%q: %q, scan %q", s, got, want)
		}
	})
}

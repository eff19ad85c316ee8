package search

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/fold"
)

// TestIndexBuildSameAsAdd: a parallel build writes, term by term, the very
// postings, document frequencies and last docs that adding the briefs one by
// one does, whatever the number of workers (runs of workers start on whole
// 64s of docs, some end short or hold nothing), and the doc sets of the
// frequent terms are those of their postings.
func TestIndexBuildSameAsAdd(t *testing.T) {
	bs, _ := genBriefs(700, 600)
	// Long words, multi-byte runes and big tfs take the postings' slow paths.
	bs[3].Sections[0].Body += " " + strings.Repeat("Zoë", 8) + " " + strings.Repeat("abcdefghij", 3)
	// Long terms that share their first 16 bytes, in titles too.
	bs[4].Title += " abcdefghijklmnopz abcdefghijklmnop abcdefghijklmnopqrs Zoëzoëzoëzoëzoëzoë"
	for i := range 300 {
		bs[5].Sections[1].Body += " repeated"
		bs[650].Sections[0].Body += fmt.Sprintf(" word%d", i)
	}
	inc := NewIndex(nil)
	for _, b := range bs {
		applyAdd(inc, b)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3, 5} {
		runtime.GOMAXPROCS(procs)
		whole := NewIndex(bs)
		if len(whole.dict.terms) != len(inc.dict.terms) {
			t.Fatalf("%d procs: %d terms, incremental %d", procs, len(whole.dict.terms), len(inc.dict.terms))
		}
		for g, term := range whole.dict.terms {
			h, ok := inc.dict.get(term)
			if !ok {
				t.Fatalf("%d procs: %q not in the incremental index", procs, term)
			}
			if !bytes.Equal(whole.postings(g), inc.postings(int(h))) || whole.df[g] != inc.df[h] || whole.last[g] != inc.last[h] {
				t.Fatalf("%d procs: %q: postings %x df %d last %d, incremental %x %d %d", procs, term,
					whole.postings(g), whole.df[g], whole.last[g], inc.postings(int(h)), inc.df[h], inc.last[h])
			}
		}
		if !slices.IsSortedFunc(whole.sorted, func(a, b uint32) int { return strings.Compare(whole.dict.terms[a], whole.dict.terms[b]) }) {
			t.Fatalf("%d procs: terms out of order", procs)
		}
		tok := fold.GetTokenizer()
		for d, doc := range whole.docs {
			if want := newDocMeta(bs[d], tok); !slices.Equal(doc.meta.title, want.title) {
				t.Fatalf("%d procs: doc %d: title terms %q, want %q", procs, d, doc.meta.title, want.title)
			}
		}
		fold.PutTokenizer(tok)
		if len(whole.common) == 0 {
			t.Fatal("no frequent terms; the test needs some")
		}
		for g, set := range whole.common {
			want := newBitset(len(bs))
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
				scan := matchScan(bs, q, opts)
				a, b := whole.Filter(q, opts), inc.Filter(q, opts)
				if !slices.Equal(a, scan) || !slices.Equal(b, scan) {
					t.Errorf("%d procs: %q prefix=%v: built %d, incremental %d, Match %d", procs, s, prefix, len(a), len(b), len(scan))
				}
			}
		}
		if got := whole.Filter(mustQuery(t, "word297-word29"), SearchOptions{PrefixLast: true}); !slices.Equal(got, []string{bs[650].ID}) {
			t.Errorf("%d procs: prefix phrase found %v", procs, got)
		}
	}
}

// workerTerms indexes s as one field of a slot and returns the terms the
// worker added, read back from its forward index.
func workerTerms(s string) []string {
	w := newBuildWorker(newTermTable(64), 0)
	defer fold.PutTokenizer(w.t)
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
				if got, want := workerTerms(s), fold.Terms(s); !slices.Equal(got, want) {
					t.Fatalf("%q: %q, scan %q", s, got, want)
				}
				s = s[:len(s)-1] // and ending inside a word
				if got, want := workerTerms(s), fold.Terms(s); !slices.Equal(got, want) {
					t.Fatalf("%q: %q, scan %q", s, got, want)
				}
			}
		}
	}
	bs, _ := genBriefs(50, 3000)
	for _, b := range bs {
		for _, s := range b.Sections {
			if got, want := workerTerms(s.Body), fold.Terms(s.Body); !slices.Equal(got, want) {
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
		if got, want := workerTerms(s), fold.Terms(s); !slices.Equal(got, want) {
			t.Fatalf("%q: %q, scan %q", s, got, want)
		}
	})
}

// refMask is blockMask byte by byte: a word byte is an ASCII letter or digit
// or a byte of a multi-byte rune (foldTable not 0).
func refMask(b []byte) (words, hi uint64, low [64]byte) {
	for i, c := range b[:64] {
		if foldTable[c] != 0 {
			words |= 1 << uint(i)
		}
		if c >= utf8.RuneSelf {
			hi |= 1 << uint(i)
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	return words, hi, low
}

// TestBlockMask: the eight-bytes-at-a-time masks are the byte-by-byte ones,
// for every byte at every place of a block among every kind of neighbour,
// for random blocks, at offsets into a longer string, and for the last bytes
// of a field (tailMask).
func TestBlockMask(t *testing.T) {
	check := func(b []byte) {
		t.Helper()
		var low [64]byte
		w, h := blockMask(string(b), 0, &low)
		rw, rh, rlow := refMask(b)
		if w != rw || h != rh {
			t.Fatalf("%q: words %064b hi %064b, want %064b %064b", b, w, h, rw, rh)
		}
		if low != rlow {
			t.Fatalf("%q: lower-cased %q, want %q", b, low, rlow)
		}
	}
	b := make([]byte, 64)
	for c := range 256 {
		for _, fill := range []byte{' ', 'a', 'Z', '9', '@', '[', '`', '{', '/', ':', 0x7F, 0x80, 0xC3, 0xFF, 0} {
			for i := range b {
				b[i] = fill
			}
			for at := range 64 {
				b[at] = byte(c)
				check(b)
				b[at] = fill
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		check(b)
	}
	long := string(make([]byte, 200)) + "Word, 東京 and MÜLLER's café." + string(make([]byte, 100))
	for i := 0; i+64 <= len(long); i++ {
		var low [64]byte
		w, h := blockMask(long, i, &low)
		rw, rh, rlow := refMask([]byte(long[i:]))
		if w != rw || h != rh || low != rlow {
			t.Fatalf("offset %d: %064b %064b, want %064b %064b", i, w, h, rw, rh)
		}
	}
	for i := len(long) - 63; i < len(long); i++ {
		var low [64]byte
		w, h := tailMask(long, i, &low)
		var buf [64]byte
		copy(buf[:], long[i:])
		rw, rh, rlow := refMask(buf[:])
		if w != rw || h != rh || low != rlow {
			t.Fatalf("tail from %d: %064b %064b, want %064b %064b", i, w, h, rw, rh)
		}
	}
}

// TestIndexBuildEdges: a build over text made to reach the edges of the
// build's fast paths finds what scanning the briefs finds: words at the ends
// of blocks, of 16 and 17 bytes, beyond ASCII, term ids of one, two and
// three bytes in the forward index, and doc deltas of one, two and three
// bytes in the postings.
func TestIndexBuildEdges(t *testing.T) {
	bs := edgeBriefs(200)
	// Deltas of three bytes: a term again after 1<<14 docs.
	for i := range 1<<14 + 2 {
		body := fmt.Sprint("doc", i%50)
		if i == 0 || i == 1<<14+1 {
			body += " seldom"
		}
		bs = append(bs, &briefs.Brief{ID: fmt.Sprint("gap", i), Title: "gap", Sections: []briefs.Section{{Body: body}}})
	}
	ix := NewIndex(bs)
	if n := len(ix.dict.terms); n < 1<<14 {
		t.Fatalf("%d terms: no ids of three bytes", n)
	}
	if got := ix.Filter(mustQuery(t, "seldom"), SearchOptions{}); !slices.Equal(got, []string{"gap0", fmt.Sprint("gap", 1<<14+1)}) {
		t.Errorf("seldom: %v", got)
	}
	// Words and phrases of the edge briefs, the rarest last in the
	// dictionary among them.
	var queries []string
	for i := 0; i < 200; i += 9 {
		words := fold.Terms(bs[i].Sections[0].Body)
		last := words[len(words)-1]
		queries = append(queries, words[5], last, `"`+words[len(words)-2]+" "+last+`"`, `"`+words[7]+" "+words[8]+`"`)
	}
	for g, n := len(ix.dict.terms)-1, 0; n < 20; g-- {
		if term := ix.dict.terms[g]; !strings.HasPrefix(term, "doc") && term != "gap" && term != "seldom" {
			queries = append(queries, term)
			n++
		}
	}
	edge := bs[:200]
	for _, s := range queries {
		q := mustQuery(t, s)
		got := ix.Filter(q, SearchOptions{})
		got = slices.DeleteFunc(got, func(id string) bool { return strings.HasPrefix(id, "gap") })
		if want := matchScan(edge, q, SearchOptions{}); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("%q: found %d, scan %d", s, len(got), len(want))
		}
	}
}

// edgeBriefs makes briefs of words from a vocabulary of some 20,000, in every
// case, some beyond ASCII or longer than 16 bytes, at every offset from the
// blocks' ends.
func edgeBriefs(n int) []*briefs.Brief {
	r := rand.New(rand.NewPCG(7, 8))
	letters := "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	seps := []string{" ", "  ", ", ", ". ", "\n", "-", "/", "'"}
	extra := []string{"Müller", "café", "東京", "naïve", "ÉCOLE"}
	vocab := make([]string, 20000)
	for i := range vocab {
		var b strings.Builder
		for range 1 + r.IntN(17) {
			b.WriteByte(letters[r.IntN(len(letters))])
		}
		vocab[i] = b.String()
	}
	out := make([]*briefs.Brief, n)
	for i := range out {
		var b strings.Builder
		b.WriteString(strings.Repeat("x", i%64)) // shifts the words against the blocks
		for range 400 + r.IntN(400) {
			switch k := r.IntN(100); {
			case k < 2:
				b.WriteString(extra[r.IntN(len(extra))])
			case k < 4:
				b.WriteString(vocab[r.IntN(len(vocab))] + vocab[r.IntN(len(vocab))])
			default:
				b.WriteString(vocab[r.IntN(len(vocab))])
			}
			b.WriteString(seps[r.IntN(len(seps))])
		}
		out[i] = &briefs.Brief{ID: fmt.Sprint("edge", i), Title: vocab[i], Sections: []briefs.Section{{Title: "Why It Matters", Body: b.String()}}}
	}
	return out
}

// postings is term g's postings whole: those of the build, then its tail.
func (ix *Index) postings(g int) []byte {
	return append(append([]byte(nil), ix.post[g]...), ix.tailOf(g)...)
}

//go:build amd64 && !purego

package briefs

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// The assembly loops (addWordsBMI, flushPostings) leave a worker exactly as
// the Go ones do: the same forward index, postings, counts and terms, over
// generated briefs and over text made to reach their edges (words at the
// ends of blocks, of 16 and 17 bytes, beyond ASCII, ids of two and three
// bytes, deltas of one, two and three).
func TestAddWordsBMI(t *testing.T) {
	if !useBMI {
		t.Skip("no BMI2 here")
	}
	briefs, _ := genBriefs(300, 3000)
	briefs = append(briefs, edgeBriefs(200)...)
	// Deltas of three bytes: a term again after 1<<14 docs.
	for i := range 1<<14 + 2 {
		body := fmt.Sprint("doc", i%50)
		if i == 0 || i == 1<<14+1 {
			body += " seldom"
		}
		briefs = append(briefs, &Brief{ID: fmt.Sprint("gap", i), Title: "gap", Sections: []Section{{Body: body}}})
	}
	run := func(bmi bool) *buildWorker {
		defer func(v bool) { useBMI = v }(useBMI)
		useBMI = bmi
		w := newBuildWorker(newTermTable(64), 1<<16)
		for i, b := range briefs {
			w.addDoc(b, int32(i))
		}
		return w
	}
	got, want := run(true), run(false)
	if len(got.tab.terms) < 1<<14 {
		t.Fatalf("%d terms: no ids of three bytes", len(got.tab.terms))
	}
	if !reflect.DeepEqual(got.tab.terms, want.tab.terms) || !reflect.DeepEqual(got.tab.ents, want.tab.ents) {
		t.Fatal("terms or their counts differ")
	}
	if string(got.fwd) != string(want.fwd) || !reflect.DeepEqual(got.fwdOff, want.fwdOff) {
		t.Fatal("forward index differs")
	}
	if !reflect.DeepEqual(got.lengths, want.lengths) || !reflect.DeepEqual(got.first, want.first) {
		t.Fatal("doc lengths or first docs differ")
	}
	// And it is the assembly that adds the common words: a block of terms
	// in the table, short, ASCII and in their home slot or the next,
	// whole.
	var text []byte
	mask := uint32(len(got.tab.slots) - 1)
	for id, term := range got.tab.terms {
		k, h := keyOf([]byte(term))
		s0, s1 := got.tab.slots[h&mask], got.tab.slots[(h+1)&mask]
		if len(term) > 8 || !isASCII(term) || (s0 != uint64(h)<<32|uint64(id+1) && s1 != uint64(h)<<32|uint64(id+1)) || k.k0 == 0 {
			continue
		}
		if len(text)+len(term)+1 > 64 {
			break
		}
		text = append(append(text, term...), ' ')
	}
	var low [64 + 16]byte
	m, hi := tailMask(string(text), 0, (*[64]byte)(low[:64]))
	if rest := got.addWords(&low, m, hi, weightBody); rest != 0 {
		t.Errorf("%q: the assembly left words %064b of %064b", text, rest, m)
	}
	for b := range want.buckets {
		g := append(slicesConcat(got.fulls[b]), got.buckets[b].filled()...)
		w := append(slicesConcat(want.fulls[b]), want.buckets[b].filled()...)
		if string(g) != string(w) {
			t.Fatalf("bucket %d differs", b)
		}
	}
}

func slicesConcat(bs [][]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}

// edgeBriefs makes briefs of words from a vocabulary of some 20,000, in every
// case, some beyond ASCII or longer than 16 bytes, at every offset from the
// blocks' ends.
func edgeBriefs(n int) []*Brief {
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
	out := make([]*Brief, n)
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
		out[i] = &Brief{ID: fmt.Sprint("edge", i), Title: vocab[i], Sections: []Section{{Title: "Why It Matters", Body: b.String()}}}
	}
	return out
}

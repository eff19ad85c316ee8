package search

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/fold"
)

// ---- building
//
// A build runs in parallel over consecutive runs of briefs, one worker per
// core, in two passes. In the first, a worker cuts the text into words 64
// bytes at a time (see index), folds and interns every word into its own
// term table, and writes only sequentially: each slot's term ids in text
// order to its forward index (see fwdSegment, kept for phrases), and at the
// end of the slot each posting, already encoded, to the bucket of its term
// (see postBucket). Per term it only counts, beside the term's key in its
// table, on the cache line the lookup has just loaded (see termState): the
// bytes of its postings, its docs, its last doc. The workers' tables are then
// merged into the dictionary, and every term gets its exact place in one
// arena, each worker's postings of it after the previous worker's. In the
// second pass each worker copies its buckets' postings into their places,
// bucket after bucket, and then reads the doc sets of the most frequent terms
// off its part of their postings (see commonParts).
//
// Scattering postings over every term's storage is the costliest part of
// inverting text. Written as they come (this index once kept a chain of
// blocks per term, and positions beside the postings), nearly every posting
// of a rarer term misses the cache twice, on the term's state and on its
// storage; a bucket writes to 128 places at a time, which stay in cache.
//
// The hot loops avoid branches that depend on the text where they can (see
// addWords, flush): words come in no order a branch predictor could learn, and
// a wrong guess costs about as much as a lookup in the term table.

// build (re)creates the index from briefs; orders gives their library-order keys
// (nil: 0, 1, 2…). See "building" above.
func (ix *Index) build(bs []*briefs.Brief, orders []int) { ix.buildFrom(bs, nil, orders) }

// buildFrom is build with the text of brief i from text(i) (nil: bs[i]
// has it), asked for by the worker that indexes it just before it does, so
// that a build from files holds a text per worker rather than the corpus
// (about 1 GB at 100,000 briefs). The index keeps bs[i], not the text.
func (ix *Index) buildFrom(bs []*briefs.Brief, text func(i int) *briefs.Brief, orders []int) {
	nw := max(1, min(runtime.GOMAXPROCS(0), len(bs)/64))
	// Runs of whole 64s of docs, so that the workers fill different words of
	// the doc sets of Index.common.
	chunk := ((len(bs)+nw-1)/nw + 63) &^ 63
	workers := make([]*buildWorker, nw)
	var wg sync.WaitGroup
	for k := range workers {
		lo, hi := min(k*chunk, len(bs)), min((k+1)*chunk, len(bs))
		size := 0
		for _, b := range bs[lo:hi] {
			size += textSize(b)
		}
		w := newBuildWorker(newTermTable(min(len(bs)*4, 1<<14)), size)
		workers[k] = w
		wg.Go(func() {
			for i, b := range bs[lo:hi] {
				if text == nil {
					w.addDoc(b, int32(lo+i))
					continue
				}
				w.addDoc(text(lo+i), int32(lo+i))
				w.metas[len(w.metas)-1].b = b
			}
			fold.PutTokenizer(w.t)
			w.t = nil
		})
	}
	wg.Wait()

	// Worker 0's table becomes the dictionary; the others' terms map into it.
	// locals[k][g] is worker k's id for term g, or -1.
	ix.dict = workers[0].tab
	remaps := make([][]uint32, nw)
	for k, w := range workers {
		m := make([]uint32, len(w.tab.terms))
		for lid, s := range w.tab.terms {
			if k == 0 {
				m[lid] = uint32(lid)
				continue
			}
			m[lid], _ = ix.dict.internKey([]byte(s), w.tab.ents[lid].k, hashOf(w.tab, uint32(lid)))
		}
		remaps[k] = m
	}
	nt := len(ix.dict.terms)
	locals := make([][]int32, nw)
	for k := range workers {
		l := make([]int32, nt)
		for g := range l {
			l[g] = -1
		}
		for lid, g := range remaps[k] {
			l[g] = int32(lid)
		}
		locals[k] = l
	}

	// Sizes: a worker's first posting of a term counts from doc -1; behind
	// another worker's postings it counts from that worker's last doc instead.
	ix.last = make([]int32, nt)
	ix.df = make([]int32, nt)
	for g := range ix.last {
		ix.last[g] = -1
	}
	// Each term's postings are one run of the arena, worker after worker: a
	// worker's part starts where the previous worker's ends (cursors relative
	// to the run for now).
	mainSize := make([]int, nt)
	curs := make([][]postCursor, nw)
	for k, w := range workers {
		// remaps[k], not w.tab: worker 0's table, the dictionary, has grown.
		c := make([]postCursor, len(remaps[k]))
		for lid := range c {
			ts := &w.tab.ents[lid].st
			g := remaps[k][lid]
			prev, first := ix.last[g], w.first[lid]
			c[lid] = postCursor{at: uint32(mainSize[g]), rebase: uint32(prev + 1)}
			mainSize[g] += int(ts.size) - uvarintLen(uint64(first+1)) + uvarintLen(uint64(first-prev))
			ix.df[g] += int32(ts.df)
			ix.last[g] = ts.last
		}
		curs[k] = c
	}
	// Offsets are 32-bit, as the slab of the forward index: 4 GiB of postings
	// are those of some 10 GB of text, far beyond a library held in memory.
	starts := make([]int, nt+1)
	for g := range nt {
		starts[g+1] = starts[g] + mainSize[g]
	}
	post := make([]byte, starts[nt])
	ix.post = make([][]byte, nt)
	for g := range nt {
		ix.post[g] = post[starts[g]:starts[g+1]:starts[g+1]]
	}
	parts, common, sets := ix.commonParts(workers, locals, len(bs))
	for k, w := range workers {
		wg.Go(func() {
			c := curs[k]
			for lid := range c {
				c[lid].at += uint32(starts[remaps[k][lid]])
			}
			from := make([]uint32, len(parts[k]))
			for j, p := range parts[k] {
				from[j] = c[p.lid].at
			}
			w.writePostings(post, c)
			// The worker's docs are whole 64s of them (see chunk): it
			// fills words of the doc sets no other worker does.
			for j, p := range parts[k] {
				fillDocs(p.set, post[from[j]:c[p.lid].at], p.doc0)
			}
		})
	}
	wg.Go(ix.sortTerms)
	wg.Go(func() { ix.addDocs(workers, orders) })
	wg.Wait()
	ix.common = make(map[uint32]bitset, len(common))
	for i, g := range common {
		ix.common[g] = sets[i]
	}

	// The forward index: each worker's buffer as it is, in its own term ids;
	// worker 0's are the dictionary's.
	ix.fwd = make([]fwdSegment, nw)
	slot0 := int32(0)
	for k, w := range workers {
		seg := fwdSegment{slot0: slot0, off: append(w.fwdOff, uint32(len(w.fwd))), buf: w.fwd}
		if k > 0 {
			seg.local, seg.global = locals[k], remaps[k]
		}
		ix.fwd[k] = seg
		slot0 += int32(len(w.fwdOff))
	}
}

// textSize is the size of b's text as the build indexes it, or, for a
// brief listed without its text, its file's: a hint for the worker's buffers.
func textSize(b *briefs.Brief) int {
	if !briefs.HasText(b) {
		return int(b.Size)
	}
	size := len(b.Title)
	for i := range b.Sections {
		size += len(b.Sections[i].Body)
	}
	return size
}

// addDocs lists the docs the workers indexed, in order, with their
// library-order keys (see build).
func (ix *Index) addDocs(workers []*buildWorker, orders []int) {
	n := 0
	for _, w := range workers {
		n += len(w.metas)
	}
	ix.docs = make([]indexDoc, 0, n)
	ix.byID = make(map[string]int32, n)
	ix.live = newBitset(n)
	ix.nlive, ix.totalLen, ix.nslots = 0, 0, 0
	for _, w := range workers {
		for i, m := range w.metas {
			d := int32(len(ix.docs))
			order := ix.order
			if orders != nil {
				order = orders[d]
			} else {
				ix.order++
			}
			ix.docs = append(ix.docs, indexDoc{id: m.b.ID, meta: m, length: w.lengths[i], order: order, time: m.b.SortTime().UnixNano(), slots: ix.nslots})
			ix.nslots += int32(len(m.b.Sections) + 1)
			ix.markLive(d)
		}
	}
	for _, o := range orders {
		ix.order = max(ix.order, o+1)
	}
}

// commonPart is a worker's part of the postings of a term of Index.common:
// the term's local id, its doc set, and the doc its first posting counts
// from (the previous worker's last doc of it, or -1).
type commonPart struct {
	lid  uint32
	set  bitset
	doc0 int32
}

// commonParts lists the most frequent terms (see commonFloor), makes their
// empty doc sets, and, per worker, its parts of their postings, which it
// reads the docs off once it has written them (see build).
func (ix *Index) commonParts(workers []*buildWorker, locals [][]int32, ndocs int) ([][]commonPart, []uint32, []bitset) {
	floor := commonFloor(ndocs)
	var common []uint32
	for g, df := range ix.df {
		if df >= floor {
			common = append(common, uint32(g))
		}
	}
	sets := make([]bitset, len(common))
	parts := make([][]commonPart, len(workers))
	for i, g := range common {
		sets[i] = newBitset(ndocs)
		last := int32(-1)
		for k, w := range workers {
			if lid := locals[k][g]; lid >= 0 {
				parts[k] = append(parts[k], commonPart{uint32(lid), sets[i], last})
				last = w.tab.ents[lid].st.last
			}
		}
	}
	return parts, common, sets
}

// fillDocs adds the docs of postings p, whose first counts from doc0, to
// set: postingIter's loop, with the one-byte fields of nearly all postings
// read at once.
func fillDocs(set bitset, p []byte, doc0 int32) {
	doc := int(doc0)
	for len(p) >= 3 { // a posting takes at least 3 bytes
		if p[0]|p[1]|p[2] < 0x80 {
			doc += int(p[0])
			set[doc>>6] |= 1 << (uint(doc) & 63)
			p = p[3:]
			continue
		}
		delta, n := uvarint(p)
		doc += int(delta)
		set.set(doc)
		p = p[n:]
		for range 2 {
			_, n = uvarint(p)
			p = p[n:]
		}
	}
}

// commonFloor is the document frequency from which a term's doc set is cached
// in Index.common: such terms (in at least 1/16 of the docs) have the longest
// postings, and typing a short prefix expands to many of them. At most
// 16 × (postings / docs) sets, of one bit per doc.
func commonFloor(ndocs int) int32 { return max(int32(ndocs/16), 64) }

func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

// sortTerms orders the terms, comparing first their first 16 bytes as two
// big-endian words (zero-padded: terms have no NUL bytes, so a shorter term
// comes first as in strings.Compare), then, if those are equal and longer,
// the whole terms.
func (ix *Index) sortTerms() {
	type sortKey struct {
		hi, lo uint64
		id     uint32
		long   bool
	}
	keys := make([]sortKey, len(ix.dict.terms))
	for id, term := range ix.dict.terms {
		var b [16]byte
		copy(b[:], term)
		keys[id] = sortKey{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:]), uint32(id), len(term) > 16}
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		if c := cmp.Compare(a.hi, b.hi); c != 0 {
			return c
		}
		if c := cmp.Compare(a.lo, b.lo); c != 0 || !a.long && !b.long {
			return c
		}
		return strings.Compare(ix.dict.terms[a.id], ix.dict.terms[b.id])
	})
	ix.sorted = make([]uint32, len(keys))
	for i, k := range keys {
		ix.sorted[i] = k.id
	}
	ix.unsorted = nil
}

// indexBrief adds b as a new doc under library-order key order; a doc it
// replaces has been tombstoned already.
func (ix *Index) indexBrief(b *briefs.Brief, order int) {
	ix.makeCommon() // every set must take the doc
	// Index the brief with a worker of its own, then append its postings.
	d := int32(len(ix.docs))
	w := newBuildWorker(newTermTable(1024), 0)
	w.addDoc(b, d)
	fold.PutTokenizer(w.t)
	w.t = nil
	gs := make([]uint32, len(w.tab.terms))
	for lid, s := range w.tab.terms {
		g, added := ix.dict.internKey([]byte(s), w.tab.ents[lid].k, hashOf(w.tab, uint32(lid)))
		if added {
			ix.post = append(ix.post, nil)
			ix.last = append(ix.last, -1)
			ix.df = append(ix.df, 0)
			ix.unsorted = append(ix.unsorted, g)
		}
		gs[lid] = g
	}
	// Its postings, each term's counting from the term's last doc, into a
	// scratch arena, then after each term's.
	cur := make([]postCursor, len(gs))
	ends := make([]uint32, len(gs))
	at := 0
	for lid, g := range gs {
		cur[lid] = postCursor{at: uint32(at), rebase: uint32(ix.last[g] + 1)}
		at += int(w.tab.ents[lid].st.size) - uvarintLen(uint64(d+1)) + uvarintLen(uint64(d-ix.last[g]))
		ends[lid] = uint32(at)
	}
	scratch := make([]byte, at)
	w.writePostings(scratch, cur)
	start := uint32(0)
	for lid, g := range gs {
		// Into the term's tail, not after its postings: those may be a
		// mapped file's, and would be copied whole at each term's first
		// update (megabytes for a common term).
		if int(g) >= len(ix.tail) {
			ix.tail = append(ix.tail, make([][]byte, len(ix.post)-len(ix.tail))...)
		}
		ix.tail[g] = append(ix.tail[g], scratch[start:ends[lid]]...)
		start = ends[lid]
		ix.last[g] = d
		ix.df[g]++
	}
	for g, set := range ix.common {
		ix.common[g] = set.grow(int(d) + 1)
	}
	for _, g := range gs {
		if set, ok := ix.common[g]; ok {
			set.set(int(d))
		}
	}
	ix.appendFwd(w, gs)
	ix.docs = append(ix.docs, indexDoc{id: b.ID, meta: w.metas[0], length: w.lengths[0], order: order, time: b.SortTime().UnixNano(), slots: ix.nslots})
	ix.nslots += int32(len(b.Sections) + 1)
	ix.live = ix.live.grow(len(ix.docs))
	ix.markLive(d)
	if len(ix.unsorted) > 4096 {
		ix.sortTerms()
	}
}

package briefs

import (
	"encoding/binary"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// ---- building
//
// A build runs in parallel over consecutive runs of briefs, one worker per
// core, in two passes. In the first, a worker tokenises, folds and interns
// every word into its own term table, and writes only sequentially: each
// slot's term ids in text order to its forward index (see fwdSegment, kept
// for phrases), and each posting, already encoded, to the bucket of its term
// (see postBucket). Per term it only counts, beside the term's key in its
// table, on the cache line the lookup has just loaded (see termState): the
// bytes of its postings, its docs, its last doc. The workers' tables are then
// merged into the dictionary, and every term gets its exact place in one
// arena, each worker's postings of it after the previous worker's. In the
// second pass each worker copies its buckets' postings into their places,
// bucket after bucket, and fills the doc sets of the most frequent terms.
//
// Scattering postings over every term's storage is the costliest part of
// inverting text. Written as they come (this index once kept a chain of
// blocks per term, and positions beside the postings), nearly every posting
// of a rarer term misses the cache twice, on the term's state and on its
// storage; a bucket writes to 128 places at a time, which stay in cache.

// termTable interns terms: an open-addressing hash table of term ids, cheaper
// than a map[string]uint32 on the hot path of indexing (one lookup per word).
// A slot is 8 bytes (hash and id); terms of up to 16 bytes (nearly all words)
// are compared as two packed words in ents, dense by id, so that the frequent
// terms, which get the first ids, share a few cache lines. A build worker
// keeps its counts of a term in the same entry (see termState).
type termTable struct {
	slots []uint64    // hash<<32 | id+1; 0 is an empty slot
	ents  []termEntry // per term id
	terms []string    // per term id
}

// termEntry is a term's key and, in a build worker's table, its counts: 32
// bytes, two to a cache line.
type termEntry struct {
	k  termKey
	st termState
}

// termKey is a term of at most 16 bytes packed little-endian, zero-padded (terms
// have no NUL bytes, so the packing is unique); longer terms have the zero key
// and are compared as strings.
type termKey struct{ k0, k1 uint64 }

func newTermTable(hint int) *termTable {
	n := 1 << bits.Len(uint(max(hint, 512)*2))
	return &termTable{slots: make([]uint64, n)}
}

// keyOf packs any term.
func keyOf(term []byte) (termKey, uint32) {
	if len(term) > 16 {
		return termKey{}, hashLong(term)
	}
	var b [16]byte
	copy(b[:], term)
	k := termKey{binary.LittleEndian.Uint64(b[0:8]), binary.LittleEndian.Uint64(b[8:16])}
	return k, hashKey(k)
}

func hashKey(k termKey) uint32 {
	x := (k.k0 ^ bits.RotateLeft64(k.k1*0xC2B2AE3D27D4EB4F, 31)) * 0x9E3779B97F4A7C15
	return uint32(x >> 32)
}

func hashLong(b []byte) uint32 {
	h := uint32(2166136261) // FNV-1a
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return (h ^ h>>15) * 0x9E3779B1
}

// find returns the id of term, whose key and hash are k and h.
func (t *termTable) find(term []byte, k termKey, h uint32) (uint32, bool) {
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if uint32(s>>32) != h {
			continue
		}
		id := uint32(s) - 1
		if t.ents[id].k == k && (k.k0 != 0 || t.terms[id] == string(term)) {
			return id, true
		}
	}
}

// get returns the id of term s.
func (t *termTable) get(s string) (uint32, bool) {
	b := []byte(s)
	k, h := keyOf(b)
	return t.find(b, k, h)
}

// internKey returns the id of term, whose key and hash are k and h, adding
// it when new.
func (t *termTable) internKey(term []byte, k termKey, h uint32) (id uint32, added bool) {
	if id, ok := t.find(term, k, h); ok {
		return id, false
	}
	if (len(t.terms)+1)*2 > len(t.slots) {
		t.grow()
	}
	id = uint32(len(t.terms))
	t.terms = append(t.terms, string(term))
	t.ents = append(t.ents, termEntry{k: k, st: termState{last: -1}})
	t.place(uint64(h)<<32 | uint64(id+1))
	return id, true
}

func (t *termTable) place(s uint64) {
	mask := uint32(len(t.slots) - 1)
	i := uint32(s>>32) & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

func (t *termTable) grow() {
	old := t.slots
	t.slots = make([]uint64, len(old)*2)
	for _, s := range old {
		if s != 0 {
			t.place(s)
		}
	}
}

// buildWorker indexes a run of consecutive briefs.
type buildWorker struct {
	tab     *termTable
	touched []uint32  // terms of the current slot, in order of first use
	toks    []slotTok // the current slot's terms in text order, cut but not looked up
	long    []byte    // the bytes of its terms longer than 16 bytes
	seq     []uint32  // their ids (see flush)
	t       *searchTokenizer
	emit    func(term []byte, start, end int) // addLong, as a scan callback
	weight  uint32                            // of the text being counted
	length  uint32                            // terms in the current brief

	// Output: the slots' postings, the forward index, and per doc.
	buckets []postBuf  // postings by id>>postBucket: the id's low bits, then the posting
	chunks  []byte     // where buckets' chunks are cut from
	first   []int32    // per term id: its first doc
	fwd     []byte     // per slot: its terms, see fwdSegment
	fwdOff  []uint32   // per slot: where its terms start in fwd
	lengths []uint32   // per doc: its number of terms
	metas   []*docMeta // per doc

	// Folded metadata shared between briefs (sources, tags, section titles
	// repeat), so that the kept docMetas do not hold a copy each.
	metaCache map[string][]string
	tagCache  map[string]string
	runCache  map[string][]slotTok // see foldRun
	metaBuf   []byte
	metaEnds  []int
}

// termState is what a worker keeps of one term while indexing, what every
// word and every posting touches: 16 bytes, beside the term's key (see
// termEntry).
type termState struct {
	tf   uint32 // weighted count in the current slot; 0 until the term is seen there
	last int32  // last doc with a posting, -1 for none
	size uint32 // bytes of its postings, the first counting from doc -1
	df   uint32
}

// postCursor is where the second pass writes a term's next posting, what to
// subtract from the doc delta of its first, which counts from doc -1 but
// follows the postings of an earlier worker (0: nothing), and for a term of
// Index.common its docs so far.
type postCursor struct {
	at     uint32
	rebase uint32
	doc    int32 // the doc of the last posting written, -1 at first
	common int32 // index of the term's doc set, -1 if none
}

// postBucket is log2 of the number of terms whose postings share a bucket.
const postBucket = 7

// postBuf holds a bucket's postings in chunks, each twice the last up to
// maxChunk: growing one slice would copy them all again and again.
type postBuf struct {
	cur  []byte   // the chunk being filled
	full [][]byte // the chunks before it
}

const (
	minChunk  = 256
	maxChunk  = 16 << 10
	maxRecord = 1 + 3*binary.MaxVarintLen32 // a bucket's record of a posting
)

// newChunk starts a new chunk for p, cut from the worker's current slab.
func (w *buildWorker) newChunk(p *postBuf) {
	size := minChunk
	if cap(p.cur) > 0 {
		p.full = append(p.full, p.cur)
		size = min(2*cap(p.cur), maxChunk)
	}
	if len(w.chunks)+size > cap(w.chunks) {
		w.chunks = make([]byte, 0, 1<<20)
	}
	n := len(w.chunks)
	p.cur = w.chunks[n : n : n+size]
	w.chunks = w.chunks[:n+size]
}

func newBuildWorker(tab *termTable, textSize int) *buildWorker {
	// For text like the benchmark's, the forward index takes about 0.25 of the
	// text size.
	w := &buildWorker{tab: tab, t: getTokenizer(), fwd: make([]byte, 0, textSize/4+1024),
		metaCache: make(map[string][]string), tagCache: make(map[string]string), runCache: make(map[string][]slotTok)}
	w.emit = func(term []byte, _, _ int) { w.addLong(term) }
	return w
}

// addDoc tokenises brief b as doc number doc and writes its postings.
func (w *buildWorker) addDoc(b *Brief, doc int32) {
	w.length = 0
	w.index(b.Title, weightTitle)
	w.index(b.Source, weightBody)
	for _, tag := range b.Tags {
		w.index(tag, weightBody)
	}
	w.flush(doc, 0)
	for i := range b.Sections {
		s := &b.Sections[i]
		w.index(s.Title, weightSectionTitle)
		w.index(s.Body, weightBody)
		w.flush(doc, uint32(i+1))
	}
	w.lengths = append(w.lengths, w.length)
	w.metas = append(w.metas, w.docMeta(b))
}

// foldTable maps a byte to its folded form for the ASCII fast path: letters and
// digits to themselves (lower case), other ASCII to 0 (a separator), and the
// bytes of multi-byte runes to 0x80.
var foldTable = func() (t [256]byte) {
	copy(t[:], asciiFold[:])
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = 0x80
	}
	return t
}()

// slotTok is one term of the slot being indexed, or a gap between fields
// (weight 0). A term of at most 16 bytes is its key; a longer one is also
// w.long[lo:hi].
type slotTok struct {
	k      termKey
	h      uint32
	weight uint32
	lo, hi uint32
}

// index cuts s, one field of the current slot, into terms with the given
// weight, like searchTokenizer.scan: an all-ASCII word (most of them) of up to
// 16 bytes is loaded into its key eight bytes at a time and lower-cased there;
// a run with other runes up to the next ASCII separator goes through scan. The
// terms are looked up by flush, all of a slot in one go: the lookups, which
// miss the cache for rarer words, then overlap instead of waiting on each
// other and on the tokenising.
func (w *buildWorker) index(s string, weight uint32) {
	w.weight = weight
	if n := len(w.toks); n > 0 && w.toks[n-1].weight != 0 {
		w.toks = append(w.toks, slotTok{})
	}
	for i := 0; i < len(s); {
		// Skip separators, then find the word's end, eight bytes at a time.
		if i+8 <= len(s) {
			x := load64(s, i)
			m := wordBytes(x)
			if m == 0 {
				i += 8
				continue
			}
			start := bits.TrailingZeros64(m) / 8
			// Most words end inside these eight bytes: then they are cut, and
			// keyed, from x.
			if rest := ^m & highBits & (^uint64(0) << (8 * uint(start))); rest != 0 {
				end := bits.TrailingZeros64(rest) / 8
				word := x >> (8 * uint(start)) & (1<<(8*uint(end-start)) - 1)
				if word&highBits != 0 {
					w.foldRun(s[i+start:i+end], weight)
				} else {
					k := termKey{lowerASCII(word), 0}
					w.push(k, hashKey(k), weight)
				}
				i += end
				continue
			}
			i += start
		} else if foldTable[s[i]] == 0 {
			i++
			continue
		}
		j, or := i, uint64(0)
		for j+8 <= len(s) {
			x := load64(s, j)
			end := ^wordBytes(x) & highBits
			if end == 0 {
				or |= x
				j += 8
				continue
			}
			k := bits.TrailingZeros64(end) / 8
			or |= x & (1<<(8*uint(k)) - 1)
			j += k
			goto cut
		}
		for j < len(s) && foldTable[s[j]] != 0 {
			or |= uint64(s[j])
			j++
		}
	cut:
		n := j - i
		switch {
		case or&highBits != 0:
			w.foldRun(s[i:j], weight)
		case n <= 16 && i+16 <= len(s):
			k := termKey{lowerASCII(load64(s, i)), 0}
			if n < 8 {
				k.k0 &= 1<<(8*uint(n)) - 1
			} else if n > 8 {
				k.k1 = lowerASCII(load64(s, i+8)) & (^uint64(0) >> (8 * uint(16-n)))
			}
			w.push(k, hashKey(k), weight)
		case n <= 16: // near the end of s
			var b [16]byte
			for k := range n {
				b[k] = foldTable[s[i+k]]
			}
			w.addLong(b[:n])
		default:
			lo := len(w.long)
			for k := i; k < j; k++ {
				w.long = append(w.long, foldTable[s[k]])
			}
			w.pushLong(lo, weight)
		}
		i = j
	}
}

// foldRun adds the terms of run, a run of word bytes with some non-ASCII
// runes. Folding them (NFKD and case folding) costs about a microsecond, and
// such runs repeat (names, CJK phrases): the terms of a run are cached when
// they are all short (they are then their keys).
func (w *buildWorker) foldRun(run string, weight uint32) {
	if toks, ok := w.runCache[run]; ok {
		for _, t := range toks {
			t.weight = weight
			w.toks = append(w.toks, t)
		}
		return
	}
	first := len(w.toks)
	w.t.scan(run, w.emit)
	if len(w.runCache) >= maxRunCache {
		return
	}
	toks := slices.Clone(w.toks[first:])
	for _, t := range toks {
		if t.k.k0 == 0 {
			return
		}
	}
	w.runCache[run] = toks
}

// maxRunCache bounds the runs a worker caches (see foldRun).
const maxRunCache = 4096

// load64 reads s[i:i+8] little-endian (the compiler makes it one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

const highBits = 0x8080808080808080

// wordBytes returns the high bit of each of the 8 bytes of x that belongs to a
// word: an ASCII letter or digit, or a byte of a multi-byte rune (foldTable
// not 0). The range checks add to the low 7 bits of each byte, so no sum
// carries into the next byte.
func wordBytes(x uint64) uint64 {
	const ones = 0x0101010101010101
	low := x &^ highBits
	digit := (low + ones*(0x80-'0')) &^ (low + ones*(0x80-'9'-1))
	lc := low | ones*0x20 // letters of either case into 'a'..'z', nothing else
	letter := (lc + ones*(0x80-'a')) &^ (lc + ones*(0x80-'z'-1))
	return (x | digit | letter) & highBits
}

// lowerASCII lower-cases the ASCII letters among the 8 bytes of x, which are
// all ASCII: a byte gets 0x20 when it lies in 'A'..'Z' (the sums never carry
// into the next byte).
func lowerASCII(x uint64) uint64 {
	const ones = 0x0101010101010101
	ge := x + ones*(0x80-'A')         // high bit: byte >= 'A'
	gt := x + ones*(0x80-'Z'-1)       // high bit: byte > 'Z'
	upper := ge &^ gt & (ones * 0x80) // high bit: byte in 'A'..'Z'
	return x | upper>>2
}

// addLong adds a term of any length and bytes to the slot (scan's callback).
func (w *buildWorker) addLong(term []byte) {
	if len(term) <= 16 {
		k, h := keyOf(term)
		w.push(k, h, w.weight)
		return
	}
	lo := len(w.long)
	w.long = append(w.long, term...)
	w.pushLong(lo, w.weight)
}

// push adds a term of at most 16 bytes to the slot. Its fields are stored in
// place: a slotTok built on the stack and copied would be read back by a wide
// load right after narrower stores, which stalls on every word.
func (w *buildWorker) push(k termKey, h, weight uint32) {
	n := len(w.toks)
	if n == cap(w.toks) {
		w.toks = slices.Grow(w.toks, 1)
	}
	w.toks = w.toks[:n+1]
	t := &w.toks[n]
	t.k, t.h, t.weight = k, h, weight
}

// pushLong adds the term w.long[lo:] of more than 16 bytes to the slot, like push.
func (w *buildWorker) pushLong(lo int, weight uint32) {
	n := len(w.toks)
	if n == cap(w.toks) {
		w.toks = slices.Grow(w.toks, 1)
	}
	w.toks = w.toks[:n+1]
	t := &w.toks[n]
	t.k, t.h, t.weight = termKey{}, hashLong(w.long[lo:]), weight
	t.lo, t.hi = uint32(lo), uint32(len(w.long))
}

// unpackKey returns the bytes of a term of at most 16 bytes from its key.
func unpackKey(k termKey, buf *[16]byte) []byte {
	binary.LittleEndian.PutUint64(buf[0:8], k.k0)
	binary.LittleEndian.PutUint64(buf[8:16], k.k1)
	n := (bits.Len64(k.k0) + 7) / 8
	if k.k1 != 0 {
		n = 8 + (bits.Len64(k.k1)+7)/8
	}
	return buf[:n]
}

// flush looks up the terms of the slot just cut, counts them, appends them to
// the forward index and writes the slot's postings.
func (w *buildWorker) flush(doc int32, slot uint32) {
	// Look the terms up first, all of them: the lookups of rarer words miss
	// the cache, and with nothing else in the loop they overlap.
	if cap(w.seq) < len(w.toks) {
		w.seq = make([]uint32, len(w.toks), 2*len(w.toks))
	}
	seq := w.seq[:len(w.toks)]
	var kb [16]byte
	for i := range w.toks {
		t := &w.toks[i]
		if t.weight == 0 {
			continue
		}
		var term []byte
		if t.k.k0 == 0 {
			term = w.long[t.lo:t.hi]
		}
		id, ok := w.tab.find(term, t.k, t.h)
		if !ok {
			if term == nil {
				term = unpackKey(t.k, &kb)
			}
			id, _ = w.tab.internKey(term, t.k, t.h)
			w.first = append(w.first, -1)
		}
		seq[i] = id
	}
	// The slot's terms in text order, each as uvarint(id+1), a gap as 0.
	w.fwdOff = append(w.fwdOff, uint32(len(w.fwd)))
	fwd := slices.Grow(w.fwd, binary.MaxVarintLen32*len(seq))
	for i, id := range seq {
		weight := w.toks[i].weight
		if weight == 0 {
			fwd = append(fwd, 0)
			continue
		}
		// Inline the one- and two-byte uvarints: most ids need no more.
		if v := id + 1; v < 1<<7 {
			fwd = append(fwd, byte(v))
		} else if v < 1<<14 {
			fwd = append(fwd, byte(v)|0x80, byte(v>>7))
		} else {
			fwd = binary.AppendUvarint(fwd, uint64(v))
		}
		c := &w.tab.ents[id].st
		if c.tf == 0 {
			w.touched = append(w.touched, id)
		}
		c.tf += weight
		w.length++
	}
	w.fwd = fwd
	w.toks, w.long = w.toks[:0], w.long[:0]

	for _, id := range w.touched {
		ts := &w.tab.ents[id].st
		tf := ts.tf
		ts.tf = 0
		delta := uint32(0)
		if ts.last != doc {
			if ts.last < 0 {
				w.first[id] = doc
			}
			delta = uint32(doc - ts.last)
			ts.last = doc
			ts.df++
		}
		b := id >> postBucket
		if int(b) >= len(w.buckets) {
			w.buckets = append(w.buckets, make([]postBuf, int(b)+1-len(w.buckets))...)
		}
		bp := &w.buckets[b]
		if cap(bp.cur)-len(bp.cur) < maxRecord {
			w.newChunk(bp)
		}
		bk := bp.cur
		if delta|slot|tf < 0x80 {
			n := len(bk) // the chunk has room, see above
			bk = bk[:n+4]
			binary.LittleEndian.PutUint32(bk[n:], id&0xff|delta<<8|slot<<16|tf<<24)
			ts.size += 3
		} else {
			n := len(bk)
			bk = append(bk, byte(id))
			bk = binary.AppendUvarint(bk, uint64(delta))
			bk = binary.AppendUvarint(bk, uint64(slot))
			bk = binary.AppendUvarint(bk, uint64(tf))
			ts.size += uint32(len(bk) - n - 1)
		}
		bp.cur = bk
	}
	w.touched = w.touched[:0]
}

// writePostings is the second pass: it copies the postings of each bucket to
// their terms' cursors in post (see postingIter for their format).
func (w *buildWorker) writePostings(post []byte, cur []postCursor, sets []bitset) {
	for b := range w.buckets {
		bp := &w.buckets[b]
		for _, bk := range bp.full {
			writeChunk(post, cur, sets, uint32(b)<<postBucket, bk)
		}
		writeChunk(post, cur, sets, uint32(b)<<postBucket, bp.cur)
	}
}

// writeChunk copies the postings of bk, a chunk of the bucket of the terms
// from base on, to their cursors, and adds the docs of terms with a doc set
// to it.
func writeChunk(post []byte, cur []postCursor, sets []bitset, base uint32, bk []byte) {
	for p := 0; p < len(bk); {
		c := &cur[base|uint32(bk[p]&(1<<postBucket-1))]
		p++
		if c.common >= 0 && bk[p] != 0 { // a posting in another doc than the last
			delta, _ := uvarint(bk[p:]) // from the worker's previous posting of the term
			c.doc += int32(delta)
			sets[c.common].set(int(c.doc))
		}
		at := int(c.at)
		if c.rebase != 0 {
			delta, k := uvarint(bk[p:])
			at += binary.PutUvarint(post[at:], delta-uint64(c.rebase))
			p += k
			c.rebase = 0
			for range 2 {
				_, k := uvarint(bk[p:])
				at += copy(post[at:], bk[p:p+k])
				p += k
			}
		} else if bk[p]|bk[p+1]|bk[p+2] < 0x80 {
			d := post[at : at+3]
			d[0], d[1], d[2] = bk[p], bk[p+1], bk[p+2]
			at += 3
			p += 3
		} else {
			for range 3 {
				_, k := uvarint(bk[p:])
				at += copy(post[at:], bk[p:p+k])
				p += k
			}
		}
		c.at = uint32(at)
	}
}

// docMeta is newDocMeta, sharing the folded terms of strings that repeat
// between briefs and keeping a title's terms in one string.
func (w *buildWorker) docMeta(b *Brief) *docMeta {
	m := &docMeta{b: b}
	m.day, m.hasDay = dayOf(b.SortTime())
	m.title = w.foldTerms(b.Title)
	m.source = w.sharedTerms(b.Source)
	for _, tag := range b.Tags {
		m.tags = append(m.tags, w.sharedJoined(tag))
	}
	m.sections = make([][]string, len(b.Sections))
	for i := range b.Sections {
		m.sections[i] = w.sharedTerms(b.Sections[i].Title)
	}
	return m
}

// foldTerms returns the folded terms of s, backed by one string; nil if none.
func (w *buildWorker) foldTerms(s string) []string {
	w.metaBuf, w.metaEnds = w.metaBuf[:0], w.metaEnds[:0]
	w.t.scan(s, func(term []byte, _, _ int) {
		w.metaBuf = append(w.metaBuf, term...)
		w.metaEnds = append(w.metaEnds, len(w.metaBuf))
	})
	if len(w.metaEnds) == 0 {
		return nil
	}
	all := string(w.metaBuf)
	out := make([]string, len(w.metaEnds))
	start := 0
	for i, end := range w.metaEnds {
		out[i] = all[start:end]
		start = end
	}
	return out
}

// sharedTerms is foldTerms, the same slice for equal strings. The slices are
// capped so that no one appends to another brief's terms.
func (w *buildWorker) sharedTerms(s string) []string {
	if out, ok := w.metaCache[s]; ok {
		return out
	}
	out := w.foldTerms(s)
	out = out[:len(out):len(out)]
	w.metaCache[s] = out
	return out
}

// sharedJoined is the terms of tag s joined by spaces, shared like sharedTerms.
func (w *buildWorker) sharedJoined(s string) string {
	if out, ok := w.tagCache[s]; ok {
		return out
	}
	out := strings.Join(w.foldTerms(s), " ")
	w.tagCache[s] = out
	return out
}

// build (re)creates the index from briefs; orders gives their library-order keys
// (nil: 0, 1, 2…). See "building" above.
func (ix *Index) build(briefs []*Brief, orders []int) {
	nw := max(1, min(runtime.GOMAXPROCS(0), len(briefs)/64))
	// Runs of whole 64s of docs, so that the workers fill different words of
	// the doc sets of Index.common.
	chunk := ((len(briefs)+nw-1)/nw + 63) &^ 63
	workers := make([]*buildWorker, nw)
	var wg sync.WaitGroup
	for k := range workers {
		lo, hi := min(k*chunk, len(briefs)), min((k+1)*chunk, len(briefs))
		size := 0
		for _, b := range briefs[lo:hi] {
			size += len(b.Title)
			for i := range b.Sections {
				size += len(b.Sections[i].Body)
			}
		}
		w := newBuildWorker(newTermTable(min(len(briefs)*4, 1<<14)), size)
		workers[k] = w
		wg.Go(func() {
			for i, b := range briefs[lo:hi] {
				w.addDoc(b, int32(lo+i))
			}
			putTokenizer(w.t)
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
	// The doc sets of the most frequent terms (see commonFloor) are filled as
	// their postings are written.
	floor := commonFloor(len(briefs))
	commonIdx := make([]int32, nt)
	var commonTerms []uint32
	for g, df := range ix.df {
		commonIdx[g] = -1
		if df >= floor {
			commonIdx[g] = int32(len(commonTerms))
			commonTerms = append(commonTerms, uint32(g))
		}
	}
	sets := make([]bitset, len(commonTerms))
	for i := range sets {
		sets[i] = newBitset(len(briefs))
	}
	for k, w := range workers {
		wg.Go(func() {
			c := curs[k]
			for lid := range c {
				g := remaps[k][lid]
				c[lid].at += uint32(starts[g])
				c[lid].doc, c[lid].common = -1, commonIdx[g]
			}
			w.writePostings(post, c, sets)
		})
	}
	wg.Go(ix.sortTerms)
	wg.Wait()
	ix.common = make(map[uint32]bitset, len(commonTerms))
	for i, g := range commonTerms {
		ix.common[g] = sets[i]
	}

	// The forward index: each worker's buffer as it is, in its own term ids;
	// worker 0's are the dictionary's.
	ix.fwd = make([]fwdSegment, nw)
	slot0 := int32(0)
	for k, w := range workers {
		seg := fwdSegment{slot0: slot0, off: append(w.fwdOff, uint32(len(w.fwd))), buf: w.fwd}
		if k > 0 {
			seg.local = locals[k]
		}
		ix.fwd[k] = seg
		slot0 += int32(len(w.fwdOff))
	}

	ix.docs = make([]indexDoc, 0, len(briefs))
	ix.byID = make(map[string]int32, len(briefs))
	ix.live = newBitset(len(briefs))
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
			ix.docs = append(ix.docs, indexDoc{meta: m, length: w.lengths[i], order: order, time: m.b.SortTime().UnixNano(), slots: ix.nslots})
			ix.nslots += int32(len(m.b.Sections) + 1)
			ix.markLive(d)
		}
	}
	for _, o := range orders {
		ix.order = max(ix.order, o+1)
	}
}

// hashOf is the hash of term id of t, as find computes it.
func hashOf(t *termTable, id uint32) uint32 {
	if k := t.ents[id].k; k.k0 != 0 {
		return hashKey(k)
	}
	return hashLong([]byte(t.terms[id]))
}

// commonFloor is the document frequency from which a term's doc set is cached
// in Index.common: such terms (in at least 1/16 of the docs) have the longest
// postings, and typing a short prefix expands to many of them. At most
// 16 × (postings / docs) sets, of one bit per doc.
func commonFloor(ndocs int) int32 { return max(int32(ndocs/16), 64) }

func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

func (ix *Index) sortTerms() {
	ix.sorted = make([]uint32, len(ix.dict.terms))
	for i := range ix.sorted {
		ix.sorted[i] = uint32(i)
	}
	slices.SortFunc(ix.sorted, func(a, b uint32) int { return strings.Compare(ix.dict.terms[a], ix.dict.terms[b]) })
	ix.unsorted = nil
}

func (ix *Index) addLocked(b *Brief, order int) {
	// Index the brief with a worker of its own, then append its postings.
	d := int32(len(ix.docs))
	w := newBuildWorker(newTermTable(1024), 0)
	w.addDoc(b, d)
	putTokenizer(w.t)
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
		cur[lid] = postCursor{at: uint32(at), rebase: uint32(ix.last[g] + 1), common: -1}
		at += int(w.tab.ents[lid].st.size) - uvarintLen(uint64(d+1)) + uvarintLen(uint64(d-ix.last[g]))
		ends[lid] = uint32(at)
	}
	scratch := make([]byte, at)
	w.writePostings(scratch, cur, nil)
	start := uint32(0)
	for lid, g := range gs {
		ix.post[g] = append(ix.post[g], scratch[start:ends[lid]]...)
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
	ix.docs = append(ix.docs, indexDoc{meta: w.metas[0], length: w.lengths[0], order: order, time: b.SortTime().UnixNano(), slots: ix.nslots})
	ix.nslots += int32(len(b.Sections) + 1)
	ix.live = ix.live.grow(len(ix.docs))
	ix.markLive(d)
	if len(ix.unsorted) > 4096 {
		ix.sortTerms()
	}
}

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
// core. A worker tokenises, folds and interns every word into its own term
// table and writes each term's postings and positions into chains of blocks
// of its own (see blockChain), so no per-term slice is grown and copied while
// indexing, and the hot state of a word (its table slot and counters) is a few
// dense arrays that stay in cache. The workers' tables are then merged into
// the dictionary, every term gets its exact place in one arena, and the
// workers' chains are copied there, terms split between goroutines.

// termTable interns terms: an open-addressing hash table of term ids, cheaper
// than a map[string]uint32 on the hot path of indexing (one lookup per word).
// A slot is 8 bytes (hash and id); terms of up to 16 bytes (nearly all words)
// are compared as two packed words in keys, dense by id, so that the frequent
// terms, which get the first ids, share a few cache lines.
type termTable struct {
	slots []uint64  // hash<<32 | id+1; 0 is an empty slot
	keys  []termKey // per term id
	terms []string  // per term id
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
		if t.keys[id] == k && (k.k0 != 0 || t.terms[id] == string(term)) {
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
	t.keys = append(t.keys, k)
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

// gapTerm in a slot's term sequence separates two fields (title and body, title
// and source…), so that a phrase never matches across them.
const gapTerm = ^uint32(0)

// buildWorker indexes a run of consecutive briefs.
type buildWorker struct {
	tab     *termTable
	st      []workerTerm // per term id
	cnt     []slotCount  // per term id
	touched []uint32     // terms of the current slot, in order of first use
	toks    []slotTok    // the current slot's terms in text order, cut but not looked up
	long    []byte       // the bytes of its terms longer than 16 bytes
	seq     []uint32     // their ids, gapTerm between fields
	grouped []uint32     // the current slot's positions grouped by term (see flush)
	t       *searchTokenizer
	emit    func(term []byte, start, end int) // addLong, as a scan callback
	weight  uint32                            // of the text being counted
	length  uint32                            // terms in the current brief

	// Output: the blocks of the terms' postings and positions, and per doc.
	mainSlab, posSlab []byte
	lengths           []uint32   // per doc: its number of terms
	metas             []*docMeta // per doc

	// Folded metadata shared between briefs (sources, tags, section titles
	// repeat), so that the kept docMetas do not hold a copy each.
	metaCache map[string][]string
	tagCache  map[string]string
	runCache  map[string][]slotTok // see foldRun
	metaBuf   []byte
	metaEnds  []int
}

// slotCount is a worker's count of one term in the current slot: what every
// word touches, apart from workerTerm (touched once per posting) so that the
// counts of many terms share a cache line.
type slotCount struct {
	tf  uint32 // weighted count
	occ uint32 // occurrences
	cur uint32 // see flush
}

// workerTerm is a worker's state for one term.
type workerTerm struct {
	df        uint32
	last      int32 // last doc with a posting, -1 for none
	first     int32 // first doc with a posting
	mainBytes uint32
	posBytes  uint32
	main, pos blockChain
}

// blockChain is where a worker keeps one term's postings (or positions): a
// chain of blocks in one of the worker's slabs, each twice the last up to
// maxBlock, so that a rare term takes little room and a frequent one few
// blocks. A block starts with a header: the offset of the next block (0 for
// none) and, once the block is full, the bytes it holds. A record never
// straddles two blocks. Offsets are 32-bit: a worker's slab holds up to 4 GiB,
// the postings of some 10 GB of text per core, far beyond a library held in
// memory.
type blockChain struct {
	head, blk, cur, end uint32 // first block, current block, write offset, end of the current block
}

const (
	blockHeader = 8
	minBlock    = 32
	maxBlock    = 1024
)

// room makes sure c's current block has need more bytes, chaining a new block
// to it if not, and returns the slab.
func (c *blockChain) room(slab []byte, need int) []byte {
	if int(c.cur)+need <= int(c.end) {
		return slab
	}
	size := minBlock
	if c.head != 0 {
		size = min(2*int(c.end-c.blk), maxBlock)
		binary.LittleEndian.PutUint32(slab[c.blk+4:], c.cur-c.blk-blockHeader)
	}
	size = max(size, need+blockHeader)
	off := len(slab)
	slab = slices.Grow(slab, size)[:off+size] // fresh bytes are zero: no next block
	if c.head == 0 {
		c.head = uint32(off)
	} else {
		binary.LittleEndian.PutUint32(slab[c.blk:], uint32(off))
	}
	c.blk, c.cur, c.end = uint32(off), uint32(off+blockHeader), uint32(off+size)
	return slab
}

// appendTo appends the bytes of chain c in slab to dst; with rebase >= 0 the
// first record's leading uvarint (a doc delta from -1) is rewritten to count
// from doc rebase-1 instead, see build.
func (c *blockChain) appendTo(dst, slab []byte, rebase int64) []byte {
	for b := c.head; b != 0; {
		next := binary.LittleEndian.Uint32(slab[b:])
		data := b + blockHeader
		used := c.cur - data
		if b != c.blk {
			used = binary.LittleEndian.Uint32(slab[b+4:])
		}
		part := slab[data : data+used]
		if b == c.head && rebase >= 0 {
			v, n := uvarint(part)
			dst = binary.AppendUvarint(dst, uint64(int64(v)-rebase))
			part = part[n:]
		}
		dst = append(dst, part...)
		if b == c.blk {
			break
		}
		b = next
	}
	return dst
}

func newBuildWorker(tab *termTable, textSize int) *buildWorker {
	// Offset 0 is no block. For text like the benchmark's, the postings' blocks
	// take about 0.43 of the text size and the positions' 0.35.
	w := &buildWorker{tab: tab, t: getTokenizer(),
		mainSlab: make([]byte, blockHeader, textSize/2+1024), posSlab: make([]byte, blockHeader, textSize*2/5+1024),
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
			m := wordBytes(load64(s, i))
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) / 8
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
			w.toks = append(w.toks, slotTok{k: k, h: hashKey(k), weight: weight})
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
			w.toks = append(w.toks, slotTok{h: hashLong(w.long[lo:]), weight: weight, lo: uint32(lo), hi: uint32(len(w.long))})
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
		w.toks = append(w.toks, slotTok{k: k, h: h, weight: w.weight})
		return
	}
	lo := uint32(len(w.long))
	w.long = append(w.long, term...)
	w.toks = append(w.toks, slotTok{h: hashLong(term), weight: w.weight, lo: lo, hi: uint32(len(w.long))})
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

// flush looks up the terms of the slot just cut, counts them, and writes the
// slot's postings.
func (w *buildWorker) flush(doc int32, slot uint32) {
	if cap(w.seq) < len(w.toks) {
		w.seq = make([]uint32, len(w.toks), 2*len(w.toks))
	}
	seq := w.seq[:len(w.toks)]
	var kb [16]byte
	for i := range w.toks {
		t := &w.toks[i]
		if t.weight == 0 {
			seq[i] = gapTerm
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
			w.st = append(w.st, workerTerm{last: -1, first: -1})
			w.cnt = append(w.cnt, slotCount{})
		}
		seq[i] = id
	}
	for i, id := range seq {
		if id == gapTerm {
			continue
		}
		c := &w.cnt[id]
		if c.occ == 0 {
			w.touched = append(w.touched, id)
		}
		c.occ++
		c.tf += w.toks[i].weight
		w.length++
	}
	w.toks, w.long = w.toks[:0], w.long[:0]

	// Group the slot's positions by term, a counting sort: each term gets a
	// run of grouped as long as its occurrences, filled in text order.
	off := uint32(0)
	for _, id := range w.touched {
		c := &w.cnt[id]
		c.cur = off
		off += c.occ
	}
	if cap(w.grouped) < int(off) {
		w.grouped = make([]uint32, off, 2*off)
	}
	grouped := w.grouped[:off]
	for p, id := range seq {
		if id != gapTerm {
			c := &w.cnt[id]
			grouped[c.cur] = uint32(p)
			c.cur++
		}
	}
	for _, id := range w.touched {
		cn := &w.cnt[id]
		ps := grouped[cn.cur-cn.occ : cn.cur]
		tf := cn.tf
		cn.tf, cn.occ = 0, 0
		st := &w.st[id]
		// The positions, after their length; records are sized exactly, so
		// that small blocks fill up.
		n, prev := 0, uint32(0)
		for _, p := range ps {
			n += uvarintLen(uint64(p - prev))
			prev = p
		}
		if need := uvarintLen(uint64(n)) + n; int(st.pos.cur)+need > int(st.pos.end) {
			w.posSlab = st.pos.room(w.posSlab, need)
		}
		buf := w.posSlab
		start := int(st.pos.cur)
		c := start + binary.PutUvarint(buf[start:], uint64(n))
		prev = 0
		for _, p := range ps {
			if d := p - prev; d < 0x80 {
				buf[c] = byte(d)
				c++
			} else {
				c += binary.PutUvarint(buf[c:], uint64(d))
			}
			prev = p
		}
		st.pos.cur = uint32(c)
		st.posBytes += uint32(c - start)

		delta := uint64(0)
		if st.last != doc {
			delta = uint64(doc - st.last)
			if st.first < 0 {
				st.first = doc
			}
			st.last = doc
			st.df++
		}
		if need := uvarintLen(delta) + uvarintLen(uint64(slot)) + uvarintLen(uint64(tf)); int(st.main.cur)+need > int(st.main.end) {
			w.mainSlab = st.main.room(w.mainSlab, need)
		}
		buf = w.mainSlab
		c = int(st.main.cur)
		start = c
		c += binary.PutUvarint(buf[c:], delta)
		c += binary.PutUvarint(buf[c:], uint64(slot))
		c += binary.PutUvarint(buf[c:], uint64(tf))
		st.main.cur = uint32(c)
		st.mainBytes += uint32(c - start)
	}
	w.touched = w.touched[:0]
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
	chunk := (len(briefs) + nw - 1) / nw
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
		w := newBuildWorker(newTermTable(min(len(briefs)*4, 1<<16)), size)
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
			m[lid], _ = ix.dict.internKey([]byte(s), w.tab.keys[lid], hashOf(w.tab, uint32(lid)))
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
	mainSize := make([]int, nt)
	posSize := make([]int, nt)
	for k, w := range workers {
		for lid := range w.st {
			st := &w.st[lid]
			g := remaps[k][lid]
			prev := ix.last[g]
			mainSize[g] += int(st.mainBytes) - uvarintLen(uint64(st.first+1)) + uvarintLen(uint64(st.first-prev))
			posSize[g] += int(st.posBytes)
			ix.df[g] += int32(st.df)
			ix.last[g] = st.last
		}
	}
	totalMain, totalPos := 0, 0
	for g := range nt {
		totalMain += mainSize[g]
		totalPos += posSize[g]
	}
	post := make([]byte, totalMain)
	pos := make([]byte, totalPos)
	ix.post = make([][]byte, nt)
	ix.pos = make([][]byte, nt)
	// Each term's postings are one run of the arena, worker after worker. The
	// terms are split between goroutines by bytes, each copying its terms' runs.
	starts := make([][2]int, nt+1)
	for g := range nt {
		starts[g+1] = [2]int{starts[g][0] + mainSize[g], starts[g][1] + posSize[g]}
	}
	per := (totalMain+totalPos)/nw + 1
	for g0 := 0; g0 < nt; {
		g1 := g0 + 1
		for g1 < nt && starts[g1][0]+starts[g1][1]-starts[g0][0]-starts[g0][1] < per {
			g1++
		}
		lo, hi := g0, g1
		wg.Go(func() {
			for g := lo; g < hi; g++ {
				m, p := starts[g], starts[g+1]
				dm, dp := post[m[0]:m[0]:p[0]], pos[m[1]:m[1]:p[1]]
				prev := int32(-1)
				for k, w := range workers {
					lid := locals[k][g]
					if lid < 0 {
						continue
					}
					st := &w.st[lid]
					rebase := int64(-1)
					if prev >= 0 {
						rebase = int64(prev) + 1
					}
					dm = st.main.appendTo(dm, w.mainSlab, rebase)
					dp = st.pos.appendTo(dp, w.posSlab, -1)
					prev = st.last
				}
				ix.post[g], ix.pos[g] = dm, dp
			}
		})
		g0 = g1
	}
	wg.Go(ix.sortTerms)
	wg.Wait()

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
	ix.cacheCommon(nw)
}

// hashOf is the hash of term id of t, as find computes it.
func hashOf(t *termTable, id uint32) uint32 {
	if k := t.keys[id]; k.k0 != 0 {
		return hashKey(k)
	}
	return hashLong([]byte(t.terms[id]))
}

// cacheCommon fills Index.common, the terms' postings split between nw
// goroutines.
func (ix *Index) cacheCommon(nw int) {
	var terms []uint32
	floor := commonFloor(len(ix.docs))
	for g, df := range ix.df {
		if df >= floor {
			terms = append(terms, uint32(g))
		}
	}
	sets := make([]bitset, len(terms))
	var wg sync.WaitGroup
	for k := range nw {
		wg.Go(func() {
			for i := k; i < len(terms); i += nw {
				b := newBitset(len(ix.docs))
				it := ix.iter(terms[i])
				for it.next() {
					b.set(int(it.doc))
				}
				sets[i] = b
			}
		})
	}
	wg.Wait()
	ix.common = make(map[uint32]bitset, len(terms))
	for i, g := range terms {
		ix.common[g] = sets[i]
	}
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
		g, added := ix.dict.internKey([]byte(s), w.tab.keys[lid], hashOf(w.tab, uint32(lid)))
		if added {
			ix.post = append(ix.post, nil)
			ix.pos = append(ix.pos, nil)
			ix.last = append(ix.last, -1)
			ix.df = append(ix.df, 0)
			ix.unsorted = append(ix.unsorted, g)
		}
		gs[lid] = g
	}
	for lid, g := range gs {
		st := &w.st[lid]
		rebase := int64(-1)
		if ix.last[g] >= 0 {
			rebase = int64(ix.last[g]) + 1
		}
		ix.post[g] = st.main.appendTo(ix.post[g], w.mainSlab, rebase)
		ix.pos[g] = st.pos.appendTo(ix.pos[g], w.posSlab, -1)
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
	ix.docs = append(ix.docs, indexDoc{meta: w.metas[0], length: w.lengths[0], order: order, time: b.SortTime().UnixNano(), slots: ix.nslots})
	ix.nslots += int32(len(b.Sections) + 1)
	ix.live = ix.live.grow(len(ix.docs))
	ix.markLive(d)
	if len(ix.unsorted) > 4096 {
		ix.sortTerms()
	}
}

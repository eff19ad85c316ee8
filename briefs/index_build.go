package briefs

import (
	"cmp"
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
	return &termTable{slots: make([]uint64, n), ents: make([]termEntry, 0, hint), terms: make([]string, 0, hint)}
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
	tab      *termTable
	touched  []uint32 // terms of the current slot, in order of first use: the first nt
	nt       int
	long     []byte // a term longer than 16 bytes, being cut
	runToks  []runTok
	runLong  bool // the run being folded has a term longer than 16 bytes
	t        *searchTokenizer
	emit     func(term []byte, start, end int) // addFolded, as a scan callback
	weight   uint32                            // of the text being indexed
	length   uint32                            // terms in the current brief
	slot0    uint32                            // where the current slot's terms start in fwd
	lastTerm bool                              // the current slot's last entry in fwd is a term, not a gap

	// Output: the slots' postings, the forward index, and per doc.
	buckets []postBuf  // postings by id>>postBucket: the id's low bits, then the posting
	fulls   [][][]byte // per bucket: its filled chunks
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
	runCache  map[string][]runTok // see foldRun
	metaBuf   []byte
	metaEnds  []int
}

// runTok is a term of at most 16 bytes of a run folded by foldRun: its key
// and hash.
type runTok struct {
	k termKey
	h uint32
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

// postCursor is where the second pass writes a term's next posting, and what
// to subtract from the doc delta of its first, which counts from doc -1 but
// follows the postings of an earlier worker (0: nothing).
type postCursor struct {
	at     uint32
	rebase uint32
}

// postBucket is log2 of the number of terms whose postings share a bucket.
const postBucket = 7

// postBuf holds a bucket's postings in chunks, each twice the last up to
// maxChunk: growing one slice would copy them all again and again. A posting
// only writes n, not the chunk's slice. The chunks before are kept apart
// (buildWorker.fulls), so that a postBuf takes 32 bytes.
type postBuf struct {
	cur []byte // the chunk being filled, to its capacity
	n   int    // the bytes of cur filled
}

const (
	minChunk  = 256
	maxChunk  = 16 << 10
	maxRecord = 2 + 3*binary.MaxVarintLen32 // a bucket's longest record of a posting (see appendPosting), and at least the 8 bytes flush writes
)

// newChunk starts a new chunk for bucket b, cut from the worker's current
// slab.
func (w *buildWorker) newChunk(b uint32) {
	p := &w.buckets[b]
	size := minChunk
	if len(p.cur) > 0 {
		w.fulls[b] = append(w.fulls[b], p.cur[:p.n])
		size = min(2*len(p.cur), maxChunk)
	}
	if len(w.chunks)+size > cap(w.chunks) {
		w.chunks = make([]byte, 0, 1<<20)
	}
	n := len(w.chunks)
	p.cur, p.n = w.chunks[n:n+size:n+size], 0
	w.chunks = w.chunks[:n+size]
}

// filled is p's last chunk as far as it is filled.
func (p *postBuf) filled() []byte { return p.cur[:p.n] }

func newBuildWorker(tab *termTable, textSize int) *buildWorker {
	// For text like the benchmark's, the forward index takes about 0.25 of the
	// text size.
	w := &buildWorker{tab: tab, t: getTokenizer(), fwd: make([]byte, 0, textSize/4+1024), first: make([]int32, 0, cap(tab.ents)),
		touched: make([]uint32, 256), metaCache: make(map[string][]string), tagCache: make(map[string]string),
		runCache: make(map[string][]runTok)}
	w.emit = func(term []byte, _, _ int) { w.addFolded(term) }
	return w
}

// addDoc tokenises brief b as doc number doc and writes its postings.
func (w *buildWorker) addDoc(b *Brief, doc int32) {
	w.length = 0
	start := len(w.fwd)
	w.index(b.Title, weightTitle)
	title := w.fwd[start:]
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
	w.metas = append(w.metas, w.docMeta(b, title))
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

// index cuts s, one field of the current slot, into terms with the given
// weight, like searchTokenizer.scan, and adds them (see addID), 64 bytes at a
// time. A block's word bytes are found at once as a bit mask, and its bytes
// lower-cased into a buffer (see blockMask); addWords then adds its words
// while they are the common kind, and the loop here the rest: words that run
// past the block, runes beyond ASCII, words longer than 16 bytes and new
// terms.
func (w *buildWorker) index(s string, weight uint32) {
	w.weight = weight
	// Room for the gap and the field's ASCII words, at most one per two
	// bytes but for the last (see reserve).
	w.reserve(1 + (len(s)+1)/2)
	if w.lastTerm { // a gap between fields, so that no phrase spans them
		w.fwd = append(w.fwd, 0)
		w.lastTerm = false
	}
	// The block lower-cased, and 16 bytes more that a key may read past a
	// word at its end (masked off).
	var low [64 + 16]byte
	for i := 0; i < len(s); {
		var m, hi uint64
		if i+64 <= len(s) {
			m, hi = blockMask(s, i, (*[64]byte)(low[:64]))
		} else {
			m, hi = tailMask(s, i, (*[64]byte)(low[:64]))
		}
		next := i + 64
		for {
			if ascii := asciiWords(m, hi); ascii != 0 {
				if m = w.addWords(&low, ascii, weight) | m&^ascii; m == 0 {
					break
				}
			}
			start := bits.TrailingZeros64(m)
			rest := ^m >> uint(start)
			if rest == 0 { // the word runs on past the block
				next = i + start
				if start == 0 { // a word of 64 bytes or more
					next = w.cutWord(s, i, weight)
				}
				break
			}
			n := bits.TrailingZeros64(rest)
			m &= ^uint64(0) << uint(start+n)
			p := i + start
			switch {
			case hi>>uint(start)&(1<<uint(n)-1) != 0:
				w.foldRun(s[p:p+n], weight)
			case n > 16:
				w.addLongASCII(s[p:p+n], weight)
			default: // a new term, or one not in the first two slots it may take
				k := blockKey(&low, start, n)
				w.addKey(k, hashKey(k), weight)
			}
		}
		i = next
	}
}

// asciiWords is the words of mask m (see index) before the first that has a
// byte beyond ASCII (a bit of hi): those addWords may take.
func asciiWords(m, hi uint64) uint64 {
	h := hi & m
	if h == 0 {
		return m
	}
	// The start of the word with the first such byte: the last word start
	// at or before it (2<<63 is 0, and 0-1 keeps every bit).
	p := bits.TrailingZeros64(h)
	start := 63 - bits.LeadingZeros64(wordStarts(m)&(2<<uint(p)-1))
	return m & (1<<uint(start) - 1)
}

// blockKey is the key of the word of n bytes, at most 16 and all ASCII, at
// low[start:] (see index).
func blockKey(low *[64 + 16]byte, start, n int) termKey {
	km := &keyMasks[n]
	start &= 63 // a start is inside the block; the mask tells the compiler so
	return termKey{
		binary.LittleEndian.Uint64(low[start:]) & km[0],
		binary.LittleEndian.Uint64(low[start+8:]) & km[1],
	}
}

// addWords adds the words of m, a block's mask of word bytes (low: its
// bytes lower-cased; see index), as long as they are the common kind: at
// most 16 bytes, inside the block, and terms the worker has seen, in one of
// the first two table slots they may take. m holds ASCII words only (index
// leaves the others out). It returns m without the words it added, 0 when it
// added them all.
//
// It is addKey and addID written out for a block's words, in two loops: the
// first finds the words' term ids, the second counts them and writes them
// to the forward index. Each keeps few values live, so that they stay in
// registers: in one loop, the compiler spilled and reloaded some of them
// for every word, which cost as much as the work. Neither loop takes a
// branch that depends on the text but for the table's answer: words come
// in no order a branch predictor could learn.
func (w *buildWorker) addWords(low *[64 + 16]byte, m uint64, weight uint32) uint64 {
	var ids [maxBlockWords]uint32
	slots, ents := w.tab.slots, w.tab.ents
	n, rest := 0, m
	for rest != 0 {
		start := bits.TrailingZeros64(rest)
		size := bits.TrailingZeros64(^rest >> uint(start)) // 64: past the block
		if size > 16 {
			break
		}
		// Nine words in ten find their term in its home slot and most
		// of the rest in the next, so both are read and the one with
		// the word's hash kept without a branch (a wrong guess at a
		// branch that waits on the table, which may miss the cache,
		// costs the most). Any other word goes to index, which looks
		// it up with find.
		key := blockKey(low, start, size)
		h := hashKey(key)
		mask := uint32(len(slots) - 1)
		s0, s1 := slots[h&mask], slots[(h+1)&mask]
		s := s1 ^ (s0^s1)&-uint64(b2u(uint32(s0>>32) == h))
		id := uint32(s) - 1
		if uint32(s>>32) != h || uint(id) >= uint(len(ents)) || ents[id].k != key || id >= 1<<21-1 {
			break
		}
		ids[n&(maxBlockWords-1)] = id
		n++
		rest &= ^uint64(0) << uint(start+size)
	}
	if n == 0 {
		return m
	}

	if cap(w.fwd)-len(w.fwd) < blockOut+4 || len(w.touched)-w.nt < maxBlockWords {
		w.reserve(maxBlockWords) // index has made this room: a guard
	}
	at, nt := len(w.fwd), w.nt
	out := (*[blockOut + 4]byte)(w.fwd[at : at+blockOut+4])
	touched := (*[maxBlockWords]uint32)(w.touched[nt : nt+maxBlockWords])
	o, k := 0, 0
	for _, id := range ids[:n] {
		// putFwdID, written out as one store of four bytes, of which
		// those past the uvarint are overwritten next.
		v := id + 1
		two, three := b2u(v >= 1<<7), b2u(v >= 1<<14)
		binary.LittleEndian.PutUint32(out[o&(blockOut-1):], v&0x7f|two<<7|(v>>7&0x7f|three<<7)<<8|v>>14<<16)
		o += 1 + int(two+three)
		c := &ents[id].st
		touched[k&(maxBlockWords-1)] = id
		k += int(b2u(c.tf == 0))
		c.tf += weight
	}
	w.fwd, w.nt = w.fwd[:at+o], nt+k
	w.length += uint32(n)
	w.lastTerm = true
	return rest
}

// maxBlockWords is the most words a block of 64 bytes has; blockOut bytes
// hold the forward index of them as addWords writes it, three bytes each at
// most, a power of two so that a mask keeps an offset inside it (with the
// four bytes a store writes from there).
const (
	maxBlockWords = 32
	blockOut      = 128
)

// wordStarts marks the first byte of each word of mask m, whose bit 0 starts
// a word if set.
func wordStarts(m uint64) uint64 { return m &^ (m << 1) }

// keyMasks[n] keeps the first n bytes of a 16-byte key.
var keyMasks = func() (t [17][2]uint64) {
	for n := range t {
		n0, n1 := min(n, 8), max(n-8, 0)
		t[n] = [2]uint64{^uint64(0) >> uint(64-8*n0), ^uint64(0) >> uint(64-8*n1)}
	}
	return t
}()

// blockMask returns, for the 64 bytes of s from i, a mask of the bytes that
// belong to words (see wordBytes) and one of the bytes beyond ASCII, bit b
// for byte i+b; it writes the bytes to low with ASCII letters lower-cased.
// It works eight bytes at a time, and computes the second mask only when
// there is a byte beyond ASCII.
func blockMask(s string, i int, low *[64]byte) (words, hi uint64) {
	var x [8]uint64
	for k := range x {
		x[k] = load64(s, i+8*k)
	}
	return masksOf(&x, low)
}

// tailMask is blockMask for the last bytes of s, fewer than 64, from i: the
// bytes after the end count as separators.
func tailMask(s string, i int, low *[64]byte) (words, hi uint64) {
	var b [64]byte
	copy(b[:], s[i:])
	return bufMask(&b, low)
}

// bufMask is blockMask of the 64 bytes of b.
func bufMask(b *[64]byte, low *[64]byte) (words, hi uint64) {
	var x [8]uint64
	for k := range x {
		x[k] = binary.LittleEndian.Uint64(b[8*k:])
	}
	return masksOf(&x, low)
}

// masksOf is blockMask of 64 bytes loaded as 8 words.
func masksOf(x *[8]uint64, low *[64]byte) (words, hi uint64) {
	var or uint64
	for k, v := range x {
		or |= v
		words |= gatherHigh(wordBytes(v)) << uint(8*k)
		binary.LittleEndian.PutUint64(low[8*k:], lowerASCII(v))
	}
	if or&highBits != 0 {
		for k, v := range x {
			hi |= gatherHigh(v&highBits) << uint(8*k)
		}
	}
	return words, hi
}

// gatherHigh packs the high bits of the 8 bytes of x, and nothing else, into
// 8 bits, byte b's to bit b: the multiplication moves each to its place in
// the top byte, and no two products overlap there.
func gatherHigh(x uint64) uint64 { return x * 0x02040810204081 >> 56 }

// cutWord adds the word (or run, see foldRun) of 64 bytes or more of s that
// starts at i and returns where it ends.
func (w *buildWorker) cutWord(s string, i int, weight uint32) int {
	j, or := i, uint64(0)
	for j+8 <= len(s) {
		x := load64(s, j)
		if end := ^wordBytes(x) & highBits; end != 0 {
			k := bits.TrailingZeros64(end) / 8
			or |= x & (1<<(8*uint(k)) - 1)
			j += k
			goto cut
		}
		or |= x
		j += 8
	}
	for j < len(s) && foldTable[s[j]] != 0 {
		or |= uint64(s[j])
		j++
	}
cut:
	if or&highBits != 0 {
		w.foldRun(s[i:j], weight)
	} else {
		w.addLongASCII(s[i:j], weight)
	}
	return j
}

// addLongASCII adds word, all ASCII and longer than 16 bytes.
func (w *buildWorker) addLongASCII(word string, weight uint32) {
	w.long = w.long[:0]
	for k := range len(word) {
		w.long = append(w.long, foldTable[word[k]])
	}
	w.addLong(w.long, weight)
}

// reserve makes room for n more terms in touched and in the forward index,
// and for a block's more as addWords writes them, so that neither addID nor
// addWords need ask. A field of n bytes has at most (n+1)/2 terms (a word
// and a separator, or a CJK rune of 3 bytes, per term; folding makes one
// term of a word); addFolded and foldRun still ask for their own, and
// addWords checks, so that nothing rests on that count but speed.
func (w *buildWorker) reserve(n int) {
	w.fwd = slices.Grow(w.fwd, binary.MaxVarintLen32*n+blockOut+4)
	if w.nt+n+maxBlockWords > len(w.touched) {
		w.touched = append(w.touched, make([]uint32, w.nt+n+maxBlockWords)...)
	}
}

// foldRun adds the terms of run, a run of word bytes with some non-ASCII
// runes. Folding them (NFKD and case folding) costs about a microsecond, and
// such runs repeat (names, CJK phrases): the terms of a run are cached when
// they are all short (they are then their keys).
func (w *buildWorker) foldRun(run string, weight uint32) {
	if toks, ok := w.runCache[run]; ok {
		w.reserve(len(toks))
		for _, t := range toks {
			w.addKey(t.k, t.h, weight)
		}
		return
	}
	w.runToks, w.runLong = w.runToks[:0], false
	w.t.scan(run, w.emit)
	if len(w.runCache) < maxRunCache && !w.runLong {
		w.runCache[run] = slices.Clone(w.runToks)
	}
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

// lowerASCII lower-cases the ASCII letters among the 8 bytes of x, and
// leaves the other bytes as they are: a byte gets 0x20 when its low 7 bits
// lie in 'A'..'Z' and its high bit is clear (the sums, of 7-bit bytes, never
// carry into the next byte).
func lowerASCII(x uint64) uint64 {
	const ones = 0x0101010101010101
	low := x &^ highBits
	ge := low + ones*(0x80-'A')       // high bit: low >= 'A'
	gt := low + ones*(0x80-'Z'-1)     // high bit: low > 'Z'
	upper := ge &^ gt &^ x & highBits // high bit: byte in 'A'..'Z'
	return x | upper>>2
}

// addFolded adds a folded term of any length and bytes (scan's callback),
// noting it for foldRun.
func (w *buildWorker) addFolded(term []byte) {
	w.reserve(1)
	if len(term) <= 16 {
		k, h := keyOf(term)
		w.runToks = append(w.runToks, runTok{k, h})
		w.addKey(k, h, w.weight)
		return
	}
	w.runLong = true
	w.addLong(term, w.weight)
}

// addKey adds a term of at most 16 bytes, whose key and hash are k and h.
func (w *buildWorker) addKey(k termKey, h, weight uint32) {
	// A short term's key is never zero (a term is not empty and has no NUL
	// bytes): find compares keys alone.
	id, ok := w.tab.find(nil, k, h)
	if !ok {
		var kb [16]byte
		id = w.newTerm(unpackKey(k, &kb), k, h)
	}
	w.addID(id, weight)
}

// addLong adds a term longer than 16 bytes.
func (w *buildWorker) addLong(term []byte, weight uint32) {
	h := hashLong(term)
	id, ok := w.tab.find(term, termKey{}, h)
	if !ok {
		id = w.newTerm(term, termKey{}, h)
	}
	w.addID(id, weight)
}

// newTerm adds a term the worker has not seen.
func (w *buildWorker) newTerm(term []byte, k termKey, h uint32) uint32 {
	id, _ := w.tab.internKey(term, k, h)
	w.first = append(w.first, -1)
	return id
}

// addID appends term id to the slot's terms in the forward index, as
// uvarint(id+1), and counts it. It takes no branch that depends on the text
// but for an id of more than 14 bits: words come in no order a branch
// predictor could learn.
func (w *buildWorker) addID(id, weight uint32) {
	at := len(w.fwd) // with room for it: see index
	w.fwd = w.fwd[:at+putFwdID(w.fwd[:cap(w.fwd)], at, id)]
	c := &w.tab.ents[id].st
	w.touched[w.nt] = id // with room for it: see index
	w.nt += int(b2u(c.tf == 0))
	c.tf += weight
	w.length++
	w.lastTerm = true
}

// putFwdID writes term id to the forward index at fwd[at:] as uvarint(id+1)
// and returns its length. It writes three bytes, and those that do not belong
// are overwritten next: no branch on the id's size, which waits on the table
// like the lookup (ids of 1<<21 and more, of two million terms, take one).
func putFwdID(fwd []byte, at int, id uint32) int {
	v := id + 1
	if v >= 1<<21 {
		return binary.PutUvarint(fwd[at:], uint64(v))
	}
	two, three := b2u(v >= 1<<7), b2u(v >= 1<<14)
	_ = fwd[at+2]
	fwd[at] = byte(v&0x7f | two<<7)
	fwd[at+1] = byte(v>>7&0x7f | three<<7)
	fwd[at+2] = byte(v >> 14)
	return 1 + int(two+three)
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

// flush ends the slot: it writes the postings of its terms.
func (w *buildWorker) flush(doc int32, slot uint32) {
	w.fwdOff = append(w.fwdOff, w.slot0)
	w.slot0, w.lastTerm = uint32(len(w.fwd)), false
	touched := w.touched[:w.nt]
	w.nt = 0
	if nb := len(w.tab.ents)>>postBucket + 1; nb > len(w.buckets) {
		w.buckets = append(w.buckets, make([]postBuf, nb-len(w.buckets))...)
		w.fulls = append(w.fulls, make([][][]byte, nb-len(w.fulls))...)
	}
	ents, buckets, first := w.tab.ents, w.buckets, w.first
	for i := 0; i < len(touched); i++ {
		id := touched[i]
		ts := &ents[id].st
		tf := ts.tf
		ts.tf = 0
		last := ts.last
		if last < 0 {
			first[id] = doc
		}
		delta := uint32(doc - last) // 0 for another slot of the same doc
		ts.df += b2u(delta != 0)
		ts.last = doc
		bp := &buckets[id>>postBucket]
		if bp.n > len(bp.cur)-maxRecord || delta >= 1<<14 || slot|tf >= 0x80 {
			ts.size += w.appendPosting(id, delta, slot, tf)
			continue
		}
		// The record of nearly every posting, written as 8 bytes of which
		// the next record overwrites those past its end: the id's low
		// bits, then the posting as it is kept, its delta in one or two
		// bytes. The rarer terms' deltas take two; as a branch, the
		// choice was a wrong guess about one posting in ten.
		two := uint64(b2u(delta >= 0x80))
		rec := uint64(id&(1<<postBucket-1)) | uint64(delta&0x7f)<<8 | two<<15 | uint64(delta>>7)<<16 |
			(uint64(slot)|uint64(tf)<<8)<<(16+8*two)
		binary.LittleEndian.PutUint64(bp.cur[bp.n:], rec)
		bp.n += 4 + int(two)
		ts.size += 3 + uint32(two)
	}
}

// appendPosting is flush's slow path: a posting with a delta of 14 bits or
// more or another field of more than 7, or one that starts a new chunk. It
// returns the size of the posting.
//
// A bucket's record of a posting is the low bits of its term id, then the
// posting. A record whose fields do not all take one byte has the id's byte
// marked by its top bit and followed by the posting's length, so that
// writeChunk need not decode it; but one with a delta of two bytes and two
// fields of one, the kind flush writes, is not marked.
func (w *buildWorker) appendPosting(id, delta, slot, tf uint32) uint32 {
	bp := &w.buckets[id>>postBucket]
	if bp.n > len(bp.cur)-maxRecord {
		w.newChunk(id >> postBucket)
	}
	bk := bp.cur[:bp.n]
	lid := byte(id & (1<<postBucket - 1))
	if delta|slot|tf < 0x80 {
		bp.n = len(append(bk, lid, byte(delta), byte(slot), byte(tf)))
		return 3
	}
	bk = append(bk, lid|0x80, 0)
	n0 := len(bk)
	bk = binary.AppendUvarint(bk, uint64(delta))
	bk = binary.AppendUvarint(bk, uint64(slot))
	bk = binary.AppendUvarint(bk, uint64(tf))
	size := len(bk) - n0
	bk[n0-1] = byte(size)
	bp.n = len(bk)
	return uint32(size)
}

// b2u is 1 for true, 0 for false, without a branch.
func b2u(b bool) uint32 {
	var u uint32
	if b {
		u = 1
	}
	return u
}

// writePostings is the second pass: it copies the postings of each bucket to
// their terms' cursors in post (see postingIter for their format).
func (w *buildWorker) writePostings(post []byte, cur []postCursor) {
	for b := range w.buckets {
		bp := &w.buckets[b]
		for _, bk := range w.fulls[b] {
			writeChunk(post, cur, uint32(b)<<postBucket, bk)
		}
		writeChunk(post, cur, uint32(b)<<postBucket, bp.filled())
	}
}

// writeChunk copies the postings of bk, a chunk of the bucket of the terms
// from base on, to their cursors (see appendPosting for the records).
func writeChunk(post []byte, cur []postCursor, base uint32, bk []byte) {
	for p := 0; p < len(bk); {
		b0 := bk[p]
		c := &cur[base|uint32(b0&(1<<postBucket-1))]
		at := int(c.at)
		if b0 < 0x80 && c.rebase == 0 { // a delta of one or two bytes, then two of one
			r := bk[p+1 : p+4]
			d := post[at : at+3]
			d[0], d[1], d[2] = r[0], r[1], r[2]
			n := 3
			if r[0] >= 0x80 {
				post[at+3] = bk[p+4]
				n = 4
			}
			c.at = uint32(at + n)
			p += 1 + n
			continue
		}
		var rec []byte
		if b0 < 0x80 {
			rec = bk[p+1 : p+4+int(bk[p+1]>>7)]
		} else {
			rec = bk[p+2 : p+2+int(bk[p+1])]
			p++
		}
		p += 1 + len(rec)
		if c.rebase != 0 {
			delta, k := uvarint(rec)
			at += binary.PutUvarint(post[at:], delta-uint64(c.rebase))
			rec = rec[k:]
			c.rebase = 0
		}
		c.at = uint32(at + copy(post[at:], rec))
	}
}

// docMeta is newDocMeta, sharing the folded terms of strings that repeat
// between briefs, and the title's with the term table: title holds their
// ids as the forward index does.
func (w *buildWorker) docMeta(b *Brief, title []byte) *docMeta {
	m := &docMeta{b: b}
	m.day, m.hasDay = dayOf(b.SortTime())
	if len(title) > 0 {
		m.title = make([]string, 0, len(title))
		for p := 0; p < len(title); {
			v, n := uvarint(title[p:])
			m.title = append(m.title, w.tab.terms[v-1])
			p += n
		}
	}
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
	parts, common, sets := ix.commonParts(workers, locals, len(briefs))
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
			seg.local = locals[k]
		}
		ix.fwd[k] = seg
		slot0 += int32(len(w.fwdOff))
	}
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
			ix.docs = append(ix.docs, indexDoc{meta: m, length: w.lengths[i], order: order, time: m.b.SortTime().UnixNano(), slots: ix.nslots})
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
		cur[lid] = postCursor{at: uint32(at), rebase: uint32(ix.last[g] + 1)}
		at += int(w.tab.ents[lid].st.size) - uvarintLen(uint64(d+1)) + uvarintLen(uint64(d-ix.last[g]))
		ends[lid] = uint32(at)
	}
	scratch := make([]byte, at)
	w.writePostings(scratch, cur)
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

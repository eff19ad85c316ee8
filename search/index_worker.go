package search

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/fold"
)

// buildWorker indexes a run of consecutive briefs.
type buildWorker struct {
	tab      *termTable
	touched  []uint32 // terms of the current slot, in order of first use: the first nt
	nt       int
	long     []byte // a term longer than 16 bytes, being cut
	runToks  []runTok
	runLong  bool // the run being folded has a term longer than 16 bytes
	t        *fold.Tokenizer
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
	w := &buildWorker{tab: tab, t: fold.GetTokenizer(), fwd: make([]byte, 0, textSize/4+1024), first: make([]int32, 0, cap(tab.ents)),
		touched: make([]uint32, 256), metaCache: make(map[string][]string), tagCache: make(map[string]string),
		runCache: make(map[string][]runTok)}
	w.emit = func(term []byte, _, _ int) { w.addFolded(term) }
	return w
}

// addDoc tokenises brief b as doc number doc and writes its postings.
func (w *buildWorker) addDoc(b *briefs.Brief, doc int32) {
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
	for c := range utf8.RuneSelf {
		t[c] = fold.ASCII(byte(c))
	}
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
	w.t.Scan(run, w.emit)
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
func (w *buildWorker) docMeta(b *briefs.Brief, title []byte) *docMeta {
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
	w.t.Scan(s, func(term []byte, _, _ int) {
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

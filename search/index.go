package search

import (
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/briefing-dev/briefing/briefs"
)

// SearchOptions tune Search, Filter and Query.Match.
type SearchOptions struct {
	// Limit is the most hits Search returns: 0 means 50, negative
	// means all. Filter ignores it.
	Limit int
	// PrefixLast makes the last word of the query as typed (no space after it) match
	// as a prefix, for live search while typing.
	PrefixLast bool
	// Now is the time relative dates (today, 7d…) count from; zero means time.Now().
	Now time.Time
	// Marks answers is: and has:; nil makes queries that use them match nothing
	// (Query.Check says why).
	Marks Marks
}

// defaultSearchLimit is the number of hits Search returns when Limit is 0.
const defaultSearchLimit = 50

// Hit is one ranked search result.
type Hit struct {
	ID      string
	Score   float64
	Section int      // index into briefs.Brief.Sections of the best match, -1 for the title/metadata
	Snippet string   // about one line (at most 120 runes) of plain text around the best match
	Matches [][2]int // byte ranges in Snippet to highlight
}

// Weights of a term occurrence by where it stands: title and section-title
// matches rank above body matches.
const (
	weightTitle        = 4
	weightSectionTitle = 2
	weightBody         = 1
	bm25K1             = 1.2
	bm25B              = 0.75
	// titleBonus adds half a term's idf to a brief with it in its title, on
	// top of BM25: BM25 saturates, so a word the title has once could lose
	// to a body that repeats it, and readers look for briefs by their titles.
	titleBonus   = 0.5
	snippetRunes = 120
)

// Index is an inverted index over a set of briefs. Search and Filter may run
// concurrently with each other; Apply takes a write lock.
type Index struct {
	mu sync.RWMutex

	dict *termTable
	post [][]byte     // per term: postings, see postingIter
	tail [][]byte     // per term: postings of docs added since the build or open, after post's (nil: none)
	fwd  []fwdSegment // per run of slots: their terms in text order, for phrases
	last []int32      // per term: the last doc with a posting, -1 for none
	df   []int32      // per term: live docs containing it

	sorted   []uint32 // term ids in term order, for prefix lookups
	unsorted []uint32 // terms added since sorted was last built

	docs     []indexDoc
	live     bitset
	nlive    int
	totalLen int64            // terms in live docs, for the average length
	byID     map[string]int32 // live docs by brief ID; nil until an update needs it (see ensureByID)
	order    int              // next library-order key
	nslots   int32            // slots of all docs: 1 + sections each

	common map[uint32]bitset // docs of the most frequent terms (see commonFloor)
	// lazyCommon holds, for an index opened from a file, the sets of
	// common still in their file's bytes (see commonOf).
	lazyCommon *lazyCommon

	// mapped is the bulk of the file the index was opened from, and the CRC
	// the file gives it (see openFile); nil for an index built in memory.
	mapped    []byte
	mappedCRC uint32
	broken    atomic.Bool // a query tripped on a bad byte of mapped (see guard)

	texts textCache // texts of recent hits, read from disk (see hitTexts)

	// fileHead is the header of the file the index was opened from or
	// last saved to, while its docs are that file's: with its CRCs it
	// names the file's content (see SaveView). applied counts the updates
	// (Apply), so that a Save knows whether one ran while it wrote.
	fileHead string
	applied  uint64

	// viewed decodes docs' metadata and briefs when needed, for an index
	// opened with its view (OpenViewed): its docs' meta are nil.
	viewed *lazyBriefs

	full FullFunc // reads a brief's text for a snippet, when the brief has none; nil: fullBrief
}

type indexDoc struct {
	id     string // the brief's ID, beside the doc: Filter lists it for every match
	meta   *docMeta
	order  int    // position in library order (kept by an update)
	time   int64  // SortTime, for the recency tie-break
	length uint32 // number of terms in the brief
	slots  int32  // first of its slots in the per-search slot scores (see Search)
}

// NewIndex indexes briefs, using every core. Filter returns IDs in the order of
// briefs here (briefs added later come after).
func NewIndex(bs []*briefs.Brief) *Index {
	ix := &Index{}
	ix.build(withText(bs), nil)
	return ix
}

func (ix *Index) markLive(d int32) {
	doc := &ix.docs[d]
	ix.live.set(int(d))
	ix.nlive++
	ix.totalLen += int64(doc.length)
	ix.ensureByID()
	id := ix.metaOf(d).brief().ID
	if old, ok := ix.byID[id]; ok && old != d {
		ix.kill(old)
	}
	ix.byID[id] = d
}

// ensureByID makes byID, which an index opened from its file leaves to
// the first update: the file's docs are matched to the library by position.
func (ix *Index) ensureByID() {
	if ix.byID != nil {
		return
	}
	ix.byID = make(map[string]int32, ix.nlive)
	ix.live.each(func(d int) { ix.byID[ix.docs[d].id] = int32(d) })
}

// ---- postings

// postingIter walks one term's postings. They are in doc order, slots ascending
// within a doc, each as uvarint(doc delta) uvarint(slot) uvarint(weighted tf);
// the delta counts from doc -1 and is 0 for another slot of the same doc.
type postingIter struct {
	p    []byte
	rest []byte // the term's tail, read once p is done (see Index.tail)
	doc  int32
	slot uint32
	tf   uint32
}

func (it *postingIter) next() bool {
	// Nearly every posting is three one-byte fields.
	if p := it.p; len(p) >= 3 && p[0]|p[1]|p[2] < 0x80 {
		it.doc += int32(p[0])
		it.slot, it.tf = uint32(p[1]), uint32(p[2])
		it.p = p[3:]
		return true
	}
	return it.nextLong()
}

// nextLong is next for a posting with a field of more than one byte.
func (it *postingIter) nextLong() bool {
	if len(it.p) == 0 {
		if len(it.rest) == 0 {
			return false
		}
		it.p, it.rest = it.rest, nil
		return it.next()
	}
	delta, n := uvarint(it.p)
	slot, n2 := uvarint(it.p[n:])
	tf, n3 := uvarint(it.p[n+n2:])
	it.p = it.p[n+n2+n3:]
	it.doc += int32(delta)
	it.slot, it.tf = uint32(slot), uint32(tf)
	return true
}

// uvarint is binary.Uvarint with a fast path for the one-byte case.
func uvarint(p []byte) (uint64, int) {
	if p[0] < 0x80 {
		return uint64(p[0]), 1
	}
	return binary.Uvarint(p)
}

func (ix *Index) iter(g uint32) postingIter {
	it := postingIter{p: ix.post[g], doc: -1}
	if int(g) < len(ix.tail) {
		it.rest = ix.tail[g]
	}
	return it
}

// expand returns the term ids a query term stands for: itself, or with prefix
// every term starting with it.
func (ix *Index) expand(tok string, prefix bool) []uint32 {
	if !prefix {
		if g, ok := ix.dict.get(tok); ok {
			return []uint32{g}
		}
		return nil
	}
	var out []uint32
	lo := sort.Search(len(ix.sorted), func(i int) bool { return ix.dict.terms[ix.sorted[i]] >= tok })
	for i := lo; i < len(ix.sorted) && strings.HasPrefix(ix.dict.terms[ix.sorted[i]], tok); i++ {
		out = append(out, ix.sorted[i])
	}
	n := len(out)
	for _, g := range ix.unsorted {
		if strings.HasPrefix(ix.dict.terms[g], tok) {
			out = append(out, g)
		}
	}
	if len(out) > n {
		// In term order, as a build would list them: scores add up in
		// this order, and floating-point sums depend on it.
		slices.SortFunc(out, func(a, b uint32) int { return strings.Compare(ix.dict.terms[a], ix.dict.terms[b]) })
	}
	return out
}

// slotAllowed reports whether a posting in slot of doc d counts under restrict.
func (ix *Index) slotAllowed(d int32, slot uint32, restrict []*briefs.SectionSelector) bool {
	if restrict == nil {
		return true
	}
	// A dead doc of a loaded index has no brief to restrict by.
	return slot > 0 && ix.live.has(int(d)) && ix.metaOf(d).sectionSelected(int(slot-1), restrict)
}

// ---- evaluation

type evalCtx struct {
	env matchEnv
}

// eval returns the live docs matching n.
func (ix *Index) eval(n *qnode, restrict []*briefs.SectionSelector, c *evalCtx) bitset {
	switch n.kind {
	case qAnd:
		if len(n.restrict) > 0 {
			restrict = append(restrict[:len(restrict):len(restrict)], n.restrict...)
		}
		// Index-backed kids first, then fields checked only on what is left.
		var acc bitset
		for _, k := range n.kids {
			if k.kind == qField {
				continue
			}
			s := ix.eval(k, restrict, c)
			if acc == nil {
				acc = s
			} else {
				acc.and(s)
			}
		}
		if acc == nil {
			acc = slices.Clone(ix.live)
		}
		for _, k := range n.kids {
			if k.kind == qField {
				acc.each(func(d int) {
					if !fieldMatch(k, ix.metaOf(int32(d)), &c.env) {
						acc.clear(d)
					}
				})
			}
		}
		return acc
	case qOr:
		acc := newBitset(len(ix.docs))
		for _, k := range n.kids {
			acc.or(ix.eval(k, restrict, c))
		}
		return acc
	case qNot:
		s := ix.eval(n.kids[0], restrict, c)
		for i := range s {
			s[i] = ix.live[i] &^ s[i]
		}
		return s
	case qText:
		return ix.textBits(n.toks, n.prefix && c.env.prefixLast, restrict)
	}
	acc := slices.Clone(ix.live)
	acc.each(func(d int) {
		if !fieldMatch(n, ix.metaOf(int32(d)), &c.env) {
			acc.clear(d)
		}
	})
	return acc
}

// termBits returns the live docs with a posting of tok in an allowed slot.
func (ix *Index) termBits(tok string, prefix bool, restrict []*briefs.SectionSelector) bitset {
	s := newBitset(len(ix.docs))
	for _, g := range ix.expand(tok, prefix) {
		if b, ok := ix.commonOf(g); ok && restrict == nil {
			s.or(b)
			continue
		}
		it := ix.iter(g)
		for it.next() {
			if ix.slotAllowed(it.doc, it.slot, restrict) {
				s.set(int(it.doc))
			}
		}
	}
	s.and(ix.live)
	return s
}

// textBits evaluates a word or phrase.
func (ix *Index) textBits(toks []string, prefix bool, restrict []*briefs.SectionSelector) bitset {
	if len(toks) == 1 {
		return ix.termBits(toks[0], prefix, restrict)
	}
	return ix.phraseBits(toks, prefix, restrict)
}

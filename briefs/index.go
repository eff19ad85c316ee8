package briefs

import (
	"cmp"
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// The full-text index: our own, small. Postings are delta-encoded varint byte
// strings per term, so the index stays a fraction of the corpus size; each
// posting is (brief, slot, weighted term frequency), where slot 0 is the title
// and metadata and slot i+1 is section i. Beside them, a forward index holds each
// slot's terms in text order (see fwdSegment), read only by phrases: ranking
// never pays for it. Removed briefs are tombstoned and the postings compacted
// when they pile up.

// SearchOptions tune Search, Filter and Query.Match.
type SearchOptions struct {
	// Limit is the most hits Search returns: 0 means DefaultSearchLimit, negative
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

// DefaultSearchLimit is the number of hits Search returns when Limit is 0.
const DefaultSearchLimit = 50

// Hit is one ranked search result.
type Hit struct {
	ID      string
	Score   float64
	Section int      // index into Brief.Sections of the best match, -1 for the title/metadata
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
// concurrently with each other; Add, Remove and Update take a write lock.
type Index struct {
	mu sync.RWMutex

	dict *termTable
	post [][]byte     // per term: postings, see postingIter
	fwd  []fwdSegment // per run of slots: their terms in text order, for phrases
	last []int32      // per term: the last doc with a posting, -1 for none
	df   []int32      // per term: live docs containing it

	sorted   []uint32 // term ids in term order, for prefix lookups
	unsorted []uint32 // terms added since sorted was last built

	docs     []indexDoc
	live     bitset
	nlive    int
	totalLen int64 // terms in live docs, for the average length
	byID     map[string]int32
	order    int   // next library-order key
	nslots   int32 // slots of all docs: 1 + sections each

	common map[uint32]bitset // docs of the most frequent terms (see commonFloor)
}

type indexDoc struct {
	meta   *docMeta
	length uint32 // number of terms in the brief
	order  int    // position in library order (kept by Update)
	time   int64  // SortTime, for the recency tie-break
	slots  int32  // first of its slots in the per-search slot scores (see Search)
}

// NewIndex indexes briefs, using every core. Filter returns IDs in the order of
// briefs here (briefs added later come after).
func NewIndex(briefs []*Brief) *Index {
	ix := &Index{}
	ix.build(briefs, nil)
	return ix
}

func (ix *Index) markLive(d int32) {
	doc := &ix.docs[d]
	ix.live.set(int(d))
	ix.nlive++
	ix.totalLen += int64(doc.length)
	if old, ok := ix.byID[doc.meta.b.ID]; ok && old != d {
		ix.kill(old)
	}
	ix.byID[doc.meta.b.ID] = d
}

// ---- updates

// Add indexes one brief (after the others in library order). A brief with the
// ID of one already indexed replaces it and keeps its place.
func (ix *Index) Add(b *Brief) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	order := ix.order
	if d, ok := ix.byID[b.ID]; ok {
		order = ix.docs[d].order
		ix.kill(d)
	} else {
		ix.order++
	}
	ix.addLocked(b, order)
	ix.maybeCompact()
}

// Remove drops the brief with b's ID from the index; unknown IDs are ignored.
func (ix *Index) Remove(b *Brief) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if d, ok := ix.byID[b.ID]; ok {
		ix.kill(d)
		delete(ix.byID, b.ID)
		ix.maybeCompact()
	}
}

// Update replaces old with next, keeping old's place in library order (the IDs may
// differ, e.g. after a rename). A nil old is Add, a nil next is Remove.
func (ix *Index) Update(old, next *Brief) {
	switch {
	case old == nil && next == nil:
		return
	case old == nil:
		ix.Add(next)
		return
	case next == nil:
		ix.Remove(old)
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	order := -1
	if d, ok := ix.byID[old.ID]; ok {
		order = ix.docs[d].order
		ix.kill(d)
		delete(ix.byID, old.ID)
	}
	if d, ok := ix.byID[next.ID]; ok {
		if order < 0 {
			order = ix.docs[d].order
		}
		ix.kill(d)
	}
	if order < 0 {
		order = ix.order
		ix.order++
	}
	ix.addLocked(next, order)
	ix.maybeCompact()
}

// Len is the number of briefs in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.nlive
}

// kill tombstones doc d: its postings stay but are skipped, and its terms no
// longer count in df.
func (ix *Index) kill(d int32) {
	if !ix.live.has(int(d)) {
		return
	}
	ix.live.clear(int(d))
	ix.nlive--
	ix.totalLen -= int64(ix.docs[d].length)
	seen := make(map[uint32]bool)
	t := getTokenizer()
	defer putTokenizer(t)
	b := ix.docs[d].meta.b
	for slot := 0; slot <= len(b.Sections); slot++ {
		for _, s := range slotTerms(b, slot, t) {
			if g, ok := ix.dict.get(s); ok && !seen[g] {
				seen[g] = true
				ix.df[g]--
			}
		}
	}
}

// maybeCompact rebuilds the index when tombstones outnumber live briefs, so
// postings of removed briefs do not pile up under a long-running watcher.
func (ix *Index) maybeCompact() {
	dead := len(ix.docs) - ix.nlive
	if dead < 64 || dead < ix.nlive {
		return
	}
	type live struct {
		b     *Brief
		order int
	}
	var keep []live
	for d := range ix.docs {
		if ix.live.has(d) {
			keep = append(keep, live{ix.docs[d].meta.b, ix.docs[d].order})
		}
	}
	briefs := make([]*Brief, len(keep))
	orders := make([]int, len(keep))
	for i, k := range keep {
		briefs[i], orders[i] = k.b, k.order
	}
	nx := &Index{}
	nx.build(briefs, orders)
	ix.dict, ix.post, ix.fwd, ix.last, ix.df = nx.dict, nx.post, nx.fwd, nx.last, nx.df
	ix.sorted, ix.unsorted, ix.common = nx.sorted, nx.unsorted, nx.common
	ix.docs, ix.live, ix.nlive, ix.totalLen, ix.byID, ix.nslots = nx.docs, nx.live, nx.nlive, nx.totalLen, nx.byID, nx.nslots
	ix.order = max(ix.order, nx.order)
}

// ---- bitsets

type bitset []uint64

func newBitset(n int) bitset       { return make(bitset, (n+63)/64) }
func (s bitset) set(i int)         { s[i>>6] |= 1 << (uint(i) & 63) }
func (s bitset) clear(i int)       { s[i>>6] &^= 1 << (uint(i) & 63) }
func (s bitset) has(i int) bool    { return s[i>>6]&(1<<(uint(i)&63)) != 0 }
func (s bitset) grow(n int) bitset { return append(s, make(bitset, (n+63)/64-len(s))...) }
func (s bitset) and(o bitset) {
	for i := range s {
		s[i] &= o[i]
	}
}
func (s bitset) or(o bitset) {
	for i := range s {
		s[i] |= o[i]
	}
}
func (s bitset) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// each calls fn for every set bit, in order.
func (s bitset) each(fn func(i int)) {
	for wi, w := range s {
		for w != 0 {
			fn(wi<<6 + bits.TrailingZeros64(w))
			w &= w - 1
		}
	}
}

// ---- postings

// postingIter walks one term's postings. They are in doc order, slots ascending
// within a doc, each as uvarint(doc delta) uvarint(slot) uvarint(weighted tf);
// the delta counts from doc -1 and is 0 for another slot of the same doc.
type postingIter struct {
	p    []byte
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
		return false
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

func (ix *Index) iter(g uint32) postingIter { return postingIter{p: ix.post[g], doc: -1} }

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
	for _, g := range ix.unsorted {
		if strings.HasPrefix(ix.dict.terms[g], tok) {
			out = append(out, g)
		}
	}
	return out
}

// slotAllowed reports whether a posting in slot of doc d counts under restrict.
func (ix *Index) slotAllowed(d int32, slot uint32, restrict []*SectionSelector) bool {
	if restrict == nil {
		return true
	}
	return slot > 0 && ix.docs[d].meta.sectionSelected(int(slot-1), restrict)
}

// ---- evaluation

type evalCtx struct {
	env matchEnv
}

// eval returns the live docs matching n.
func (ix *Index) eval(n *qnode, restrict []*SectionSelector, c *evalCtx) bitset {
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
					if !fieldMatch(k, ix.docs[d].meta, &c.env) {
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
		if !fieldMatch(n, ix.docs[d].meta, &c.env) {
			acc.clear(d)
		}
	})
	return acc
}

// termBits returns the live docs with a posting of tok in an allowed slot.
func (ix *Index) termBits(tok string, prefix bool, restrict []*SectionSelector) bitset {
	s := newBitset(len(ix.docs))
	for _, g := range ix.expand(tok, prefix) {
		if b, ok := ix.common[g]; ok && restrict == nil {
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
func (ix *Index) textBits(toks []string, prefix bool, restrict []*SectionSelector) bitset {
	if len(toks) == 1 {
		return ix.termBits(toks[0], prefix, restrict)
	}
	return ix.phraseBits(toks, prefix, restrict)
}

// ---- search and filter

// Filter returns the IDs of the briefs matching q, in library order. A query
// that needs Marks matches nothing when opts.Marks is nil (see Query.Check).
func (ix *Index) Filter(q *Query, opts SearchOptions) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	set, ok := ix.match(q, opts)
	if !ok {
		return nil
	}
	n := set.count()
	if n == 0 {
		return nil
	}
	docs := make([]int32, 0, n)
	set.each(func(d int) { docs = append(docs, int32(d)) })
	if !slices.IsSortedFunc(docs, ix.byOrder) {
		slices.SortFunc(docs, ix.byOrder)
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = ix.docs[d].meta.b.ID
	}
	return ids
}

func (ix *Index) byOrder(a, b int32) int { return cmp.Compare(ix.docs[a].order, ix.docs[b].order) }

// match evaluates q into a set of live docs.
func (ix *Index) match(q *Query, opts SearchOptions) (bitset, bool) {
	if q.IsEmpty() {
		return slices.Clone(ix.live), true
	}
	if q.Check(opts.Marks) != nil {
		return nil, false
	}
	c := &evalCtx{env: opts.env()}
	return ix.eval(q.root, nil, c), true
}

// searchScratch holds the per-search arrays that Search reuses.
type searchScratch struct {
	doc  []float64
	slot []float32
}

var scratchPool = sync.Pool{New: func() any { return new(searchScratch) }}

func (s *searchScratch) scores(n int) []float64 {
	if cap(s.doc) < n {
		s.doc = make([]float64, n)
	}
	s.doc = s.doc[:n]
	clear(s.doc)
	return s.doc
}

func (s *searchScratch) slotScores(n int) []float32 {
	if cap(s.slot) < n {
		s.slot = make([]float32, n)
	}
	s.slot = s.slot[:n]
	clear(s.slot)
	return s.slot
}

type scored struct {
	doc   int32
	score float64
}

// Search returns the briefs matching q, best first: BM25 over the query's words
// (title matches weigh 4, section-title matches 2, body 1), newer briefs first
// among equal scores, library order last. A query of fields only ranks newest
// first. Each hit carries the section of its best match and a snippet.
func (ix *Index) Search(q *Query, opts SearchOptions) []Hit {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	set, ok := ix.match(q, opts)
	if !ok {
		return nil
	}
	terms := q.positiveTerms(opts.PrefixLast)
	res := make([]scored, 0, set.count())
	set.each(func(d int) { res = append(res, scored{doc: int32(d)}) })
	if len(res) == 0 {
		return nil
	}
	// Term ids to score, with the restriction of the query term they come from.
	type scoreTerm struct {
		g        uint32
		restrict []*SectionSelector
	}
	var sts []scoreTerm
	for _, t := range terms {
		for j, tok := range t.toks {
			for _, g := range ix.expand(tok, t.prefix && j == len(t.toks)-1) {
				sts = append(sts, scoreTerm{g, t.restrict})
			}
		}
	}
	var slotScores []float32
	if len(sts) > 0 {
		// scores per doc, and the weight of the query's terms in each slot of each
		// doc, to pick the section of a hit without a second pass over the
		// postings. Pooled: they are large and every keystroke searches.
		sc := scratchPool.Get().(*searchScratch)
		defer scratchPool.Put(sc)
		scores := sc.scores(len(ix.docs))
		slotScores = sc.slotScores(int(ix.nslots))
		n := float64(max(ix.nlive, 1))
		avg := float64(ix.totalLen) / n
		for _, st := range sts {
			df := float64(max(ix.df[st.g], 0))
			idf := math.Log(1 + (n-df+0.5)/(df+0.5))
			it := ix.iter(st.g)
			cur, tf, inTitle := int32(-1), uint32(0), false
			add := func() {
				if tf > 0 {
					l := float64(ix.docs[cur].length)
					f := float64(tf)
					scores[cur] += idf * f * (bm25K1 + 1) / (f + bm25K1*(1-bm25B+bm25B*l/avg))
					if inTitle {
						scores[cur] += idf * titleBonus
					}
				}
			}
			for it.next() {
				if it.doc != cur {
					add()
					cur, tf, inTitle = it.doc, 0, false
				}
				if set.has(int(it.doc)) && ix.slotAllowed(it.doc, it.slot, st.restrict) {
					tf += it.tf
					// Slot 0 counts a title word weightTitle times, a
					// source or tag word once.
					inTitle = inTitle || it.slot == 0 && it.tf >= weightTitle
					slotScores[ix.docs[it.doc].slots+int32(it.slot)] += float32(idf) * float32(it.tf)
				}
			}
			if cur >= 0 {
				add()
			}
		}
		for i := range res {
			res[i].score = scores[res[i].doc]
		}
	}
	limit := opts.Limit
	if limit == 0 {
		limit = DefaultSearchLimit
	}
	if limit < 0 || limit > len(res) {
		limit = len(res)
	}
	better := func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := cmp.Compare(ix.docs[b.doc].time, ix.docs[a.doc].time); c != 0 {
			return c
		}
		return cmp.Compare(ix.docs[a.doc].order, ix.docs[b.doc].order)
	}
	res = topK(res, limit, better)
	hits := make([]Hit, len(res))
	for i, r := range res {
		b := ix.docs[r.doc].meta.b
		hits[i] = Hit{ID: b.ID, Score: r.score, Section: -1}
	}
	ix.bestSections(res, hits, q, terms, slotScores)
	return hits
}

// topK sorts the best k of res first and returns them.
func topK(res []scored, k int, better func(a, b scored) int) []scored {
	if k < len(res)/4 {
		// Partial selection: keep a sorted window of the best k.
		top := make([]scored, 0, k+1)
		for _, r := range res {
			if len(top) == k && better(r, top[k-1]) >= 0 {
				continue
			}
			i, _ := slices.BinarySearchFunc(top, r, better)
			top = slices.Insert(top, i, r)
			if len(top) > k {
				top = top[:k]
			}
		}
		return top
	}
	slices.SortFunc(res, better)
	return res[:k]
}

// bestSections fills Section, Snippet and Matches of each hit: the section
// where the query's terms weigh most (a body section rather than the title when
// both match, since the list already shows the title), or for a query of fields
// only the first section that a section: field selects.
func (ix *Index) bestSections(res []scored, hits []Hit, q *Query, terms []posTerm, slotScores []float32) {
	slotScore := make([][]float32, len(res))
	for i, r := range res {
		if slotScores != nil {
			d := &ix.docs[r.doc]
			slotScore[i] = slotScores[d.slots : d.slots+int32(len(d.meta.b.Sections))+1]
		}
	}
	var sel []*SectionSelector
	if q.root != nil && len(terms) == 0 {
		walkQuery(q.root, func(n *qnode) {
			if n.kind == qField && n.field == "section" {
				sel = append(sel, &n.sect)
			}
		})
	}
	for i, r := range res {
		m := ix.docs[r.doc].meta
		b := m.b
		best := -1
		for s := 1; s < len(slotScore[i]); s++ {
			if slotScore[i][s] > 0 && (best < 0 || slotScore[i][s] > slotScore[i][best+1]) {
				best = s - 1
			}
		}
		if len(terms) == 0 {
		first:
			for s := range b.Sections {
				for _, one := range sel {
					if m.sectionSelected(s, []*SectionSelector{one}) {
						best = s
						break first
					}
				}
			}
		}
		hits[i].Section = best
		var text string
		if best >= 0 {
			text = plainSnippetText(b.Sections[best].Body)
			if text == "" {
				text = b.Sections[best].Title
			}
		} else {
			text = b.Title
			if len(terms) > 0 && len(highlightRanges(text, terms)) == 0 {
				meta := append([]string{b.Source}, b.Tags...)
				if alt := strings.Join(slices.DeleteFunc(meta, func(s string) bool { return s == "" }), " · "); alt != "" {
					text = alt
				}
			}
		}
		hits[i].Snippet, hits[i].Matches = makeSnippet(text, terms)
	}
}

// makeSnippet cuts at most snippetRunes runes of text around its densest run of
// matches, marking cuts with "…", and returns the match ranges in the snippet.
func makeSnippet(text string, terms []posTerm) (string, [][2]int) {
	ranges := highlightRanges(text, terms)
	if utf8.RuneCountInString(text) <= snippetRunes {
		return text, ranges
	}
	// The match with the most other matches within the next ~100 bytes.
	start := 0
	if len(ranges) > 0 {
		bestI, bestN := 0, 0
		for i := range ranges {
			n := 0
			for j := i; j < len(ranges) && ranges[j][1]-ranges[i][0] <= 100; j++ {
				n++
			}
			if n > bestN {
				bestI, bestN = i, n
			}
		}
		// Some context before the match, starting at a word.
		start = ranges[bestI][0]
		for back := 0; start > 0 && back < 25; back++ {
			_, size := utf8.DecodeLastRuneInString(text[:start])
			start -= size
		}
		if start > 0 {
			if sp := strings.IndexByte(text[start:ranges[bestI][0]], ' '); sp >= 0 {
				start += sp + 1
			}
		}
	}
	budget := snippetRunes
	if start > 0 {
		budget--
	}
	end, n := start, 0
	for end < len(text) && n < budget {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
		n++
	}
	if end < len(text) {
		// Leave room for the trailing "…" and end at a word when one is near.
		_, size := utf8.DecodeLastRuneInString(text[:end])
		end -= size
		if sp := strings.LastIndexByte(text[start:end], ' '); sp > (end-start)/2 {
			end = start + sp
		}
	}
	var sb strings.Builder
	shift := -start
	if start > 0 {
		sb.WriteString("…")
		shift += len("…")
	}
	sb.WriteString(text[start:end])
	if end < len(text) {
		sb.WriteString("…")
	}
	var out [][2]int
	for _, r := range ranges {
		a, b := max(r[0], start), min(r[1], end)
		if a < b {
			out = append(out, [2]int{a + shift, b + shift})
		}
	}
	return sb.String(), out
}

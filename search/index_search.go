package search

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/briefing-dev/briefing/briefs"
)

// Filter returns the IDs of the briefs matching q, in library order. A query
// that needs Marks matches nothing when opts.Marks is nil (see Query.Check).
func (ix *Index) Filter(q *Query, opts SearchOptions) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	defer ix.guard()
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
		ids[i] = ix.docs[d].id
	}
	return ids
}

// FilterPositions is Filter as positions in lib.Briefs(), ascending: the
// briefs of lib that q matches, without a lookup by ID per match when the
// index holds lib's own briefs (as after NewIndex(lib.Briefs()) or Open).
// A match whose brief is not in lib is left out.
func (ix *Index) FilterPositions(q *Query, opts SearchOptions, lib *briefs.Library) []int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	defer ix.guard()
	set, ok := ix.match(q, opts)
	if !ok {
		return nil
	}
	all := lib.Briefs()
	pos := make([]int, 0, set.count())
	set.each(func(d int) {
		doc := &ix.docs[d]
		p := doc.order
		if p >= len(all) || all[p] != ix.metaOf(int32(d)).b {
			// Moved or added since: its place in lib by its ID.
			if p = lib.IndexOf(doc.id); p < 0 {
				return
			}
		}
		pos = append(pos, p)
	})
	if !slices.IsSorted(pos) {
		slices.Sort(pos)
	}
	return pos
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
	defer ix.guard()
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
		restrict []*briefs.SectionSelector
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
		limit = defaultSearchLimit
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
		b := ix.metaOf(r.doc).brief()
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
			slotScore[i] = slotScores[d.slots : d.slots+int32(len(ix.metaOf(r.doc).brief().Sections))+1]
		}
	}
	// A brief listed without its text is read for the hits shown only.
	texts := ix.hitTexts(res)
	var sel []*briefs.SectionSelector
	if q.root != nil && len(terms) == 0 {
		walkQuery(q.root, func(n *qnode) {
			if n.kind == qField && n.field == "section" {
				sel = append(sel, &n.sect)
			}
		})
	}
	for i, r := range res {
		m := ix.metaOf(r.doc)
		b := m.brief()
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
					if m.sectionSelected(s, []*briefs.SectionSelector{one}) {
						best = s
						break first
					}
				}
			}
		}
		hits[i].Section = best
		if t := texts[i]; t != nil {
			b = t
		}
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

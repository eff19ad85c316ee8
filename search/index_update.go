package search

import (
	"github.com/briefing-dev/briefing/briefs"
)

// Apply brings the index from the library that c was computed on to the new
// one (see briefs.Diff), as one update: a search runs before the change or
// after all of it, never on an index part of the way through it. An
// updated brief keeps its place in library order (its ID may change, as in
// a rename); an added one comes after the others, unless a brief with its
// ID is indexed, which it replaces in its place. A removed brief that is
// not indexed is ignored.
func (ix *Index) Apply(c briefs.Change) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	defer ix.guard()
	ix.applied++
	ix.fileHead = "" // its docs are no longer the file's
	ix.makeCommon()
	ix.ensureByID()
	for _, u := range c.Updated {
		ix.update(u[0], u[1])
	}
	for _, b := range c.Removed {
		ix.remove(b)
	}
	for _, b := range c.Added {
		ix.add(b)
	}
	ix.maybeCompact()
}

// add indexes b after the others in library order, or in the place of the
// brief with its ID.
func (ix *Index) add(b *briefs.Brief) {
	order := ix.order
	if d, ok := ix.byID[b.ID]; ok {
		order = ix.docs[d].order
		ix.kill(d)
	} else {
		ix.order++
	}
	ix.indexLib(b, order)
}

// remove drops the brief with b's ID.
func (ix *Index) remove(b *briefs.Brief) {
	if d, ok := ix.byID[b.ID]; ok {
		ix.kill(d)
		delete(ix.byID, b.ID)
	}
}

// update replaces old with next in old's place. A nil old is add, a nil next
// is remove.
func (ix *Index) update(old, next *briefs.Brief) {
	switch {
	case old == nil && next == nil:
		return
	case old == nil:
		ix.add(next)
		return
	case next == nil:
		ix.remove(old)
		return
	}
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
	ix.indexLib(next, order)
}

// indexLib indexes library brief b under order, with its text read when
// it came without (a brief whose text cannot be read is indexed by its
// metadata); the doc keeps b, not the text.
func (ix *Index) indexLib(b *briefs.Brief, order int) {
	fb := b
	if !hasText(b) {
		if t, err := ix.fullFn()(b); err == nil && t != nil && len(t.Sections) == len(b.Sections) {
			fb = t
		}
	}
	ix.indexBrief(fb, order)
	ix.docs[len(ix.docs)-1].meta.b = b
}

// fullFn is the index's reader of a brief's text.
func (ix *Index) fullFn() FullFunc {
	if ix.full == nil {
		return fullBrief
	}
	return ix.full
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
	ix.dropTerms(d)
}

// dropTerms takes doc d's terms out of df.
func (ix *Index) dropTerms(d int32) {
	// Its terms are those of its slots in the forward index: the brief's
	// text may be gone (read from disk only for what is shown) or changed.
	seen := make(map[uint32]bool)
	first := ix.docs[d].slots
	end := ix.nslots
	if int(d)+1 < len(ix.docs) {
		end = ix.docs[d+1].slots
	}
	for slot := first; slot < end; slot++ {
		seg := &ix.fwd[ix.segmentOf(slot)]
		for p := seg.slot(slot); len(p) > 0; {
			v, n := uvarint(p)
			p = p[n:]
			if v == 0 {
				continue
			}
			if g := seg.globalID(uint32(v - 1)); !seen[g] {
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
		b     *briefs.Brief
		order int
	}
	var keep []live
	for d := range ix.docs {
		if ix.live.has(d) {
			keep = append(keep, live{ix.metaOf(int32(d)).brief(), ix.docs[d].order})
		}
	}
	bs := make([]*briefs.Brief, len(keep))
	orders := make([]int, len(keep))
	for i, k := range keep {
		bs[i], orders[i] = k.b, k.order
	}
	nx := &Index{}
	r := &textReader{bs: bs, full: ix.fullFn()}
	nx.buildFrom(bs, r.text, orders)
	ix.dict, ix.post, ix.tail, ix.fwd, ix.last, ix.df = nx.dict, nx.post, nx.tail, nx.fwd, nx.last, nx.df
	ix.sorted, ix.unsorted, ix.common = nx.sorted, nx.unsorted, nx.common
	ix.docs, ix.live, ix.nlive, ix.totalLen, ix.byID, ix.nslots = nx.docs, nx.live, nx.nlive, nx.totalLen, nx.byID, nx.nslots
	ix.order = max(ix.order, nx.order)
	ix.texts.reset() // doc numbers now stand for other briefs
}

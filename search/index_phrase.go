package search

import (
	"bytes"
	"encoding/binary"

	"github.com/briefing-dev/briefing/briefs"
)

// ---- phrases, answered from the forward index
//
// Positions per posting would have to be scattered over every term's storage
// while indexing, the costliest writes of a build; phrases are rare next to
// words, so they read the terms of a slot in text order instead: each slot's
// term ids are one byte string, written sequentially at build time. A phrase
// intersects its terms' postings to the slots holding all of them, then looks
// for its ids' bytes in those slots.

// fwdSegment is the forward index of a run of consecutive slots (all of a run
// of docs): per slot, its terms in text order, each as uvarint(id+1), and a 0
// byte between two fields (title and source, section title and body…), so
// that a phrase never runs from one field into the next. The ids are those of
// the worker that built the segment: local maps the dictionary's ids to them
// (-1: the term is not in the segment); nil means they are the dictionary's.
type fwdSegment struct {
	slot0  int32    // the first slot, counted over all docs (see indexDoc.slots)
	off    []uint32 // per slot of the segment, then one past its last: where its terms start in buf
	buf    []byte
	local  []int32
	global []uint32 // with local: the inverse, the dictionary's id of each of the segment's ids
	mapped bool     // buf is in a mapped index file (see openFile): read-only, never appended to
}

// globalID returns the dictionary's id of the segment's term id l.
func (s *fwdSegment) globalID(l uint32) uint32 {
	if s.local == nil {
		return l
	}
	return s.global[l]
}

// segmentOf returns the index of the segment holding slot (counted over all docs).
func (ix *Index) segmentOf(slot int32) int {
	lo, hi := 0, len(ix.fwd)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if ix.fwd[mid].slot0 <= slot {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// localID returns the segment's id for term g, or -1.
func (s *fwdSegment) localID(g uint32) int64 {
	if s.local == nil {
		return int64(g)
	}
	if int(g) >= len(s.local) {
		return -1 // added to the dictionary after the segment was built
	}
	return int64(s.local[g])
}

// slot returns the terms of slot i (counted over all docs) of the segment.
func (s *fwdSegment) slot(i int32) []byte {
	i -= s.slot0
	return s.buf[s.off[i]:s.off[i+1]]
}

// appendFwd adds the forward index of w, a worker that indexed one doc, in the
// dictionary's ids (gs maps w's ids to them), to the last segment, or to a new
// one when the last is in other ids.
func (ix *Index) appendFwd(w *buildWorker, gs []uint32) {
	if n := len(ix.fwd); n == 0 || ix.fwd[n-1].local != nil || ix.fwd[n-1].mapped {
		ix.fwd = append(ix.fwd, fwdSegment{slot0: ix.nslots, off: []uint32{0}})
	}
	seg := &ix.fwd[len(ix.fwd)-1]
	for i, start := range w.fwdOff {
		end := uint32(len(w.fwd))
		if i+1 < len(w.fwdOff) {
			end = w.fwdOff[i+1]
		}
		for p := w.fwd[start:end]; len(p) > 0; {
			v, n := uvarint(p)
			p = p[n:]
			if v != 0 {
				v = uint64(gs[v-1]) + 1
			}
			seg.buf = binary.AppendUvarint(seg.buf, v)
		}
		seg.off = append(seg.off, uint32(len(seg.buf)))
	}
}

// phraseQuery is a phrase in one segment's ids: the bytes of its whole terms in
// the forward index, and with a prefix the segment's ids of its expansions.
type phraseQuery struct {
	ok  bool   // every whole term is in the segment
	pat []byte // uvarint(id+1) of each whole term
	exp bitset // with a prefix: the expansions' ids; nil without one
}

// phraseIn reports whether text, the terms of a slot, holds the pattern of q
// (starting at a term, not inside one's uvarint), followed with a prefix by one
// of its expansions. The last byte of a uvarint is below 0x80 and the others
// are not, so a match that starts after such a byte (or at 0) starts a term, and
// the pattern, ending in such a byte, ends one.
func (q *phraseQuery) phraseIn(text []byte) bool {
	for i := 0; i < len(text); {
		j := bytes.Index(text[i:], q.pat)
		if j < 0 {
			return false
		}
		j += i
		if j == 0 || text[j-1] < 0x80 {
			if q.exp == nil {
				return true
			}
			if k := j + len(q.pat); k < len(text) {
				if v, _ := uvarint(text[k:]); v != 0 && int(v-1) < len(q.exp)*64 && q.exp.has(int(v-1)) {
					return true
				}
			}
		}
		i = j + 1
	}
	return false
}

// key orders postings by doc, then slot.
func (it *postingIter) key() uint64 { return uint64(it.doc)<<32 | uint64(it.slot) }

// phraseBits returns the live docs where toks (at least two) stand together in
// one field of an allowed slot; with prefix, the last one as a prefix. The
// postings of the whole terms are walked in step; each slot that all of them
// share (and, with a prefix, that the doc has not already matched) is searched
// for the phrase in the forward index.
func (ix *Index) phraseBits(toks []string, prefix bool, restrict []*briefs.SectionSelector) bitset {
	out := newBitset(len(ix.docs))
	fixed := len(toks)
	var exp []uint32
	if prefix {
		fixed--
		if exp = ix.expand(toks[fixed], true); len(exp) == 0 {
			return out
		}
	}
	gs := make([]uint32, fixed)
	its := make([]postingIter, fixed)
	for j := range its {
		g, ok := ix.dict.get(toks[j])
		if !ok {
			return out
		}
		gs[j] = g
		its[j] = ix.iter(g)
		if !its[j].next() {
			return out
		}
	}
	// The phrase in each segment's ids, made when a slot of it first needs it.
	qs := make([]*phraseQuery, len(ix.fwd))
	query := func(k int) *phraseQuery {
		if qs[k] != nil {
			return qs[k]
		}
		seg := &ix.fwd[k]
		q := &phraseQuery{ok: true}
		for _, g := range gs {
			l := seg.localID(g)
			if l < 0 {
				q.ok = false
				break
			}
			q.pat = binary.AppendUvarint(q.pat, uint64(l)+1)
		}
		if q.ok && prefix {
			if seg.local != nil {
				q.exp = newBitset(len(seg.local))
			} else {
				q.exp = newBitset(len(ix.dict.terms))
			}
			for _, g := range exp {
				if l := seg.localID(g); l >= 0 {
					q.exp.set(int(l))
				}
			}
		}
		qs[k] = q
		return q
	}
	k := 0 // the segment of the last slot searched; slots come in ascending order
walk:
	for {
		hi := its[0].key()
		for j := 1; j < fixed; j++ {
			hi = max(hi, its[j].key())
		}
		same := true
		for j := range its {
			for its[j].key() < hi {
				if !its[j].next() {
					break walk
				}
			}
			same = same && its[j].key() == hi
		}
		if !same {
			continue
		}
		d := its[0].doc
		if ix.live.has(int(d)) && !out.has(int(d)) && ix.slotAllowed(d, its[0].slot, restrict) {
			slot := ix.docs[d].slots + int32(its[0].slot)
			for k+1 < len(ix.fwd) && ix.fwd[k+1].slot0 <= slot {
				k++
			}
			if q := query(k); q.ok && q.phraseIn(ix.fwd[k].slot(slot)) {
				out.set(int(d))
			}
		}
		if !its[0].next() {
			break
		}
	}
	return out
}

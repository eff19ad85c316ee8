package briefs

import "slices"

// ---- phrases, answered from positions

// phraseIter walks one term's postings together with their positions. The
// positions stream has, per posting, uvarint(byte length) then the posting's
// positions in its slot as uvarint deltas (the first from 0). A position counts
// the slot's terms from 0, with one left out between two fields (title and
// source, section title and body…), so terms of different fields are never
// adjacent, as slotHasPhrase cuts them.
type phraseIter struct {
	postingIter
	pos []byte // positions from the next posting on
	cur []byte // positions of the current posting
}

func (ix *Index) phraseIter(g uint32) phraseIter {
	return phraseIter{postingIter: ix.iter(g), pos: ix.pos[g]}
}

func (it *phraseIter) next() bool {
	if !it.postingIter.next() {
		return false
	}
	n, k := uvarint(it.pos)
	end := k + int(n)
	it.cur, it.pos = it.pos[k:end], it.pos[end:]
	return true
}

// key orders postings by doc, then slot.
func (it *phraseIter) key() uint64 { return uint64(it.doc)<<32 | uint64(it.slot) }

// positions decodes the current posting's positions into buf.
func (it *phraseIter) positions(buf []uint32) []uint32 {
	buf = buf[:0]
	p := uint32(0)
	for q := it.cur; len(q) > 0; {
		v, n := uvarint(q)
		q = q[n:]
		p += uint32(v)
		buf = append(buf, p)
	}
	return buf
}

// keepFollowed keeps the positions p of starts (ascending) such that p+shift is
// in next (ascending).
func keepFollowed(starts, next []uint32, shift uint32) []uint32 {
	out := starts[:0]
	j := 0
	for _, p := range starts {
		for j < len(next) && next[j] < p+shift {
			j++
		}
		if j < len(next) && next[j] == p+shift {
			out = append(out, p)
		}
	}
	return out
}

// phraseCand is a slot where the terms of a phrase before its prefix term stand
// together, and the position the prefix term must take.
type phraseCand struct {
	key uint64
	pos uint32
}

// phraseBits returns the live docs where toks (at least two) stand together in
// one field of an allowed slot; with prefix, the last one as a prefix. The
// postings of the whole terms are walked in step; where they share a slot their
// positions are intersected. A prefix term then checks the positions of each of
// its expansions at the slots found.
func (ix *Index) phraseBits(toks []string, prefix bool, restrict []*SectionSelector) bitset {
	out := newBitset(len(ix.docs))
	fixed := len(toks)
	var exp []uint32
	if prefix {
		fixed--
		if exp = ix.expand(toks[fixed], true); len(exp) == 0 {
			return out
		}
	}
	its := make([]phraseIter, fixed)
	for j := range its {
		g, ok := ix.dict.get(toks[j])
		if !ok {
			return out
		}
		its[j] = ix.phraseIter(g)
		if !its[j].next() {
			return out
		}
	}
	var cands []phraseCand
	var starts, tmp []uint32
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
			starts = its[0].positions(starts)
			for j := 1; j < fixed && len(starts) > 0; j++ {
				tmp = its[j].positions(tmp)
				starts = keepFollowed(starts, tmp, uint32(j))
			}
			if len(starts) > 0 && !prefix {
				out.set(int(d))
			}
			for _, p := range starts {
				if prefix {
					cands = append(cands, phraseCand{hi, p + uint32(fixed)})
				}
			}
		}
		if !its[0].next() {
			break
		}
	}
	if len(cands) == 0 {
		return out
	}
	for _, g := range exp {
		it := ix.phraseIter(g)
		ci := 0
		for ci < len(cands) && it.next() {
			key := it.key()
			for ci < len(cands) && cands[ci].key < key {
				ci++
			}
			if ci == len(cands) || cands[ci].key != key || out.has(int(it.doc)) {
				continue
			}
			tmp = it.positions(tmp)
			for c := ci; c < len(cands) && cands[c].key == key; c++ {
				if _, found := slices.BinarySearch(tmp, cands[c].pos); found {
					out.set(int(it.doc))
					break
				}
			}
		}
	}
	return out
}

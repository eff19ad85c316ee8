package search

import (
	"encoding/binary"
	"math/bits"
)

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

// hashOf is the hash of term id of t, as find computes it.
func hashOf(t *termTable, id uint32) uint32 {
	if k := t.ents[id].k; k.k0 != 0 {
		return hashKey(k)
	}
	return hashLong([]byte(t.terms[id]))
}

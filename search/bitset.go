package search

import "math/bits"

// bitset is a set of doc numbers, one bit each.
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

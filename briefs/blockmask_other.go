//go:build !amd64 || purego

package briefs

// blockMask returns, for the 64 bytes of s from i, a mask of the bytes that
// belong to words (see wordBytes) and one of the bytes beyond ASCII, bit b
// for byte i+b.
func blockMask(s string, i int) (words, hi uint64) { return blockMaskGo(s, i) }

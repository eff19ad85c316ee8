//go:build !amd64 || purego

package briefs

// blockMask returns, for the 64 bytes of s from i, a mask of the bytes that
// belong to words (see wordBytes) and one of the bytes beyond ASCII, bit b
// for byte i+b; it writes the bytes to low with ASCII letters lower-cased.
func blockMask(s string, i int, low *[64]byte) (words, hi uint64) { return blockMaskGo(s, i, low) }

// bufMask is blockMask of the 64 bytes of b.
func bufMask(b *[64]byte, low *[64]byte) (words, hi uint64) { return bufMaskGo(b, low) }

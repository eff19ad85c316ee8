//go:build amd64 && !purego

package briefs

import "golang.org/x/sys/cpu"

// blockMaskAVX2 is blockMaskGo for the first 64 bytes of s (it must have
// them), in 32-byte vectors (blockmask_amd64.s). The bytes lower-cased are
// those of s between two signed compares. For the masks, a
// byte's class is looked up by each of its nibbles, and it is a word byte
// when the two classes share a bit. Bit 3: the high nibbles 8-f, bytes
// beyond ASCII. Bit 0: high nibble 3 (digits) with a low nibble up to 9.
// Bit 1: high nibbles 4 and 6 with a low nibble from 1 (A-O, a-o). Bit 2:
// high nibbles 5 and 7 with a low nibble up to a (P-Z, p-z).
//
//go:noescape
func blockMaskAVX2(s string, low *[64]byte) (words, hi uint64)

// blockMaskBuf is blockMaskAVX2 of the 64 bytes at b (its arguments are laid
// out as blockMaskAVX2's, which it jumps to).
//
//go:noescape
func blockMaskBuf(b *[64]byte, _ int, low *[64]byte) (words, hi uint64)

var useAVX2 = cpu.X86.HasAVX2

// blockMask returns, for the 64 bytes of s from i, a mask of the bytes that
// belong to words (see wordBytes) and one of the bytes beyond ASCII, bit b
// for byte i+b; it writes the bytes to low with ASCII letters lower-cased.
func blockMask(s string, i int, low *[64]byte) (words, hi uint64) {
	if useAVX2 {
		return blockMaskAVX2(s[i:i+64], low)
	}
	return blockMaskGo(s, i, low)
}

// bufMask is blockMask of the 64 bytes of b.
func bufMask(b *[64]byte, low *[64]byte) (words, hi uint64) {
	if useAVX2 {
		return blockMaskBuf(b, 64, low)
	}
	return bufMaskGo(b, low)
}

//go:build amd64 && !purego

#include "textflag.h"

// The classes of a byte's low and high nibbles (see blockMaskAVX2), loaded
// into both 16-byte lanes: VPSHUFB looks up within each.
DATA lutLo<>+0(SB)/8, $0x0f0f0f0f0f0f0f0d
DATA lutLo<>+8(SB)/8, $0x0a0a0a0a0a0e0f0f
GLOBL lutLo<>(SB), RODATA|NOPTR, $16

DATA lutHi<>+0(SB)/8, $0x0402040201000000
DATA lutHi<>+8(SB)/8, $0x0808080808080808
GLOBL lutHi<>(SB), RODATA|NOPTR, $16

// Bytes broadcast to every lane: the low nibble mask, 'A'-1 and 'Z'+1, and
// the bit that lower-cases a letter.
DATA bytes<>+0(SB)/4, $0x205b400f
GLOBL bytes<>(SB), RODATA|NOPTR, $4

// func blockMaskAVX2(s string, low *[64]byte) (words, hi uint64)
TEXT ·blockMaskAVX2(SB), NOSPLIT, $0-40
	MOVQ s_base+0(FP), SI
	MOVQ low+16(FP), DI
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y1

	// The bytes lower-cased: 'A'-'Z' get 0x20. The compare is signed, so
	// bytes beyond ASCII are below 'A' and stay as they are.
	VPBROADCASTB bytes<>+1(SB), Y10
	VPBROADCASTB bytes<>+2(SB), Y11
	VPBROADCASTB bytes<>+3(SB), Y12
	VPCMPGTB Y10, Y0, Y13
	VPCMPGTB Y0, Y11, Y14
	VPAND    Y13, Y14, Y13
	VPAND    Y12, Y13, Y13
	VPOR     Y13, Y0, Y13
	VMOVDQU  Y13, (DI)
	VPCMPGTB Y10, Y1, Y13
	VPCMPGTB Y1, Y11, Y14
	VPAND    Y13, Y14, Y13
	VPAND    Y12, Y13, Y13
	VPOR     Y13, Y1, Y13
	VMOVDQU  Y13, 32(DI)

	// Bytes beyond ASCII: their top bits.
	VPMOVMSKB Y0, AX
	VPMOVMSKB Y1, BX
	SHLQ $32, BX
	ORQ  BX, AX
	MOVQ AX, hi+32(FP)

	VPBROADCASTB bytes<>+0(SB), Y4
	VBROADCASTI128 lutLo<>(SB), Y2
	VBROADCASTI128 lutHi<>(SB), Y3
	VPXOR   Y7, Y7, Y7

	// Bytes 0-31: a byte is a word byte when the classes of its nibbles
	// share a bit.
	VPAND     Y0, Y4, Y5
	VPSRLW    $4, Y0, Y6
	VPAND     Y6, Y4, Y6
	VPSHUFB   Y5, Y2, Y5
	VPSHUFB   Y6, Y3, Y6
	VPAND     Y5, Y6, Y5
	VPCMPEQB  Y7, Y5, Y5
	VPMOVMSKB Y5, CX

	// Bytes 32-63.
	VPAND     Y1, Y4, Y8
	VPSRLW    $4, Y1, Y9
	VPAND     Y9, Y4, Y9
	VPSHUFB   Y8, Y2, Y8
	VPSHUFB   Y9, Y3, Y9
	VPAND     Y8, Y9, Y8
	VPCMPEQB  Y7, Y8, Y8
	VPMOVMSKB Y8, DX

	SHLQ $32, DX
	ORQ  DX, CX
	NOTQ CX
	MOVQ CX, words+24(FP)
	VZEROUPPER
	RET

// func blockMaskBuf(b *[64]byte, _ int, low *[64]byte) (words, hi uint64)
TEXT ·blockMaskBuf(SB), NOSPLIT, $0-40
	JMP ·blockMaskAVX2(SB)

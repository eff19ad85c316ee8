//go:build amd64 && !purego

#include "textflag.h"
#include "go_asm.h"

// The multipliers of hashKey.
DATA wordsHash<>+0(SB)/8, $0xC2B2AE3D27D4EB4F
DATA wordsHash<>+8(SB)/8, $0x9E3779B97F4A7C15
GLOBL wordsHash<>(SB), RODATA|NOPTR, $16

// func addWordsBMI(w *buildWorker, low *[80]byte, m, hi uint64, weight uint32) (rest uint64)
//
// Registers kept: SI low, DI the mask left, R8 hi, R9 where the next term
// goes in w.fwd, R11 in w.touched, R13 the table's slots, R15 the slot
// mask, R14 its entries. A word: CX its start, then its end; AX its length,
// then its id; BX, DX its key.
TEXT ·addWordsBMI(SB), NOSPLIT, $8-48
	MOVQ w+0(FP), AX
	MOVQ low+8(FP), SI
	MOVQ m+16(FP), DI
	MOVQ hi+24(FP), R8
	MOVQ buildWorker_fwd(AX), R9
	ADDQ buildWorker_fwd+8(AX), R9
	MOVQ buildWorker_nt(AX), BX
	MOVQ buildWorker_touched(AX), R11
	LEAQ (R11)(BX*4), R11
	MOVQ buildWorker_tab(AX), BX
	MOVQ termTable_slots(BX), R13
	MOVQ termTable_slots+8(BX), R15
	DECQ R15 // len(slots) is a power of two
	MOVQ termTable_ents(BX), R14
	MOVQ termTable_ents+8(BX), BX
	MOVQ BX, nents-8(SP)

loop:
	TESTQ  DI, DI
	JZ     done
	TZCNTQ DI, CX        // the word's start
	MOVQ   DI, AX
	NOTQ   AX
	SHRXQ  CX, AX, AX
	TZCNTQ AX, AX        // its length; 64 if it runs on past the block
	CMPQ   AX, $16
	JA     done
	SHRXQ  CX, R8, BX
	BZHIQ  AX, BX, BX    // its bytes beyond ASCII
	JNZ    done

	// The key: the first 8n bits of the 16 bytes at the start (BZHI keeps
	// all 64 of a word for a count of 64 or more).
	MOVQ    (SI)(CX*1), BX
	MOVQ    8(SI)(CX*1), DX
	ADDQ    AX, CX       // the word's end, below 64
	SHLQ    $3, AX
	BZHIQ   AX, BX, BX
	SUBQ    $64, AX
	MOVL    $0, R10      // MOV leaves the flags of SUB
	CMOVQLT R10, AX
	BZHIQ   AX, DX, DX

	// Its hash, as hashKey.
	MOVQ  DX, R10
	IMULQ wordsHash<>+0(SB), R10
	ROLQ  $31, R10
	XORQ  BX, R10
	IMULQ wordsHash<>+8(SB), R10
	SHRQ  $32, R10

	// The home slot and the next: a slot is hash<<32 | id+1, so xor with
	// the hash<<32 leaves id+1 in one that has the hash, and a value of 33
	// bits or more in one that has not. The first that has it is taken,
	// without a branch.
	MOVQ    R10, R12
	ANDQ    R15, R12
	SHLQ    $32, R10
	MOVQ    (R13)(R12*8), AX
	INCQ    R12
	ANDQ    R15, R12
	MOVQ    (R13)(R12*8), R12
	XORQ    R10, AX
	XORQ    R10, R12
	MOVQ    AX, R10
	SHRQ    $32, R10
	CMOVQNE R12, AX
	MOVQ    AX, R10
	SHRQ    $32, R10
	JNZ     done
	DECL    AX           // the id; an empty slot's 0 becomes 1<<32-1
	CMPQ    AX, nents-8(SP)
	JAE     done
	MOVQ    AX, R12
	SHLQ    $5, R12      // termEntry is 32 bytes
	ADDQ    R14, R12
	CMPQ    BX, (R12)
	JNE     done
	CMPQ    DX, 8(R12)
	JNE     done
	LEAL    1(AX), BX    // the id as the forward index has it
	CMPL    BX, $0x200000
	JAE     done

	// The word is added: off the mask.
	MOVQ  $-1, DX
	SHLXQ CX, DX, DX
	ANDQ  DX, DI

	// The slot's terms, and the term's count in the slot.
	MOVL  AX, (R11)
	MOVL  termEntry_st+termState_tf(R12), AX
	XORL  DX, DX
	TESTL AX, AX
	SETEQ DL
	LEAQ  (R11)(DX*4), R11
	ADDL  weight+32(FP), AX
	MOVL  AX, termEntry_st+termState_tf(R12)

	// uvarint(id+1) of up to three bytes (see putFwdID): its 7-bit groups
	// a byte each, and the continuation bits.
	XORL  CX, CX
	CMPL  BX, $0x7f
	SETHI CL
	XORL  R10, R10
	CMPL  BX, $0x3fff
	SETHI R10B
	MOVL  BX, DX
	ANDL  $0x7f, DX
	LEAL  (BX*2), AX
	ANDL  $0x7f00, AX
	ORL   AX, DX
	SHLL  $2, BX
	ANDL  $0x7f0000, BX
	ORL   BX, DX
	MOVL  CX, AX
	SHLL  $7, AX
	ORL   AX, DX
	MOVL  R10, AX
	SHLL  $15, AX
	ORL   AX, DX
	MOVL  DX, (R9)
	LEAQ  1(R9)(CX*1), R9
	ADDQ  R10, R9
	JMP   loop

done:
	// What the worker keeps of the words added (see buildWorker.added).
	MOVQ    DI, rest+40(FP)
	MOVQ    w+0(FP), AX
	SUBQ    buildWorker_fwd(AX), R9
	MOVQ    R9, buildWorker_fwd+8(AX)
	SUBQ    buildWorker_touched(AX), R11
	SHRQ    $2, R11
	MOVQ    R11, buildWorker_nt(AX)
	MOVQ    m+16(FP), BX
	CMPQ    BX, DI
	JEQ     none
	MOVQ    BX, CX // the words added: the word starts gone from the mask
	SHLQ    $1, CX
	ANDNQ   BX, CX, CX
	POPCNTQ CX, CX
	MOVQ    DI, DX
	SHLQ    $1, DX
	ANDNQ   DI, DX, DX
	POPCNTQ DX, DX
	SUBL    DX, CX
	ADDL    CX, buildWorker_length(AX)
	MOVB    $1, buildWorker_lastTerm(AX)

none:
	RET

// func flushPostings(w *buildWorker, touched []uint32, doc int32, slot uint32) (n int)
//
// Registers kept: R8 the posting, R10 touched, R11 doc, R15 slot, R12
// w.buckets, R14 the table's entries. A posting: AX its term's id, then the
// record; BX the term's entry; CX tf; SI delta; DI its bucket, DX what it
// has filled; R9, R13 scratch.
TEXT ·flushPostings(SB), NOSPLIT, $8-48
	MOVQ w+0(FP), AX
	MOVQ buildWorker_buckets(AX), R12
	MOVQ buildWorker_tab(AX), BX
	MOVQ termTable_ents(BX), R14
	MOVQ termTable_ents+8(BX), BX
	MOVQ BX, nents-8(SP)
	MOVQ touched_base+8(FP), R10
	MOVL doc+32(FP), R11
	MOVL slot+36(FP), R15
	XORQ R8, R8

post:
	CMPQ R8, touched_len+16(FP)
	JAE  posted
	MOVL (R10)(R8*4), AX
	CMPQ AX, nents-8(SP)
	JAE  posted
	MOVQ AX, BX
	SHLQ $5, BX          // termEntry is 32 bytes
	ADDQ R14, BX
	MOVL termEntry_st+termState_last(BX), DX
	TESTL DX, DX
	JS   posted          // the term's first posting
	MOVL R11, SI
	SUBL DX, SI          // delta
	CMPL SI, $0x4000
	JAE  posted
	MOVL termEntry_st+termState_tf(BX), CX
	MOVL CX, DX
	ORL  R15, DX
	CMPL DX, $0x80
	JAE  posted
	MOVQ AX, DI
	SHRQ $7, DI          // postBucket
	SHLQ $5, DI          // postBuf is 32 bytes
	ADDQ R12, DI
	MOVQ postBuf_n(DI), DX
	ADDQ $17, DX         // maxRecord
	CMPQ DX, postBuf_cur+8(DI)
	JGT  posted          // a new chunk
	SUBQ $17, DX

	// The posting is flush's common kind: the term's counts.
	MOVL    $0, termEntry_st+termState_tf(BX)
	MOVL    R11, termEntry_st+termState_last(BX)
	XORL    R9, R9
	TESTL   SI, SI
	SETNE   R9B
	ADDL    R9, termEntry_st+termState_df(BX)
	XORL    R13, R13
	CMPL    SI, $0x7f
	SETHI   R13B         // a delta of two bytes
	LEAL    3(R13), R9
	ADDL    R9, termEntry_st+termState_size(BX)

	// Its record, as flush writes it.
	ANDL    $0x7f, AX
	MOVL    SI, R9
	ANDL    $0x7f, R9
	SHLQ    $8, R9
	ORQ     R9, AX
	MOVQ    R13, R9
	SHLQ    $15, R9
	ORQ     R9, AX
	MOVL    SI, R9
	SHRL    $7, R9
	SHLQ    $16, R9
	ORQ     R9, AX
	SHLL    $8, CX
	ORL     R15, CX
	LEAQ    2(R13), R9
	SHLQ    $3, R9
	SHLXQ   R9, CX, CX
	ORQ     CX, AX
	MOVQ    postBuf_cur(DI), R9
	MOVQ    AX, (R9)(DX*1)
	LEAQ    4(DX)(R13*1), DX
	MOVQ    DX, postBuf_n(DI)
	INCQ    R8
	JMP     post

posted:
	MOVQ R8, n+40(FP)
	RET

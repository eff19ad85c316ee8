//go:build amd64 && !purego

package briefs

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// addWordsBMI is addWordsGo in assembly (words_amd64.s), with every value
// its loop keeps in a register: compiled from Go, the loop spills some of
// them, among them the mask that each word's start is cut from, and takes
// about twice the instructions. It writes each term to w.fwd as four bytes,
// of which those past the uvarint are overwritten next.
//
// It reads low[start:start+16] for a word at start, and relies on room in
// w.fwd and w.touched for every word of a block: see addWords.
//
//go:noescape
func addWordsBMI(w *buildWorker, low *[64 + 16]byte, m, hi uint64, weight uint32) (rest uint64)

// flushPostings is flush's loop in assembly (words_amd64.s) for the common
// postings: it writes those of touched from the first until one that flush
// must write itself (a term's first, a field of more than a byte but for a
// delta of up to 14 bits, a new chunk), and returns how many it wrote.
//
//go:noescape
func flushPostings(w *buildWorker, touched []uint32, doc int32, slot uint32) (n int)

// useBMI: the loops use TZCNT, ANDN, SHRX, SHLX, BZHI and POPCNT.
var useBMI = cpu.X86.HasBMI1 && cpu.X86.HasBMI2 && cpu.X86.HasPOPCNT

// What the assembly takes as given, checked when compiling (an array bound
// must not be negative): 32-byte table entries and bucket heads, shifted
// rather than multiplied, and the constants it writes out.
var (
	_ [unsafe.Sizeof(termEntry{}) - 32]struct{}
	_ [32 - unsafe.Sizeof(termEntry{})]struct{}
	_ [unsafe.Sizeof(postBuf{}) - 32]struct{}
	_ [32 - unsafe.Sizeof(postBuf{})]struct{}
	_ [postBucket - 7]struct{}
	_ [7 - postBucket]struct{}
	_ [maxRecord - 17]struct{}
	_ [17 - maxRecord]struct{}
)

// maxBlockWords is the most words a block of 64 bytes has.
const maxBlockWords = 32

// addWords adds the words of m that are the common kind: see addWordsGo.
func (w *buildWorker) addWords(low *[64 + 16]byte, m, hi uint64, weight uint32) uint64 {
	// index reserves room for every word of the field; this is the room
	// the assembly needs, checked.
	if !useBMI || cap(w.fwd)-len(w.fwd) < 4*maxBlockWords || len(w.touched)-w.nt < maxBlockWords {
		return w.addWordsGo(low, m, hi, weight)
	}
	return addWordsBMI(w, low, m, hi, weight)
}

//go:build amd64 && !purego

package briefs

import (
	"math/rand/v2"
	"testing"
)

// The AVX2 masks are the eight-bytes-at-a-time ones, for every byte at every
// place of a block among every kind of neighbour, and for random blocks.
func TestBlockMaskAVX2(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 here")
	}
	check := func(b []byte) {
		t.Helper()
		s := string(b)
		var low, glow [64]byte
		w, h := blockMaskAVX2(s, &low)
		gw, gh := blockMaskGo(s, 0, &glow)
		if w != gw || h != gh {
			t.Fatalf("%q: words %064b hi %064b, want %064b %064b", b, w, h, gw, gh)
		}
		if low != glow {
			t.Fatalf("%q: lower-cased %q, want %q", b, low, glow)
		}
	}
	b := make([]byte, 64)
	for c := range 256 {
		for _, fill := range []byte{' ', 'a', 'Z', '9', '@', '[', '`', '{', '/', ':', 0x7F, 0x80, 0xC3, 0xFF, 0} {
			for i := range b {
				b[i] = fill
			}
			for at := range 64 {
				b[at] = byte(c)
				check(b)
				b[at] = fill
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		check(b)
	}
	// At an offset into a longer string, as the build calls it.
	long := string(make([]byte, 200)) + "Word, 東京 and MÜLLER's café." + string(make([]byte, 100))
	for i := 0; i+64 <= len(long); i++ {
		var low, glow [64]byte
		w, h := blockMask(long, i, &low)
		gw, gh := blockMaskGo(long, i, &glow)
		if w != gw || h != gh || low != glow {
			t.Fatalf("offset %d: %064b %064b, want %064b %064b", i, w, h, gw, gh)
		}
	}
	// And the last bytes of a field, fewer than 64, through blockMaskBuf.
	for i := len(long) - 63; i < len(long); i++ {
		var low, glow [64]byte
		w, h := tailMask(long, i, &low)
		var buf [64]byte
		copy(buf[:], long[i:])
		gw, gh := bufMaskGo(&buf, &glow)
		if w != gw || h != gh || low != glow {
			t.Fatalf("tail from %d: %064b %064b, want %064b %064b", i, w, h, gw, gh)
		}
	}
}

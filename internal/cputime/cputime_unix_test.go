//go:build unix

package cputime

import (
	"hash/fnv"
	"testing"
)

// TestProcessGrowsWithWork spins on a hash: the CPU time after must exceed
// the CPU time before, and both be positive (a test binary has used CPU
// before it runs a test).
func TestProcessGrowsWithWork(t *testing.T) {
	c0 := Process()
	h := fnv.New64a()
	buf := make([]byte, 4096)
	for i := range 20000 {
		buf[0] = byte(i)
		h.Write(buf)
	}
	c1 := Process()
	if c0 <= 0 || c1 <= c0 {
		t.Errorf("CPU time %v before 80 MB of hashing, %v after (sum %x); want 0 < before < after", c0, c1, h.Sum64())
	}
}

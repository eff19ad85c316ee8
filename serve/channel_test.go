package serve

import (
	"testing"
	"time"
)

// A burst of window changes reaches the session as a token at once and
// one per resizeGap after, not one per change, and the last token comes
// with the burst's last size.
func TestWindowBoxPacesBursts(t *testing.T) {
	t.Parallel()
	b := newWindowBox()
	start := time.Now()
	const puts = 1000
	for i := range puts {
		b.put(60+i%100, 24)
	}
	elapsed := time.Since(start)
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	tokens := 0
	for {
		select {
		case <-b.changed:
			tokens++
		case <-deadline.C:
			t.Fatalf("the burst's last token never came; %d tokens", tokens)
		}
		b.mu.Lock()
		pending := b.deferred || len(b.changed) > 0
		b.mu.Unlock()
		if !pending {
			break
		}
	}
	if w, h, _ := b.latest(); w != 60+(puts-1)%100 || h != 24 {
		t.Fatalf("latest %dx%d after the burst", w, h)
	}
	if most := 2 + int(elapsed/resizeGap); tokens > most {
		t.Fatalf("%d tokens for %d changes in %s, want at most %d", tokens, puts, elapsed, most)
	}
}

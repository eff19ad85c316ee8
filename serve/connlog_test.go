package serve

import (
	"testing"
	"time"
)

// Each event gets logBurst lines, then one per logEvery; the line let
// through after a pause says how many were held back, and the total counts
// every one.
func TestLogLimit(t *testing.T) {
	t.Parallel()
	l := newLogLimit()
	now := time.Unix(1000, 0)
	l.now = func() time.Time { return now }
	for i := range logBurst {
		if ok, held := l.allow("size_clamped"); !ok || held != 0 {
			t.Fatalf("line %d: allowed %v, held %d", i, ok, held)
		}
	}
	for range 7 {
		if ok, _ := l.allow("size_clamped"); ok {
			t.Fatal("a line past the burst was let through")
		}
	}
	if ok, _ := l.allow("session_start"); !ok {
		t.Fatal("another event was held back")
	}
	now = now.Add(logEvery / 2)
	if ok, _ := l.allow("size_clamped"); ok {
		t.Fatal("let through before logEvery passed")
	}
	now = now.Add(logEvery / 2)
	if ok, held := l.allow("size_clamped"); !ok || held != 8 {
		t.Fatalf("after logEvery: allowed %v, held %d; want true, 8", ok, held)
	}
	if n := l.suppressed(); n != 8 {
		t.Fatalf("suppressed %d in all, want 8", n)
	}
}

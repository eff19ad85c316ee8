package model

import (
	"strings"
	"testing"
	"time"
)

// A status message stays statusTTL on the session's clock, then clears
// itself; the tick of an older message does not clear a newer one.
func TestStatusClearsAfterItsTime(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(2), Theme: "notty"}, 80, 24)
	h.key("enter", "ctrl+p")
	if !strings.Contains(h.view(), "first brief") {
		t.Fatalf("no status at the first brief:\n%s", h.view())
	}
	h.advance(statusTTL / 2)
	h.key("ctrl+p") // the same words again, half way through
	h.advance(statusTTL/2 + time.Millisecond)
	if !strings.Contains(h.view(), "first brief") {
		t.Fatalf("the first message's tick cleared the second:\n%s", h.view())
	}
	h.advance(statusTTL/2 - 2*time.Millisecond)
	if !strings.Contains(h.view(), "first brief") {
		t.Fatalf("cleared before its time:\n%s", h.view())
	}
	h.advance(time.Millisecond)
	if strings.Contains(h.view(), "first brief") {
		t.Fatalf("not cleared after %s:\n%s", statusTTL, h.view())
	}
	if n := h.clock.scheduled(); n != 0 {
		t.Fatalf("%d ticks still scheduled", n)
	}
}

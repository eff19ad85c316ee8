package model

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A room offered again after a decline is shown again, even when the
// server's state without an offer between them never reached the session
// (the server sends the latest state, not every change); the declined
// offer itself stays hidden, however often its state comes.
func TestRoomOfferAgainAfterDecline(t *testing.T) {
	t.Parallel()
	h := roomHarness(t, 80, 24)
	offer := func(seq, num uint64) RoomMsg {
		msg := followMsg(seq, RoomPosition{Top: -1, Pointer: -1})
		msg.Offer, msg.OfferSeq = "ana", num
		return msg
	}
	shown := func() bool { return strings.Contains(ansi.Strip(h.view()), "ana hands you the room") }

	h.send(offer(1, 1))
	if !shown() {
		t.Fatalf("the offer is not shown:\n%s", ansi.Strip(h.view()))
	}
	h.key("n")
	if shown() {
		t.Fatal("a declined offer is still shown")
	}
	h.send(offer(2, 1)) // the state from before the decline came through
	if shown() {
		t.Fatal("the declined offer came back")
	}
	h.send(offer(3, 2)) // offered again
	if !shown() {
		t.Fatalf("an offer made again after a decline is not shown:\n%s", ansi.Strip(h.view()))
	}
}

package model

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/charmbracelet/x/ansi"
)

// serverless is the Rooms of a session whose server has rooms but answers
// nothing: it turns the room keys on. These tests drive the model with the
// RoomMsg a server sends; what the server does with a session's actions
// is tested over SSH in serve (room_test.go).
type serverless struct{}

var errServerless = errors.New("no server in this test")

func (serverless) List() []RoomInfo          { return nil }
func (serverless) Open() error               { return errServerless }
func (serverless) Join(string) error         { return errServerless }
func (serverless) Leave()                    {}
func (serverless) Act(RoomAction) error      { return errServerless }
func (serverless) Members() []RoomMember     { return nil }
func (serverless) Questions() []RoomQuestion { return nil }

// roomHarness is a session of a server with rooms, at w x h.
func roomHarness(t *testing.T, w, h int) *harness {
	return newHarness(t, Options{Library: fxLibrary(3), Theme: "notty", Rooms: serverless{}}, w, h)
}

// firstOfSection is the index of the first paragraph of section sec in
// the open brief's render.
func firstOfSection(t *testing.T, m Model, sec int) int {
	t.Helper()
	for i, p := range m.Reader().Rendered().Paragraphs {
		if p.Section == sec {
			return i
		}
	}
	t.Fatalf("no paragraph in section %d", sec)
	return -1
}

// followMsg is the room live, this session following ana at pos.
func followMsg(seq uint64, pos RoomPosition) RoomMsg {
	return RoomMsg{Room: "standup", State: RoomLive, Role: RoleFollower, Presenter: "ana", Pos: pos, Seq: seq}
}

// spotOf is the follower's place: the top paragraph and the pointer.
func spotOf(m Model) (top, pointer int) {
	_, top, _, _ = m.Reader().RoomSpot()
	return top, m.Reader().Pointer()
}

func TestRoomFollowBreakAwayRejoin(t *testing.T) {
	t.Parallel()
	h := roomHarness(t, 80, 24)
	b := h.m.Library().Briefs()[1]
	h.send(followMsg(1, RoomPosition{BriefID: b.ID, Hash: b.Hash, Section: 0, Top: 0, Pointer: -1}))
	if h.m.OpenBrief() != b || !h.m.Following() {
		t.Fatalf("joining did not open the presenter's brief: %v, following %v", h.m.OpenBrief(), h.m.Following())
	}
	p2 := firstOfSection(t, h.m, 2)
	h.send(followMsg(2, RoomPosition{BriefID: b.ID, Hash: b.Hash, Section: 2, Top: p2, Pointer: p2 + 1}))
	if top, ptr := spotOf(h.m); top != p2 || ptr != p2+1 {
		t.Fatalf("following: top %d pointer %d, want %d and %d", top, ptr, p2, p2+1)
	}
	// The first paragraph of a section comes with its heading, as the
	// presenter who jumped there sees it.
	if y, want := h.m.Reader().YOffset(), h.m.Reader().Rendered().SectionStarts[2]; y != want {
		t.Fatalf("following the first paragraph of a section: top line %d, want its heading at %d", y, want)
	}
	if !strings.Contains(h.m.RoomStatus(), "● following ana") {
		t.Fatalf("status %q", h.m.RoomStatus())
	}
	screen := ansi.Strip(h.view())
	if !strings.Contains(strings.Split(screen, "\n")[0], "following ana") {
		t.Fatalf("the room's line is not on top:\n%s", screen)
	}
	requireFits(t, h.view(), 80, 24)

	h.key("j") // navigation: breaks away
	if h.m.Following() || !strings.Contains(h.m.RoomStatus(), "on your own — F to follow") {
		t.Fatalf("j did not break away: %q", h.m.RoomStatus())
	}
	y := h.m.Reader().YOffset()
	p3 := firstOfSection(t, h.m, 3)
	h.send(followMsg(3, RoomPosition{BriefID: b.ID, Hash: b.Hash, Section: 3, Top: p3, Pointer: -1}))
	if h.m.Reader().YOffset() != y {
		t.Fatal("a follower on their own was moved")
	}
	h.key("F")
	if top, _ := spotOf(h.m); top != p3 || !h.m.Following() {
		t.Fatalf("F: top %d following %v, want %d", top, h.m.Following(), p3)
	}

	// An older message (sent before, arriving after) changes nothing.
	h.send(followMsg(2, RoomPosition{BriefID: b.ID, Hash: b.Hash, Section: 2, Top: p2, Pointer: -1}))
	if top, _ := spotOf(h.m); top != p3 {
		t.Fatal("an older position was shown")
	}
}

// Keys that annotate never break away; while a note is written the view
// holds under "presenter moved" and catches up when the editor closes;
// the note stays on the paragraph it was taken on.
func TestRoomHoldsWhileAnnotating(t *testing.T) {
	t.Parallel()
	h := roomHarness(t, 80, 30)
	b := h.m.Library().Briefs()[0]
	h.send(followMsg(1, RoomPosition{BriefID: b.ID, Hash: b.Hash, Top: 0, Pointer: -1}))
	p1 := firstOfSection(t, h.m, 1)
	h.send(followMsg(2, RoomPosition{BriefID: b.ID, Hash: b.Hash, Section: 1, Top: p1, Pointer: -1}))
	h.key("v")
	if !h.m.Following() {
		t.Fatal("v broke away")
	}
	h.key("a")
	if open, _ := h.m.EditorOpen(); !open {
		t.Fatal("a did not open the editor")
	}
	from, _, _ := h.m.Reader().Selection()
	p3 := firstOfSection(t, h.m, 3)
	y := h.m.Reader().YOffset()
	h.send(followMsg(3, RoomPosition{BriefID: b.ID, Hash: b.Hash, Section: 3, Top: p3, Pointer: -1}))
	if h.m.Reader().YOffset() != y || !strings.Contains(h.m.RoomStatus(), "presenter moved") {
		t.Fatalf("the view moved under the editor, or no word of it: %q", h.m.RoomStatus())
	}
	h.key("x", "y")
	h.send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	if open, _ := h.m.EditorOpen(); open {
		t.Fatal("ctrl+s did not close the editor")
	}
	ns := h.m.BriefNotes()
	para := h.m.Reader().Rendered().Paragraphs[from]
	src := b.Sections[para.Section].Body[para.Start:para.End]
	if len(ns) != 1 || ns[0].Quote == "" || !strings.Contains(src, strings.TrimSpace(ns[0].Quote)) {
		t.Fatalf("the note is not on the paragraph it was taken on (%q): %+v", src, ns)
	}
	h.key("esc") // leaves select mode: free again
	if top, _ := spotOf(h.m); top != p3 || !h.m.Following() {
		t.Fatalf("did not catch up: top %d, want %d (status %q)", top, p3, h.m.RoomStatus())
	}
}

// A presenter away: the line counts the time on the session's clock; the
// presenter's pull brings back who broke away; a copy that differs is said,
// not shown at a wrong place.
func TestRoomPausedPullAndDiffering(t *testing.T) {
	t.Parallel()
	h := roomHarness(t, 80, 24)
	b := h.m.Library().Briefs()[0]
	pos := RoomPosition{BriefID: b.ID, Hash: b.Hash, Top: 0, Pointer: -1}
	h.send(followMsg(1, pos))
	paused := followMsg(2, pos)
	paused.State, paused.AwaySince = RoomPaused, h.clock.Now()
	h.send(paused)
	h.advance(42 * time.Second)
	if s := h.m.RoomStatus(); !strings.Contains(s, "presenter away 0:42") {
		t.Fatalf("status %q", s)
	}
	h.key("3") // browsing while paused: on their own
	if h.m.Following() {
		t.Fatal("3 did not break away")
	}
	live := followMsg(3, pos)
	h.send(live)
	if h.m.Following() {
		t.Fatal("resuming brought back someone who broke away")
	}
	live.Seq, live.PullSeq = 4, 1
	h.send(live)
	if top, _ := spotOf(h.m); !h.m.Following() || top != 0 {
		t.Fatalf("the pull did not bring them back: following %v top %d", h.m.Following(), top)
	}

	p2 := firstOfSection(t, h.m, 2)
	other := followMsg(5, RoomPosition{BriefID: b.ID, Hash: "another copy", Section: 2, Top: p2, Pointer: -1})
	h.send(other)
	if top, _ := spotOf(h.m); top != 0 || !strings.Contains(h.m.RoomStatus(), "presenter's copy differs") {
		t.Fatalf("a differing copy: top %d, status %q", top, h.m.RoomStatus())
	}
	ended := followMsg(6, pos)
	ended.State, ended.Role = RoomEnded, RoleNone
	h.send(ended)
	if h.m.Following() || h.m.RoomStatus() != "" {
		t.Fatalf("after the end: following %v, status %q", h.m.Following(), h.m.RoomStatus())
	}
}

// A presenter's report follows their reader, paragraph by paragraph, and a
// resize (a re-render at another width) keeps their top paragraph.
func TestRoomPresenterReport(t *testing.T) {
	t.Parallel()
	h := roomHarness(t, 90, 24)
	h.send(RoomMsg{Room: "standup", State: RoomLive, Role: RolePresenter, Presenter: "ana", Seq: 1})
	if rep := h.m.RoomReport(); !rep.Presenting || rep.Pos.BriefID != "" {
		t.Fatalf("report on the library: %+v", rep)
	}
	h.key("enter", "3", "v", "j")
	rep := h.m.RoomReport()
	p2 := firstOfSection(t, h.m, 2)
	if rep.Pos.Section != 2 || rep.Pos.Top != p2 || rep.Pos.Pointer != p2+1 {
		t.Fatalf("report %+v, want section 2, top %d, pointer %d", rep.Pos, p2, p2+1)
	}
	h.key("esc")
	h.send(tea.WindowSizeMsg{Width: 60, Height: 24})
	h.advance(time.Second)
	if got := h.m.Reader().Rendered().Width; got != 60 {
		t.Fatalf("rendered at %d", got)
	}
	if rep := h.m.RoomReport(); rep.Pos.Top != p2 {
		t.Fatalf("after a resize the top paragraph is %d, was %d", rep.Pos.Top, p2)
	}
}

// A local reader has no rooms: the keys do nothing and are in no help.
func TestNoRoomsLocally(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(3), Theme: "notty"}, 80, 24)
	h.key("L", "P", "W")
	if h.m.RoomStatus() != "" || strings.Contains(ansi.Strip(h.view()), "Live rooms") {
		t.Fatal("room keys did something in a local reader")
	}
	h.key("?")
	if strings.Contains(ansi.Strip(h.view()), "who's here") {
		t.Fatal("the help lists room keys")
	}
}

// roomBrief writes a brief of four sections of eight paragraphs ("s3p1:"
// names the first of the third), long enough to be rendered in parts, and
// loads it; edited changes the first paragraph of the third section.
func roomBrief(t *testing.T, dir string, edited bool) *briefs.Library {
	t.Helper()
	var b strings.Builder
	b.WriteString("---\ntitle: Room brief\ndate: 2026-03-09\n---\n\n")
	for s, head := range []string{"", "Why it matters", "What to know", "What happens next"} {
		if head != "" {
			fmt.Fprintf(&b, "## %s\n\n", head)
		}
		for p := 1; p <= 8; p++ {
			e := ""
			if edited && s == 2 && p == 1 {
				e = "edited, "
			}
			fmt.Fprintf(&b, "Marker s%dp%d: %sthe council met again and the argument went on, with engineers, "+
				"fishers and the harbour board each reading the same report differently.\n\n", s+1, p, e)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "room.md"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return briefs.Load([]string{dir}, briefs.LoadOptions{})
}

// A presenter's brief edited on disk is rendered again, in parts; the
// presenter stays on their paragraph, and tells the room so, even while
// the part holding it has not come.
func TestRoomPresenterKeepsParagraphThroughReload(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := newHarness(t, Options{Library: roomBrief(t, dir, false), Theme: "notty", Rooms: serverless{}}, 100, 30)
	h.send(RoomMsg{Room: "standup", State: RoomLive, Role: RolePresenter, Presenter: "ana", Seq: 1})
	h.key("enter", "3")
	before := h.m.RoomReport().Pos
	if before.Top != 16 || before.Section != 2 {
		t.Fatalf("3 put the presenter at %+v", before)
	}
	h.send(LibraryChangedMsg{Library: roomBrief(t, dir, true)})
	after := h.m.RoomReport().Pos
	if after.Top != before.Top || after.Hash == before.Hash || h.m.Reader().Rendered().Partial {
		t.Fatalf("after the reload the presenter is at %+v, was %+v", after, before)
	}
	if _, top, _, _ := h.m.Reader().RoomSpot(); top != before.Top {
		t.Fatalf("the presenter's own view is at paragraph %d", top)
	}
}

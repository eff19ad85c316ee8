package serve

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/model"
	gossh "golang.org/x/crypto/ssh"
)

// roomSections and roomParas shape the briefs of the room tests: long
// enough that each section jump shows other paragraphs, every paragraph
// named by a marker ("s3p1:") a test can wait for.
const (
	roomSections = 4
	roomParas    = 8
)

// writeRoomBrief writes brief i into dir; edit, when set, changes its text.
func writeRoomBrief(t *testing.T, dir string, i int, edit func(string) string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Room brief %d\ndate: 2026-03-%02d\n---\n\n", i, 10-i)
	heads := []string{"", "Why it matters", "What to know", "What happens next"}
	for s := 1; s <= roomSections; s++ {
		if heads[s-1] != "" {
			fmt.Fprintf(&b, "## %s\n\n", heads[s-1])
		}
		for p := 1; p <= roomParas; p++ {
			fmt.Fprintf(&b, "Marker s%dp%d: the council met again and the argument went on, with engineers, "+
				"fishers and the harbour board each reading the same report differently.\n\n", s, p)
		}
	}
	text := b.String()
	if edit != nil {
		text = edit(text)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("room-%d.md", i)), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// roomLibrary writes two long briefs into a folder and loads it.
func roomLibrary(t *testing.T) (*briefs.Library, string) {
	t.Helper()
	dir := t.TempDir()
	for i := 1; i <= 2; i++ {
		writeRoomBrief(t, dir, i, nil)
	}
	lib := briefs.Load([]string{dir}, briefs.LoadOptions{})
	if lib.Len() != 2 {
		t.Fatalf("room library has %d briefs", lib.Len())
	}
	return lib, dir
}

// roomRig is a server with rooms: ana and bob may present (the presenters
// file names them), cat and dan may only connect; "standup" is declared.
type roomRig struct {
	*testServer
	t     *testing.T
	keys  map[string]gossh.Signer
	clock *fakeClock // nil: the wall clock
	dir   string     // the library's folder
}

var roomPeople = []string{"ana", "bob", "cat", "dan"}

// startRooms starts the rig; fake puts the server and its sessions on a
// test clock.
func startRooms(t *testing.T, fake bool, edit func(*Config)) *roomRig {
	return startRoomsIn(t, fake, func(c *Config, _ string) {
		if edit != nil {
			edit(c)
		}
	}, nil)
}

// startRoomsIn is startRooms with edit given the library's folder, and
// hook called on the server before it serves.
func startRoomsIn(t *testing.T, fake bool, edit func(*Config, string), hook func(*Server)) *roomRig {
	t.Helper()
	rg := &roomRig{t: t, keys: map[string]gossh.Signer{}}
	var signers []gossh.Signer
	for _, n := range roomPeople {
		rg.keys[n] = newKey(t)
		signers = append(signers, rg.keys[n])
	}
	pdir := t.TempDir()
	var lines []string
	for _, n := range []string{"ana", "bob"} {
		lines = append(lines, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(rg.keys[n].PublicKey())))+" "+n)
	}
	presenters := filepath.Join(pdir, "presenters")
	if err := os.WriteFile(presenters, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	lib, dir := roomLibrary(t)
	rg.dir = dir
	if fake {
		rg.clock = newFakeClock(t)
	}
	rg.testServer = startServerHooked(t, signers, func(c *Config) {
		c.Library, c.Presenters, c.Rooms = lib, presenters, []string{"standup"}
		edit(c, dir)
	}, func(s *Server) {
		if fake {
			s.testHooks.clock, s.testHooks.modelClock = rg.clock, rg.clock
		}
		if hook != nil {
			hook(s)
		}
	})
	return rg
}

// connect opens a w x h terminal for person as SSH user user.
func (rg *roomRig) connect(person, user string, w, h int) *term {
	rg.t.Helper()
	cfg := clientConfig(gossh.PublicKeys(rg.keys[person]))
	cfg.User = user
	return openTerm(rg.t, dial(rg.t, rg.addr, cfg), w, h)
}

// nameOf is how the room names a person who is not a presenter: the
// comment of their authorized_keys line.
func nameOf(person string) string {
	for i, n := range roomPeople {
		if n == person {
			return fmt.Sprintf("user%d@test", i)
		}
	}
	return person
}

// present connects ana as standup@ and opens the room.
func (rg *roomRig) present(w, h int) *term {
	rg.t.Helper()
	ana := rg.connect("ana", "standup", w, h)
	ana.waitFor("P opens it")
	ana.send("P")
	ana.waitFor("● presenting standup")
	return ana
}

// openRoomBrief opens the first brief and waits for its render.
func (tm *term) openRoomBrief() {
	tm.t.Helper()
	m := tm.mark()
	tm.send("\r")
	tm.waitAfter(m, marker(1, 1))
}

// marker is the marker of paragraph p of section s.
func marker(s, p int) string { return fmt.Sprintf("s%dp%d:", s, p) }

// The core of a room: a follower waiting before it opens joins when it
// does; followers at other sizes see the presenter's paragraph; a late
// joiner starts at the current place; a navigation key breaks away and F
// rejoins; the presenter's paragraph cursor is drawn in their margin.
func TestRoomFollowBreakAwayRejoin(t *testing.T) {
	t.Parallel()
	rg := startRooms(t, false, nil)
	cat := rg.connect("cat", "standup", 80, 24)
	cat.waitFor("the room standup has not started")
	ana := rg.present(100, 30)
	cat.waitFor("following ana")

	m := cat.mark()
	ana.openRoomBrief() // the first brief of the library
	cat.waitAfter(m, marker(1, 1))
	m = cat.mark()
	ana.send("3")
	cat.waitAfter(m, marker(3, 1))

	dan := rg.connect("dan", "standup", 120, 40) // late: starts where the room is
	dan.waitFor("following ana")
	dan.waitFor(marker(3, 1))

	m = cat.mark()
	cat.send("1") // navigates: breaks away
	cat.waitAfter(m, "on your own — F to follow")
	m2 := dan.mark()
	ana.send("4")
	dan.waitAfter(m2, marker(4, 1))
	m = cat.mark()
	cat.send("F")
	cat.waitAfter(m, "following ana")
	cat.waitAfter(m, marker(4, 1))

	m = cat.mark()
	cat.send("2") // away again; the presenter brings everyone back
	cat.waitAfter(m, "on your own — F to follow")
	m = cat.mark()
	ana.send("@")
	cat.waitAfter(m, "the presenter brought everyone back")
	cat.waitAfter(m, marker(4, 1))

	m = cat.mark()
	ana.send("v", "j") // the paragraph cursor, one paragraph down: pointed at
	cat.waitAfter(m, "▍")

	// The presenter leaves first: the room pauses, and the state that says
	// so carries their last place, j's move among it. Once a follower says
	// the presenter is away, it has shown that place (the mark after v
	// alone cannot tell whether j's move has come).
	m, m2 = cat.mark(), dan.mark()
	ana.send("\x03")
	_ = ana.wait()
	anaFinal := rg.waitFinal(t, 1)
	cat.waitAfter(m, "presenter away")
	dan.waitAfter(m2, "presenter away")
	cat.send("\x03")
	_ = cat.wait()
	catFinal := rg.waitFinal(t, 2)
	dan.send("\x03")
	_ = dan.wait()
	danFinal := rg.waitFinal(t, 3)

	_, at, ptr, _ := anaFinal.Reader().RoomSpot()
	for name, f := range map[string]model.Model{"cat": catFinal, "dan": danFinal} {
		sec, top, _, ok := f.Reader().RoomSpot()
		// A taller screen cannot scroll the last section to its top: the
		// end of the brief is on screen instead.
		placed := top == at || (f.Reader().AtBottom() && top < at)
		if !ok || sec != 3 || !placed || f.Reader().Pointer() != ptr {
			t.Errorf("%s ended at section %d, top paragraph %d, pointer %d; the presenter at top %d, pointer %d",
				name, sec, top, f.Reader().Pointer(), at, ptr)
		}
	}
	if ptr < 0 {
		t.Error("the presenter's cursor was not shared")
	}
}

// A presenter who drops out pauses the room; the same key coming back
// within the grace time resumes it and the followers who did not break
// away follow again; past the grace time the room ends and everyone is
// told. The server's clock is the test's: nothing waits for real time.
func TestRoomPresenterGrace(t *testing.T) {
	t.Parallel()
	rg := startRooms(t, true, func(c *Config) { c.PresenterGrace = 5 * time.Minute })
	ana := rg.present(100, 30)
	cat := rg.connect("cat", "standup", 80, 24)
	cat.waitFor("following ana")
	m := cat.mark()
	ana.openRoomBrief()
	cat.waitAfter(m, marker(1, 1))

	m = cat.mark()
	_ = ana.client.Close()
	cat.waitAfter(m, "presenter away 0:00")
	m = cat.mark()
	rg.clock.advance(42 * time.Second)
	cat.waitAfter(m, "presenter away 0:42")

	m = cat.mark()
	ana = rg.connect("ana", "standup", 90, 30) // the same key, within the grace time
	ana.waitFor("● presenting standup")
	cat.waitAfter(m, "following ana")
	ana.openRoomBrief()
	ana.send("3")
	cat.waitAfter(m, marker(3, 1))

	m = cat.mark()
	_ = ana.client.Close()
	cat.waitAfter(m, "presenter away")
	rg.clock.advance(5*time.Minute + time.Second)
	cat.waitAfter(m, "the room standup has ended")
	// The follower reads on: the session was not touched.
	m = cat.mark()
	cat.send("1")
	cat.waitAfter(m, marker(1, 1))
	if strings.Contains(cat.out.String()[m:], "following") {
		t.Error("an ended room still says following")
	}
}

// Handing over: the presenter offers the room to another presenter in it,
// who accepts with y; the old presenter follows the new one. Someone whose
// key may not present is refused P, whatever the state of the room.
func TestRoomHandoverAndWhoMayPresent(t *testing.T) {
	t.Parallel()
	rg := startRooms(t, false, nil)
	ana := rg.present(100, 30)
	bob := rg.connect("bob", "standup", 80, 24)
	cat := rg.connect("cat", "standup", 80, 24)
	bob.waitFor("following ana")
	cat.waitFor("following ana")

	m := cat.mark()
	cat.send("P")
	cat.waitAfter(m, "only presenters' keys open rooms")
	m = bob.mark()
	bob.send("P") // may present, but ana drives the room
	bob.waitAfter(m, "ana presents this room")

	m = ana.mark()
	ana.send("W")
	ana.waitAfter(m, "bob")
	ana.waitAfter(m, nameOf("cat"))
	m = ana.mark()
	ana.send("\x1b") // esc closes
	ana.waitAfter(m, "● presenting standup")
	ana.send("P")
	ana.waitAfter(m, "Hand over standup")
	ana.waitAfter(m, "End the room for everyone")
	ana.send("\r") // the first row: bob, the only other presenter
	bob.waitAfter(0, "ana hands you the room")
	mb := bob.mark()
	bob.send("n") // declined: ana is told, and still presents
	ana.waitAfter(m, "bob declined the room; you still present")
	// Bob's screen without the offer must be drawn before the next one:
	// closed and offered again within one frame, it would not change, and
	// nothing would be written for the wait below.
	bob.waitAfter(mb, "you declined the room")
	mb = bob.mark()
	m = ana.mark()
	ana.send("P")
	ana.waitAfter(m, "Hand over standup")
	ana.waitAfter(m, "End the room for everyone") // the rows have come: enter chooses bob
	ana.send("\r")
	bob.waitAfter(mb, "ana hands you the room")
	bob.send("y")
	bob.waitAfter(0, "● presenting standup")
	ana.waitAfter(m, "following bob")
	cat.waitFor("following bob")

	m = ana.mark()
	bob.openRoomBrief()
	bob.send("2")
	ana.waitAfter(m, marker(2, 1))
}

// Questions: a follower asks, cleaned of every control sequence (nothing
// of a hostile paste reaches any terminal), at most three a minute; the
// presenter sees a counter, opens the queue, goes to the asker's paragraph
// and marks it answered. An anonymous follower may not ask.
func TestRoomQuestions(t *testing.T) {
	t.Parallel()
	rg := startRooms(t, true, func(c *Config) { c.AllowAnonymous = true })
	ana := rg.present(100, 30)
	cat := rg.connect("cat", "standup", 80, 24)
	cat.waitFor("following ana")
	ana.openRoomBrief()
	cat.waitFor(marker(1, 1))
	m := cat.mark()
	cat.send("3") // on their own, in section 3: the question is asked from there
	cat.waitAfter(m, marker(3, 1))

	hostile := "\x1b]52;c;cHduZWQ=\x07why \x1b[2Jthe\x9b31m toll?\x1b]0;owned\x07"
	m = cat.mark()
	cat.send("Q", "\x1b[200~"+hostile+"\x1b[201~", "\r")
	cat.waitAfter(m, "question sent to the presenter")
	ana.waitFor("1 question — Q")
	cat.send("!")
	ana.waitFor("✋ 1 · 1 question — Q")
	m = ana.mark()
	ana.send("Q")
	ana.waitAfter(m, nameOf("cat")+": why the31m toll?")
	for _, tm := range []*term{ana, cat} {
		if out := tm.out.String(); strings.Contains(out, "\x1b]52") || strings.Contains(out, "\x1b]0;owned") {
			t.Fatal("a control sequence of the question reached a terminal")
		}
	}
	m = ana.mark()
	ana.send("\r") // to the asker's paragraph
	ana.waitAfter(m, marker(3, 1))

	for i := 2; i <= 3; i++ {
		cat.send("Q", fmt.Sprintf("q%d", i), "\r")
		ana.waitFor(fmt.Sprintf("%d questions — Q", i))
	}
	m = cat.mark()
	cat.send("Q", "q4", "\r")
	cat.waitAfter(m, "at most 3 questions a minute")
	rg.clock.advance(time.Minute)
	cat.send("Q", "q5", "\r")
	ana.waitFor("✋ 1 · 4 questions — Q")
	m = ana.mark()
	ana.send("W")
	ana.waitAfter(m, "◌ "+nameOf("cat")+" (on their own) ✋")
	m = ana.mark()
	ana.send("\x1b")
	ana.waitAfter(m, "● presenting standup")

	m = ana.mark()
	ana.send("Q")
	ana.waitAfter(m, nameOf("cat")+": q5")
	ana.send("x") // the first marked answered
	ana.waitAfter(m, "✓")
	m = ana.mark()
	ana.send("\x1b")
	ana.waitAfter(m, "3 questions — Q")

	ki := gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })
	cfg := clientConfig(ki)
	cfg.User = "standup"
	anon := openTerm(t, dial(t, rg.addr, cfg), 80, 24)
	anon.waitFor("following ana")
	m = anon.mark()
	anon.send("Q")
	anon.waitAfter(m, "anonymous readers may follow but not ask")
	m = anon.mark()
	anon.send("!")
	anon.waitAfter(m, "read-only")
}

// The rooms menu lists the live rooms for someone whose user name names
// none; enter joins. A follower whose connection drops comes back into the
// room at its current place. A presenter's session that panics pauses the
// room and takes no follower's session with it.
func TestRoomListRejoinAndPresenterPanic(t *testing.T) {
	t.Parallel()
	rg := startRooms(t, false, nil)
	rg.testHooks.size = func(w, h int) {
		if w == 77 {
			panic("test panic on a 77-column window")
		}
	}
	ana := rg.present(100, 30)
	ana.openRoomBrief()
	ana.send("2")
	dan := rg.connect("dan", "dan", 80, 24) // a login name: no room
	dan.waitFor("Briefing")
	m := dan.mark()
	dan.send("L")
	dan.waitAfter(m, "standup — ana presenting, 0 followers")
	dan.send("\r")
	dan.waitAfter(m, "following ana")
	dan.waitAfter(m, marker(2, 1))

	// ana's rooms menu counts dan out once his seat is given back (which
	// comes after his session's end): then his key finds the room again.
	m = ana.mark()
	ana.send("L")
	ana.waitAfter(m, "standup — ana presenting, 1 follower")
	_ = dan.client.Close()
	rg.waitFinal(t, 1)
	ana.waitAfter(m, "standup — ana presenting, 0 followers")
	m = ana.mark()
	ana.send("\x1b") // esc closes; the next key waits, or the two read as alt+3
	ana.waitAfter(m, "● presenting standup")
	m2 := ana.mark()
	ana.send("3")
	ana.waitAfter(m2, marker(3, 1))
	dan = rg.connect("dan", "dan", 80, 24) // back: in the room, at its place
	dan.waitFor("following ana")
	dan.waitFor(marker(3, 1))

	// The mark comes before the panic: the room may pause, and dan say
	// so, before the presenter's session has ended for the test.
	m = dan.mark()
	if _, err := ana.sess.SendRequest("window-change", false, gossh.Marshal(windowChange{Cols: 77, Rows: 30})); err != nil {
		t.Fatal(err)
	}
	var exit *gossh.ExitError
	if err := ana.wait(); !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("the presenter's panicking session ended with %v", err)
	}
	dan.waitAfter(m, "presenter away")
	dan.send("1")
	dan.waitAfter(m, marker(1, 1))
	dan.send("\x03")
	if err := dan.wait(); err != nil {
		t.Fatalf("the follower's session ended with %v", err)
	}
}

// A question is cleaned on the server too, whatever its client sent:
// control characters and sequences go, lines join, and it is cut at 280
// characters.
func TestCleanQuestion(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"why?", "why?"},
		{"  two\nlines\r\n ", "two lines"},
		{"\x1b]52;c;cHduZWQ=\x07ok", "]52;c;cHduZWQ=ok"},
		{"bell\x07 \x1b[2Jclear \u009b31m c1 \u202eevil", "bell [2Jclear 31m c1 evil"},
		{"bad \xff utf8", "bad utf8"},
		{strings.Repeat("é", 300), strings.Repeat("é", 280)},
	} {
		got := cleanQuestion(c.in)
		if got != c.want {
			t.Errorf("cleanQuestion(%q) = %q, want %q", c.in, got, c.want)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
				t.Errorf("cleanQuestion(%q) kept %U", c.in, r)
			}
		}
	}
}

// A brief edited on disk mid-briefing is shown to the presenter and the
// followers re-rendered, at the same paragraph.
func TestRoomSurvivesReload(t *testing.T) {
	t.Parallel()
	watching := make(chan struct{})
	var (
		mu      sync.Mutex
		last    model.RoomReport // the presenter's
		reports changes
	)
	rg := startRoomsIn(t, false, func(c *Config, dir string) { c.Paths = []string{dir} },
		func(s *Server) {
			s.testHooks.watching = func() { close(watching) }
			s.testHooks.roomReport = func(_ string, rep model.RoomReport) {
				if rep.Presenting {
					mu.Lock()
					last = rep
					mu.Unlock()
					reports.notify()
				}
			}
		})
	<-watching
	presented := func(ok func(model.RoomPosition) bool) model.RoomPosition {
		t.Helper()
		var pos model.RoomPosition
		waitUntil(t, &reports, func() bool {
			mu.Lock()
			defer mu.Unlock()
			pos = last.Pos
			return ok(pos)
		}, func() string { return fmt.Sprintf("the presenter's last report: %+v", pos) })
		return pos
	}
	ana := rg.present(100, 30)
	cat := rg.connect("cat", "standup", 80, 24)
	cat.waitFor("following ana")
	ana.openRoomBrief()
	ana.send("3")
	cat.waitFor(marker(3, 1))
	// The jump lands on the section's first paragraph once the part of the
	// render that holds it has come; reports before that are on the way.
	before := presented(func(p model.RoomPosition) bool { return p.Section == 2 && p.Top == 2*roomParas })

	m, ma := cat.mark(), ana.mark()
	writeRoomBrief(t, rg.dir, 1, func(s string) string {
		return strings.Replace(s, "Marker s3p1: the council", "Marker s3p1: edited, the council", 1)
	})
	ana.waitAfter(ma, "s3p1: edited")
	cat.waitAfter(m, "s3p1: edited")
	// Likewise the new render comes in parts: the presenter's paragraph is
	// held until the part that holds it has come.
	after := presented(func(p model.RoomPosition) bool { return p.Hash != before.Hash && p.Top == before.Top })
	waitUntil(t, &reports, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return !last.Held && last.Pos.Hash == after.Hash
	}, func() string { return "the presenter's paragraph is still held for the new render" })

	cat.send("\x03")
	_ = cat.wait()
	catFinal := rg.waitFinal(t, 1)
	ana.send("\x03")
	_ = ana.wait()
	anaFinal := rg.waitFinal(t, 2)
	_, at, _, _ := anaFinal.Reader().RoomSpot()
	_, top, _, _ := catFinal.Reader().RoomSpot()
	if after.Top != before.Top || at != before.Top || top != at || catFinal.OpenBrief().Hash != anaFinal.OpenBrief().Hash {
		t.Fatalf("before the reload the presenter was at paragraph %d; after it they said %d, ended at %d, the follower at %d",
			before.Top, after.Top, at, top)
	}
}

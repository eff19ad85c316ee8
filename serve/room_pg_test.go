package serve

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/pgdb/pgtest"
	"github.com/briefing-dev/briefing/model"
	"github.com/jackc/pgx/v5"
	gossh "golang.org/x/crypto/ssh"
)

// startRoomPair starts two servers, a and b, that share their rooms
// through one PostgreSQL schema, with the same keys, presenters and
// library (as two servers behind one load balancer). fake puts both and
// their sessions on one test clock. hook is called on each server before
// it serves.
func startRoomPair(t *testing.T, fake bool, hook func(name string, s *Server)) (a, b *roomRig) {
	t.Helper()
	url, _ := pgtest.Schema(t)
	keys := map[string]gossh.Signer{}
	var signers []gossh.Signer
	for _, n := range roomPeople {
		keys[n] = newKey(t)
		signers = append(signers, keys[n])
	}
	var lines []string
	for _, n := range []string{"ana", "bob"} {
		lines = append(lines, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(keys[n].PublicKey())))+" "+n)
	}
	presenters := filepath.Join(t.TempDir(), "presenters")
	if err := os.WriteFile(presenters, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	lib, dir := roomLibrary(t)
	var clock *fakeClock
	if fake {
		clock = newFakeClock(t)
	}
	start := func(name string) *roomRig {
		ts := startServerHooked(t, signers, func(c *Config) {
			c.Library, c.Presenters, c.Rooms, c.RoomsDB = lib, presenters, []string{"standup"}, url
		}, func(s *Server) {
			if fake {
				s.testHooks.clock, s.testHooks.modelClock = clock, clock
			}
			if hook != nil {
				hook(name, s)
			}
		})
		return &roomRig{testServer: ts, t: t, keys: keys, clock: clock, dir: dir}
	}
	return start("a"), start("b")
}

// presentOn connects ana to rg as standup@ and opens the room.
func presentOn(rg *roomRig) *term {
	rg.t.Helper()
	return rg.present(100, 30)
}

// A presenter on server a, followers on both servers: the followers on b
// are told the room opened and follow each move, as those on a do; a
// question asked on b reaches the presenter; the rooms menu of b lists
// the room presented on a; a follower dropped from a comes back through b. The presenter leaves and comes back through b:
// the room pauses and resumes on both.
func TestRoomAcrossServers(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		gone = map[string]bool{} // keys whose leaving server a wrote
		left changes
	)
	a, b := startRoomPair(t, false, func(name string, s *Server) {
		if name == "a" {
			s.rooms.test.left = func(key, _ string) {
				mu.Lock()
				gone[key] = true
				mu.Unlock()
				left.notify()
			}
		}
	})
	cat := b.connect("cat", "standup", 80, 24) // waits on b before the room opens on a
	cat.waitFor("the room standup has not started")
	ana := presentOn(a)
	cat.waitFor("following ana")
	dan := a.connect("dan", "standup", 90, 24)
	dan.waitFor("following ana")

	ana.waitFor("2 following") // one on each server

	m, md := cat.mark(), dan.mark()
	ana.openRoomBrief()
	cat.waitAfter(m, marker(1, 1))
	dan.waitAfter(md, marker(1, 1))
	for _, sec := range []int{3, 2, 4} {
		m, md = cat.mark(), dan.mark()
		ana.send(fmt.Sprint(sec))
		cat.waitAfter(m, marker(sec, 1))
		dan.waitAfter(md, marker(sec, 1))
	}

	// A question asked on b reaches the presenter on a, cleaned.
	m = cat.mark()
	cat.send("Q", "\x1b[200~why \x1b]0;owned\x07the toll?\x1b[201~", "\r")
	cat.waitAfter(m, "question sent to the presenter")
	ana.waitFor("1 question — Q")
	ma := ana.mark()
	ana.send("Q")
	ana.waitAfter(ma, nameOf("cat")+": why the toll?")
	if strings.Contains(ana.out.String(), "owned") {
		t.Fatal("a control sequence of the question reached the presenter's terminal")
	}
	ana.send("x") // answered
	ana.waitAfter(ma, "✓")
	mc := ana.mark()
	ana.send("\x1b") // esc, alone: the next key waits for the overlay to close
	ana.waitAfter(mc, "● presenting standup")

	// A hand raised on b shows on a; who's here lists both servers.
	ma = ana.mark()
	cat.send("!")
	ana.waitAfter(ma, "✋ 1")
	ana.send("W")
	ana.waitAfter(ma, nameOf("cat"))
	ana.waitAfter(ma, nameOf("dan"))
	mc = ana.mark()
	ana.send("\x1b") // esc, alone: the next key waits for the overlay to close
	ana.waitAfter(mc, "● presenting standup")

	bob := b.connect("bob", "bob", 80, 24) // a login name: no room; the menu lists a's
	bob.waitFor("Briefing")
	m = bob.mark()
	bob.send("L")
	bob.waitAfter(m, "standup — ana presenting, 2 followers")

	// A follower's connection to a drops; they come back through b under
	// their login name, into the room at its place.
	_ = dan.client.Close()
	a.waitFinal(t, 1)
	// Another server finds the room dan left once a has written it: a
	// reconnection faster than that (a few ms) starts at the library.
	danKey := gossh.FingerprintSHA256(a.keys["dan"].PublicKey())
	waitUntil(t, &left, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return gone[danKey]
	}, func() string { return "a never wrote that dan left the room" })
	m = ana.mark()
	ana.send("3")
	ana.waitAfter(m, marker(3, 1))
	dan = b.connect("dan", "dan", 90, 24)
	dan.waitFor("following ana")
	dan.waitFor(marker(3, 1))

	// The presenter leaves: the room pauses on both servers.
	m, md = cat.mark(), dan.mark()
	_ = ana.client.Close()
	cat.waitAfter(m, "presenter away")
	dan.waitAfter(md, "presenter away")

	// The presenter comes back through the other server: the room resumes
	// on both, and moves flow from b to a.
	m, md = cat.mark(), dan.mark()
	ana = b.connect("ana", "standup", 100, 30)
	ana.waitFor("● presenting standup")
	cat.waitAfter(m, "following ana")
	dan.waitAfter(md, "following ana")
	ana.openRoomBrief()
	m, md = cat.mark(), dan.mark()
	ana.send("3")
	cat.waitAfter(m, marker(3, 1))
	dan.waitAfter(md, marker(3, 1))
}

// Two presenters on two servers open one room at the same moment, for
// many rooms: each time exactly one gets it, and the other is told who
// presents.
func TestRoomClaimRace(t *testing.T) {
	t.Parallel()
	hubs := sharedHubs(t, nil)
	var commit string
	if err := hubs[0].share.(*pgRooms).pool.QueryRow(context.Background(), `SHOW synchronous_commit`).Scan(&commit); err != nil || commit != "off" {
		t.Errorf("the rooms' connections commit with synchronous_commit %q (%v), want off", commit, err)
	}
	people := []Person{
		{ID: 1, Key: "SHA256:ana", Name: "ana", CanPresent: true},
		{ID: 1, Key: "SHA256:bob", Name: "bob", CanPresent: true}, // same session number, other server
	}
	const rooms = 25
	for i := range rooms {
		name := fmt.Sprintf("race-%d", i)
		var wins atomic.Int32
		errs := make([]error, 2)
		var ready, done sync.WaitGroup
		gate := make(chan struct{})
		for j := range hubs {
			ready.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				ready.Done()
				<-gate
				if _, err := hubs[j].Open(name, people[j], func() {}); err != nil {
					errs[j] = err
					return
				}
				wins.Add(1)
			}()
		}
		ready.Wait()
		close(gate)
		done.Wait()
		if wins.Load() != 1 {
			t.Fatalf("room %s: %d presenters won (errors %v)", name, wins.Load(), errs)
		}
		for j, err := range errs {
			if err != nil && !strings.Contains(err.Error(), people[1-j].Name+" presents this room") {
				t.Errorf("room %s: the loser was told %q", name, err)
			}
		}
	}
}

// sharedHubs starts two hubs, as on two servers, that share their rooms
// through one PostgreSQL schema; hook is called on each hub's share
// before it starts.
func sharedHubs(t *testing.T, hook func(i int, p *pgRooms)) []*localHub {
	t.Helper()
	url, _ := pgtest.Schema(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	hubs := make([]*localHub, 2)
	for i := range hubs {
		h := newLocalHub(wallClock{}, DefaultPresenterGrace, nil, log)
		p, err := openPGRooms(context.Background(), url, h, log)
		if err != nil {
			t.Fatal(err)
		}
		h.share = p
		if hook != nil {
			hook(i, p)
		}
		p.start()
		t.Cleanup(p.close)
		hubs[i] = h
	}
	return hubs
}

// writeSeatsOf writes the seats that h has of the room name (none when it
// has no copy), as its writer does, and returns the room's version then.
func writeSeatsOf(t *testing.T, h *localHub, name string) int64 {
	t.Helper()
	p := h.share.(*pgRooms)
	var seats []sharedSeat
	if r := p.local(name); r != nil {
		r.mu.Lock()
		seats = r.seats
		r.mu.Unlock()
	}
	p.writeMu.Lock()
	p.writeSeats(name, seats)
	p.writeMu.Unlock()
	var v int64
	if err := p.pool.QueryRow(context.Background(), `SELECT version FROM briefing_rooms WHERE name = $1`, name).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// holderOf is the server and seat that the database names as the
// presenter of the room name.
func holderOf(t *testing.T, h *localHub, name string) (string, uint64) {
	t.Helper()
	var server string
	var seat int64
	if err := h.share.(*pgRooms).pool.QueryRow(context.Background(),
		`SELECT holder_server, holder_seat FROM briefing_rooms WHERE name = $1 AND state = 1`, name).Scan(&server, &seat); err != nil {
		t.Fatal(err)
	}
	return server, uint64(seat)
}

// A claim that won in the database, whose answer comes after the
// notification of a later write (the other server counting its seats once
// told of the claim): the presenter is seated all the same, as the
// database says. The interleaving is forced: the later write is made and
// its notification delivered between the claim's commit and its answer.
func TestRoomClaimAnsweredAfterLaterVersion(t *testing.T) {
	t.Parallel()
	var hubs []*localHub
	var later atomic.Int64
	hubs = sharedHubs(t, func(i int, p *pgRooms) {
		if i == 0 {
			p.test.claimed = func(name string, v int64) {
				w := writeSeatsOf(t, hubs[1], name)
				later.Store(w)
				p.notified(name + ":" + strconv.FormatInt(w, 10))
			}
		}
	})
	ana := Person{ID: 1, Key: "SHA256:ana", Name: "ana", CanPresent: true}
	st, err := hubs[0].Open("echo", ana, func() {})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if r := hubs[0].share.(*pgRooms).local("echo"); r == nil || func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.version < later.Load()
	}() {
		t.Fatal("the later version was not applied before the claim's answer: the test proves nothing")
	}
	if got := st.State(); got.Role != model.RolePresenter || got.State != model.RoomLive {
		t.Fatalf("ana's seat is %v in a room %v, want presenting a live room", got.Role, got.State)
	}
	server, seat := holderOf(t, hubs[0], "echo")
	if server != hubs[0].share.(*pgRooms).server || seat != ana.ID {
		t.Fatalf("the database names %s:%d as the presenter, want ana's seat", server, seat)
	}
	// bob, on the other server, is told that ana presents.
	if _, err := hubs[1].Open("echo", Person{ID: 1, Key: "SHA256:bob", Name: "bob", CanPresent: true}, func() {}); err == nil ||
		!strings.Contains(err.Error(), "ana presents this room") {
		t.Fatalf("bob's Open said %v", err)
	}
}

// A handover across servers that won in the database, whose answer comes
// after the notification of a later write (the old presenter's server
// counting its seats): the new presenter is seated, as the database says.
func TestRoomAcceptAnsweredAfterLaterVersion(t *testing.T) {
	t.Parallel()
	var hubs []*localHub
	var later atomic.Int64
	hubs = sharedHubs(t, func(i int, p *pgRooms) {
		if i == 1 {
			p.test.accepted = func(name string, v int64) {
				w := writeSeatsOf(t, hubs[0], name)
				later.Store(w)
				p.notified(name + ":" + strconv.FormatInt(w, 10))
			}
		}
	})
	ana := Person{ID: 1, Key: "SHA256:ana", Name: "ana", CanPresent: true}
	bob := Person{ID: 2, Key: "SHA256:bob", Name: "bob", CanPresent: true}
	sa, err := hubs[0].Open("hand", ana, func() {})
	if err != nil {
		t.Fatal(err)
	}
	var told changes
	sb, err := hubs[1].Join("hand", bob, told.notify)
	if err != nil {
		t.Fatal(err)
	}
	pb := hubs[1].share.(*pgRooms)
	writeSeatsOf(t, hubs[1], "hand") // as b's writer does, now: the offer looks bob up
	if err := hubs[0].Act(sa, model.RoomAction{Kind: model.ActOffer, To: elsewherePrefix + pb.server + ":2"}); err != nil {
		t.Fatalf("offer: %v", err)
	}
	waitUntil(t, &told, func() bool { return sb.State().Offer == "ana" }, func() string { return "bob was never offered the room" })
	if err := hubs[1].Act(sb, model.RoomAction{Kind: model.ActAccept}); err != nil {
		t.Fatalf("accept: %v", err)
	}
	r := pb.local("hand")
	r.mu.Lock()
	v := r.version
	r.mu.Unlock()
	if v < later.Load() {
		t.Fatal("the later version was not applied before the accept's answer: the test proves nothing")
	}
	if got := sb.State(); got.Role != model.RolePresenter {
		t.Fatalf("bob's seat is %v, want presenting", got.Role)
	}
	server, seat := holderOf(t, hubs[1], "hand")
	if server != pb.server || seat != bob.ID {
		t.Fatalf("the database names %s:%d as the presenter, want bob's seat", server, seat)
	}
}

// pgRooms of a test server.
func roomsOf(t *testing.T, rg *roomRig) *pgRooms {
	t.Helper()
	if rg.rooms == nil {
		t.Fatal("the server shares no rooms")
	}
	return rg.rooms
}

// The listener of server b loses its connection (its backend is
// terminated); a move made while it is away is missed as a notification,
// yet the follower on b catches up once it is back.
func TestRoomListenerReconnects(t *testing.T) {
	t.Parallel()
	var (
		listened changes
		down     = make(chan struct{})
		release  = make(chan struct{})
		once     sync.Once
		wrote    changes
	)
	a, b := startRoomPair(t, false, func(name string, s *Server) {
		if name == "a" {
			s.rooms.test.wrote = func(string, int64) { wrote.notify() }
			return
		}
		s.rooms.test.listening = func(uint32) { listened.notify() }
		s.rooms.test.connect = func(attempt int) {
			if attempt > 1 {
				once.Do(func() { close(down) })
				<-release
			}
		}
	})
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release)
		}
	})
	rb := roomsOf(t, b)
	waitUntil(t, &listened, func() bool { return rb.listenPID.Load() != 0 }, func() string { return "b never listened" })

	ana := presentOn(a)
	cat := b.connect("cat", "standup", 80, 24)
	cat.waitFor("following ana")
	m := cat.mark()
	ana.openRoomBrief()
	cat.waitAfter(m, marker(1, 1))

	pgtest.Exec(t, `SELECT pg_terminate_backend($1)`, int32(rb.listenPID.Load()))
	<-down // b's listener is trying again, and waits for the test
	ra := roomsOf(t, a)
	m = cat.mark()
	ana.send("3")
	section := func() int {
		var sec int
		_ = ra.pool.QueryRow(context.Background(), `SELECT section FROM briefing_rooms WHERE name = 'standup'`).Scan(&sec)
		return sec
	}
	waitUntil(t, &wrote, func() bool { return section() == 2 }, func() string { return "the move was never written" })
	if strings.Contains(flat(cat.out.String()[m:]), flat(marker(3, 1))) {
		t.Fatal("the follower saw the move while its server was not listening: the test proves nothing")
	}
	close(release)
	cat.waitAfter(m, marker(3, 1))
	m = cat.mark()
	ana.send("2") // and notifications flow again
	cat.waitAfter(m, marker(2, 1))
}

// The presenter's server stops renewing its lease (as when it dies or
// loses the database): once the lease has run out the room pauses on
// both servers, and past the presenter grace it ends on both. Time is the
// test's clock.
func TestRoomLeaseExpires(t *testing.T) {
	t.Parallel()
	a, b := startRoomPair(t, true, nil)
	ra := roomsOf(t, a)
	ana := presentOn(a)
	cat := b.connect("cat", "standup", 80, 24)
	dan := a.connect("dan", "standup", 80, 24)
	cat.waitFor("following ana")
	dan.waitFor("following ana")

	ra.test.noRenew.Store(true)
	m, md := cat.mark(), dan.mark()
	a.clock.advance(RoomLease + RoomHeartbeat/2) // both heartbeats come due once
	cat.waitAfter(m, "presenter away")
	dan.waitAfter(md, "presenter away")
	var state int16
	if err := ra.pool.QueryRow(context.Background(), `SELECT state FROM briefing_rooms WHERE name = 'standup'`).Scan(&state); err != nil {
		t.Fatal(err)
	}
	if model.RoomState(state) != model.RoomPaused {
		t.Fatalf("the room's row is in state %d, want paused", state)
	}

	m, md = cat.mark(), dan.mark()
	a.clock.advance(DefaultPresenterGrace + RoomHeartbeat)
	cat.waitAfter(m, "the room standup has ended")
	dan.waitAfter(md, "the room standup has ended")
	_ = ana
}

// Handing over between servers: the presenter on a offers the room to a
// presenter following on b, who takes it; the old presenter and a
// follower on a then follow the new one. The new presenter offers it back
// and is told it was declined.
func TestRoomHandoverAcrossServers(t *testing.T) {
	t.Parallel()
	a, b := startRoomPair(t, false, nil)
	ana := presentOn(a)
	bob := b.connect("bob", "standup", 80, 24)
	cat := a.connect("cat", "standup", 80, 24)
	bob.waitFor("following ana")
	cat.waitFor("following ana")
	ana.waitFor("2 following")

	m := ana.mark()
	ana.send("P")
	ana.waitAfter(m, "Hand over standup")
	ana.waitAfter(m, "▌bob") // on b: the menu lists them once it has asked
	ana.send("\r")
	bob.waitFor("ana hands you the room")
	bob.send("y")
	bob.waitFor("● presenting standup")
	ana.waitAfter(m, "following bob")
	cat.waitFor("following bob")

	m, mc := ana.mark(), cat.mark()
	bob.openRoomBrief()
	bob.send("2")
	ana.waitAfter(m, marker(2, 1))
	cat.waitAfter(mc, marker(2, 1))

	mb := bob.mark()
	bob.send("P")
	bob.waitAfter(mb, "Hand over standup")
	bob.waitAfter(mb, "▌ana") // the menu lists who is elsewhere once it has asked
	bob.send("\r")
	ana.waitAfter(m, "bob hands you the room")
	ana.send("n")
	bob.waitAfter(mb, "ana declined the room; you still present")
}

// A rooms database that cannot be reached stops the server at New, with
// a message that names it without its password.
func TestRoomsDBUnreachable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	presenters := filepath.Join(dir, "presenters")
	if err := os.WriteFile(presenters, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{Listen: "127.0.0.1:0", DataDir: dir, AllowAnyKey: true, Library: samples(),
		Presenters: presenters, RoomsDB: "postgres://briefing:hunter2@127.0.0.1:1/rooms",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err == nil {
		t.Fatal("New started with a rooms database nobody answers on")
	}
	if strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Fatalf("New said %q", err)
	}
}

// A question whose transaction waits on the room's row (held by another
// connection) holds no lock of the room meanwhile: the presenter's move
// reaches a follower on the same server while the question still waits,
// and the question arrives once the row is free.
func TestRoomQuestionWaitsWithoutTheRoom(t *testing.T) {
	t.Parallel()
	a, _ := startRoomPair(t, false, nil)
	ana := presentOn(a)
	cat := a.connect("cat", "standup", 80, 24)
	dan := a.connect("dan", "standup", 80, 24)
	cat.waitFor("following ana")
	dan.waitFor("following ana")
	ana.waitFor("2 following")
	mc := cat.mark()
	ana.openRoomBrief()
	cat.waitAfter(mc, marker(1, 1))

	ctx := context.Background()
	cfg := roomsOf(t, a).pool.Config().ConnConfig
	holder, err := pgx.ConnectConfig(ctx, cfg.Copy())
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close(ctx)
	watch, err := pgx.ConnectConfig(ctx, cfg.Copy())
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close(ctx)
	tx, err := holder.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SELECT 1 FROM briefing_rooms WHERE name = 'standup' FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	// asking is whether the question's transaction waits on the row.
	asking := func() bool {
		var n int
		if err := watch.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE $1 = ANY(pg_blocking_pids(pid)) AND query LIKE '%UPDATE briefing_rooms SET version = version + 1 WHERE name = $1%'`,
			int32(holder.PgConn().PID())).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	}

	md := dan.mark()
	dan.send("Q", "why the toll?", "\r")
	for limit := time.Now().Add(eventLimit); !asking(); { // each look is a round trip to the database
		if time.Now().After(limit) {
			t.Fatalf("the question never waited on the room's row; output ends %q", tail(dan.out.String(), 500))
		}
	}
	mc = cat.mark()
	ana.send("3")
	cat.waitAfter(mc, marker(3, 1))
	if strings.Contains(flat(dan.out.String()[md:]), flat("the question was not sent")) || !asking() {
		t.Fatal("the move reached the follower only once the question no longer waited on the database")
	}

	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	dan.waitAfter(md, "question sent to the presenter")
	ana.waitFor("1 question — Q")
}

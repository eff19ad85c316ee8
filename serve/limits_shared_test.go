package serve

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/pgdb"
	"github.com/briefing-dev/briefing/internal/pgdb/pgtest"
	"github.com/jackc/pgx/v5/pgxpool"
	gossh "golang.org/x/crypto/ssh"
)

// openPool opens a pool on dbURL, closed when the test ends (after the
// servers opened later, whose cleanups run first).
func openPool(t *testing.T, dbURL string) *pgxpool.Pool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), eventLimit)
	defer cancel()
	pool, err := pgdb.Open(ctx, dbURL, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// wallFakeClock is a fake clock that starts at the wall clock's time, so
// that its server's rows and a wall-clocked server's agree.
func wallFakeClock(t *testing.T) *fakeClock {
	c := newFakeClock(t)
	c.mu.Lock()
	c.now = time.Now()
	c.mu.Unlock()
	return c
}

// refusedForKey reports whether opening a session on c was refused for
// the key's limit.
func refusedForKey(t *testing.T, c *gossh.Client) bool {
	t.Helper()
	s, err := c.NewSession()
	if err == nil {
		_ = s.Close()
		return false
	}
	if !strings.Contains(err.Error(), "too many sessions for this key") {
		t.Fatalf("session refused, but not for the key's limit: %v", err)
	}
	return true
}

// Two servers on one database hold a key to its limit in all: a session on
// each fills a limit of 2, a third is refused on either server, the end of
// one frees a slot on the other, and the sessions of a server that died
// stop counting once their lease has run out.
func TestSharedSessionLimitAcrossServers(t *testing.T) {
	t.Parallel()
	dbURL, _ := pgtest.Schema(t)
	poolA, poolB, poolC := openPool(t, dbURL), openPool(t, dbURL), openPool(t, dbURL)
	key, other := newKey(t), newKey(t)
	keys := []gossh.Signer{key, other}
	clk := wallFakeClock(t)
	released := make(chan string, 16)
	limit := func(pool *pgxpool.Pool) func(*Config) {
		return func(c *Config) {
			c.Postgres = pool
			c.Limits.SessionsPerKey = 2
		}
	}
	a := startServerHooked(t, keys, limit(poolA), func(s *Server) {
		s.testHooks.released = func(k string) { released <- k }
	})
	b := startServerHooked(t, keys, limit(poolB), func(s *Server) { s.testHooks.clock = clk })
	cfg := clientConfig(gossh.PublicKeys(key))
	ca, cb := dial(t, a.addr, cfg), dial(t, b.addr, cfg)

	onA, err := ca.NewSession()
	if err != nil {
		t.Fatalf("first session, on A: %v", err)
	}
	if _, err := cb.NewSession(); err != nil {
		t.Fatalf("second session, on B: %v", err)
	}
	if !refusedForKey(t, ca) || !refusedForKey(t, cb) {
		t.Fatal("a third session got in with a limit of 2 across servers")
	}
	if a.Sessions() != 1 || b.Sessions() != 1 {
		t.Fatalf("A runs %d sessions and B %d, want 1 each", a.Sessions(), b.Sessions())
	}

	// The session on A ends: B may open a second one, and then A is full.
	_ = onA.Close()
	select {
	case <-released:
	case <-time.After(eventLimit):
		t.Fatal("A never released the session")
	}
	// Kept open: a session that ended at once would free its slot while A
	// is being asked.
	onB2, err := cb.NewSession()
	if err != nil {
		t.Fatalf("B refused a session after A's ended: %v", err)
	}
	defer onB2.Close()
	if !refusedForKey(t, ca) {
		t.Fatal("A let a third session in")
	}

	// C stands for a server that died holding two sessions of other's: it
	// wrote their rows and will never renew nor delete them.
	c, err := newSharedSessions(context.Background(), poolC, 2, wallClock{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	fp := gossh.FingerprintSHA256(other.PublicKey())
	for range 2 {
		if _, why := c.acquire(fp); why != "" {
			t.Fatal(why)
		}
	}
	// C's rows expire a lease after C's wall clock read it; B's clock
	// started at the wall time when the test did, so it must go past the
	// lease plus however long the test has taken so far (seconds, on a
	// loaded machine), not the lease alone.
	expiry := time.Now().Add(sessionLease)
	co := dial(t, b.addr, clientConfig(gossh.PublicKeys(other)))
	if !refusedForKey(t, co) {
		t.Fatal("the dead server's sessions did not count")
	}
	clk.advance(expiry.Sub(clk.Now()) + time.Second)
	if refusedForKey(t, co) {
		t.Fatal("the dead server's sessions still count after their lease")
	}
}

// A server renews its sessions' rows: another server still counts them
// after the lease has passed, and stops counting one when it ends.
func TestSharedSessionsHeartbeat(t *testing.T) {
	t.Parallel()
	dbURL, _ := pgtest.Schema(t)
	pool := openPool(t, dbURL)
	clk := wallFakeClock(t)
	log := slog.New(slog.DiscardHandler)
	ctx := context.Background()
	a, err := newSharedSessions(ctx, pool, 1, clk, log)
	if err != nil {
		t.Fatal(err)
	}
	b, err := newSharedSessions(ctx, pool, 1, clk, log)
	if err != nil {
		t.Fatal(err)
	}
	id, why := a.acquire("k")
	if why != "" {
		t.Fatal(why)
	}
	if _, why := b.acquire("k"); why == "" {
		t.Fatal("B took the key's only slot too")
	}
	clk.advance(sessionLease / 2)
	if err := a.beat(ctx); err != nil {
		t.Fatal(err)
	}
	clk.advance(sessionLease/2 + time.Second) // past the first lease, within the renewed one
	if _, why := b.acquire("k"); why == "" {
		t.Fatal("a renewed row expired")
	}
	a.release(id)
	if _, why := b.acquire("k"); why != "" {
		t.Fatalf("after the release: %s", why)
	}
}

// A database that cannot be reached does not lock readers out: sessions
// are let in and the outage logged once; the next heartbeat that reaches
// the database writes their rows, and they count again.
func TestSharedSessionsDatabaseDown(t *testing.T) {
	t.Parallel()
	dbURL, _ := pgtest.Schema(t)
	good := openPool(t, dbURL)
	var logBuf syncBuffer
	log := slog.New(slog.NewJSONHandler(&logBuf, nil))
	ctx := context.Background()
	a, err := newSharedSessions(ctx, good, 2, wallClock{}, log)
	if err != nil {
		t.Fatal(err)
	}
	// Nothing listens on port 1: every call fails at once.
	deadCfg, err := pgxpool.ParseConfig("postgres://briefing@127.0.0.1:1/none?connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	dead, err := pgxpool.NewWithConfig(ctx, deadCfg)
	if err != nil {
		t.Fatal(err)
	}
	defer dead.Close()
	a.pool = dead
	for i := range 2 {
		if _, why := a.acquire("k"); why != "" {
			t.Fatalf("session %d refused while the database is down: %s", i, why)
		}
	}
	if n := strings.Count(logBuf.String(), `"event":"shared_limits_down"`); n != 1 {
		t.Fatalf("the outage logged %d times, want once:\n%s", n, logBuf.String())
	}

	a.pool = good
	if err := a.beat(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logBuf.String(), `"event":"shared_limits_up"`) {
		t.Fatalf("the database's return was not logged:\n%s", logBuf.String())
	}
	b, err := newSharedSessions(ctx, good, 2, wallClock{}, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, why := b.acquire("k"); why == "" {
		t.Fatal("the sessions let in during the outage do not count once it is over")
	}
	var n int
	if err := good.QueryRow(ctx, `SELECT count(*) FROM serve_sessions WHERE key = 'k'`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d rows for k (%v), want 2", n, err)
	}
}

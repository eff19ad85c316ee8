package serve

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/briefing-dev/briefing/internal/pgdb"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Several servers behind one load balancer must hold a key to its
// SessionsPerKey in all, not on each server: with Config.Postgres the
// sessions are counted in a table every server shares. A server writes a
// row for each session it runs and renews the rows' expiry while they run
// (a heartbeat); a session's end deletes its row, and the rows of a server
// that died, which nobody deletes, expire after sessionLease. Expiry is
// compared with each server's own clock, so the servers' clocks must agree
// to well within the lease (NTP does).
//
// When the database cannot be reached at a session's start, the session is
// let in under this server's own count (logged once per outage): a
// database outage must not lock every reader out of a library they can
// still read. Its row is written by the next heartbeat that reaches the
// database, so the shared count is right again once it is back.

//go:embed migrations/sessions/*.sql
var sessionMigrations embed.FS

// sessionsComponent names the session limits' schema in briefing_schema.
const sessionsComponent = "serve_sessions"

// sessionLease is how long a session's row counts without a heartbeat;
// heartbeats come every third of it, so two can be missed.
const sessionLease = time.Minute

// sharedTimeout bounds one call to the database at a session's start or
// end, so that a database that hangs delays a reader by at most this.
const sharedTimeout = 3 * time.Second

// errKeyFull is a key's count reached in the database.
var errKeyFull = errors.New("key full")

// sharedSessions counts each key's sessions in PostgreSQL, across servers.
type sharedSessions struct {
	pool   *pgxpool.Pool
	schema string // advisory locks are per database: the schema is in every key
	server string // this server's name in the rows: host and a random part
	perKey int
	clock  clock
	log    *slog.Logger

	mu      sync.Mutex
	live    map[string]string // row id -> key, of the sessions running here
	down    bool              // the last call failed; the next success says so
	closed  bool              // close has run: start starts nothing
	stop    chan struct{}     // closed by close: the heartbeat ends
	beating sync.WaitGroup    // the heartbeat, which close waits for
	ctx     context.Context   // the heartbeat's calls; cancelled by close
	cancel  context.CancelFunc
	once    sync.Once
}

// newSharedSessions brings the table up to date (under pgdb.Migrate's lock,
// so servers started together do not race) and returns the counter.
func newSharedSessions(ctx context.Context, pool *pgxpool.Pool, perKey int, clk clock, log *slog.Logger) (*sharedSessions, error) {
	steps, err := pgdb.LoadMigrations(sessionMigrations, "migrations/sessions")
	if err != nil {
		return nil, err
	}
	if err := pgdb.Migrate(ctx, pool, sessionsComponent, steps); err != nil {
		return nil, fmt.Errorf("session limits: %w", err)
	}
	var schema string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return nil, fmt.Errorf("session limits: %w", err)
	}
	host, _ := os.Hostname()
	bctx, cancel := context.WithCancel(context.Background())
	return &sharedSessions{pool: pool, schema: schema, server: host + "-" + randomID(), perKey: perKey,
		clock: clk, log: log, live: map[string]string{}, stop: make(chan struct{}),
		ctx: bctx, cancel: cancel}, nil
}

// randomID is 16 random hex digits.
func randomID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// acquire takes a session slot for key in the database. It returns the
// row's id, to give to release, or why the session is refused. When the
// database cannot be asked, the session is let in (see above).
func (p *sharedSessions) acquire(key string) (id, why string) {
	id = randomID()
	now := p.clock.Now()
	ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
	defer cancel()
	// One round trip: a batch runs as one implicit transaction, so the
	// transaction lock on (schema, key) is held from the count to the
	// insert and two servers cannot both take a key's last slot. The
	// count's snapshot is taken after the lock, so it sees every insert
	// committed before it.
	b := &pgx.Batch{}
	b.Queue(`SELECT pg_advisory_xact_lock($1)`, pgdb.LockKey(p.schema, "sessions", key))
	b.Queue(`DELETE FROM serve_sessions WHERE key = $1 AND expires <= $2`, key, now)
	b.Queue(`INSERT INTO serve_sessions (id, key, server, started, expires)
		SELECT $3, $1, $4, $2, $5
		WHERE (SELECT count(*) FROM serve_sessions WHERE key = $1 AND expires > $2) < $6
		RETURNING id`, key, now, id, p.server, now.Add(sessionLease), p.perKey)
	err := func() error {
		res := p.pool.SendBatch(ctx, b)
		defer res.Close()
		if _, err := res.Exec(); err != nil {
			return err
		}
		if _, err := res.Exec(); err != nil {
			return err
		}
		var got string
		if err := res.QueryRow().Scan(&got); errors.Is(err, pgx.ErrNoRows) {
			return errKeyFull
		} else if err != nil {
			return err
		}
		return res.Close()
	}()
	if errors.Is(err, errKeyFull) {
		p.up()
		return "", "too many sessions for this key"
	}
	p.mu.Lock()
	p.live[id] = key
	p.mu.Unlock()
	if err != nil {
		p.failed(err)
	} else {
		p.up()
	}
	return id, ""
}

// release deletes the row of a session that ended. When the database
// cannot be reached the row stays until its lease runs out.
func (p *sharedSessions) release(id string) {
	p.mu.Lock()
	delete(p.live, id)
	p.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
	defer cancel()
	if _, err := p.pool.Exec(ctx, `DELETE FROM serve_sessions WHERE id = $1`, id); err != nil {
		p.failed(err)
	}
}

// beat renews the rows of the sessions running here, and writes those the
// database does not have (sessions let in while it was unreachable, or
// rows that expired while it was). It is an UPDATE first so that a row a
// session's end deleted meanwhile is never written back.
func (p *sharedSessions) beat(ctx context.Context) error {
	p.mu.Lock()
	ids := make([]string, 0, len(p.live))
	for id := range p.live {
		ids = append(ids, id)
	}
	p.mu.Unlock()
	if len(ids) == 0 {
		return nil
	}
	now := p.clock.Now()
	rows, err := p.pool.Query(ctx, `UPDATE serve_sessions SET expires = $2 WHERE id = ANY($1) RETURNING id`,
		ids, now.Add(sessionLease))
	if err != nil {
		p.failed(err)
		return err
	}
	renewed, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		p.failed(err)
		return err
	}
	if len(renewed) == len(ids) {
		p.up()
		return nil
	}
	have := make(map[string]bool, len(renewed))
	for _, id := range renewed {
		have[id] = true
	}
	p.mu.Lock()
	var missing, keys []string
	for _, id := range ids {
		if key, ok := p.live[id]; ok && !have[id] {
			missing, keys = append(missing, id), append(keys, key)
		}
	}
	p.mu.Unlock()
	// Written without the lock: sessions start and end meanwhile.
	if _, err := p.pool.Exec(ctx, `INSERT INTO serve_sessions (id, key, server, started, expires)
			SELECT id, key, $3, $4, $5 FROM unnest($1::text[], $2::text[]) AS t(id, key)
			ON CONFLICT (id) DO UPDATE SET expires = excluded.expires`,
		missing, keys, p.server, now, now.Add(sessionLease)); err != nil {
		p.failed(err)
		return err
	}
	// A session that ended while its row was being written may have
	// deleted it before it was there: its row goes now. (One that ends
	// from here on finds the row and deletes it itself.)
	p.mu.Lock()
	var ended []string
	for _, id := range missing {
		if _, ok := p.live[id]; !ok {
			ended = append(ended, id)
		}
	}
	p.mu.Unlock()
	if len(ended) > 0 {
		if _, err := p.pool.Exec(ctx, `DELETE FROM serve_sessions WHERE id = ANY($1)`, ended); err != nil {
			p.failed(err)
			return err
		}
	}
	p.up()
	return nil
}

// start starts the heartbeat, unless close has run.
func (p *sharedSessions) start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.beating.Add(1)
	go func() {
		defer p.beating.Done()
		p.run()
	}()
}

// run beats every third of the lease until close.
func (p *sharedSessions) run() {
	for {
		select {
		case <-p.stop:
			return
		case <-p.clock.After(sessionLease / 3):
		}
		ctx, cancel := context.WithTimeout(p.ctx, sharedTimeout)
		_ = p.beat(ctx)
		cancel()
	}
}

// close ends the heartbeat and deletes whatever rows this server has left
// (its sessions have ended by now; a row whose delete failed goes too).
func (p *sharedSessions) close() {
	p.once.Do(func() {
		p.mu.Lock()
		p.closed = true
		p.mu.Unlock()
		close(p.stop)
		p.cancel()
		// A beat under way could write rows back after the delete below,
		// or use the pool after its owner closed it.
		p.beating.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
		defer cancel()
		if _, err := p.pool.Exec(ctx, `DELETE FROM serve_sessions WHERE server = $1`, p.server); err != nil {
			p.log.Warn("session limits: rows left to expire", "event", "shared_limits_close", "err", err.Error())
		}
	})
}

// failed logs the first failure of an outage.
func (p *sharedSessions) failed(err error) {
	p.mu.Lock()
	first := !p.down
	p.down = true
	p.mu.Unlock()
	if first {
		p.log.Warn("session limits: the database is unreachable; sessions are counted on this server only until it is back",
			"event", "shared_limits_down", "err", err.Error())
	}
}

// up logs the end of an outage.
func (p *sharedSessions) up() {
	p.mu.Lock()
	was := p.down
	p.down = false
	p.mu.Unlock()
	if was {
		p.log.Info("session limits: the database is back; sessions are counted across servers again",
			"event", "shared_limits_up")
	}
}

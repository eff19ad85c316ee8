package serve

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/briefing-dev/briefing/internal/pgdb"
	"github.com/briefing-dev/briefing/model"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Rooms across servers, in PostgreSQL. A room's shared part is one row of
// briefing_rooms. The server whose session presents a room holds it: it
// writes the row (the presenter's moves at most once per PublishInterval,
// the latest winning) while its lease runs, and renews the lease with a
// heartbeat. Every write bumps the row's version and sends NOTIFY with
// "name:version" on the schema's channel. Every server LISTENs on one
// connection of its own, reads a room's row back when told of a version it
// has not seen, and applies it to its own copy of the room, whose seats it
// notifies as on one server.
//
// What can go wrong, and what then happens:
//   - The listener's connection dies: it connects again (with backoff),
//     LISTENs, then reads every room it has seats in, so a notification
//     missed meanwhile leaves nobody behind.
//   - The presenter's server dies or loses the database: its heartbeat
//     stops, the lease runs out, and the first server to sweep pauses the
//     room for everyone ("presenter away"), then the presenter grace runs
//     as on one server.
//   - Two presenters open one room at once, on two servers: the claim is
//     one conditional statement, so exactly one gets it.

//go:embed migrations/rooms/*.sql
var roomMigrations embed.FS

// roomsComponent names the rooms' schema in briefing_schema.
const roomsComponent = "rooms"

// RoomLease is how long a presenter's server holds a room without renewing
// it; RoomHeartbeat is how often it renews. A server that stops for longer
// than the lease (dead, or cut off from the database) loses its rooms,
// which pause on every server.
const (
	RoomLease     = 10 * time.Second
	RoomHeartbeat = 2 * time.Second
)

// Backoff of the listener's reconnection, and how long one statement may
// take before it is given up (the database is gone: the lease decides).
const (
	listenBackoffMin = 50 * time.Millisecond
	listenBackoffMax = 5 * time.Second
	roomQueryTimeout = 5 * time.Second
)

// pgRooms is the roomShare of a hub whose rooms live in PostgreSQL.
type pgRooms struct {
	hub          *localHub
	pool         *pgxpool.Pool
	listenConfig *pgx.ConnConfig // the listener's connection, copied for each attempt
	server       string          // this process; random, so a restarted server holds no lease of its past
	channel      string          // NOTIFY channel: per schema, as tests share a database
	lease        time.Duration
	beat         time.Duration
	log          *slog.Logger

	ctx        context.Context
	stop       context.CancelFunc
	loops      sync.WaitGroup
	wake       chan struct{}
	writerDone chan struct{}
	startOnce  sync.Once
	started    atomic.Bool
	closeOnce  sync.Once

	// writeMu is held for each write: a claim first writes what is pending
	// for its room, so a presenter coming back finds their pause written.
	writeMu sync.Mutex

	mu      sync.Mutex
	pending map[string]*pendingWrite // what waits to be written, per room
	queue   []string                 // rooms with a write pending, oldest first
	closing bool

	listenPID atomic.Uint32 // the listener's backend, for tests and logs

	test struct {
		noRenew   atomic.Bool                // the heartbeat renews no lease (a server cut off)
		connect   func(attempt int)          // before each connection of the listener
		listening func(pid uint32)           // after each LISTEN and re-read
		wrote     func(name string, v int64) // after each write of a room
		left      func(key, name string)     // after a session's leaving is written
		claimed   func(name string, v int64) // after a claim commits, before its answer is read back
		accepted  func(name string, v int64) // after an accepted handover commits
	}
}

// openPGRooms is newPGRooms on the database url names.
func openPGRooms(ctx context.Context, url string, hub *localHub, log *slog.Logger) (*pgRooms, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("rooms: database URL %s: %w", pgdb.Redact(url), err)
	}
	p, err := newPGRooms(ctx, cfg, hub, log)
	if err != nil {
		return nil, fmt.Errorf("%w (database %s)", err, pgdb.Redact(url))
	}
	return p, nil
}

// roomsPoolConns caps the rooms' own pool: one writer, the claims and
// reads of a few sessions at once, the heartbeat.
const roomsPoolConns = 8

// newPGRooms connects to the database of cfg (the config of a pool the
// server shares, or one of its own) with a small pool of its own whose
// commits do not wait for the disk (see below) and a connection to LISTEN
// on, brings the rooms' tables up to date and returns the share of hub;
// start begins its loops.
//
// Why asynchronous commits: a room's row is superseded within moments
// (the next move, the next heartbeat), and a server reads it back after
// any reconnection, so a database crash that loses its last write loses
// nothing a room needs; waiting for the WAL's flush would put a disk's
// fsync on every move's way to the followers. Questions, which a reader
// was told were sent, commit synchronously all the same (ask).
func newPGRooms(ctx context.Context, cfg *pgxpool.Config, hub *localHub, log *slog.Logger) (*pgRooms, error) {
	listen := cfg.ConnConfig.Copy()
	cfg = cfg.Copy()
	cfg.MaxConns = roomsPoolConns
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = roomQueryTimeout
		listen.ConnectTimeout = roomQueryTimeout
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("rooms: %w", err)
	}
	steps, err := pgdb.LoadMigrations(roomMigrations, "migrations/rooms")
	if err == nil {
		err = pgdb.Migrate(ctx, pool, roomsComponent, steps)
	}
	var schema string
	if err == nil {
		err = pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema)
	}
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("rooms: %w", err)
	}
	var id [6]byte
	_, _ = rand.Read(id[:])
	p := &pgRooms{
		hub: hub, pool: pool, listenConfig: listen, server: hex.EncodeToString(id[:]),
		channel: "briefing_rooms_" + schema, lease: RoomLease, beat: RoomHeartbeat, log: log,
		wake: make(chan struct{}, 1), writerDone: make(chan struct{}), pending: map[string]*pendingWrite{},
	}
	p.ctx, p.stop = context.WithCancel(context.Background())
	return p, nil
}

// start begins listening, writing and the heartbeat; once.
func (p *pgRooms) start() {
	p.startOnce.Do(func() {
		p.started.Store(true)
		p.loops.Add(2)
		go p.listen()
		go p.heartbeat()
		go p.writer()
	})
}

// close writes what is pending (for a few seconds at most), stops the
// loops and closes the pool.
func (p *pgRooms) close() {
	p.closeOnce.Do(func() {
		p.mu.Lock()
		p.closing = true
		p.mu.Unlock()
		p.poke()
		p.startOnce.Do(func() {}) // a share never started has no writer to wait for
		if p.started.Load() {
			select {
			case <-p.writerDone:
			case <-time.After(roomQueryTimeout):
				p.log.Warn("rooms not all written at close", "event", "room_close_slow")
			}
		}
		p.stop()
		p.loops.Wait()
		if p.started.Load() {
			// Stopped, the writer's calls end at once; it must not use
			// the pool after this closes it.
			<-p.writerDone
		}
		p.pool.Close()
	})
}

func (p *pgRooms) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// pendingWrite is what waits to be written of one room: its shared part,
// this server's seats, or both.
type pendingWrite struct {
	room     *sharedRoom
	seats    []sharedSeat
	hasSeats bool
}

// pendingFor is name's pending write, made; p.mu is held.
func (p *pgRooms) pendingFor(name string) *pendingWrite {
	w := p.pending[name]
	if w == nil {
		w = &pendingWrite{}
		p.pending[name] = w
		p.queue = append(p.queue, name)
	}
	return w
}

// put queues sh for room r; the latest put of a room wins.
func (p *pgRooms) put(r *room, sh sharedRoom) {
	p.mu.Lock()
	p.pendingFor(r.name).room = &sh
	p.mu.Unlock()
	p.poke()
}

// seats queues this server's seats of r; the latest wins.
func (p *pgRooms) seats(r *room, seats []sharedSeat) {
	p.mu.Lock()
	w := p.pendingFor(r.name)
	w.seats, w.hasSeats = seats, true
	p.mu.Unlock()
	p.poke()
}

// take removes and returns a pending write: name's when name is given,
// else the oldest.
func (p *pgRooms) take(name string) (string, *pendingWrite, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if name == "" {
		if len(p.queue) == 0 {
			return "", nil, false
		}
		name = p.queue[0]
	}
	sh, ok := p.pending[name]
	if !ok {
		return "", nil, false
	}
	delete(p.pending, name)
	for i, n := range p.queue {
		if n == name {
			p.queue = append(p.queue[:i], p.queue[i+1:]...)
			break
		}
	}
	return name, sh, true
}

// writer writes the puts, oldest room first, until close has drained them.
func (p *pgRooms) writer() {
	defer close(p.writerDone)
	for {
		p.writeMu.Lock()
		name, w, ok := p.take("")
		if ok {
			p.writePending(name, w)
		}
		p.writeMu.Unlock()
		if ok {
			continue
		}
		p.mu.Lock()
		closing := p.closing
		p.mu.Unlock()
		if closing {
			return
		}
		select {
		case <-p.wake:
		case <-p.ctx.Done():
			return
		}
	}
}

// writeRoom updates a room while the session From of this server holds it,
// and tells every server of the new version.
const writeRoom = `WITH u AS (
	UPDATE briefing_rooms SET
		state = $4, holder_seat = $5,
		holder_server = CASE WHEN $4::smallint = 1 THEN holder_server ELSE '' END,
		offer_server = CASE WHEN $4::smallint = 1 AND holder_seat = $5 THEN offer_server ELSE '' END,
		presenter_key = $6, presenter_name = $7,
		brief_id = $8, brief_hash = $9, section = $10, pos_top = $11, pos_pointer = $12,
		pull_seq = $13, away_since = $14, version = version + 1
	WHERE name = $1 AND holder_server = $2 AND holder_seat = $3 AND state = 1
	RETURNING version)
SELECT version, pg_notify($15, $1 || ':' || version) FROM u`

// writePending writes w; writeMu is held.
func (p *pgRooms) writePending(name string, w *pendingWrite) {
	if w.room != nil {
		p.write(name, *w.room)
	}
	if w.hasSeats {
		p.writeSeats(name, w.seats)
	}
}

// writeSeats replaces this server's seats of room name, and tells every
// server (who count them) when the room has a row; writeMu is held.
func (p *pgRooms) writeSeats(name string, seats []sharedSeat) {
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	ids := make([]int64, len(seats))
	names, keys := make([]string, len(seats)), make([]string, len(seats))
	can, following, hand := make([]bool, len(seats)), make([]bool, len(seats)), make([]bool, len(seats))
	for i, st := range seats {
		ids[i], names[i], keys[i] = int64(st.ID), st.Name, st.Key
		can[i], following[i], hand[i] = st.CanPresent, st.Following, st.Hand
	}
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM briefing_room_members WHERE room = $1 AND server = $2`, name, p.server); err != nil {
			return err
		}
		if len(seats) > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO briefing_room_members
				(room, server, seat, name, person_key, can_present, following, hand, seen)
				SELECT $1, $2, s.seat, s.name, s.k, s.can, s.f, s.h, $9
				FROM unnest($3::bigint[], $4::text[], $5::text[], $6::bool[], $7::bool[], $8::bool[]) AS s(seat, name, k, can, f, h)`,
				name, p.server, ids, names, keys, can, following, hand, p.hub.clock.Now()); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `WITH u AS (UPDATE briefing_rooms SET version = version + 1 WHERE name = $1 RETURNING version)
			SELECT pg_notify($2, $1 || ':' || version) FROM u`, name, p.channel)
		return err
	})
	if err != nil && p.ctx.Err() == nil {
		p.log.Warn("room members not written", "event", "room_write_failed", "room", name, "error", err.Error())
	}
}

// members is who is in the room name on the other servers.
func (p *pgRooms) members(name string) []model.RoomMember {
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	rows, err := p.pool.Query(ctx, `SELECT m.server, m.seat, m.name, m.following, m.hand, m.can_present,
			(m.server = r.holder_server AND m.seat = r.holder_seat AND r.state = 1)
		FROM briefing_room_members m JOIN briefing_rooms r ON r.name = m.room
		WHERE m.room = $1 AND m.server <> $2 AND m.seen >= $3
		ORDER BY m.name, m.server, m.seat`, name, p.server, p.hub.clock.Now().Add(-p.lease))
	if err != nil {
		p.log.Warn("room members not read", "event", "room_read_failed", "room", name, "error", err.Error())
		return nil
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.RoomMember, error) {
		var m model.RoomMember
		var server string
		var seat int64
		err := row.Scan(&server, &seat, &m.Name, &m.Following, &m.Hand, &m.CanPresent, &m.Presenter)
		m.ID = elsewherePrefix + server + ":" + strconv.FormatInt(seat, 10)
		m.Following = m.Following && !m.Presenter
		return m, err
	})
	if err != nil {
		return nil
	}
	return out
}

// write writes sh; writeMu is held. A room no longer held by sh.From is
// not written: whoever took it wrote it, and its notification follows.
func (p *pgRooms) write(name string, sh sharedRoom) {
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	holder := int64(sh.Holder)
	if sh.State != model.RoomLive {
		holder = 0
	}
	var v int64
	err := p.pool.QueryRow(ctx, writeRoom, name, p.server, int64(sh.From), int16(sh.State), holder,
		sh.Key, sh.Name, sh.Pos.BriefID, sh.Pos.Hash, sh.Pos.Section, sh.Pos.Top, sh.Pos.Pointer,
		int64(sh.PullSeq), nullTime(sh.AwaySince), p.channel).Scan(&v, nil)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return
	case err != nil:
		p.log.Warn("room not written", "event", "room_write_failed", "room", name, "error", err.Error())
		return
	}
	if sh.State == model.RoomEnded {
		p.forget(ctx, []string{name})
	}
	if p.test.wrote != nil {
		p.test.wrote(name, v)
	}
}

// forget deletes the questions of rooms that ended.
func (p *pgRooms) forget(ctx context.Context, rooms []string) {
	if _, err := p.pool.Exec(ctx, `DELETE FROM briefing_room_questions WHERE room = ANY($1)`, rooms); err != nil {
		p.log.Warn("room questions not deleted", "event", "room_write_failed", "error", err.Error())
	}
}

// nullTime is t, or NULL when t is zero.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// claimRoom makes a session of this server the presenter of a room that
// is new, not live, live on a lease that ran out, or already its own. The
// position stays only when the room goes on (live or paused).
const claimRoom = `INSERT INTO briefing_rooms AS r
	(name, state, presenter_key, presenter_name, holder_server, holder_seat, lease_until)
VALUES ($1, 1, $2, $3, $4, $5, $6)
ON CONFLICT (name) DO UPDATE SET
	state = 1, presenter_key = excluded.presenter_key, presenter_name = excluded.presenter_name,
	holder_server = excluded.holder_server, holder_seat = excluded.holder_seat,
	lease_until = excluded.lease_until, away_since = NULL, offer_server = '', offer_seat = 0,
	brief_id = CASE WHEN r.state IN (1, 2) THEN r.brief_id ELSE '' END,
	brief_hash = CASE WHEN r.state IN (1, 2) THEN r.brief_hash ELSE '' END,
	section = CASE WHEN r.state IN (1, 2) THEN r.section ELSE 0 END,
	pos_top = CASE WHEN r.state IN (1, 2) THEN r.pos_top ELSE 0 END,
	pos_pointer = CASE WHEN r.state IN (1, 2) THEN r.pos_pointer ELSE -1 END,
	version = r.version + 1
WHERE r.state <> 1 OR r.lease_until < $7
	OR (r.holder_server = excluded.holder_server AND r.holder_seat = excluded.holder_seat)
RETURNING ` + roomColumns

// roomColumns are what scanRoom reads, in its order.
const roomColumns = `state, presenter_key, presenter_name, holder_server, holder_seat, away_since,
	brief_id, brief_hash, section, pos_top, pos_pointer, pull_seq, version,
	offer_server, offer_seat, offer_from, declined, declined_seq`

// scanRoom reads a row of roomColumns, then into extra the columns after;
// here is this server, to tell an offer to one of its seats.
func scanRoom(row pgx.Row, here string, extra ...any) (sh sharedRoom, server string, v int64, err error) {
	var state int16
	var holder, pull, offerSeat, declined int64
	var away *time.Time
	var offerServer string
	err = row.Scan(append([]any{&state, &sh.Key, &sh.Name, &server, &holder, &away,
		&sh.Pos.BriefID, &sh.Pos.Hash, &sh.Pos.Section, &sh.Pos.Top, &sh.Pos.Pointer, &pull, &v,
		&offerServer, &offerSeat, &sh.OfferFrom, &sh.Declined, &declined}, extra...)...)
	sh.State, sh.Holder, sh.PullSeq = model.RoomState(state), uint64(holder), uint64(pull)
	sh.OfferHere, sh.OfferSeat, sh.DeclinedSeq = offerServer != "" && offerServer == here, uint64(offerSeat), uint64(declined)
	if away != nil {
		sh.AwaySince = *away
	}
	return sh, server, v, err
}

// claim makes who the presenter of the room name across servers, or says
// who is. It reads and writes the database: the room's lock is not held.
func (p *pgRooms) claim(name string, who Person) (claimed, error) {
	p.writeMu.Lock()
	defer p.writeMu.Unlock()
	if n, w, ok := p.take(name); ok {
		p.writePending(n, w)
	}
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	now := p.hub.clock.Now()
	var c claimed
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		var err error
		c.room, _, c.version, err = scanRoom(tx.QueryRow(ctx, claimRoom, name, who.Key, who.Name, p.server, int64(who.ID),
			now.Add(p.lease), now), p.server)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, p.channel, name+":"+strconv.FormatInt(c.version, 10))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		holder := "someone"
		_ = p.pool.QueryRow(ctx, `SELECT presenter_name FROM briefing_rooms WHERE name = $1`, name).Scan(&holder)
		return claimed{}, fmt.Errorf("%s presents this room", holder)
	}
	if err != nil {
		p.log.Warn("room not claimed", "event", "room_claim_failed", "room", name, "error", err.Error())
		return claimed{}, errors.New("the rooms' database does not answer: try again in a moment")
	}
	if p.test.claimed != nil {
		p.test.claimed(name, c.version)
	}
	// The presenter's queue is the room's, asked on whichever server.
	c.questions, err = p.questions(ctx, name, 0)
	if err != nil {
		p.log.Warn("room questions not read", "event", "room_read_failed", "room", name, "error", err.Error())
	}
	return c, nil
}

// questions reads the questions of room after the one numbered after.
func (p *pgRooms) questions(ctx context.Context, room string, after int) ([]model.RoomQuestion, error) {
	rows, err := p.pool.Query(ctx, `SELECT id, from_name, body, brief_id, brief_hash, section, pos_top, pos_pointer, answered
		FROM briefing_room_questions WHERE room = $1 AND id > $2 ORDER BY id`, room, after)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.RoomQuestion, error) {
		var q model.RoomQuestion
		err := row.Scan(&q.ID, &q.From, &q.Text, &q.Pos.BriefID, &q.Pos.Hash, &q.Pos.Section, &q.Pos.Top, &q.Pos.Pointer, &q.Answered)
		return q, err
	})
}

// ask stores q for r's presenter and tells every server, whose presenter's
// server reads it.
func (p *pgRooms) ask(name string, q model.RoomQuestion) error {
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = on`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO briefing_room_questions
			(room, from_name, body, brief_id, brief_hash, section, pos_top, pos_pointer) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			name, q.From, q.Text, q.Pos.BriefID, q.Pos.Hash, q.Pos.Section, q.Pos.Top, q.Pos.Pointer); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `WITH u AS (UPDATE briefing_rooms SET version = version + 1 WHERE name = $1 RETURNING version)
			SELECT pg_notify($2, $1 || ':' || version) FROM u`, name, p.channel)
		return err
	})
	if err != nil {
		p.log.Warn("room question not stored", "event", "room_ask_failed", "room", name, "error", err.Error())
		return errors.New("the question was not sent: the rooms' database does not answer")
	}
	return nil
}

// answer marks question id answered, for a presenter who comes back to
// the room on another server.
func (p *pgRooms) answer(name string, id int) {
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	if _, err := p.pool.Exec(ctx, `UPDATE briefing_room_questions SET answered = true WHERE room = $1 AND id = $2`,
		name, id); err != nil {
		p.log.Warn("room answer not stored", "event", "room_write_failed", "room", name, "error", err.Error())
	}
}

// readRoom reads a room's row, and how many people (and hands) are in it
// on the other servers.
const readRoom = `SELECT ` + roomColumns + `,
	(SELECT count(*) FROM briefing_room_members m WHERE m.room = $1 AND m.server <> $2 AND m.seen >= $3),
	(SELECT count(*) FROM briefing_room_members m WHERE m.room = $1 AND m.server <> $2 AND m.seen >= $3 AND m.hand)
FROM briefing_rooms WHERE name = $1`

// local is this server's copy of the room name; nil when it has none.
func (p *pgRooms) local(name string) *room {
	p.hub.mu.Lock()
	defer p.hub.mu.Unlock()
	return p.hub.rooms[name]
}

// refresh reads the room name and applies it here.
func (p *pgRooms) refresh(name string) {
	r := p.local(name)
	if r == nil {
		return
	}
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	var people, hands int
	sh, server, v, err := scanRoom(p.pool.QueryRow(ctx, readRoom, name, p.server, p.hub.clock.Now().Add(-p.lease)),
		p.server, &people, &hands)
	if errors.Is(err, pgx.ErrNoRows) {
		return
	}
	if err != nil {
		p.log.Warn("room not read", "event", "room_read_failed", "room", name, "error", err.Error())
		return
	}
	r.mu.Lock()
	r.apply(sh, v, server == p.server)
	if r.elsewhere != people || r.handsElsewhere != hands {
		r.elsewhere, r.handsElsewhere = people, hands
		r.changed()
	}
	presenting, after := r.presenter != nil, r.nextQ
	r.mu.Unlock()
	if presenting {
		p.newQuestions(ctx, r, after)
	}
}

// newQuestions adds the questions asked since the one numbered after to
// the queue of r's presenter, who is on this server.
func (p *pgRooms) newQuestions(ctx context.Context, r *room, after int) {
	qs, err := p.questions(ctx, r.name, after)
	if err != nil {
		p.log.Warn("room questions not read", "event", "room_read_failed", "room", r.name, "error", err.Error())
		return
	}
	if len(qs) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, q := range qs {
		if q.ID > r.nextQ && r.presenter != nil {
			r.addQuestion(q)
			r.nextQ = q.ID
		}
	}
	r.changed()
}

// offer offers the room name, presented by from, to the member ID to of
// another server.
func (p *pgRooms) offer(name string, from Person, to string) error {
	server, seat, ok := strings.Cut(strings.TrimPrefix(to, elsewherePrefix), ":")
	id, err := strconv.ParseInt(seat, 10, 64)
	if !ok || err != nil {
		return errors.New("they are no longer in the room")
	}
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	var them string
	var can bool
	err = p.pool.QueryRow(ctx, `SELECT name, can_present FROM briefing_room_members
		WHERE room = $1 AND server = $2 AND seat = $3 AND seen >= $4`,
		name, server, id, p.hub.clock.Now().Add(-p.lease)).Scan(&them, &can)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return errors.New("they are no longer in the room")
	case err != nil:
		return errors.New("the rooms' database does not answer: try again in a moment")
	case !can:
		return fmt.Errorf("%s may not present", them)
	}
	_, err = p.notifyUpdate(ctx, name, `UPDATE briefing_rooms SET offer_server = $3, offer_seat = $4, offer_from = $5,
		version = version + 1 WHERE name = $1 AND state = 1 AND holder_server = $6 AND holder_seat = $2 RETURNING version`,
		int64(from.ID), server, id, from.Name, p.server)
	return err
}

// accept gives the room name to who, if its offer still stands, and
// returns the room's version that says so.
func (p *pgRooms) accept(name string, who Person) (int64, error) {
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	now := p.hub.clock.Now()
	v, err := p.notifyUpdate(ctx, name, `UPDATE briefing_rooms SET holder_server = offer_server, holder_seat = offer_seat,
		presenter_key = $3, presenter_name = $4, lease_until = $5, offer_server = '', offer_seat = 0,
		version = version + 1 WHERE name = $1 AND state = 1 AND offer_server = $6 AND offer_seat = $2 RETURNING version`,
		int64(who.ID), who.Key, who.Name, now.Add(p.lease), p.server)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, errors.New("the offer is no longer open")
	}
	if err != nil {
		p.log.Warn("room handover not written", "event", "room_write_failed", "room", name, "error", err.Error())
		return 0, errors.New("the rooms' database does not answer: try again in a moment")
	}
	if p.test.accepted != nil {
		p.test.accepted(name, v)
	}
	return v, nil
}

// decline refuses the offer who has in the room name.
func (p *pgRooms) decline(name string, who Person) {
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	_, err := p.notifyUpdate(ctx, name, `UPDATE briefing_rooms SET offer_server = '', offer_seat = 0, declined = $3,
		declined_seq = declined_seq + 1, version = version + 1
		WHERE name = $1 AND offer_server = $4 AND offer_seat = $2 RETURNING version`,
		int64(who.ID), who.Name, p.server)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		p.log.Warn("room decline not written", "event", "room_write_failed", "room", name, "error", err.Error())
	}
}

// notifyUpdate runs update (which returns the room's new version, $1
// being its name) and tells every server, in one transaction; it returns
// that version. A room the update's condition left alone is pgx.ErrNoRows.
func (p *pgRooms) notifyUpdate(ctx context.Context, name, update string, args ...any) (int64, error) {
	var v int64
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, update, append([]any{name}, args...)...).Scan(&v); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, p.channel, name+":"+strconv.FormatInt(v, 10))
		return err
	})
	return v, err
}

// left notes the live room key's session left.
func (p *pgRooms) left(key, name string) {
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	if _, err := p.pool.Exec(ctx, `INSERT INTO briefing_room_last (person_key, room, left_at) VALUES ($1, $2, $3)
		ON CONFLICT (person_key) DO UPDATE SET room = excluded.room, left_at = excluded.left_at`,
		key, name, p.hub.clock.Now()); err != nil && p.ctx.Err() == nil {
		p.log.Warn("room left not written", "event", "room_write_failed", "room", name, "error", err.Error())
	}
	if p.test.left != nil {
		p.test.left(key, name)
	}
}

// rejoin is the live room key's session last left, unless key presents it.
func (p *pgRooms) rejoin(key string) (string, bool) {
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	var name string
	err := p.pool.QueryRow(ctx, `SELECT l.room FROM briefing_room_last l JOIN briefing_rooms r ON r.name = l.room
		WHERE l.person_key = $1 AND r.state IN (1, 2) AND r.presenter_key <> $1`, key).Scan(&name)
	return name, err == nil
}

// known reports whether any server opened the room name.
func (p *pgRooms) known(name string) bool {
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	var ok bool
	err := p.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM briefing_rooms WHERE name = $1)`, name).Scan(&ok)
	return err == nil && ok
}

// list is the live and paused rooms of every server, with everyone in
// them counted.
func (p *pgRooms) list() ([]model.RoomInfo, error) {
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	rows, err := p.pool.Query(ctx, `SELECT r.name, r.presenter_name, r.state,
			(SELECT count(*) FROM briefing_room_members m WHERE m.room = r.name AND m.seen >= $1)
		FROM briefing_rooms r WHERE r.state IN (1, 2) ORDER BY r.name`, p.hub.clock.Now().Add(-p.lease))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.RoomInfo, error) {
		var info model.RoomInfo
		var state int16
		err := row.Scan(&info.Name, &info.Presenter, &state, &info.Followers)
		info.State = model.RoomState(state)
		if info.State == model.RoomLive {
			info.Followers = max(info.Followers-1, 0) // the presenter is in the room too
		}
		return info, err
	})
}

// heartbeat renews this server's leases and sweeps every RoomHeartbeat of
// the hub's clock.
func (p *pgRooms) heartbeat() {
	defer p.loops.Done()
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-p.hub.clock.After(p.beat):
		}
		now := p.hub.clock.Now()
		ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
		_, err := p.pool.Exec(ctx, `UPDATE briefing_room_members SET seen = $2 WHERE server = $1`, p.server, now)
		cancel()
		if err != nil && p.ctx.Err() == nil {
			p.log.Warn("room members not renewed", "event", "room_renew_failed", "error", err.Error())
		}
		if !p.test.noRenew.Load() {
			ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
			_, err := p.pool.Exec(ctx, `UPDATE briefing_rooms SET lease_until = $2
				WHERE holder_server = $1 AND state = 1`, p.server, now.Add(p.lease))
			cancel()
			if err != nil && p.ctx.Err() == nil {
				p.log.Warn("room leases not renewed", "event", "room_renew_failed", "error", err.Error())
			}
		}
		p.sweep(now)
	}
}

// expire sweeps now.
func (p *pgRooms) expire() { p.sweep(p.hub.clock.Now()) }

// Pause the rooms whose lease ran out; end the rooms paused past their
// grace. Any server may: each statement changes a room once.
const (
	pauseExpired = `WITH u AS (
	UPDATE briefing_rooms SET state = 2, holder_server = '', holder_seat = 0, away_since = $1,
		version = version + 1
	WHERE state = 1 AND lease_until < $1 RETURNING name, version)
SELECT name, pg_notify($2, name || ':' || version) FROM u`
	endExpired = `WITH u AS (
	UPDATE briefing_rooms SET state = 3, version = version + 1
	WHERE state = 2 AND away_since <= $1 RETURNING name, version)
SELECT name, pg_notify($2, name || ':' || version) FROM u`
)

// sweep pauses and ends what ran out at now.
func (p *pgRooms) sweep(now time.Time) {
	ctx, cancel := context.WithTimeout(p.ctx, roomQueryTimeout)
	defer cancel()
	paused, err := p.names(ctx, pauseExpired, now, p.channel)
	if err != nil {
		if p.ctx.Err() == nil {
			p.log.Warn("rooms not swept", "event", "room_sweep_failed", "error", err.Error())
		}
		return
	}
	ended, err := p.names(ctx, endExpired, now.Add(-p.hub.grace), p.channel)
	if err != nil {
		if p.ctx.Err() == nil {
			p.log.Warn("rooms not swept", "event", "room_sweep_failed", "error", err.Error())
		}
		return
	}
	for _, n := range paused {
		p.log.Info("room lease ran out", "event", "room_lease_expired", "room", n)
	}
	if len(ended) > 0 {
		p.forget(ctx, ended)
	}
	if _, err := p.pool.Exec(ctx, `DELETE FROM briefing_room_last WHERE left_at < $1`, now.Add(-12*time.Hour)); err != nil && p.ctx.Err() == nil {
		p.log.Warn("rooms not swept", "event", "room_sweep_failed", "error", err.Error())
	}
	// The seats of a server that stopped: long uncounted, now deleted.
	if _, err := p.pool.Exec(ctx, `DELETE FROM briefing_room_members WHERE seen < $1`, now.Add(-3*p.lease)); err != nil && p.ctx.Err() == nil {
		p.log.Warn("rooms not swept", "event", "room_sweep_failed", "error", err.Error())
	}
}

// names runs a sweep statement and returns the rooms it changed.
func (p *pgRooms) names(ctx context.Context, sql string, args ...any) ([]string, error) {
	rows, err := p.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n, nil); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// listen keeps a connection LISTENing, connecting again with backoff when
// it is lost.
func (p *pgRooms) listen() {
	defer p.loops.Done()
	backoff := listenBackoffMin
	for attempt := 1; ; attempt++ {
		if p.test.connect != nil {
			p.test.connect(attempt)
		}
		connected, err := p.listenOnce()
		if p.ctx.Err() != nil {
			return
		}
		if connected {
			backoff = listenBackoffMin
		}
		p.log.Warn("rooms listener lost the database", "event", "rooms_listen_lost",
			"error", err.Error(), "retry_in", backoff.String())
		select {
		case <-p.ctx.Done():
			return
		case <-time.After(backoff): // real time: a database coming back is no test's clock
		}
		backoff = min(2*backoff, listenBackoffMax)
	}
}

// listenOnce connects, LISTENs, reads every room this server has seats in
// (what it missed while not listening), then applies notifications until
// the connection fails. connected says it got as far as LISTEN.
func (p *pgRooms) listenOnce() (connected bool, err error) {
	cfg := p.listenConfig.Copy()
	cfg.RuntimeParams["application_name"] = "briefing rooms " + p.server
	conn, err := pgx.ConnectConfig(p.ctx, cfg)
	if err != nil {
		return false, err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = conn.Close(ctx)
	}()
	if _, err := conn.Exec(p.ctx, "LISTEN "+pgx.Identifier{p.channel}.Sanitize()); err != nil {
		return false, err
	}
	pid := conn.PgConn().PID()
	p.listenPID.Store(pid)
	p.resync()
	p.log.Info("rooms listening", "event", "rooms_listening", "channel", p.channel, "backend_pid", pid)
	if p.test.listening != nil {
		p.test.listening(pid)
	}
	for {
		n, err := conn.WaitForNotification(p.ctx)
		if err != nil {
			return true, err
		}
		p.notified(n.Payload)
	}
}

// resync reads every room this server has a copy of.
func (p *pgRooms) resync() {
	p.hub.mu.Lock()
	names := make([]string, 0, len(p.hub.rooms))
	for n := range p.hub.rooms {
		names = append(names, n)
	}
	p.hub.mu.Unlock()
	for _, n := range names {
		p.refresh(n)
	}
}

// notified reads the room of a notification "name:version" when this
// server has a copy of it older than version.
func (p *pgRooms) notified(payload string) {
	i := strings.LastIndexByte(payload, ':')
	if i < 0 {
		return
	}
	name := payload[:i]
	v, err := strconv.ParseInt(payload[i+1:], 10, 64)
	if err != nil {
		return
	}
	r := p.local(name)
	if r == nil {
		return
	}
	r.mu.Lock()
	seen := r.version
	r.mu.Unlock()
	if v > seen {
		p.refresh(name)
	}
}

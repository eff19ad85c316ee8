package serve

import (
	"errors"
	"time"

	"github.com/briefing-dev/briefing/model"
)

// A room shared between servers. Each server's localHub keeps the seats of
// its own sessions and tells them of changes, exactly as on one server;
// what the servers share (the room's state, its presenter, its position)
// goes through a roomShare. The presenter's server writes it; the others
// are told of each write, read it back and apply it to their own copy of
// the room (apply), which notifies their seats.

// roomShare is where a hub's rooms meet those of other servers
// (pgRooms, room_pg.go).
type roomShare interface {
	// known reports whether the room name is open, paused or was opened
	// on any server.
	known(name string) bool
	// list is the live and paused rooms of every server.
	list() ([]model.RoomInfo, error)
	// claim makes who the presenter of the room name, atomically across
	// servers, unless someone else presents it there now; the caller
	// applies what it returns (takeClaim). r.mu is not held: a claim
	// waits for the database.
	claim(name string, who Person) (claimed, error)
	// put queues r's shared part to be written; the latest put of a room
	// wins. The write holds only while sh.From still presents the room.
	// r.mu is held: put never blocks.
	put(r *room, sh sharedRoom)
	// refresh reads the room name and applies it to this server's copy.
	refresh(name string)
	// ask sends q to the presenter of the room name, wherever they are;
	// an error says it was not sent. r.mu is not held.
	ask(name string, q model.RoomQuestion) error
	// answer marks question id of the room name answered. r.mu is not
	// held.
	answer(name string, id int)
	// seats replaces this server's seats of r with seats (the latest
	// wins); r.mu is held: it never blocks.
	seats(r *room, seats []sharedSeat)
	// members is who is in the room name on the other servers; their IDs
	// start with elsewherePrefix (offer takes them).
	members(name string) []model.RoomMember
	// offer offers the room name, presented by from, to the seat of
	// another server that the member ID to names. r.mu is not held.
	offer(name string, from Person, to string) error
	// accept gives the room name to who, whom its presenter on another
	// server offered it, unless the offer was withdrawn meanwhile; it
	// returns the room's version that made who its presenter. r.mu is
	// not held.
	accept(name string, who Person) (int64, error)
	// decline refuses the offer who has from a presenter on another
	// server. r.mu is not held.
	decline(name string, who Person)
	// left notes that key's session left the live room name.
	left(key, name string)
	// rejoin is the live room key's session last left, on any server,
	// unless key presents it (a presenter comes back by the room's name).
	rejoin(key string) (string, bool)
	// expire ends the rooms paused for longer than their grace time, and
	// pauses those whose presenter's lease ran out.
	expire()
}

// sharedRoom is the part of a room every server sees.
type sharedRoom struct {
	State     model.RoomState
	Holder    uint64 // the presenting session, on the server that holds the room; 0 when none
	From      uint64 // the session that presented when this was put: the write's condition
	Key, Name string // the presenter, or the presenter away while paused
	Pos       model.RoomPosition
	PullSeq   uint64
	AwaySince time.Time
	// An offer of the room to a seat (OfferSeat) of this server when
	// OfferHere, from the presenter OfferFrom; the last to decline one,
	// and how many have.
	OfferHere   bool
	OfferSeat   uint64
	OfferFrom   string
	Declined    string
	DeclinedSeq uint64
}

// elsewherePrefix starts the member ID of someone on another server.
const elsewherePrefix = "elsewhere:"

// claimed is what a claim read back: the shared room at the version the
// claim wrote, and the room's questions.
type claimed struct {
	room      sharedRoom
	version   int64
	questions []model.RoomQuestion
}

// takeClaim applies c, the claim of the room made for its presenter-to-be;
// false when the room moved on past it while the claim ran (a later
// version was applied, or it ended). r.mu is held.
func (r *room) takeClaim(c claimed) bool {
	if r.version > c.version || r.state == model.RoomEnded {
		return false
	}
	r.version, r.pos, r.pullSeq, r.remoteDeclined = c.version, c.room.Pos, c.room.PullSeq, c.room.DeclinedSeq
	r.questions, r.open, r.nextQ = nil, 0, 0
	for _, q := range c.questions {
		r.addQuestion(q)
		r.nextQ = q.ID
	}
	return true
}

// acceptElsewhere takes the room that a presenter on another server
// offered s; r.mu is held on entry, and the returned call, which writes
// to the share, runs without it.
func (r *room) acceptElsewhere(s *seat) func() error {
	from, who := s.offer, s.who
	return func() error {
		v, err := r.hub.share.accept(r.name, who)
		r.mu.Lock()
		defer r.mu.Unlock()
		if err != nil {
			s.offer = ""
			r.changed()
			return err
		}
		// The share made s the presenter at version v: unless the room
		// moved on past it meanwhile, or s left.
		if s.left || r.version > v || r.state != model.RoomLive || (r.presenter != nil && r.presenter != s) {
			s.offer = ""
			r.changed()
			return errors.New("the offer is no longer open")
		}
		r.version = v
		r.takeOffer(s, from)
		return nil
	}
}

// takeOffer makes s, offered the room by from on another server, its
// presenter; r.mu is held.
func (r *room) takeOffer(s *seat, from string) {
	r.presenter, r.remote, s.following, s.hand = s, "", false, false
	for _, o := range r.order {
		o.offer = ""
	}
	r.recountHands()
	r.epoch++
	r.hub.log.Info("room handed over", "event", "room_handover", "room", r.name, "from", from, "to", s.who.Key)
	r.changed()
}

// sharedSeat is one seat of a room on one server, as the others see it.
type sharedSeat struct {
	ID                          uint64
	Name, Key                   string
	CanPresent, Following, Hand bool
}

// apply brings this server's copy of r to sh, version v of the shared
// room; here says the room is held by a session of this server. r.mu is
// held.
func (r *room) apply(sh sharedRoom, v int64, here bool) {
	if v <= r.version {
		return // older than what this server has seen, or seen
	}
	r.version = v
	if sh.DeclinedSeq > r.remoteDeclined {
		r.remoteDeclined = sh.DeclinedSeq
		if r.presenter != nil { // told to the presenter, here
			r.declined = sh.Declined
			r.declinedSeq++
			r.changed()
		}
	}
	if r.presenter != nil {
		if sh.State == model.RoomLive && here && sh.Holder == r.presenter.who.ID {
			return // this server's own write, come back
		}
		// The room moved on without this server's presenter: their lease
		// ran out, or it was taken while they were away from the database.
		r.hub.log.Info("room presenter lost the room", "event", "room_lost", "room", r.name, "presenter", r.presenter.who.Key)
		r.presenter.following = true
		r.presenter = nil
	}
	switch sh.State {
	case model.RoomWaiting:
		return
	case model.RoomLive:
		if r.state == model.RoomPaused {
			r.epoch++ // its grace timer does nothing now
		}
		r.state, r.remote, r.awayKey, r.awayName = model.RoomLive, sh.Name, "", ""
		if sh.PullSeq > r.pullSeq {
			for _, o := range r.order {
				o.following = true
			}
		}
		r.pullSeq, r.pos = sh.PullSeq, sh.Pos
		for _, o := range r.order {
			from := ""
			if sh.OfferHere && o.who.ID == sh.OfferSeat {
				from = sh.OfferFrom
			}
			o.setOffer(from)
		}
	case model.RoomPaused:
		fresh := r.state != model.RoomPaused || !r.awaySince.Equal(sh.AwaySince)
		r.state, r.remote = model.RoomPaused, ""
		r.awayKey, r.awayName, r.awaySince = sh.Key, sh.Name, sh.AwaySince
		r.pullSeq, r.pos = sh.PullSeq, sh.Pos
		if fresh {
			r.hold("its presenter is away")
		}
	case model.RoomEnded:
		// Those waiting for a room that ended before they came wait on
		// for its next opening.
		if r.state != model.RoomEnded && r.state != model.RoomWaiting {
			r.end("ended on another server")
		}
		return
	}
	r.changed()
}

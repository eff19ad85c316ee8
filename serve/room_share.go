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

// takeClaim applies c, the claim of the room that the database granted to
// the session who of this server; false when the room moved on past it
// (a later version that names another presenter was applied), or ended.
// A later version that still names who does not undo the claim: it is
// the write of a follower's seats, or any other write after the claim,
// whose notification came before the claim's answer. Refusing then would
// leave the database naming a presenter that this server never seated.
// r.mu is held.
func (r *room) takeClaim(c claimed, who uint64) bool {
	if r.state == model.RoomEnded {
		return false
	}
	if r.version > c.version {
		if r.state != model.RoomLive || r.holder != who {
			return false
		}
	} else {
		r.version, r.pos, r.pullSeq, r.remoteDeclined = c.version, c.room.Pos, c.room.PullSeq, c.room.DeclinedSeq
	}
	r.holder = who
	r.questions, r.open, r.nextQ = nil, 0, 0
	for _, q := range c.questions {
		r.addQuestion(q)
		r.nextQ = q.ID
	}
	return true
}

// endedBefore reports whether r ended here at a version older than v: a
// claim at v opened the room again after that end, in a copy of it that
// this server has yet to make. r.mu is held.
func (r *room) endedBefore(v int64) bool {
	return r.state == model.RoomEnded && r.version < v
}

// acceptElsewhere takes the room that a presenter on another server
// offered s; r.mu is held on entry, and the returned call, which writes
// to the share, runs without it.
func (r *room) acceptElsewhere(s *seat) func() error {
	from, who := s.offer, s.who
	return func() error {
		v, err := r.hub.share.accept(r.name, who)
		if err := r.acceptedElsewhere(s, from, v, err); err != nil {
			return err
		}
		// The presenter's queue of questions is the room's: read it.
		r.hub.share.refresh(r.name)
		return nil
	}
}

// acceptedElsewhere makes s the presenter, as the share's accept said at
// version v (unless err), or says why not; from offered s the room.
func (r *room) acceptedElsewhere(s *seat, from string, v int64, err error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		s.offer = ""
		r.changed()
		return err
	}
	// The share made s the presenter at version v. A later version
	// applied meanwhile (the notification of a write that followed,
	// such as the old presenter's server counting its seats) refuses
	// it only when it names someone else: the database then does too.
	if r.state == model.RoomEnded || r.version > v && (r.state != model.RoomLive || r.holder != s.who.ID) {
		s.offer = ""
		r.changed()
		return errors.New("the offer is no longer open")
	}
	r.version = max(r.version, v)
	r.holder = s.who.ID
	if r.presenter != nil && r.presenter != s {
		r.presenter.following = true // a claim older than v: the database gave the room to s since
	}
	if r.state != model.RoomLive {
		r.state, r.awayKey, r.awayName = model.RoomLive, "", ""
	}
	r.takeOffer(s, from)
	if s.left {
		// The database names s, who left while it answered: the room
		// pauses as when any presenter leaves.
		r.pause(s)
		return errors.New("you left the room")
	}
	return nil
}

// takeOffer makes s, offered the room by from on another server, its
// presenter; r.mu is held.
func (r *room) takeOffer(s *seat, from string) {
	r.presenter, r.remote, s.following, s.hand = s, "", false, false
	// The queue is the room's: the share's next read brings it whole.
	r.questions, r.open, r.nextQ = nil, 0, 0
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
	r.holder = 0
	if sh.State == model.RoomLive && here {
		r.holder = sh.Holder
	}
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

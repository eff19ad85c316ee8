package serve

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/model"
)

// Briefing rooms: one person presents, everyone in the room follows on
// their own terminal. A room shares a position (model.RoomPosition), never
// a screen; each follower's own model shows it at their width and theme.
//
// The rooms of a server are kept by a Hub. The one here keeps them in the
// process (localHub); with a roomShare (room_pg.go) the same hub carries
// its rooms across servers: each server keeps the seats of its own
// sessions and fans changes out to them as here, and the room's shared
// part (state, presenter, position) lives in the share. A session reaches
// its room through a member
// (room_member.go), which gives the model its model.Rooms and sends it a
// model.RoomMsg each time its room changes: the hub only calls a seat's
// notify function, which never blocks, and the member reads the room's
// state when it can, so the latest state wins and a slow follower holds up
// nobody.

// Person is someone in a room: one session, as a hub knows it.
type Person struct {
	ID         uint64 // the session, unique on the server
	Key        string // the key's fingerprint; "" when anonymous
	Name       string // shown to the others (the key's comment, or a short fingerprint)
	CanPresent bool   // the key is in the presenters file
}

// Seat is one person's place in a room.
type Seat interface {
	// Room is the room's name.
	Room() string
	// State is the room as this seat sees it now.
	State() model.RoomMsg
	// Members is who is in the room, the presenter first.
	Members() []model.RoomMember
	// Questions is the room's questions for its presenter (others get none).
	Questions() []model.RoomQuestion
}

// Hub keeps the rooms of a server. notify, given with a seat, is called
// (never while it could block the hub: it must return at once) each time
// the room changes in a way the seat shows.
type Hub interface {
	// Rooms lists the live and paused rooms, by name.
	Rooms() []model.RoomInfo
	// Known reports whether name names a room: one declared, or one
	// opened since the server started.
	Known(name string) bool
	// Join seats who in the room name: as a follower in a live room, as
	// its presenter when who presented it and comes back within the grace
	// time, waiting when it has not opened yet.
	Join(name string, who Person, notify func()) (Seat, error)
	// Rejoin seats who in the live room they were in when their last
	// session ended, if there is one.
	Rejoin(who Person, notify func()) (Seat, error)
	// Open opens the room name with who presenting, or gives it to who
	// while its presenter is away. who must be allowed to present.
	Open(name string, who Person, notify func()) (Seat, error)
	// Report tells the room where a seat is: a presenter's position is
	// published to every follower (the latest at most every
	// PublishInterval); a follower's says whether they follow.
	Report(s Seat, rep model.RoomReport)
	// Act does what a seat asks: a question, a hand, a handover…
	Act(s Seat, a model.RoomAction) error
	// Leave takes a seat out of its room. A presenter who leaves pauses
	// the room for the grace time.
	Leave(s Seat)
}

// PublishInterval is how often at most a room sends its followers a new
// position: only the latest counts.
const PublishInterval = 50 * time.Millisecond

// DefaultPresenterGrace is how long a room waits for its presenter (or
// another) to come back before it ends.
const DefaultPresenterGrace = 5 * time.Minute

// Questions: at most maxQuestion characters, at most questionsPerMinute
// from one key.
const (
	maxQuestion        = 280
	questionsPerMinute = 3
	maxQuestions       = 500 // kept per room; the oldest answered go first
)

// localHub keeps the rooms of one server in its memory.
type localHub struct {
	clock clock // grace, question limits, away times: the server's (test) clock
	grace time.Duration
	log   *slog.Logger

	mu       sync.Mutex
	rooms    map[string]*room
	declared map[string]bool
	opened   map[string]bool   // every name opened since start
	lastRoom map[string]string // key -> the room their last session was in

	// share carries the rooms to the other servers; nil keeps them here.
	// Set before the server serves.
	share roomShare

	// offers numbers the offers of a room to a seat, across all rooms:
	// a session tells a new offer from one it declined by its number,
	// even when the state between them never reached it.
	offers atomic.Uint64
}

// newLocalHub returns an empty hub; names are declared rooms.
func newLocalHub(c clock, grace time.Duration, names []string, log *slog.Logger) *localHub {
	h := &localHub{clock: c, grace: grace, log: log, rooms: map[string]*room{},
		declared: map[string]bool{}, opened: map[string]bool{}, lastRoom: map[string]string{}}
	for _, n := range names {
		if n, ok := RoomName(n); ok {
			h.declared[n] = true
		}
	}
	return h
}

// RoomName is the room an SSH user name names, lower-cased: letters,
// digits, '.', '_' and '-', at most 32, starting with a letter or digit.
func RoomName(user string) (string, bool) {
	if user == "" || len(user) > 32 {
		return "", false
	}
	n := strings.ToLower(user)
	for i, r := range n {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || i > 0 && (r == '.' || r == '_' || r == '-')
		if !ok {
			return "", false
		}
	}
	return n, true
}

// room is one room; its fields are guarded by mu.
type room struct {
	hub  *localHub
	name string

	mu        sync.Mutex
	state     model.RoomState
	presenter *seat
	awayKey   string // the key that presented, while paused
	awayName  string
	awaySince time.Time
	epoch     int // bumped on each pause and resume: a grace timer of an older one does nothing
	pos       model.RoomPosition
	pullSeq   uint64
	order     []*seat // in the order they came
	hands     int
	questions []model.RoomQuestion
	open      int // questions not answered
	nextQ     int
	asked     map[string][]time.Time // recent questions per key

	declined    string // who last declined an offer of the room
	declinedSeq uint64 // declines, counted: the presenter is told of each

	lastFlush time.Time // wall clock: coalescing is not a test's business
	flushing  bool

	// With a share: remote names the presenter of a live room who sits on
	// another server (presenter is nil then); version is the share's
	// version of the room last applied here.
	remote  string
	version int64
	// holder is the session of this server that holds the room at
	// version, as the share said last; 0 when none here does.
	holder uint64
	// elsewhere and handsElsewhere count the people (the presenter among
	// them) and raised hands of the room on other servers; seats is what
	// was last handed to the share of the seats here.
	elsewhere, handsElsewhere int
	seats                     []sharedSeat
	remoteDeclined            uint64 // the share's count of declines, last seen
}

// seat is one person in one room.
type seat struct {
	r         *room
	who       Person
	notify    func()
	following bool
	hand      bool
	offer     string // the presenter offering this seat the room
	offerSeq  uint64 // the offer's number (localHub.offers)
	left      bool
}

// setOffer makes from's offer the seat's ("" withdraws it); an offer that
// was not there already gets a new number. r.mu is held.
func (s *seat) setOffer(from string) {
	if from != "" && from != s.offer {
		s.offerSeq = s.r.hub.offers.Add(1)
	}
	s.offer = from
}

func (s *seat) Room() string { return s.r.name }

// Rooms lists the live and paused rooms.
func (h *localHub) Rooms() []model.RoomInfo {
	if h.share != nil {
		if out, err := h.share.list(); err == nil {
			return out
		}
	}
	h.mu.Lock()
	rooms := make([]*room, 0, len(h.rooms))
	for _, r := range h.rooms {
		rooms = append(rooms, r)
	}
	h.mu.Unlock()
	var out []model.RoomInfo
	for _, r := range rooms {
		r.mu.Lock()
		if r.state == model.RoomLive || r.state == model.RoomPaused {
			out = append(out, model.RoomInfo{Name: r.name, Presenter: r.presenterName(), Followers: r.followers(), State: r.state})
		}
		r.mu.Unlock()
	}
	slices.SortFunc(out, func(a, b model.RoomInfo) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Known reports whether name names a room.
func (h *localHub) Known(name string) bool {
	h.mu.Lock()
	known := h.declared[name] || h.opened[name] || h.rooms[name] != nil
	h.mu.Unlock()
	return known || h.share != nil && h.share.known(name)
}

// roomFor returns the room name, made (waiting) when create is set.
func (h *localHub) roomFor(name string, create bool) *room {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.rooms[name]
	if r == nil && create {
		r = &room{hub: h, name: name, state: model.RoomWaiting, asked: map[string][]time.Time{}}
		h.rooms[name] = r
	}
	return r
}

// drop forgets an ended room, or a waiting room nobody waits in.
func (h *localHub) drop(r *room) {
	h.mu.Lock()
	if h.rooms[r.name] == r {
		delete(h.rooms, r.name)
	}
	h.mu.Unlock()
}

// errNoRoom is why a name without a room cannot be joined.
var errNoRoom = errors.New("no such room")

// Join seats who in room name.
func (h *localHub) Join(name string, who Person, notify func()) (Seat, error) {
	if !h.Known(name) {
		return nil, errNoRoom
	}
	var granted *claimed // a claim the database granted for a copy of the room that ended here first
	for {
		r := h.roomFor(name, true)
		r.mu.Lock()
		if r.state == model.RoomEnded { // ended between the lookup and the lock
			r.mu.Unlock()
			h.drop(r)
			continue
		}
		s := r.seat(who, notify)
		back := granted != nil || r.state == model.RoomPaused && who.CanPresent && who.Key != "" && who.Key == r.awayKey
		if back && h.share != nil {
			c, err := granted, error(nil)
			if c == nil {
				// The claim waits for the database: not with the room's
				// lock, which its seats and the share's notifications need
				// meanwhile.
				r.changed()
				r.mu.Unlock()
				var got claimed
				got, err = h.share.claim(name, who)
				c = &got
				r.mu.Lock()
			}
			if err == nil && r.endedBefore(c.version) {
				// The room ended here, then the claim opened it again: seat
				// who in the room's next copy, with the claim.
				r.order = slices.DeleteFunc(r.order, func(o *seat) bool { return o == s })
				r.mu.Unlock()
				h.drop(r)
				granted = c
				continue
			}
			back = err == nil && r.takeClaim(*c, who.ID)
		}
		if back {
			r.resume(s)
		}
		r.changed()
		r.mu.Unlock()
		if h.share != nil {
			h.share.refresh(name)
		}
		return s, nil
	}
}

// Rejoin seats who in the live room their last session was in.
func (h *localHub) Rejoin(who Person, notify func()) (Seat, error) {
	if who.Key == "" {
		return nil, errNoRoom
	}
	if h.share != nil {
		// The session may have ended on another server.
		name, ok := h.share.rejoin(who.Key)
		if !ok {
			return nil, errNoRoom
		}
		return h.Join(name, who, notify)
	}
	h.mu.Lock()
	name := h.lastRoom[who.Key]
	r := h.rooms[name]
	h.mu.Unlock()
	if r == nil {
		return nil, errNoRoom
	}
	r.mu.Lock()
	live := r.state == model.RoomLive || r.state == model.RoomPaused
	// A presenter who left their own room comes back to it by its name
	// (ssh ROOM@host) or with P: under another user name they may be
	// about to open another room.
	own := r.awayKey == who.Key || (r.presenter != nil && r.presenter.who.Key == who.Key)
	r.mu.Unlock()
	if !live || own {
		return nil, errNoRoom
	}
	return h.Join(name, who, notify)
}

// Open opens room name with who presenting.
func (h *localHub) Open(name string, who Person, notify func()) (Seat, error) {
	if !who.CanPresent {
		return nil, errors.New("only presenters' keys open rooms: yours is not in the server's presenters file")
	}
	var granted *claimed // the database's answer to the claim, kept when the room must be made again
	for {
		r := h.roomFor(name, true)
		r.mu.Lock()
		if r.state == model.RoomEnded {
			r.mu.Unlock()
			h.drop(r)
			continue
		}
		if r.state == model.RoomLive && r.presenter != nil && r.presenter.who.ID != who.ID {
			p := r.presenter.who.Name
			r.mu.Unlock()
			return nil, fmt.Errorf("%s presents this room; they can hand it to you with P", p)
		}
		if h.share != nil {
			if granted == nil {
				// The share decides, atomically, across servers; without
				// the room's lock, which its seats and the share's
				// notifications need while the database answers.
				r.mu.Unlock()
				c, err := h.share.claim(name, who)
				if err != nil {
					return nil, err
				}
				granted = &c
				r.mu.Lock()
			}
			if r.endedBefore(granted.version) {
				// The room ended here, then the claim opened it again:
				// the claim goes to the room's next copy.
				r.mu.Unlock()
				h.drop(r)
				continue
			}
			if !r.takeClaim(*granted, who.ID) {
				r.mu.Unlock()
				return nil, errors.New("the room changed meanwhile: try again in a moment")
			}
		}
		s := r.seat(who, notify)
		switch {
		case r.state == model.RoomLive && r.presenter == s:
		case r.state == model.RoomPaused || r.state == model.RoomLive:
			r.resume(s) // paused, or a presenter elsewhere whose lease ran out
		default:
			r.state, r.presenter, r.remote = model.RoomLive, s, ""
			s.following = false
			for _, o := range r.order {
				o.following = o != s
			}
			h.log.Info("room opened", "event", "room_open", "room", name, "presenter", who.Key)
		}
		r.changed()
		r.mu.Unlock()
		h.mu.Lock()
		h.opened[name] = true
		h.mu.Unlock()
		if h.share != nil {
			// Questions asked between the claim's read of them and now
			// came by notifications that found no presenter here.
			h.share.refresh(name)
		}
		return s, nil
	}
}

// seat returns who's seat in r, making it; r.mu is held.
func (r *room) seat(who Person, notify func()) *seat {
	for _, s := range r.order {
		if s.who.ID == who.ID {
			return s
		}
	}
	s := &seat{r: r, who: who, notify: notify, following: true}
	r.order = append(r.order, s)
	return s
}

// resume gives a paused room to s; r.mu is held.
func (r *room) resume(s *seat) {
	r.state, r.presenter, r.awayKey, r.awayName, r.remote = model.RoomLive, s, "", "", ""
	r.epoch++
	s.following, s.hand = false, false
	r.recountHands()
	r.hub.log.Info("room resumed", "event", "room_resume", "room", r.name, "presenter", s.who.Key)
}

// Report takes a seat's place: a presenter's position is published.
func (h *localHub) Report(st Seat, rep model.RoomReport) {
	s, ok := st.(*seat)
	if !ok {
		return
	}
	r := s.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.left {
		return
	}
	if r.presenter != s {
		if s.following != rep.Following && r.state != model.RoomWaiting {
			s.following = rep.Following
			r.presenceChanged()
		}
		return
	}
	if rep.Pos == r.pos {
		return
	}
	r.pos = rep.Pos
	r.publish()
}

// publish sends the position to the followers now, or, when a position
// went out less than PublishInterval ago, once that has passed (the latest
// then); r.mu is held.
func (r *room) publish() {
	if r.flushing {
		return // the flush already scheduled sends the latest
	}
	wait := PublishInterval - time.Since(r.lastFlush)
	if wait <= 0 {
		r.lastFlush = time.Now()
		r.changed()
		r.share()
		return
	}
	r.flushing = true
	time.AfterFunc(wait, func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.flushing = false
		r.lastFlush = time.Now()
		r.changed()
		r.share()
	})
}

// share hands the room's shared part to the hub's share, as its presenter
// has it now; r.mu is held, and the presenter is a seat here.
func (r *room) share() {
	if r.hub.share != nil && r.presenter != nil {
		r.hub.share.put(r, r.shared(r.presenter.who.ID))
	}
}

// shared is the room's shared part, to be written only while the seat
// from presents it; r.mu is held.
func (r *room) shared(from uint64) sharedRoom {
	sh := sharedRoom{State: r.state, From: from, Pos: r.pos, PullSeq: r.pullSeq,
		Key: r.awayKey, Name: r.awayName, AwaySince: r.awaySince}
	if r.presenter != nil {
		sh.Holder, sh.Key, sh.Name = r.presenter.who.ID, r.presenter.who.Key, r.presenter.who.Name
	}
	return sh
}

// changed tells every seat the room changed; r.mu is held.
func (r *room) changed() {
	for _, s := range r.order {
		s.notify()
	}
	if r.hub.share != nil {
		r.shareSeats()
	}
}

// shareSeats hands the seats here to the share when they changed; r.mu
// is held.
func (r *room) shareSeats() {
	seats := make([]sharedSeat, 0, len(r.order))
	for _, o := range r.order {
		seats = append(seats, sharedSeat{ID: o.who.ID, Name: o.who.Name, Key: o.who.Key, CanPresent: o.who.CanPresent,
			Following: o.following && o != r.presenter, Hand: o.hand})
	}
	if r.seats != nil && slices.Equal(seats, r.seats) {
		return
	}
	r.seats = seats
	r.hub.share.seats(r, seats)
}

// presenceChanged tells the presenter (their counters, their "who's here")
// and anyone else; the followers' counters change too.
func (r *room) presenceChanged() { r.changed() }

// followers is how many are in the room besides its presenter; r.mu is held.
func (r *room) followers() int {
	n := len(r.order) + r.elsewhere
	if r.presenter != nil || r.remote != "" {
		n-- // the presenter, here or among those elsewhere
	}
	return max(n, 0)
}

func (r *room) presenterName() string {
	if r.presenter != nil {
		return r.presenter.who.Name
	}
	if r.remote != "" {
		return r.remote
	}
	return r.awayName
}

func (r *room) recountHands() {
	r.hands = 0
	for _, s := range r.order {
		if s.hand {
			r.hands++
		}
	}
}

// State is the room as s sees it.
func (s *seat) State() model.RoomMsg {
	r := s.r
	r.mu.Lock()
	defer r.mu.Unlock()
	msg := model.RoomMsg{
		Room: r.name, State: r.state, Presenter: r.presenterName(), AwaySince: r.awaySince,
		Pos: r.pos, PullSeq: r.pullSeq, Followers: r.followers(), Hands: r.hands + r.handsElsewhere,
		HandUp: s.hand, Offer: s.offer, OfferSeq: s.offerSeq, CanPresent: s.who.CanPresent,
	}
	switch {
	case s.left || r.state == model.RoomWaiting || r.state == model.RoomEnded:
		msg.Role = model.RoleNone
	case r.presenter == s:
		msg.Role, msg.Questions = model.RolePresenter, r.open
		msg.Declined, msg.DeclinedSeq = r.declined, r.declinedSeq
	default:
		msg.Role = model.RoleFollower
	}
	if s.left && r.state != model.RoomEnded {
		msg.State = model.RoomEnded
	}
	return msg
}

// Members is who is in the room, the presenter first.
func (s *seat) Members() []model.RoomMember {
	r := s.r
	var elsewhere []model.RoomMember // on other servers, the presenter among them when there
	if r.hub.share != nil {
		elsewhere = r.hub.share.members(r.name)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]model.RoomMember, 0, len(r.order)+len(elsewhere))
	for _, m := range elsewhere {
		if m.Presenter && r.presenter == nil {
			out = append(out, m)
		}
	}
	member := func(o *seat) model.RoomMember {
		return model.RoomMember{ID: strconv.FormatUint(o.who.ID, 10), Name: o.who.Name, Presenter: o == r.presenter,
			Following: o.following && o != r.presenter, Hand: o.hand, CanPresent: o.who.CanPresent}
	}
	if r.presenter != nil {
		out = append(out, member(r.presenter))
	}
	for _, o := range r.order {
		if o != r.presenter {
			out = append(out, member(o))
		}
	}
	for _, m := range elsewhere {
		if !m.Presenter {
			out = append(out, m)
		}
	}
	return out
}

// Questions is the room's questions, for its presenter.
func (s *seat) Questions() []model.RoomQuestion {
	r := s.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.presenter != s {
		return nil
	}
	return slices.Clone(r.questions)
}

// Act does what a seat asks.
func (h *localHub) Act(st Seat, a model.RoomAction) error {
	s, ok := st.(*seat)
	if !ok {
		return errors.New("not a seat of this server")
	}
	r := s.r
	r.mu.Lock()
	call, err := r.act(s, a)
	r.mu.Unlock()
	if err != nil || call == nil {
		return err
	}
	// What the share is asked goes to the database: without the room's
	// lock, which its other seats and the share's notifications (of every
	// room) need while the database answers.
	return call()
}

// act does what s asks; r.mu is held. What must then be asked of the
// share comes back as call, to run without r.mu.
func (r *room) act(s *seat, a model.RoomAction) (call func() error, err error) {
	if s.left || (r.state != model.RoomLive && r.state != model.RoomPaused) {
		return nil, errors.New("the room is not live")
	}
	presenting := r.presenter == s
	switch a.Kind {
	case model.ActAsk:
		return r.ask(s, a.Text, a.Pos)
	case model.ActHand:
		if s.who.Key == "" {
			return nil, errors.New("anonymous readers may follow, not raise a hand")
		}
		if presenting {
			return nil, errors.New("the presenter has no hand to raise")
		}
		s.hand = a.On
		r.recountHands()
	case model.ActPull:
		if !presenting {
			return nil, errors.New("only the presenter brings everyone back")
		}
		r.pullSeq++
		for _, o := range r.order {
			if o != s {
				o.following = true
			}
		}
		r.share()
	case model.ActAnswer:
		if !presenting {
			return nil, errors.New("only the presenter answers questions")
		}
		for i := range r.questions {
			if q := &r.questions[i]; q.ID == a.ID && !q.Answered {
				q.Answered = true
				r.open--
				if r.hub.share != nil {
					name, id := r.name, q.ID
					call = func() error { r.hub.share.answer(name, id); return nil }
				}
			}
		}
	case model.ActOffer:
		return r.offer(s, a.To)
	case model.ActAccept:
		return r.accept(s)
	case model.ActDecline:
		if s.offer != "" && r.presenter != nil && r.presenter.who.Name == s.offer {
			r.declined = s.who.Name
			r.declinedSeq++
		} else if s.offer != "" && r.remote == s.offer && r.hub.share != nil {
			name, who := r.name, s.who // the presenter is on another server
			call = func() error { r.hub.share.decline(name, who); return nil }
		}
		s.offer = ""
	case model.ActEnd:
		if !presenting {
			return nil, errors.New("only the presenter ends the room")
		}
		if r.hub.share != nil {
			sh := r.shared(s.who.ID)
			sh.State, sh.Holder = model.RoomEnded, 0
			r.hub.share.put(r, sh)
		}
		r.end("ended by its presenter")
		return nil, nil
	default:
		return nil, errors.New("unknown room action")
	}
	r.changed()
	return call, nil
}

// ask adds a question from s; r.mu is held. With a share, the question
// is sent by the returned call, without r.mu.
func (r *room) ask(s *seat, text string, at model.RoomPosition) (func() error, error) {
	if s.who.Key == "" {
		return nil, errors.New("anonymous readers may follow but not ask")
	}
	if r.presenter == s {
		return nil, errors.New("the presenter takes questions, not asks them")
	}
	text = cleanQuestion(text)
	if text == "" {
		return nil, errors.New("an empty question is not sent")
	}
	now := r.hub.clock.Now()
	recent := r.asked[s.who.Key][:0]
	for _, t := range r.asked[s.who.Key] {
		if now.Sub(t) < time.Minute {
			recent = append(recent, t)
		}
	}
	if len(recent) >= questionsPerMinute {
		r.asked[s.who.Key] = recent
		wait := time.Minute - now.Sub(recent[0])
		return nil, fmt.Errorf("at most %d questions a minute: wait %ds", questionsPerMinute, int(wait.Seconds()+0.999))
	}
	r.asked[s.who.Key] = append(recent, now)
	q := model.RoomQuestion{From: s.who.Name, Text: text, Pos: at}
	if r.hub.share != nil {
		// The presenter may sit on another server: the question goes
		// through the share, and comes to the presenter's server from it.
		name := r.name
		return func() error { return r.hub.share.ask(name, q) }, nil
	}
	r.nextQ++
	q.ID = r.nextQ
	r.addQuestion(q)
	r.changed()
	return nil, nil
}

// addQuestion adds q to the presenter's queue; r.mu is held.
func (r *room) addQuestion(q model.RoomQuestion) {
	r.questions = append(r.questions, q)
	if !q.Answered {
		r.open++
	}
	if len(r.questions) > maxQuestions {
		r.trimQuestions()
	}
}

// trimQuestions drops the oldest answered questions, then the oldest.
func (r *room) trimQuestions() {
	for i, q := range r.questions {
		if q.Answered {
			r.questions = slices.Delete(r.questions, i, i+1)
			return
		}
	}
	r.questions = r.questions[1:]
	r.open--
}

// cleanQuestion is a question fit to show to others: control characters
// removed (termsafe's rule), line breaks as spaces, trimmed, at most
// maxQuestion characters.
func cleanQuestion(text string) string {
	text = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case termsafe.Forbidden(r) || r == utf8.RuneError:
			return -1
		}
		return r
	}, text)
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) > maxQuestion {
		text = string([]rune(text)[:maxQuestion])
	}
	return termsafe.Line(text)
}

// offer offers the room to the seat with ID to; r.mu is held. An offer
// to a seat of another server is made by the returned call, without r.mu.
func (r *room) offer(s *seat, to string) (func() error, error) {
	if r.presenter != s {
		return nil, errors.New("only the presenter hands the room over")
	}
	if r.hub.share != nil && strings.HasPrefix(to, elsewherePrefix) {
		name, from := r.name, s.who
		return func() error {
			if err := r.hub.share.offer(name, from, to); err != nil {
				return err
			}
			r.mu.Lock()
			r.changed()
			r.mu.Unlock()
			return nil
		}, nil
	}
	for _, o := range r.order {
		if strconv.FormatUint(o.who.ID, 10) != to || o == s {
			continue
		}
		if !o.who.CanPresent {
			return nil, fmt.Errorf("%s may not present", o.who.Name)
		}
		o.setOffer(s.who.Name)
		r.changed()
		return nil, nil
	}
	return nil, errors.New("they are no longer in the room")
}

// accept gives the room to s, who was offered it; r.mu is held. An offer
// from another server is taken by the returned call, without r.mu.
func (r *room) accept(s *seat) (func() error, error) {
	if r.hub.share != nil && s.offer != "" && r.presenter == nil && r.remote == s.offer && r.state == model.RoomLive {
		return r.acceptElsewhere(s), nil
	}
	if s.offer == "" || r.presenter == nil || r.presenter.who.Name != s.offer || r.state != model.RoomLive {
		s.offer = ""
		r.changed()
		return nil, errors.New("the offer is no longer open")
	}
	old := r.presenter
	old.following, old.hand = true, false
	r.presenter, s.following, s.hand = s, false, false
	if r.hub.share != nil {
		r.hub.share.put(r, r.shared(old.who.ID))
	}
	for _, o := range r.order {
		o.offer = ""
	}
	r.recountHands()
	r.epoch++
	r.hub.log.Info("room handed over", "event", "room_handover", "room", r.name, "from", old.who.Key, "to", s.who.Key)
	r.changed()
	return nil, nil
}

// Leave takes a seat out of its room.
func (h *localHub) Leave(st Seat) {
	s, ok := st.(*seat)
	if !ok {
		return
	}
	r := s.r
	r.mu.Lock()
	if s.left {
		r.mu.Unlock()
		return
	}
	s.left = true
	r.order = slices.DeleteFunc(r.order, func(o *seat) bool { return o == s })
	if s.hand {
		r.recountHands()
	}
	live := r.state == model.RoomLive || r.state == model.RoomPaused
	if live && s.who.Key != "" {
		// Before the room is told: whoever sees the seat gone may see
		// its key come back at once, and it must find its room. (h.mu is
		// never held while a room's lock is taken.)
		h.mu.Lock()
		h.lastRoom[s.who.Key] = r.name
		h.mu.Unlock()
	}
	if r.presenter == s {
		r.pause(s)
	}
	empty := len(r.order) == 0 && r.state == model.RoomWaiting
	r.changed()
	r.mu.Unlock()
	if empty {
		h.drop(r)
	}
	if live && s.who.Key != "" && h.share != nil {
		h.share.left(s.who.Key, r.name)
	}
}

// pause holds the room for the grace time after its presenter s left; r.mu
// is held.
func (r *room) pause(s *seat) {
	r.state, r.presenter = model.RoomPaused, nil
	r.awayKey, r.awayName, r.awaySince = s.who.Key, s.who.Name, r.hub.clock.Now()
	if r.hub.share != nil {
		r.hub.share.put(r, r.shared(s.who.ID))
	}
	r.hold("its presenter left")
}

// hold starts the grace time of a room just paused; r.mu is held. With a
// share, the end is the share's to decide (the presenter may have come
// back on another server): it is asked to end the rooms past their grace.
func (r *room) hold(why string) {
	r.epoch++
	epoch := r.epoch
	for _, o := range r.order {
		o.offer = ""
	}
	r.hub.log.Info("room paused", "event", "room_pause", "room", r.name, "why", why, "grace", r.hub.grace.String())
	wake := r.hub.clock.After(r.hub.grace)
	go func() {
		<-wake
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.state != model.RoomPaused || r.epoch != epoch {
			return
		}
		if r.hub.share != nil {
			go r.hub.share.expire()
			return
		}
		r.end("its presenter did not come back in time")
	}()
}

// end ends the room for everyone; r.mu is held.
func (r *room) end(why string) {
	r.state, r.presenter = model.RoomEnded, nil
	r.epoch++
	r.hub.log.Info("room ended", "event", "room_end", "room", r.name, "why", why)
	r.changed()
	go r.hub.drop(r)
}

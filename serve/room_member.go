package serve

import (
	"context"
	"errors"
	"fmt"
	"sync"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/briefing-dev/briefing/model"
)

// member is one session's link to the rooms of its server: the
// model.Rooms its model calls, and the goroutine that brings it its room.
//
// Changes reach the session through a one-slot mailbox: the hub's notify
// puts a token in it (or finds one there already) and returns; deliver
// takes the token, reads the room's state as it is then and sends it to
// the program. However many changes come while the program is busy, it
// gets one message with the latest state.
type member struct {
	hub  Hub
	who  Person
	user string // the room the SSH user name names; "" when it names none
	wake chan struct{}

	mu     sync.Mutex
	seat   Seat
	report model.RoomReport // the last one passed to the hub

	testReport func(key string, rep model.RoomReport) // Server.testHooks.roomReport
}

// newMember links a session to hub.
func newMember(hub Hub, who Person, user string) *member {
	return &member{hub: hub, who: who, user: user, wake: make(chan struct{}, 1)}
}

// notify is the seat's notify: it never blocks.
func (mb *member) notify() {
	select {
	case mb.wake <- struct{}{}:
	default:
	}
}

// start seats the session where it belongs when it connects: in the room
// its user name names (waiting, if it has not opened), or back in the room
// its key was in when its last session ended.
func (mb *member) start() {
	var s Seat
	var err error
	if mb.user != "" && mb.hub.Known(mb.user) {
		s, err = mb.hub.Join(mb.user, mb.who, mb.notify)
	} else {
		s, err = mb.hub.Rejoin(mb.who, mb.notify)
	}
	if err == nil {
		mb.setSeat(s)
	}
}

// setSeat makes s the session's seat, leaving the one it had.
func (mb *member) setSeat(s Seat) {
	mb.mu.Lock()
	old := mb.seat
	mb.seat, mb.report = s, model.RoomReport{}
	mb.mu.Unlock()
	if old != nil && old != s {
		mb.hub.Leave(old)
	}
	mb.notify()
}

func (mb *member) current() Seat {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	return mb.seat
}

// deliver sends the session its room each time it changes, until ctx ends.
func (mb *member) deliver(ctx context.Context, send func(tea.Msg)) {
	var seq uint64
	for {
		select {
		case <-ctx.Done():
			return
		case <-mb.wake:
		}
		s := mb.current()
		if s == nil {
			continue
		}
		msg := s.State()
		seq++
		msg.Seq = seq
		send(msg)
	}
}

// after is called with the session's model after each of its updates
// (on its event loop): where it is goes to the room when it changed.
func (mb *member) after(m tea.Model) {
	mm, ok := m.(model.Model)
	if !ok {
		return
	}
	rep := mm.RoomReport()
	mb.mu.Lock()
	s := mb.seat
	same := rep == mb.report
	mb.report = rep
	mb.mu.Unlock()
	if s != nil && !same && rep.Room == s.Room() {
		mb.hub.Report(s, rep)
		if mb.testReport != nil {
			mb.testReport(mb.who.Key, rep)
		}
	}
}

// close leaves the room when the session ends.
func (mb *member) close() {
	mb.mu.Lock()
	s := mb.seat
	mb.seat = nil
	mb.mu.Unlock()
	if s != nil {
		mb.hub.Leave(s)
	}
}

// List is the live rooms.
func (mb *member) List() []model.RoomInfo { return mb.hub.Rooms() }

// Open opens the room the session's user name names.
func (mb *member) Open() error {
	if mb.user == "" {
		return errors.New("your SSH user name names no room: connect as ssh -p PORT ROOM@HOST to present ROOM")
	}
	s, err := mb.hub.Open(mb.user, mb.who, mb.notify)
	if s != nil && err == nil {
		mb.setSeat(s)
	}
	return err
}

// Join enters the room name.
func (mb *member) Join(name string) error {
	if s := mb.current(); s != nil && s.Room() == name && s.State().Role != model.RoleNone {
		return nil
	}
	s, err := mb.hub.Join(name, mb.who, mb.notify)
	if err != nil {
		return err
	}
	mb.setSeat(s)
	return nil
}

// Leave leaves the session's room.
func (mb *member) Leave() { mb.close() }

// Act does what the session asks of its room.
func (mb *member) Act(a model.RoomAction) error {
	s := mb.current()
	if s == nil {
		return errors.New("you are in no room")
	}
	return mb.hub.Act(s, a)
}

// Members is who is in the session's room.
func (mb *member) Members() []model.RoomMember {
	if s := mb.current(); s != nil {
		return s.Members()
	}
	return nil
}

// Questions is the room's questions, for its presenter.
func (mb *member) Questions() []model.RoomQuestion {
	if s := mb.current(); s != nil {
		return s.Questions()
	}
	return nil
}

// roomMember links a session to the server's rooms; nil when the server
// has none. fp is the session's key fingerprint ("" when anonymous).
func (s *Server) roomMember(sess ssh.Session, fp string) *member {
	if s.hub == nil {
		return nil
	}
	id := s.sessionIDs.Add(1)
	who := Person{ID: id, Key: fp, Name: fmt.Sprintf("anonymous-%d", id)}
	if k := sess.PublicKey(); k != nil {
		who.CanPresent = s.presenters.allowed(k)
		who.Name = s.presenters.name(k)
		if who.Name == "" && s.keys != nil {
			who.Name = s.keys.name(k)
		}
		if who.Name == "" {
			who.Name = shortFingerprint(fp)
		}
		who.Name = cutName(who.Name)
	}
	user, _ := RoomName(sess.User())
	mb := newMember(s.hub, who, user)
	mb.testReport = s.testHooks.roomReport
	return mb
}

// shortFingerprint is the first 8 characters of a key's SHA256 fingerprint.
func shortFingerprint(fp string) string {
	const prefix = "SHA256:"
	if len(fp) > len(prefix)+8 {
		return fp[:len(prefix)+8]
	}
	return fp
}

// cutName is a key's comment fit to name a person: at most 40 characters.
func cutName(n string) string {
	n = cleanQuestion(n)
	if r := []rune(n); len(r) > 40 {
		n = string(r[:40])
	}
	return n
}

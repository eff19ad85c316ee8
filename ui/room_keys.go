package ui

import "charm.land/bubbles/v2/key"

// The screens of briefing rooms. They are numbered apart from the other
// screens so the lists can grow independently.
const (
	ScreenRooms     Screen = 300 + iota // the list of live rooms (L)
	ScreenWho                           // who is in the room (W)
	ScreenQuestions                     // the presenter's queue of questions
	ScreenAsk                           // typing a question
	ScreenHandover                      // the presenter's "hand over or end" menu
	ScreenOffer                         // "NAME hands you the room" (y/esc)
)

// RoomKeys are the bindings of briefing rooms (briefing serve). They are
// part of KeyMap (embedded), the single source of bindings. The root
// disables them all in a session without rooms (a local reader), and those
// of the other role in a room (RoomRole).
type RoomKeys struct {
	Rooms    key.Binding // list the live rooms
	Present  key.Binding // open the room; in a room: hand over or end it
	Follow   key.Binding // follow the presenter again
	Pull     key.Binding // presenter: bring everyone back
	Ask      key.Binding // follower: ask a question; presenter: the queue
	Hand     key.Binding // raise or lower a hand
	Who      key.Binding // who is here
	Answered key.Binding // mark a question answered
	Accept   key.Binding // take the room offered
	Decline  key.Binding

	on bool // EnableRooms: a server's session
}

// EnableRooms turns the room bindings on (they are off by default: a local
// reader has no rooms) and sets k up for screen s again.
func (k *KeyMap) EnableRooms(s Screen) {
	k.RoomKeys.on = true
	k.SetScreen(s)
}

// DefaultRoomKeys returns the default bindings of rooms. None of them is
// taken elsewhere on the screens they apply to: L, P, F, @, Q, !, W are
// free everywhere; y and x are keys of the rooms' own modal screens.
func DefaultRoomKeys() RoomKeys {
	return RoomKeys{
		Rooms:    key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "rooms")),
		Present:  key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "present")),
		Follow:   key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "follow")),
		Pull:     key.NewBinding(key.WithKeys("@"), key.WithHelp("@", "bring everyone back")),
		Ask:      key.NewBinding(key.WithKeys("Q"), key.WithHelp("Q", "ask")),
		Hand:     key.NewBinding(key.WithKeys("!"), key.WithHelp("!", "raise hand")),
		Who:      key.NewBinding(key.WithKeys("W"), key.WithHelp("W", "who's here")),
		Answered: key.NewBinding(key.WithKeys("x", "space"), key.WithHelp("x", "answered")),
		Accept:   key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "take the room")),
		Decline:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "decline")),
	}
}

// RoomRole is what the session is in its room, for the key map: the keys
// that apply differ.
type RoomRole int

// The roles a session has.
const (
	RoomNone      RoomRole = iota // a server's session in no room
	RoomFollower                  // following (or not) a presenter
	RoomPresenter                 // presenting
)

// setRoomScreen enables the room bindings that apply on screen s. SetScreen
// has disabled everything else first; SetRoomRole narrows them further.
func (k *KeyMap) setRoomScreen(s Screen) {
	lib, rd := s == ScreenLibrary, s == ScreenReader
	rooms, who, qs := s == ScreenRooms, s == ScreenWho, s == ScreenQuestions
	ask, hand, offer := s == ScreenAsk, s == ScreenHandover, s == ScreenOffer
	r := &k.RoomKeys
	if !r.on {
		*r = disabledRoomKeys(*r)
		return
	}
	main := lib || rd

	r.Rooms.SetEnabled(main)
	r.Present.SetEnabled(main)
	r.Follow.SetEnabled(main)
	r.Pull.SetEnabled(main)
	r.Ask.SetEnabled(main)
	r.Hand.SetEnabled(main)
	r.Who.SetEnabled(main)
	r.Answered.SetEnabled(qs)
	r.Accept.SetEnabled(offer)
	r.Decline.SetEnabled(offer)

	if rooms || who || qs || hand {
		k.Up.SetEnabled(true)
		k.Down.SetEnabled(true)
		k.Close.SetEnabled(true)
	}
	if rooms || qs || hand {
		k.Select.SetEnabled(true)
	}
	switch {
	case rooms:
		k.Select.SetHelp("enter", "join")
	case qs:
		k.Select.SetHelp("enter", "go to their paragraph")
	case hand:
		k.Select.SetHelp("enter", "choose")
	default:
		k.Select.SetHelp("enter", "go to")
	}
	if ask {
		k.Apply.SetEnabled(true)
		k.Apply.SetHelp("enter", "ask")
		k.Cancel.SetEnabled(true)
	}
}

// SetRoomRole disables the room bindings that do not apply to a session of
// role role; following tells whether a follower follows now (F applies
// only when it does not).
func (k *KeyMap) SetRoomRole(role RoomRole, following bool) {
	r := &k.RoomKeys
	inRoom := role == RoomFollower || role == RoomPresenter
	if !inRoom {
		r.Follow.SetEnabled(false)
		r.Pull.SetEnabled(false)
		r.Ask.SetEnabled(false)
		r.Hand.SetEnabled(false)
		r.Who.SetEnabled(false)
	}
	if role == RoomFollower {
		r.Pull.SetEnabled(false)
		r.Follow.SetEnabled(r.Follow.Enabled() && !following)
		r.Present.SetHelp("P", "present")
		r.Ask.SetHelp("Q", "ask")
	}
	if role == RoomPresenter {
		r.Follow.SetEnabled(false)
		r.Hand.SetEnabled(false)
		r.Present.SetHelp("P", "hand over / end")
		r.Ask.SetHelp("Q", "questions")
	}
	if role == RoomNone {
		r.Present.SetHelp("P", "present")
	}
}

// disabledRoomKeys is r with every binding off.
func disabledRoomKeys(r RoomKeys) RoomKeys {
	for _, b := range []*key.Binding{&r.Rooms, &r.Present, &r.Follow, &r.Pull, &r.Ask, &r.Hand,
		&r.Who, &r.Answered, &r.Accept, &r.Decline} {
		b.SetEnabled(false)
	}
	return r
}

// roomShortHelp are the room bindings of the footer.
func (k KeyMap) roomShortHelp() []key.Binding {
	r := k.RoomKeys
	return []key.Binding{r.Accept, r.Decline, r.Answered, r.Follow, r.Ask, r.Hand, r.Who, r.Pull, r.Present, r.Rooms}
}

// withRoomHelp adds the rooms column to the help overlay's groups, in a
// session that has rooms.
func (k KeyMap) withRoomHelp(groups [][]key.Binding) [][]key.Binding {
	if !k.RoomKeys.on {
		return groups
	}
	r := k.RoomKeys
	return append(groups, []key.Binding{r.Rooms, r.Present, r.Follow, r.Pull, r.Ask, r.Hand, r.Who, r.Answered, r.Accept, r.Decline})
}

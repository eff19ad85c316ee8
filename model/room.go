package model

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/ui"
)

// A briefing room (briefing serve): one session presents, the others
// follow. The room shares a position, never a screen: a brief, a section
// and paragraphs, which every follower shows at their own width and theme.
// This file is the session's side of it. The server's side (serve/room.go)
// keeps the rooms, sends each session a RoomMsg with the room as it stands,
// and reads the session's RoomReport after each update to publish a
// presenter's moves.

// Rooms is what a session can ask of its server's rooms (Options.Rooms).
// Every method returns quickly (it waits on no other session); the model
// calls them in commands.
type Rooms interface {
	// List is the live rooms, for the rooms menu.
	List() []RoomInfo
	// Open opens the room named by the session's SSH user name with this
	// session presenting, or takes over that room while its presenter is
	// away. Only keys allowed to present may.
	Open() error
	// Join enters the room name as a follower.
	Join(name string) error
	// Leave leaves the session's room.
	Leave()
	// Act does what a member of the room asks (a question, a hand…).
	Act(a RoomAction) error
	// Members is who is in the session's room, the presenter first.
	Members() []RoomMember
	// Questions is the room's questions, oldest first (the presenter's
	// queue; empty for the others).
	Questions() []RoomQuestion
}

// RoomState is where a room stands.
type RoomState int

// The states of a room.
const (
	RoomWaiting RoomState = iota // named, not open yet: its members read on their own until it opens
	RoomLive                     // a presenter drives it
	RoomPaused                   // the presenter is away, for the grace time
	RoomEnded                    // over: everyone reads on their own again
)

// RoomRole is what a session is in its room.
type RoomRole int

// The roles.
const (
	RoleNone RoomRole = iota // not in the room (waiting for it, or it ended)
	RoleFollower
	RolePresenter
)

// RoomPosition is what a room shares: a brief (its ID and content hash),
// the section in the presenter's tab row, the paragraph at the top of the
// presenter's view and the one they point at (their paragraph cursor, -1
// when none), as indexes into the brief's paragraphs (ui.Rendered), which
// are the same at every width. BriefID "" is the library.
type RoomPosition struct {
	BriefID, Hash string
	Section       int
	Top, Pointer  int
}

// RoomInfo is one live room, as the rooms menu lists it.
type RoomInfo struct {
	Name, Presenter string
	Followers       int
	State           RoomState
}

// RoomMember is one person in a room, as "who's here" lists them.
type RoomMember struct {
	ID         string // the session, for a handover
	Name       string // the key's comment, or a short fingerprint
	Presenter  bool
	Following  bool
	Hand       bool
	CanPresent bool
}

// RoomQuestion is one question of the presenter's queue. Pos is where the
// asker was when they asked.
type RoomQuestion struct {
	ID       int
	From     string
	Text     string
	Pos      RoomPosition
	Answered bool
}

// RoomActKind names a RoomAction.
type RoomActKind int

// What a member can do in a room.
const (
	ActAsk     RoomActKind = iota + 1 // a question (Text)
	ActHand                           // raise (On) or lower a hand
	ActPull                           // presenter: everyone back to the presenter
	ActAnswer                         // presenter: question ID answered
	ActOffer                          // presenter: hand the room to member To
	ActAccept                         // take the room offered
	ActDecline                        // refuse it
	ActEnd                            // presenter: end the room for everyone
)

// RoomAction is one thing a member does in their room.
type RoomAction struct {
	Kind RoomActKind
	Text string
	On   bool
	ID   int
	To   string
	// Pos is where the session is when it asks: the presenter's queue
	// jumps there. (A follower's place is not reported as it moves: 300
	// followers would each take the room's lock on every move.)
	Pos RoomPosition
}

// RoomMsg is the session's room as it stands, from the server: sent when
// it changes, the latest winning. Seq orders the messages of one session
// (an older one is dropped).
type RoomMsg struct {
	Room       string
	State      RoomState
	Role       RoomRole
	Presenter  string    // the presenter's name
	AwaySince  time.Time // while paused
	Pos        RoomPosition
	PullSeq    uint64 // the presenter's "bring everyone back", counted
	Followers  int
	Hands      int
	Questions  int    // open ones
	HandUp     bool   // this session's hand
	Offer      string // who offers this session the room; "" when nobody
	OfferSeq   uint64 // the offer's number: an offer made again after a decline is a new one
	CanPresent bool   // this session's key may present
	// Declined names who last declined this presenter's offer of the
	// room; DeclinedSeq counts the declines, so each is said once.
	Declined    string
	DeclinedSeq uint64
	Seq         uint64
}

// RoomReport is what the server reads from a session's model after each
// update: a presenter's position to publish, and whether a follower
// follows (the "who's here" list says so).
type RoomReport struct {
	Room       string
	Presenting bool
	Following  bool
	Pos        RoomPosition
	// Held says Pos is a presenter's paragraph kept for a render still
	// coming in parts: the reader shows its section until it comes.
	Held bool
}

// endRoomRow is the ID of the handover menu's last row, which ends the
// room (members' IDs are numbers).
const endRoomRow = "end"

// roomMenu names the room's menu that is open.
type roomMenu int

const (
	menuNone roomMenu = iota
	menuRooms
	menuWho
	menuQuestions
	menuHandover
)

// roomModel is the session's side of its room.
type roomModel struct {
	link      Rooms
	msg       RoomMsg // the latest from the server
	following bool    // a follower shows the presenter's position
	pullSeen  uint64
	applied   RoomPosition // the position last shown; zero: none yet
	shown     bool         // applied holds a position
	pending   bool         // the position waits for its brief's render
	held      bool         // a position came while the reader was busy (a note being written)
	differs   bool         // the presenter's copy of the brief differs from ours
	ticking   bool         // the away clock ticks
	menu      roomMenu
	list      ui.RoomMenu
	ask       ui.QueryBar
	offerOff  roomOffer    // an offer declined here, not shown again
	declined  uint64       // DeclinedSeq of the last decline said
	hold      RoomPosition // a presenter's paragraph, kept while a new render comes in parts
	holding   bool
}

// newRoomModel is the room side of a session whose server has rooms (link
// not nil).
func newRoomModel(link Rooms, s *ui.Styles, k ui.KeyMap) roomModel {
	return roomModel{
		link: link,
		list: ui.NewRoomMenu(s, k, ui.ScreenRooms),
		ask:  ui.NewQueryBar(s, k, ui.ScreenAsk, "ask: "),
	}
}

// setStyles restyles the room's menu and question bar.
func (r *roomModel) setStyles(s *ui.Styles) {
	r.list.SetStyles(s)
	r.ask.SetStyles(s)
}

// maxQuestion is the longest question, in characters; the server cuts
// there too.
const maxQuestion = 280

// roomMessage is a message of the room; Update hands them all to
// handleRoomMsg.
type roomMessage interface{ isRoomMsg() }

func (RoomMsg) isRoomMsg()          {}
func (roomTickMsg) isRoomMsg()      {}
func (roomListMsg) isRoomMsg()      {}
func (roomWhoMsg) isRoomMsg()       {}
func (roomQuestionsMsg) isRoomMsg() {}
func (roomDoneMsg) isRoomMsg()      {}

// handleRoomMsg routes the room's messages.
func (m Model) handleRoomMsg(msg roomMessage) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RoomMsg:
		return m.handleRoom(msg)
	case roomTickMsg:
		return m.handleRoomTick(msg)
	case roomListMsg:
		return m.handleRoomList(msg)
	case roomWhoMsg:
		return m.handleRoomWho(msg)
	case roomQuestionsMsg:
		return m.handleRoomQuestions(msg)
	case roomDoneMsg:
		return m.handleRoomDone(msg)
	}
	return m, nil
}

// handleRenderedInRoom is handleRendered, then roomSettle.
func (m Model) handleRenderedInRoom(msg renderedMsg) (tea.Model, tea.Cmd) {
	return m.roomSettle(msg, func(m Model) (tea.Model, tea.Cmd) { return m.handleRendered(msg) })
}

// handleLibraryChangedInRoom is handleLibraryChanged, then roomSettle.
func (m Model) handleLibraryChangedInRoom(msg LibraryChangedMsg) (tea.Model, tea.Cmd) {
	return m.roomSettle(msg, func(m Model) (tea.Model, tea.Cmd) { return m.handleLibraryChanged(msg) })
}

// roomTickMsg moves the presenter-away clock on.
type roomTickMsg struct{}

// roomListMsg, roomWhoMsg and roomQuestionsMsg bring a menu's rows.
type roomListMsg struct{ rooms []RoomInfo }
type roomWhoMsg struct{ members []RoomMember }
type roomQuestionsMsg struct{ questions []RoomQuestion }

// roomDoneMsg says how an action went: ok is said on success.
type roomDoneMsg struct {
	ok  string
	err error
}

// inRoom reports whether the session is a presenter or follower of a room.
func (r roomModel) inRoom() bool {
	return r.msg.Role != RoleNone && (r.msg.State == RoomLive || r.msg.State == RoomPaused)
}

func (r roomModel) presenting() bool { return r.inRoom() && r.msg.Role == RolePresenter }
func (r roomModel) follower() bool   { return r.inRoom() && r.msg.Role == RoleFollower }

// RoomReport is the session's part of its room after this update.
func (m Model) RoomReport() RoomReport {
	r := m.room
	rep := RoomReport{Room: r.msg.Room, Presenting: r.presenting(), Following: r.follower() && r.following}
	switch {
	case rep.Presenting && r.holding:
		rep.Pos, rep.Held = r.hold, true
	case rep.Presenting:
		rep.Pos = m.roomPosition()
	}
	return rep
}

// Following reports whether the session follows a presenter now.
func (m Model) Following() bool { return m.room.follower() && m.room.following }

// RoomPresenting reports whether the session presents a room.
func (m Model) RoomPresenting() bool { return m.room.presenting() }

// RoomStatus is the room's status line as it reads now ("" outside rooms).
func (m Model) RoomStatus() string { return m.roomStatus().Left }

// roomPosition is where this session is, as a room shares it.
func (m Model) roomPosition() RoomPosition {
	b := m.OpenBrief()
	if b == nil {
		return RoomPosition{Top: -1, Pointer: -1}
	}
	sec, top, ptr, _ := m.reader.RoomSpot()
	return RoomPosition{BriefID: b.ID, Hash: b.Hash, Section: sec, Top: top, Pointer: ptr}
}

// handleRoom takes the room's latest state from the server.
func (m Model) handleRoom(msg RoomMsg) (tea.Model, tea.Cmd) {
	r := &m.room
	if r.link == nil || (msg.Seq != 0 && msg.Seq <= r.msg.Seq) {
		return m, nil
	}
	prev := r.msg
	rowsBefore := m.roomRows()
	r.msg = msg
	var cmds []tea.Cmd
	joined := msg.Role == RoleFollower && (prev.Role != RoleFollower || prev.Room != msg.Room || prev.State == RoomWaiting)
	switch {
	case msg.State == RoomEnded && prev.Room == msg.Room && prev.State != RoomEnded && prev.Role != RoleNone:
		cmds = append(cmds, m.setStatus("the room "+msg.Room+" has ended; you read on your own"))
		r.shown, r.pending, r.held, r.differs = false, false, false, false
		m.closeRoomMenu()
		m.reader.SetPointer(-1)
	case joined:
		r.following, r.pullSeen, r.shown = true, msg.PullSeq, false
		if prev.Role == RolePresenter {
			cmds = append(cmds, m.setStatus("you handed over the room; you follow "+msg.Presenter))
		}
	case msg.Role == RolePresenter && prev.Role != RolePresenter:
		r.following = false
		m.reader.SetPointer(-1)
		cmds = append(cmds, m.setStatus("you are presenting "+msg.Room+"; everyone in the room follows you"))
	}
	if msg.Role == RoleFollower && msg.PullSeq > r.pullSeen {
		r.pullSeen = msg.PullSeq
		if !r.following {
			r.following, r.shown = true, false
			cmds = append(cmds, m.setStatus("the presenter brought everyone back"))
		}
	}
	if msg.Role == RolePresenter && msg.DeclinedSeq > r.declined {
		r.declined = msg.DeclinedSeq
		cmds = append(cmds, m.setStatus(msg.Declined+" declined the room; you still present"))
	}
	if msg.State == RoomPaused && !r.ticking {
		r.ticking = true
		cmds = append(cmds, m.roomTick())
	}
	if m.roomRows() != rowsBefore {
		m.layout()
	}
	cmds = append(cmds, m.roomFollow(false), m.refreshRoomMenu())
	return m, tea.Batch(cmds...)
}

// roomTick moves the away clock on each second while the room is paused.
func (m Model) roomTick() tea.Cmd {
	return m.clock().Tick(time.Second, func(time.Time) tea.Msg { return roomTickMsg{} })
}

func (m Model) handleRoomTick(roomTickMsg) (tea.Model, tea.Cmd) {
	if m.room.msg.State != RoomPaused {
		m.room.ticking = false
		return m, nil
	}
	return m, m.roomTick()
}

// roomBusy reports whether the reader is in the middle of something a
// position must not move under: a note being written, a selection, a
// panel, an overlay, a bar being typed in.
func (m Model) roomBusy() bool {
	return m.notesFocused() || m.overlay != overlayNone || m.room.menu != menuNone ||
		m.room.ask.Focused() || m.searchFocused()
}

// roomFollow shows the presenter's position to a follower who follows:
// opens the brief, and once it is rendered, puts the presenter's top
// paragraph at the top and marks the one they point at. force shows it
// again even when it did not change (after a render, a rejoin).
func (m *Model) roomFollow(force bool) tea.Cmd {
	r := &m.room
	if !r.follower() || !r.following || m.lib == nil {
		return nil
	}
	pos := r.msg.Pos
	if r.shown && r.applied == pos && !force && !r.pending && !r.held {
		return nil
	}
	if m.roomBusy() {
		r.held = r.held || !r.shown || r.applied != pos
		return nil
	}
	r.held = false
	if pos.BriefID == "" {
		r.applied, r.shown, r.pending, r.differs = pos, true, false, false
		if m.screen == screenReader {
			next, cmd := m.closeReader()
			*m = next.(Model)
			return cmd
		}
		return nil
	}
	b, ok := m.lib.Get(pos.BriefID)
	if !ok || b.Hash != pos.Hash {
		// Our library has not taken a reload the presenter's has (or the
		// other way round): say so rather than show a wrong place.
		r.differs = true
		return nil
	}
	r.differs = false
	var cmd tea.Cmd
	if open := m.OpenBrief(); open == nil || open.ID != b.ID {
		next, c := m.openBrief(b.ID)
		*m = next.(Model)
		cmd = c
	}
	r = &m.room
	if m.reader.ShowSpot(pos.Section, pos.Top, pos.Pointer) {
		r.applied, r.shown, r.pending = pos, true, false
	} else {
		r.pending = true
	}
	return cmd
}

// roomWhere is what a key changes when it navigates.
type roomWhere struct {
	screen screen
	brief  string
	y, sec int
}

func (m Model) roomWhere() roomWhere {
	w := roomWhere{screen: m.screen, y: m.reader.YOffset(), sec: m.reader.Current()}
	if b := m.OpenBrief(); b != nil {
		w.brief = b.ID
	}
	return w
}

// handleRoomKey puts the room's keys in front of the others: its menus and
// its question bar first, then its own keys. Every other key goes on to
// handleKey; one that moves the view breaks a follower away.
func (m Model) handleRoomKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.room.link == nil {
		return m.handleKey(msg)
	}
	k := m.keyMap(m.focus())
	if next, cmd, ok := m.roomModalKey(msg, k); ok {
		return next, cmd
	}
	if next, cmd, ok := m.roomKey(msg, k); ok {
		return next, cmd
	}
	before, busy := m.roomWhere(), m.notesFocused()
	annotates := key.Matches(msg, k.SelectMode, k.AddNote, k.Highlight, k.NotesPanel, k.Star, k.ToggleUnread)
	next, cmd := m.handleKey(msg)
	nm, ok := next.(Model)
	if !ok {
		return next, cmd
	}
	return nm.afterRoomInput(before, busy || annotates, cmd)
}

// handleRoomPaste puts a paste into the question bar while it is open.
func (m Model) handleRoomPaste(msg tea.PasteMsg) (tea.Model, tea.Cmd) {
	if !m.room.ask.Focused() {
		return m.handlePaste(msg)
	}
	var cmd tea.Cmd
	m.room.ask, cmd = m.room.ask.Update(msg)
	return m, cmd
}

// handleRoomMouse is handleMouse, with a wheel that moves the view breaking
// a follower away.
func (m Model) handleRoomMouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	if m.room.link == nil {
		return m.handleMouse(msg)
	}
	if m.room.menu != menuNone || m.room.ask.Focused() {
		return m, nil
	}
	before, busy := m.roomWhere(), m.notesFocused()
	next, cmd := m.handleMouse(msg)
	nm, ok := next.(Model)
	if !ok {
		return next, cmd
	}
	return nm.afterRoomInput(before, busy, cmd)
}

// afterRoomInput breaks a follower away when their input moved the view
// (keys that annotate, and keys typed into a note, never do), and shows a
// position that was held while they were busy once they are not.
func (m Model) afterRoomInput(before roomWhere, exempt bool, cmd tea.Cmd) (tea.Model, tea.Cmd) {
	r := &m.room
	if r.holding && m.roomWhere() != before {
		r.holding = false // the presenter moved on before the render came
	}
	if r.follower() && r.following && !exempt && m.roomWhere() != before {
		r.following, r.held = false, false
		m.reader.SetPointer(-1)
	}
	if r.held && !m.roomBusy() {
		cmd = tea.Batch(cmd, m.roomFollow(true))
	}
	return m, cmd
}

// roomKey handles the room's own keys on the library and the reader.
func (m Model) roomKey(msg tea.KeyPressMsg, k ui.KeyMap) (tea.Model, tea.Cmd, bool) {
	r := &m.room
	link := r.link
	switch {
	case key.Matches(msg, k.Rooms):
		m.openRoomMenu(menuRooms)
		return m, func() tea.Msg { return roomListMsg{rooms: link.List()} }, true
	case key.Matches(msg, k.Present):
		if r.presenting() {
			m.openRoomMenu(menuHandover)
			return m, m.refreshRoomMenu(), true
		}
		return m, actCmd("", link.Open), true
	case key.Matches(msg, k.Follow):
		r.following, r.shown = true, false
		cmd := m.roomFollow(true)
		return m, cmd, true
	case key.Matches(msg, k.Pull):
		return m, m.act(RoomAction{Kind: ActPull}, "everyone is back with you"), true
	case key.Matches(msg, k.Ask) && r.presenting():
		m.openRoomMenu(menuQuestions)
		return m, m.refreshRoomMenu(), true
	case key.Matches(msg, k.Ask):
		if m.opts.ReadOnly != "" {
			return m, m.setStatus("anonymous readers may follow but not ask"), true
		}
		r.ask.SetWidth(m.width)
		r.ask.SetPlaceholder(fmt.Sprintf("one line, at most %d characters; enter asks, esc cancels", maxQuestion))
		r.ask.Open("")
		return m, nil, true
	case key.Matches(msg, k.Hand):
		if m.opts.ReadOnly != "" {
			return m, m.setStatus("read-only: " + m.opts.ReadOnly), true
		}
		up := !r.msg.HandUp
		say := "hand lowered"
		if up {
			say = "hand raised"
		}
		return m, m.act(RoomAction{Kind: ActHand, On: up}, say), true
	case key.Matches(msg, k.Who):
		m.openRoomMenu(menuWho)
		return m, m.refreshRoomMenu(), true
	}
	return nil, nil, false
}

// roomModalKey handles the keys of the room's menus, its question bar and
// a handover offered to this session.
func (m Model) roomModalKey(msg tea.KeyPressMsg, k ui.KeyMap) (tea.Model, tea.Cmd, bool) {
	r := &m.room
	if key.Matches(msg, k.ForceQuit) {
		return nil, nil, false
	}
	switch {
	case r.ask.Focused():
		var cmd tea.Cmd
		r.ask, cmd = r.ask.Update(msg)
		switch r.ask.Event() {
		case ui.BarApplied:
			text := r.ask.Value()
			r.ask.Close()
			if text == "" {
				return m, nil, true
			}
			return m, m.act(RoomAction{Kind: ActAsk, Text: text, Pos: m.roomPosition()}, "question sent to the presenter"), true
		case ui.BarCanceled:
			r.ask.Close()
		}
		return m, cmd, true
	case r.menu != menuNone:
		return m.roomMenuKey(msg)
	case m.offerShown():
		switch {
		case key.Matches(msg, k.Accept):
			return m, m.act(RoomAction{Kind: ActAccept}, ""), true
		case key.Matches(msg, k.Decline):
			r.offerOff = roomOffer{r.msg.Offer, r.msg.OfferSeq}
			return m, m.act(RoomAction{Kind: ActDecline}, "you declined the room"), true
		}
		return m, nil, true
	}
	return nil, nil, false
}

// offerShown reports whether the "take the room?" box is up.
func (m Model) offerShown() bool {
	r := m.room
	return r.follower() && r.msg.Offer != "" && r.offerOff != roomOffer{r.msg.Offer, r.msg.OfferSeq} && !m.notesFocused()
}

// roomOffer tells one offer of the room from another: who made it, and
// its number.
type roomOffer struct {
	from string
	seq  uint64
}

// roomMenuKey handles a key in the open room menu.
func (m Model) roomMenuKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd, bool) {
	r := &m.room
	var cmd tea.Cmd
	r.list, cmd = r.list.Update(msg)
	row, ok := r.list.Selected()
	switch r.list.Event() {
	case ui.MenuClosed:
		m.closeRoomMenu()
		return m, m.afterMenu(), true
	case ui.MenuChosen:
		if !ok {
			return m, nil, true
		}
		switch r.menu {
		case menuRooms:
			m.closeRoomMenu()
			link, name := r.link, row.ID
			return m, actCmd("", func() error { return link.Join(name) }), true
		case menuQuestions:
			m.closeRoomMenu()
			return m.jumpToQuestion(row.ID)
		case menuHandover:
			m.closeRoomMenu()
			if row.ID == endRoomRow {
				return m, m.act(RoomAction{Kind: ActEnd}, "the room has ended"), true
			}
			return m, m.act(RoomAction{Kind: ActOffer, To: row.ID}, "offered the room to "+row.Text), true
		}
	case ui.MenuAnswered:
		if r.menu == menuQuestions && ok {
			var id int
			if _, err := fmt.Sscan(row.ID, &id); err == nil {
				return m, tea.Batch(m.act(RoomAction{Kind: ActAnswer, ID: id}, ""), m.refreshRoomMenu()), true
			}
		}
	}
	return m, cmd, true
}

// afterMenu shows a position held while a menu was open.
func (m *Model) afterMenu() tea.Cmd {
	if m.room.held && !m.roomBusy() {
		return m.roomFollow(true)
	}
	return nil
}

// jumpToQuestion takes the presenter to the paragraph the asker was on.
func (m Model) jumpToQuestion(id string) (tea.Model, tea.Cmd, bool) {
	for _, q := range m.room.link.Questions() {
		if fmt.Sprint(q.ID) != id {
			continue
		}
		b, ok := m.lib.Get(q.Pos.BriefID)
		if !ok {
			return m, m.setStatus("they asked from the library"), true
		}
		var cmd tea.Cmd
		if open := m.OpenBrief(); open == nil || open.ID != b.ID {
			next, c := m.openBrief(b.ID)
			m, cmd = next.(Model), c
		}
		if !m.reader.ShowSpot(q.Pos.Section, q.Pos.Top, -1) {
			m.room.pending = false
		}
		return m, cmd, true
	}
	return m, nil, true
}

// openRoomMenu opens menu, titled for what it lists, empty until its rows come.
func (m *Model) openRoomMenu(menu roomMenu) {
	r := &m.room
	screen := map[roomMenu]ui.Screen{menuRooms: ui.ScreenRooms, menuWho: ui.ScreenWho,
		menuQuestions: ui.ScreenQuestions, menuHandover: ui.ScreenHandover}[menu]
	r.menu = menu
	r.list = ui.NewRoomMenu(m.styles, *m.keys, screen)
	r.list.SetSize(m.width, max(0, m.height-1))
	switch menu {
	case menuRooms:
		r.list.SetTitle("Live rooms", "No room is live. A presenter opens one with P.", "enter joins · esc closes")
	case menuWho:
		r.list.SetTitle("Who's here: "+r.msg.Room, "Nobody yet.", "● following · ◌ on their own · ✋ hand raised · esc closes")
	case menuQuestions:
		r.list.SetTitle("Questions", "No questions yet.", "enter goes to their paragraph · x answered · esc closes")
	case menuHandover:
		r.list.SetTitle("Hand over "+r.msg.Room, "", "enter chooses · esc closes")
	}
}

func (m *Model) closeRoomMenu() { m.room.menu = menuNone }

// refreshRoomMenu fetches the rows of the open menu again.
func (m Model) refreshRoomMenu() tea.Cmd {
	link := m.room.link
	switch m.room.menu {
	case menuRooms:
		return func() tea.Msg { return roomListMsg{rooms: link.List()} }
	case menuWho, menuHandover:
		return func() tea.Msg { return roomWhoMsg{members: link.Members()} }
	case menuQuestions:
		return func() tea.Msg { return roomQuestionsMsg{questions: link.Questions()} }
	}
	return nil
}

func (m Model) handleRoomList(msg roomListMsg) (tea.Model, tea.Cmd) {
	if m.room.menu != menuRooms {
		return m, nil
	}
	rows := make([]ui.MenuRow, 0, len(msg.rooms))
	for _, ri := range msg.rooms {
		text := fmt.Sprintf("%s — %s presenting, %s", ri.Name, ri.Presenter, plural(ri.Followers, "follower"))
		if ri.State == RoomPaused {
			text = fmt.Sprintf("%s — presenter away, %s", ri.Name, plural(ri.Followers, "follower"))
		}
		rows = append(rows, ui.MenuRow{ID: ri.Name, Text: text})
	}
	m.room.list.SetRows(rows)
	return m, nil
}

func (m Model) handleRoomWho(msg roomWhoMsg) (tea.Model, tea.Cmd) {
	r := &m.room
	switch r.menu {
	case menuWho:
		rows := make([]ui.MenuRow, 0, len(msg.members))
		for _, p := range msg.members {
			text := "● " + p.Name
			switch {
			case p.Presenter:
				text = "▶ " + p.Name + " (presenting)"
			case !p.Following:
				text = "◌ " + p.Name + " (on their own)"
			}
			if p.Hand {
				text += " ✋"
			}
			rows = append(rows, ui.MenuRow{ID: p.ID, Text: text, Dim: !p.Following && !p.Presenter})
		}
		r.list.SetRows(rows)
	case menuHandover:
		var rows []ui.MenuRow
		for _, p := range msg.members {
			if p.CanPresent && !p.Presenter {
				rows = append(rows, ui.MenuRow{ID: p.ID, Text: p.Name})
			}
		}
		rows = append(rows, ui.MenuRow{ID: endRoomRow, Text: "End the room for everyone"})
		r.list.SetRows(rows)
	}
	return m, nil
}

func (m Model) handleRoomQuestions(msg roomQuestionsMsg) (tea.Model, tea.Cmd) {
	if m.room.menu != menuQuestions {
		return m, nil
	}
	rows := make([]ui.MenuRow, 0, len(msg.questions))
	for _, q := range msg.questions {
		text := q.From + ": " + q.Text
		if q.Answered {
			text = "✓ " + text
		}
		rows = append(rows, ui.MenuRow{ID: fmt.Sprint(q.ID), Text: text, Dim: q.Answered})
	}
	m.room.list.SetRows(rows)
	return m, nil
}

// act runs a room action in a command; ok is the status it ends with.
func (m Model) act(a RoomAction, ok string) tea.Cmd {
	link := m.room.link
	return actCmd(ok, func() error { return link.Act(a) })
}

func actCmd(ok string, fn func() error) tea.Cmd {
	return func() tea.Msg { return roomDoneMsg{ok: ok, err: fn()} }
}

func (m Model) handleRoomDone(msg roomDoneMsg) (tea.Model, tea.Cmd) {
	switch {
	case msg.err != nil:
		return m, m.setStatus(msg.err.Error())
	case msg.ok != "":
		return m, m.setStatus(msg.ok)
	}
	return m, nil
}

// roomSettle runs after the messages that can let a waiting position be
// shown (a render, a reload): a follower is put back on the presenter's
// paragraph, and a presenter's own re-render (a resize) keeps theirs.
func (m Model) roomSettle(msg tea.Msg, handle func(Model) (tea.Model, tea.Cmd)) (tea.Model, tea.Cmd) {
	if m.room.link == nil || !m.room.inRoom() {
		return handle(m)
	}
	keep := m.room.presenting() && m.reader.Ready()
	pos := m.roomPosition()
	if m.room.holding {
		pos = m.room.hold
	}
	shown := renderID(m.reader.Rendered())
	next, cmd := handle(m)
	nm, ok := next.(Model)
	if !ok {
		return next, cmd
	}
	// A render shown from a cache comes with the reload itself, not as a
	// renderedMsg. The next part of the render on screen is no new render:
	// the reader keeps its own place through it, or lands where a jump
	// made before it asked.
	now := renderID(nm.reader.Rendered())
	grown := now.lines > shown.lines && now == renderKeyParts{shown.id, shown.hash, shown.theme, shown.width, now.lines}
	if nm.room.presenting() && ((now != shown && !grown) || nm.room.holding) {
		nm.keepPresenterSpot(pos, keep)
	}
	return nm, tea.Batch(cmd, nm.roomFollow(true))
}

// renderID tells renders apart: another brief, version, width or theme,
// or another part of the same.
type renderKeyParts struct {
	id, hash, theme string
	width, lines    int
}

func renderID(r ui.Rendered) renderKeyParts {
	return renderKeyParts{r.ID, r.Hash, r.Theme, r.Width, len(r.Lines)}
}

// keepPresenterSpot keeps a presenter on their paragraph through a new
// render of their brief (a resize, a reload), which comes in parts: until
// the part holding that paragraph has come, the reader shows its section
// and the room is told the paragraph, not the section's start.
func (m *Model) keepPresenterSpot(pos RoomPosition, wasReady bool) {
	r := &m.room
	b := m.OpenBrief()
	if b == nil || b.ID != pos.BriefID {
		r.holding = false
		return
	}
	if wasReady && !r.holding {
		r.hold, r.holding = pos, true
	}
	if !r.holding || !m.reader.Ready() {
		// A reload whose render has not come yet: the paragraph is held
		// for it (roomSettle passes the hold on when it comes).
		return
	}
	m.reader.ShowSpot(pos.Section, pos.Top, -1)
	// A part that ends soon after the paragraph cannot scroll it to the
	// top yet: hold until one can, or the render is whole.
	_, top, _, _ := m.reader.RoomSpot()
	if !m.reader.Rendered().Partial || top == pos.Top {
		r.holding = false
	}
}

// roomRows is how many lines the room's status line takes: one in a room
// or waiting for one, none otherwise.
func (m Model) roomRows() int {
	if m.room.link == nil || m.room.msg.Room == "" || m.room.msg.State == RoomEnded {
		return 0
	}
	return 1
}

// roomStatus is what the room's line says.
func (m Model) roomStatus() ui.RoomStatus {
	r := m.room
	msg := r.msg
	if m.roomRows() == 0 {
		return ui.RoomStatus{}
	}
	st := ui.RoomStatus{Right: msg.Room}
	counts := ""
	if msg.Followers > 0 {
		counts = " · " + fmt.Sprintf("%d following", msg.Followers)
	}
	if msg.Hands > 0 {
		counts += fmt.Sprintf(" · ✋ %d", msg.Hands)
	}
	switch {
	case msg.State == RoomWaiting || msg.Role == RoleNone:
		st.Left = "the room " + msg.Room + " has not started; you will join it when it does"
		if msg.CanPresent {
			st.Left = "the room " + msg.Room + " has not started; P opens it with you presenting"
		}
	case msg.Role == RolePresenter:
		st.Left = "● presenting " + msg.Room + counts
		if msg.Questions > 0 {
			st.Left += fmt.Sprintf(" · %s — Q", plural(msg.Questions, "question"))
		}
	case msg.State == RoomPaused:
		away := m.clock().Now().Sub(msg.AwaySince)
		st.Left = "presenter away " + clockText(away)
		if !r.following {
			st.Left += " · ◌ on your own — F to follow"
		}
		st.Notice = true
	case r.following && r.held:
		st.Left, st.Notice = "presenter moved — you catch up when you are done here", true
	case r.following && r.differs:
		st.Left, st.Notice = "presenter's copy differs — your copy of this brief is not the one presented", true
	case r.following:
		st.Left = "● following " + msg.Presenter
	default:
		st.Left = "◌ on your own — F to follow"
	}
	if msg.Role == RoleFollower && msg.HandUp {
		st.Right = "✋ " + st.Right
	}
	return st
}

// clockText is d as m:ss.
func clockText(d time.Duration) string {
	s := max(0, int(d/time.Second))
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// roomFocused reports whether a room screen has the keys.
func (m Model) roomFocused() bool {
	return m.room.menu != menuNone || m.room.ask.Focused() || m.offerShown()
}

// roomFocus is the room screen that has the keys (see roomFocused).
func (m Model) roomFocus() ui.Screen {
	switch {
	case m.room.ask.Focused():
		return ui.ScreenAsk
	case m.room.menu == menuRooms:
		return ui.ScreenRooms
	case m.room.menu == menuWho:
		return ui.ScreenWho
	case m.room.menu == menuQuestions:
		return ui.ScreenQuestions
	case m.room.menu == menuHandover:
		return ui.ScreenHandover
	}
	return ui.ScreenOffer
}

// roomKeyState narrows the room keys of k to the session's role.
func (m Model) roomKeyState(k *ui.KeyMap) {
	if m.room.link == nil {
		return
	}
	role := ui.RoomNone
	switch {
	case m.room.presenting():
		role = ui.RoomPresenter
	case m.room.follower():
		role = ui.RoomFollower
	}
	k.SetRoomRole(role, m.room.following)
}

// roomBar puts the room's status line on top of the library and the
// reader (body is what the root drew for them, height-1-roomRows lines).
func (m Model) roomBar(body string) string {
	if m.roomRows() > 0 && m.overlay == overlayNone && (m.screen == screenLibrary || m.screen == screenReader) {
		return ui.RoomBar(m.styles, m.roomStatus(), m.width) + "\n" + body
	}
	return body
}

// roomOver draws the room's menu or a handover offered over the whole
// screen but the footer (height-1 lines).
func (m Model) roomOver(body string) string {
	r := m.room
	switch {
	case r.link == nil:
	case r.menu != menuNone:
		list := r.list
		list.SetStyles(m.styles)
		list.SetSize(m.width, max(0, m.height-1))
		return list.View()
	case m.offerShown():
		return ui.OfferBox(m.styles, r.msg.Offer, m.width, max(0, m.height-1))
	}
	return body
}

// roomFooter is the question bar, in the footer's place while it is open.
func (m Model) roomFooter() (string, bool) {
	if !m.room.ask.Focused() {
		return "", false
	}
	bar := m.room.ask
	bar.SetStyles(m.styles)
	bar.SetWidth(m.width)
	bar.SetRight(fmt.Sprintf("%d/%d", len([]rune(bar.Value())), maxQuestion))
	return bar.View(), true
}

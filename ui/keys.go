package ui

import (
	"charm.land/bubbles/v2/key"
)

// Screen names what has the focus; the key map enables only the bindings that
// apply to it, so matching and the help view always agree.
type Screen int

// The screens and overlays of the reader.
const (
	ScreenLibrary  Screen = iota // the list of briefs
	ScreenReader                 // one brief open
	ScreenTOC                    // table-of-contents overlay over the reader
	ScreenWarnings               // warning list overlay over the library
	ScreenHelp                   // full help overlay
)

// KeyMap is the single source of key bindings. The help view is generated
// from it; nothing else in the program matches raw key strings.
type KeyMap struct {
	// Moving in lists and scrolling text.
	Up           key.Binding
	Down         key.Binding
	PageUp       key.Binding
	PageDown     key.Binding
	HalfPageUp   key.Binding
	HalfPageDown key.Binding
	Top          key.Binding
	Bottom       key.Binding

	// Library.
	Open     key.Binding
	Warnings key.Binding

	// Reader.
	Section     key.Binding // 1-9
	NextSection key.Binding
	PrevSection key.Binding
	NextBrief   key.Binding
	PrevBrief   key.Binding
	TOC         key.Binding
	Back        key.Binding

	// Overlays.
	Select key.Binding
	Close  key.Binding

	// Everywhere.
	Help      key.Binding
	Quit      key.Binding
	ForceQuit key.Binding

	// Notes, highlights, stars and read state (notes_keys.go).
	NoteKeys

	// Query bar, find in a brief and the section digest (search_keys.go).
	SearchKeys

	// Next unread, mark shown read, compact list, reload (triage_keys.go).
	TriageKeys

	// Briefing rooms of a server (room_keys.go).
	RoomKeys
	// The library's order (sort_keys.go).
	SortKeys
	// Open and follow links, copy, edit the file (link_keys.go).
	LinkKeys
	// Saved views from the config file (view_keys.go).
	ViewKeys

	custom *keyConfig // the config file's rebindings (keys_config.go); nil: none
}

// DefaultKeyMap returns the default bindings, set up for the library screen.
func DefaultKeyMap() KeyMap {
	k := KeyMap{
		Up:           key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:         key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		PageUp:       key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("b/pgup", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("space/pgdn", "page down")),
		HalfPageUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "½ page up")),
		HalfPageDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "½ page down")),
		Top:          key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "top")),
		Bottom:       key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "bottom")),

		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Warnings: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "warnings")),

		Section:     key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "section N")),
		NextSection: key.NewBinding(key.WithKeys("tab", "]"), key.WithHelp("tab/]", "next section")),
		PrevSection: key.NewBinding(key.WithKeys("shift+tab", "["), key.WithHelp("shift+tab/[", "prev section")),
		NextBrief:   key.NewBinding(key.WithKeys("ctrl+n", "right"), key.WithHelp("→/ctrl+n", "next brief")),
		PrevBrief:   key.NewBinding(key.WithKeys("ctrl+p", "left"), key.WithHelp("←/ctrl+p", "prev brief")),
		TOC:         key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "contents")),
		Back:        key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", "back")),

		Select: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go to")),
		Close:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),

		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
	k.NoteKeys = DefaultNoteKeys()
	k.SearchKeys = DefaultSearchKeys()
	k.TriageKeys = DefaultTriageKeys()
	k.RoomKeys = DefaultRoomKeys()
	k.SortKeys = DefaultSortKeys()
	k.LinkKeys = DefaultLinkKeys()
	k.ViewKeys = DefaultViewKeys()
	k.SetScreen(ScreenLibrary)
	return k
}

// forScreen is a copy of k with screen s's bindings enabled, for a
// component to keep. Components hold their key map by pointer: a KeyMap is
// ~4 KB and the root model, components included, is copied on every message.
func (k KeyMap) forScreen(s Screen) *KeyMap {
	k.SetScreen(s)
	return &k
}

// SetScreen enables the bindings that apply on screen s and disables the rest.
func (k *KeyMap) SetScreen(s Screen) {
	lib, rd := s == ScreenLibrary, s == ScreenReader
	toc, warn, help := s == ScreenTOC, s == ScreenWarnings, s == ScreenHelp
	scroll := lib || rd || warn || help

	k.Up.SetEnabled(scroll || toc)
	k.Down.SetEnabled(scroll || toc)
	k.PageUp.SetEnabled(scroll)
	k.PageDown.SetEnabled(scroll)
	k.HalfPageUp.SetEnabled(scroll)
	k.HalfPageDown.SetEnabled(scroll)
	k.Top.SetEnabled(scroll || toc)
	k.Bottom.SetEnabled(scroll || toc)

	k.Open.SetEnabled(lib)
	k.Warnings.SetEnabled(lib)

	k.Section.SetEnabled(rd)
	k.NextSection.SetEnabled(rd)
	k.PrevSection.SetEnabled(rd)
	k.NextBrief.SetEnabled(rd)
	k.PrevBrief.SetEnabled(rd)
	k.TOC.SetEnabled(rd)
	k.Back.SetEnabled(rd)

	k.Select.SetEnabled(toc)
	k.Close.SetEnabled(toc || warn || help)

	k.Help.SetEnabled(lib || rd || help)
	k.Quit.SetEnabled(lib)
	k.ForceQuit.SetEnabled(true)
	k.setNotesScreen(s)
	k.setSearchScreen(s)
	k.setTriageScreen(s)
	k.setRoomScreen(s)
	k.setSortScreen(s)
	k.setLinkScreen(s)
	k.setViewScreen(s)
	k.applyCustom(s)
}

// ShortHelp is the one-line help of the footer (help.KeyMap).
func (k KeyMap) ShortHelp() []key.Binding {
	// The footer is cut on narrow terminals: the ways out and to the full
	// help come first.
	short := []key.Binding{
		k.Open, k.Select, k.Close, k.Back, k.Help, k.Quit, k.Search,
		k.Section, k.NextSection, k.TOC,
	}
	short = append(short, k.searchShortHelp()...)
	short = append(short, k.noteShortHelp()...)
	short = append(short, k.triageShortHelp()...)
	short = append(short, k.roomShortHelp()...)
	return append(short, k.Sort, k.View, k.Warnings)
}

// FullHelp is the help overlay (help.KeyMap): one column per concern.
func (k KeyMap) FullHelp() [][]key.Binding {
	groups := [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfPageUp, k.HalfPageDown, k.Top, k.Bottom},
		{k.Open, k.Warnings, k.Section, k.NextSection, k.PrevSection, k.NextBrief, k.PrevBrief, k.TOC, k.Select},
		{k.Back, k.Close, k.Help, k.Quit, k.ForceQuit},
		k.noteFullHelp(),
		k.searchFullHelp(),
		append(k.triageFullHelp(), k.Sort, k.View),
		k.linkFullHelp(),
	}
	return k.withRoomHelp(groups)
}

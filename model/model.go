// Package model is the Bubble Tea root model of the reader: the state of one
// session, its Update dispatcher and the commands that load and render.
// Components live in ui/; this package routes messages to them.
package model

import (
	"cmp"
	"os/exec"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/search"
	"github.com/briefing-dev/briefing/ui"
)

// Options configure one reader session.
type Options struct {
	// Paths are the files and folders to load; empty means the embedded samples.
	Paths []string
	// Theme is "dark", "light", "ascii" or "notty"; empty follows the
	// terminal's reported background (dark until it answers).
	Theme string
	// Library, when set, is shown as is and Paths are not loaded (an SSH
	// server shares one read-only library between sessions).
	Library *briefs.Library
	// LightHint starts an automatic theme as light instead of dark, for a
	// caller that already knows the background.
	LightHint bool
	// Width and Height, when both are set, are the terminal's size at the
	// start: the first frame Bubble Tea draws, right after Init, is then
	// the screen itself rather than a blank one that waits for its size
	// message. Zero waits for the message, as an SSH session does.
	Width, Height int
	// DataDir is the data folder (the --data flag), where exports go;
	// empty means the folder of notes.DefaultPath's choice.
	DataDir string
	// CacheDir is where the catalog of parsed briefs is kept between runs
	// (briefs.LoadOptions.CacheDir): a start reads only the files changed
	// since the last one, and briefs are read from disk when opened. ""
	// reads every file and keeps every brief's text in memory.
	CacheDir string
	// Owner is whose notes and marks these are; empty means
	// notes.LocalOwner() (the SSH server passes a key fingerprint).
	Owner string
	// Store, when set, is the notes store to use (a server shares one);
	// otherwise the session opens one with OpenStore.
	Store notes.Store
	// OpenStore opens the session's own store when Store is nil (main
	// passes sqlite.Opener for the database in DataDir). The session calls
	// it once, in a command, and closes what it returns. Nil with no Store
	// means notes are off.
	OpenStore func() (notes.Opened, error)
	// Index, when set with Library, is its full-text index, built once and
	// shared (an SSH server); otherwise the session builds one after loading.
	// Its owner keeps it following the library: when it sends a
	// LibraryChangedMsg, the change is already applied to the index.
	Index *search.Index
	// IndexPath, when set, is the file the session keeps its library's
	// index in between runs (see search.Open): a start opens it and indexes
	// only the briefs that changed, then saves it in the background when it
	// did. "" builds the index in memory at each start.
	IndexPath string
	// NoWatch stops a session that loads Paths from following changes to
	// their files (briefs.Watch), which it does by default.
	NoWatch bool
	// ReadOnly, when set, is why this session keeps nothing (an anonymous
	// SSH reader): no store is opened, the keys that would write or read
	// notes and marks (note, highlight, star, unread, panel, review,
	// export) say "read-only: ReadOnly" and do nothing, and the session
	// starts by saying so once.
	ReadOnly string
	// NoExport turns the export key off: an SSH server would write the
	// file on its own disk, where the reader cannot get it.
	NoExport bool
	// ExportOff is what the export key says when NoExport is set; empty
	// says export is off on this server. A server names the command that
	// exports over SSH instead.
	ExportOff string
	// RenderCacheSize is how many renders the session keeps; 0 means
	// DefaultRenderCacheSize. A server holding many sessions wants few.
	RenderCacheSize int
	// SharedRenders, when set, is a render cache shared by every session
	// of a server (renders of the same brief at the same width and theme
	// are the same): a session looks there before rendering and puts its
	// renders there. It must be safe for concurrent use (ui.RenderCache is).
	SharedRenders *ui.RenderCache
	// Served marks a session an SSH server runs for someone on another
	// machine: nothing is started on this one for them (no browser, no
	// editor). NoExport, which every served session sets, counts too.
	Served bool
	// OpenURL opens a URL in the system browser ("o" on a link); nil
	// means the system's opener (xdg-open, open, rundll32). It runs in a
	// command, never on the event loop. Tests pass their own.
	OpenURL func(url string) error
	// ExecProcess runs a program on the session's terminal ("e", the
	// editor); nil means tea.ExecProcess. Tests pass one that runs it.
	ExecProcess func(*exec.Cmd, tea.ExecCallback) tea.Cmd
	// Clock is the session's time and the timer of its delayed messages;
	// nil means the wall clock.
	Clock Clock
	// Rooms, when set, are the briefing rooms of the server this session
	// runs on (room.go): the room keys are on, and the session takes
	// RoomMsg. Nil: no rooms (a local reader).
	Rooms Rooms
	// QueryHistory is the file the query bar's history is kept in across
	// runs (main passes notes.HistoryPath for the local reader); empty
	// keeps it for the session only, as an SSH session does.
	QueryHistory string
	// Prefs are the user's settings from the config file; an SSH server
	// gives every session its own.
	Prefs
}

// Prefs are what the config file sets in a session. The zero value is the
// behaviour without a config file.
type Prefs struct {
	// Keys rebind actions per screen (ui.KeyMap.Configure); rebindings it
	// refuses were reported when the file was read and are left out here.
	Keys []ui.KeyBinding
	// Vocabulary is the section labels the library is parsed with (and
	// reloaded with); nil means the built-in one.
	Vocabulary *briefs.Vocabulary
	// Compact starts the library one line per brief.
	Compact bool
	// Sort is the library's order at start; the zero value is newest
	// first.
	Sort ui.SortOrder
	// Width caps the reading column; 0 means maxReadingWidth.
	Width int
	// NoMouse leaves mouse input off.
	NoMouse bool
	// DateFormat is a Go time layout for dates; "" means 2006-01-02.
	DateFormat string
	// GlamourStyle is a glamour JSON style the reader and the digest
	// render with in the dark and light themes; nil: the theme's own.
	GlamourStyle []byte
	// Views are saved queries the library offers (the view key cycles
	// through them); StartView, when one of their names, is on at start.
	Views     []View
	StartView string
}

// View is a saved query with a name.
type View struct {
	Name  string
	Query string
}

// Themes are the theme names Options.Theme accepts.
var Themes = []string{"dark", "light", "ascii", "notty"}

// ValidTheme reports whether t is empty (automatic) or one of Themes.
func ValidTheme(t string) bool {
	if t == "" {
		return true
	}
	for _, x := range Themes {
		if t == x {
			return true
		}
	}
	return false
}

type screen int

const (
	screenLibrary screen = iota
	screenReader
	screenDigest // the section digest (digest.go)
)

type overlay int

const (
	overlayNone overlay = iota
	overlayHelp
	overlayWarnings
)

// DefaultRenderCacheSize is how many renders a session keeps unless
// Options.RenderCacheSize says otherwise: enough for back and forth through
// a library at two widths and both themes.
const DefaultRenderCacheSize = 64

// Model is the root model of one session. Everything the session owns
// (styles, key map, render cache) lives here: no package-level state.
type Model struct {
	opts      Options
	theme     string // the glamour theme renders use
	autoTheme bool   // follow tea.BackgroundColorMsg
	styles    *ui.Styles
	keys      *ui.KeyMap // never modified: keyMap copies it
	cache     *ui.RenderCache
	inflight  map[renderKey]bool

	lib       *briefs.Library
	watch     *watcher // follows Paths on disk once loaded (watch.go); nil: not watching
	libSeq    uint64   // Seq of the last LibraryChangedMsg taken
	loading   bool
	loadDone  int
	loadTotal int
	loadLeft  time.Duration // estimated time left; 0 while unknown

	screen   screen
	overlay  overlay
	library  ui.Library
	reader   ui.Reader
	warnings ui.WarningList
	help     ui.Help

	width, height int
	resizeSeq     int

	status      string // a transient message; clears itself
	statusSeq   int
	statusScope statusScope // what the message is about, which may end it sooner (status.go)

	notes notesModel // notes, highlights, stars and read state (notes.go)

	shortHelp *shortHelpMemo // the footer's last short help (status.go)

	search searchModel // the index, the query bar and what it lists (search.go)
	find   findModel   // the reader's find bar (find.go)
	digest digestModel // the section digest and its prompt (digest.go)
	triage triageModel // next unread, mark shown read, reload (triage.go)
	room   roomModel   // the briefing room, on a server (room.go)
	sort   sortModel   // the library's order and its unread count (sort.go)
	links  linksModel  // links, the back stack and hyperlinks (links.go)
	view   viewModel   // the saved view on and the start view (views.go)

	styledTheme string // ui.StyledTheme of Options.GlamourStyle, made once; "" for none
}

// New returns the root model for opts. It does no I/O: loading starts in Init.
func New(opts Options) Model {
	m := Model{
		opts:      opts,
		theme:     opts.Theme,
		cache:     ui.NewRenderCache(cmp.Or(opts.RenderCacheSize, DefaultRenderCacheSize)),
		inflight:  map[renderKey]bool{},
		shortHelp: &shortHelpMemo{},
		sort:      sortModel{unread: -1, order: opts.Sort},
		view:      newViewModel(opts),
	}
	if len(opts.GlamourStyle) > 0 {
		m.styledTheme = ui.StyledTheme(opts.GlamourStyle)
	}
	if m.theme == "" {
		m.autoTheme = true
		m.theme = "dark"
		if opts.LightHint {
			m.theme = "light"
		}
	}
	keys := ui.DefaultKeyMap()
	keys.Configure(opts.Keys) // refusals were reported when the file was read
	if opts.Rooms != nil {
		keys.EnableRooms(ui.ScreenLibrary)
	}
	m.keys = &keys
	m.styles = m.stylesFor(m.theme)
	m.library = ui.NewLibrary(m.styles, keys)
	m.library.SetCompact(opts.Compact)
	m.reader = ui.NewReader(m.styles, keys)
	m.warnings = ui.NewWarningList(m.styles, keys)
	m.help = ui.NewHelp(m.styles, keys)
	m.notes = newNotesModel(opts, m.styles, keys)
	m.search = newSearchModel(m.styles, keys, opts.QueryHistory)
	m.find = newFindModel(m.styles, keys)
	m.digest = newDigestModel(m.styles, keys)
	m.room = newRoomModel(opts.Rooms, m.styles, keys)
	if opts.Index != nil && opts.Library != nil {
		m.search.index = opts.Index
	}
	if opts.Library != nil {
		m.setLibrary(opts.Library)
		m.view.initCmd = m.startView()
	} else {
		m.loading = true
	}
	if opts.Width > 0 && opts.Height > 0 {
		m.width, m.height = opts.Width, opts.Height
		m.layout()
	}
	if opts.ReadOnly != "" {
		// Said once; Init schedules its removal like any status.
		m.status, m.statusSeq = readOnlyStatus(opts.ReadOnly), 1
	}
	return m
}

// Init asks the terminal for its background (the answer may never come: the
// model starts with dark styles and switches if it does) and starts loading.
func (m Model) Init() tea.Cmd {
	var cmds []tea.Cmd
	if m.autoTheme {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	if m.loading {
		cmds = append(cmds, loadCmd(m.opts.Paths, m.opts.Vocabulary, m.opts.CacheDir))
	}
	if m.status != "" {
		cmds = append(cmds, m.clearStatusCmd(m.statusSeq))
	}
	cmds = append(cmds, m.notesInit())
	cmds = append(cmds, m.indexCmd())
	cmds = append(cmds, m.loadQueryHistoryCmd())
	cmds = append(cmds, m.view.initCmd)
	return tea.Batch(cmds...)
}

// Update routes each message to its handler; one line per message type.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return m.handleRoomKey(msg)
	case tea.MouseMsg:
		return m.handleRoomMouse(msg)
	case tea.WindowSizeMsg:
		return m.handleResize(msg)
	case tea.BackgroundColorMsg:
		return m.handleBackground(msg)
	case loadProgressMsg:
		return m.handleLoadProgress(msg)
	case libraryLoadedMsg:
		return m.handleLibraryLoaded(msg)
	case renderedMsg:
		return m.handleRenderedInRoom(msg)
	case resizeDoneMsg:
		return m.handleResizeDone(msg)
	case clearStatusMsg:
		return m.handleClearStatus(msg)
	case ui.OpenBriefMsg:
		return m.openBrief(msg.ID)
	case ui.StepBriefMsg:
		return m.stepBrief(msg.Delta)
	case ui.CloseReaderMsg:
		return m.closeReader()
	case notesMsg:
		return m.handleNotesMsg(msg)
	case indexBuiltMsg:
		return m.handleIndexBuilt(msg)
	case indexSavedMsg:
		return m.handleIndexSaved(msg)
	case LibraryChangedMsg:
		return m.handleLibraryChangedInRoom(msg)
	case indexUpdatedMsg:
		return m.handleIndexUpdated(msg)
	case watchFailedMsg:
		return m.handleWatchFailed(msg)
	case searchResultMsg:
		return m.handleSearchResult(msg)
	case digestRenderedMsg:
		return m.handleDigestRendered(msg)
	case tea.PasteMsg:
		return m.handleRoomPaste(msg)
	case reloadedMsg:
		return m.handleReloaded(msg)
	case roomMessage:
		return m.handleRoomMsg(msg)
	case queryHistoryMsg:
		return m.handleQueryHistory(msg)
	case tea.ColorProfileMsg:
		return m.handleColorProfile(msg)
	case briefTextMsg:
		return m.handleBriefText(msg)
	case libraryCheckedMsg:
		return m.handleLibraryChecked(msg)
	case linksMsg:
		return m.handleLinksMsg(msg)
	}
	return m, nil
}

// Theme is the theme renders currently use.
func (m Model) Theme() string { return m.theme }

// Library is the loaded library, or nil while loading.
func (m Model) Library() *briefs.Library { return m.lib }

// OpenBrief is the brief open in the reader, or nil on the library screen.
func (m Model) OpenBrief() *briefs.Brief {
	if m.screen != screenReader {
		return nil
	}
	return m.reader.Brief()
}

// Reader is the reader component (for tests and embedding).
func (m Model) Reader() ui.Reader { return m.reader }

// ListComponent is the library list component.
func (m Model) ListComponent() ui.Library { return m.library }

// HelpOpen reports whether the help overlay is shown.
func (m Model) HelpOpen() bool { return m.overlay == overlayHelp }

// WarningsOpen reports whether the warning list is shown.
func (m Model) WarningsOpen() bool { return m.overlay == overlayWarnings }

func (m *Model) setLibrary(lib *briefs.Library) {
	m.lib = lib
	m.loading = false
	m.listAll()
	m.warnings.SetWarnings(lib.Warnings())
}

// setStatus shows a transient message and schedules its removal.
func (m *Model) setStatus(s string) tea.Cmd {
	m.statusSeq++
	m.status, m.statusScope = s, scopeNone
	return m.clearStatusCmd(m.statusSeq)
}

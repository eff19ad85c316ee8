// Package serve is the SSH front door of briefing: `briefing serve` lets
// several people read one library with `ssh -p 2222 host`, each in their own
// session with their own notes. It is built on wish and charm.land/ssh; this
// package adds what a shared server needs on top: key-based identity, limits
// on everything a client can ask for, and an orderly shutdown.
//
// The library is loaded once by the caller and shared read-only, with its
// index and a cache of finished renders (a render depends only on the brief,
// the width and the theme). Each session gets its own model.Model (styles,
// key map, a small render cache), so no state crosses sessions except
// through the notes store, where every call names its owner. Anonymous
// sessions open no store at all (model.Options.ReadOnly), and the reader's
// export is off for everyone (model.Options.NoExport): it would write on
// the server. Readers take their notes home with `ssh host notes export`
// instead, the only command the server answers (exec.go).
package serve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/recover"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/model"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
	"github.com/briefing-dev/briefing/search"
	"github.com/briefing-dev/briefing/ui"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Limits bound what one client, one key and everyone together can use. The
// zero value of a field means its default (DefaultLimits); there is no way to
// switch a limit off, only to raise it.
type Limits struct {
	// HandshakeTimeout closes a connection that has not authenticated in time.
	HandshakeTimeout time.Duration
	// IdleTimeout ends a session when the user has pressed no key, clicked
	// or pasted for this long. Our own output does not count (wish's idle
	// timer is reset by it, so it cannot be used alone).
	IdleTimeout time.Duration
	// MaxSession ends any session after this long.
	MaxSession time.Duration
	// MaxWidth and MaxHeight clamp the terminal size a client asks for, at
	// the request and on every resize: a 5000x1000 screen costs about 1 GB.
	MaxWidth, MaxHeight int
	// SessionsPerKey is how many sessions one key (one person) may hold
	// open; anonymous sessions count per IP address.
	SessionsPerKey int
	// ConnsPerIP is how many connections one IP address may hold open.
	ConnsPerIP int
	// MaxSessions is how many sessions the server runs in all.
	MaxSessions int
	// ConnRate and ConnBurst limit new connections per IP address: a
	// token bucket refilled at ConnRate per second holding ConnBurst.
	ConnRate  float64
	ConnBurst int
	// MaxEnv is how many environment variables a session may send; the
	// rest are refused.
	MaxEnv int
	// ShutdownGrace is how long Shutdown waits for clients to leave after
	// their programs were told to quit, before it cuts the connections.
	ShutdownGrace time.Duration
	// RequestRate is how many requests (window changes, signals, global
	// requests…) a connection may send per second, in bursts of twice
	// that; a connection that sends more is cut. A terminal sends a few a
	// second at most; each one costs the server a decryption, and a
	// window change a redraw.
	RequestRate float64
	// MaxPaste is the longest bracketed paste a session takes, in bytes;
	// a longer one is dropped, and the reader told. It also bounds what a
	// session's input holds while a paste arrives.
	MaxPaste int
	// StallTimeout closes a session whose output has made no progress for
	// this long (a client that stopped reading): its connection is cut,
	// which releases everything the session held.
	StallTimeout time.Duration
}

// DefaultLimits returns the limits `briefing serve` starts with.
func DefaultLimits() Limits {
	return Limits{
		HandshakeTimeout: 10 * time.Second,
		IdleTimeout:      15 * time.Minute,
		MaxSession:       12 * time.Hour,
		MaxWidth:         500,
		MaxHeight:        200,
		SessionsPerKey:   3,
		ConnsPerIP:       10,
		MaxSessions:      500,
		ConnRate:         1,
		ConnBurst:        5,
		MaxEnv:           32,
		ShutdownGrace:    8 * time.Second,
		StallTimeout:     30 * time.Second,
		MaxPaste:         64 << 10,
		RequestRate:      200,
	}
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	pick := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	pickInt := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	pick(&l.HandshakeTimeout, d.HandshakeTimeout)
	pick(&l.IdleTimeout, d.IdleTimeout)
	pick(&l.MaxSession, d.MaxSession)
	pick(&l.ShutdownGrace, d.ShutdownGrace)
	pick(&l.StallTimeout, d.StallTimeout)
	pickInt(&l.MaxWidth, d.MaxWidth)
	pickInt(&l.MaxHeight, d.MaxHeight)
	pickInt(&l.SessionsPerKey, d.SessionsPerKey)
	pickInt(&l.ConnsPerIP, d.ConnsPerIP)
	pickInt(&l.MaxSessions, d.MaxSessions)
	pickInt(&l.ConnBurst, d.ConnBurst)
	pickInt(&l.MaxEnv, d.MaxEnv)
	pickInt(&l.MaxPaste, d.MaxPaste)
	if l.ConnRate <= 0 {
		l.ConnRate = d.ConnRate
	}
	if l.RequestRate <= 0 {
		l.RequestRate = d.RequestRate
	}
	return l
}

// Config is what New needs to build a server.
type Config struct {
	// Listen is the TCP address, e.g. "127.0.0.1:2222".
	Listen string
	// DataDir holds the host key (and, when Store is nil, the notes
	// database). It must be given: nothing is written to the working
	// directory.
	DataDir string
	// HostKeyPath is the host's private key; empty means
	// DataDir/ssh_host_ed25519_key. It is created (mode 0600) when missing.
	HostKeyPath string
	// AuthorizedKeys is an authorized_keys file: only these keys get in
	// (with notes). AllowAnyKey lets any key in instead. One of the two is
	// required.
	AuthorizedKeys string
	AllowAnyKey    bool
	// AllowAnonymous lets people without an accepted key in through
	// keyboard-interactive, read-only and without notes.
	AllowAnonymous bool
	// Library is shown to every session; it is never modified.
	Library *briefs.Library
	// Paths are the files and folders Library was loaded from. When set,
	// the server follows changes to them (briefs.Watch): the library is
	// loaded again, the shared index updated, and every session shown the
	// new library; sessions that start later get it.
	Paths []string
	// CacheDir is the catalog's folder the library was loaded with
	// (briefs.LoadOptions.CacheDir); reloads use it too. "" means none.
	CacheDir string
	// Index is the Library's full-text index, shared by every session;
	// nil means New builds it once (sessions never build their own).
	Index *search.Index
	// Store keeps everyone's notes; every call names its owner. Nil means
	// the server opens the SQLite store in DataDir (and closes it).
	Store notes.Store
	// RenderCacheSize is how many renders each session keeps; 0 means
	// DefaultRenderCacheSize. Sessions find most renders in the shared
	// cache, so a few suffice.
	RenderCacheSize int
	// SharedRenders is how many renders all sessions share (the same brief
	// at the same width and theme renders the same for everyone); 0 means
	// DefaultSharedRenders.
	SharedRenders int
	// Limits; zero fields take their defaults.
	Limits Limits
	// Logger receives one line per connection event; nil means JSON on
	// stderr. Note text is never logged.
	Logger *slog.Logger
	// Presenters is an authorized_keys file of the keys that may open and
	// present briefing rooms (room.go); the comment of a key's line is the
	// name the room shows. Empty means the server has no rooms.
	Presenters string
	// Rooms are room names declared in advance: whoever connects as
	// NAME@host before the room opens waits in it and follows once it
	// does. A room opened since the server started is known too.
	Rooms []string
	// PresenterGrace is how long a room waits for its presenter, or
	// another, to come back; 0 means DefaultPresenterGrace.
	PresenterGrace time.Duration
	// RoomsDB is a postgres:// URL: the rooms are shared through that
	// database with every server given the same one, so a presenter and
	// their followers may sit on different servers (room_pg.go). Empty
	// means Postgres's database when it is set, else the rooms stay in
	// this process.
	RoomsDB string
	// Prefs are the server's config file settings (keys, views, density,
	// width…), given to every session; Vocabulary is also what the
	// library is reloaded with.
	Prefs model.Prefs
	// ProxyProtocol makes every connection start with a PROXY protocol
	// header (v1 or v2) from a TCP load balancer, whose reader address the
	// limits and the log then use (proxy.go). A connection without one,
	// or whose header does not arrive within Limits.HandshakeTimeout, is
	// refused.
	ProxyProtocol bool
	// ProxyFrom, with ProxyProtocol, are the balancers' addresses: a
	// connection from anywhere else is refused before anything is read
	// from it. Empty means any peer may send a header.
	ProxyFrom []netip.Prefix
	// Postgres is the database several servers share, or nil for a
	// server on its own. With it, Limits.SessionsPerKey holds across every
	// server on the database (limits_shared.go) and the rooms are shared
	// with them (room_pg.go, on a small pool of its own made from this
	// one's settings). The caller opens and closes it.
	Postgres *pgxpool.Pool
}

// DefaultRenderCacheSize is each session's render cache unless
// Config.RenderCacheSize says otherwise. A standalone reader keeps 64 (see
// model.DefaultRenderCacheSize); hundreds of sessions cannot each keep that
// many, and what one renders the shared cache keeps for the others.
const DefaultRenderCacheSize = 8

// DefaultSharedRenders is the size of the render cache all sessions share
// unless Config.SharedRenders says otherwise: a render of a long brief is
// some tens of kilobytes, so this holds a few megabytes.
const DefaultSharedRenders = 256

// ErrNoAuth is returned by New when neither AuthorizedKeys nor AllowAnyKey is
// set: a server that lets anyone in must be asked for by name.
var ErrNoAuth = errors.New("no way to authenticate: give --authorized-keys FILE (only those keys get in) or --allow-any-key (any key gets in; people are told apart by their key); the server does not start open by accident")

// Server is a running or ready briefing SSH server.
type Server struct {
	cfg    Config
	limits Limits
	log    *slog.Logger
	ssh    *ssh.Server
	keys   *authorizedKeys // nil with AllowAnyKey
	// presenters may open rooms; nil: the server has no rooms.
	presenters *authorizedKeys
	hub        Hub
	rooms      *pgRooms // the hub's share when Config.RoomsDB is set
	sessionIDs atomic.Uint64
	store      notes.Store
	owned      bool // the store was opened here and is closed by Shutdown
	// renders are the renders every session shares (Config.SharedRenders).
	renders *ui.RenderCache

	conns    *connLimiter
	sessions *sessionCounter
	// shared counts sessions per key across servers; nil without
	// Config.Postgres.
	shared *sharedSessions
	// proxyPending counts connections waiting for their PROXY header.
	proxyPending atomic.Int64

	mu       sync.Mutex
	programs map[*session]struct{} // running sessions, told to quit on shutdown
	closing  bool
	handlers sync.WaitGroup // session handlers still running

	baseline atomic.Int64 // goroutines when the server became ready
	// testHooks are set only by this package's tests.
	testHooks struct {
		size  func(w, h int)    // every size the program receives
		final func(m tea.Model) // the model a session ended with
		// released is told each session slot given back, with its key.
		released func(key string)
		// input is given each session's input decoder as it starts.
		input func(d *inputDecoder)
		// clock times the limits of sessions (idle, longest) and
		// modelClock their models' delayed messages; nil means the wall
		// clock.
		clock      clock
		modelClock model.Clock
		// watching is called once Config.Paths are watched.
		watching func()
		// reloaded is called once a reload has been applied and sent to
		// every running session.
		reloaded func()
		// roomReport is given each room report a session makes, with the
		// session's key.
		roomReport func(key string, rep model.RoomReport)
		// proxyWaiting is called as a connection starts waiting for its
		// PROXY header.
		proxyWaiting func()
	}
	started time.Time
	idleSeq atomic.Int64

	// lib is the library new sessions get: Config.Library, then each reload.
	lib    atomic.Pointer[briefs.Library]
	libSeq atomic.Uint64
	// stopWatch ends the watch of Config.Paths.
	stopWatch context.CancelFunc
}

// New checks cfg, creates or loads the host key and returns a server that
// is ready to Serve. It opens the notes store when cfg.Store is nil.
func New(cfg Config) (*Server, error) {
	if cfg.AuthorizedKeys == "" && !cfg.AllowAnyKey {
		return nil, ErrNoAuth
	}
	if cfg.Library == nil {
		return nil, errors.New("serve: no library")
	}
	if cfg.DataDir == "" {
		return nil, errors.New("no data folder: give --data DIR (the host key and the notes database live there)")
	}
	s := &Server{
		cfg:      cfg,
		limits:   cfg.Limits.withDefaults(),
		log:      cfg.Logger,
		programs: map[*session]struct{}{},
		renders:  ui.NewRenderCache(cmp.Or(cfg.SharedRenders, DefaultSharedRenders)),
	}
	if s.log == nil {
		s.log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	if s.cfg.Index == nil {
		s.cfg.Index = search.NewIndex(cfg.Library.Briefs())
	}
	s.lib.Store(cfg.Library)
	s.stopWatch = func() {}
	s.conns = newConnLimiter(s.limits)
	s.sessions = newSessionCounter(s.limits)
	if cfg.AuthorizedKeys != "" && !cfg.AllowAnyKey {
		keys, err := loadAuthorizedKeys(cfg.AuthorizedKeys, s.log)
		if err != nil {
			return nil, err
		}
		s.keys = keys
	}
	if cfg.Postgres != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		shared, err := newSharedSessions(ctx, cfg.Postgres, s.limits.SessionsPerKey, serverClock{s}, s.log)
		cancel()
		if err != nil {
			return nil, err
		}
		s.shared = shared
	}
	if cfg.Presenters != "" {
		p, err := loadAuthorizedKeys(cfg.Presenters, s.log)
		if err != nil {
			return nil, fmt.Errorf("presenters: %w", err)
		}
		s.presenters = p
		hub := newLocalHub(serverClock{s}, cmp.Or(cfg.PresenterGrace, DefaultPresenterGrace), cfg.Rooms, s.log)
		if cfg.RoomsDB != "" || cfg.Postgres != nil {
			var share *pgRooms
			var err error
			if cfg.RoomsDB != "" {
				share, err = openPGRooms(context.Background(), cfg.RoomsDB, hub, s.log)
			} else {
				share, err = newPGRooms(context.Background(), cfg.Postgres.Config(), hub, s.log)
			}
			if err != nil {
				return nil, err
			}
			hub.share, s.rooms = share, share
			defer func() {
				if s.ssh == nil { // New failed after this: no pool left open
					share.close()
				}
			}()
		}
		s.hub = hub
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	hostKey := cfg.HostKeyPath
	if hostKey == "" {
		hostKey = filepath.Join(cfg.DataDir, "ssh_host_ed25519_key")
	}
	s.checkHostKeyMode(hostKey)

	s.store = cfg.Store
	if s.store == nil {
		st, err := sqlite.Open(notes.DefaultPath(cfg.DataDir), sqlite.WithFreshOnCorrupt())
		if err != nil {
			return nil, fmt.Errorf("notes database: %w", err)
		}
		if ce := st.Recovered(); ce != nil {
			s.log.Warn("notes database recovered", "event", "store_recovered", "detail", ce.Error())
		}
		s.store, s.owned = st, true
	}

	opts := []ssh.Option{
		wish.WithAddress(cfg.Listen),
		// Always explicit: without it wish writes ./id_ed25519.
		wish.WithHostKeyPath(hostKey),
		wish.WithPublicKeyAuth(s.publicKeyAuth),
		wish.WithMiddleware(recover.MiddlewareWithLogger(slogPrintf{s.log}, s.sessionMiddleware)),
		func(srv *ssh.Server) error {
			srv.HandshakeTimeout = s.limits.HandshakeTimeout
			// Backstops at the connection level, a little after the
			// session's own timers, which end sessions politely.
			srv.IdleTimeout = s.limits.IdleTimeout + time.Minute
			srv.MaxTimeout = s.limits.MaxSession + time.Minute
			srv.ConnCallback = s.acceptConn
			srv.ConnectionFailedCallback = s.connFailed
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
			// No port forwarding, no agent, no subsystems: only the
			// reader. Global requests (tcpip-forward, keepalives) get no.
			srv.RequestHandlers = map[string]ssh.RequestHandler{"default": s.globalRequest}
			srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
			srv.LocalPortForwardingCallback = nil
			srv.ReversePortForwardingCallback = nil
			return nil
		},
	}
	if cfg.AllowAnonymous {
		opts = append(opts, wish.WithKeyboardInteractiveAuth(anonymousAuth))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		if s.owned {
			_ = s.store.Close()
		}
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	s.ssh = srv
	return s, nil
}

// checkHostKeyMode warns when an existing host key can be read by others.
func (s *Server) checkHostKeyMode(path string) {
	fi, err := os.Stat(path)
	if err != nil {
		return // created with 0600 by wish.WithHostKeyPath
	}
	if fi.Mode().Perm()&0o077 != 0 {
		s.log.Warn("host key is readable by other users; chmod 600 it",
			"event", "host_key_mode", "path", path, "mode", fmt.Sprintf("%04o", fi.Mode().Perm()))
	}
}

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	s.started = time.Now()
	s.log.Info("listening", "event", "listening", "addr", ln.Addr().String(),
		"anonymous", s.cfg.AllowAnonymous, "any_key", s.cfg.AllowAnyKey,
		"briefs", s.cfg.Library.Len())
	go s.recordBaseline()
	if s.shared != nil {
		s.shared.start()
	}
	if s.rooms != nil {
		s.rooms.start()
	}
	if len(s.cfg.Paths) > 0 {
		ctx, cancel := context.WithCancel(context.Background())
		s.mu.Lock()
		s.stopWatch = cancel
		s.mu.Unlock()
		go s.follow(ctx)
	}
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// ListenAndServe listens on Config.Listen and serves.
func (s *Server) ListenAndServe() error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return err
	}
	return s.Serve(ln)
}

// recordBaseline notes the goroutine count once the server has settled, so
// the idle log line can be compared with it.
func (s *Server) recordBaseline() {
	time.Sleep(200 * time.Millisecond)
	n := runtime.NumGoroutine()
	s.baseline.Store(int64(n))
	s.log.Info("ready", "event", "ready", "goroutines", n)
}

// Sessions is the number of sessions running now.
func (s *Server) Sessions() int { return s.sessions.total() }

// Shutdown tells every session's program to quit (clients get their
// terminal back and drafts are saved), stops accepting connections, waits
// for clients to leave until ctx ends or Limits.ShutdownGrace passes, then
// cuts the connections that are left. It closes the store when the server
// opened it.
func (s *Server) Shutdown(ctx context.Context) error {
	start := time.Now()
	s.mu.Lock()
	s.closing = true
	s.stopWatch()
	running := make([]*session, 0, len(s.programs))
	for p := range s.programs {
		running = append(running, p)
	}
	s.mu.Unlock()
	for _, p := range running {
		p.quit("the server is shutting down")
	}

	// Stop listening (Shutdown with a context that is already done only
	// closes the listeners), then give sessions the grace period to end.
	stopped, stop := context.WithCancel(ctx)
	stop()
	_ = s.ssh.Shutdown(stopped)
	grace := time.NewTimer(s.limits.ShutdownGrace)
	defer grace.Stop()
	done := make(chan struct{})
	go func() { s.handlers.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-grace.C:
		err = errors.New("sessions did not end in time: connections cut")
	case <-ctx.Done():
		err = ctx.Err()
	}
	// Every reader has their terminal back (or ran out of time): cut the
	// connections, including authenticated ones without a session.
	_ = s.ssh.Close()
	if err != nil {
		for _, p := range running {
			p.kill()
		}
		// The store must outlive the handlers' last write (a draft).
		select {
		case <-done:
		case <-time.After(time.Second):
			s.log.Warn("sessions still ending at shutdown", "event", "shutdown_slow")
		}
	}
	if s.shared != nil {
		s.shared.close()
	}
	if s.rooms != nil {
		s.rooms.close() // after the sessions: a presenter's leaving is written
	}
	if s.owned {
		if cerr := s.store.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	s.log.Info("stopped", "event", "stopped", "duration", time.Since(start).Round(time.Millisecond).String(),
		"sessions_quit", len(running), "goroutines", runtime.NumGoroutine())
	return err
}

// register adds a running session, unless the server is shutting down.
func (s *Server) register(p *session) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.programs[p] = struct{}{}
	s.handlers.Add(1)
	return true
}

func (s *Server) unregister(p *session) {
	s.mu.Lock()
	delete(s.programs, p)
	s.mu.Unlock()
	s.handlers.Done()
}

// noteIdle logs the goroutine count a moment after the last session ended
// (with the baseline from "ready", it shows whether sessions leak) and
// returns free memory to the system.
func (s *Server) noteIdle() {
	seq := s.idleSeq.Add(1)
	time.AfterFunc(2*time.Second, func() {
		if s.idleSeq.Load() != seq || s.sessions.total() != 0 {
			return
		}
		// A busy hour leaves the heap large; give it back now that nobody
		// is connected rather than over the next minutes.
		debug.FreeOSMemory()
		s.log.Info("no sessions", "event", "idle", "goroutines", runtime.NumGoroutine(),
			"baseline", s.baseline.Load(), "connections", s.conns.open())
	})
}

// slogPrintf adapts slog to the recover middleware's Printf logger.
type slogPrintf struct{ l *slog.Logger }

func (p slogPrintf) Printf(format string, v ...any) {
	p.l.Error("panic in session", "event", "panic", "detail", fmt.Sprintf(format, v...))
}

// relinkRenamed carries everyone's notes, marks and drafts from the briefs
// a reload removed to the ones it added with the same content (files
// renamed or moved), before any session hears of the reload: a reader who
// is not connected finds them moved too. It returns how many briefs moved.
func (s *Server) relinkRenamed(change briefs.Change) int {
	if len(change.Removed) == 0 || len(change.Added) == 0 {
		return 0
	}
	loaded := func(list []*briefs.Brief) []notes.LoadedBrief {
		out := make([]notes.LoadedBrief, len(list))
		for i, b := range list {
			out[i] = notes.LoadedBrief{ID: b.ID, Hash: b.Hash}
		}
		return out
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	moved, err := notes.RelinkRenamed(ctx, s.store, "", loaded(change.Removed), loaded(change.Added))
	if err != nil {
		s.log.Warn("carrying notes to renamed briefs", "event", "relink_failed", "err", err.Error())
	}
	return len(moved)
}

// follow reloads the library when its files change: the shared index takes
// the change, new sessions get the new library, and every running session
// is sent it (numbered, so that two quick reloads cannot arrive swapped).
func (s *Server) follow(ctx context.Context) {
	err := briefs.Watch(ctx, s.cfg.Paths, s.lib.Load(), briefs.WatchOptions{
		Load:  briefs.LoadOptions{Vocabulary: s.cfg.Prefs.Vocabulary, CacheDir: s.cfg.CacheDir},
		Warn:  func(err error) { s.log.Warn("watching the library", "event", "watch_problem", "err", err.Error()) },
		Ready: s.testHooks.watching,
	}, func(next *briefs.Library) {
		start := time.Now()
		change := briefs.Diff(s.lib.Load(), next)
		s.cfg.Index.Apply(change)
		s.lib.Store(next)
		moved := s.relinkRenamed(change)
		seq := s.libSeq.Add(1)
		s.mu.Lock()
		running := make([]*session, 0, len(s.programs))
		for p := range s.programs {
			running = append(running, p)
		}
		s.mu.Unlock()
		for _, p := range running {
			go p.prog.Send(model.LibraryChangedMsg{Library: next, Seq: seq})
		}
		s.log.Info("library reloaded", "event", "library_reloaded", "briefs", next.Len(),
			"added", len(change.Added), "removed", len(change.Removed), "updated", len(change.Updated),
			"renamed", moved, "sessions", len(running), "duration", time.Since(start).Round(time.Millisecond).String())
		if s.testHooks.reloaded != nil {
			s.testHooks.reloaded()
		}
		// The reload's garbage (parse trees, the old library once every
		// session has moved on) is not kept for the server's lifetime.
		debug.FreeOSMemory()
	})
	if err != nil {
		s.log.Warn("the library's files are not followed", "event", "watch_failed", "err", err.Error())
	}
}

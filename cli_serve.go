package main

import (
	"cmp"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/search"
	"github.com/briefing-dev/briefing/serve"
)

const serveUsage = `Usage: briefing serve [flags] [PATH...]

Serve the briefs in PATH (default: the built-in samples) over SSH. Everyone
connects with 'ssh -p 2222 HOST' and reads the same library; each key gets
its own notes, stars and read state. Edits to the files reach every session
as they are saved. See SECURITY.md for the threat model.

Who gets in (one of the first two is required):
  --authorized-keys FILE  only the keys in FILE (authorized_keys format)
  --allow-any-key         any key; people are told apart by their key
  --allow-anonymous       also people without an accepted key: read-only, no notes

Briefing rooms (one person presents, everyone follows; see the README):
  --presenters FILE       keys that may open and present rooms (authorized_keys format;
                          a line's comment is the name shown; default: the config file's
                          presenters); without it there are no rooms
  --rooms NAMES           room names known in advance, comma-separated: whoever connects
                          as NAME@HOST before the room opens joins it when it does
  --presenter-grace D     how long a room waits for its presenter to come back (default 5m)

Behind a TCP load balancer (see "Running several servers" in the README):
  --proxy-protocol        every connection starts with a PROXY protocol header (v1 or v2)
                          naming the reader's address, which limits and logs then use;
                          a connection without one is refused (default: the config
                          file's proxy_protocol)
  --proxy-from LIST       the balancers' addresses or CIDR prefixes, comma-separated:
                          with --proxy-protocol, connections from anywhere else are
                          refused (default: the config file's proxy_from)
  BRIEFING_DB=postgres://…  the database the servers share: each key's
                          --sessions-per-key then holds across all of them

Flags:
  --listen ADDR           address to listen on (default 127.0.0.1:2222)
  --data DIR              host key and notes database (default: $XDG_DATA_HOME/briefing)
  --db DB                 notes in DB: postgres://user@host/db (several servers on one
                          database) or a SQLite file (default: BRIEFING_DB, the config's db)
  --host-key PATH         host private key, created on first start (default DIR/ssh_host_ed25519_key)

Limits:
  --handshake-timeout D   time to authenticate (default 10s)
  --idle-timeout D        session ends after this long without input (default 15m)
  --max-session D         longest session (default 12h)
  --max-width N           terminal columns are clamped to N (default 500)
  --max-height N          terminal rows are clamped to N (default 200)
  --sessions-per-key N    sessions one key may hold open (default 3)
  --conns-per-ip N        connections one IP address may hold open (default 10)
  --max-sessions N        sessions in all (default 500)
  --conn-rate R           new connections per second per IP address (default 1)
  --conn-burst N          burst of new connections per IP address (default 5)
  --max-env N             environment variables a session may send (default 32)
  --request-rate R        requests (window changes, signals…) a connection may send per
                          second, in bursts of twice that; a faster one is cut (default 200)
  --max-paste BYTES       longest paste a session takes; a longer one is refused (default 65536)
  --stall-timeout D       a session whose output makes no progress this long (its client
                          stopped reading) is closed (default 30s)

Debugging:
  --debug-addr ADDR       serve Go's pprof pages (goroutines, heap) on ADDR; loopback only

Example:
  briefing serve --authorized-keys ~/briefing_keys ~/briefs
  ssh -p 2222 localhost

One JSON log line per connection event goes to stderr. SIGINT or SIGTERM
ends every session (clients get their terminal back) and stops the server
within 10 seconds.
`

// serve is `briefing serve [flags] [PATH...]`.
func (a *app) serve(args []string) error {
	fs := newFlagSet("serve")
	d := serve.DefaultLimits()
	listen := fs.String("listen", "127.0.0.1:2222", "")
	hostKey := fs.String("host-key", "", "")
	authKeys := fs.String("authorized-keys", "", "")
	anyKey := fs.Bool("allow-any-key", false, "")
	anon := fs.Bool("allow-anonymous", false, "")
	dataDir := fs.String("data", "", "")
	db := fs.String("db", "", "")
	debugAddr := fs.String("debug-addr", "", "")
	presenters := fs.String("presenters", "", "")
	roomNames := fs.String("rooms", "", "")
	grace := fs.Duration("presenter-grace", serve.DefaultPresenterGrace, "")
	proxyProto := fs.Bool("proxy-protocol", a.cfg.ProxyProtocol, "")
	proxyFrom := fs.String("proxy-from", strings.Join(a.cfg.ProxyFrom, ","), "")
	l := d
	fs.DurationVar(&l.HandshakeTimeout, "handshake-timeout", d.HandshakeTimeout, "")
	fs.DurationVar(&l.IdleTimeout, "idle-timeout", d.IdleTimeout, "")
	fs.DurationVar(&l.MaxSession, "max-session", d.MaxSession, "")
	fs.IntVar(&l.MaxWidth, "max-width", d.MaxWidth, "")
	fs.IntVar(&l.MaxHeight, "max-height", d.MaxHeight, "")
	fs.IntVar(&l.SessionsPerKey, "sessions-per-key", d.SessionsPerKey, "")
	fs.IntVar(&l.ConnsPerIP, "conns-per-ip", d.ConnsPerIP, "")
	fs.IntVar(&l.MaxSessions, "max-sessions", d.MaxSessions, "")
	fs.Float64Var(&l.ConnRate, "conn-rate", d.ConnRate, "")
	fs.IntVar(&l.ConnBurst, "conn-burst", d.ConnBurst, "")
	fs.IntVar(&l.MaxEnv, "max-env", d.MaxEnv, "")
	fs.IntVar(&l.MaxPaste, "max-paste", d.MaxPaste, "")
	fs.Float64Var(&l.RequestRate, "request-rate", d.RequestRate, "")
	fs.DurationVar(&l.StallTimeout, "stall-timeout", d.StallTimeout, "")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "serve", serveUsage)
	}
	if *authKeys == "" && !*anyKey {
		return usageErrorf("serve: %v", serve.ErrNoAuth)
	}
	if *authKeys != "" && *anyKey {
		return usageErrorf("serve: give --authorized-keys or --allow-any-key, not both")
	}
	if err := checkLimits(l); err != nil {
		return err
	}
	if *presenters == "" {
		*presenters = a.cfg.Presenters
	}
	rooms, err := parseRooms(*roomNames, *presenters, *grace)
	if err != nil {
		return err
	}
	trusted, err := serve.ParseProxyFrom(strings.Split(*proxyFrom, ","))
	if err != nil {
		return usageErrorf("serve: %v", err)
	}
	if len(trusted) > 0 && !*proxyProto {
		return usageErrorf("serve: --proxy-from needs --proxy-protocol")
	}
	if len(paths) == 0 {
		paths = a.cfg.Library
	}
	if err := anyExists(paths); err != nil {
		return err
	}
	dir := cmp.Or(*dataDir, a.cfg.Data)
	if dir == "" {
		dir = filepath.Dir(notes.DefaultPath(""))
		if dir == "." {
			return usageErrorf("serve: no home folder to keep the host key in: give --data DIR")
		}
	}

	at, err := a.at(*db, dir)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(a.stderr, nil))
	store, shared, closeStore, err := at.serverStore(logger)
	if err != nil {
		return err
	}
	defer closeStore()
	if *debugAddr != "" {
		if err := serveDebug(*debugAddr, logger); err != nil {
			return err
		}
	}
	start := time.Now()
	a.cacheDir = cacheDir(dir)
	// No text is kept from the load, as in the reader: the index reads
	// the files it lacks, each just before indexing it. Holding every
	// text read by a first load took the corpus's size of heap (0.5 GB
	// at 100,000 briefs) on top of the index being built.
	var lib *briefs.Library
	if len(paths) == 0 {
		lib = briefs.LoadSamples(a.loadOptions())
	} else {
		lib = briefs.Load(paths, a.loadOptions())
	}
	logger.Info("library loaded", "event", "library", "briefs", lib.Len(),
		"warnings", len(lib.Warnings()), "duration", time.Since(start).Round(time.Millisecond).String())

	// One index for every session, kept in the data folder between runs.
	var ix *search.Index
	if p := indexPath(dir, paths); p != "" {
		var rep search.OpenReport
		ix, rep = search.Open(p, lib.Briefs(), search.OpenOptions{})
		if rep.Warning != "" {
			logger.Warn(rep.Warning, "event", "index")
		}
		if rep.Changed() {
			if err := ix.Save(p); err != nil {
				logger.Warn("search index not saved", "event", "index", "error", err.Error())
			} else if mapped, again := search.Open(p, lib.Briefs(), search.OpenOptions{}); !again.Changed() {
				// The file's index maps its postings rather than holding
				// them on the heap: the server runs on it, as after a
				// restart, and the built one goes.
				ix = mapped
			}
		}
		logger.Info("index opened", "event", "index", "reused", rep.Reused, "indexed", rep.Indexed, "dropped", rep.Dropped)
	}
	// The load's and the index's garbage (parse trees, the texts read) is
	// not kept for the server's lifetime.
	debug.FreeOSMemory()

	srv, err := serve.New(serve.Config{
		Listen:         *listen,
		DataDir:        dir,
		HostKeyPath:    *hostKey,
		AuthorizedKeys: *authKeys,
		AllowAnyKey:    *anyKey,
		AllowAnonymous: *anon,
		Library:        lib,
		Index:          ix,
		Paths:          paths,
		CacheDir:       a.cacheDir,
		Limits:         l,
		Logger:         logger,
		Presenters:     *presenters,
		Rooms:          rooms,
		PresenterGrace: *grace,
		Prefs:          a.prefs(),
		ProxyProtocol:  *proxyProto,
		ProxyFrom:      trusted,
		Postgres:       shared,
		Store:          store,
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		_ = srv.Shutdown(context.Background())
		return err
	case <-ctx.Done():
	}
	stop() // a second signal kills the process the usual way
	sctx, cancel := context.WithTimeout(context.Background(), 9*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// checkLimits refuses limits that cannot work; zero would mean "default" in
// the serve package, which would surprise someone who typed 0.
func checkLimits(l serve.Limits) error {
	switch {
	case l.HandshakeTimeout <= 0, l.IdleTimeout <= 0, l.MaxSession <= 0, l.StallTimeout <= 0:
		return usageErrorf("serve: timeouts must be positive")
	case l.MaxWidth < 20 || l.MaxHeight < 5:
		return usageErrorf("serve: --max-width must be at least 20 and --max-height at least 5")
	case l.SessionsPerKey < 1, l.ConnsPerIP < 1, l.MaxSessions < 1, l.ConnBurst < 1, l.MaxEnv < 1, l.MaxPaste < 1:
		return usageErrorf("serve: counts must be at least 1")
	case l.ConnRate <= 0, l.RequestRate <= 0:
		return usageErrorf("serve: --conn-rate and --request-rate must be positive")
	}
	return nil
}

// serveDebug serves net/http/pprof on a loopback address, for measuring the
// server under load (goroutines, heap). It refuses any other address: the
// pages show stacks and memory.
func serveDebug(addr string, logger *slog.Logger) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usageErrorf("serve: --debug-addr: %v", err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return usageErrorf("serve: --debug-addr must be a loopback address such as 127.0.0.1:6060")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	logger.Info("debug pages", "event", "debug", "addr", ln.Addr().String())
	go func() { _ = http.Serve(ln, mux) }()
	return nil
}

// parseRooms checks the room flags and returns the declared names.
func parseRooms(names, presenters string, grace time.Duration) ([]string, error) {
	if grace <= 0 {
		return nil, usageErrorf("serve: --presenter-grace must be positive")
	}
	var out []string
	for _, n := range strings.Split(names, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		name, ok := serve.RoomName(n)
		if !ok {
			return nil, usageErrorf("serve: --rooms: %q cannot name a room (letters, digits, '.', '_' and '-', at most 32)", n)
		}
		out = append(out, name)
	}
	if len(out) > 0 && presenters == "" {
		return nil, usageErrorf("serve: --rooms needs --presenters FILE: nobody could open them")
	}
	return out, nil
}

package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// Room mode (-rooms R): R briefing rooms, each with a presenter and
// -per followers, all connected at once. The server must serve the
// library -write-room-library writes, with the presenter's key in its
// --presenters file and --allow-any-key for the followers (each a fresh
// key):
//
//	go run ./internal/sshload -write-room-library /tmp/roomlib
//	briefing serve --allow-any-key --presenters presenters --sessions-per-key 20 /tmp/roomlib
//	go run ./internal/sshload -rooms 1 -per 300 -presenter-key KEY -sources 100 -pid PID
//
// With -follow-addr the followers connect to another server than their
// presenter (-addr): two servers sharing their rooms through PostgreSQL
// (--db postgres://…), so each move goes through the database.
//
// Each presenter connects as load-N@, opens the room, opens the brief;
// its followers connect as load-N@ and follow. Then every presenter jumps
// section to section, -presses times, -room-pace apart; each follower
// notes when the first paragraph of that section reaches its screen. The
// tool prints the latency from key press to follower's screen (p50, p95,
// p99, max over every follower and press), the presses a follower never
// saw, the sessions that failed or were dropped, and the server's memory
// per follower above what it held before anyone connected.

// roomSections and roomParas shape the generated brief: each section
// taller than a screen, so that a jump always brings a new first line.
const (
	roomSections = 4
	roomParas    = 14
)

// writeRoomLibrary writes the room mode's brief into dir.
func writeRoomLibrary(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("---\ntitle: Load room brief\ndate: 2026-03-09\n---\n\n")
	heads := []string{"", "Why it matters", "What to know", "What happens next"}
	for s := 1; s <= roomSections; s++ {
		if heads[s-1] != "" {
			fmt.Fprintf(&b, "## %s\n\n", heads[s-1])
		}
		for p := 1; p <= roomParas; p++ {
			fmt.Fprintf(&b, "Marker s%dp%d: the council met again and the argument went on, with engineers, "+
				"fishers and the harbour board each reading the same report differently.\n\n", s, p)
		}
	}
	return os.WriteFile(filepath.Join(dir, "load-room.md"), []byte(b.String()), 0o644)
}

// sectionMarker is what the first paragraph of section s shows, flattened.
func sectionMarker(s int) string { return fmt.Sprintf("Markers%dp1:", s) }

// pressSection is the section press k jumps to: 2, 3, 4, 1, 2…, never
// the one shown.
func pressSection(k int) int { return (k+1)%roomSections + 1 }

// roomRun is one room's shared state: when each press was sent.
type roomRun struct {
	name    string
	pressed []atomic.Int64 // unix nanoseconds of press k; 0: not yet
}

// roomResult is what one follower measured.
type roomResult struct {
	latencies []time.Duration
	missed    int
	err       error
}

// runRooms runs the room mode.
func runRooms(cfg config) error {
	if cfg.presenter == nil {
		return errors.New("-rooms needs -presenter-key: a key in the server's --presenters file")
	}
	rssBefore := rss(cfg.pid)
	cpuBefore := procCPU(cfg.pid)
	rooms := make([]*roomRun, cfg.rooms)
	for i := range rooms {
		rooms[i] = &roomRun{name: fmt.Sprintf("load%d-%d", os.Getpid()%100000, i+1), pressed: make([]atomic.Int64, cfg.presses)}
	}
	var (
		joined   sync.WaitGroup // every follower follows
		measured sync.WaitGroup // every presenter has pressed its keys
		wg       sync.WaitGroup
		release  = make(chan struct{})
		ready    = make(chan struct{}) // every follower follows: the presses start
		results  = make([]roomResult, cfg.rooms*cfg.per)
		presErrs = make([]error, cfg.rooms)
		started  = make([]chan struct{}, cfg.rooms) // the room is open and its brief shown
	)
	start := time.Now()
	joined.Add(cfg.rooms * cfg.per)
	measured.Add(cfg.rooms)
	for r, room := range rooms {
		started[r] = make(chan struct{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			presErrs[r] = presenter(cfg, room, source(cfg, r), started[r], ready, &measured, release)
		}()
	}
	for r, room := range rooms {
		<-started[r]
		for f := range cfg.per {
			i := r*cfg.per + f
			if cfg.ramp > 0 {
				time.Sleep(cfg.ramp / time.Duration(cfg.rooms*cfg.per))
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = follower(cfg, room, source(cfg, cfg.rooms+i), &joined, release)
			}()
		}
	}
	joined.Wait()
	connected := time.Since(start)
	rssPeak := rss(cfg.pid)
	close(ready)
	measured.Wait()
	time.Sleep(2 * time.Second) // the last press reaches everyone
	if m := rss(cfg.pid); m.rss > rssPeak.rss {
		rssPeak = m
	}
	cpu := procCPU(cfg.pid) - cpuBefore
	close(release)
	wg.Wait()
	time.Sleep(3 * time.Second)
	rssAfter := rss(cfg.pid)

	var all []time.Duration
	missed, failed := 0, 0
	var errs []error
	for _, err := range presErrs {
		if err != nil {
			failed++
			errs = append(errs, fmt.Errorf("presenter: %w", err))
		}
	}
	for _, r := range results {
		all = append(all, r.latencies...)
		missed += r.missed
		if r.err != nil {
			failed++
			errs = append(errs, r.err)
		}
	}
	slices.Sort(all)
	fmt.Printf("rooms: %d x (1 presenter + %d followers)  all following after %s\n", cfg.rooms, cfg.per, connected.Round(time.Millisecond))
	if len(all) > 0 {
		fmt.Printf("press to follower's screen: p50 %s  p95 %s  p99 %s  max %s  (%d arrivals)\n",
			pct(all, 50), pct(all, 95), pct(all, 99), all[len(all)-1].Round(time.Millisecond), len(all))
	}
	fmt.Printf("presses a follower never saw: %d of %d  failed or dropped sessions: %d\n",
		missed, cfg.rooms*cfg.per*cfg.presses, failed)
	if cfg.pid > 0 {
		n := cfg.rooms * cfg.per
		fmt.Printf("server RSS: before %s  with everyone %s  after %s  => %.2f MB per follower; server CPU %s\n",
			mb(rssBefore.rss), mb(rssPeak.rss), mb(rssAfter.rss),
			float64(rssPeak.rss-rssBefore.rss)/1024/float64(n), cpu.Round(time.Millisecond))
	}
	for i, err := range errs {
		if i == 10 {
			break
		}
		fmt.Println("failure:", err)
	}
	if failed > 0 {
		return errors.New("some sessions failed")
	}
	return nil
}

// roomConn is one SSH session with a PTY as user on the server.
type roomConn struct {
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	out    *watch
}

// dialRoom connects as user with signer and starts a shell.
func dialRoom(cfg config, addr, user string, signer gossh.Signer, src string) (*roomConn, error) {
	dialer := net.Dialer{Timeout: cfg.timeout}
	if src != "" {
		dialer.LocalAddr = &net.TCPAddr{IP: net.ParseIP(src)}
	}
	conn, err := dialer.Dial("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("handshake: %w", err)
	}
	rc := &roomConn{client: gossh.NewClient(c, chans, reqs), out: newWatch()}
	if rc.sess, err = rc.client.NewSession(); err != nil {
		rc.close()
		return nil, err
	}
	rc.sess.Stdout = rc.out
	if rc.in, err = rc.sess.StdinPipe(); err != nil {
		rc.close()
		return nil, err
	}
	if err := rc.sess.RequestPty("xterm-256color", cfg.height, cfg.width, gossh.TerminalModes{}); err != nil {
		rc.close()
		return nil, fmt.Errorf("pty: %w", err)
	}
	if err := rc.sess.Shell(); err != nil {
		rc.close()
		return nil, fmt.Errorf("shell: %w", err)
	}
	return rc, nil
}

func (rc *roomConn) close() { _ = rc.client.Close() }

// quit presses ctrl+c and waits for the session to end cleanly: a session
// the server dropped ends with an error here.
func (rc *roomConn) quit(timeout time.Duration) error {
	defer rc.close()
	if _, err := io.WriteString(rc.in, "\x03"); err != nil {
		return fmt.Errorf("quit: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- rc.sess.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		return errors.New("the session did not end after ctrl+c")
	}
}

// presenter opens its room, shows the brief, waits for its followers,
// then presses its keys.
func presenter(cfg config, room *roomRun, src string, started chan<- struct{}, ready <-chan struct{},
	measured *sync.WaitGroup, release <-chan struct{}) error {
	opened, pressed := false, false
	defer func() {
		if !opened {
			close(started)
		}
		if !pressed {
			measured.Done()
		}
	}()
	rc, err := dialRoom(cfg, cfg.addr, room.name, cfg.presenter, src)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(cfg.timeout)
	steps := []struct{ key, want string }{
		// The brief may open where this key last read it: "1" goes to its top.
		{"", "Briefing"}, {"P", "●presentingload"}, {"\r", "1Lead2Why"}, {"1", sectionMarker(1)},
	}
	for _, s := range steps {
		if s.key != "" {
			if _, err := io.WriteString(rc.in, s.key); err != nil {
				return err
			}
		}
		if _, err := rc.out.waitFor(s.want, deadline); err != nil {
			return err
		}
	}
	close(started)
	opened = true
	<-ready
	for k := range cfg.presses {
		sec := pressSection(k)
		room.pressed[k].Store(time.Now().UnixNano())
		if _, err := io.WriteString(rc.in, fmt.Sprint(sec)); err != nil {
			return err
		}
		time.Sleep(cfg.roomPace)
	}
	measured.Done()
	pressed = true
	<-release
	return rc.quit(cfg.timeout)
}

// follower joins its room by its user name, waits to follow, then notes
// when each press reaches its screen.
func follower(cfg config, room *roomRun, src string, joined *sync.WaitGroup, release <-chan struct{}) roomResult {
	once := sync.OnceFunc(joined.Done)
	defer once()
	rc, err := dialRoom(cfg, cmp.Or(cfg.followAddr, cfg.addr), room.name, freshKey(), src)
	if err != nil {
		return roomResult{err: err}
	}
	deadline := time.Now().Add(cfg.timeout)
	if _, err := rc.out.waitFor("following", deadline); err != nil {
		rc.close()
		return roomResult{err: err}
	}
	if _, err := rc.out.waitFor("1Lead2Why", deadline); err != nil {
		rc.close()
		return roomResult{err: err}
	}
	rc.out.record()
	once()
	<-release
	var res roomResult
	arrivals := rc.out.arrivals()
	for k := range cfg.presses {
		p := room.pressed[k].Load()
		if p == 0 {
			res.missed++
			continue
		}
		// The first time its section's first line arrived after the press
		// (and before that section came round again).
		sec := pressSection(k)
		pressed := time.Unix(0, p)
		var next time.Time
		if k+roomSections < cfg.presses {
			next = time.Unix(0, room.pressed[k+roomSections].Load())
		}
		i := slices.IndexFunc(arrivals[sec], func(t time.Time) bool {
			return !t.Before(pressed) && (next.IsZero() || t.Before(next))
		})
		if i < 0 {
			res.missed++
			continue
		}
		res.latencies = append(res.latencies, arrivals[sec][i].Sub(pressed))
	}
	if err := rc.quit(cfg.timeout); err != nil {
		res.err = err
	}
	return res
}

// watch is a session's output, flattened as it arrives (escape sequences
// and spaces dropped), and the time each awaited text first showed.
type watch struct {
	mu        sync.Mutex
	flat      string // the tail not yet searched past
	want      string
	at        time.Time
	recording bool
	seen      map[int][]time.Time // section -> when its first line arrived
	changed   chan struct{}
}

// record starts noting when each section's first line arrives.
func (w *watch) record() {
	w.mu.Lock()
	w.recording, w.seen, w.flat = true, map[int][]time.Time{}, ""
	w.mu.Unlock()
}

// arrivals is what record noted.
func (w *watch) arrivals() map[int][]time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seen
}

func newWatch() *watch { return &watch{changed: make(chan struct{}, 1)} }

func (w *watch) Write(p []byte) (int, error) {
	now := time.Now()
	w.mu.Lock()
	w.flat += strings.Join(strings.Fields(ansi.Strip(string(p))), "")
	if w.recording {
		// Markers in the order they came; each at most once per chunk.
		for {
			first, sec := -1, 0
			for s := 1; s <= roomSections; s++ {
				if i := strings.Index(w.flat, sectionMarker(s)); i >= 0 && (first < 0 || i < first) {
					first, sec = i, s
				}
			}
			if first < 0 {
				break
			}
			w.seen[sec] = append(w.seen[sec], now)
			w.flat = w.flat[first+len(sectionMarker(sec)):]
		}
	} else if w.want != "" && w.at.IsZero() {
		if i := strings.Index(w.flat, w.want); i >= 0 {
			w.at = now
			w.flat = w.flat[i+len(w.want):]
		}
	}
	// While recording, every marker was taken out above: a short tail
	// (a marker cut between two writes) is enough. Before, the text after
	// one awaited is what the next wait searches.
	keep := 16 << 10
	if w.recording {
		keep = 256
	}
	if len(w.flat) > keep {
		w.flat = w.flat[len(w.flat)-keep:]
	}
	w.mu.Unlock()
	select {
	case w.changed <- struct{}{}:
	default:
	}
	return len(p), nil
}

// waitFor waits until text shows in output that arrives after the last
// text waited for, and returns when it arrived.
func (w *watch) waitFor(text string, deadline time.Time) (time.Time, error) {
	w.mu.Lock()
	w.want, w.at = text, time.Time{}
	if i := strings.Index(w.flat, text); i >= 0 {
		w.at = time.Now()
		w.flat = w.flat[i+len(text):]
	}
	w.mu.Unlock()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		w.mu.Lock()
		at := w.at
		w.mu.Unlock()
		if !at.IsZero() {
			return at, nil
		}
		select {
		case <-w.changed:
		case <-timer.C:
			w.mu.Lock()
			seen := w.flat[max(0, len(w.flat)-300):]
			w.mu.Unlock()
			return time.Time{}, fmt.Errorf("%q not seen in time; the screen ends %q", text, seen)
		}
	}
}

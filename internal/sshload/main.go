// Command sshload puts a `briefing serve` server under load: N concurrent
// SSH sessions, each requesting a PTY, waiting for its first frame, then
// pressing keys as a reader would (open a brief, scroll, jump sections). All
// sessions stay connected until every one has finished its keys, so the
// server holds N sessions at once when its memory is sampled. It prints the
// first-frame times (p50, p95, max), how long a key took to bring output
// back (keystroke to frame), the failures and, given the server's PID, its
// CPU and resident memory at the peak and after everyone left.
//
//	go run ./internal/sshload -n 500 -addr 127.0.0.1:2222 -sources 100 -pid 1234
//
// Several servers behind one balancer are loaded with a list of addresses
// (and their PIDs, in the same order): session i goes to address i modulo
// their number, as a round-robin balancer would send it, and CPU and
// memory are reported per server.
//
//	go run ./internal/sshload -n 600 -addr 127.0.0.1:2222,127.0.0.1:2223 -pid 1234,1235
//
// Without -key every session uses a fresh key (start the server with
// --allow-any-key). -sources spreads the connections over that many loopback
// addresses (127.0.1.1, 127.0.1.2, …) so the server's per-address limits
// apply as configured. Loopback only: the tool refuses other addresses.
//
// With -attack MODE, -hostile clients attack the server (an endless paste,
// an endless OSC string, a flood of window changes, or a client that never
// reads; see hostile.go) while the readers run a second time: the tool
// prints the readers' first-frame times alone and under attack, the
// server's RSS before, at its peak under attack and after, and, given the
// server's --debug-addr as -debug, its goroutines before, under attack and
// after the attackers left (and how long they took to come back).
//
//	go run ./internal/sshload -n 20 -attack resize -hostile 4 -pid 1234 -debug 127.0.0.1:6060
//
// With -rooms R, it runs R briefing rooms of a presenter and -per
// followers and measures how long a presenter's key press takes to reach
// every follower's screen (see room.go).
package main

import (
	"cmp"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

func main() {
	n := flag.Int("n", 100, "concurrent sessions")
	addr := flag.String("addr", "127.0.0.1:2222", "server address, or several comma-separated, taken in turn (loopback only)")
	keyPath := flag.String("key", "", "private key for every session (default: a fresh key per session; needs --allow-any-key)")
	sources := flag.Int("sources", 1, "spread connections over this many loopback source addresses")
	pid := flag.String("pid", "", "server PID, to report its CPU and memory; with several -addr, their PIDs comma-separated")
	width := flag.Int("width", 100, "terminal columns")
	height := flag.Int("height", 30, "terminal rows")
	timeout := flag.Duration("timeout", 60*time.Second, "give up on a session after this long")
	ramp := flag.Duration("ramp", 0, "start sessions evenly over this long (0: all at once)")
	hold := flag.Duration("hold", 0, "keep every session open this long after all have pressed their keys")
	pace := flag.Duration("pace", 100*time.Millisecond, "pause between two keys of a session (0: no keys at all)")
	attack := flag.String("attack", "", "also run hostile clients: paste, osc, resize or noread (see the package doc)")
	hostile := flag.Int("hostile", 4, "hostile clients, with -attack")
	attackFor := flag.Duration("attack-for", 10*time.Second, "how long the hostile clients attack before they leave")
	debug := flag.String("debug", "", "the server's --debug-addr (host:port), to report its goroutines")
	rooms := flag.Int("rooms", 0, "room mode: this many briefing rooms (see room.go)")
	per := flag.Int("per", 30, "room mode: followers per room")
	presenterKey := flag.String("presenter-key", "", "room mode: private key in the server's --presenters file")
	presses := flag.Int("presses", 20, "room mode: section jumps each presenter makes")
	roomPace := flag.Duration("room-pace", 250*time.Millisecond, "room mode: pause between two jumps")
	followAddr := flag.String("follow-addr", "", "room mode: the followers connect to this server (default: -addr, the presenters')")
	writeLib := flag.String("write-room-library", "", "write the room mode's brief into this folder and exit")
	flag.Parse()
	if *writeLib != "" {
		if err := writeRoomLibrary(*writeLib); err != nil {
			fmt.Fprintln(os.Stderr, "sshload:", err)
			os.Exit(1)
		}
		return
	}

	addrs := strings.Split(*addr, ",")
	pids, err := parsePIDs(*pid)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sshload:", err)
		os.Exit(2)
	}
	if err := run(config{n: *n, addr: addrs[0], addrs: addrs, keyPath: *keyPath, sources: *sources, pid: pids[0], pids: pids,
		width: *width, height: *height, timeout: *timeout, ramp: *ramp, hold: *hold, pace: *pace,
		attack: *attack, hostile: *hostile, attackFor: *attackFor, debugURL: *debug,
		rooms: *rooms, per: *per, presenterKey: *presenterKey, presses: *presses, roomPace: *roomPace,
		followAddr: cmp.Or(*followAddr, addrs[0])}); err != nil {
		fmt.Fprintln(os.Stderr, "sshload:", err)
		os.Exit(1)
	}
}

type config struct {
	n, sources, pid, width, height int
	addr, keyPath                  string
	// addrs are the servers sessions are spread over (addr is the first);
	// pids are their processes, in the same order (0: unknown).
	addrs                     []string
	pids                      []int
	timeout, ramp, hold, pace time.Duration
	shared                    gossh.Signer // the -key, or nil for a fresh key per session

	// Hostile clients (hostile.go).
	attack    string        // paste, osc, resize or noread; "" for none
	hostile   int           // how many
	attackFor time.Duration // how long they attack before they leave
	debugURL  string        // the server's --debug-addr, for its goroutine count

	// Room mode (room.go).
	rooms, per, presses int
	presenterKey        string
	presenter           gossh.Signer
	roomPace            time.Duration
	followAddr          string // the followers' server; the presenters' is addr
}

// parsePIDs reads -pid: "" (none), one PID, or several comma-separated.
func parsePIDs(s string) ([]int, error) {
	if s == "" {
		return []int{0}, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("-pid: %q is not a process ID", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// result is what one session measured.
type result struct {
	firstFrame time.Duration
	// keys are the times from a key's write to the first output after
	// it; noFrame counts keys that brought none back within keyWait.
	keys    []time.Duration
	noFrame int
	err     error
}

// keyWait is how long a key's output is waited for before the key counts
// as having brought no frame.
const keyWait = 5 * time.Second

func run(cfg config) error {
	for _, a := range append(slices.Clone(cfg.addrs), cfg.followAddr) {
		if a == "" {
			continue
		}
		host, _, err := net.SplitHostPort(a)
		if err != nil {
			return err
		}
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("%s is not a loopback address: this tool only loads a local server", host)
		}
	}
	if len(cfg.pids) > 1 && len(cfg.pids) != len(cfg.addrs) {
		return fmt.Errorf("%d PIDs for %d addresses: give one per address, in the same order", len(cfg.pids), len(cfg.addrs))
	}
	if cfg.keyPath != "" {
		pem, err := os.ReadFile(cfg.keyPath)
		if err != nil {
			return err
		}
		if cfg.shared, err = gossh.ParsePrivateKey(pem); err != nil {
			return fmt.Errorf("%s: %w", cfg.keyPath, err)
		}
	}
	if cfg.attack != "" {
		return runHostile(cfg)
	}
	if cfg.rooms > 0 {
		if cfg.presenterKey == "" {
			return errors.New("-rooms needs -presenter-key")
		}
		pem, err := os.ReadFile(cfg.presenterKey)
		if err != nil {
			return err
		}
		if cfg.presenter, err = gossh.ParsePrivateKey(pem); err != nil {
			return fmt.Errorf("%s: %w", cfg.presenterKey, err)
		}
		return runRooms(cfg)
	}
	p := readers(cfg)
	fmt.Printf("sessions: %d  ok: %d  failed: %d  (all connected after %s, total %s)\n",
		cfg.n, len(p.frames), len(p.failures), p.peakAt.Round(time.Millisecond), p.total.Round(time.Millisecond))
	p.printFrames("first frame")
	if len(p.keys) > 0 {
		fmt.Printf("keystroke to frame: p50 %s  p95 %s  max %s  (%d keys, %d brought no frame within %s)\n",
			pct(p.keys, 50), pct(p.keys, 95), p.keys[len(p.keys)-1].Round(time.Millisecond), len(p.keys), p.noFrame, keyWait)
	}
	fmt.Printf("CPU until every session had pressed its keys: load tool %s\n", p.cpuSelf.Round(time.Millisecond))
	for _, u := range p.servers {
		if u.pid <= 0 {
			continue
		}
		fmt.Printf("server %s (pid %d): CPU %s  RSS before %s  with %d sessions %s  after they left %s  (peak VmHWM %s)\n",
			u.addr, u.pid, u.cpu.Round(time.Millisecond), mb(u.before.rss), u.sessions, mb(u.peak.rss), mb(u.after.rss), mb(u.after.hwm))
	}
	return p.failed()
}

// serverUse is what one server used while the readers ran.
type serverUse struct {
	addr                string
	pid, sessions       int
	cpu                 time.Duration
	before, peak, after memory
}

// phase is what one round of readers measured.
type phase struct {
	frames             []time.Duration // first-frame times of the sessions that worked, sorted
	keys               []time.Duration // keystroke-to-frame times of every session, sorted
	noFrame            int             // keys that brought no frame
	servers            []serverUse     // per address, with its PID
	failures           []error
	peakAt, total      time.Duration
	cpuServer, cpuSelf time.Duration // until every session had pressed its keys
	rssPeak, rssAfter  memory
}

// readers runs cfg.n reader sessions at once (or over cfg.ramp): each
// connects, waits for its first frame and presses its keys; all stay until
// every one has, then quit.
func readers(cfg config) phase {
	cpuBefore, selfBefore := procCPU(cfg.pid), selfCPU()
	servers := make([]serverUse, len(cfg.addrs))
	for i, a := range cfg.addrs {
		servers[i].addr = a
		if i < len(cfg.pids) {
			servers[i].pid = cfg.pids[i]
		}
		servers[i].before = rss(servers[i].pid)
		servers[i].cpu = procCPU(servers[i].pid)
	}
	var (
		wg       sync.WaitGroup
		keysDone sync.WaitGroup // every session has pressed its keys
		release  = make(chan struct{})
		results  = make([]result, cfg.n)
	)
	keysDone.Add(cfg.n)
	start := time.Now()
	for i := range cfg.n {
		if cfg.ramp > 0 {
			time.Sleep(cfg.ramp / time.Duration(cfg.n))
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			signer := cfg.shared
			if signer == nil {
				signer = freshKey()
			}
			results[i] = session(cfg, signer, cfg.addrs[i%len(cfg.addrs)], source(cfg, i), &keysDone, release)
		}()
	}
	// Sessions that failed early have counted themselves done.
	keysDone.Wait()
	var p phase
	p.peakAt = time.Since(start)
	p.cpuServer, p.cpuSelf = procCPU(cfg.pid)-cpuBefore, selfCPU()-selfBefore
	p.rssPeak = rss(cfg.pid)
	for i := range servers {
		servers[i].cpu = procCPU(servers[i].pid) - servers[i].cpu
		servers[i].peak = rss(servers[i].pid)
		servers[i].sessions = (cfg.n - i + len(servers) - 1) / len(servers)
	}
	if cfg.hold > 0 {
		fmt.Printf("all %d sessions connected; holding %s\n", cfg.n, cfg.hold)
		time.Sleep(cfg.hold)
		if m := rss(cfg.pid); m.rss > p.rssPeak.rss {
			p.rssPeak = m
		}
		for i := range servers {
			if m := rss(servers[i].pid); m.rss > servers[i].peak.rss {
				servers[i].peak = m
			}
		}
	}
	close(release)
	wg.Wait()
	p.total = time.Since(start)
	time.Sleep(3 * time.Second) // let the server free what the sessions held
	p.rssAfter = rss(cfg.pid)
	for i := range servers {
		servers[i].after = rss(servers[i].pid)
	}
	p.servers = servers
	for _, r := range results {
		if r.err != nil {
			p.failures = append(p.failures, r.err)
			continue
		}
		p.frames = append(p.frames, r.firstFrame)
		p.keys = append(p.keys, r.keys...)
		p.noFrame += r.noFrame
	}
	slices.Sort(p.frames)
	slices.Sort(p.keys)
	return p
}

// printFrames prints the first-frame times.
func (p phase) printFrames(label string) {
	if len(p.frames) > 0 {
		fmt.Printf("%s: p50 %s  p95 %s  max %s\n", label, pct(p.frames, 50), pct(p.frames, 95),
			p.frames[len(p.frames)-1].Round(time.Millisecond))
	}
}

// failed prints the first failures and says whether there were any.
func (p phase) failed() error {
	for i, err := range p.failures {
		if i == 10 {
			fmt.Printf("… and %d more failures\n", len(p.failures)-10)
			break
		}
		fmt.Println("failure:", err)
	}
	if len(p.failures) > 0 {
		return errors.New("some sessions failed")
	}
	return nil
}

// source is the loopback address the i-th connection comes from ("" for
// the default), spread over cfg.sources addresses.
func source(cfg config, i int) string {
	if cfg.sources <= 1 {
		return ""
	}
	k := i % cfg.sources
	return fmt.Sprintf("127.0.%d.%d", 1+k/250, 1+k%250)
}

// session runs one reader: connect, PTY, first frame, keys, wait for the
// others, quit.
func session(cfg config, signer gossh.Signer, addr, src string, keysDone *sync.WaitGroup, release <-chan struct{}) (res result) {
	counted := false
	defer func() {
		if !counted {
			keysDone.Done()
		}
	}()
	start := time.Now()
	deadline := start.Add(cfg.timeout)
	dialer := net.Dialer{Timeout: cfg.timeout}
	if src != "" {
		dialer.LocalAddr = &net.TCPAddr{IP: net.ParseIP(src)}
	}
	conn, err := dialer.Dial("tcp", addr)
	if err != nil {
		return result{err: fmt.Errorf("dial: %w", err)}
	}
	_ = conn.SetDeadline(deadline)
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User:            "load",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		_ = conn.Close()
		return result{err: fmt.Errorf("handshake: %w", err)}
	}
	client := gossh.NewClient(c, chans, reqs)
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		return result{err: fmt.Errorf("session: %w", err)}
	}
	defer sess.Close()
	out := &screen{want: "Briefing", changed: make(chan struct{}, 1), output: make(chan struct{}, 1)}
	sess.Stdout = out
	in, err := sess.StdinPipe()
	if err != nil {
		return result{err: err}
	}
	if err := sess.RequestPty("xterm-256color", cfg.height, cfg.width, gossh.TerminalModes{}); err != nil {
		return result{err: fmt.Errorf("pty: %w", err)}
	}
	if err := sess.Shell(); err != nil {
		return result{err: fmt.Errorf("shell: %w", err)}
	}
	if err := out.wait(deadline); err != nil {
		return result{err: fmt.Errorf("first frame: %w", err)}
	}
	res.firstFrame = time.Since(start)

	// A reader's keys: open the first brief, scroll, page, jump sections,
	// back to the library, down, open another.
	keys := []string{"\r", "j", "j", "j", " ", "]", "]", "2", "\x1b[Z", "\x1b", "j", "j", "\r", "G", "g"}
	if cfg.pace <= 0 {
		keys = nil
	}
	for _, k := range keys {
		// Whatever the last key drew has arrived by now (a pace of 100
		// ms is far longer than a frame): the next output is this key's.
		select {
		case <-out.output:
		default:
		}
		sent := time.Now()
		if _, err := io.WriteString(in, k); err != nil {
			return result{err: fmt.Errorf("key %q: %w", k, err)}
		}
		select {
		case <-out.output:
			res.keys = append(res.keys, time.Since(sent))
		case <-time.After(keyWait):
			res.noFrame++
		}
		time.Sleep(cfg.pace - min(cfg.pace, time.Since(sent)))
	}
	keysDone.Done()
	counted = true
	select {
	case <-release:
	case <-time.After(time.Until(deadline) + cfg.hold):
		return result{err: errors.New("timed out waiting for the others")}
	}
	if _, err := io.WriteString(in, "\x03"); err != nil {
		return result{err: fmt.Errorf("quit: %w", err)}
	}
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return result{err: fmt.Errorf("session end: %w", err)}
		}
	case <-time.After(time.Until(deadline)):
		return result{err: errors.New("the session did not end after ctrl+c")}
	}
	return res
}

// screen watches a session's output for the first frame. It flattens each
// chunk as it arrives (escape sequences and spaces dropped) and stops
// looking once the text was seen, so 500 sessions do not cost the load
// tool more CPU than the server.
type screen struct {
	mu      sync.Mutex
	want    string
	flat    string // the flattened output, kept short
	seen    bool
	changed chan struct{}
	// output is told of every write once the text was seen (a key's
	// frame), without waiting.
	output chan struct{}
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	if !s.seen {
		s.flat += strings.Join(strings.Fields(ansi.Strip(string(p))), "")
		if strings.Contains(s.flat, s.want) {
			s.seen = true
		}
		if keep := 4 * len(s.want); len(s.flat) > keep {
			s.flat = s.flat[len(s.flat)-keep:]
		}
	}
	seen := s.seen
	s.mu.Unlock()
	if seen {
		select {
		case s.changed <- struct{}{}:
		default:
		}
		select {
		case s.output <- struct{}{}:
		default:
		}
	}
	return len(p), nil
}

// wait waits until the text was seen.
func (s *screen) wait(deadline time.Time) error {
	select {
	case <-s.changed:
		return nil
	case <-time.After(time.Until(deadline)):
		return fmt.Errorf("%q not seen in time", s.want)
	}
}

func freshKey() gossh.Signer {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		panic(err)
	}
	return s
}

func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p+99)/100 - 1
	return sorted[max(0, min(i, len(sorted)-1))].Round(time.Millisecond)
}

// memory is a process's resident memory in kB.
type memory struct{ rss, hwm int }

// rss reads VmRSS and VmHWM of pid from /proc (Linux).
func rss(pid int) memory {
	var m memory
	if pid <= 0 {
		return m
	}
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return m
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "VmRSS:":
			m.rss = v
		case "VmHWM:":
			m.hwm = v
		}
	}
	return m
}

func mb(kb int) string { return fmt.Sprintf("%.0f MB", float64(kb)/1024) }

// procCPU is the user+system CPU time pid has used (Linux /proc, in clock
// ticks of 1/100 s).
func procCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name may hold spaces: the fields start after its ')'.
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

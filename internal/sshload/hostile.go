package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Hostile clients: with -attack, the tool measures readers twice, alone
// and while -hostile clients attack the server, then waits for the
// server's goroutines to come back to where they were once the attackers
// left. The attacks:
//
//	paste   starts a bracketed paste and sends bytes without end
//	osc     starts an OSC string and sends bytes without end
//	resize  floods window-change requests, half of them huge
//	noread  sends keys and a few resizes but never reads its output; the
//	        server should drop it (--stall-timeout)
//
// An attacker the server cuts connects again at once (as often as the
// server's connection rate lets it) and goes on. Each leaves after
// -attack-for by cutting its connection, without ending its session: what
// it held must come back all the same.

// attackResult is what one hostile client did.
type attackResult struct {
	sent    int64         // bytes or requests sent
	conns   int           // connections it attacked on
	dropped time.Duration // when the server first cut it, since it connected; 0 if it did not
	drops   int           // how often the server cut it
	err     error         // the last failure to connect, if it never attacked
}

// hostileClient attacks until stop is closed, connecting again whenever
// the server cuts it; started is closed once it first attacks.
func hostileClient(cfg config, src string, started chan<- struct{}, stop <-chan struct{}) attackResult {
	var total attackResult
	var once sync.Once
	signal := func() { once.Do(func() { close(started) }) }
	defer signal()
	for {
		select {
		case <-stop:
			return total
		default:
		}
		r := attacker(cfg, freshKey(), src, signal, stop)
		total.sent += r.sent
		if r.err != nil {
			total.err = r.err
			// Refused (the server's connection rate): try again soon.
			select {
			case <-stop:
				return total
			case <-time.After(200 * time.Millisecond):
			}
			continue
		}
		total.conns++
		if r.dropped > 0 {
			total.drops++
			if total.dropped == 0 {
				total.dropped = r.dropped
			}
		}
	}
}

// attacker is one hostile connection: it connects, starts a session and
// attacks until stop is closed or the server drops it. It calls started
// once it attacks.
func attacker(cfg config, signer gossh.Signer, src string, started func(), stop <-chan struct{}) (res attackResult) {
	begin := time.Now()
	dialer := net.Dialer{Timeout: cfg.timeout}
	if src != "" {
		dialer.LocalAddr = &net.TCPAddr{IP: net.ParseIP(src)}
	}
	conn, err := dialer.Dial("tcp", cfg.addr)
	if err != nil {
		return attackResult{err: fmt.Errorf("dial: %w", err)}
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, cfg.addr, &gossh.ClientConfig{
		User:            "hostile",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         cfg.timeout,
	})
	if err != nil {
		_ = conn.Close()
		return attackResult{err: fmt.Errorf("handshake: %w", err)}
	}
	client := gossh.NewClient(c, chans, reqs)
	// Leaving is cutting the connection: no ctrl+c, no channel close.
	var cut sync.Once
	leave := func() { cut.Do(func() { _ = client.Close() }) }
	defer leave()
	go func() { <-stop; leave() }()
	sess, err := client.NewSession()
	if err != nil {
		return attackResult{err: fmt.Errorf("session: %w", err)}
	}
	in, err := sess.StdinPipe()
	if err != nil {
		return attackResult{err: err}
	}
	if cfg.attack == "noread" {
		// Never read: the server's writes wait once the window is full.
		if _, err := sess.StdoutPipe(); err != nil {
			return attackResult{err: err}
		}
	} else {
		sess.Stdout = io.Discard
	}
	w, h := cfg.width, cfg.height
	if cfg.attack == "noread" {
		w, h = 500, 200 // the most output per frame
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		return attackResult{err: fmt.Errorf("pty: %w", err)}
	}
	if err := sess.Shell(); err != nil {
		return attackResult{err: fmt.Errorf("shell: %w", err)}
	}
	ended := make(chan struct{})
	go func() { _ = sess.Wait(); close(ended) }()
	started()

	stopped := func() bool {
		select {
		case <-stop:
			return true
		default:
			return false
		}
	}
	var sent atomic.Int64
	var failed error
	switch cfg.attack {
	case "paste", "osc":
		start := "\x1b[200~"
		if cfg.attack == "osc" {
			start = "\x1b]99;"
		}
		chunk := []byte(strings.Repeat("x", 32<<10))
		if _, failed = io.WriteString(in, start); failed == nil {
			for !stopped() {
				n, err := in.Write(chunk)
				sent.Add(int64(n))
				if err != nil {
					failed = err
					break
				}
			}
		}
	case "resize":
		sizes := [][]byte{
			gossh.Marshal(struct{ Cols, Rows, Wpx, Hpx uint32 }{5000, 1000, 0, 0}),
			gossh.Marshal(struct{ Cols, Rows, Wpx, Hpx uint32 }{90, 30, 0, 0}),
		}
		for i := 0; !stopped(); i++ {
			if _, failed = sess.SendRequest("window-change", false, sizes[i%2]); failed != nil {
				break
			}
			sent.Add(1)
		}
	case "noread":
		// Help on, help off (the whole screen each time), 200 keys a
		// second and a resize every tenth key: under the server's request
		// budget, so that what cuts it is its not reading.
		sizes := [][]byte{
			gossh.Marshal(struct{ Cols, Rows, Wpx, Hpx uint32 }{500, 200, 0, 0}),
			gossh.Marshal(struct{ Cols, Rows, Wpx, Hpx uint32 }{499, 199, 0, 0}),
		}
		for i := 0; !stopped(); i++ {
			if i%10 == 0 {
				if _, failed = sess.SendRequest("window-change", false, sizes[i/10%2]); failed != nil {
					break
				}
			}
			if _, failed = io.WriteString(in, "?"); failed != nil {
				break
			}
			sent.Add(1)
			time.Sleep(5 * time.Millisecond)
		}
	}
	res.sent = sent.Load()
	if failed != nil && !stopped() {
		// The server cut the connection (noread), or something broke.
		select {
		case <-ended:
		case <-stop:
		}
		if !stopped() {
			res.dropped = time.Since(begin)
		}
	}
	return res
}

// runHostile measures readers alone, then under attack, then waits for
// the server to let go of what the attackers held.
func runHostile(cfg config) error {
	switch cfg.attack {
	case "paste", "osc", "resize", "noread":
	default:
		return fmt.Errorf("-attack %q: want paste, osc, resize or noread", cfg.attack)
	}
	g0, gerr := goroutines(cfg.debugURL)
	if gerr != nil && cfg.debugURL != "" {
		return gerr
	}
	rss0 := rss(cfg.pid)

	base := readers(cfg)
	fmt.Printf("readers alone: %d sessions, %d failed\n", cfg.n, len(base.failures))
	base.printFrames("  first frame")

	// The attackers come from addresses of their own, after the readers'.
	stop := make(chan struct{})
	results := make([]attackResult, cfg.hostile)
	var wg sync.WaitGroup
	starts := make([]chan struct{}, cfg.hostile)
	for i := range cfg.hostile {
		starts[i] = make(chan struct{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = hostileClient(cfg, source(config{sources: 250}, 200+i), starts[i], stop)
		}()
	}
	attackStart := time.Now()
	for i := range starts {
		select {
		case <-starts[i]:
		case <-time.After(cfg.timeout):
		}
	}
	peak := memory{}
	sampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if m := rss(cfg.pid); m.rss > peak.rss {
				peak = m
			}
			select {
			case <-sampling:
				return
			case <-t.C:
			}
		}
	}()

	under := readers(cfg)
	gDuring, _ := goroutines(cfg.debugURL)
	fmt.Printf("readers under attack (%d %s clients): %d sessions, %d failed\n", cfg.hostile, cfg.attack, cfg.n, len(under.failures))
	under.printFrames("  first frame")
	if len(base.frames) > 0 && len(under.frames) > 0 {
		fmt.Printf("  p50 under attack / alone: %.2f\n", float64(median(under.frames))/float64(median(base.frames)))
	}
	if rest := cfg.attackFor - time.Since(attackStart); rest > 0 {
		time.Sleep(rest)
	}
	close(stop)
	wg.Wait()
	left := time.Now()
	close(sampling)
	<-sampled

	var sent int64
	var conns, cut int
	var drops []time.Duration
	var failures []error
	for _, r := range results {
		sent += r.sent
		conns += r.conns
		cut += r.drops
		if r.dropped > 0 {
			drops = append(drops, r.dropped)
		}
		if r.conns == 0 && r.err != nil {
			failures = append(failures, r.err)
		}
	}
	unit := map[string]string{"paste": "bytes", "osc": "bytes", "resize": "window changes", "noread": "keys"}[cfg.attack]
	fmt.Printf("attack: %d %s clients sent %d %s in %s on %d connections; the server cut %d",
		cfg.hostile, cfg.attack, sent, unit, left.Sub(attackStart).Round(time.Millisecond), conns, cut)
	if len(drops) > 0 {
		slices.Sort(drops)
		fmt.Printf(" (the first of each client: median %s after it connected)", pct(drops, 50))
	}
	fmt.Println()
	for _, err := range failures {
		fmt.Println("attacker never attacked:", err)
	}

	if cfg.debugURL != "" {
		back, g1 := time.Duration(-1), 0
		for time.Since(left) < time.Minute {
			if g1, _ = goroutines(cfg.debugURL); g1 <= g0 {
				back = time.Since(left)
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		fmt.Printf("server goroutines: before %d  under attack %d  after %d", g0, gDuring, g1)
		if back >= 0 {
			fmt.Printf(" (back to the baseline %s after the attackers left)\n", back.Round(time.Millisecond))
		} else {
			fmt.Printf(" (NOT back to the baseline a minute after the attackers left)\n")
		}
	}
	if cfg.pid > 0 {
		time.Sleep(3 * time.Second) // the server gives memory back when idle
		fmt.Printf("server RSS: before %s  peak under attack %s  after %s\n", mb(rss0.rss), mb(peak.rss), mb(rss(cfg.pid).rss))
	}
	if err := base.failed(); err != nil {
		return err
	}
	return under.failed()
}

// goroutines reads the server's goroutine count from its debug pages
// (briefing serve --debug-addr).
func goroutines(addr string) (int, error) {
	if addr == "" {
		return 0, errors.New("no -debug address")
	}
	resp, err := http.Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil {
		return 0, err
	}
	// "goroutine profile: total 23"
	f := strings.Fields(line)
	if len(f) == 0 {
		return 0, fmt.Errorf("debug pages: %q", line)
	}
	return strconv.Atoi(f[len(f)-1])
}

// median is the p50 that pct prints, unrounded.
func median(sorted []time.Duration) time.Duration {
	return sorted[max(0, (len(sorted)*50+99)/100-1)]
}

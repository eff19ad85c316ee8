package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Tests of clients that break the rules: floods of requests, requests the
// server does not serve, sessions past their limits. Each runs over a real
// SSH connection on loopback and waits for events (log lines, hooks,
// goroutine counts, output), never for time to pass.

// eventLog is a slog handler for a test server: JSON lines into a buffer,
// and a count of each event that a test can wait on.
type eventLog struct {
	slog.Handler
	*eventCounts
}

// eventCounts counts log lines per event; changed is closed (and
// replaced) on every line.
type eventCounts struct {
	buf *syncBuffer

	mu      sync.Mutex
	n       map[string]int
	changed chan struct{}
}

func (e eventLog) Handle(ctx context.Context, r slog.Record) error {
	err := e.Handler.Handle(ctx, r)
	ev := ""
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "event" {
			ev = a.Value.String()
			return false
		}
		return true
	})
	e.mu.Lock()
	e.n[ev]++
	close(e.changed)
	e.changed = make(chan struct{})
	e.mu.Unlock()
	return err
}

func (e eventLog) WithAttrs(as []slog.Attr) slog.Handler {
	return eventLog{e.Handler.WithAttrs(as), e.eventCounts}
}

func (e eventLog) WithGroup(name string) slog.Handler {
	return eventLog{e.Handler.WithGroup(name), e.eventCounts}
}

// count is how many lines of event were logged.
func (e *eventCounts) count(event string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.n[event]
}

// wait waits until event has been logged n times in all.
func (e *eventCounts) wait(t *testing.T, event string, n int) {
	t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		e.mu.Lock()
		got, ch := e.n[event], e.changed
		e.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("%q logged %d times, want %d; log:\n%s", event, got, n, e.buf.String())
		}
	}
}

// lines are the log lines of event, decoded.
func (e *eventCounts) lines(event string) []map[string]any {
	var out []map[string]any
	for _, l := range strings.Split(e.buf.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["event"] == event {
			out = append(out, m)
		}
	}
	return out
}

// startHostile runs a test server whose log the test can wait on, and
// whose session slots report their release on the returned channel.
func startHostile(t *testing.T, keys []gossh.Signer, edit func(*Config)) (*testServer, *eventCounts, <-chan string) {
	t.Helper()
	ev := &eventCounts{buf: &syncBuffer{}, n: map[string]int{}, changed: make(chan struct{})}
	ts := startServer(t, keys, func(c *Config) {
		c.Logger = slog.New(eventLog{slog.NewJSONHandler(ev.buf, nil), ev})
		if edit != nil {
			edit(c)
		}
	})
	released := make(chan string, 64)
	ts.testHooks.released = func(key string) { released <- key }
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("event log:\n%s", ev.buf.String())
		}
	})
	return ts, ev, released
}

// waitReleased waits for n session slots to be given back.
func waitReleased(t *testing.T, released <-chan string, n int) {
	t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for i := range n {
		select {
		case <-released:
		case <-deadline.C:
			t.Fatalf("%d of %d session slots given back: a session holds its slot after its connection ended", i, n)
		}
	}
}

// sessionFrames are functions that only run for a session or a connection
// on the server's side; a goroutine in one of them belongs to a client.
var sessionFrames = []string{
	"serve.(*Server).runSession", "serve.(*Server).watch", "serve.readInput",
	"serve.(*painter).run", "serve.filterRequests", "serve.(*Server).sessionChannel",
	"ssh.(*session).handleRequests", "ssh.(*Server).HandleConn",
}

// goroutinesIn counts the goroutines with one of frames on their stack,
// with the first one's stack.
func goroutinesIn(frames []string) (int, string) {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count, first := 0, ""
	for _, g := range strings.Split(string(buf), "\n\n") {
		for _, f := range frames {
			if strings.Contains(g, f) {
				if count == 0 {
					first = g
				}
				count++
				break
			}
		}
	}
	return count, first
}

// waitNoSessionGoroutines waits until no goroutine runs for a client: the
// count is checked each time the scheduler has run the others.
func waitNoSessionGoroutines(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, first := goroutinesIn(sessionFrames)
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines still run for clients that left; the first:\n%s", n, first)
		}
		runtime.Gosched()
	}
}

// reply sends a channel request that wants a reply and returns the reply,
// failing the test when none comes.
func reply(t *testing.T, sess *gossh.Session, name string, payload []byte) bool {
	t.Helper()
	type answer struct {
		ok  bool
		err error
	}
	got := make(chan answer, 1)
	go func() {
		ok, err := sess.SendRequest(name, true, payload)
		got <- answer{ok, err}
	}()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	select {
	case a := <-got:
		if a.err != nil {
			t.Fatalf("%s request: %v", name, a.err)
		}
		return a.ok
	case <-deadline.C:
		t.Fatalf("the %s request was never answered", name)
		return false
	}
}

// newTerm opens a session without starting its shell.
func newTerm(t *testing.T, c *gossh.Client) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	tm := &term{t: t, client: c, sess: sess, out: &syncBuffer{}, errOut: &syncBuffer{}, done: make(chan error, 1)}
	sess.Stdout, sess.Stderr = tm.out, tm.errOut
	if tm.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sess.Close() })
	return tm
}

// shell starts the shell of a session from newTerm, failing the test when
// the request is never answered.
func (tm *term) shell() {
	tm.t.Helper()
	started := make(chan error, 1)
	go func() { started <- tm.sess.Shell() }()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	select {
	case err := <-started:
		if err != nil {
			tm.t.Fatalf("shell: %v", err)
		}
	case <-deadline.C:
		tm.t.Fatal("the shell request was never answered")
	}
	go func() { tm.done <- tm.sess.Wait() }()
}

// A client that floods window-change requests and leaves without closing
// its session gives back its session slot and its connection slot, and
// nothing of its session keeps running: the same key connects again, as
// often as it likes, under a limit of one session and one connection.
func TestResizeFloodLeavesNoSlotTaken(t *testing.T) {
	k := newKey(t)
	ts, ev, released := startHostile(t, []gossh.Signer{k}, func(c *Config) {
		c.Limits.SessionsPerKey = 1
		c.Limits.ConnsPerIP = 1
		c.Limits.RequestRate = 1e6 // not cut for flooding: the client leaves on its own
	})
	big := gossh.Marshal(windowChange{Cols: 5000, Rows: 1000})
	small := gossh.Marshal(windowChange{Cols: 90, Rows: 30})
	const rounds = 3
	for round := range rounds {
		c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
		tm := openTerm(t, c, 80, 24)
		tm.waitFor("Briefing")
		for i := range 2000 {
			p := small
			if i%2 == 0 {
				p = big
			}
			if _, err := tm.sess.SendRequest("window-change", false, p); err != nil {
				t.Fatalf("window-change %d: %v", i, err)
			}
		}
		_ = c.Close() // gone, session and all, without a word
		ev.wait(t, "disconnect", round+1)
		waitReleased(t, released, 1)
	}
	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	tm := openTerm(t, c, 80, 24)
	tm.waitFor("Briefing")
	tm.send("\x03")
	_ = tm.wait()
	_ = c.Close()
	waitReleased(t, released, 1)
	waitNoSessionGoroutines(t)
}

// Window changes sent before the shell is started (the client resized
// while the session was being set up) do not hold up the shell, and the
// program starts with the last size asked for.
func TestWindowChangeBeforeShell(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts, _, _ := startHostile(t, []gossh.Signer{k}, nil)
	sizes := make(chan [2]int, 1024)
	ts.testHooks.size = func(w, h int) { sizes <- [2]int{w, h} }
	tm := newTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))))
	if err := tm.sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := tm.sess.SendRequest("window-change", false, gossh.Marshal(windowChange{Cols: uint32(90 + i), Rows: 27})); err != nil {
			t.Fatal(err)
		}
	}
	tm.shell()
	tm.waitFor("Briefing")
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		select {
		case s := <-sizes:
			if s == [2]int{94, 27} {
				return
			}
		case <-deadline.C:
			t.Fatal("the program never got the last size asked for before the shell, 94x27")
		}
	}
}

// A signal request is answered (no: there is no process to signal), before
// the shell and during it, and agent forwarding is refused, as SECURITY.md
// says; the session works all along.
func TestSignalAndAgentRequestsRefused(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts, _, _ := startHostile(t, []gossh.Signer{k}, nil)
	tm := newTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))))
	sig := gossh.Marshal(struct{ Signal string }{"INT"})
	if reply(t, tm.sess, "signal", sig) {
		t.Fatal("a signal before the shell was accepted")
	}
	if reply(t, tm.sess, "auth-agent-req@openssh.com", nil) {
		t.Fatal("agent forwarding was accepted")
	}
	if err := tm.sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	tm.shell()
	tm.waitFor("Briefing")
	if reply(t, tm.sess, "signal", sig) {
		t.Fatal("a signal during the session was accepted")
	}
	tm.openFirstBrief()
	tm.send("\x03")
	if err := tm.wait(); err != nil {
		t.Fatalf("session ended with %v", err)
	}
}

// A client repeating what gets logged (clamped sizes, refused requests)
// gets a few lines of each, then lines that say how many were held back;
// its disconnect line counts them all. Nothing is lost from the count.
func TestRepeatedLogLinesLimited(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts, ev, released := startHostile(t, []gossh.Signer{k}, func(c *Config) {
		c.Limits.RequestRate = 1e6 // not cut for flooding: this is about the log
	})
	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	tm := openTerm(t, c, 80, 24)
	tm.waitFor("Briefing")
	big := gossh.Marshal(windowChange{Cols: 5000, Rows: 1000})
	sig := gossh.Marshal(struct{ Signal string }{"INT"})
	const each = 1000
	for range each {
		if _, err := tm.sess.SendRequest("window-change", false, big); err != nil {
			t.Fatal(err)
		}
		if _, err := tm.sess.SendRequest("signal", false, sig); err != nil {
			t.Fatal(err)
		}
	}
	// Requests are taken in order: once this one is answered, all were.
	if reply(t, tm.sess, "signal", sig) {
		t.Fatal("signal accepted")
	}
	_ = c.Close()
	ev.wait(t, "disconnect", 1)
	waitReleased(t, released, 1)

	clamped, refused := ev.count("size_clamped"), ev.count("request_refused")
	if clamped > 2*logBurst || refused > 2*logBurst {
		t.Fatalf("%d size_clamped and %d request_refused lines for %d of each: not limited", clamped, refused, each)
	}
	disc := ev.lines("disconnect")
	held, _ := disc[0]["suppressed"].(float64)
	if got := clamped + refused + int(held); got != 2*each+1 {
		t.Fatalf("%d lines logged + %v held back = %d, want %d (one per request)", clamped+refused, held, got, 2*each+1)
	}
}

// A session longer than MaxSession ends at MaxSession even when the idle
// timeout is longer: the reader's terminal is given back and a line says
// why (it once lasted until the connection's backstop, a minute later,
// and was cut without either).
func TestMaxSessionShorterThanIdle(t *testing.T) {
	k := newKey(t)
	ts, ev, _ := startHostile(t, []gossh.Signer{k}, func(c *Config) {
		c.Limits.MaxSession = 500 * time.Millisecond
		c.Limits.IdleTimeout = time.Hour
	})
	tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 80, 24)
	ev.wait(t, "session_end", 1)
	_ = tm.wait()
	out := tm.out.String()
	why := "session closed: it reached the 500ms limit"
	if !strings.Contains(out, why) {
		t.Fatalf("not told why; tail %q", tail(out, 300))
	}
	if on, off := strings.LastIndex(out, "\x1b[?1049h"), strings.LastIndex(out, "\x1b[?1049l"); on >= 0 && off < on {
		t.Fatalf("the alternate screen was not left; tail %q", tail(out, 300))
	}
	if strings.LastIndex(out, "\x1b[?25h") < strings.LastIndex(out, "\x1b[?25l") {
		t.Fatal("the cursor was left hidden")
	}
	if end := ev.lines("session_end"); end[0]["reason"] != why {
		t.Fatalf("session_end reason %v, want %q", end[0]["reason"], why)
	}
}

// A client that keeps typing and resizing but never reads its output is
// dropped once the output has made no progress for StallTimeout: the
// session is logged as stalled, its slot is given back and nothing of it
// keeps running. A reader on the same server is not disturbed.
func TestStalledClientDropped(t *testing.T) {
	bad, good := newKey(t), newKey(t)
	ts, ev, released := startHostile(t, []gossh.Signer{bad, good}, func(c *Config) {
		c.Limits.StallTimeout = 300 * time.Millisecond
		c.Limits.RequestRate = 1e6 // dropped for not reading, not for its resizes
	})
	g := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(good))), 80, 24)
	g.waitFor("Briefing")

	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(bad)))
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	// The pipe is never read: once the channel's window (2 MB) is full,
	// the server's writes wait for a window adjust that never comes.
	if _, err := sess.StdoutPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 200, 500, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	// Every resize and every "?" (help on, help off) redraws the screen.
	sizes := [][]byte{gossh.Marshal(windowChange{Cols: 500, Rows: 200}), gossh.Marshal(windowChange{Cols: 499, Rows: 199})}
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; ev.count("stalled") == 0; i++ {
		if time.Now().After(deadline) {
			t.Fatal("a client that does not read was never dropped")
		}
		if _, err := sess.SendRequest("window-change", false, sizes[i%2]); err != nil {
			break // dropped
		}
		if _, err := io.WriteString(in, "?"); err != nil {
			break
		}
	}
	ev.wait(t, "stalled", 1)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the stalled client's session did not end")
	}
	waitReleased(t, released, 1)
	ev.wait(t, "session_end", 1)
	if end := ev.lines("session_end"); !strings.HasPrefix(fmt.Sprint(end[0]["reason"]), "output stalled") {
		t.Errorf("the session end gives the reason %v", end[0]["reason"])
	}

	g.openFirstBrief()
	g.send("\x03")
	if err := g.wait(); err != nil {
		t.Fatalf("the reader's session ended with %v", err)
	}
	_ = g.client.Close()
	ev.wait(t, "disconnect", 2)
	waitReleased(t, released, 1)
	waitNoSessionGoroutines(t)
}

// startInput runs a test server and opens a session on it, returning the
// session's input decoder (to read what it held and scanned).
func startInput(t *testing.T, edit func(*Config)) (*term, *inputDecoder) {
	t.Helper()
	k := newKey(t)
	ts, _, _ := startHostile(t, []gossh.Signer{k}, edit)
	decs := make(chan *inputDecoder, 1)
	ts.testHooks.input = func(d *inputDecoder) { decs <- d }
	tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 100, 30)
	tm.waitFor("Briefing")
	return tm, <-decs
}

// write writes s to the session's input as it is, failing the test on error.
func (tm *term) write(s string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.in, s); err != nil {
		tm.t.Fatal(err)
	}
}

// A paste under MaxPaste arrives whole; one over it, even one that never
// ends, is refused with a line the reader sees, and the session holds no
// more of it than the limit. Keys typed after it work.
func TestPasteOverLimitRefused(t *testing.T) {
	t.Parallel()
	const limit = 4 << 10
	tm, dec := startInput(t, func(c *Config) { c.Limits.MaxPaste = limit })
	tm.send("/")
	m := tm.mark()
	tm.write("\x1b[200~harbor\x1b[201~")
	tm.waitAfter(m, "harbor")

	m = tm.mark()
	tm.write("\x1b[200~")
	for range 64 { // 256 KiB, and no end yet
		tm.write(strings.Repeat("x", 4<<10))
	}
	tm.waitAfter(m, "paste refused")
	tm.write("\x1b[201~")
	m = tm.mark()
	tm.write("zeta")
	tm.waitAfter(m, "zeta")
	if strings.Contains(tm.out.String(), strings.Repeat("x", 64)) {
		t.Fatal("part of the refused paste reached the screen")
	}
	if peak := dec.peak.Load(); peak > limit+maxSequence+inputRead {
		t.Fatalf("the session held %d bytes of input, limit %d", peak, limit)
	}
}

// An escape sequence that does not end (256 KiB of an OSC string, ended
// only at the last byte) is scanned in linear time and held in a bounded
// buffer; the keys after it work.
func TestUnterminatedSequenceLinear(t *testing.T) {
	t.Parallel()
	tm, dec := startInput(t, nil)
	before := dec.scanned.Load()
	const size = 256 << 10
	tm.write("\x1b]99;")
	for range size / (4 << 10) {
		tm.write(strings.Repeat("a", 4<<10))
	}
	tm.write("\x07")
	m := tm.mark()
	tm.send("?")
	tm.waitAfter(m, "page down")
	if scanned := dec.scanned.Load() - before; scanned > 3*size {
		t.Fatalf("%d bytes scanned for %d of input: not linear", scanned, size)
	}
	if peak := dec.peak.Load(); peak > maxSequence+inputRead {
		t.Fatalf("the session held %d bytes of an unfinished sequence", peak)
	}
}

// A connection that sends requests far faster than any terminal does (a
// window change costs a decryption and a redraw) is cut and logged once as
// a flood; its slots come back. A burst as a person resizing makes is fine,
// and so are global requests at a keepalive's pace.
func TestRequestFloodCut(t *testing.T) {
	k := newKey(t)
	ts, ev, released := startHostile(t, []gossh.Signer{k}, func(c *Config) { c.Limits.RequestRate = 50 })
	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	tm := openTerm(t, c, 80, 24)
	tm.waitFor("Briefing")
	for i := range 40 { // a drag of the window's edge
		if _, err := tm.sess.SendRequest("window-change", false, gossh.Marshal(windowChange{Cols: uint32(60 + i), Rows: 24})); err != nil {
			t.Fatal(err)
		}
	}
	if ok, _, err := c.SendRequest("keepalive@openssh.com", true, nil); err != nil || ok {
		t.Fatalf("keepalive: %v, %v; want an answer, no", ok, err)
	}
	m := tm.mark()
	tm.send("?")
	tm.waitAfter(m, "page down")

	for i := 0; ; i++ {
		if _, err := tm.sess.SendRequest("window-change", false, gossh.Marshal(windowChange{Cols: uint32(60 + i%40), Rows: 24})); err != nil {
			break // cut
		}
		if i == 1e6 {
			t.Fatal("a million window changes and the connection is still open")
		}
	}
	ev.wait(t, "flood", 1)
	ev.wait(t, "disconnect", 1)
	waitReleased(t, released, 1)
	if n := ev.count("flood"); n != 1 {
		t.Fatalf("flood logged %d times", n)
	}
	waitNoSessionGoroutines(t)
}

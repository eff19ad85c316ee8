package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/model"
	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// samples is the library every test server shows, loaded once.
var samples = sync.OnceValue(func() *briefs.Library { return briefs.LoadSamples(briefs.LoadOptions{}) })

// eventLimit is how long a test waits for something that should happen
// (a line of output, a session's end). A passing test never waits for it:
// each wait ends on the event itself.
const eventLimit = 10 * time.Second

// changes tells waiters that something changed: each call of changed
// returns a channel that the next notify closes.
type changes struct {
	mu sync.Mutex
	ch chan struct{}
}

func (c *changes) changed() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch == nil {
		c.ch = make(chan struct{})
	}
	return c.ch
}

func (c *changes) notify() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch != nil {
		close(c.ch)
		c.ch = nil
	}
}

// waitUntil waits until ok holds, testing it at the start and after each
// change told by c; it fails the test after eventLimit.
func waitUntil(t testing.TB, c *changes, ok func() bool, what func() string) {
	t.Helper()
	limit := time.NewTimer(eventLimit)
	defer limit.Stop()
	for {
		changed := c.changed() // before the test, so no change is missed
		if ok() {
			return
		}
		select {
		case <-changed:
		case <-limit.C:
			t.Fatal(what())
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine; a
// reader can wait for what it expects to be written.
type syncBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	wrote changes
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	n, err := b.buf.Write(p)
	b.mu.Unlock()
	b.wrote.notify()
	return n, err
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testKey is an ed25519 signer that also gives its private key (to write
// it for OpenSSH).
type testKey struct {
	gossh.Signer
	priv ed25519.PrivateKey
}

// Private is the private key.
func (k testKey) Private() ed25519.PrivateKey { return k.priv }

// newKey returns a fresh ed25519 signer.
func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{Signer: s, priv: priv}
}

// testServer is a server on a loopback port with its log and final models.
type testServer struct {
	*Server
	addr string
	log  *syncBuffer

	mu     sync.Mutex
	sizes  [][2]int
	finals []model.Model
	ended  changes // told of each final model
}

// badLine is a malformed authorized_keys line put before the real keys of
// every test server: the keys after it must still get in.
const badLine = "ssh-ed25519 this-is-not-base64!! broken@example"

// startServer runs a server that accepts keys (after a malformed first
// line), with cfg's other fields as given.
func startServer(t *testing.T, keys []gossh.Signer, edit func(*Config)) *testServer {
	t.Helper()
	return startServerHooked(t, keys, edit, nil)
}

// startServerHooked is startServer, with hook called on the server before
// it serves (to set its test hooks while no session can read them).
func startServerHooked(t *testing.T, keys []gossh.Signer, edit func(*Config), hook func(*Server)) *testServer {
	t.Helper()
	dir := t.TempDir()
	var lines []string
	lines = append(lines, "# team keys", badLine)
	for i, k := range keys {
		lines = append(lines, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k.PublicKey())))+fmt.Sprintf(" user%d@test", i))
	}
	authPath := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(authPath, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	logBuf := &syncBuffer{}
	cfg := Config{
		Listen:         "127.0.0.1:0",
		DataDir:        filepath.Join(dir, "data"),
		AuthorizedKeys: authPath,
		Library:        samples(),
		Logger:         slog.New(slog.NewJSONHandler(logBuf, nil)),
	}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: srv, log: logBuf}
	srv.testHooks.size = func(w, h int) {
		ts.mu.Lock()
		ts.sizes = append(ts.sizes, [2]int{w, h})
		ts.mu.Unlock()
	}
	srv.testHooks.final = func(m tea.Model) {
		if mm, ok := m.(model.Model); ok {
			ts.mu.Lock()
			ts.finals = append(ts.finals, mm)
			ts.mu.Unlock()
			ts.ended.notify()
		}
	}
	if hook != nil {
		hook(srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = ln.Addr().String()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
		if t.Failed() {
			t.Logf("server log:\n%s", logBuf.String())
		}
	})
	return ts
}

// sizesSeen is a copy of the sizes the programs received.
func (ts *testServer) sizesSeen() [][2]int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([][2]int(nil), ts.sizes...)
}

// waitFinal waits for n sessions to have ended and returns the model the
// nth ended with.
func (ts *testServer) waitFinal(t *testing.T, n int) model.Model {
	t.Helper()
	ended := func() bool {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		return len(ts.finals) >= n
	}
	waitUntil(t, &ts.ended, ended, func() string { return fmt.Sprintf("session %d did not end", n) })
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.finals[n-1]
}

// clientConfig authenticates with the given methods.
func clientConfig(methods ...gossh.AuthMethod) *gossh.ClientConfig {
	return &gossh.ClientConfig{
		User:            "reader",
		Auth:            methods,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	}
}

// term is a client session with a PTY: what it received, and its input.
type term struct {
	t      *testing.T
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	out    *syncBuffer
	errOut *syncBuffer
	done   chan error
}

// dial connects and authenticates, failing the test on error.
func dial(t *testing.T, addr string, cfg *gossh.ClientConfig) *gossh.Client {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// openTerm starts a shell session with a w x h PTY on client c.
func openTerm(t *testing.T, c *gossh.Client, w, h int) *term {
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
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatalf("pty: %v", err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	go func() { tm.done <- sess.Wait() }()
	t.Cleanup(func() { _ = sess.Close() })
	return tm
}

// flat is s without escape sequences and without any white space: the v2
// renderer moves the cursor over blank cells instead of writing spaces, so
// words of one line may arrive apart.
func flat(s string) string {
	return strings.Join(strings.Fields(ansi.Strip(s)), "")
}

// waitFor waits until the output (flattened) contains text (flattened).
func (tm *term) waitFor(text string) {
	tm.t.Helper()
	tm.waitAfter(0, text)
}

// waitRaw waits until the output, as written, contains s.
func (tm *term) waitRaw(s string) {
	tm.t.Helper()
	waitUntil(tm.t, &tm.out.wrote, func() bool { return strings.Contains(tm.out.String(), s) },
		func() string { return fmt.Sprintf("%q never written; output ends %q", s, tail(tm.out.String(), 500)) })
}

// mark returns the output length now, for waitAfter.
func (tm *term) mark() int { return len(tm.out.String()) }

// waitAfter waits for text in the output written after mark m.
func (tm *term) waitAfter(m int, text string) {
	tm.t.Helper()
	want := flat(text)
	waitUntil(tm.t, &tm.out.wrote, func() bool { return strings.Contains(flat(tm.out.String()[m:]), want) },
		func() string {
			return fmt.Sprintf("%q never appeared; output after the mark (flattened, last 2000 bytes): %s", text, tail(flat(tm.out.String()[m:]), 2000))
		})
}

// send types keys, one write each. The server reads them in order, so a
// test waits for what a key draws, not for the key to be read; no key here
// starts with the ESC that would make the decoder join it to the next.
func (tm *term) send(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(tm.in, k); err != nil {
			tm.t.Fatalf("send %q: %v", k, err)
		}
	}
}

// wait waits for the session to end and returns how it ended.
func (tm *term) wait() error {
	tm.t.Helper()
	select {
	case err := <-tm.done:
		return err
	case <-time.After(eventLimit):
		tm.t.Fatalf("session did not end within %s", eventLimit)
		return nil
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// cursorMoves matches absolute cursor positions (CUP): ESC [ row ; col H.
var cursorMoves = regexp.MustCompile(`\x1b\[(\d+);(\d+)H`)

// openFirstBrief waits for the library to list the first brief, opens it
// and waits for the reader's section tabs (the title alone also shows in
// the list), then for the first words of its body: the render has come.
func (tm *term) openFirstBrief() {
	tm.t.Helper()
	tm.waitFor("Briefing")
	tm.waitFor(firstTitle(tm.t))
	m := tm.mark()
	tm.send("\r")
	tm.waitAfter(m, "1 Lead 2 Why")
	tm.waitAfter(m, firstWords(tm.t))
}

// saveNote adds a note with body to the open brief, as a reader does.
func (tm *term) saveNote(body string) {
	tm.t.Helper()
	m := tm.mark()
	tm.send("a")
	tm.waitAfter(m, "Note")
	tm.send(body)
	m = tm.mark()
	tm.send("\x13") // ctrl+s
	tm.waitAfter(m, "note saved")
}

// briefNotesShow opens the first brief and its notes panel, waits for
// text there, and ends the session.
func (tm *term) briefNotesShow(text string) {
	tm.t.Helper()
	tm.openFirstBrief()
	m := tm.mark()
	tm.send("A")
	tm.waitAfter(m, text)
	tm.send("\x03")
	_ = tm.wait()
}

// fakeClock is a clock that stands still until the test advances it. It is
// both a session's limits clock and a model.Clock: a tick's command waits
// (on the program's goroutine, as tea.Tick does) until the clock reaches
// its time.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []fakeWait
	added changes // told of each new wait
}

type fakeWait struct {
	at time.Time
	ch chan time.Time
}

// newFakeClock returns a clock at a fixed time; at the end of the test it
// lets every wait go, so that no tick's goroutine is left behind.
func newFakeClock(t testing.TB) *fakeClock {
	c := &fakeClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	t.Cleanup(func() { c.advance(1000 * time.Hour) })
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.mu.Lock()
	if d <= 0 {
		ch <- c.now
	} else {
		c.waits = append(c.waits, fakeWait{at: c.now.Add(d), ch: ch})
	}
	c.mu.Unlock()
	c.added.notify()
	return ch
}

func (c *fakeClock) Tick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg { return fn(<-c.After(d)) }
}

// advance moves the clock on by d and ends every wait that falls due.
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waits[:0]
	for _, w := range c.waits {
		if w.at.After(c.now) {
			kept = append(kept, w)
		} else {
			w.ch <- w.at
		}
	}
	c.waits = kept
}

// waiting waits until n waits are pending on the clock.
func (c *fakeClock) waiting(t testing.TB, n int) {
	t.Helper()
	pending := func() int {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.waits)
	}
	waitUntil(t, &c.added, func() bool { return pending() >= n },
		func() string { return fmt.Sprintf("%d waits on the clock, want %d", pending(), n) })
}

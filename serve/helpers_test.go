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

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
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
}

// badLine is a malformed authorized_keys line put before the real keys of
// every test server: the keys after it must still get in.
const badLine = "ssh-ed25519 this-is-not-base64!! broken@example"

// startServer runs a server that accepts keys (after a malformed first
// line), with cfg's other fields as given.
func startServer(t *testing.T, keys []gossh.Signer, edit func(*Config)) *testServer {
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
		}
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

// lastFinal waits for n sessions to have ended and returns the last model.
func (ts *testServer) waitFinal(t *testing.T, n int) model.Model {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ts.mu.Lock()
		if len(ts.finals) >= n {
			m := ts.finals[n-1]
			ts.mu.Unlock()
			return m
		}
		ts.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("session %d did not end", n)
	return model.Model{}
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
	want := flat(text)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(flat(tm.out.String()), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.t.Fatalf("%q never appeared; output (flattened, last 2000 bytes): %s", text, tail(flat(tm.out.String()), 2000))
}

// mark returns the output length now, for waitAfter.
func (tm *term) mark() int { return len(tm.out.String()) }

// waitAfter waits for text in the output written after mark m.
func (tm *term) waitAfter(m int, text string) {
	tm.t.Helper()
	want := flat(text)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(flat(tm.out.String()[m:]), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.t.Fatalf("%q never appeared after mark; new output: %s", text, tail(flat(tm.out.String()[m:]), 2000))
}

// send types keys, one write each with a pause, as a person would.
func (tm *term) send(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(tm.in, k); err != nil {
			tm.t.Fatalf("send %q: %v", k, err)
		}
		time.Sleep(60 * time.Millisecond)
	}
}

// wait waits for the session to end.
func (tm *term) wait(limit time.Duration) error {
	tm.t.Helper()
	select {
	case err := <-tm.done:
		return err
	case <-time.After(limit):
		tm.t.Fatalf("session did not end within %s", limit)
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
// the list).
func (tm *term) openFirstBrief() {
	tm.t.Helper()
	tm.waitFor("Briefing")
	tm.waitFor(firstTitle(tm.t))
	m := tm.mark()
	tm.send("\r")
	tm.waitAfter(m, "1 Lead 2 Why")
}

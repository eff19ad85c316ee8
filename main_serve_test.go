package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func TestServeRefusesOpenServer(t *testing.T) {
	t.Parallel()
	r := runBin(t, nil, "serve", "--data", t.TempDir())
	if r.code != exitUsage || !strings.Contains(r.stderr, "--authorized-keys") || !strings.Contains(r.stderr, "--allow-any-key") {
		t.Fatalf("serve without keys: exit %d, stderr %q", r.code, r.stderr)
	}
}

// lockedBuffer is written by the ssh client and read by the test, which
// can wait for a text to be written.
type lockedBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	wrote chan struct{} // closed by the next write; nil when nobody waits
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.wrote != nil {
		close(l.wrote)
		l.wrote = nil
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor waits until the buffer holds text, for at most limit.
func (l *lockedBuffer) waitFor(text string, limit time.Duration) bool {
	timer := time.NewTimer(limit)
	defer timer.Stop()
	for {
		l.mu.Lock()
		found := strings.Contains(l.b.String(), text)
		if l.wrote == nil {
			l.wrote = make(chan struct{})
		}
		wrote := l.wrote
		l.mu.Unlock()
		if found {
			return true
		}
		select {
		case <-wrote:
		case <-timer.C:
			return false
		}
	}
}

// startServe runs `briefing serve` on a free loopback port, with any key
// allowed, a data folder of its own and args, and returns the process and
// its log (stderr). The process is killed when the test ends, if it still
// runs.
func startServe(t *testing.T, args ...string) (*exec.Cmd, io.ReadCloser) {
	t.Helper()
	args = append([]string{"serve", "--listen", "127.0.0.1:0", "--allow-any-key", "--data", t.TempDir()}, args...)
	cmd := exec.Command(bin, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return cmd, stderr
}

// The real process: SIGTERM gives a connected reader their terminal back
// (the alternate screen is left) and the server exits within 10 seconds.
func TestServeSIGTERMRestoresClient(t *testing.T) {
	t.Parallel()
	cmd, stderr := startServe(t)

	// The address is in the "listening" log line; the rest of the log is
	// kept for the end.
	lines := make(chan map[string]any, 64)
	var logText lockedBuffer
	go func() {
		sc := bufio.NewScanner(io.TeeReader(stderr, &logText))
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				lines <- m
			}
		}
		close(lines)
	}()
	addr := ""
	for m := range lines {
		if m["event"] == "listening" {
			addr, _ = m["addr"].(string)
			break
		}
	}
	if addr == "" {
		t.Fatalf("no listening line; log:\n%s", logText.String())
	}
	go func() {
		for range lines { // keep the pipe drained
		}
	}()

	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "reader", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out lockedBuffer
	sess.Stdout = &out
	stdin, _ := sess.StdinPipe()
	defer stdin.Close()
	if err := sess.RequestPty("xterm-256color", 24, 80, nil); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	if !out.waitFor("Briefing", 10*time.Second) {
		t.Fatalf("no first frame; got %q", out.String())
	}

	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("server exit: %v; log:\n%s", err, logText.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("server still running 10 s after SIGTERM; log:\n%s", logText.String())
	}
	_ = sess.Wait()
	got := out.String()
	if off, on := strings.LastIndex(got, "\x1b[?1049l"), strings.LastIndex(got, "\x1b[?1049h"); off < on || off < 0 {
		t.Fatalf("the client was left in the alternate screen; tail %q", got[max(0, len(got)-200):])
	}
	if !strings.Contains(logText.String(), `"event":"stopped"`) {
		t.Errorf("no stopped line; log:\n%s", logText.String())
	}
	t.Logf("server gone %s after SIGTERM", time.Since(start).Round(time.Millisecond))
}

// The limits a hostile client runs into have flags, checked like the rest:
// zero would mean the package default, a surprise for someone who typed it.
func TestServeRefusesZeroLimits(t *testing.T) {
	t.Parallel()
	for _, flag := range []string{"--max-paste=0", "--stall-timeout=0s", "--request-rate=0"} {
		r := runBin(t, nil, "serve", "--allow-any-key", "--data", t.TempDir(), flag)
		if r.code != exitUsage || !strings.Contains(r.stderr, "must") {
			t.Errorf("serve %s: exit %d, stderr %q; want a usage error saying what the value must be", flag, r.code, r.stderr)
		}
	}
	r := runBin(t, nil, "serve", "--help")
	for _, flag := range []string{"--max-paste", "--stall-timeout", "--request-rate"} {
		if !strings.Contains(r.stdout+r.stderr, flag) {
			t.Errorf("serve --help does not mention %s", flag)
		}
	}
}

// A list of balancers that does not parse, or one given without
// --proxy-protocol (where it would do nothing), stops the start.
func TestServeProxyFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--proxy-protocol", "--proxy-from", "10.0.0.0/33"},
		{"--proxy-protocol", "--proxy-from", "10.0.0.1,balancer.example"},
		{"--proxy-from", "10.0.0.1"},
	} {
		r := runBin(t, nil, append([]string{"serve", "--allow-any-key", "--data", t.TempDir()}, args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "proxy") {
			t.Errorf("serve %v: exit %d, stderr %q; want a usage error", args, r.code, r.stderr)
		}
	}
	r := runBin(t, nil, "serve", "--help")
	for _, flag := range []string{"--proxy-protocol", "--proxy-from"} {
		if !strings.Contains(r.stdout+r.stderr, flag) {
			t.Errorf("serve --help does not mention %s", flag)
		}
	}
}

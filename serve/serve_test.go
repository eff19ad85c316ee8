package serve

import (
	"context"
	"crypto/ed25519"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
	gossh "golang.org/x/crypto/ssh"
)

// firstTitle is the start of the title of the brief the library lists first.
func firstTitle(t *testing.T) string {
	t.Helper()
	bs := samples().Briefs()
	if len(bs) == 0 {
		t.Fatal("no sample briefs")
	}
	words := strings.Fields(bs[0].Title)
	return strings.Join(words[:min(3, len(words))], " ")
}

// firstWords are the first words of the lead of the brief the library
// lists first, as its render shows them (they are plain text).
func firstWords(t *testing.T) string {
	t.Helper()
	bs := samples().Briefs()
	if len(bs) == 0 || len(bs[0].Sections) == 0 {
		t.Fatal("no sample brief with a lead")
	}
	words := strings.Fields(bs[0].Sections[0].Body)
	return strings.Join(words[:min(3, len(words))], " ")
}

func notesOf(t *testing.T, s notes.Store, owner string) []notes.Note {
	t.Helper()
	list, err := s.AllNotes(context.Background(), owner)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// A reader renders the library, opens a brief, adds a note, comes back and
// sees it; another key never sees it, in the TUI or in the store.
func TestNotesPerKeyAcrossReconnects(t *testing.T) {
	t.Parallel()
	alice, bob := newKey(t), newKey(t)
	ts := startServer(t, []gossh.Signer{alice, bob}, nil)
	fpA, fpB := gossh.FingerprintSHA256(alice.PublicKey()), gossh.FingerprintSHA256(bob.PublicKey())
	const body = "pelican-budget-42"

	a := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(alice))), 100, 30)
	a.openFirstBrief()
	a.saveNote(body)
	// The panel lists the brief's notes once they are read back.
	m := a.mark()
	a.send("A")
	a.waitAfter(m, body)
	a.send("\x03") // ctrl+c
	if err := a.wait(); err != nil {
		t.Fatalf("alice's session ended with %v", err)
	}
	if fm := ts.waitFinal(t, 1); len(fm.BriefNotes()) != 1 || fm.BriefNotes()[0].Owner != fpA {
		t.Fatalf("alice's model holds notes %+v, want one of %s", fm.BriefNotes(), fpA)
	}
	got := notesOf(t, ts.store, fpA)
	if len(got) != 1 || got[0].Body != body {
		t.Fatalf("store has %+v for alice, want one note %q", got, body)
	}

	// Alice again, on a new connection: the note is there.
	openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(alice))), 100, 30).briefNotesShow(body)

	// Bob opens the same brief and sees no note.
	b := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(bob))), 100, 30)
	b.briefNotesShow("No notes yet")
	if strings.Contains(flat(b.out.String()), body) {
		t.Fatal("bob's screen showed alice's note")
	}
	if fm := ts.waitFinal(t, 3); len(fm.BriefNotes()) != 0 {
		t.Fatalf("bob's model holds notes %+v", fm.BriefNotes())
	}
	if got := notesOf(t, ts.store, fpB); len(got) != 0 {
		t.Fatalf("store has %+v for bob", got)
	}
	if !strings.Contains(ts.log.String(), `"fingerprint":"`+fpA+`"`) {
		t.Error("the log does not name alice's fingerprint")
	}
	if strings.Contains(ts.log.String(), body) {
		t.Error("the log contains note text")
	}
}

// The known trick (CVE-2024-45337's pattern): offer your own key, then the
// victim's public key (accepted as an offer; the client has no private key
// for it), then authenticate with your own key, which the server answers
// from its cache without asking the key handler again. The last key the
// handler saw is the victim's; the session must still be the attacker's.
// OpenSSH performs exactly this sequence when given public-key-only
// identity files, and its -v output proves the offer was accepted.
func TestOfferedKeyIsNotIdentity(t *testing.T) {
	t.Parallel()
	sshPath, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("no OpenSSH client")
	}
	dir := t.TempDir()
	victim, mallory := newKey(t), newKey(t)
	writeKeyFiles(t, dir, "mallory", mallory, true)
	writeKeyFiles(t, filepath.Join(dir, "pub"), "mallory", mallory, false)
	writeKeyFiles(t, filepath.Join(dir, "pub"), "victim", victim, false)
	ts := startServer(t, []gossh.Signer{victim, mallory}, nil)
	fpV, fpM := gossh.FingerprintSHA256(victim.PublicKey()), gossh.FingerprintSHA256(mallory.PublicKey())
	if _, err := ts.store.AddNote(context.Background(), notes.Note{Owner: fpV, BriefID: samples().Briefs()[0].ID, Body: "victim-secret-77"}); err != nil {
		t.Fatal(err)
	}

	host, port, _ := net.SplitHostPort(ts.addr)
	cmd := exec.Command(sshPath, "-v", "-tt", "-p", port, "-F", "/dev/null",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "IdentityAgent=none",
		"-o", "SetEnv=TERM=xterm-256color",
		"-i", filepath.Join(dir, "pub", "mallory.pub"),
		"-i", filepath.Join(dir, "pub", "victim.pub"),
		"-i", filepath.Join(dir, "mallory"), host)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	in, _ := cmd.StdinPipe()
	tm := &term{t: t, in: in, out: &syncBuffer{}, errOut: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = tm.out, tm.errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { tm.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		if t.Failed() {
			t.Logf("ssh said:\n%s", tm.errOut.String())
		}
	})

	tm.openFirstBrief()
	m := tm.mark()
	tm.send("A")
	tm.waitAfter(m, "No notes yet")
	tm.send("\x03")
	_ = tm.wait()

	if !strings.Contains(tm.errOut.String(), "Server accepts key: "+filepath.Join(dir, "pub", "victim.pub")) {
		t.Fatalf("the victim's key was not offered and accepted; ssh said:\n%s", tm.errOut.String())
	}
	if strings.Contains(flat(tm.out.String()), "victim-secret-77") {
		t.Fatal("the impostor saw the victim's note")
	}
	log := ts.log.String()
	if !strings.Contains(log, `"fingerprint":"`+fpM+`","ip":"127.0.0.1","event":"session_start"`) {
		t.Fatalf("session not started as mallory %s; log:\n%s", fpM, log)
	}
	if strings.Contains(log, fpV) {
		t.Fatalf("the victim's fingerprint appears in the log:\n%s", log)
	}
}

// writeKeyFiles writes name.pub, and the private key name when private.
func writeKeyFiles(t *testing.T, dir, name string, k gossh.Signer, private bool) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".pub"), gossh.MarshalAuthorizedKey(k.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	if !private {
		return
	}
	ks, ok := k.(interface{ Private() ed25519.PrivateKey })
	if !ok {
		t.Fatal("not a test key")
	}
	block, err := gossh.MarshalPrivateKey(ks.Private(), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A key that is not in the file is refused, even after a malformed line.
func TestUnauthorizedKeyRefused(t *testing.T) {
	t.Parallel()
	ts := startServer(t, []gossh.Signer{newKey(t)}, nil)
	_, err := gossh.Dial("tcp", ts.addr, clientConfig(gossh.PublicKeys(newKey(t))))
	if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("dial with an unknown key: %v, want unable to authenticate", err)
	}
	if !strings.Contains(ts.log.String(), `"line":2`) {
		t.Errorf("the malformed line 2 was not reported; log:\n%s", ts.log.String())
	}
}

// A huge PTY request and a huge resize are clamped before the program sees
// them, and nothing is drawn outside 500x200.
func TestTerminalSizeClamped(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts := startServer(t, []gossh.Signer{k}, nil)
	tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 5000, 1000)
	tm.waitFor("Briefing")
	if _, err := tm.sess.SendRequest("window-change", false, gossh.Marshal(windowChange{Cols: 4096, Rows: 256})); err != nil {
		t.Fatal(err)
	}
	tm.openFirstBrief()
	tm.send("\x03")
	_ = tm.wait()

	sizes := ts.sizesSeen()
	if len(sizes) == 0 {
		t.Fatal("the program received no size")
	}
	for _, s := range sizes {
		if s[0] > 500 || s[1] > 200 {
			t.Fatalf("the program received %dx%d", s[0], s[1])
		}
	}
	maxRow, maxCol := 0, 0
	for _, mm := range cursorMoves.FindAllStringSubmatch(tm.out.String(), -1) {
		r, _ := strconv.Atoi(mm[1])
		c, _ := strconv.Atoi(mm[2])
		maxRow, maxCol = max(maxRow, r), max(maxCol, c)
	}
	if maxRow > 200 || maxCol > 500 {
		t.Fatalf("drew at row %d, column %d", maxRow, maxCol)
	}
	for _, want := range []string{
		`"request":"pty-req","requested_width":5000,"requested_height":1000,"width":500,"height":200`,
		`"request":"window-change","requested_width":4096,"requested_height":256,"width":500,"height":200`,
		`"event":"session_start","anonymous":false,"width":500,"height":200`,
	} {
		if !strings.Contains(ts.log.String(), want) {
			t.Errorf("log lacks %s; log:\n%s", want, ts.log.String())
		}
	}
}

// Without a PTY the client gets one line and the session closes; a command
// is never run, with or without a PTY.
func TestNoPTYAndCommandsRefused(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts := startServer(t, []gossh.Signer{k}, nil)
	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))

	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncBuffer
	sess.Stderr = &stderr
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	var exit *gossh.ExitError
	if err := sess.Wait(); !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("no-PTY session ended with %v, want exit status 1", err)
	}
	if got := strings.TrimSpace(stderr.String()); got != NoPTYLine {
		t.Fatalf("no-PTY line %q, want %q", got, NoPTYLine)
	}

	marker := filepath.Join(t.TempDir(), "pwned")
	for _, pty := range []bool{false, true} {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		var out, errOut syncBuffer
		sess.Stdout, sess.Stderr = &out, &errOut
		if pty {
			if err := sess.RequestPty("xterm", 24, 80, nil); err != nil {
				t.Fatal(err)
			}
		}
		err = sess.Run("touch " + marker)
		if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
			t.Fatalf("exec (pty %v) ended with %v, want exit status 1", pty, err)
		}
		if !strings.Contains(errOut.String()+out.String(), NoCommandLine) {
			t.Fatalf("exec (pty %v) said %q", pty, errOut.String()+out.String())
		}
	}
	if _, err := os.Stat(marker); !os.IsNotExist(err) {
		t.Fatalf("the command ran: %v", err)
	}
}

// Shutdown tells each program to quit: the client's terminal is given back
// (alt screen off, cursor shown) and the session ends well within 10 s.
func TestShutdownRestoresClients(t *testing.T) {
	t.Parallel()
	k1, k2 := newKey(t), newKey(t)
	ts := startServer(t, []gossh.Signer{k1, k2}, nil)
	var terms []*term
	for _, k := range []gossh.Signer{k1, k2} {
		tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 80, 24)
		tm.waitFor("Briefing")
		terms = append(terms, tm)
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("shutdown took %s", d)
	}
	for i, tm := range terms {
		_ = tm.wait()
		out := tm.out.String()
		off, on := strings.LastIndex(out, "\x1b[?1049l"), strings.LastIndex(out, "\x1b[?1049h")
		if off < 0 || off < on {
			t.Fatalf("client %d: alt screen not left (on at %d, off at %d); tail %q", i, on, off, tail(out, 200))
		}
		if !strings.Contains(out[off:], "the server is shutting down") {
			t.Errorf("client %d was not told why: %q", i, tail(out, 200))
		}
		if strings.LastIndex(out, "\x1b[?25h") < strings.LastIndex(out, "\x1b[?25l") {
			t.Errorf("client %d: cursor left hidden", i)
		}
	}
	if !strings.Contains(ts.log.String(), `"event":"stopped"`) {
		t.Error("no stopped line in the log")
	}
}

// startClocked is a server for key k whose sessions' limits run on clock.
func startClocked(t *testing.T, k gossh.Signer, clock *fakeClock, limits Limits) *testServer {
	t.Helper()
	return startServerHooked(t, []gossh.Signer{k}, func(c *Config) { c.Limits = limits },
		func(s *Server) { s.testHooks.clock = clock })
}

// moveSelection presses j or k (down or up) in the library and waits for
// the status bar to show the selection at position pos: the key has been
// taken, and stamped as input.
func (tm *term) moveSelection(key string, pos int) {
	tm.t.Helper()
	m := tm.mark()
	tm.send(key)
	tm.waitAfter(m, fmt.Sprintf("%d/%d", pos, samples().Len()))
}

// A key keeps a session past the idle timeout; without input it ends
// IdleTimeout after the last key, even though the program could keep
// writing, and the user is told why.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	const idle = 10 * time.Minute
	k, clock := newKey(t), newFakeClock(t)
	ts := startClocked(t, k, clock, Limits{IdleTimeout: idle})
	tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 80, 24)
	tm.waitFor("Briefing")
	clock.waiting(t, 1) // the session's watch
	clock.advance(idle - time.Minute)
	tm.moveSelection("j", 2)
	// The timeout comes: the key was a minute ago, so the watch waits
	// again (it would have ended the session instead).
	clock.advance(time.Minute)
	clock.waiting(t, 1)
	clock.advance(idle - time.Minute - time.Second)
	clock.waiting(t, 1) // still waiting, a second before the end
	clock.advance(time.Second)
	_ = tm.wait()
	if want := fmt.Sprintf("session closed after %s without input", idle); !strings.Contains(tm.out.String(), want) {
		t.Fatalf("not told why (%q); tail %q", want, tail(tm.out.String(), 200))
	}
}

// A session ends after MaxSession however busy it is, and the user is told
// why.
func TestMaxSession(t *testing.T) {
	t.Parallel()
	k, clock := newKey(t), newFakeClock(t)
	ts := startClocked(t, k, clock, Limits{IdleTimeout: 10 * time.Minute, MaxSession: time.Hour})
	tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 80, 24)
	tm.waitFor("Briefing")
	// A key every five minutes: never idle. After each step the watch has
	// either not woken or woken and waits again (it would have ended the
	// session instead).
	for i := 1; i < 12; i++ {
		clock.waiting(t, 1)
		clock.advance(5 * time.Minute)
		if i%2 == 1 {
			tm.moveSelection("j", 2)
		} else {
			tm.moveSelection("k", 1)
		}
	}
	clock.waiting(t, 1)
	clock.advance(5 * time.Minute) // an hour
	_ = tm.wait()
	if want := "session closed: it reached the 1h0m0s limit"; !strings.Contains(tm.out.String(), want) {
		t.Fatalf("not told why (%q); tail %q", want, tail(tm.out.String(), 200))
	}
}

// Anonymous sessions read the library, keep nothing, and are told so: once
// at the start, and again by every key that would keep something.
func TestAnonymousReadOnly(t *testing.T) {
	t.Parallel()
	clock := newFakeClock(t)
	ts := startServerHooked(t, []gossh.Signer{newKey(t)}, func(c *Config) { c.AllowAnonymous = true },
		func(s *Server) { s.testHooks.modelClock = clock })
	ki := gossh.KeyboardInteractive(func(name, instruction string, questions []string, echos []bool) ([]string, error) {
		return nil, nil
	})
	tm := openTerm(t, dial(t, ts.addr, clientConfig(ki)), 100, 30)
	tm.waitFor("Briefing")
	tm.waitFor("read-only: " + AnonymousReadOnly)
	// The start message clears itself after a few seconds and the count of
	// briefs takes its place; only then can the star's answer, the same
	// words, be told from it.
	clock.waiting(t, 1)
	m := tm.mark()
	clock.advance(time.Minute)
	tm.waitAfter(m, fmt.Sprintf("%d briefs", samples().Len()))
	tm.openFirstBrief()
	m = tm.mark()
	tm.send("s") // star: refused
	tm.waitAfter(m, "read-only: "+AnonymousReadOnly)
	tm.send("\x03")
	_ = tm.wait()
	if got := notesOf(t, ts.store, anonymousOwner); len(got) != 0 {
		t.Fatalf("anonymous notes stored: %+v", got)
	}
	marks, err := ts.store.AllMarks(context.Background(), anonymousOwner)
	if err != nil || len(marks) != 0 {
		t.Fatalf("anonymous marks stored: %+v, %v", marks, err)
	}
	if !strings.Contains(ts.log.String(), `"anonymous":true`) {
		t.Error("the log does not mark the session anonymous")
	}
}

// A key may hold SessionsPerKey sessions; one more is refused.
func TestSessionsPerKey(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts := startServer(t, []gossh.Signer{k}, nil)
	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	for i := range 3 {
		tm := openTerm(t, c, 60, 20)
		tm.waitFor("Briefing")
		_ = i
	}
	if _, err := c.NewSession(); err == nil || !strings.Contains(err.Error(), "too many sessions") {
		t.Fatalf("fourth session: %v, want too many sessions", err)
	}
}

// The server refuses to start without a way to authenticate.
func TestRefusesOpenServer(t *testing.T) {
	t.Parallel()
	_, err := New(Config{Listen: "127.0.0.1:0", DataDir: t.TempDir(), Library: samples()})
	if !errors.Is(err, ErrNoAuth) {
		t.Fatalf("New without keys: %v, want ErrNoAuth", err)
	}
}

// The host key is created in the data folder, private, and reused.
func TestHostKeyCreatedAndReused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	wd, _ := os.Getwd()
	cfg := Config{Listen: "127.0.0.1:0", DataDir: dir, AllowAnyKey: true, Library: samples()}
	s1, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_ = s1.Shutdown(context.Background())
	path := filepath.Join(dir, "ssh_host_ed25519_key")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %o", fi.Mode().Perm())
	}
	first, _ := os.ReadFile(path)
	s2, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_ = s2.Shutdown(context.Background())
	second, _ := os.ReadFile(path)
	if string(first) != string(second) {
		t.Fatal("the host key changed on restart")
	}
	if _, err := os.Stat(filepath.Join(wd, "id_ed25519")); err == nil {
		t.Fatal("a host key was written to the working directory")
	}
}

// A panic in one session ends that session only: its client gets the
// terminal back, the other session keeps working, the server keeps serving.
func TestPanicEndsOneSession(t *testing.T) {
	t.Parallel()
	k1, k2 := newKey(t), newKey(t)
	ts := startServer(t, []gossh.Signer{k1, k2}, nil)
	ts.testHooks.size = func(w, h int) {
		if w == 77 {
			panic("test panic on a 77-column window")
		}
	}
	bad := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k1))), 80, 24)
	good := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k2))), 80, 24)
	bad.waitFor("Briefing")
	good.waitFor("Briefing")
	if _, err := bad.sess.SendRequest("window-change", false, gossh.Marshal(windowChange{Cols: 77, Rows: 24})); err != nil {
		t.Fatal(err)
	}
	var exit *gossh.ExitError
	if err := bad.wait(); !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("panicking session ended with %v, want exit status 1", err)
	}
	if out := bad.out.String(); strings.LastIndex(out, "\x1b[?1049l") < strings.LastIndex(out, "\x1b[?1049h") {
		t.Fatal("the panicking session's terminal was not restored")
	}
	good.openFirstBrief()
	good.send("\x03")
	_ = good.wait()
	third := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k1))), 80, 24)
	third.waitFor("Briefing")
	if !strings.Contains(ts.log.String(), `"msg":"session panicked"`) {
		t.Error("the panic was not logged")
	}
}

// A note being written when the server shuts down is kept as a draft, even
// when the model's own autosave (half a second after typing stops) has not
// run yet: the sessions' clock does not move, so it never does.
func TestShutdownSavesDraft(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts, store := startServerWithStore(t, k, func(s *Server) { s.testHooks.modelClock = newFakeClock(t) })
	fp := gossh.FingerprintSHA256(k.PublicKey())
	tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 100, 30)
	tm.openFirstBrief()
	m := tm.mark()
	tm.send("a")
	tm.waitAfter(m, "Note")
	m = tm.mark()
	if _, err := io.WriteString(tm.in, "unsaved-thought-9"); err != nil {
		t.Fatal(err)
	}
	tm.waitAfter(m, "unsaved-thought-9")
	if ds, _ := store.Drafts(context.Background(), fp, samples().Briefs()[0].ID); len(ds) != 0 {
		t.Fatal("the draft was saved before the shutdown: this test no longer shows that shutdown saves it")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	_ = tm.wait()
	ds, err := store.Drafts(context.Background(), fp, samples().Briefs()[0].ID)
	if err != nil || len(ds) != 1 || ds[0].Note.Body != "unsaved-thought-9" {
		t.Fatalf("drafts %+v, err %v; want the typed text", ds, err)
	}
}

// The reading position of the brief open when a session ends (here, the
// connection dropped) is kept: the server closes each session's final model.
func TestSessionEndKeepsPosition(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts, store := startServerWithStore(t, k)
	fp := gossh.FingerprintSHA256(k.PublicKey())
	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	tm := openTerm(t, c, 100, 30)
	tm.openFirstBrief()
	tm.send("j", "j", "j", "j", "j")
	// Keys are read in order: once the help the next key opens is drawn,
	// the five lines down have been taken, however loaded the machine.
	m := tm.mark()
	tm.send("?")
	tm.waitAfter(m, "page down")
	_ = c.Close()
	ts.waitFinal(t, 1)
	mk, err := store.MarksForBrief(context.Background(), fp, samples().Briefs()[0].ID)
	if err != nil || mk.Position.Line != 5 {
		t.Fatalf("position %d, err %v; want 5 (five lines down)", mk.Position.Line, err)
	}
}

// Sessions share finished renders: a brief one session rendered at a size
// and theme is in the server's cache for the next.
func TestSessionsShareRenders(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts := startServer(t, []gossh.Signer{k}, nil)
	if ts.renders.Len() != 0 {
		t.Fatalf("%d renders before any session", ts.renders.Len())
	}
	tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 100, 30)
	tm.openFirstBrief()
	tm.send("\x03")
	_ = tm.wait()
	m := ts.waitFinal(t, 1)
	r := m.Reader().Rendered()
	if _, ok := ts.renders.Get(&briefs.Brief{ID: r.ID, Hash: r.Hash}, r.Width, r.Theme); !ok || r.ID == "" {
		t.Fatalf("the render of %q (width %d, %s) is not shared; cache holds %d", r.ID, r.Width, r.Theme, ts.renders.Len())
	}
}

// Export (E) would write a file on the server: it is off, says so, and
// writes nothing.
func TestExportWritesNothingOnServer(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts := startServer(t, []gossh.Signer{k}, nil)
	tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 100, 30)
	tm.waitFor("Briefing")
	m := tm.mark()
	tm.send("E")
	tm.waitAfter(m, "export is off here: ssh -p")
	tm.send("\x03")
	_ = tm.wait()
	for _, dir := range []string{ts.cfg.DataDir, "."} {
		matches, _ := filepath.Glob(filepath.Join(dir, "briefing-notes-*"))
		if len(matches) > 0 {
			t.Fatalf("export wrote %v", matches)
		}
	}
}

// The model asks the terminal for its background; over SSH the question must
// reach the client's terminal and the answer come back through the session.
func TestBackgroundFromClientTerminal(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts := startServer(t, []gossh.Signer{k}, nil)
	tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 80, 24)
	tm.waitRaw("\x1b]11;?")
	// A light terminal answers; the program takes its input in order, so
	// the answer is in before the ctrl+c after it.
	tm.send("\x1b]11;rgb:ffff/ffff/ffff\x07")
	tm.waitFor("Briefing")
	tm.send("\x03")
	_ = tm.wait()
	if th := ts.waitFinal(t, 1).Theme(); th != "light" {
		t.Fatalf("theme %q after a light background answer, want light", th)
	}
}

// The colour profile follows the client's environment, not the server's.
func TestColourProfileFromClientEnv(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts := startServer(t, []gossh.Signer{k}, nil)
	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	run := func(env map[string]string) string {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range env {
			if err := sess.Setenv(k, v); err != nil {
				t.Fatal(err)
			}
		}
		tm := &term{t: t, client: c, sess: sess, out: &syncBuffer{}, errOut: &syncBuffer{}, done: make(chan error, 1)}
		sess.Stdout, sess.Stderr = tm.out, tm.errOut
		tm.in, _ = sess.StdinPipe()
		if err := sess.RequestPty("xterm-256color", 24, 80, nil); err != nil {
			t.Fatal(err)
		}
		if err := sess.Shell(); err != nil {
			t.Fatal(err)
		}
		go func() { tm.done <- sess.Wait() }()
		tm.waitFor("Briefing")
		tm.send("\x03")
		_ = tm.wait()
		return tm.out.String()
	}
	if out := run(map[string]string{"COLORTERM": "truecolor"}); !strings.Contains(out, "38;2;") {
		t.Errorf("COLORTERM=truecolor: no true-colour sequence in the output")
	}
	if out := run(map[string]string{"NO_COLOR": "1"}); strings.Contains(out, "38;2;") || strings.Contains(out, "38;5;") {
		t.Errorf("NO_COLOR=1: colour sequences in the output")
	}
}

// startServerWithStore runs a server for key k on a notes store the test can
// read, closed after the server has stopped; hooks, if any, set its test
// hooks.
func startServerWithStore(t *testing.T, k gossh.Signer, hooks ...func(*Server)) (*testServer, *sqlite.Store) {
	t.Helper()
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "notes.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	hook := func(s *Server) {
		for _, h := range hooks {
			h(s)
		}
	}
	return startServerHooked(t, []gossh.Signer{k}, func(c *Config) { c.Store = store }, hook), store
}

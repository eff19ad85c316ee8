package serve

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/notes"
	gossh "golang.org/x/crypto/ssh"
)

// ran is what a command over SSH gave back.
type ran struct {
	stdout, stderr string
	code           int // the exit status; -1 when the session did not end with one
	err            error
}

// runCommand runs cmd in a new session on c, with a PTY when pty is set.
func runCommand(t *testing.T, c *gossh.Client, cmd string, pty bool) ran {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		return ran{code: -1, err: err}
	}
	defer sess.Close()
	var out, errOut bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errOut
	if pty {
		if err := sess.RequestPty("xterm", 24, 80, nil); err != nil {
			t.Fatal(err)
		}
	}
	err = sess.Run(cmd)
	r := ran{stdout: out.String(), stderr: errOut.String(), err: err}
	var exit *gossh.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		r.code = exit.ExitStatus()
	default:
		r.code = -1
	}
	return r
}

// addNote stores a note of owner's on the first sample brief.
func addNote(t *testing.T, s notes.Store, owner string, n notes.Note) notes.Note {
	t.Helper()
	b := samples().Briefs()[0]
	n.Owner, n.BriefID, n.BriefHash = owner, b.ID, b.Hash
	if n.Section.Kind == "" {
		n.Section = notes.Section{Kind: string(b.Sections[0].Kind), Title: b.Sections[0].Title, Index: 0}
	}
	saved, err := s.AddNote(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

// hostile is a note body made to do harm on a terminal and in a
// spreadsheet: a screen clear, a title set, an OSC 8 link, a C1 CSI, a
// bidi override, and a formula.
const hostile = "=HYPERLINK(\"http://evil.example\",\"x\")\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\\u009b31m\u202eevil"

// Each key exports exactly its own notes, in every format, over real SSH;
// a hostile note comes out clean; each command logs one exec line with
// no note text.
func TestExecNotesExport(t *testing.T) {
	t.Parallel()
	alice, bob := newKey(t), newKey(t)
	ts := startServer(t, []gossh.Signer{alice, bob}, nil)
	fpA, fpB := gossh.FingerprintSHA256(alice.PublicKey()), gossh.FingerprintSHA256(bob.PublicKey())
	a1 := addNote(t, ts.store, fpA, notes.Note{Body: "pelican budget for spring"})
	a2 := addNote(t, ts.store, fpA, notes.Note{Body: hostile, Quote: "-1+1"})
	b1 := addNote(t, ts.store, fpB, notes.Note{Body: "bob-only-walrus"})
	ca := dial(t, ts.addr, clientConfig(gossh.PublicKeys(alice)))
	cb := dial(t, ts.addr, clientConfig(gossh.PublicKeys(bob)))

	ok := func(r ran, what string) string {
		t.Helper()
		if r.code != 0 || r.err != nil || r.stderr != "" {
			t.Fatalf("%s: status %d, err %v, stderr %q", what, r.code, r.err, r.stderr)
		}
		if err := termsafe.Check(r.stdout, false); err != nil {
			t.Errorf("%s: output not terminal-safe: %v", what, err)
		}
		if strings.Contains(r.stdout, "walrus") {
			t.Errorf("%s: alice's output holds bob's note", what)
		}
		return r.stdout
	}
	ids := func(out, what string) []string {
		t.Helper()
		var exp notes.JSONExport
		if err := json.Unmarshal([]byte(out), &exp); err != nil {
			t.Fatalf("%s: not a JSON export: %v\n%s", what, err, out)
		}
		var got []string
		for _, n := range exp.Notes {
			if n.Owner != fpA && n.Owner != fpB {
				t.Errorf("%s: note of owner %q", what, n.Owner)
			}
			got = append(got, n.ID)
		}
		slices.Sort(got)
		return got
	}
	want := []string{a1.ID, a2.ID}
	slices.Sort(want)
	if got := ids(ok(runCommand(t, ca, "notes export --format json", false), "json"), "json"); !slices.Equal(got, want) {
		t.Fatalf("alice's JSON export has %v, want %v", got, want)
	}
	// The JSON keeps the data (import reads it back) with the controls
	// escaped; decoded, it is alice's text exactly.
	if got := ids(ok(runCommand(t, ca, "notes list --json", false), "list --json"), "list --json"); !slices.Equal(got, want) {
		t.Fatalf("alice's list --json has %v, want %v", got, want)
	}
	r := runCommand(t, cb, "notes export --format=JSON", false)
	if r.code != 0 || !strings.Contains(r.stdout, b1.ID) || strings.Contains(r.stdout, "pelican") || strings.Contains(r.stdout, a1.ID) {
		t.Fatalf("bob's export: status %d, %q", r.code, r.stdout)
	}

	md := ok(runCommand(t, ca, "notes export --format md", false), "md")
	if !strings.HasPrefix(md, "# Notes\n") || !strings.Contains(md, "pelican budget for spring") || !strings.Contains(md, "click") {
		t.Fatalf("markdown export:\n%s", md)
	}
	if def := ok(runCommand(t, ca, "notes export", false), "default"); def != md {
		t.Errorf("export without --format is not the markdown one:\n%s", def)
	}

	out := ok(runCommand(t, ca, "notes export --format csv", false), "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("CSV export (%v): %q", err, out)
	}
	for _, row := range rows[1:] {
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("CSV cell %d starts a formula: %q", i, cell)
			}
		}
	}
	if !strings.Contains(out, "'=HYPERLINK") || !strings.Contains(out, "'-1+1") {
		t.Errorf("the hostile cells are not guarded: %q", out)
	}
	if strings.ContainsAny(out, "\x1b\x07\u009b\u202e") {
		t.Errorf("CSV export holds controls: %q", out)
	}

	list := ok(runCommand(t, ca, "notes list", false), "list")
	lines := strings.Split(strings.TrimSuffix(list, "\n"), "\n")
	if len(lines) != 2 || !strings.Contains(list, a1.ID) || !strings.Contains(list, a2.ID) {
		t.Fatalf("notes list:\n%s", list)
	}
	// Over a PTY the lines end as a terminal wants them.
	if pl := runCommand(t, ca, "notes list", true); pl.code != 0 || strings.Count(pl.stdout, "\r\n") != 2 {
		t.Errorf("notes list with a PTY: status %d, %q", pl.code, pl.stdout)
	}

	// --query runs on the server's library and the notes' own text.
	q := ok(runCommand(t, ca, `notes export --format json --query "pelican spring"`, false), "query")
	if got := ids(q, "query"); !slices.Equal(got, []string{a1.ID}) {
		t.Fatalf("--query pelican gave %v, want %v", got, []string{a1.ID})
	}
	r = runCommand(t, ca, "notes list --query '(pelican'", false)
	if r.code != 1 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "query: col") {
		t.Fatalf("a bad query: status %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	// A key without notes gets none, and says so like the local command.
	carol := newKey(t)
	ts2 := startServer(t, nil, func(c *Config) { c.AuthorizedKeys, c.AllowAnyKey = "", true })
	cc := dial(t, ts2.addr, clientConfig(gossh.PublicKeys(carol)))
	if r := runCommand(t, cc, "notes list", false); r.code != 0 || r.stdout != "" || r.stderr != "no notes\n" {
		t.Fatalf("notes list without notes: status %d, %q, %q", r.code, r.stdout, r.stderr)
	}

	// One line per command, within the log's limit of 5 lines of an event
	// per connection: alice ran 9 commands on hers, bob one.
	logs := ts.log.String()
	if n := strings.Count(logs, `"event":"exec"`); n != 6 {
		t.Errorf("%d exec lines logged, want 6:\n%s", n, logs)
	}
	if !strings.Contains(logs, `"command":"notes export"`) || !strings.Contains(logs, fmt.Sprintf(`"bytes":%d`, len(md))) {
		t.Errorf("the exec line lacks the command or the bytes:\n%s", logs)
	}
	for _, secret := range []string{"pelican", "walrus", "HYPERLINK"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds note text or a query (%q)", secret)
		}
	}
}

// Everything but the two notes commands gets one line on stderr, nothing
// on stdout and exit status 1; nothing runs and nothing is written.
func TestExecRefused(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts := startServer(t, []gossh.Signer{k}, nil)
	fp := gossh.FingerprintSHA256(k.PublicKey())
	addNote(t, ts.store, fp, notes.Note{Body: "kept-note"})
	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	dir := t.TempDir()
	marker := filepath.Join(dir, "pwned")
	cmds := []string{
		"ls",
		"touch " + marker,
		"sh -c 'touch " + marker + "'",
		"notes export --data " + dir,
		"notes export --data=" + dir,
		"notes export --format md -o " + marker,
		"notes export --lib " + dir,
		"notes export " + dir,
		"notes list " + dir,
		"notes export --format xml",
		"notes export --format md --format csv",
		"notes export --format",
		"notes export --json",
		"notes list --format md",
		"notes rm " + notesOf(t, ts.store, fp)[0].ID,
		"notes import " + marker,
		"notes add brief text",
		"notes",
		"notes --help",
		"briefing notes export",
		"notes export; touch " + marker,
		"notes export $(touch " + marker + ")",
		`notes export --query 'open`,
		`notes list --query a\ b`,
		"",
		"   ",
		"notes list\x1b[2J\x1b]0;x\x07",
		"notes list\x00",
		"notes list\ntouch " + marker,
		"notes list\u202e",
		"notes list \xff",
		"notes export --query " + strings.Repeat("a", 200<<10),
	}
	for _, pty := range []bool{false, true} {
		for _, cmd := range cmds {
			r := runCommand(t, c, cmd, pty)
			if r.code != 1 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, "\n") {
				t.Errorf("%.60q (pty %v): status %d (%v), stdout %q, stderr %q", cmd, pty, r.code, r.err, r.stdout, r.stderr)
				continue
			}
			if err := termsafe.Check(strings.ReplaceAll(r.stderr, "\r\n", "\n"), false); err != nil {
				t.Errorf("%.60q: the refusal is not terminal-safe: %v", cmd, err)
			}
		}
	}
	if _, err := os.Stat(marker); !os.IsNotExist(err) {
		t.Fatalf("a command ran: %v", err)
	}
	if got := notesOf(t, ts.store, fp); len(got) != 1 {
		t.Fatalf("the notes changed: %+v", got)
	}
	if logs := ts.log.String(); strings.Contains(logs, "pwned") || strings.Contains(logs, dir) {
		t.Errorf("the log holds a command line:\n%s", logs)
	}

	// A 1 MB command does not fit an SSH packet: the connection is cut
	// before any session sees it, and the server goes on.
	big := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	if r := runCommand(t, big, "notes export --query "+strings.Repeat("a", 1<<20), false); r.code == 0 {
		t.Fatalf("a 1 MB command succeeded: %q", r.stdout)
	}
	c2 := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	if r := runCommand(t, c2, "notes list", false); r.code != 0 || !strings.Contains(r.stdout, "kept-note") {
		t.Fatalf("notes list after the 1 MB command: status %d (%v), %q", r.code, r.err, r.stderr)
	}
}

// An anonymous reader has no notes to take home: every notes command is
// refused with the line that says how to get some, any other with the
// usual one.
func TestExecAnonymousRefused(t *testing.T) {
	t.Parallel()
	ts := startServer(t, []gossh.Signer{newKey(t)}, func(c *Config) { c.AllowAnonymous = true })
	ki := gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })
	c := dial(t, ts.addr, clientConfig(ki))
	for _, cmd := range []string{"notes export --format json", "notes export --format csv", "notes list"} {
		r := runCommand(t, c, cmd, false)
		if r.code != 1 || r.stdout != "" || r.stderr != AnonymousExportLine+"\n" {
			t.Errorf("%q: status %d, stdout %q, stderr %q", cmd, r.code, r.stdout, r.stderr)
		}
	}
	if r := runCommand(t, c, "ls", false); r.code != 1 || r.stderr != NoCommandLine+"\n" {
		t.Errorf("ls: status %d, stderr %q", r.code, r.stderr)
	}
	if strings.Contains(ts.log.String(), `"event":"exec"`) {
		t.Error("an anonymous command was run")
	}
}

// A command takes a session slot like any session: with one session per
// key, a key reading in a terminal cannot run one too, and can once it
// left.
func TestExecCountsAsSession(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	released := make(chan string, 8)
	ts := startServerHooked(t, []gossh.Signer{k}, func(c *Config) { c.Limits.SessionsPerKey = 1 },
		func(s *Server) { s.testHooks.released = func(key string) { released <- key } })
	tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 80, 24)
	tm.waitFor("Briefing")
	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	if r := runCommand(t, c, "notes list", false); r.err == nil || !strings.Contains(r.err.Error(), "too many sessions") {
		t.Fatalf("a second session for the key: status %d, err %v", r.code, r.err)
	}
	tm.send("\x03")
	_ = tm.wait()
	waitReleased(t, released, 1)
	if r := runCommand(t, c, "notes list", false); r.code != 0 || r.err != nil {
		t.Fatalf("notes list once the slot was free: status %d, err %v, %q", r.code, r.err, r.stderr)
	}
	waitReleased(t, released, 1)
}

// In the reader, E says how to export over SSH instead of only "off".
func TestExportKeyNamesTheCommand(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	ts := startServer(t, []gossh.Signer{k}, nil)
	host, port, err := net.SplitHostPort(ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 120, 30)
	tm.waitFor("Briefing")
	m := tm.mark()
	tm.send("E")
	tm.waitAfter(m, "export is off here: ssh -p "+port+" "+host+" notes export --format md > notes.md")
	tm.send("\x03")
	_ = tm.wait()
}

package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	gossh "golang.org/x/crypto/ssh"
)

// An edit saved to a served brief reaches a reader who has it open, and a
// session that starts afterwards gets the new library and finds the new
// text with a search.
func TestServedLibraryFollowsEdits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "tolls.md")
	if err := os.WriteFile(path, []byte("# Harbor tolls rise\n\n## Why It Matters\n\nShippers pay more.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	k := newKey(t)
	watching := make(chan struct{})
	ts := startServerHooked(t, []gossh.Signer{k}, func(c *Config) {
		c.Library = briefs.Load([]string{dir}, briefs.LoadOptions{})
		c.Paths = []string{dir}
	}, func(s *Server) { s.testHooks.watching = func() { close(watching) } })
	tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 80, 24)
	tm.waitFor("Harbor tolls rise")
	tm.send("\r")
	tm.waitFor("Shippers pay more")

	select { // the edit is not made before the server follows the files
	case <-watching:
	case <-time.After(eventLimit):
		t.Fatal("the server never watched its library")
	}
	m := tm.mark()
	if err := os.WriteFile(path, []byte("# Harbor tolls rise\n\n## Why It Matters\n\nShippers pay a lot more, says the port.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm.waitAfter(m, "Shippers pay a lot more, says the port")
	if !strings.Contains(ts.log.String(), `"event":"library_reloaded"`) {
		t.Error("the reload was not logged")
	}

	// A new session: the library it starts with is the edited one, and
	// the shared index has the new words.
	tm2 := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 80, 24)
	tm2.waitFor("Harbor tolls rise")
	tm2.send("/", "s", "a", "y", "s", "\r")
	tm2.waitFor("1 of 1")
	tm2.send("\r")
	tm2.waitFor("says the port")
}

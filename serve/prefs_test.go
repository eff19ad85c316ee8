package serve

import (
	"testing"

	"github.com/briefing-dev/briefing/model"
	"github.com/briefing-dev/briefing/ui"
	gossh "golang.org/x/crypto/ssh"
)

// Every SSH session takes the server's config: a key rebound in it opens a
// brief, the help overlay shows that key, and the library opens on the
// server's start view.
func TestSessionsTakeServerPrefs(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	first := samples().Briefs()[0]
	if first.Source == "" {
		t.Fatal("the first sample has no source to make a view of")
	}
	prefs := model.Prefs{
		Keys: []ui.KeyBinding{{Screen: "library", Action: "open", Keys: []string{"o"}}},
		Views: []model.View{
			{Name: "mine", Query: "source:\"" + first.Source + "\""},
		},
		StartView: "mine",
	}
	ts := startServer(t, []gossh.Signer{k}, func(c *Config) { c.Prefs = prefs })
	for range 2 { // a second session gets the same
		tm := openTerm(t, dial(t, ts.addr, clientConfig(gossh.PublicKeys(k))), 100, 40)
		tm.waitFor("view mine")
		tm.waitFor(firstTitle(t))
		m := tm.mark()
		tm.send("?")
		tm.waitAfter(m, "o open")
		m = tm.mark()
		tm.send("?", "o")
		tm.waitAfter(m, "1 Lead 2 Why")
		tm.send("\x03")
		_ = tm.wait()
	}
}

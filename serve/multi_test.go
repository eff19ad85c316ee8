package serve

import (
	"context"
	"testing"

	"github.com/briefing-dev/briefing/internal/pgdb/pgtest"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/postgres"
	gossh "golang.org/x/crypto/ssh"
)

// pgStore opens a notes store on dbURL through a pool of its own, as each
// server of a team opens one; closed when the test ends.
func pgStore(t *testing.T, dbURL string) notes.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), eventLimit)
	defer cancel()
	s, err := postgres.New(ctx, openPool(t, dbURL))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Two servers on one PostgreSQL database behind a balancer: a reader whose
// next connection lands on the other server finds there what they did on
// the first: the note, the star, the reading position; another key finds none
// of it.
func TestNotesAcrossServers(t *testing.T) {
	t.Parallel()
	dbURL, _ := pgtest.Schema(t)
	alice, bob := newKey(t), newKey(t)
	keys := []gossh.Signer{alice, bob}
	storeA, storeB := pgStore(t, dbURL), pgStore(t, dbURL)
	a := startServer(t, keys, func(c *Config) { c.Store = storeA })
	b := startServer(t, keys, func(c *Config) { c.Store = storeB })
	fpA := gossh.FingerprintSHA256(alice.PublicKey())
	const body = "cormorant-quota-7"

	onA := openTerm(t, dial(t, a.addr, clientConfig(gossh.PublicKeys(alice))), 100, 30)
	onA.openFirstBrief()
	onA.saveNote(body)
	m := onA.mark()
	onA.send("s")
	onA.waitAfter(m, "starred")
	onA.send("\x03")
	if err := onA.wait(); err != nil {
		t.Fatalf("alice's session on A ended with %v", err)
	}

	// B's own store, reading the same database, has what A acknowledged.
	brief := samples().Briefs()[0]
	if got := notesOf(t, storeB, fpA); len(got) != 1 || got[0].Body != body {
		t.Fatalf("server B's store has %+v for alice, want one note %q", got, body)
	}
	mk, err := storeB.MarksForBrief(context.Background(), fpA, brief.ID)
	if err != nil || !mk.Starred || mk.Position.Quote == "" {
		t.Fatalf("server B's store has alice's mark %+v (%v): want starred, with her reading position", mk, err)
	}

	// And alice's next session, on B, shows the note in the brief's panel.
	openTerm(t, dial(t, b.addr, clientConfig(gossh.PublicKeys(alice))), 100, 30).briefNotesShow(body)

	// Bob on B sees nothing of alice's.
	openTerm(t, dial(t, b.addr, clientConfig(gossh.PublicKeys(bob))), 100, 30).briefNotesShow("No notes yet")
}

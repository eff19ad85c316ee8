package serve

import (
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func TestConnLimiterRateAndCount(t *testing.T) {
	t.Parallel()
	l := DefaultLimits()
	c := newConnLimiter(l)
	now := time.Unix(1000, 0)
	c.nowFunc = func() time.Time { return now }
	// A burst of 5, then refused until a token comes back.
	for i := range 5 {
		if why := c.acquire("10.0.0.1"); why != "" {
			t.Fatalf("connection %d refused: %s", i, why)
		}
	}
	if why := c.acquire("10.0.0.1"); why != "connection rate limit" {
		t.Fatalf("sixth connection: %q", why)
	}
	if why := c.acquire("10.0.0.2"); why != "" {
		t.Fatalf("another address refused: %s", why)
	}
	now = now.Add(time.Second)
	if why := c.acquire("10.0.0.1"); why != "" {
		t.Fatalf("after a second: %s", why)
	}
	// Ten open at most, however slowly they come.
	for range 4 {
		now = now.Add(time.Second)
		if why := c.acquire("10.0.0.1"); why != "" {
			t.Fatal(why)
		}
	}
	now = now.Add(10 * time.Second)
	if why := c.acquire("10.0.0.1"); why != "too many connections from this address" {
		t.Fatalf("eleventh open connection: %q", why)
	}
	c.release("10.0.0.1")
	if why := c.acquire("10.0.0.1"); why != "" {
		t.Fatalf("after a release: %s", why)
	}
	if c.open() != 11 {
		t.Fatalf("open = %d, want 11", c.open())
	}
}

func TestSessionCounter(t *testing.T) {
	t.Parallel()
	l := DefaultLimits()
	l.MaxSessions = 4
	c := newSessionCounter(l)
	for range 3 {
		if why := c.acquire("a"); why != "" {
			t.Fatal(why)
		}
	}
	if why := c.acquire("a"); why != "too many sessions for this key" {
		t.Fatalf("fourth for a: %q", why)
	}
	if why := c.acquire("b"); why != "" {
		t.Fatal(why)
	}
	if why := c.acquire("c"); why != "the server is full" {
		t.Fatalf("fifth in all: %q", why)
	}
	c.release("a")
	if why := c.acquire("c"); why != "" {
		t.Fatalf("after a release: %s", why)
	}
}

// runFilter passes requests whose replies go nowhere (WantReply false)
// through a requestFilter and returns those it forwarded, with the last
// window size it kept.
func runFilter(t *testing.T, l Limits, reqs ...*gossh.Request) ([]*gossh.Request, *windowBox) {
	t.Helper()
	in, out := make(chan *gossh.Request, len(reqs)), make(chan *gossh.Request, len(reqs))
	for _, r := range reqs {
		in <- r
	}
	close(in)
	sizes := newWindowBox()
	requestFilter{limits: l, sizes: sizes}.run(in, out)
	var got []*gossh.Request
	for r := range out {
		got = append(got, r)
	}
	return got, sizes
}

func TestFilterRequests(t *testing.T) {
	t.Parallel()
	l := DefaultLimits()
	var reqs []*gossh.Request
	for i := range l.MaxEnv + 10 {
		reqs = append(reqs, &gossh.Request{Type: "env", Payload: gossh.Marshal(struct{ K, V string }{fmt.Sprint("V", i), "x"})})
	}
	reqs = append(reqs,
		&gossh.Request{Type: "pty-req", Payload: gossh.Marshal(ptyRequest{Term: strings.Repeat("x", 500), Cols: 5000, Rows: 1000, WidthPx: 1 << 30})},
		&gossh.Request{Type: "window-change", Payload: gossh.Marshal(windowChange{Cols: 4096, Rows: 256})},
		&gossh.Request{Type: "signal", Payload: gossh.Marshal(struct{ Signal string }{"INT"})},
		&gossh.Request{Type: agentRequest},
		&gossh.Request{Type: "window-change", Payload: gossh.Marshal(windowChange{Cols: 120, Rows: 40})},
		&gossh.Request{Type: "window-change", Payload: []byte{1, 2}}, // malformed: dropped
		&gossh.Request{Type: "shell"},
	)
	got, box := runFilter(t, l, reqs...)
	env := 0
	var types []string
	for _, r := range got {
		switch r.Type {
		case "env":
			env++
			continue
		case "pty-req":
			var p ptyRequest
			if err := gossh.Unmarshal(r.Payload, &p); err != nil {
				t.Fatal(err)
			}
			if len(p.Term) != maxTermLen || p.WidthPx != maxPixels || p.Cols != 500 || p.Rows != 200 {
				t.Fatalf("pty-req not clamped: term %d bytes, %d px, %dx%d", len(p.Term), p.WidthPx, p.Cols, p.Rows)
			}
		}
		types = append(types, r.Type)
	}
	if env != l.MaxEnv {
		t.Fatalf("%d env requests passed, want %d", env, l.MaxEnv)
	}
	// Window changes, signals and agent requests are answered by the
	// filter; only what charm.land/ssh serves without waiting goes on.
	if fmt.Sprint(types) != "[pty-req shell]" {
		t.Fatalf("forwarded %v, want [pty-req shell]", types)
	}
	if w, h, ok := box.latest(); !ok || w != 120 || h != 40 {
		t.Fatalf("window box holds %dx%d (%v), want 120x40", w, h, ok)
	}
	// A clamped size is kept clamped.
	_, box = runFilter(t, l, &gossh.Request{Type: "window-change", Payload: gossh.Marshal(windowChange{Cols: 4096, Rows: 256})})
	if w, h, _ := box.latest(); w != 500 || h != 200 {
		t.Fatalf("window box holds %dx%d, want 500x200", w, h)
	}
}

func TestParseAuthorizedKeys(t *testing.T) {
	t.Parallel()
	a, b := newKey(t), newKey(t)
	file := strings.Join([]string{
		"# comment",
		"",
		"ssh-ed25519 AAAA-not-base64",
		string(gossh.MarshalAuthorizedKey(a.PublicKey())),
		"garbage line here",
		`cert-authority ` + string(gossh.MarshalAuthorizedKey(newKey(t).PublicKey())),
		`from="10.0.0.0/8",no-pty ` + string(gossh.MarshalAuthorizedKey(b.PublicKey())),
	}, "\n")
	keys, problems := parseAuthorizedKeys([]byte(file))
	if len(keys) != 2 {
		t.Fatalf("%d keys, want 2", len(keys))
	}
	for _, k := range []gossh.Signer{a, b} {
		if _, ok := keys[string(k.PublicKey().Marshal())]; !ok {
			t.Fatal("a key after a bad line was lost")
		}
	}
	var lines []int
	for _, p := range problems {
		lines = append(lines, p.line)
	}
	if fmt.Sprint(lines) != "[3 6 7]" {
		t.Fatalf("problems on lines %v, want [3 6 7] (%+v)", lines, problems)
	}
}

func TestConnLimiterTotal(t *testing.T) {
	t.Parallel()
	l := DefaultLimits()
	l.MaxSessions = 2 // four connections in all
	c := newConnLimiter(l)
	for i := range 4 {
		if why := c.acquire(fmt.Sprint("10.0.1.", i)); why != "" {
			t.Fatal(why)
		}
	}
	if why := c.acquire("10.0.1.9"); why != "too many connections" {
		t.Fatalf("fifth connection: %q", why)
	}
}

// A connection may send RequestRate requests a second in bursts of twice
// that; the first request over says so once, and every later one is no.
func TestRequestBudget(t *testing.T) {
	t.Parallel()
	l := DefaultLimits()
	l.RequestRate = 10
	b := newRequestBudget(l)
	now := time.Unix(1000, 0)
	b.now, b.last = func() time.Time { return now }, now
	for i := range 20 {
		if ok, first := b.take(); !ok || first {
			t.Fatalf("request %d of the burst: %v, %v", i, ok, first)
		}
	}
	now = now.Add(time.Second) // ten more
	for i := range 10 {
		if ok, _ := b.take(); !ok {
			t.Fatalf("request %d after a second refused", i)
		}
	}
	if ok, first := b.take(); ok || !first {
		t.Fatalf("the request over the budget: %v, %v; want false, first", ok, first)
	}
	now = now.Add(time.Minute)
	if ok, first := b.take(); ok || first {
		t.Fatalf("after the cut: %v, %v; want false, not first", ok, first)
	}
}

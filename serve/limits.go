package serve

import (
	"net"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// connLimiter counts open connections per IP address and refills a token
// bucket per address for new ones. It runs before the SSH handshake, so a
// flood costs a map lookup, not a key exchange. (wish's ratelimiter
// middleware runs after authentication and needs golang.org/x/time, which
// is not a dependency here; a bucket is a few lines.)
type connLimiter struct {
	perIP int
	max   int     // connections in all: twice the session limit
	rate  float64 // tokens per second
	burst float64

	mu      sync.Mutex
	byIP    map[string]*ipState
	total   int
	lastGC  time.Time
	nowFunc func() time.Time
}

type ipState struct {
	open   int
	tokens float64
	last   time.Time
}

func newConnLimiter(l Limits) *connLimiter {
	return &connLimiter{
		perIP:   l.ConnsPerIP,
		max:     2 * l.MaxSessions,
		rate:    l.ConnRate,
		burst:   float64(l.ConnBurst),
		byIP:    map[string]*ipState{},
		nowFunc: time.Now,
	}
}

// acquire takes a connection slot for ip; "" means it may proceed, else why not.
func (c *connLimiter) acquire(ip string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.nowFunc()
	c.gc(now)
	st := c.byIP[ip]
	if st == nil {
		st = &ipState{tokens: c.burst, last: now}
		c.byIP[ip] = st
	}
	st.tokens = min(c.burst, st.tokens+now.Sub(st.last).Seconds()*c.rate)
	st.last = now
	if st.open >= c.perIP {
		return "too many connections from this address"
	}
	if c.total >= c.max {
		return "too many connections"
	}
	if st.tokens < 1 {
		return "connection rate limit"
	}
	st.tokens--
	st.open++
	c.total++
	return ""
}

// release gives back a slot taken by acquire.
func (c *connLimiter) release(ip string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.byIP[ip]; st != nil && st.open > 0 {
		st.open--
		c.total--
	}
}

// open is the number of connections open now.
func (c *connLimiter) open() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}

// gc forgets addresses with no connection whose bucket is full again, at
// most once a minute, so the map does not grow with every address ever seen.
func (c *connLimiter) gc(now time.Time) {
	if now.Sub(c.lastGC) < time.Minute {
		return
	}
	c.lastGC = now
	for ip, st := range c.byIP {
		if st.open == 0 && st.tokens+now.Sub(st.last).Seconds()*c.rate >= c.burst {
			delete(c.byIP, ip)
		}
	}
}

// requestBudget bounds the requests one connection sends: a token bucket
// refilled at Limits.RequestRate per second, holding twice that.
type requestBudget struct {
	rate, burst float64
	now         func() time.Time

	mu     sync.Mutex
	tokens float64
	last   time.Time
	spent  bool // the budget ran out once: the connection is being cut
}

func newRequestBudget(l Limits) *requestBudget {
	return &requestBudget{rate: l.RequestRate, burst: 2 * l.RequestRate, tokens: 2 * l.RequestRate,
		now: time.Now, last: time.Now()}
}

// take spends a token for one request. It returns false once the bucket
// is empty, and first reports true in overrun.
func (b *requestBudget) take() (ok, first bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.spent {
		return false, false
	}
	now := b.now()
	b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	if b.tokens < 1 {
		b.spent = true
		return false, true
	}
	b.tokens--
	return true, false
}

// sessionCounter counts sessions per identity and in all.
type sessionCounter struct {
	perKey, max int

	mu    sync.Mutex
	byKey map[string]int
	n     int
}

func newSessionCounter(l Limits) *sessionCounter {
	return &sessionCounter{perKey: l.SessionsPerKey, max: l.MaxSessions, byKey: map[string]int{}}
}

// acquire takes a session slot for key; "" means it may proceed, else why not.
func (c *sessionCounter) acquire(key string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.n >= c.max:
		return "the server is full"
	case c.byKey[key] >= c.perKey:
		return "too many sessions for this key"
	}
	c.byKey[key]++
	c.n++
	return ""
}

// release gives back a slot; it reports whether no session is left.
func (c *sessionCounter) release(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byKey[key] > 0 {
		c.byKey[key]--
		c.n--
		if c.byKey[key] == 0 {
			delete(c.byKey, key)
		}
	}
	return c.n == 0
}

func (c *sessionCounter) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// limitedChannel wraps a new session channel so that its requests pass
// through a requestFilter before charm.land/ssh sees them.
type limitedChannel struct {
	gossh.NewChannel
	filter requestFilter
}

// Accept accepts the channel and filters its requests.
func (c limitedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go c.filter.run(reqs, out)
	return ch, out, nil
}

// maxTermLen caps the TERM name of a pty request.
const maxTermLen = 64

// agentRequest asks for agent forwarding (OpenSSH's extension).
const agentRequest = "auth-agent-req@openssh.com"

// requestFilter stands between a session channel's requests and
// charm.land/ssh. It clamps the terminal size of pty-req and window-change
// requests before anything allocates for them (a 5000x1000 screen costs
// about 1 GB in the renderer), refuses environment variables past the cap,
// and answers itself what the server does not serve (signals, agent
// forwarding). Window changes go to the channel's windowBox, never to
// charm.land/ssh (see channel.go): nothing the filter forwards can make it
// wait, so the connection's packets keep flowing whatever the client sends.
type requestFilter struct {
	limits Limits
	sizes  *windowBox
	// clamped is told when a requested size was cut down; refused, when a
	// request was answered no. spend takes each request from the
	// connection's budget; when it says no, the connection is being cut
	// and the request is answered no. Any may be nil.
	clamped func(kind string, cols, rows, w, h uint32)
	refused func(kind string)
	spend   func() bool
	// exec is told of an exec request before it is passed on.
	exec func()
}

// run filters in into out until in is closed (the channel or its
// connection closed), then closes out.
func (f requestFilter) run(in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	env := 0
	no := func(req *gossh.Request) {
		if req.WantReply {
			_ = req.Reply(false, nil)
		}
	}
	for req := range in {
		if f.spend != nil && !f.spend() {
			no(req)
			continue
		}
		switch req.Type {
		case "env":
			env++
			if env > f.limits.MaxEnv {
				no(req)
				continue
			}
		case "pty-req":
			var p ptyRequest
			if gossh.Unmarshal(req.Payload, &p) != nil {
				no(req)
				continue
			}
			cols, rows := p.Cols, p.Rows
			p.Cols, p.Rows = clampSize(p.Cols, p.Rows, f.limits)
			if f.clamped != nil && (cols != p.Cols || rows != p.Rows) {
				f.clamped(req.Type, cols, rows, p.Cols, p.Rows)
			}
			p.WidthPx, p.HeightPx = min(p.WidthPx, maxPixels), min(p.HeightPx, maxPixels)
			if len(p.Term) > maxTermLen {
				p.Term = p.Term[:maxTermLen]
			}
			req.Payload = gossh.Marshal(p)
		case "window-change":
			var w windowChange
			if gossh.Unmarshal(req.Payload, &w) != nil {
				no(req)
				continue
			}
			cols, rows := clampSize(w.Cols, w.Rows, f.limits)
			if f.clamped != nil && (cols != w.Cols || rows != w.Rows) {
				f.clamped(req.Type, w.Cols, w.Rows, cols, rows)
			}
			f.sizes.put(int(cols), int(rows))
			if req.WantReply {
				_ = req.Reply(true, nil)
			}
			continue
		case "exec":
			if f.exec != nil {
				f.exec()
			}
		case "signal", agentRequest:
			// No process runs to take a signal (charm.land/ssh would
			// keep it unanswered), and agent forwarding is refused.
			if f.refused != nil {
				f.refused(req.Type)
			}
			no(req)
			continue
		}
		out <- req
	}
}

// maxPixels caps the pixel size of a window (it is not used for drawing).
const maxPixels = 1 << 14

// ptyRequest is the payload of "pty-req" (RFC 4254 6.2).
type ptyRequest struct {
	Term     string
	Cols     uint32
	Rows     uint32
	WidthPx  uint32
	HeightPx uint32
	Modes    string
}

// windowChange is the payload of "window-change" (RFC 4254 6.7).
type windowChange struct {
	Cols     uint32
	Rows     uint32
	WidthPx  uint32
	HeightPx uint32
}

// Sizes given to a terminal that reports none (ssh -tt from a pipe sends 0x0).
const defaultCols, defaultRows = 80, 24

// clampSize bounds a terminal size to the limits; 0 (unknown) becomes 80x24.
func clampSize(cols, rows uint32, l Limits) (uint32, uint32) {
	if cols == 0 {
		cols = defaultCols
	}
	if rows == 0 {
		rows = defaultRows
	}
	return min(cols, uint32(l.MaxWidth)), min(rows, uint32(l.MaxHeight))
}

// clampInts is clampSize for sizes already in ints (the filter of the
// program, for sizes the terminal reports in-band).
func clampInts(w, h int, l Limits) (int, int) {
	return max(0, min(w, l.MaxWidth)), max(0, min(h, l.MaxHeight))
}

// ipOf is the IP address of addr, or its string when it has none.
func ipOf(addr net.Addr) string {
	if t, ok := addr.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	if addr == nil {
		return "unknown"
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return host
}

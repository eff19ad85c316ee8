package serve

import (
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// trackedConn is a connection that holds a slot of the connection limiter
// and logs its end once.
type trackedConn struct {
	net.Conn
	s     *Server
	ip    string
	start time.Time
	fp    atomic.Pointer[string] // set when a session learns who this is
	once  sync.Once
	// log is the connection's logger: every event of the connection and
	// its sessions goes through it, rate limited (connlog.go).
	log   *slog.Logger
	limit *logLimit
	// requests is the budget of the requests of the connection and its
	// channels.
	requests *requestBudget
}

// Close releases the slot and logs the disconnect, once.
func (c *trackedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.s.conns.release(c.ip)
		fp := ""
		if p := c.fp.Load(); p != nil {
			fp = *p
		}
		attrs := []any{"event", "disconnect", "ip", c.ip, "fingerprint", fp,
			"duration", time.Since(c.start).Round(time.Millisecond).String()}
		if n := c.limit.suppressed(); n > 0 {
			attrs = append(attrs, "suppressed", n)
		}
		c.log.Info("disconnect", attrs...)
	})
	return err
}

// connKey finds the trackedConn of a session's connection.
type connKey struct{}

// spend takes one request of the connection ctx belongs to from its
// budget. The first request over it logs "flood" and cuts the connection:
// no client sends requests that fast, and each costs a decryption (and a
// window change, a redraw).
func (s *Server) spend(ctx ssh.Context) bool {
	tc, ok := ctx.Value(connKey{}).(*trackedConn)
	if !ok {
		return true
	}
	ok, first := tc.requests.take()
	if first {
		fp := ""
		if p := tc.fp.Load(); p != nil {
			fp = *p
		}
		tc.log.Warn("connection cut: too many requests", "event", "flood", "ip", tc.ip, "fingerprint", fp,
			"rate", s.limits.RequestRate)
		if c, ok := ctx.Value(ssh.ContextKeyConn).(io.Closer); ok {
			_ = c.Close()
		}
	}
	return ok
}

// globalRequest answers a connection's global requests (keepalives, port
// forwarding): no, each taken from the connection's budget.
func (s *Server) globalRequest(ctx ssh.Context, _ *ssh.Server, _ *gossh.Request) (bool, []byte) {
	s.spend(ctx)
	return false, nil
}

// connLog is the logger of the connection ctx belongs to.
func (s *Server) connLog(ctx ssh.Context) *slog.Logger {
	if tc, ok := ctx.Value(connKey{}).(*trackedConn); ok {
		return tc.log
	}
	return s.log
}

// acceptConn runs before the handshake: connection count and rate per IP.
// Behind a balancer (Config.ProxyProtocol) the PROXY header is read first,
// so that the limits count the reader's address.
func (s *Server) acceptConn(ctx ssh.Context, conn net.Conn) net.Conn {
	var via []any
	if s.cfg.ProxyProtocol {
		// The header comes before the address it names can be counted:
		// connections still waiting for theirs are bounded in all.
		pending := s.proxyPending.Add(1)
		var pc *proxiedConn
		why := "too many connections waiting for a PROXY header"
		if pending <= int64(2*s.limits.MaxSessions) {
			if s.testHooks.proxyWaiting != nil {
				s.testHooks.proxyWaiting()
			}
			pc, why = readProxyHeader(conn, s.limits.HandshakeTimeout, s.cfg.ProxyFrom)
		}
		s.proxyPending.Add(-1)
		if pc == nil {
			s.log.Warn("connection refused", "event", "refused", "ip", ipOf(conn.RemoteAddr()), "reason", why)
			return nil
		}
		via = []any{"via", ipOf(pc.balancer)}
		conn = pc
	}
	ip := ipOf(conn.RemoteAddr())
	if why := s.conns.acquire(ip); why != "" {
		s.log.Warn("connection refused", append([]any{"event", "refused", "ip", ip, "reason", why}, via...)...)
		return nil
	}
	limit := newLogLimit()
	tc := &trackedConn{Conn: conn, s: s, ip: ip, start: time.Now(), log: connLogger(s.log, limit), limit: limit,
		requests: newRequestBudget(s.limits)}
	tc.log.Info("connect", append([]any{"event", "connect", "ip", ip}, via...)...)
	ctx.SetValue(connKey{}, tc)
	return tc
}

// connFailed logs a handshake that did not end in an authenticated
// connection (a refused key, a timeout, a client that gave up).
func (s *Server) connFailed(conn net.Conn, err error) {
	s.log.Warn("handshake failed", "event", "handshake_failed", "ip", ipOf(conn.RemoteAddr()), "reason", err.Error())
}

// sessionChannel opens a session channel if the key and the server have a
// slot left, and filters its requests (terminal size, environment).
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	ip := ipOf(conn.RemoteAddr())
	key, fp := "anonymous@"+ip, ""
	if k, ok := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey); ok && k != nil {
		fp = gossh.FingerprintSHA256(k)
		key = fp
	}
	log := s.connLog(ctx)
	refuse := func(why string) {
		log.Warn("session refused", "event", "session_refused", "ip", ip, "fingerprint", fp, "reason", why)
		_ = newChan.Reject(gossh.ResourceShortage, "briefing: "+why)
	}
	if why := s.sessions.acquire(key); why != "" {
		refuse(why)
		return
	}
	row := ""
	if s.shared != nil {
		id, why := s.shared.acquire(key)
		if why != "" {
			s.sessions.release(key)
			refuse(why)
			return
		}
		row = id
	}
	defer func() {
		if row != "" {
			s.shared.release(row)
		}
		if s.sessions.release(key) {
			s.noteIdle()
		}
		if s.testHooks.released != nil {
			s.testHooks.released(key)
		}
	}()
	clamped := func(kind string, cols, rows, w, h uint32) {
		log.Warn("terminal size clamped", "event", "size_clamped", "fingerprint", fp, "ip", ip,
			"request", kind, "requested_width", cols, "requested_height", rows, "width", w, "height", h)
	}
	refused := func(kind string) {
		log.Warn("request refused", "event", "request_refused", "fingerprint", fp, "ip", ip, "request", kind)
	}
	st := &channelState{sizes: newWindowBox()}
	filter := requestFilter{limits: s.limits, sizes: st.sizes, clamped: clamped, refused: refused,
		spend: func() bool { return s.spend(ctx) }, exec: func() { st.exec.Store(true) }}
	ssh.DefaultSessionHandler(srv, conn, limitedChannel{NewChannel: newChan, filter: filter}, channelContext{Context: ctx, state: st})
}

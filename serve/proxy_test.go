package serve

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// proxyV1 is the text header a balancer sends for a TCP4 reader.
func proxyV1(src string, srcPort int) []byte {
	return fmt.Appendf(nil, "PROXY TCP4 %s 127.0.0.1 %d 2222\r\n", src, srcPort)
}

// proxyV2 is the binary header a balancer sends for a TCP reader at src
// (IPv4 or IPv6), written out field by field as the specification lays it.
func proxyV2(src netip.Addr, srcPort uint16) []byte {
	var b bytes.Buffer
	b.WriteString("\r\n\r\n\x00\r\nQUIT\n")
	b.WriteByte(0x21) // version 2, PROXY
	dst := netip.MustParseAddr("127.0.0.1")
	if src.Is6() {
		dst = netip.IPv6Loopback()
	}
	addrs := append(src.AsSlice(), dst.AsSlice()...)
	addrs = binary.BigEndian.AppendUint16(addrs, srcPort)
	addrs = binary.BigEndian.AppendUint16(addrs, 2222)
	if src.Is6() {
		b.WriteByte(0x21) // TCP over IPv6
	} else {
		b.WriteByte(0x11) // TCP over IPv4
	}
	_ = binary.Write(&b, binary.BigEndian, uint16(len(addrs)))
	b.Write(addrs)
	return b.Bytes()
}

// dialProxied connects to addr, writes header before anything else, then
// runs the SSH handshake over the same connection.
func dialProxied(t *testing.T, addr string, header []byte, cfg *gossh.ClientConfig) (*gossh.Client, error) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, eventLimit)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write(header); err != nil {
		_ = c.Close()
		return nil, err
	}
	_ = c.SetDeadline(time.Now().Add(eventLimit))
	sc, chans, reqs, err := gossh.NewClientConn(c, addr, cfg)
	if err != nil {
		_ = c.Close()
		return nil, err
	}
	_ = c.SetDeadline(time.Time{})
	cl := gossh.NewClient(sc, chans, reqs)
	t.Cleanup(func() { _ = cl.Close() })
	return cl, nil
}

// logEvents are the server's log lines of event, decoded.
func logEvents(t *testing.T, log string, event string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.Lines(log) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if m["event"] == event {
			out = append(out, m)
		}
	}
	return out
}

// hasEvent reports whether a line of event has every field of want.
func hasEvent(t *testing.T, log, event string, want map[string]string) bool {
	t.Helper()
	for _, m := range logEvents(t, log, event) {
		ok := true
		for k, v := range want {
			if s, _ := m[k].(string); !strings.Contains(s, v) {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Behind a balancer, a reader is known by the address in the PROXY header
// (v1 or v2): the connection limit of one address applies to it, not to
// the balancer, and the log names it.
func TestProxyHeaderGivesReaderAddress(t *testing.T) {
	t.Parallel()
	key := newKey(t)
	ts := startServer(t, []gossh.Signer{key}, func(c *Config) {
		c.ProxyProtocol = true
		c.Limits.ConnsPerIP = 1
	})
	cfg := clientConfig(gossh.PublicKeys(key))

	headers := []struct {
		name   string
		header []byte
		ip     string
	}{
		{"v1", proxyV1("203.0.113.7", 40001), "203.0.113.7"},
		{"v2 IPv4", proxyV2(netip.MustParseAddr("198.51.100.9"), 40002), "198.51.100.9"},
		{"v2 IPv6", proxyV2(netip.MustParseAddr("2001:db8::5"), 40003), "2001:db8::5"},
	}
	for _, h := range headers {
		c, err := dialProxied(t, ts.addr, h.header, cfg)
		if err != nil {
			t.Fatalf("%s: %v", h.name, err)
		}
		// A session works over it, as over any connection.
		r := runCommand(t, c, "notes list", false)
		if r.err != nil {
			t.Fatalf("%s: notes list: %v (%s)", h.name, r.err, r.stderr)
		}
		if !hasEvent(t, ts.log.String(), "connect", map[string]string{"ip": h.ip, "via": "127.0.0.1"}) {
			t.Fatalf("%s: no connect line with ip %s via 127.0.0.1:\n%s", h.name, h.ip, ts.log.String())
		}
	}
	// Each address holds one connection (ConnsPerIP 1), so a second one
	// from the first reader is refused, although all come from 127.0.0.1.
	if _, err := dialProxied(t, ts.addr, proxyV1("203.0.113.7", 40010), cfg); err == nil {
		t.Fatal("a second connection from 203.0.113.7 got in past ConnsPerIP 1")
	}
	if !hasEvent(t, ts.log.String(), "refused", map[string]string{"ip": "203.0.113.7", "reason": "too many connections from this address"}) {
		t.Fatalf("no refusal logged for 203.0.113.7:\n%s", ts.log.String())
	}
	if _, err := dialProxied(t, ts.addr, proxyV1("203.0.113.8", 40011), cfg); err != nil {
		t.Fatalf("another reader behind the same balancer: %v", err)
	}
}

// With the flag on, a connection that did not come through the balancer
// (no header, or a broken one) is refused before the SSH handshake.
func TestProxyHeaderMissingOrBadIsRefused(t *testing.T) {
	t.Parallel()
	key := newKey(t)
	ts := startServer(t, []gossh.Signer{key}, func(c *Config) { c.ProxyProtocol = true })
	cfg := clientConfig(gossh.PublicKeys(key))

	if c, err := gossh.Dial("tcp", ts.addr, cfg); err == nil {
		_ = c.Close()
		t.Fatal("a direct SSH connection without a PROXY header got in")
	}
	if !hasEvent(t, ts.log.String(), "refused", map[string]string{"ip": "127.0.0.1", "reason": "no PROXY header"}) {
		t.Fatalf("no refusal logged for the missing header:\n%s", ts.log.String())
	}
	bad := map[string][]byte{
		"v1 garbage address": []byte("PROXY TCP4 not.an.ip 127.0.0.1 1 2\r\n"),
		"v1 without CRLF":    append([]byte("PROXY TCP4 203.0.113.7 127.0.0.1 1 2"), bytes.Repeat([]byte("x"), 200)...),
		"v2 bad length":      append([]byte("\r\n\r\n\x00\r\nQUIT\n\x21\x11\x00\x02"), 1, 2),
		"v2 bad version":     []byte("\r\n\r\n\x00\r\nQUIT\n\x31\x11\x00\x0c0123456789ab"),
	}
	for name, h := range bad {
		if c, err := dialProxied(t, ts.addr, h, cfg); err == nil {
			_ = c.Close()
			t.Fatalf("%s: got in", name)
		}
	}
	if n := len(logEvents(t, ts.log.String(), "refused")); n != 1+len(bad) {
		t.Fatalf("%d refusals logged, want %d:\n%s", n, 1+len(bad), ts.log.String())
	}
	if n := len(logEvents(t, ts.log.String(), "connect")); n != 0 {
		t.Fatalf("%d connections were let in", n)
	}
}

// A header that never arrives costs only its own connection: while one
// client sits silent, another gets in at once; and the silent one is cut
// when the handshake time is up.
func TestProxyHeaderSlowDoesNotStall(t *testing.T) {
	key := newKey(t)
	cfg := clientConfig(gossh.PublicKeys(key))

	// A long handshake time: the silent client outlasts the test unless
	// the accept loop goes on without it.
	ts := startServer(t, []gossh.Signer{key}, func(c *Config) {
		c.ProxyProtocol = true
		c.Limits.HandshakeTimeout = time.Hour
	})
	silent, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	half := halfV2(t)
	if _, err := silent.Write(half); err != nil {
		t.Fatal(err)
	}
	if _, err := dialProxied(t, ts.addr, proxyV1("203.0.113.9", 40020), cfg); err != nil {
		t.Fatalf("a reader behind a silent one: %v", err)
	}

	// A short one: the silent client is cut and the refusal logged.
	short := startServer(t, []gossh.Signer{key}, func(c *Config) {
		c.ProxyProtocol = true
		c.Limits.HandshakeTimeout = 200 * time.Millisecond
	})
	slow, err := net.Dial("tcp", short.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	if _, err := slow.Write(half); err != nil {
		t.Fatal(err)
	}
	_ = slow.SetReadDeadline(time.Now().Add(eventLimit))
	if _, err := io.ReadAll(slow); err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatal("the server kept a connection whose header never came")
		}
	}
	if !hasEvent(t, short.log.String(), "refused", map[string]string{"reason": "no PROXY header within 200ms"}) {
		t.Fatalf("no timeout logged:\n%s", short.log.String())
	}
}

// halfV2 is the first part of a v2 header: the parser waits for the rest
// (a v1 line cut short is refused at once: go-proxyproto wants it whole).
func halfV2(t *testing.T) []byte {
	h := proxyV2(netip.MustParseAddr("203.0.113.10"), 40021)
	if len(h) != 28 {
		t.Fatalf("v2 header of %d bytes, want 28", len(h))
	}
	return h[:20]
}

// With --proxy-from, only the balancers' addresses may connect at all: a
// header from anywhere else could name any reader it liked.
func TestProxyFromRefusesOtherPeers(t *testing.T) {
	t.Parallel()
	key := newKey(t)
	cfg := clientConfig(gossh.PublicKeys(key))
	elsewhere, err := ParseProxyFrom([]string{"192.0.2.0/24", "2001:db8::1"})
	if err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, []gossh.Signer{key}, func(c *Config) {
		c.ProxyProtocol = true
		c.ProxyFrom = elsewhere
	})
	if _, err := dialProxied(t, ts.addr, proxyV1("203.0.113.7", 40030), cfg); err == nil {
		t.Fatal("a peer outside --proxy-from got in")
	}
	if !hasEvent(t, ts.log.String(), "refused", map[string]string{"ip": "127.0.0.1", "reason": "not a trusted balancer"}) {
		t.Fatalf("no refusal logged:\n%s", ts.log.String())
	}

	loopback, err := ParseProxyFrom([]string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	ok := startServer(t, []gossh.Signer{key}, func(c *Config) {
		c.ProxyProtocol = true
		c.ProxyFrom = loopback
	})
	if _, err := dialProxied(t, ok.addr, proxyV1("203.0.113.7", 40031), cfg); err != nil {
		t.Fatalf("the trusted balancer: %v", err)
	}
}

func TestParseProxyFrom(t *testing.T) {
	t.Parallel()
	got, err := ParseProxyFrom([]string{"10.0.0.5", "10.1.2.3/16", "fd00::/8", ""})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[10.0.0.5/32 10.1.0.0/16 fd00::/8]" {
		t.Fatalf("parsed %v", got)
	}
	for _, bad := range []string{"10.0.0", "host.example", "10.0.0.0/33"} {
		if _, err := ParseProxyFrom([]string{bad}); err == nil {
			t.Fatalf("%q accepted", bad)
		}
	}
}

// Connections waiting for their header are bounded in all (twice the
// session limit, as connections are): the address they will name cannot
// be counted before it arrives.
func TestProxyHeaderWaitsBounded(t *testing.T) {
	t.Parallel()
	key := newKey(t)
	waiting := make(chan struct{}, 4)
	ts := startServerHooked(t, []gossh.Signer{key}, func(c *Config) {
		c.ProxyProtocol = true
		c.Limits.HandshakeTimeout = time.Hour
		c.Limits.MaxSessions = 1 // two connections waiting at most
	}, func(s *Server) { s.testHooks.proxyWaiting = func() { waiting <- struct{}{} } })
	for range 2 {
		c, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		select {
		case <-waiting:
		case <-time.After(eventLimit):
			t.Fatal("the server never started reading a header")
		}
	}
	if _, err := dialProxied(t, ts.addr, proxyV1("203.0.113.7", 40040), clientConfig(gossh.PublicKeys(key))); err == nil {
		t.Fatal("a third connection got in while two waited for their headers")
	}
	if !hasEvent(t, ts.log.String(), "refused", map[string]string{"reason": "too many connections waiting for a PROXY header"}) {
		t.Fatalf("no refusal logged:\n%s", ts.log.String())
	}
}

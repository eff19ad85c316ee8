package serve

import (
	"bufio"
	"errors"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/pires/go-proxyproto"
)

// Behind a TCP load balancer every connection comes from the balancer's
// address, so the per-address limits would count everyone as one reader
// and the log would name nobody. With Config.ProxyProtocol the balancer
// sends a PROXY protocol header (v1 text or v2 binary) before the SSH
// banner, naming the reader's address; the server reads it before
// anything else and from then on the connection's remote address is the
// reader's. A connection without a valid header is refused: were it
// accepted, a client that connects around the balancer would be counted
// under whatever address it liked. go-proxyproto parses the header (both
// versions, the v1 length bound, v2's address families and TLVs); the
// reading is done here, in the connection's own goroutine and under a
// deadline, so that a client that sends half a header holds only its own
// connection and the accept loop never waits for it.

// proxiedConn is a connection whose PROXY header has been read: reads go
// through the reader that holds what followed the header, and RemoteAddr
// is the address the header gave.
type proxiedConn struct {
	net.Conn
	r      *bufio.Reader
	remote net.Addr
	// balancer is the address the connection really came from; it is
	// logged as "via".
	balancer net.Addr
}

// Read reads what followed the header. bufio.Reader reads straight into p
// once its buffer is empty, so this costs no copy after the first bytes.
func (c *proxiedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// RemoteAddr is the reader's address, from the header.
func (c *proxiedConn) RemoteAddr() net.Addr { return c.remote }

// proxyBufferSize holds a whole v1 header (107 bytes at most), which
// go-proxyproto requires, and a v2 header with a few TLVs.
const proxyBufferSize = 256

// readProxyHeader reads the PROXY header at the start of conn, giving up
// after timeout. It returns the connection to use from then on, or why it
// must be refused. A LOCAL header (a balancer's own health check) or a v1
// UNKNOWN one names no reader: the connection keeps its own address.
func readProxyHeader(conn net.Conn, timeout time.Duration, trusted []netip.Prefix) (*proxiedConn, string) {
	if len(trusted) > 0 && !trustedPeer(conn.RemoteAddr(), trusted) {
		return nil, "not a trusted balancer (--proxy-from)"
	}
	if err := conn.SetReadDeadline(time.Now().Add(timeout)); err != nil {
		return nil, "PROXY header: " + err.Error()
	}
	r := bufio.NewReaderSize(conn, proxyBufferSize)
	h, err := proxyproto.Read(r)
	if err == nil {
		err = conn.SetReadDeadline(time.Time{})
	}
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return nil, "no PROXY header within " + timeout.String()
	case errors.Is(err, proxyproto.ErrNoProxyProtocol):
		return nil, "no PROXY header (the connection did not come through the balancer)"
	case err != nil:
		return nil, "bad PROXY header: " + err.Error()
	}
	pc := &proxiedConn{Conn: conn, r: r, remote: conn.RemoteAddr(), balancer: conn.RemoteAddr()}
	if h.Command.IsProxy() && h.SourceAddr != nil {
		pc.remote = h.SourceAddr
	}
	return pc, ""
}

// trustedPeer reports whether addr is inside one of the prefixes.
func trustedPeer(addr net.Addr, trusted []netip.Prefix) bool {
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return false
	}
	ip := ap.Addr().Unmap()
	for _, p := range trusted {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// ParseProxyFrom parses a comma-separated list of addresses and CIDR
// prefixes (10.0.0.5, 10.0.0.0/24, fd00::/8) for Config.ProxyFrom.
func ParseProxyFrom(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, errors.New("--proxy-from: " + s + " is neither an address nor a CIDR prefix")
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

package serve

import (
	"bytes"
	"net"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// hostKeyOf is the host key the server at addr presents.
func hostKeyOf(t *testing.T, addr string, key gossh.Signer) gossh.PublicKey {
	t.Helper()
	var got gossh.PublicKey
	cfg := clientConfig(gossh.PublicKeys(key))
	cfg.HostKeyCallback = func(_ string, _ net.Addr, k gossh.PublicKey) error {
		got = k
		return nil
	}
	dial(t, addr, cfg)
	return got
}

// Servers behind one balancer share one host key file, so a reader's
// known_hosts accepts whichever server the balancer picks.
func TestServersShareHostKey(t *testing.T) {
	t.Parallel()
	key := newKey(t)
	shared := t.TempDir() + "/ssh_host_ed25519_key"
	withKey := func(c *Config) { c.HostKeyPath = shared }
	a := startServer(t, []gossh.Signer{key}, withKey)
	b := startServer(t, []gossh.Signer{key}, withKey)
	other := startServer(t, []gossh.Signer{key}, nil)
	ka, kb := hostKeyOf(t, a.addr, key), hostKeyOf(t, b.addr, key)
	if !bytes.Equal(ka.Marshal(), kb.Marshal()) {
		t.Fatalf("two servers given one host key file present %s and %s", gossh.FingerprintSHA256(ka), gossh.FingerprintSHA256(kb))
	}
	if ko := hostKeyOf(t, other.addr, key); bytes.Equal(ko.Marshal(), ka.Marshal()) {
		t.Fatal("a server with its own data folder presents the shared key")
	}
}

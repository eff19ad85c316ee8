package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// authorizedKeys is the allow-list read from an authorized_keys file. It is
// read again when the file changes, so keys can be added without a restart.
// A malformed line is logged with its number and skipped: it does not lock
// out the keys after it (wish's own WithAuthorizedKeys stops at the first
// bad line).
type authorizedKeys struct {
	path string
	log  *slog.Logger

	mu    sync.Mutex
	mtime time.Time
	size  int64
	keys  map[string]struct{} // wire form of each allowed key
	names map[string]string   // wire form -> the line's comment, when it has one
}

// loadAuthorizedKeys reads path; it fails only when the file cannot be read.
func loadAuthorizedKeys(path string, log *slog.Logger) (*authorizedKeys, error) {
	a := &authorizedKeys{path: path, log: log}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("authorized keys: %w", err)
	}
	if err := a.reload(fi); err != nil {
		return nil, fmt.Errorf("authorized keys: %w", err)
	}
	if len(a.keys) == 0 {
		log.Warn("no usable key in the authorized keys file: only anonymous sessions (if allowed) can get in",
			"event", "authorized_keys_empty", "path", path)
	}
	return a, nil
}

// reload parses the file; the caller holds mu or owns a.
func (a *authorizedKeys) reload(fi os.FileInfo) error {
	data, err := os.ReadFile(a.path)
	if err != nil {
		return err
	}
	keys, problems := parseAuthorizedKeys(data)
	for _, p := range problems {
		a.log.Warn("authorized keys: line skipped", "event", "authorized_keys_line",
			"path", a.path, "line", p.line, "problem", p.why)
	}
	a.keys, a.mtime, a.size = keys, fi.ModTime(), fi.Size()
	a.names = keyComments(data)
	a.log.Info("authorized keys loaded", "event", "authorized_keys", "path", a.path,
		"keys", len(keys), "skipped", len(problems))
	return nil
}

// lineProblem is a line of an authorized_keys file that was skipped.
type lineProblem struct {
	line int
	why  string
}

// parseAuthorizedKeys returns the keys of an authorized_keys file and the
// lines it skipped. Options (from="…", command="…") are ignored: the server
// never runs commands. cert-authority lines are skipped: certificates are
// not supported, and accepting the CA's key as a person would be wrong.
func parseAuthorizedKeys(data []byte) (map[string]struct{}, []lineProblem) {
	keys := map[string]struct{}{}
	var problems []lineProblem
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, _, options, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			problems = append(problems, lineProblem{n, "not a public key: " + err.Error()})
			continue
		}
		if hasOption(options, "cert-authority") {
			problems = append(problems, lineProblem{n, "cert-authority keys are not supported"})
			continue
		}
		keys[string(key.Marshal())] = struct{}{}
	}
	if err := sc.Err(); err != nil {
		problems = append(problems, lineProblem{n + 1, err.Error()})
	}
	return keys, problems
}

func hasOption(options []string, name string) bool {
	for _, o := range options {
		if o == name {
			return true
		}
	}
	return false
}

// allowed reports whether key is in the file, reading it again first when it
// changed. A file that became unreadable keeps the last good list.
func (a *authorizedKeys) allowed(key ssh.PublicKey) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if fi, err := os.Stat(a.path); err == nil && (!fi.ModTime().Equal(a.mtime) || fi.Size() != a.size) {
		if err := a.reload(fi); err != nil {
			a.log.Warn("authorized keys: cannot read, keeping the last list", "event", "authorized_keys_error", "err", err.Error())
		}
	}
	_, ok := a.keys[string(key.Marshal())]
	return ok
}

// publicKeyAuth decides on one offered key. It is called both for keys a
// client only offers and for keys it proves; identity is never taken from
// here but from the session after authentication (see identity).
func (s *Server) publicKeyAuth(_ ssh.Context, key ssh.PublicKey) bool {
	if s.cfg.AllowAnyKey {
		return true
	}
	return s.keys.allowed(key)
}

// anonymousAuth admits people without an accepted key (--allow-anonymous),
// telling them what they get. No question is asked: there is no password.
func anonymousAuth(_ ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
	_, err := challenge("", "briefing: anonymous session, read-only: no notes are kept.", nil, nil)
	return err == nil
}

// identity is who the session belongs to: the SHA256 fingerprint of the key
// the client authenticated with. charm.land/ssh stores the key in the
// connection's permissions only when its signature was verified (the
// permissions of the method that succeeded), so a key that was merely
// offered, or offered before another one was proven, never becomes the
// identity. Sessions without a key (keyboard-interactive) are anonymous.
func identity(sess ssh.Session) (fingerprint string, anonymous bool) {
	if k := sess.PublicKey(); k != nil {
		return gossh.FingerprintSHA256(k), false
	}
	return "", true
}

// keyComments maps each key of an authorized_keys file that has a comment
// ("ana@example.org") to it: the name a briefing room shows for the key.
func keyComments(data []byte) map[string]string {
	names := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, comment, _, _, err := gossh.ParseAuthorizedKey(line)
		if err == nil && strings.TrimSpace(comment) != "" {
			names[string(key.Marshal())] = strings.TrimSpace(comment)
		}
	}
	return names
}

// name is the comment of key's line, or "" (the file is not read again:
// allowed, called first for every session, keeps it current).
func (a *authorizedKeys) name(key ssh.PublicKey) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.names[string(key.Marshal())]
}

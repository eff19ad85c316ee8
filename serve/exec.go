package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/ssh"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/model"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/search"
	"github.com/briefing-dev/briefing/ui"
)

// A reader of a served library takes their notes home with a command:
//
//	ssh -p 2222 host notes export --format md|json|csv [--query Q] > notes.md
//	ssh -p 2222 host notes list [--json] [--query Q]
//
// These two, for the authenticated key's own notes, are the only commands
// the server answers; every other one gets one line and exit status 1.
// Nothing is executed: the command line is split into words here and
// matched against that grammar, word by word. No flag names a file or a
// folder (no --data, --lib, -o, no PATH), so a client can neither read
// nor write anything on the server but its own notes, and a --query runs
// on the server's library.

// NoCommandLine is what a client that sent any other command is told.
const NoCommandLine = "briefing runs no commands but 'notes export --format md|json|csv' and 'notes list': to read, connect without one (ssh -p PORT HOST)"

// AnonymousExportLine is what an anonymous client is told when it asks for
// notes: it has none.
const AnonymousExportLine = "briefing: sign in with a key to export your notes (anonymous sessions keep none)"

// maxCommandLen bounds the command line looked at: a query may be 4 KiB
// (longer ones are refused by the parser anyway), the rest is a few words.
const maxCommandLen = 8 << 10

// execCommand is a command line that passed parseCommand.
type execCommand struct {
	name   string // "notes export" or "notes list"
	format string // notes.FormatMarkdown, FormatJSON or FormatCSV; "" for a plain list
	query  string
}

// parseCommand matches a command line against the only commands served.
// Its error is one line, safe to print: it quotes nothing of raw but a
// flag's name, and only once raw is known to hold no control character.
func parseCommand(raw string) (execCommand, error) {
	if len(raw) > maxCommandLen {
		return execCommand{}, fmt.Errorf("briefing: the command is longer than %s; nothing was run", byteSize(maxCommandLen))
	}
	if !utf8.ValidString(raw) {
		return execCommand{}, errors.New("briefing: the command is not UTF-8; nothing was run")
	}
	for _, r := range raw {
		if r == '\n' || r == '\t' || termsafe.Forbidden(r) {
			return execCommand{}, errors.New("briefing: the command holds control characters; nothing was run")
		}
	}
	words, err := splitWords(raw)
	if err != nil {
		return execCommand{}, err
	}
	if len(words) < 2 || words[0] != "notes" || (words[1] != "export" && words[1] != "list") {
		return execCommand{}, errors.New(NoCommandLine)
	}
	cmd := execCommand{name: "notes " + words[1]}
	allowed := "--format and --query"
	if words[1] == "export" {
		cmd.format = notes.FormatMarkdown
	} else {
		allowed = "--json and --query"
	}
	seen := map[string]bool{}
	for i := 2; i < len(words); i++ {
		name, value, hasValue := strings.Cut(words[i], "=")
		refuse := func(why string) (execCommand, error) {
			return execCommand{}, fmt.Errorf("briefing: %s: %s", cmd.name, why)
		}
		if !strings.HasPrefix(name, "--") {
			return refuse("no file or other argument is taken over SSH (only " + allowed + ")")
		}
		if seen[name] {
			return refuse(clip(name) + " is given twice")
		}
		seen[name] = true
		takesValue := name == "--query" || (name == "--format" && words[1] == "export")
		switch {
		case name == "--json" && words[1] == "list" && !hasValue:
			cmd.format = notes.FormatJSON
			continue
		case !takesValue:
			return refuse(clip(name) + " is not taken over SSH (only " + allowed + ")")
		case !hasValue:
			if i+1 == len(words) {
				return refuse(name + " needs a value")
			}
			i++
			value = words[i]
		}
		if name == "--query" {
			cmd.query = value
			continue
		}
		switch f := strings.ToLower(value); f {
		case "md", "markdown":
			cmd.format = notes.FormatMarkdown
		case notes.FormatJSON, notes.FormatCSV:
			cmd.format = f
		default:
			return refuse("unknown format " + clip(value) + " (want md, json or csv)")
		}
	}
	return cmd, nil
}

// clip cuts what a refusal quotes back to the client to 40 characters.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return "'" + s + "'"
	}
	r := []rune(s)
	return "'" + string(r[:40]) + "…'"
}

// splitWords splits a command line as a shell would split words without
// expanding anything: spaces separate, '…' and "…" quote (so a query of
// several words can be given as one). A backslash, whose meaning depends
// on the shell, and an open quote are refused.
func splitWords(raw string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range raw {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\\':
			return nil, errors.New("briefing: a backslash in the command is not understood; quote with ' or \" instead")
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, errors.New("briefing: a quote in the command is not closed")
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// registerExec counts a command's handler as running, so that Shutdown
// keeps the store open until it is done; false when shutting down.
func (s *Server) registerExec() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.handlers.Add(1)
	return true
}

// runExec answers a session that came with a command instead of a shell.
// It holds the session's slot like any session (sessionChannel took it),
// its output has the same stall timeout and it is cut at MaxSession.
func (s *Server) runExec(sess ssh.Session, fp string, anon bool, log *slog.Logger) {
	start := s.clock().Now()
	stalled := func() {
		log.Warn("command output stalled", "event", "stalled", "timeout", s.limits.StallTimeout.String())
		closeConn(sess)
	}
	stdout := newOutput(sess, s.limits.StallTimeout, stalled)
	stderr := newOutput(sess.Stderr(), s.limits.StallTimeout, stalled)
	fail := func(event, reason, line string) {
		// The command line is not logged: it may hold anything.
		log.Warn("command refused", "event", event, "reason", reason)
		_, _ = fmt.Fprintln(stderr, line)
		_ = sess.Exit(1)
	}
	cmd, err := parseCommand(sess.RawCommand())
	switch {
	case err != nil:
		fail("command_refused", "not served", err.Error())
		return
	case anon:
		fail("command_refused", "anonymous", AnonymousExportLine)
		return
	case !s.registerExec():
		fail("session_refused", "shutting down", "briefing: the server is shutting down")
		return
	}
	defer s.handlers.Done()

	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	go func() {
		select {
		case <-ctx.Done():
		case <-s.clock().After(s.limits.MaxSession):
			log.Warn("command cut: session limit", "event", "exec_cut", "limit", s.limits.MaxSession.String())
			cancel()
			closeConn(sess)
		}
	}()

	var buf bytes.Buffer
	n, err := s.notesOutput(ctx, &buf, cmd, fp)
	attrs := []any{"event", "exec", "command", cmd.name, "format", cmd.format, "filtered", cmd.query != ""}
	if err != nil {
		line := "briefing: " + cmd.name + ": " + err.Error()
		var qe queryError
		if !errors.As(err, &qe) {
			// A store's error may name the server's files: log it, say less.
			log.Warn("command failed", append(attrs, "status", 1, "err", err.Error())...)
			line = "briefing: " + cmd.name + ": the notes could not be read; try again later"
		} else {
			log.Info("command done", append(attrs, "status", 1, "reason", "query")...)
		}
		_, _ = fmt.Fprintln(stderr, line)
		_ = sess.Exit(1)
		return
	}
	written, werr := stdout.Write(buf.Bytes())
	if n == 0 && cmd.name == "notes list" && cmd.format == "" {
		_, _ = fmt.Fprintln(stderr, "no notes")
	}
	code := 0
	if werr != nil {
		code = 1
	}
	log.Info("command done", append(attrs, "notes", n, "bytes", written, "status", code,
		"duration", s.clock().Now().Sub(start).Round(time.Millisecond).String())...)
	_ = sess.Exit(code)
}

// queryError is a --query that does not parse: the client's own mistake,
// told to it as is.
type queryError struct{ msg string }

func (e queryError) Error() string { return e.msg }

// queryErrorLine is a query's error as `briefing notes list` says it,
// with the column it is at.
func queryErrorLine(src string, err error) string {
	var qe *search.QueryError
	if !errors.As(err, &qe) {
		return "query: " + termsafe.Line(err.Error())
	}
	pos := max(0, min(qe.Pos, len(src)))
	return fmt.Sprintf("query: col %d: %s", utf8.RuneCountInString(src[:pos])+1, termsafe.Line(qe.Msg))
}

// notesOutput writes owner's notes (those --query matches) as cmd asks and
// returns how many it wrote. The text goes through the same cleaning as a
// local export (ui.ExportNotes: termsafe, the CSV formula guard).
func (s *Server) notesOutput(ctx context.Context, w *bytes.Buffer, cmd execCommand, owner string) (int, error) {
	list, err := s.store.AllNotes(ctx, owner)
	if err != nil {
		return 0, err
	}
	lib := s.lib.Load()
	titles := make(map[string]string, lib.Len())
	for _, b := range lib.Briefs() {
		titles[b.ID] = b.Title
	}
	if strings.TrimSpace(cmd.query) != "" {
		marks, err := s.store.Snapshot(ctx, owner)
		if err != nil {
			return 0, err
		}
		if list, err = model.FilterNotes(list, cmd.query, lib, marks, titles); err != nil {
			return 0, queryError{queryErrorLine(cmd.query, err)}
		}
	}
	if cmd.format != "" {
		return len(list), ui.ExportNotes(w, cmd.format, list, titles)
	}
	for _, n := range list {
		w.WriteString(ui.NoteListLine(n, true) + "\n")
	}
	return len(list), nil
}

// exportOffLine is what the export key says in a served session: the
// command that exports over SSH, to the address the client reached.
func exportOffLine(local net.Addr) string {
	host, port := "HOST", "PORT"
	if h, p, err := net.SplitHostPort(fmt.Sprint(local)); err == nil {
		host, port = h, p
	}
	target := "-p " + port + " " + host
	if port == "22" {
		target = host
	}
	return "export is off here: ssh " + target + " notes export --format md > notes.md"
}

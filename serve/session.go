package serve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/briefing-dev/briefing/model"
	"github.com/briefing-dev/briefing/notes"
	"github.com/charmbracelet/colorprofile"
)

// NoPTYLine is what a client without a terminal is told before the session
// closes.
const NoPTYLine = "briefing needs an interactive terminal: use ssh -t"

// NoCommandLine is what a client that sent a command is told: commands are
// never run.
const NoCommandLine = "briefing runs no commands: connect without one (ssh -p PORT HOST)"

// noExportDir is the DataDir sessions get. With a Store given, the model
// uses DataDir only as the folder its export key (E) writes to: that would
// be a folder on the server, useless to the reader, and a way for any
// reader to fill its disk. The model has no option to turn export off, so
// sessions get a folder that cannot exist (under a device file): export
// fails with "not a directory" and writes nothing.
var noExportDir = filepath.Join(os.DevNull, "export-is-off-over-ssh")

// anonymousOwner is the owner name of anonymous sessions; their store keeps
// nothing, so it never reaches a database.
const anonymousOwner = "anonymous"

// session is one running program and why it was ended from outside.
type session struct {
	prog      *tea.Program
	lastInput atomic.Int64 // unix nanoseconds of the last key, click or paste
	reason    atomic.Pointer[string]
}

// quit asks the program to quit (it restores the client's terminal) and
// remembers why, to tell the user afterwards.
func (p *session) quit(why string) {
	p.reason.CompareAndSwap(nil, &why)
	// Send blocks until the event loop takes the message; never hold the
	// caller (the shutdown loop, a watchdog) on one slow session.
	go p.prog.Quit()
}

// kill stops a program that did not quit in time.
func (p *session) kill() { go p.prog.Kill() }

// sessionMiddleware runs the reader for one session.
func (s *Server) sessionMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.runSession(sess)
		next(sess)
	}
}

// runSession checks what the client asked for and runs one model.
func (s *Server) runSession(sess ssh.Session) {
	start := time.Now()
	fp, anon := identity(sess)
	ip := ipOf(sess.RemoteAddr())
	if tc, ok := sess.Context().Value(connKey{}).(*trackedConn); ok && fp != "" {
		tc.fp.Store(&fp)
	}
	log := s.log.With("fingerprint", fp, "ip", ip)
	refuse := func(event, line string) {
		log.Warn("session refused", "event", event)
		fmt.Fprintln(sess.Stderr(), line)
		_ = sess.Exit(1)
	}
	switch {
	case anon && !s.cfg.AllowAnonymous:
		// Cannot happen with the auth handlers set up in New; refuse
		// rather than run a session nobody owns.
		refuse("no_identity", "briefing: no identity")
		return
	case sess.RawCommand() != "" || sess.Subsystem() != "":
		// The command is not logged: it may hold anything.
		refuse("command_refused", NoCommandLine)
		return
	}
	pty, winCh, ok := sess.Pty()
	if !ok {
		refuse("no_pty", NoPTYLine)
		return
	}

	opts := model.Options{Library: s.cfg.Library, Index: s.cfg.Index, Owner: fp, Store: s.store, DataDir: noExportDir}
	if anon {
		opts.Owner, opts.Store = anonymousOwner, anonymousStore{}
	}
	envs := append(sess.Environ(), "TERM="+pty.Term)
	w, h := clampInts(pty.Window.Width, pty.Window.Height, s.limits)
	ps := &session{}
	ps.lastInput.Store(start.UnixNano())
	ps.prog = tea.NewProgram(model.New(opts),
		tea.WithInput(sess),
		tea.WithOutput(sess),
		// The client's terminal, not ours: its TERM, COLORTERM, NO_COLOR.
		tea.WithColorProfile(colorprofile.Env(envs)),
		tea.WithEnvironment(envs),
		tea.WithWindowSize(w, h),
		tea.WithFilter(s.filter(ps)),
		// Signals are the server's: Shutdown quits every program.
		tea.WithoutSignalHandler(),
	)
	if !s.register(ps) {
		refuse("shutting_down", "briefing: the server is shutting down")
		return
	}
	defer s.unregister(ps)
	log.Info("session start", "event", "session_start", "anonymous", anon, "width", w, "height", h)

	ctx, cancel := context.WithCancel(sess.Context())
	go s.watch(ctx, ps, winCh, start)
	final, err := ps.prog.Run()
	cancel()
	// Restores the terminal if Run ended without doing so (a killed
	// program); a no-op after a normal quit.
	ps.prog.Kill()
	if !anon {
		s.saveDraft(final, fp)
	}
	if s.testHooks.final != nil {
		s.testHooks.final(final)
	}

	why := ""
	if r := ps.reason.Load(); r != nil {
		why = *r
		// After the alt screen is gone, so it stays on the client's screen.
		fmt.Fprintf(sess, "briefing: %s\r\n", why)
	}
	code := 0
	attrs := []any{"event", "session_end", "duration", time.Since(start).Round(time.Millisecond).String()}
	if why != "" {
		attrs = append(attrs, "reason", why)
	}
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		code = 1
		log.Error("session panicked", append(attrs, "err", err.Error())...)
	case err != nil && !errors.Is(err, tea.ErrProgramKilled):
		code = 1
		log.Warn("session ended with an error", append(attrs, "err", err.Error())...)
	default:
		log.Info("session end", attrs...)
	}
	_ = sess.Exit(code)
}

// filter clamps sizes the terminal reports in-band (a client can send any
// size report as input), stamps user input for the idle timer and turns
// suspend (ctrl+z) into a no-op: there is no shell to return to.
func (s *Server) filter(ps *session) func(tea.Model, tea.Msg) tea.Msg {
	return func(_ tea.Model, msg tea.Msg) tea.Msg {
		switch m := msg.(type) {
		case tea.WindowSizeMsg:
			m.Width, m.Height = clampInts(m.Width, m.Height, s.limits)
			if s.testHooks.size != nil {
				s.testHooks.size(m.Width, m.Height)
			}
			return m
		case tea.KeyPressMsg, tea.KeyReleaseMsg, tea.MouseMsg, tea.PasteMsg:
			ps.lastInput.Store(time.Now().UnixNano())
		case tea.SuspendMsg:
			return tea.ResumeMsg{}
		}
		return msg
	}
}

// watch passes the (already clamped) window changes to the program, quits
// it when the connection goes away, and ends the session after IdleTimeout
// without user input or after MaxSession in all. One goroutine per session
// does all three.
func (s *Server) watch(ctx context.Context, ps *session, winCh <-chan ssh.Window, start time.Time) {
	deadline := start.Add(s.limits.MaxSession)
	t := time.NewTimer(s.limits.IdleTimeout)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			ps.prog.Quit()
			return
		case win, ok := <-winCh:
			if !ok {
				ps.prog.Quit()
				return
			}
			w, h := clampInts(win.Width, win.Height, s.limits)
			ps.prog.Send(tea.WindowSizeMsg{Width: w, Height: h})
		case now := <-t.C:
			if !now.Before(deadline) {
				ps.quit(fmt.Sprintf("session closed: it reached the %s limit", s.limits.MaxSession))
				return
			}
			idleAt := time.Unix(0, ps.lastInput.Load()).Add(s.limits.IdleTimeout)
			if !now.Before(idleAt) {
				ps.quit(fmt.Sprintf("session closed after %s without input", s.limits.IdleTimeout))
				return
			}
			next := idleAt
			if deadline.Before(next) {
				next = deadline
			}
			t.Reset(next.Sub(now))
		}
	}
}

// saveDraft keeps the text of a note editor that was still open when the
// session ended (a shutdown, an idle timeout, a dropped connection). The
// model autosaves drafts half a second after typing stops; this catches
// the last keystrokes. An autosaved draft keeps its anchor and gets the
// newer text.
func (s *Server) saveDraft(final tea.Model, owner string) {
	m, ok := final.(model.Model)
	if !ok {
		return
	}
	editing, text := m.EditorOpen()
	b := m.OpenBrief()
	if !editing || b == nil || strings.TrimSpace(text) == "" || m.Store() == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	d, found, err := s.store.LoadDraft(ctx, owner, b.ID)
	if err != nil {
		s.log.Warn("draft not saved", "event", "draft_error", "fingerprint", owner, "err", err.Error())
		return
	}
	if !found {
		d = notes.Draft{Note: notes.Note{Owner: owner, BriefID: b.ID}}
	}
	if d.Note.Body == text {
		return
	}
	d.Note.Body = text
	if err := s.store.SaveDraft(ctx, d); err != nil {
		s.log.Warn("draft not saved", "event", "draft_error", "fingerprint", owner, "err", err.Error())
		return
	}
	s.log.Info("draft saved", "event", "draft_saved", "fingerprint", owner)
}

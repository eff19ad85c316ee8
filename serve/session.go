package serve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/briefing-dev/briefing/model"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// NoPTYLine is what a client without a terminal is told before the session
// closes.
const NoPTYLine = "briefing needs an interactive terminal: use ssh -t"

// anonymousOwner is the owner name of anonymous sessions. They open no
// store (model.Options.ReadOnly), so it never reaches a database.
const anonymousOwner = "anonymous"

// AnonymousReadOnly is why an anonymous session keeps nothing, as its status
// line says ("read-only: …") at the start and on every notes key.
const AnonymousReadOnly = "anonymous session, no notes are kept"

// queryFPS is how often a session's program runs its output tick; the
// painter draws frames as they come and input.go sends the one query, so
// the tick has nothing to do and runs rarely.
const queryFPS = 1

// clock is the time a session's limits are measured in: the wall clock,
// or a test's (Server.testHooks.clock).
type clock interface {
	Now() time.Time
	// After is time.After: the channel gets the time once d has passed.
	After(d time.Duration) <-chan time.Time
}

// wallClock is the real time.
type wallClock struct{}

func (wallClock) Now() time.Time                         { return time.Now() }
func (wallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// clock is the clock of the session limits.
func (s *Server) clock() clock {
	if s.testHooks.clock == nil {
		return wallClock{}
	}
	return s.testHooks.clock
}

// serverClock is the server's clock as a value that reads it each time:
// a test sets the clock after New.
type serverClock struct{ s *Server }

func (c serverClock) Now() time.Time                         { return c.s.clock().Now() }
func (c serverClock) After(d time.Duration) <-chan time.Time { return c.s.clock().After(d) }

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
	start := s.clock().Now()
	fp, anon := identity(sess)
	ip := ipOf(sess.RemoteAddr())
	if tc, ok := sess.Context().Value(connKey{}).(*trackedConn); ok && fp != "" {
		tc.fp.Store(&fp)
	}
	log := s.connLog(sess.Context()).With("fingerprint", fp, "ip", ip)
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
	case sess.Subsystem() != "":
		refuse("command_refused", NoCommandLine)
		return
	case sess.RawCommand() != "" || channelOf(sess) != nil && channelOf(sess).exec.Load():
		// Only the notes commands are answered (exec.go); an empty
		// command is a command too, not a way to the reader.
		s.runExec(sess, fp, anon, log)
		return
	}
	pty, winCh, ok := sess.Pty()
	if !ok {
		refuse("no_pty", NoPTYLine)
		return
	}
	ch := channelOf(sess)
	if ch == nil {
		refuse("no_channel", "briefing: internal error")
		return
	}

	opts := model.Options{
		Library: s.lib.Load(), Index: s.cfg.Index, Owner: fp, Store: s.store,
		// Export would write a file on the server's disk: useless to the
		// reader, and a way for anyone to fill that disk.
		NoExport:        true,
		ExportOff:       exportOffLine(sess.LocalAddr()),
		Served:          true, // no browser or editor started on the server
		RenderCacheSize: cmp.Or(s.cfg.RenderCacheSize, DefaultRenderCacheSize),
		SharedRenders:   s.renders,
		Clock:           s.testHooks.modelClock,
		Prefs:           s.cfg.Prefs,
	}
	if anon {
		opts.Owner, opts.Store, opts.ReadOnly = anonymousOwner, nil, AnonymousReadOnly
	}
	mb := s.roomMember(sess, fp)
	if mb != nil {
		opts.Rooms = mb
	}
	envs := append(sess.Environ(), "TERM="+pty.Term)
	w, h := clampInts(pty.Window.Width, pty.Window.Height, s.limits)
	if cw, chh, ok := ch.sizes.latest(); ok {
		// The client resized before its shell started.
		w, h = cw, chh
	}
	ps := &session{}
	ps.lastInput.Store(start.UnixNano())
	out := newOutput(sess, s.limits.StallTimeout, func() {
		why := fmt.Sprintf("output stalled: the client read nothing for %s", s.limits.StallTimeout)
		log.Warn("session output stalled", "event", "stalled", "timeout", s.limits.StallTimeout.String())
		ps.quit(why)
		// Only cutting the connection ends a write that waits on the
		// client's window (closing the channel waits for the client).
		closeConn(sess)
	})
	// The client's terminal, not ours: its TERM, COLORTERM, NO_COLOR.
	profile := colorprofile.Env(envs)
	paint := newPainter(out, profile)
	pm := painted{inner: model.New(opts), p: paint}
	if mb != nil {
		pm.after = mb.after
	}
	ps.prog = tea.NewProgram(pm,
		// Keys come through readInput (input.go), not Bubble Tea's reader.
		tea.WithInput(nil),
		tea.WithOutput(out),
		// The painter draws (see painter.go); Bubble Tea's tick still
		// sends the terminal queries (background colour) it is asked for.
		tea.WithoutRenderer(),
		tea.WithFPS(queryFPS),
		tea.WithColorProfile(profile),
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
	if cur := s.lib.Load(); cur != opts.Library {
		// Reloaded between this session's start and its registration: the
		// broadcast missed it.
		go ps.prog.Send(model.LibraryChangedMsg{Library: cur, Seq: s.libSeq.Load()})
	}
	log.Info("session start", "event", "session_start", "anonymous", anon, "width", w, "height", h)

	ctx, cancel := context.WithCancel(sess.Context())
	go s.watch(ctx, ps, winCh, ch.sizes, start)
	dec := newInputDecoder(s.limits.MaxPaste)
	if s.testHooks.input != nil {
		s.testHooks.input(dec)
	}
	go readInput(ctx, sess, dec, escTimeout, func(ev uv.Event) { ps.prog.Send(ev) })
	if mb != nil {
		go mb.deliver(ctx, ps.prog.Send)
		mb.start()
		// Whatever ended the session (a quit, a dropped connection, a
		// panic), its seat is given back: a presenter's room pauses.
		defer mb.close()
	}
	// Bubble Tea sends no terminal query without its input reader: ask for
	// the background (light or dark theme) here; the answer comes back as
	// input.
	_, _ = io.WriteString(out, ansi.RequestBackgroundColor)
	final, err := ps.prog.Run()
	cancel()
	ps.prog.Kill() // stops what is left of a program that ended on its own
	// Gives the client its terminal back, however the program ended (quit,
	// killed, panicked).
	paint.close()
	if pm, ok := final.(painted); ok {
		final = pm.inner
	}
	// Saves the draft being written and the reading position: a session
	// ended by a shutdown, a timeout or a dropped connection loses nothing.
	if m, ok := final.(model.Model); ok {
		m.Close()
	}
	if s.testHooks.final != nil {
		s.testHooks.final(final)
	}

	why := ""
	if r := ps.reason.Load(); r != nil {
		why = *r
		// After the alt screen is gone, so it stays on the client's screen.
		fmt.Fprintf(out, "briefing: %s\r\n", why)
	}
	code := 0
	attrs := []any{"event", "session_end", "duration", s.clock().Now().Sub(start).Round(time.Millisecond).String()}
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
			ps.lastInput.Store(s.clock().Now().UnixNano())
		case tea.SuspendMsg:
			return tea.ResumeMsg{}
		}
		return msg
	}
}

// watch passes the (already clamped) window changes to the program, quits
// it when the connection or the channel goes away, and ends the session
// after IdleTimeout without user input or after MaxSession in all. One
// goroutine per session does all three.
//
// Sizes come from the channel's windowBox; winCh (charm.land/ssh's) only
// ever holds the size of the pty request, which the program already has,
// and is closed when the channel's requests end.
func (s *Server) watch(ctx context.Context, ps *session, winCh <-chan ssh.Window, sizes *windowBox, start time.Time) {
	deadline := start.Add(s.limits.MaxSession)
	// The first check comes at whichever limit is nearer: a session
	// shorter than the idle timeout must not wait for the idle check.
	wake := s.clock().After(min(s.limits.IdleTimeout, s.limits.MaxSession))
	for {
		select {
		case <-ctx.Done():
			ps.prog.Quit()
			return
		case _, ok := <-winCh:
			if !ok {
				ps.prog.Quit()
				return
			}
		case <-sizes.changed:
			w, h, _ := sizes.latest()
			ps.prog.Send(tea.WindowSizeMsg{Width: w, Height: h})
		case now := <-wake:
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
			wake = s.clock().After(next.Sub(now))
		}
	}
}

// closeConn cuts the connection a session runs on.
func closeConn(sess ssh.Session) {
	if c, ok := sess.Context().Value(ssh.ContextKeyConn).(io.Closer); ok {
		_ = c.Close()
	}
}

package serve

import (
	"bytes"
	"hash/maphash"
	"io"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// A served session is drawn by a painter, not by Bubble Tea's cell renderer.
//
// The cell renderer keeps two screen buffers of 112-byte cells per session
// (about 650 KB at 100x30) and parses every frame into cells to diff them:
// at 500 sessions that was 260 MB of live heap, two thirds of the server's,
// and 40% of its CPU. Our model's frame is already a screen of whole lines
// (exactly height lines, none wider than the width: model.Model.content), so
// a session keeps only a hash per line of what the client shows and repaints
// the lines whose hash changed. Over a network that costs a few more bytes
// per frame than a cell diff; it costs a few hundred bytes of memory per
// session instead of hundreds of kilobytes, and the frame is never parsed.
//
// Frames are drawn on a goroutine of their own, the latest one winning: a
// client that reads slowly gets fewer frames, and never blocks its program's
// event loop (which must stay free to take the quit of a shutdown).

// frame is what a painter draws: the model's view and the window size it
// was made for.
type frame struct {
	content       string
	width, height int
	title         string
	altScreen     bool
	mouse         tea.MouseMode
	noPaste       bool // bracketed paste off
	kittyFlags    int
}

// painter draws frames for one session.
type painter struct {
	out     io.Writer // the session, through its output (output.go)
	profile colorprofile.Profile

	mu      sync.Mutex
	next    frame
	pending bool
	closing bool
	wake    chan struct{}
	done    chan struct{}

	// What the client's terminal shows; touched by the drawing goroutine
	// only (and by close after it ended).
	shown   frame // modes and size; content unused
	started bool
	lines   []uint64 // hash of each screen line shown
	buf     bytes.Buffer
	line    bytes.Buffer
	conv    colorprofile.Writer
}

// lineSeed seeds the line hashes; one per process is enough, the hashes
// never leave it.
var lineSeed = maphash.MakeSeed()

// newPainter starts a painter writing to out in the given colour profile.
func newPainter(out io.Writer, profile colorprofile.Profile) *painter {
	p := makePainter(out, profile)
	go p.run()
	return p
}

// makePainter is a painter without its goroutine: draw and restore are
// called directly (tests).
func makePainter(out io.Writer, profile colorprofile.Profile) *painter {
	p := &painter{out: out, profile: max(profile, colorprofile.ASCII),
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	// Colours are converted line by line, never the control sequences
	// around them (the NoTTY conversion strips every sequence).
	p.conv = colorprofile.Writer{Forward: &p.line, Profile: p.profile}
	return p
}

// show hands the painter a frame; an earlier one not yet drawn is dropped.
func (p *painter) show(f frame) {
	p.mu.Lock()
	if !p.closing {
		p.next, p.pending = f, true
	}
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

func (p *painter) run() {
	defer close(p.done)
	for range p.wake {
		p.mu.Lock()
		f, ok, closing := p.next, p.pending, p.closing
		p.next, p.pending = frame{}, false
		p.mu.Unlock()
		if ok {
			p.draw(f)
		}
		if closing {
			return
		}
	}
}

// close draws the last frame handed over, then gives the client its
// terminal back: main screen, cursor shown, mouse, paste and keyboard modes
// off, line wrapping on. It returns once everything is written.
func (p *painter) close() {
	p.mu.Lock()
	p.closing = true
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
	<-p.done
	p.restore()
}

// restore writes what gives the client its terminal back.
func (p *painter) restore() {
	if !p.started {
		return
	}
	b := &p.buf
	b.Reset()
	b.WriteString(ansi.ResetStyle)
	b.WriteString(ansi.ResetModifyOtherKeys)
	b.WriteString(ansi.PopKittyKeyboard(1))
	if p.shown.altScreen {
		b.WriteString(ansi.ResetModeAltScreenSaveCursor)
	} else {
		b.WriteString(ansi.CursorPosition(1, max(1, p.shown.height)))
		b.WriteString("\r\n")
	}
	b.WriteString(ansi.SetModeAutoWrap)
	b.WriteString(ansi.ShowCursor)
	if !p.shown.noPaste {
		b.WriteString(ansi.ResetModeBracketedPaste)
	}
	if p.shown.mouse != tea.MouseModeNone {
		b.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr)
	}
	if p.shown.title != "" {
		b.WriteString(ansi.SetWindowTitle(""))
	}
	_, _ = p.out.Write(b.Bytes())
	p.started = false
}

// draw writes what changed between the screen shown and f, in one write,
// inside a synchronized update (terminals without mode 2026 ignore it).
func (p *painter) draw(f frame) {
	if f.width <= 0 || f.height <= 0 {
		return
	}
	b := &p.buf
	b.Reset()
	b.WriteString(ansi.SetModeSynchronizedOutput)
	p.modes(b, f)
	if f.width != p.shown.width || f.height != p.shown.height {
		// A new size: the terminal reflowed or cropped what it showed.
		b.WriteString(ansi.ResetStyle + ansi.EraseEntireScreen)
		if cap(p.lines) < f.height {
			p.lines = make([]uint64, f.height)
		}
		p.lines = p.lines[:f.height]
		p.invalidate()
		p.shown.width, p.shown.height = f.width, f.height
	}
	rest := f.content
	for y := range f.height {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		line = strings.TrimSuffix(line, "\r")
		h := maphash.String(lineSeed, line) | 1 // 0 is "unknown"
		if p.lines[y] == h {
			continue
		}
		p.lines[y] = h
		// Each line starts from the default style and ends there, so no
		// style or link leaks into the erase or into the next line.
		b.WriteString(ansi.CursorPosition(1, y+1))
		b.WriteString(ansi.ResetStyle + ansi.EraseEntireLine)
		p.writeLine(b, line)
		b.WriteString(ansi.ResetStyle)
		if strings.Contains(line, "\x1b]8;") {
			b.WriteString(ansi.ResetHyperlink())
		}
	}
	if b.Len() == len(ansi.SetModeSynchronizedOutput) {
		return // nothing changed: no empty packet to the client
	}
	b.WriteString(ansi.ResetModeSynchronizedOutput)
	_, _ = p.out.Write(b.Bytes())
	if b.Cap() > 256<<10 {
		// One huge frame (a 500x200 terminal) should not pin its buffer
		// for the rest of the session.
		p.buf = bytes.Buffer{}
	}
}

// invalidate forgets every line shown, so the next draw repaints them all.
func (p *painter) invalidate() {
	clear(p.lines)
}

// writeLine appends line to b in the client's colour profile.
func (p *painter) writeLine(b *bytes.Buffer, line string) {
	if p.profile == colorprofile.TrueColor || !strings.Contains(line, "\x1b[") {
		b.WriteString(line)
		return
	}
	key := convKey{p.profile, line}
	if c, ok := converted.get(key); ok {
		b.WriteString(c)
		return
	}
	p.line.Reset()
	_, _ = p.conv.Write([]byte(line))
	// The line is a piece of the whole frame: keep a copy, not the frame.
	converted.put(convKey{p.profile, strings.Clone(line)}, p.line.String())
	b.Write(p.line.Bytes())
}

// converted holds lines already converted to a colour profile, for every
// session: the lines of a brief are the same for everyone reading it (the
// renders are shared), and parsing their styles again for each session and
// each scroll cost more than the drawing itself.
var converted = convCache{m: make(map[convKey]string)}

type convKey struct {
	profile colorprofile.Profile
	line    string
}

type convCache struct {
	mu sync.RWMutex
	m  map[convKey]string
}

// maxConverted bounds the lines kept (a few MB); past it the cache starts
// again.
const maxConverted = 16384

func (c *convCache) get(k convKey) (string, bool) {
	c.mu.RLock()
	s, ok := c.m[k]
	c.mu.RUnlock()
	return s, ok
}

func (c *convCache) put(k convKey, s string) {
	c.mu.Lock()
	if len(c.m) >= maxConverted {
		c.m = make(map[convKey]string)
	}
	c.m[k] = s
	c.mu.Unlock()
}

// modes switches the terminal's modes from what is shown to what f wants;
// the first frame sets them all.
func (p *painter) modes(b *bytes.Buffer, f frame) {
	first := !p.started
	s := &p.shown
	if first {
		p.started = true
		b.WriteString(ansi.HideCursor)
		// A line one cell too wide (a width the model and the terminal
		// disagree on) is cut at the edge instead of wrapping onto the
		// next line and shifting the screen.
		b.WriteString(ansi.ResetModeAutoWrap)
		b.WriteString(ansi.SetModifyOtherKeys2)
		b.WriteString(ansi.PushKittyKeyboard(f.kittyFlags))
		s.kittyFlags = f.kittyFlags
	}
	if first || f.altScreen != s.altScreen {
		if f.altScreen {
			b.WriteString(ansi.SetModeAltScreenSaveCursor)
		} else if !first {
			b.WriteString(ansi.ResetModeAltScreenSaveCursor)
		}
		b.WriteString(ansi.ResetStyle + ansi.EraseEntireScreen)
		s.altScreen = f.altScreen
		p.invalidate()
	}
	if f.kittyFlags != s.kittyFlags {
		b.WriteString(ansi.PopKittyKeyboard(1) + ansi.PushKittyKeyboard(f.kittyFlags))
		s.kittyFlags = f.kittyFlags
	}
	if first || f.noPaste != s.noPaste {
		if f.noPaste {
			if !first {
				b.WriteString(ansi.ResetModeBracketedPaste)
			}
		} else {
			b.WriteString(ansi.SetModeBracketedPaste)
		}
		s.noPaste = f.noPaste
	}
	if first || f.mouse != s.mouse {
		if !first && s.mouse != tea.MouseModeNone {
			b.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent)
		}
		switch f.mouse {
		case tea.MouseModeCellMotion:
			b.WriteString(ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr)
		case tea.MouseModeAllMotion:
			b.WriteString(ansi.SetModeMouseAnyEvent + ansi.SetModeMouseExtSgr)
		}
		s.mouse = f.mouse
	}
	if f.title != s.title {
		b.WriteString(ansi.SetWindowTitle(f.title))
		s.title = f.title
	}
}

// kittyFlags are the Kitty keyboard protocol flags a view asks for, as
// Bubble Tea's renderer computes them: disambiguation always.
func kittyFlags(ke tea.KeyboardEnhancements) int {
	flags := ansi.KittyDisambiguateEscapeCodes
	if ke.ReportEventTypes {
		flags |= ansi.KittyReportEventTypes
	}
	if ke.ReportAlternateKeys {
		flags |= ansi.KittyReportAlternateKeys
	}
	if ke.ReportAllKeysAsEscapeCodes {
		flags |= ansi.KittyReportAllKeysAsEscapeCodes
	}
	if ke.ReportAssociatedText {
		flags |= ansi.KittyReportAssociatedKeys
	}
	return flags
}

// painted wraps a session's model: after each update it hands the model's
// view to the painter, and it gives Bubble Tea (whose renderer is off) an
// empty view, so the model's View runs once per update, not twice. It also
// draws the server's notices (notice.go) over the view.
type painted struct {
	inner         tea.Model
	p             *painter
	width, height int
	notice        string
	noticeSeq     int
	// after, when set, is given the model after each update (a room
	// reads where its presenter is).
	after func(tea.Model)
}

func (m painted) Init() tea.Cmd { return m.inner.Init() }

func (m painted) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	if line, ok := noticeOf(msg); ok {
		cmd = m.setNotice(line)
	} else if c, ok := msg.(clearNoticeMsg); ok {
		if c.seq == m.noticeSeq {
			m.notice = ""
		}
	} else {
		if ws, ok := msg.(tea.WindowSizeMsg); ok {
			m.width, m.height = ws.Width, ws.Height
		}
		m.inner, cmd = m.inner.Update(msg)
		if m.after != nil {
			m.after(m.inner)
		}
	}
	if m.width > 0 && m.height > 0 {
		v := m.inner.View()
		m.p.show(frame{
			content: withNotice(v.Content, m.notice, m.width, m.height), width: m.width, height: m.height,
			title: ansi.Strip(v.WindowTitle), altScreen: v.AltScreen, mouse: v.MouseMode,
			noPaste: v.DisableBracketedPasteMode, kittyFlags: kittyFlags(v.KeyboardEnhancements),
		})
	}
	return m, cmd
}

func (painted) View() tea.View { return tea.View{} }

package model

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
	"github.com/charmbracelet/x/ansi"
)

// paragraphs is a long body, so that a brief is several screens tall.
func paragraphs(topic string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Paragraph %d about %s: the council met again and the argument went on, "+
			"with engineers, fishers and the harbour board each reading the same report differently.\n\n", i+1, topic)
	}
	return b.String()
}

// fxBrief is a brief with the canonical sections, several screens long.
func fxBrief(i int) *briefs.Brief {
	return &briefs.Brief{
		ID:     fmt.Sprintf("desk/brief-%05d.md", i),
		Path:   fmt.Sprintf("desk/brief-%05d.md", i),
		Title:  fmt.Sprintf("Tidal barrier vote %d splits the estuary towns", i),
		Date:   time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(i) * time.Hour),
		Source: "The Coastal Ledger",
		Tags:   []string{"infrastructure", "climate"},
		Sections: []briefs.Section{
			{Kind: briefs.KindLead, Body: paragraphs("the vote", 3)},
			{Kind: briefs.KindWhyItMatters, Title: "Why it matters", Body: paragraphs("the stakes", 4)},
			{Kind: briefs.KindWhatToKnow, Title: "What to know", Body: paragraphs("the facts", 5)},
			{Kind: briefs.KindOther, Title: "What they're saying", Body: paragraphs("the quotes", 3)},
			{Kind: briefs.KindWhatHappensNext, Title: "What happens next", Body: paragraphs("the timetable", 2)},
		},
	}
}

// fxLibrary is a library of n briefs with three warnings.
func fxLibrary(n int) *briefs.Library {
	bs := make([]*briefs.Brief, n)
	for i := range bs {
		bs[i] = fxBrief(i + 1)
	}
	ws := []briefs.Warning{
		{Path: "desk/broken.md", Reason: "binary file (NUL bytes)"},
		{Path: "desk/huge.md", Reason: "larger than 8 MiB"},
		{Path: "desk/evil\x1b[2J.md", Reason: "invalid UTF-8\x07 replaced"},
	}
	return briefs.NewLibrary(bs, ws)
}

// harness drives a Model the way the Bubble Tea loop does: Update, run the
// returned command synchronously, feed its message back. Its clock moves
// only when a test advances it, so a tick is never waited for.
type harness struct {
	t     *testing.T
	m     Model
	clock *fakeClock
	quit  bool
}

func newHarness(t *testing.T, opts Options, w, h int) *harness {
	t.Helper()
	opts = withStore(t, opts)
	if len(opts.Paths) > 0 && !opts.NoWatch {
		// The harness runs every command to its end, and the watch's
		// wait ends only when a file changes.
		t.Fatal("a harness over Paths needs NoWatch: send LibraryChangedMsg instead")
	}
	hs := bareHarness(t, opts)
	hs.run(hs.m.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// withStore gives a session without a store its own notes database, in a
// temporary folder unless the test gave one, opened as main opens it.
func withStore(t *testing.T, opts Options) Options {
	if opts.DataDir == "" && opts.Store == nil {
		opts.DataDir = t.TempDir()
	}
	if opts.Store == nil && opts.OpenStore == nil {
		opts.OpenStore = sqlite.Opener(notes.DefaultPath(opts.DataDir))
	}
	return opts
}

// bareHarness is a harness on New(opts) with a fake clock, before Init and
// before any size.
func bareHarness(t *testing.T, opts Options) *harness {
	c := newFakeClock()
	opts.Clock = c
	return &harness{t: t, m: New(opts), clock: c}
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	h.run(cmd)
}

// run runs cmd in the test's goroutine and feeds its message back. There is
// no timeout: ticks only record themselves on the fake clock, and a command
// that blocks is a bug, which the test's own deadline reports with the
// stack it blocks in.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case tea.QuitMsg:
		h.quit = true
	default:
		h.send(msg)
	}
}

// advance moves the clock on by d, sending the message of every tick that
// falls due on the way, earliest first, at the time it was due.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	end := h.clock.Now().Add(d)
	for {
		p, ok := h.clock.due(end)
		if !ok {
			return
		}
		h.send(p.fn(p.at))
	}
}

// fakeClock is a Clock that stands still until a test advances it. Running
// a Tick's command records the tick and returns nil at once; the harness
// fires it from advance.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	pending []fakeTick
}

type fakeTick struct {
	at time.Time
	fn func(time.Time) tea.Msg
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Tick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.pending = append(c.pending, fakeTick{at: c.now.Add(d), fn: fn})
		return nil
	}
}

// due takes the earliest tick due by end (the first scheduled among
// equals) and moves the clock to it; without one it moves the clock to end.
func (c *fakeClock) due(end time.Time) (fakeTick, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := -1
	for j, p := range c.pending {
		if !p.at.After(end) && (i < 0 || p.at.Before(c.pending[i].at)) {
			i = j
		}
	}
	if i < 0 {
		c.now = end
		return fakeTick{}, false
	}
	p := c.pending[i]
	c.pending = append(c.pending[:i], c.pending[i+1:]...)
	c.now = p.at
	return p, true
}

// scheduled is how many ticks wait on the clock.
func (c *fakeClock) scheduled() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending)
}

// key sends a key press by name, as msg.String() spells it.
func (h *harness) key(names ...string) {
	h.t.Helper()
	for _, n := range names {
		h.send(keyMsg(n))
	}
}

func keyMsg(n string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"right":     {Code: tea.KeyRight},
		"left":      {Code: tea.KeyLeft},
		"ctrl+n":    {Code: 'n', Mod: tea.ModCtrl},
		"ctrl+p":    {Code: 'p', Mod: tea.ModCtrl},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
		"ctrl+d":    {Code: 'd', Mod: tea.ModCtrl},
		"ctrl+u":    {Code: 'u', Mod: tea.ModCtrl},
		"ctrl+r":    {Code: 'r', Mod: tea.ModCtrl},
		"ctrl+s":    {Code: 's', Mod: tea.ModCtrl},
		"space":     {Code: tea.KeySpace, Text: " "},
	}
	if k, ok := special[n]; ok {
		return k
	}
	return tea.KeyPressMsg{Code: []rune(n)[0], Text: n}
}

func (h *harness) view() string { return h.m.View().Content }

// requireFits fails unless the screen is exactly h lines, none wider than w.
func requireFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("%dx%d: view has %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("%dx%d: line %d is %d wide: %q", w, h, i, lw, ansi.Strip(l))
		}
	}
}

func writeFile(t *testing.T, dir string, i int) {
	t.Helper()
	body := fmt.Sprintf("---\ntitle: Brief %d\ndate: 2026-01-%02d\n---\n\nLead text.\n\n## Why it matters\n\nBecause.\n", i, i%28+1)
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("b%02d.md", i)), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

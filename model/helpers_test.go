package model

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
// returned command synchronously, feed its message back.
type harness struct {
	t    *testing.T
	m    Model
	quit bool
	wait time.Duration // how long a command may run; 0 means cmdTimeout
}

func newHarness(t *testing.T, opts Options, w, h int) *harness {
	t.Helper()
	hs := &harness{t: t, m: New(withStore(t, opts))}
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

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	h.run(cmd)
}

// cmdTimeout bounds how long a command may run: renders and loads finish
// well within it; the status-clearing tick does not and is dropped.
const cmdTimeout = 2 * time.Second

func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	wait := h.wait
	if wait == 0 {
		wait = cmdTimeout
	}
	select {
	case msg = <-done:
	case <-time.After(wait):
		return
	}
	switch msg := msg.(type) {
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

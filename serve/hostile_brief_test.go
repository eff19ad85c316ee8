package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	gossh "golang.org/x/crypto/ssh"
)

// hostileBrief is a brief in a shape that once took the renderer minutes
// and gigabytes, written by the test.
type hostileBrief struct {
	name  string // of the file, after its date; the title is "Hostile " + name
	body  func() string
	shows string // text (flattened) its first screen shows
	why   string // the reason on the status line that it is shown plain; "" when styled
}

// hostileBriefs are the shapes that once took a render minutes and
// gigabytes: seconds at least, uncapped, at these sizes, and milliseconds
// capped (the code block is a quarter of a megabyte rather than one: it is
// styled, in runs, at each width, which would take most of the test's
// time). They are listed in this order (newest first), so that no two
// neighbours share a warning: each warning is drawn anew.
var hostileBriefs = []hostileBrief{
	{"nest", func() string { return strings.Repeat("- ", 500) + "bottomword\n" },
		"bottomword", "lists or quotes nested too deep"},
	{"emphasis", func() string { return strings.Repeat("*_", 100<<10) + "\n" },
		"*_*_*_*_*_*_*_*_", "too many emphasis marks"},
	{"table", func() string {
		const cols = 5000
		return "|" + strings.Repeat(" tcell |", cols) + "\n|" + strings.Repeat("---|", cols) + "\n|" + strings.Repeat(" b |", cols) + "\n"
	}, "|tcell|tcell|tcell|", "a table too wide"},
	{"fence", func() string {
		return "```\n" + strings.Repeat("fence_line = 1;\n", (256<<10)/16) // never closed
	}, "fence_line=1;", ""},
	{"headings", func() string { return strings.Repeat("## Why it matters\n\n", 100_000) },
		"Whyitmatters", ""},
}

// normalBody is the lead of the ordinary brief listed after the hostile ones.
const normalBody = "The harbour board approved the dredging plan on Tuesday."

// hostileLibrary writes the hostile briefs and one ordinary brief into a
// temporary folder and loads it.
func hostileLibrary(t *testing.T) *briefs.Library {
	t.Helper()
	dir := t.TempDir()
	write := func(name, date, md string) {
		md = "---\ndate: " + date + "\n---\n" + md
		if err := os.WriteFile(filepath.Join(dir, name+".md"), []byte(md), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for i, h := range hostileBriefs {
		write(h.name, fmt.Sprintf("2026-06-%02d", 20-i), "# Hostile "+h.name+"\n\n"+h.body())
	}
	write("normal", "2026-06-01", "# Normal harbour brief\n\n"+normalBody+"\n\n## Why it matters\n\nShips wait.\n")
	lib := briefs.Load([]string{dir}, briefs.LoadOptions{})
	if lib.Len() != len(hostileBriefs)+1 {
		t.Fatalf("%d briefs loaded, want %d; warnings %v", lib.Len(), len(hostileBriefs)+1, lib.Warnings())
	}
	return lib
}

// renderFrames are functions that only run for a render of a brief; a
// goroutine in one of them is a render going on.
var renderFrames = []string{
	"ui.(*RenderJob).Advance", "ui.(*RenderJob).glamour", "ui.renderLines", "glamour/v2.(*TermRenderer)",
	"model.renderCmd",
}

// waitNoRenderGoroutines waits until no goroutine renders a brief (nor
// runs for a client): the count is checked each time the scheduler has
// run the others.
func waitNoRenderGoroutines(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(eventLimit)
	for {
		n, first := goroutinesIn(renderFrames)
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines still render for sessions that left; the first:\n%s", n, first)
		}
		runtime.Gosched()
	}
}

// Three sessions at different widths open each hostile brief: each shows
// its first screen, with the reason it is shown plain on the status line,
// and the sessions leave. The server stays up: a session there all along
// opens the ordinary brief, and once everyone has left no render goes on.
//
// The sessions keep the wall clock: a render's time budget and the slice
// a render part works for are measured on the session's clock, and a test
// clock standing still would let a part run until it has all its lines.
func TestHostileBriefsOverSSH(t *testing.T) {
	k := newKey(t)
	ts, ev, released := startHostile(t, []gossh.Signer{k}, func(c *Config) {
		c.Library = hostileLibrary(t)
		c.Limits.SessionsPerKey = 4
	})
	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	other := openTerm(t, c, 80, 24)
	other.waitFor("Hostile nest")

	widths := []int{60, 100, 160}
	terms := make([]*term, len(widths))
	for i, w := range widths {
		terms[i] = openTerm(t, c, w, 30)
		terms[i].waitFor("Hostile nest")
	}
	for i, h := range hostileBriefs {
		for _, tm := range terms {
			m := tm.mark()
			if i == 0 {
				tm.send("\r")
			} else {
				tm.send("\x0e") // ctrl+n: the next brief
			}
			tm.waitAfter(m, "Hostile "+h.name)
			tm.waitAfter(m, h.shows)
			if h.why != "" {
				tm.waitAfter(m, "shown in part as plain text: "+h.why)
			}
		}
	}
	for _, tm := range terms {
		tm.send("\x03")
		if err := tm.wait(); err != nil {
			t.Fatalf("a session ended with %v", err)
		}
	}
	waitReleased(t, released, len(terms))

	m := other.mark()
	other.send("G", "\r")
	other.waitAfter(m, normalBody)
	other.send("\x03")
	if err := other.wait(); err != nil {
		t.Fatalf("the other session ended with %v", err)
	}
	_ = c.Close()
	ev.wait(t, "disconnect", 1)
	waitReleased(t, released, 1)
	if n := ev.count("panic"); n != 0 {
		t.Fatalf("%d sessions panicked", n)
	}
	waitNoSessionGoroutines(t)
	waitNoRenderGoroutines(t)
}

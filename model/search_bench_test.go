package model

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/gencorpus"
	"github.com/briefing-dev/briefing/search"
)

// genLibrary parses n generated briefs (gencorpus, all house styles) into a library.
func genLibrary(b *testing.B, n int) *briefs.Library {
	b.Helper()
	opts := gencorpus.DefaultOptions()
	opts.N = n
	bs := make([]*briefs.Brief, n)
	for i := range bs {
		path, data := gencorpus.Brief(i, opts)
		bs[i], _ = briefs.Parse(path, data)
	}
	return briefs.NewLibrary(bs, nil)
}

// searchBenchModel is a session at 120x40 over 10,000 generated briefs with
// its index built, outside the timer.
func searchBenchModel(b *testing.B) Model {
	b.Helper()
	lib := genLibrary(b, 10_000)
	m := New(Options{Library: lib, Index: search.NewIndex(lib.Briefs()), Theme: "dark", DataDir: b.TempDir()})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return next.(Model)
}

// BenchmarkQueryKeystroke is one key typed in the query bar up to the final
// filtered screen: the Update for the key, the search it starts (run here
// synchronously), the Update for its results and the View. It alternates a
// letter and backspace on "harbo", so every iteration searches 10,000
// briefs for a prefix.
func BenchmarkQueryKeystroke(b *testing.B) {
	m := benchKeystrokes(b, searchBenchModel(b))
	if m.ListComponent().Len() == 0 {
		b.Fatal("nothing found")
	}
}

// benchKeystrokes types "harbo" into m's query bar, then times one key up
// to its filtered screen (a letter and backspace in turn), and returns the
// model as the last key left it.
func benchKeystrokes(b *testing.B, m Model) Model {
	next, _ := m.Update(keyMsg("/"))
	m = next.(Model)
	for _, r := range "harbo" {
		next, cmd := m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		m = runAll(b, next.(Model), cmd)
	}
	keys := []tea.KeyPressMsg{{Code: 'u', Text: "u"}, {Code: tea.KeyBackspace}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		next, cmd := m.Update(keys[i%2])
		m = runAll(b, next.(Model), cmd)
		_ = m.View()
		i++
	}
	return m
}

// BenchmarkDigestFirstScreen opens the digest of what-happens-next sections
// over 10,000 briefs, up to its first screen: the keys D, n and enter, the render
// of the entries on screen and the View. (The render of the margin that the
// result asks for next runs after the screen is up, and is not counted.)
func BenchmarkDigestFirstScreen(b *testing.B) {
	m := searchBenchModel(b)
	b.ReportAllocs()
	for b.Loop() {
		next, _ := m.Update(keyMsg("D"))
		next, _ = next.(Model).Update(keyMsg("n"))
		next, cmd := next.(Model).Update(keyMsg("enter"))
		if cmd == nil {
			b.Fatal("the digest prompt started no render")
		}
		next, _ = next.(Model).Update(cmd())
		opened := next.(Model)
		view := opened.View().Content
		if opened.digest.view.Len() == 0 || strings.Contains(view, "Rendering") {
			b.Fatalf("first screen not rendered:\n%s", view)
		}
	}
}

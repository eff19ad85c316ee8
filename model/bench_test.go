package model

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/ui"
)

// benchModel is a session over a generated library of 10,000 briefs, sized
// 120x40, with every brief's render for that width already cached where the
// benchmark needs it.
func benchModel(b *testing.B) (Model, *briefs.Library) {
	b.Helper()
	lib := fxLibrary(10_000)
	m := New(Options{Library: lib, Theme: "dark"})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return next.(Model), lib
}

// cacheRender renders brief i once, outside the timer, into m's cache.
func cacheRender(b *testing.B, m Model, lib *briefs.Library, i int) {
	b.Helper()
	r, err := ui.RenderBrief(lib.Briefs()[i], m.reader.Width(), m.theme)
	if err != nil {
		b.Fatal(err)
	}
	m.cache.Put(r)
}

func BenchmarkLibraryView(b *testing.B) {
	m, _ := benchModel(b)
	// Somewhere in the middle of the list.
	for range 5000 {
		next, _ := m.Update(keyMsg("j"))
		m = next.(Model)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// benchReader is benchModel with brief 5000 open and shown from the cache.
func benchReader(b *testing.B) Model {
	b.Helper()
	m, lib := benchModel(b)
	cacheRender(b, m, lib, 5000)
	next, _ := m.Update(ui.OpenBriefMsg{ID: lib.Briefs()[5000].ID})
	m = next.(Model)
	if !m.reader.Ready() {
		b.Fatal("not rendered")
	}
	return m
}

func BenchmarkReaderView(b *testing.B) {
	m := benchReader(b)
	next, _ := m.Update(keyMsg("space"))
	m = next.(Model)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkOpenCached measures opening a brief whose render is cached, up to
// its first View: the Update that opens it and the View that draws it.
func BenchmarkOpenCached(b *testing.B) {
	m, lib := benchModel(b)
	for i := 4999; i <= 5001; i++ {
		cacheRender(b, m, lib, i)
	}
	id := lib.Briefs()[5000].ID
	b.ReportAllocs()
	for b.Loop() {
		next, _ := m.Update(ui.OpenBriefMsg{ID: id})
		opened := next.(Model)
		if !opened.reader.Ready() {
			b.Fatal("not shown from the cache")
		}
		_ = opened.View()
	}
}

// BenchmarkReaderKey is one key in the reader up to its frame: the Update
// that scrolls and the View that draws, what an SSH server does per key
// pressed in every session.
func BenchmarkReaderKey(b *testing.B) {
	m := benchReader(b)
	keys := []tea.Msg{keyMsg("j"), keyMsg("j"), keyMsg("k"), keyMsg("k")}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		next, _ := m.Update(keys[i%len(keys)])
		m = next.(Model)
		_ = m.View()
		i++
	}
}

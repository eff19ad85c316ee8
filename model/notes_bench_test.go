package model

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
	"github.com/briefing-dev/briefing/ui"
)

// runAll runs a command and every command its messages lead to,
// synchronously, feeding the messages back: what the Bubble Tea loop does
// between a key press and the frame that shows its effect.
func runAll(b *testing.B, m Model, cmd tea.Cmd) Model {
	if cmd == nil {
		return m
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			m = runAll(b, m, c)
		}
	default:
		next, c := m.Update(msg)
		m = runAll(b, next.(Model), c)
	}
	return m
}

// BenchmarkOpenBriefWith100kNotes opens a brief (render cached, as after the
// first visit or a prefetch) with 100,000 notes in the database, 100 of them
// on the brief opened: the notes, mark and draft are read and every note of
// the brief re-anchored before the frame that shows them.
func BenchmarkOpenBriefWith100kNotes(b *testing.B) {
	lib := fxLibrary(1000)
	store, err := sqlite.Open(filepath.Join(b.TempDir(), "briefing.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	const total, perBrief = 100_000, 100
	batch := make([]notes.Note, 0, 10_000)
	for i := range total {
		br := lib.Briefs()[i/perBrief]
		sec := i % len(br.Sections)
		batch = append(batch, notes.Note{
			ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Owner: "bench", BriefID: br.ID,
			Section: notes.Section{Kind: string(br.Sections[sec].Kind), Title: br.Sections[sec].Title, Index: sec},
			Quote:   fmt.Sprintf("Paragraph %d about", 1+i%2), Body: fmt.Sprintf("note %d", i),
		})
		if len(batch) == cap(batch) {
			if _, err := store.ImportNotes(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	m := New(Options{Library: lib, Theme: "dark", Store: store, Owner: "bench"})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = next.(Model)
	const open = 500
	for _, i := range []int{open - 1, open, open + 1} {
		cacheRender(b, m, lib, i)
	}
	id := lib.Briefs()[open].ID
	check := func(b *testing.B, got Model) {
		if len(got.BriefNotes()) != perBrief || !got.Reader().Ready() {
			b.Fatalf("opened with %d notes, ready %v", len(got.BriefNotes()), got.Reader().Ready())
		}
	}
	b.Run("cached-render", func(b *testing.B) {
		for b.Loop() {
			next, cmd := m.Update(ui.OpenBriefMsg{ID: id})
			check(b, runAll(b, next.(Model), cmd))
		}
	})
	// Cold: the brief and its two neighbours are rendered too (one after
	// the other here; the program runs the three renders in parallel).
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			cold := m
			cold.cache = ui.NewRenderCache(DefaultRenderCacheSize)
			cold.inflight = map[renderKey]bool{}
			next, cmd := cold.Update(ui.OpenBriefMsg{ID: id})
			check(b, runAll(b, next.(Model), cmd))
		}
	})
}

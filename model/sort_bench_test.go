package model

import (
	"testing"
	"time"

	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/ui"
)

// sortBenchModel is searchBenchModel (10,000 generated briefs, 50 folders,
// indexed, 120x40) with every third brief read.
func sortBenchModel(b *testing.B) Model {
	b.Helper()
	m := searchBenchModel(b)
	var marks []notes.Mark
	for i, br := range m.lib.Briefs() {
		if i%3 == 0 {
			marks = append(marks, notes.Mark{BriefID: br.ID, ReadAt: time.Unix(1, 0)})
		}
	}
	m.notes.marks = notes.NewMarks(marks, nil)
	m.library.SetMarks(m.notes.marks)
	m.countUnread()
	return m
}

// BenchmarkLibrarySort is the key S at 10,000 briefs, from the order before
// to each order, up to the next screen (the Update and the View). "cold"
// is the first switch to a grouped order after a load or reload, which
// works out the groups; later switches reuse them. "to-newest" lists the
// library in its own order, as showing the library did before there were
// orders: the baseline. "keystroke-*" is one key typed in the query bar
// (as BenchmarkQueryKeystroke) with the list newest first and by source.
func BenchmarkLibrarySort(b *testing.B) {
	base := sortBenchModel(b)
	prev := map[ui.SortOrder]ui.SortOrder{
		ui.SortNewest: ui.SortUnread, ui.SortSource: ui.SortNewest,
		ui.SortFolder: ui.SortSource, ui.SortUnread: ui.SortFolder,
	}
	sw := func(b *testing.B, to ui.SortOrder, cold bool) {
		from := base
		from.sort.order = prev[to]
		from.rearrange(false)
		if to.Grouped() {
			from.arrangementFor(to) // built once per library, kept by the session
		}
		b.ReportAllocs()
		for b.Loop() {
			m := from
			if cold {
				m.sort.lib = nil
			}
			next, _ := m.Update(keyMsg("S"))
			if next.(Model).sort.order != to {
				b.Fatalf("order %v, want %v", next.(Model).sort.order, to)
			}
			_ = next.(Model).View()
		}
	}
	b.Run("to-newest", func(b *testing.B) { sw(b, ui.SortNewest, false) })
	b.Run("to-source-cold", func(b *testing.B) { sw(b, ui.SortSource, true) })
	b.Run("to-source", func(b *testing.B) { sw(b, ui.SortSource, false) })
	b.Run("to-folder-cold", func(b *testing.B) { sw(b, ui.SortFolder, true) })
	b.Run("to-folder", func(b *testing.B) { sw(b, ui.SortFolder, false) })
	b.Run("to-unread", func(b *testing.B) { sw(b, ui.SortUnread, false) })

	keystroke := func(b *testing.B, o ui.SortOrder) {
		m := base
		m.sort.order = o
		m.rearrange(false)
		m = benchKeystrokes(b, m)
		if m.ListComponent().Len() == 0 || (o.Grouped() && m.ListComponent().Groups() == nil) {
			b.Fatal("nothing found, or not grouped")
		}
	}
	// What a grouped order adds to a search's results: the bucket pass
	// over 10,000 results with their snippets, by itself.
	b.Run("bucket-10k-results", func(b *testing.B) {
		m := base
		m.sort.order = ui.SortSource
		list := m.lib.Briefs()[1:] // not the library's own slice: results
		snips := make([]ui.Snippet, len(list))
		m.arrangementFor(ui.SortSource)
		b.ReportAllocs()
		for b.Loop() {
			if out, _, gs := m.arrange(list, snips); len(out) != len(list) || gs == nil {
				b.Fatal("not arranged")
			}
		}
	})
	b.Run("keystroke-newest", func(b *testing.B) { keystroke(b, ui.SortNewest) })
	b.Run("keystroke-source", func(b *testing.B) { keystroke(b, ui.SortSource) })
}

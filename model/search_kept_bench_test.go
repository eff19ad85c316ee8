package model

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/search"
)

// BenchmarkQueryKeystrokeKept is BenchmarkQueryKeystroke with the index
// opened from its file (Options.IndexPath's path), and built in memory as
// before, in the same run, at BRIEFING_BENCH_N generated briefs (default
// 10,000; the archive scale is BRIEFING_BENCH_N=100000).
func BenchmarkQueryKeystrokeKept(b *testing.B) {
	n := 10_000
	if v, err := strconv.Atoi(os.Getenv("BRIEFING_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	lib := genLibrary(b, n)
	path := filepath.Join(b.TempDir(), "index")
	if err := search.NewIndex(lib.Briefs()).Save(path); err != nil {
		b.Fatal(err)
	}
	ix, rep := search.Open(path, lib.Briefs(), search.OpenOptions{})
	if rep.Changed() {
		b.Fatalf("report %+v", rep)
	}
	for _, c := range []struct {
		name string
		ix   *search.Index
	}{{"file", ix}, {"memory", search.NewIndex(lib.Briefs())}} {
		b.Run(c.name, func(b *testing.B) {
			m := New(Options{Library: lib, Index: c.ix, Theme: "dark", DataDir: b.TempDir()})
			next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
			c0 := cpuTime()
			if benchKeystrokes(b, next.(Model)).ListComponent().Len() == 0 {
				b.Fatal("nothing found")
			}
			// With the five keys typed before the timer: a little high.
			b.ReportMetric(float64(cpuTime()-c0)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

package model

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/gencorpus"
)

// BenchmarkFirstRun measures the reader's first run (no catalog, no index)
// the way the reader loads: the loader of loadCmd, with an empty cache
// folder each time, to the library it lists complete; then the index built
// (openIndex, which reads the files again) and saved, and opened again from
// its file, as the reader does after the list. In each iteration it
// alternates with a plain briefs.Load of the same corpus (what
// BenchmarkLoad10k times), and reports the medians and their ratio, which
// the reader's target holds within 1.2x. It reports too the resident set
// the build adds at its peak (over the list's), and the heap and resident
// set once the opened index replaces the built one.
//
// It generates 10,000 briefs in 50 folders (as BenchmarkLoad10k); with
// BRIEFING_BENCH_DIR it uses that corpus instead:
//
//	BRIEFING_BENCH_DIR=/path/to/corpus100k go test ./model -run X -bench FirstRun -benchtime 3x
//
// The files are in the page cache (warm) after the first iteration: "first
// run" is about the data folder, not the disk.
func BenchmarkFirstRun(b *testing.B) {
	dir := os.Getenv("BRIEFING_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
		if err := gencorpus.Write(dir, gencorpus.DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
	paths := []string{dir}
	var load, loadCPU, list, listCPU, build, index []time.Duration
	var peak, after uint64 // heap at the list, and with the index built and the texts dropped
	// The resident set the build adds at its peak, the heap once the index
	// opened from the saved file is searched instead (as the reader does),
	// and the resident set then.
	var buildRSS, switched, switchedRSS []int64
	for b.Loop() {
		runtime.GC()
		t0, c0 := time.Now(), cpuTime()
		want := briefs.Load(paths, briefs.LoadOptions{}).Len()
		load, loadCPU = append(load, time.Since(t0)), append(loadCPU, cpuTime()-c0)
		runtime.GC()

		data := b.TempDir()
		cache := filepath.Join(data, "cache")
		t0, c0 = time.Now(), cpuTime()
		msg := loadCmd(paths, nil, cache)()
		var lib *briefs.Library
		for lib == nil {
			switch m := msg.(type) {
			case loadProgressMsg:
				msg = m.l.wait()
			case libraryLoadedMsg:
				if m.listed {
					b.Fatal("a first run listed a catalog")
				}
				lib = m.lib
			default:
				b.Fatalf("unexpected %T", msg)
			}
		}
		list, listCPU = append(list, time.Since(t0)), append(listCPU, cpuTime()-c0)
		if lib.Len() != want {
			b.Fatalf("listed %d briefs, want %d", lib.Len(), want)
		}
		peak = max(peak, heapInUse())
		rss0 := procStatus("VmRSS")
		measured := resetPeakRSS()
		t1 := time.Now()
		built := openIndex(filepath.Join(data, "index"), lib).(indexBuiltMsg)
		if !built.save || built.ix.Len() != want {
			b.Fatalf("index of %d briefs, save %v", built.ix.Len(), built.save)
		}
		built1 := time.Since(t1)
		build = append(build, built1)
		if measured {
			buildRSS = append(buildRSS, procStatus("VmHWM")-rss0)
		}
		after = max(after, heapInUse()) // the built index's, untimed
		t2 := time.Now()
		saved := saveIndexCmd(filepath.Join(data, "index"), built.ix, lib)().(indexSavedMsg)
		if saved.err != nil || saved.mapped == nil {
			b.Fatalf("save: %v, opened again %v", saved.err, saved.mapped != nil)
		}
		index = append(index, built1+time.Since(t2))
		runtime.KeepAlive(built.ix)
		built.ix, saved.from = nil, nil
		debug.FreeOSMemory()
		switched = append(switched, int64(heapInUse()))
		switchedRSS = append(switchedRSS, procStatus("VmRSS"))
		runtime.KeepAlive(saved.mapped)
		runtime.KeepAlive(lib)
	}
	ms := func(ds []time.Duration) float64 { return float64(median(ds)) / 1e6 }
	b.ReportMetric(ms(load), "load-ms")
	b.ReportMetric(ms(loadCPU), "load-cpu-ms")
	b.ReportMetric(ms(list), "list-ms")
	b.ReportMetric(ms(listCPU), "list-cpu-ms")
	b.ReportMetric(ms(list)/ms(load), "list/load")
	b.ReportMetric(ms(build), "build-ms")
	b.ReportMetric(ms(index), "index-ms")
	b.ReportMetric(float64(after)/(1<<20), "heap-with-index-MiB")
	b.ReportMetric(float64(peak)/(1<<20), "heap-at-list-MiB")
	mib := func(v []int64) float64 { return float64(slices.Sorted(slices.Values(v))[len(v)/2]) / (1 << 20) }
	b.ReportMetric(mib(switched), "heap-after-switch-MiB")
	b.ReportMetric(mib(switchedRSS), "rss-after-switch-MiB")
	if len(buildRSS) > 0 {
		b.ReportMetric(mib(buildRSS), "build-peak-rss-MiB")
	}
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

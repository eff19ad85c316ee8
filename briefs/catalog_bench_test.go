package briefs

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/gencorpus"
)

// The archive benchmarks run on 10,000 briefs (in CI, -benchtime 1x) and on
// any size by command:
//
//	BRIEFING_BENCH_N=100000 go test ./briefs -run X -bench 'Start|Edit' -benchtime 3x
//
// generates 100,000 briefs in 500 folders first (minutes); with
// BRIEFING_BENCH_DIR=/path/to/corpus an existing corpus is used instead
// (gencorpus -n 100000 -dirs 500 -size 5000 DIR makes one).
func archiveCorpus(b *testing.B) (dir string, n int) {
	if d := os.Getenv("BRIEFING_BENCH_DIR"); d != "" {
		return d, 0
	}
	n = 10000
	if s := os.Getenv("BRIEFING_BENCH_N"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("BRIEFING_BENCH_N=%q", s)
		}
		n = v
	}
	if n == 10000 {
		return corpus10kDir(b), n
	}
	dir = b.TempDir()
	opts := gencorpus.DefaultOptions()
	opts.N, opts.Dirs = n, max(1, n/200)
	if err := gencorpus.Write(dir, opts); err != nil {
		b.Fatal(err)
	}
	return dir, n
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// BenchmarkStart measures a start against today's full load, alternating
// the two in each iteration: "full" reads and parses every file (Load with
// no catalog), "warm" lists from the catalog with nothing changed (a stat
// per file, no read). It reports the median of each in ms of wall and CPU,
// their ratio, the cold start (read all, write the catalog) once, and the
// heap the warm library holds against the corpus's size.
func BenchmarkStart(b *testing.B) {
	dir, n := archiveCorpus(b)
	cache := b.TempDir()

	t0, c0 := time.Now(), cpuTime()
	cold := Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache})
	coldWall, coldCPU := time.Since(t0), cpuTime()-c0
	if n > 0 && cold.Len() != n {
		b.Fatalf("%d briefs, want %d", cold.Len(), n)
	}
	var full, warm, fullCPU, warmCPU []time.Duration
	var lib *Library
	for b.Loop() {
		t0, c0 := time.Now(), cpuTime()
		Load([]string{dir}, LoadOptions{Now: ahead})
		full, fullCPU = append(full, time.Since(t0)), append(fullCPU, cpuTime()-c0)
		runtime.GC()
		read := 0
		t0, c0 = time.Now(), cpuTime()
		lib = Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache, OnRead: func(*Brief) { read++ }})
		warm, warmCPU = append(warm, time.Since(t0)), append(warmCPU, cpuTime()-c0)
		if read != 0 || lib.Len() != cold.Len() {
			b.Fatalf("warm start read %d files, listed %d of %d", read, lib.Len(), cold.Len())
		}
		runtime.GC()
	}
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	b.ReportMetric(ms(median(full)), "full-ms")
	b.ReportMetric(ms(median(fullCPU)), "full-cpu-ms")
	b.ReportMetric(ms(median(warm)), "warm-ms")
	b.ReportMetric(ms(median(warmCPU)), "warm-cpu-ms")
	b.ReportMetric(float64(median(warm))/float64(median(full)), "warm/full")
	b.ReportMetric(ms(coldWall), "cold-ms")
	b.ReportMetric(ms(coldCPU), "cold-cpu-ms")
	total := cold.TotalBytes()
	lib, cold = nil, nil
	before := heapInUse()
	lib = Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache})
	held := float64(heapInUse()) - float64(before)
	b.ReportMetric(held/(1<<20), "warm-heap-MiB")
	b.ReportMetric(held/float64(total), "heap/corpus")
	runtime.KeepAlive(lib)
}

// BenchmarkEdit measures an edit to one brief reaching the library as
// Watch brings it: "files" reloads the file that changed (what a watch
// event names), against "walk", a reload that walks and stats every file
// (Watch before), alternating in each iteration.
func BenchmarkEdit(b *testing.B) {
	dir, _ := archiveCorpus(b)
	if os.Getenv("BRIEFING_BENCH_DIR") != "" {
		b.Skip("edits files: runs on a generated corpus only")
	}
	cache := b.TempDir()
	opts := LoadOptions{Now: ahead, CacheDir: cache}
	c, _ := openCatalog([]string{dir}, opts)
	opts.reuse = c
	lib := Load([]string{dir}, opts)
	victim := lib.Briefs()[lib.Len()/2]
	orig, err := os.ReadFile(victim.Path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.WriteFile(victim.Path, orig, 0o644) })
	var files, walk []time.Duration
	i := 0
	edit := func() {
		i++
		if err := os.WriteFile(victim.Path, fmt.Appendf(append([]byte(nil), orig...), "\nEdit %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		edit()
		t0 := time.Now()
		next := c.reloadFiles([]string{victim.Path}, opts)
		if next == nil {
			b.Fatal("reloadFiles gave up")
		}
		Diff(lib, next)
		files = append(files, time.Since(t0))
		edit()
		t0 = time.Now()
		next = Load([]string{dir}, opts)
		Diff(lib, next)
		walk = append(walk, time.Since(t0))
		lib = next
	}
	b.ReportMetric(float64(median(files))/1e6, "files-ms")
	b.ReportMetric(float64(median(walk))/1e6, "walk-ms")
	b.ReportMetric(float64(median(files))/float64(median(walk)), "files/walk")
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s[len(s)/2]
}

// BenchmarkListed measures what a reader shows first on a warm start: the
// library as the catalog lists it (Listed: the catalog read and decoded,
// the library sorted), before any file is looked at. The catalog is made
// once by a cold load of the corpus.
//
//	BRIEFING_BENCH_DIR=/path/to/corpus100k go test ./briefs -run X -bench Listed -benchtime 5x
func BenchmarkListed(b *testing.B) {
	dir, n := archiveCorpus(b)
	cache := b.TempDir()
	cold := Load([]string{dir}, LoadOptions{CacheDir: cache})
	if n > 0 && cold.Len() != n {
		b.Fatalf("%d briefs, want %d", cold.Len(), n)
	}
	cold = nil
	runtime.GC()
	var wall, cpu []time.Duration
	for b.Loop() {
		t0, c0 := time.Now(), cpuTime()
		lib, ok := Listed([]string{dir}, LoadOptions{CacheDir: cache})
		wall, cpu = append(wall, time.Since(t0)), append(cpu, cpuTime()-c0)
		if !ok || (n > 0 && lib.Len() != n) {
			b.Fatalf("listed %v, ok %v", lib.Len(), ok)
		}
		runtime.GC()
	}
	b.ReportMetric(float64(median(wall))/1e6, "listed-ms")
	b.ReportMetric(float64(median(cpu))/1e6, "listed-cpu-ms")
}

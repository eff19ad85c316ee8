package briefs

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/gencorpus"
)

// corpus10k is generated once per test binary (generating takes longer than loading)
// and removed by TestMain.
var corpus10k struct {
	once sync.Once
	dir  string
	err  error
}

func corpus10kDir(b *testing.B) string {
	corpus10k.once.Do(func() {
		corpus10k.dir, corpus10k.err = os.MkdirTemp("", "briefing-corpus-")
		if corpus10k.err == nil {
			corpus10k.err = gencorpus.Write(corpus10k.dir, gencorpus.DefaultOptions())
		}
	})
	if corpus10k.err != nil {
		b.Fatal(corpus10k.err)
	}
	return corpus10k.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if corpus10k.dir != "" {
		os.RemoveAll(corpus10k.dir)
	}
	os.Exit(code)
}

// BenchmarkLoad10k measures the load target: 10,000 briefs of about 5 KB in
// 50 folders read, parsed and sorted (<= 400 ms wall on 2 cores). The files are in
// the page cache, as they are after the first run on a real machine.
func BenchmarkLoad10k(b *testing.B) {
	dir := corpus10kDir(b)
	opts := gencorpus.DefaultOptions()
	b.ReportAllocs()
	var lib *Library
	// CPU time is reported beside wall time: on a shared machine the wall time
	// swings with the neighbours' load, the CPU time much less. On 2 idle cores
	// wall time approaches cpu-ms/2.
	cpu0 := cpuTime()
	for b.Loop() {
		lib = Load([]string{dir}, LoadOptions{})
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
	if lib.Len() != opts.N {
		b.Fatalf("loaded %d briefs, want %d; warnings %v", lib.Len(), opts.N, lib.Warnings())
	}
	b.SetBytes(lib.TotalBytes())
}

// BenchmarkReload10k measures a reload of the 10,000 briefs when none changed,
// as Watch's reloads do after the first: the walk and a stat of every file,
// no reads or parses. (The cache trusts the stamps of the generated files at
// once, as it does a file's older than racyWindow.)
func BenchmarkReload10k(b *testing.B) {
	dir := corpus10kDir(b)
	opts := gencorpus.DefaultOptions()
	c := newReloadCache()
	Load([]string{dir}, LoadOptions{Now: ahead, reuse: c})
	b.ReportAllocs()
	var lib *Library
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		lib = Load([]string{dir}, LoadOptions{Now: ahead, reuse: c})
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
	if lib.Len() != opts.N {
		b.Fatalf("loaded %d briefs, want %d; warnings %v", lib.Len(), opts.N, lib.Warnings())
	}
}

// BenchmarkLoad10kReadOnly measures reading the same files in parallel without
// checking, hashing or parsing them: the floor under BenchmarkLoad10k.
func BenchmarkLoad10kReadOnly(b *testing.B) {
	dir := corpus10kDir(b)
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	for b.Loop() {
		var wg sync.WaitGroup
		next := make(chan string, 256)
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for f := range next {
					if _, _, err := readFile(job{path: f}, DefaultMaxSize, nil); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		for _, f := range files {
			next <- f
		}
		close(next)
		wg.Wait()
	}
}

// TestLoad10kTarget checks the wall-time target once (not under -short): the median
// of three loads of the generated corpus must stay within 400 ms.
func TestLoad10kTarget(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a 50 MB corpus")
	}
	if os.Getenv("BRIEFING_LOAD_TARGET") == "" {
		t.Skip("set BRIEFING_LOAD_TARGET=1 to check the 400 ms load target (timing-sensitive)")
	}
	dir := t.TempDir()
	if err := gencorpus.Write(dir, gencorpus.DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	var times []time.Duration
	for range 3 {
		start := time.Now()
		lib := Load([]string{dir}, LoadOptions{})
		times = append(times, time.Since(start))
		if lib.Len() != 10000 {
			t.Fatalf("loaded %d briefs", lib.Len())
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	t.Logf("load times %v", times)
	if times[1] > 400*time.Millisecond {
		t.Errorf("median load %v, target 400ms", times[1])
	}
}

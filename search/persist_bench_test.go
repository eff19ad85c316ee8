package search

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
)

// BenchmarkPersist measures the persistent index against today's path, an
// index built in memory at every start (NewIndex), in the same run: the
// cold build and save, the file, opening it warm against the library (the
// briefs listed without their text, as the catalog lists them), ranked
// top-50 searches of 1-3 words on the opened index and on NewIndex's, the
// resident memory the opened index adds and the heap NewIndex's keeps, and
// an edit to one brief reaching the opened index (Apply). See
// scaleBriefs for the corpus; compare BenchmarkFTS5.
func BenchmarkPersist(b *testing.B) {
	bs, size := scaleBriefs(b)
	qs := scaleQueries(bs)
	parsed := make([]*Query, len(qs))
	for i, s := range qs {
		parsed[i], _ = ParseQuery(s)
	}
	search := func(ix *Index, rounds int) []time.Duration {
		var ts []time.Duration
		for range rounds {
			for _, q := range parsed {
				t := time.Now()
				ix.Search(q, SearchOptions{PrefixLast: true})
				ts = append(ts, time.Since(t))
			}
		}
		return ts
	}
	path := filepath.Join(b.TempDir(), "index")
	for b.Loop() {
		t0 := time.Now()
		c0 := cpuTime()
		ix, _ := Open(path, bs, OpenOptions{})
		built := time.Since(t0)
		if err := ix.Save(path); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(built.Milliseconds()), "build-ms")
		b.ReportMetric(float64(time.Since(t0).Milliseconds()), "build+save-ms")
		b.ReportMetric(float64((cpuTime() - c0).Milliseconds()), "build+save-cpu-ms")
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(fi.Size())/1e6, "file-MB")
	b.ReportMetric(float64(fi.Size())/float64(size), "file/corpus")

	// Today's path first, while the texts are in memory.
	heap0 := heapInUse()
	t0 := time.Now()
	mem := NewIndex(bs)
	b.ReportMetric(float64(time.Since(t0).Milliseconds()), "base-build-ms")
	b.ReportMetric(float64(heapInUse()-heap0)/1e6, "base-heap-MB")
	ts := search(mem, 5)
	b.ReportMetric(float64(median(ts).Microseconds())/1000, "base-median-ms")
	b.ReportMetric(float64(percentile(ts, 99).Microseconds())/1000, "base-p99-ms")
	mem = nil

	// Then the briefs as the catalog lists them, without their text: the
	// texts are dropped (later benchmarks in this run get no corpus), so
	// that the collector does not walk the corpus during what is timed.
	bare := listed(bs)
	edited := *bs[len(bs)/2]
	edited.Hash += "-edited"
	edited.Sections = append(edited.Sections[:0:0], edited.Sections...)
	edited.Sections[0].Body += " freshly edited words"
	bs, scaleCorpus.bs = nil, nil
	heap0, rss0 := heapInUse(), residentBytes()
	var opens []time.Duration
	var ix *Index
	c0 := cpuTime()
	for range 5 {
		t0 := time.Now()
		var rep OpenReport
		ix, rep = Open(path, bare, OpenOptions{})
		opens = append(opens, time.Since(t0))
		if rep.Changed() {
			b.Fatalf("warm open indexed: %+v", rep)
		}
	}
	b.ReportMetric(float64(median(opens).Microseconds())/1000, "open-ms")
	b.ReportMetric(float64((cpuTime()-c0).Microseconds())/5000, "open-cpu-ms")
	cold := search(ix, 1) // the hits' texts read from disk
	b.ReportMetric(float64(median(cold).Microseconds())/1000, "first-median-ms")
	timings(b, append(cold, search(ix, 4)...))
	b.ReportMetric(float64(heapInUse()-heap0)/1e6, "open-heap-MB")
	b.ReportMetric(float64(residentBytes()-rss0)/1e6, "rss-added-MB")

	// One brief edited: the opened index takes it as the watcher gives it.
	t0 = time.Now()
	ix.Apply(briefsChange(bare[len(bare)/2], &edited))
	b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "edit-ms")
}

func percentile(ts []time.Duration, p int) time.Duration {
	c := append([]time.Duration(nil), ts...)
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	return c[len(c)*p/100]
}

func median(ts []time.Duration) time.Duration { return percentile(ts, 50) }

// briefsChange is the watcher's change for one edited brief.
func briefsChange(old, next *briefs.Brief) briefs.Change {
	return briefs.Change{Updated: [][2]*briefs.Brief{{old, next}}}
}

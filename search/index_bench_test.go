package search

import (
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
)

// reportIndexCPU reports the CPU time per op since start.
func reportIndexCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

var benchCorpus struct {
	once  sync.Once
	bs    []*briefs.Brief
	bytes int64
	ix    *Index
}

// benchBriefs is the shared benchmark corpus: 10,000 briefs of about 5 KB.
func benchBriefs(b *testing.B) ([]*briefs.Brief, int64) {
	benchCorpus.once.Do(func() {
		benchCorpus.bs, benchCorpus.bytes = genBriefs(10000, 5000)
	})
	return benchCorpus.bs, benchCorpus.bytes
}

func benchIndex(b *testing.B) *Index {
	bs, _ := benchBriefs(b)
	if benchCorpus.ix == nil {
		benchCorpus.ix = NewIndex(bs)
	}
	return benchCorpus.ix
}

func BenchmarkIndexBuild(b *testing.B) {
	bs, size := benchBriefs(b)
	b.SetBytes(size)
	b.ResetTimer()
	c0 := cpuTime()
	for b.Loop() {
		NewIndex(bs)
	}
	reportIndexCPU(b, c0)
}

// BenchmarkIndexMemory reports the heap the index keeps (index-bytes) against the
// corpus text (corpus-bytes).
func BenchmarkIndexMemory(b *testing.B) {
	bs, size := benchBriefs(b)
	var ix *Index
	var kept uint64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ix = NewIndex(bs)
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept = after.HeapAlloc - before.HeapAlloc
	}
	runtime.KeepAlive(ix)
	b.ReportMetric(float64(kept), "index-bytes")
	b.ReportMetric(float64(size), "corpus-bytes")
	b.ReportMetric(float64(kept)/float64(size), "index/corpus")
}

// BenchmarkIndexFilterStructured parses and matches a query of fields only.
func BenchmarkIndexFilterStructured(b *testing.B) {
	ix := benchIndex(b)
	now := time.Date(2026, 6, 24, 12, 0, 0, 0, time.UTC)
	b.ResetTimer()
	c0 := cpuTime()
	n := 0
	for b.Loop() {
		q, err := ParseQuery(`section:next after:2025-03-01 before:2026-01-01 -tag:kalo OR title:mi`)
		if err != nil {
			b.Fatal(err)
		}
		n = len(ix.Filter(q, SearchOptions{Now: now}))
	}
	reportIndexCPU(b, c0)
	b.ReportMetric(float64(n), "matches")
}

// benchQueries are searches of 1-3 words, common and rare, as typed (the last
// word a prefix); benchPhrases are quoted phrases, answered from positions.
var (
	benchQueries = []string{
		"kalo", "mi ne", "lomi rasu", "tode", "vi de an", "café", "müller naive", "konra", "protal dor",
		"an el", "ber", "lanmes", "moka", "ra to su", "sa", "te un ve", "ka", "dor me",
	}
	benchPhrases = []string{`"mi ne"`, `"an el"`, `"vi de"`, `東京`}
)

// BenchmarkIndexSearch runs ranked searches of 1-3 words with the last one as a
// prefix, as typed in the query bar, and reports the median and p99 per search.
func BenchmarkIndexSearch(b *testing.B) { benchSearch(b, benchQueries) }

// BenchmarkIndexSearchPhrase is BenchmarkIndexSearch for quoted phrases.
func BenchmarkIndexSearchPhrase(b *testing.B) { benchSearch(b, benchPhrases) }

func benchSearch(b *testing.B, queries []string) {
	ix := benchIndex(b)
	var qs []*Query
	for _, s := range queries {
		q, err := ParseQuery(s)
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, q)
	}
	var times []time.Duration
	i := 0
	b.ResetTimer()
	c0 := cpuTime()
	for b.Loop() {
		t0 := time.Now()
		ix.Search(qs[i%len(qs)], SearchOptions{PrefixLast: true})
		times = append(times, time.Since(t0))
		i++
	}
	reportIndexCPU(b, c0)
	sort.Slice(times, func(a, c int) bool { return times[a] < times[c] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}

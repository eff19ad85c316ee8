package search

import (
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
)

// The persistence benchmarks run at 10,000 generated briefs by default (in CI,
// with -benchtime 1x). At archive scale they read a corpus from disk:
//
//	go run ./internal/gencorpus/cmd/gencorpus -n 100000 -dirs 500 -size 5000 /tmp/corpus100k
//	BRIEFING_BENCH_DIR=/tmp/corpus100k go test ./search -run '^$' -bench 'Persist|FTS5' -benchtime 1x
var scaleCorpus struct {
	once  sync.Once
	bs    []*briefs.Brief
	bytes int64
	words []string
}

// scaleBriefs is the corpus of the persistence benchmarks: the folder
// BRIEFING_BENCH_DIR when set, else BRIEFING_BENCH_N (default 10,000)
// generated briefs of about 5 KB.
func scaleBriefs(b *testing.B) ([]*briefs.Brief, int64) {
	scaleCorpus.once.Do(func() {
		if dir := os.Getenv("BRIEFING_BENCH_DIR"); dir != "" {
			lib := briefs.Load([]string{dir}, briefs.LoadOptions{})
			scaleCorpus.bs = lib.Briefs()
			for _, x := range scaleCorpus.bs {
				scaleCorpus.bytes += x.Size
			}
			return
		}
		n := 10000
		if s := os.Getenv("BRIEFING_BENCH_N"); s != "" {
			if v, err := strconv.Atoi(s); err == nil && v > 0 {
				n = v
			}
		}
		scaleCorpus.bs, scaleCorpus.bytes = genBriefs(n, 5000)
	})
	if len(scaleCorpus.bs) == 0 {
		b.Skip("empty corpus")
	}
	return scaleCorpus.bs, scaleCorpus.bytes
}

// scaleQueries are 1-3 word queries over the scale corpus, as typed (the
// last word a prefix): common and rare words picked from its own titles and
// bodies, so that they hit whichever corpus is in use.
func scaleQueries(bs []*briefs.Brief) []string {
	if scaleCorpus.words != nil {
		return scaleCorpus.words
	}
	var words []string
	for i := 0; i < len(bs) && len(words) < 60; i += max(1, len(bs)/60) {
		for _, w := range strings.Fields(bs[i].Title) {
			if len(w) > 3 && strings.IndexFunc(w, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) < 0 {
				words = append(words, strings.ToLower(w))
			}
		}
	}
	var qs []string
	for i := 0; i+2 < len(words) && len(qs) < 30; i += 3 {
		switch len(qs) % 3 {
		case 0:
			qs = append(qs, words[i])
		case 1:
			qs = append(qs, words[i]+" "+words[i+1])
		default:
			qs = append(qs, words[i]+" "+words[i+1]+" "+words[i+2][:3])
		}
	}
	scaleCorpus.words = qs
	return qs
}

// timings reports the median and p99 of ts in ms.
func timings(b *testing.B, ts []time.Duration) {
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	b.ReportMetric(float64(ts[len(ts)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(ts[len(ts)*99/100].Microseconds())/1000, "p99-ms")
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

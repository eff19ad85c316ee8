package briefs

import (
	"testing"

	"github.com/briefing-dev/briefing/internal/gencorpus"
)

// BenchmarkParseCorpus parses the first 1,000 briefs of the generated
// corpus (every house style, front matter in YAML and TOML, names in
// several scripts) from memory: the parse CPU of a cold load without its
// reads, on one core, which is steadier than BenchmarkLoad10k on a shared
// machine.
func BenchmarkParseCorpus(b *testing.B) {
	opts := gencorpus.DefaultOptions()
	files := make([][]byte, 1000)
	total := 0
	for i := range files {
		_, files[i] = gencorpus.Brief(i, opts)
		total += len(files[i])
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		for _, data := range files {
			Parse("brief.md", data)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
}

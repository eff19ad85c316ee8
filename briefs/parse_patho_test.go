package briefs

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

// pathoShape is a hostile file shape, written at about a given size.
type pathoShape struct {
	name string
	gen  func(size int) []byte
}

// pathoShapes are the shapes of file that once stalled or swamped the
// loader or the reader: each is cheap to write and was costly to read.
var pathoShapes = []pathoShape{
	{"paragraphs", repeated("", func(int) string { return "a\n\n" })},
	{"why-headings", repeated("", func(int) string { return "## Why it matters\n\nStakes.\n\n" })},
	{"other-headings", repeated("", func(i int) string { return fmt.Sprintf("## Heading %06d\n\nText.\n\n", i) })},
	{"yaml-unclosed", repeated("---\ntitle: Open\n", func(i int) string { return fmt.Sprintf("key%06d: value\n", i) })},
	{"toml-unclosed", repeated("+++\ntitle = \"Open\"\n", func(i int) string { return fmt.Sprintf("key%06d = \"value\"\n", i) })},
	{"nested-lists", repeated("", func(int) string { return strings.Repeat("- ", 500) + "deep\n" })},
	{"star-underscore", repeated("", func(int) string { return strings.Repeat("*_", 50) + "\n" })},
	{"open-fence", repeated("```\n", func(int) string { return "code line\n" })},
	{"wide-table", func(size int) []byte {
		// 50,000 columns, or fewer when the file is too small for three rows.
		cols := min(50_000, max(2, size/12))
		row := "|" + strings.Repeat(" x |", cols) + "\n"
		head := "|" + strings.Repeat(" c |", cols) + "\n|" + strings.Repeat("---|", cols) + "\n"
		return repeated(head, func(int) string { return row })(size)
	}},
}

// repeated writes head, then unit(0), unit(1) … up to size bytes (never
// more, but at least the head and one unit).
func repeated(head string, unit func(i int) string) func(size int) []byte {
	return func(size int) []byte {
		var sb strings.Builder
		sb.Grow(size)
		sb.WriteString(head)
		for i := 0; ; i++ {
			u := unit(i)
			if i > 0 && sb.Len()+len(u) > size {
				break
			}
			sb.WriteString(u)
		}
		return []byte(sb.String())
	}
}

// BenchmarkPatho loads each hostile shape at 1, 4 and 8 MiB (the default size
// limit) through LoadFS, as the reader does, and reports time (wall and CPU:
// this machine's cores are shared) and bytes allocated per MiB of file: a
// cost that stops being linear, or a constant that grows, shows as a number
// that moves between sizes or runs.
func BenchmarkPatho(b *testing.B) {
	for _, p := range pathoShapes {
		for _, mb := range []int{1, 4, 8} {
			b.Run(fmt.Sprintf("%s/%dMB", p.name, mb), func(b *testing.B) {
				data := p.gen(mb << 20)
				fsys := fstest.MapFS{"patho.md": {Data: data}}
				perMB := float64(len(data)) / (1 << 20)
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				cpu0 := cpuTime()
				b.ResetTimer()
				for b.Loop() {
					if lib := LoadFS(fsys, ".", LoadOptions{Workers: 1}); lib.Len() != 1 {
						b.Fatalf("%d briefs loaded, want 1", lib.Len())
					}
				}
				b.StopTimer()
				cpu := cpuTime() - cpu0
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/perMB, "ns/MB")
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/perMB, "cpu-ns/MB")
				b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/perMB, "B/MB")
			})
		}
	}
}

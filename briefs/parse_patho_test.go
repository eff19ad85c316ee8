package briefs

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
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

// allocated returns what f allocates, in bytes.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// cutAt returns the warning of a split cut by a budget, or "".
func cutAt(warns []string) string {
	for _, w := range warns {
		if strings.Contains(w, "not split into sections") {
			return w
		}
	}
	return ""
}

// TestPathoShapes: each hostile shape, at 1 MiB, allocates less than 20
// times its size while parsing (it took up to 147 times, and seconds), is
// listed with all of its text, and past a budget says where it stopped
// splitting.
func TestPathoShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 9 MiB")
	}
	for _, p := range pathoShapes {
		t.Run(p.name, func(t *testing.T) {
			data := p.gen(1 << 20)
			var b *Brief
			var warns []string
			if n := allocated(func() { b, warns = Parse("patho.md", data) }); n > 20*uint64(len(data)) {
				t.Errorf("allocated %d bytes, %.1f times the file", n, float64(n)/float64(len(data)))
			}
			if len(b.Sections) == 0 {
				t.Fatal("no sections")
			}
			last := b.Sections[len(b.Sections)-1].Body
			if end := strings.TrimSpace(string(data[len(data)-64:])); !strings.HasSuffix(last, end) {
				t.Errorf("the last section does not end the file: %q", last[max(0, len(last)-64):])
			}
			lim := limitsFor(len(data))
			want := map[string]string{
				"paragraphs":     fmt.Sprintf("more than %d lines: from line %d on", lim.lines, lim.lines+1),
				"why-headings":   "more than 1000 sections: from line 4001 on",
				"other-headings": "more than 1000 sections: from line 4001 on",
				"nested-lists":   fmt.Sprintf("more than %d markdown blocks", lim.blocks),
				"open-fence":     fmt.Sprintf("more than %d lines: from line %d on", lim.lines, lim.lines+1),
			}[p.name]
			if got := cutAt(warns); !strings.Contains(got, want) || (want == "") != (got == "") {
				t.Errorf("cut warning %q, want one with %q", got, want)
			}
			checkAccounting(t, data)
		})
	}
}

// TestPathoShapesSmall: the shapes at 4 KiB are within every budget, and
// split as they read.
func TestPathoShapesSmall(t *testing.T) {
	shape := map[string]pathoShape{}
	for _, p := range pathoShapes {
		shape[p.name] = p
	}
	for _, tc := range []struct {
		shape string
		warn  string // substring of the one warning; "" for none
		kinds map[Kind]int
	}{
		{"paragraphs", "", map[Kind]int{KindLead: 1}},
		{"why-headings", "", map[Kind]int{KindWhyItMatters: 146}},
		{"other-headings", "", map[Kind]int{KindOther: 157}},
		{"yaml-unclosed", "front matter not closed", map[Kind]int{KindLead: 1}},
		{"toml-unclosed", "front matter not closed", map[Kind]int{KindLead: 1}},
		{"nested-lists", "nested deeper than 32 levels", map[Kind]int{KindLead: 1}},
		{"star-underscore", "", map[Kind]int{KindLead: 1}},
		{"open-fence", "", map[Kind]int{KindLead: 1}},
		{"wide-table", "", map[Kind]int{KindLead: 1}},
	} {
		t.Run(tc.shape, func(t *testing.T) {
			data := shape[tc.shape].gen(4 << 10)
			b, warns := Parse("patho.md", data)
			if (tc.warn == "" && len(warns) > 0) || (tc.warn != "" && (len(warns) != 1 || !strings.Contains(warns[0], tc.warn))) {
				t.Errorf("warnings %q, want %q", warns, tc.warn)
			}
			kinds := map[Kind]int{}
			for _, s := range b.Sections {
				kinds[s.Kind]++
			}
			if fmt.Sprint(kinds) != fmt.Sprint(tc.kinds) {
				t.Errorf("sections by kind %v, want %v", kinds, tc.kinds)
			}
			checkAccounting(t, data)
			checkAccountingWith(t, data, tinyLimits(data))
		})
	}
}

// TestParseBudgets: past each budget the split stops where the warning
// says, the sections before it are kept, and the rest ends the last
// section as written.
func TestParseBudgets(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("---\ntitle: Budgets\n---\n") // 3 lines: warnings count them
	for i := range 3000 {
		fmt.Fprintf(&sb, "## Part %d\n\nText %d.\n\n", i, i) // 4 lines, 2 blocks
	}
	data := []byte(sb.String())
	huge := limits{lines: 1 << 30, blocks: 1 << 30, sections: 1 << 30, time: time.Hour}
	for _, tc := range []struct {
		name     string
		lim      limits
		warn     string
		sections int
	}{
		{"lines", limits{lines: 40, blocks: huge.blocks, sections: huge.sections, time: time.Hour},
			"more than 40 lines: from line 44 on", 10},
		{"blocks", limits{lines: huge.lines, blocks: 21, sections: huge.sections, time: time.Hour},
			"more than 21 markdown blocks (paragraphs, headings, list items): from line 46 on", 11},
		{"sections", limits{lines: huge.lines, blocks: huge.blocks, sections: 7, time: time.Hour},
			"more than 7 sections: from line 32 on", 7},
		// The clock is read every 256 blocks and every 1024 lines.
		{"time", limits{lines: huge.lines, blocks: huge.blocks, sections: huge.sections, time: time.Nanosecond},
			"splitting took longer than 1ns: from line 516 on", 128},
		{"none", huge, "", 3000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := parseLimited("budget.md", data, nil, tc.lim)
			b := r.brief
			if got := cutAt(b.Warnings); got != "" && tc.warn == "" || !strings.Contains(got, tc.warn) {
				t.Errorf("warnings %q, want one with %q", b.Warnings, tc.warn)
			}
			if len(b.Sections) != tc.sections {
				t.Fatalf("%d sections, want %d", len(b.Sections), tc.sections)
			}
			for i, s := range b.Sections {
				if title := fmt.Sprintf("Part %d", i); s.Title != title {
					t.Fatalf("section %d is %q, want %q", i, s.Title, title)
				}
			}
			last := b.Sections[len(b.Sections)-1]
			if !strings.HasSuffix(last.Body, "## Part 2999\n\nText 2999.") && tc.warn != "" {
				t.Errorf("the rest is not in the last section: it ends %q", last.Body[max(0, len(last.Body)-40):])
			}
			checkAccountingWith(t, data, tc.lim)
		})
	}
}

// TestLoadPathoWithOthers: hostile files do not keep the others from
// loading, and are listed themselves.
func TestLoadPathoWithOthers(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md": {Data: []byte("# Alpha\n\n**Why it matters:** First.\n")},
		"b.md": {Data: []byte("# Beta\n\n## Outlook\nLater.\n")},
	}
	for _, p := range pathoShapes {
		fsys["patho-"+p.name+".md"] = &fstest.MapFile{Data: p.gen(256 << 10)}
	}
	lib := LoadFS(fsys, ".", LoadOptions{})
	if lib.Len() != 2+len(pathoShapes) {
		t.Fatalf("%d briefs listed, want %d: %q", lib.Len(), 2+len(pathoShapes), lib.Warnings())
	}
	for _, id := range []string{"a.md", "b.md"} {
		if b, ok := lib.Get(id); !ok || len(b.Warnings) > 0 || len(b.Sections) != 1 {
			t.Errorf("%s: %+v", id, b)
		}
	}
}

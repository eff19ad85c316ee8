// Package gencorpus writes a synthetic library of briefs for benchmarks and load
// tests: deterministic from a seed, every house style of docs/format.md, fictional
// vocabulary varied enough for full-text search (accented names, a little CJK).
//
// Brief i depends only on i and the options, so a benchmark can regenerate one file
// or check a search hit without reading the corpus back.
package gencorpus

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options sizes the corpus.
type Options struct {
	N    int    // number of briefs
	Dirs int    // folders they are spread over (brief i goes to folder i % Dirs)
	Size int    // approximate size of each brief in bytes
	Seed uint64 // same seed, same corpus
}

// DefaultOptions is the corpus of the load target: 10,000 briefs of about
// 5 KB in 50 folders.
func DefaultOptions() Options { return Options{N: 10000, Dirs: 50, Size: 5000, Seed: 1} }

func (o Options) norm() Options {
	if o.Dirs <= 0 {
		o.Dirs = 1
	}
	if o.Size <= 0 {
		o.Size = 5000
	}
	return o
}

// Style is a house style the generator writes.
type Style int

// The house styles, in the order brief i cycles through them (style = i % NumStyles).
const (
	Newsweek   Style = iota // ATX headings, a sub-heading inside What To Know
	Axios                   // bold lead-ins
	PlainPaste              // .txt, one paragraph a line, no blank lines
	BLUFMemo                // .txt memo with BLUF / Background / Discussion / Recommendation
	Setext                  // setext headings
	YAMLFront               // YAML front matter + headings
	TOMLFront               // TOML front matter + lead-ins
	Assessment              // Key Judgments / Scope Note / Indicators to Watch
	Semafor                 // The News / Know More / The View From …
	Digest                  // newsletter digest with numbered items
	NumStyles  = iota
)

// StyleOf returns the house style of brief i.
func StyleOf(i int) Style { return Style(i % int(NumStyles)) }

// base is the first day of the corpus calendar; briefs spread over the 360 days after it, all in 2026.
var base = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Date returns the date brief i stands for: its front-matter date when its style has
// front matter, and the modification time Write gives the file otherwise.
func Date(i int, opts Options) time.Time {
	r := rng(i, opts, 1)
	return base.Add(time.Duration(r.IntN(360*24*60)) * time.Minute).Truncate(time.Minute)
}

func rng(i int, opts Options, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(opts.Seed*0x9E3779B97F4A7C15+stream, uint64(i)))
}

// Brief returns the slash-separated relative path and the content of brief i.
func Brief(i int, opts Options) (relPath string, data []byte) {
	opts = opts.norm()
	g := &gen{r: rng(i, opts, 0), target: opts.Size}
	style := StyleOf(i)
	title := g.title()
	date := Date(i, opts)
	g.write(style, title, date, i)
	ext := "md"
	switch style {
	case PlainPaste, BLUFMemo:
		ext = "txt"
	case Setext:
		ext = "markdown"
	}
	relPath = fmt.Sprintf("desk-%02d/%05d-%s.%s", i%opts.Dirs, i, slug(title), ext)
	return relPath, g.b.Bytes()
}

// Write writes the corpus under dir (created if needed) and sets each file's
// modification time to its Date, so sorting by mtime is reproducible too.
func Write(dir string, opts Options) error {
	opts = opts.norm()
	for d := range min(opts.Dirs, max(opts.N, 0)) {
		if err := os.MkdirAll(filepath.Join(dir, fmt.Sprintf("desk-%02d", d)), 0o755); err != nil {
			return err
		}
	}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		firstEr error
		next    = make(chan int, 64)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				rel, data := Brief(i, opts)
				name := filepath.Join(dir, filepath.FromSlash(rel))
				err := os.WriteFile(name, data, 0o644)
				if err == nil {
					t := Date(i, opts)
					err = os.Chtimes(name, t, t)
				}
				if err != nil {
					mu.Lock()
					if firstEr == nil {
						firstEr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range opts.N {
		next <- i
	}
	close(next)
	wg.Wait()
	return firstEr
}

// gen builds one brief.
type gen struct {
	r      *rand.Rand
	b      bytes.Buffer
	target int
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// word draws from the invented vocabulary with a skewed distribution: a few words
// are common (many hits), most are rare (few hits), as in real text.
func (g *gen) word() string {
	v := vocabulary()
	f := g.r.Float64()
	return v[int(f*f*f*float64(len(v)))]
}

func (g *gen) title() string {
	t := g.pick(titleShapes)
	t = strings.ReplaceAll(t, "{P}", g.pick(places))
	t = strings.ReplaceAll(t, "{A}", g.pick(agencies))
	t = strings.ReplaceAll(t, "{W}", capitalize(g.word()))
	t = strings.ReplaceAll(t, "{N}", fmt.Sprint(2+g.r.IntN(40)))
	return t
}

// sentence writes one sentence of 8 to 22 words mixing English glue words, invented
// words, names, places, figures and now and then a CJK term.
func (g *gen) sentence() string {
	var s strings.Builder
	n := 8 + g.r.IntN(15)
	for k := range n {
		if k > 0 {
			s.WriteByte(' ')
		}
		var w string
		switch x := g.r.IntN(100); {
		case x < 45:
			w = g.pick(glue)
		case x < 85:
			w = g.word()
		case x < 90:
			w = g.pick(people)
		case x < 94:
			w = g.pick(places)
		case x < 97:
			w = fmt.Sprintf("%d", g.r.IntN(5000))
		case x < 98:
			w = g.pick(cjk)
		default:
			w = g.pick(agencies)
		}
		if k == 0 {
			w = capitalize(w)
		}
		s.WriteString(w)
	}
	if g.r.IntN(6) == 0 {
		s.WriteString(", " + g.pick(people) + " said")
	}
	s.WriteString(g.pick([]string{".", ".", ".", ".", "?", "."}))
	return s.String()
}

func (g *gen) paragraph() string {
	n := 2 + g.r.IntN(4)
	parts := make([]string, n)
	for k := range parts {
		parts[k] = g.sentence()
	}
	return strings.Join(parts, " ")
}

// fill writes paragraphs (separated by sep) until the brief reaches its share of
// the target size: section k of n ends near (k+1)/n of the target.
func (g *gen) fill(k, n int, sep string, at func() string) {
	want := g.target * (k + 1) / n
	for first := true; first || g.b.Len() < want; first = false {
		g.b.WriteString(at())
		g.b.WriteString(g.paragraph())
		g.b.WriteString(sep)
	}
}

func (g *gen) extras() {
	switch g.r.IntN(8) {
	case 0:
		fmt.Fprintf(&g.b, "> %s\n\n", g.sentence())
	case 1:
		fmt.Fprintf(&g.b, "| Item | Figure |\n|---|---|\n| %s | %d |\n| %s | %d |\n\n",
			capitalize(g.word()), g.r.IntN(900), capitalize(g.word()), g.r.IntN(900))
	case 2:
		fmt.Fprintf(&g.b, "```\n## %s is not a heading inside code\n%s\n```\n\n", capitalize(g.word()), g.word())
	case 3:
		fmt.Fprintf(&g.b, "Read the [%s report](https://example.org/%s) for details.\n\n", g.word(), g.word())
	}
}

func (g *gen) write(style Style, title string, date time.Time, i int) {
	b := &g.b
	md := func(sections []string, level string) {
		for k, h := range sections {
			fmt.Fprintf(b, "%s %s\n\n", level, h)
			g.fill(k+1, len(sections)+1, "\n\n", func() string { return "" })
			if k == 1 {
				fmt.Fprintf(b, "%s# %s\n\n", level, capitalize(g.word())+" "+g.pick(places))
				g.extras()
			}
		}
	}
	leadins := func(labels []string) {
		for k, l := range labels {
			fmt.Fprintf(b, "**%s:** ", l)
			g.fill(k+1, len(labels)+1, "\n\n", func() string { return "" })
			if k == 2 {
				fmt.Fprintf(b, "- **%s:** %s\n- %s\n\n", capitalize(g.word()), g.sentence(), g.sentence())
			}
		}
	}
	lead := func(sep string) { g.fill(0, 5, sep, func() string { return "" }) }

	switch style {
	case Newsweek:
		fmt.Fprintf(b, "# %s\n\n", title)
		lead("\n\n")
		md([]string{"Why It Matters", "What To Know", "What People Are Saying", "What Happens Next"}, "##")
	case Axios:
		fmt.Fprintf(b, "# %s\n\n", title)
		lead("\n\n")
		leadins([]string{"Why it matters", "Driving the news", "By the numbers", "Between the lines", "What's next"})
	case PlainPaste:
		fmt.Fprintf(b, "%s\n", title)
		fmt.Fprintf(b, "By %s, %s Correspondent\n", g.pick(people), capitalize(g.word()))
		lead("\n")
		for k, h := range []string{"Why It Matters", "What To Know", capitalize(g.word()) + " in " + g.pick(places), "What Happens Next"} {
			fmt.Fprintf(b, "%s\n", h)
			g.fill(k+1, 5, "\n", func() string { return "" })
			if k == 0 {
				b.WriteString("Advertisement\n")
			}
		}
	case BLUFMemo:
		fmt.Fprintf(b, "MEMORANDUM FOR THE DIRECTOR, %s\n\nSUBJECT: %s\n\n", strings.ToUpper(g.pick(agencies)), title)
		for k, h := range []string{"BLUF", "Background", "Discussion", "Recommendation"} {
			fmt.Fprintf(b, "%s:\n\n", h)
			g.fill(k, 4, "\n\n", func() string { return "" })
		}
	case Setext:
		fmt.Fprintf(b, "%s\n%s\n\n", title, strings.Repeat("=", len([]rune(title))))
		lead("\n\n")
		for k, h := range []string{"Why It Matters", "Background", "Outlook"} {
			fmt.Fprintf(b, "%s\n%s\n\n", h, strings.Repeat("-", len(h)))
			g.fill(k+1, 4, "\n\n", func() string { return "" })
		}
	case YAMLFront:
		fmt.Fprintf(b, "---\ntitle: %q\ndate: %s\nsource: %s\ntags: [%s, %s]\n---\n\n",
			title, date.Format(time.RFC3339), g.pick(sources), g.word(), g.pick(tags))
		lead("\n\n")
		md([]string{"The Big Picture", "Key Facts", "Outlook"}, "##")
	case TOMLFront:
		fmt.Fprintf(b, "+++\ntitle = %q\ndate = %s\nsource = %q\ntags = [%q, %q]\nid = \"gen-%05d\"\n+++\n\n",
			title, date.Format(time.RFC3339), g.pick(sources), g.pick(tags), g.word(), i)
		lead("\n\n")
		leadins([]string{"Why it matters", "State of play", "The other side", "What to watch"})
	case Assessment:
		fmt.Fprintf(b, "# %s\n\n", title)
		md([]string{"Key Judgments", "Scope Note", "Discussion", "Indicators to Watch"}, "##")
	case Semafor:
		fmt.Fprintf(b, "# %s\n\n", title)
		md([]string{"The News", "Know More", "The View From " + g.pick(places), "Room for Disagreement"}, "##")
	case Digest:
		fmt.Fprintf(b, "# %s Digest: %s\n\n", g.pick(sources), date.Format("Monday, January 2"))
		lead("\n\n")
		for k := range 4 {
			fmt.Fprintf(b, "### %d. %s\n\n", k+1, g.title())
			g.fill(k+1, 5, "\n\n", func() string { return "" })
		}
	}
}

func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func slug(title string) string {
	var s strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			s.WriteRune(r)
			dash = false
		case !dash && s.Len() > 0:
			s.WriteByte('-')
			dash = true
		}
		if s.Len() >= 40 {
			break
		}
	}
	return strings.TrimSuffix(s.String(), "-")
}

// String names the style, for test messages.
func (s Style) String() string {
	names := [...]string{"newsweek", "axios", "plain-paste", "bluf-memo", "setext", "yaml-front", "toml-front", "assessment", "semafor", "digest"}
	if s >= 0 && int(s) < len(names) {
		return names[s]
	}
	return "style(" + strconv.Itoa(int(s)) + ")"
}

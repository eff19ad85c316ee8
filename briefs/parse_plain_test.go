package briefs

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/gencorpus"
	"github.com/yuin/goldmark/ast"
)

// checkPlainBlocks fails t when plainBlocks takes the body of data but reads
// its blocks otherwise than goldmark does, under the limits lim (the zero
// limits: the file's own).
func checkPlainBlocks(t *testing.T, data []byte, lim limits) (taken bool) {
	t.Helper()
	buf, _ := decode(data)
	fm, _ := splitFrontMatter(string(buf))
	body := buf[fm.end:]
	if lim == (limits{}) {
		lim = limitsFor(len(body))
	}
	d := &doc{text: string(body), lim: lim, cut: -1}
	d.lines = []int{0}
	for i, c := range body {
		if c == '\n' && i+1 < len(body) {
			d.lines = append(d.lines, i+1)
		}
	}
	cut := len(body)
	if len(d.lines) > lim.lines {
		cut = d.lines[lim.lines]
	}
	if len(scanNestingLines(d.text, d.lines, cut)) > 0 {
		return false
	}
	fast, ok := plainBlocks(body[:cut], lim.blocks)
	if !ok {
		return false
	}
	full := readMarkdownBlocks(body, nil, cut, lim.blocks, time.Now().Add(time.Hour))
	if got, want := dumpBlocks(fast), dumpBlocks(full); got != want {
		t.Fatalf("plainBlocks(%q):\n%s\ngoldmark:\n%s", body, got, want)
	}
	return true
}

// dumpBlocks writes out what the split reads of m.
func dumpBlocks(m mdBlocks) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "stop %d %q deep %v nested %v\n", m.stop, m.why, m.deep, m.nested)
	for _, b := range m.blocks {
		fmt.Fprintf(&sb, "start %d last %d deep %v", b.start, b.last, b.deep)
		switch n := b.node.(type) {
		case nil:
		case *ast.Heading:
			fmt.Fprintf(&sb, " heading %d pos %d lines", n.Level, n.Pos())
			for i := range n.Lines().Len() {
				seg := n.Lines().At(i)
				fmt.Fprintf(&sb, " [%d %d %d]", seg.Start, seg.Stop, seg.Padding)
			}
		default:
			fmt.Fprintf(&sb, " %s", n.Kind())
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// plainBlocks reads what goldmark reads, on the fixtures, the generated
// corpus and shapes at its edges; and it takes most generated briefs.
func TestPlainBlocksMatchGoldmark(t *testing.T) {
	inputs := []string{
		"Lead.\n\nSecond paragraph\nwith two lines.\n",
		"# Title\nLead right under it.\n## Why it matters   \n\nBody.\n###### Six\n",
		"#\tTab title\n\n#NoSpace\n",
		"1990s were long.\n2) not this\n",
		"1990s were long.\n2024 too\n",
		"**Why it matters:** x\n\n**Bottom line** y\n",
		"| a | b |\n| - | - |\n",
		"Para\n  indented\n",
		"Para\n===\n",
		"Para\n---\n",
		"# Title #\n",
		"# a \\# b\n",
		"####### seven\n",
		"# \n",
		"\"Quoted\" start\n(aside)\n'single'\n",
		"no newline at the end",
		"\n\n\n   \n\t\nText\n \n",
		"Two line\ntitle  \n===\nBody\n",
		"Three\nline\ntitle\n=== \t\n\nBody\n",
		"Title  \n---\n\nBody\n-\n",
		"Para\n-\n",
		"Lead\n- **A:** one\n- two\ncontinued\n\n- three\n\nAfter list.\n",
		"- a\n===\n", "- a\n---\n", "- a\n\n# H\n- b\n## I\n", "- a\n-- b\n", "===\n", "- - -\n", "-\tx\n", "-  x\n",
		"# H\n===\n", "Para\n\n===\n", "- a\n  b\n", "- 1. x\n", "- # x\n",
		"Para\n```go\n# not a heading\n\n  ```\nAfter\n", "```\nx\n ````` \ny\n", "~~~~\n~~~\n\t~~~~\n    ~~~~\n~~~~~\n",
		"``` a`b\n", "``\n", "```\nnever closed\n# x\n", "- a\n```\nx\n```\n", "Para\n````\n```\n````\n",
		"```\n   ```\n", "```\n\t```\n", "~~~ info ~~~\n~~~\n",
	}
	for i := range 60 {
		inputs = append(inputs, strings.Repeat("Paragraph one.\n\n", i*5))
	}
	inputs = append(inputs, parseFixtures(t)...)
	for _, in := range inputs {
		checkPlainBlocks(t, []byte(in), limits{})
		checkPlainBlocks(t, []byte(in), tinyLimits([]byte(in)))
	}
	taken := 0
	for i := range 1000 {
		_, data := gencorpus.Brief(i, gencorpus.DefaultOptions())
		if checkPlainBlocks(t, data, limits{}) {
			taken++
		}
	}
	if taken < 900 {
		t.Errorf("plainBlocks took %d of 1,000 generated briefs, want most", taken)
	}
}

// checkLookupASCII fails t when lookupASCII answers for label otherwise
// than the normalising lookup.
func checkLookupASCII(t *testing.T, v *Vocabulary, label string) {
	t.Helper()
	k, known, ok := v.lookupASCII(label)
	if !ok {
		return
	}
	wk, wknown := v.lookupNormalized(NormalizeLabel(label))
	if k != wk || known != wknown {
		t.Fatalf("lookupASCII(%q) = %v, %v; NormalizeLabel %q gives %v, %v", label, k, known, NormalizeLabel(label), wk, wknown)
	}
}

func TestLookupASCIIMatchesNormalizeLabel(t *testing.T) {
	v := defaultVocab()
	labels := []string{"", "Why it matters", "WHY IT MATTERS:", "  why   it\tmatters  ", "1. Why it matters", "iv. Bottom line",
		"B) Background", "The view from the coast", "What happens next?", "Yes, but", "yes but", "The Big Picture", "-- Zoom in --",
		"12", "Why it\u00a0matters", "Key Judgments", "Scope Note", "Indicators to Watch", "x", "Know More", "The News"}
	for _, row := range labelTable {
		for _, l := range row.labels {
			labels = append(labels, l, strings.ToUpper(l), "  "+l+":", "2) "+l, l+" and more", "More on "+l)
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	const alphabet = "abcIVXivx019 .)(:,-'!?\t\n\v\f\rWhyBottom"
	for range 20000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		labels = append(labels, string(b))
	}
	for _, l := range labels {
		checkLookupASCII(t, v, l)
	}
}

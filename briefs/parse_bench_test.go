package briefs

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchWords feeds the sentence generator: fictional, neutral vocabulary.
var benchWords = strings.Fields(`harbour council ferry lantern quarry orchard
	tariff budget river valley bridge signal archive county ledger delegation
	minister treaty drought harvest coastline festival railway tunnel summit
	observers committee rainfall glacier forecast shipment pipeline reservoir
	inspectors garrison envoy charter ballot turnout subsidy refinery fishery`)

// benchSentence makes a sentence of 10-22 words from the generator.
func benchSentence(r *rand.Rand) string {
	n := 10 + r.IntN(13)
	w := make([]string, n)
	for i := range w {
		w[i] = benchWords[r.IntN(len(benchWords))]
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + "."
}

func benchPara(r *rand.Rand, sentences int) string {
	s := make([]string, sentences)
	for i := range s {
		s[i] = benchSentence(r)
	}
	return strings.Join(s, " ")
}

// benchBrief writes a brief of about size bytes in one of four house styles.
func benchBrief(r *rand.Rand, style, size int) string {
	var sb strings.Builder
	labels := []string{"Why it matters", "What to know", "Between the lines", "The view from the coast", "What happens next"}
	switch style {
	case 0: // Newsweek-style explainer: YAML front matter, ## headings, a list, a code block
		fmt.Fprintf(&sb, "---\ntitle: Harbour council weighs ferry charter\ndate: 2026-03-%02d\nsource: Coastal Ledger\ntags: [harbour, ferries, budget]\n---\n\n", 1+r.IntN(28))
		sb.WriteString("# Harbour council weighs ferry charter\n\n" + benchPara(r, 3) + "\n\n")
		for i := 0; sb.Len() < size; i++ {
			fmt.Fprintf(&sb, "## %s\n\n%s\n\n", labels[i%len(labels)], benchPara(r, 3))
			if i%2 == 1 {
				fmt.Fprintf(&sb, "### Detail %d\n\n- %s\n- %s\n\n```\n# not a heading\n```\n\n", i, benchSentence(r), benchSentence(r))
			}
		}
	case 1: // Axios-style lead-ins
		sb.WriteString("Lantern festival moves inland\n\n" + benchPara(r, 2) + "\n\n")
		for i := 0; sb.Len() < size; i++ {
			fmt.Fprintf(&sb, "**%s:** %s\n\n- **Bullet:** %s\n\n", labels[i%len(labels)], benchPara(r, 2), benchSentence(r))
		}
	case 2: // plain-text paste: one paragraph a line, no blank lines
		sb.WriteString(benchPara(r, 2) + "\n" + benchPara(r, 2) + "\n")
		heads := []string{"Why It Matters", "What To Know", "The Harbour Ferry Dispute", "What Happens Next"}
		for i := 0; sb.Len() < size; i++ {
			fmt.Fprintf(&sb, "%s\n%s\n%s\nAdvertisement\n", heads[i%len(heads)], benchPara(r, 3), benchPara(r, 2))
		}
	default: // BLUF memo: TOML front matter, setext headings
		fmt.Fprintf(&sb, "+++\ntitle = \"Reservoir levels memo\"\ndate = 2026-04-%02d\ntags = [\"water\", \"county\"]\n+++\n\n", 1+r.IntN(28))
		memo := []string{"BLUF", "Background", "Discussion", "Recommendation", "Next Steps"}
		for i := 0; sb.Len() < size; i++ {
			h := memo[i%len(memo)]
			fmt.Fprintf(&sb, "%s\n%s\n\n%s\n\n", h, strings.Repeat("-", len(h)), benchPara(r, 4))
		}
	}
	return sb.String()
}

func BenchmarkParse(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var corpus [][]byte
	total := 0
	for i := range 64 {
		s := benchBrief(r, i%4, 5000)
		corpus = append(corpus, []byte(s))
		total += len(s)
	}
	b.SetBytes(int64(total / len(corpus)))
	b.ReportAllocs()
	b.ResetTimer()
	// MB/s of CPU time beside MB/s of wall time: on a shared machine the
	// wall time swings with the neighbours' load, the CPU time much less.
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		Parse("bench.md", corpus[i%len(corpus)])
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(total/len(corpus))*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
}

// BenchmarkParseStyle measures each house style on its own.
func BenchmarkParseStyle(b *testing.B) {
	for style, name := range []string{"headings", "leadins", "plain", "memo"} {
		b.Run(name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(3, uint64(style)))
			data := []byte(benchBrief(r, style, 5000))
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				Parse("bench.md", data)
			}
		})
	}
}

package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/briefing-dev/briefing/briefs"
)

// genCorpus makes n varied briefs of about size bytes each for benchmarks and
// tests of the index: a Zipf-distributed vocabulary of made-up words with a few
// accented names, some CJK, markdown emphasis, links and lists, and the usual
// section kinds. Deterministic for a given seed.
type genCorpus struct {
	r     *rand.Rand
	zipf  *rand.Zipf
	vocab []string
}

var genSyllables = strings.Fields("ka lo mi ne ra to su vi de an el or im us be ca di fo ga ho ju ke li mo nu pa qui re sa te un ve wa xi yo ze tri pro con ber lan dor mes tal")

var genExtras = []string{"Müller", "José", "Zoë", "Ångström", "Straße", "café", "naïve", "Dvořák", "São", "Łódź"}

func newGenCorpus(seed uint64) *genCorpus {
	r := rand.New(rand.NewPCG(seed, 7))
	g := &genCorpus{r: r}
	seen := map[string]bool{}
	for len(g.vocab) < 30000 {
		n := 1 + r.IntN(4)
		var sb strings.Builder
		for range n {
			sb.WriteString(genSyllables[r.IntN(len(genSyllables))])
		}
		w := sb.String()
		if !seen[w] {
			seen[w] = true
			g.vocab = append(g.vocab, w)
		}
	}
	g.zipf = rand.NewZipf(r, 1.07, 2, uint64(len(g.vocab)-1))
	return g
}

func (g *genCorpus) word() string {
	if g.r.IntN(200) == 0 {
		return genExtras[g.r.IntN(len(genExtras))]
	}
	return g.vocab[g.zipf.Uint64()]
}

func (g *genCorpus) sentence(words int) string {
	var sb strings.Builder
	for i := range words {
		if i > 0 {
			sb.WriteByte(' ')
		}
		w := g.word()
		switch g.r.IntN(40) {
		case 0:
			w = "**" + w + "**"
		case 1:
			w = "[" + w + "](https://example.com/" + g.word() + ")"
		case 2:
			w = "_" + w + "_"
		}
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		sb.WriteString(w)
	}
	if g.r.IntN(30) == 0 {
		sb.WriteString("，東京の会議で合意した")
	}
	sb.WriteString(".")
	return sb.String()
}

var genOtherTitles = []string{"What People Are Saying", "By the Numbers", "Between the Lines", "The Bottom Line", "Go Deeper", "Reality Check"}

// brief makes brief i of about size bytes.
func (g *genCorpus) brief(i, size int) *briefs.Brief {
	b := &briefs.Brief{
		ID:     fmt.Sprintf("gen/%05d.md", i),
		Title:  strings.TrimSuffix(g.sentence(4+g.r.IntN(6)), "."),
		Date:   time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.r.IntN(1000)),
		Source: "The " + strings.ToUpper(g.vocab[g.r.IntN(40)][:1]) + g.vocab[g.r.IntN(40)][1:] + " Post",
	}
	for range 1 + g.r.IntN(3) {
		b.Tags = append(b.Tags, g.vocab[g.r.IntN(100)])
	}
	kinds := []struct {
		k     briefs.Kind
		title string
	}{{briefs.KindLead, ""}, {briefs.KindWhyItMatters, "Why it matters"}, {briefs.KindWhatToKnow, "What to know"}, {briefs.KindWhatHappensNext, "What happens next"}}
	for range g.r.IntN(3) {
		kinds = append(kinds, struct {
			k     briefs.Kind
			title string
		}{briefs.KindOther, genOtherTitles[g.r.IntN(len(genOtherTitles))]})
	}
	per := size / len(kinds)
	for _, k := range kinds {
		var body strings.Builder
		for body.Len() < per {
			if g.r.IntN(5) == 0 {
				body.WriteString("- " + g.sentence(6+g.r.IntN(8)) + "\n")
				continue
			}
			body.WriteString(g.sentence(8+g.r.IntN(15)) + " ")
			if g.r.IntN(3) == 0 {
				body.WriteString("\n\n")
			}
		}
		b.Sections = append(b.Sections, briefs.Section{Kind: k.k, Title: k.title, Body: body.String()})
	}
	return b
}

// genBriefs makes n briefs of about size bytes and returns them with their
// total text size.
func genBriefs(n, size int) ([]*briefs.Brief, int64) {
	g := newGenCorpus(42)
	out := make([]*briefs.Brief, n)
	var total int64
	for i := range out {
		b := g.brief(i, size)
		total += int64(len(b.Title) + len(b.Source))
		for _, s := range b.Sections {
			total += int64(len(s.Title) + len(s.Body))
		}
		out[i] = b
	}
	return out, total
}

package gencorpus

import "sync"

// vocabulary returns the invented words, built once from syllables: about 6,000
// distinct words, deterministic, pronounceable, and absent from real dictionaries,
// so a search for one of them finds exactly the briefs that use it.
var vocabulary = sync.OnceValue(func() []string {
	onsets := []string{"b", "br", "c", "d", "dr", "f", "g", "gr", "h", "k", "kl", "l", "m", "n", "p", "pr", "r", "s", "st", "t", "tr", "v", "z", "sh", "th"}
	nuclei := []string{"a", "e", "i", "o", "u", "ai", "ea", "ou", "ei", "oa"}
	// About one word in sixteen carries an accent, like names and loanwords in
	// English news; accent-insensitive search needs some, real text has few.
	accented := []string{"é", "ö", "á", "ü"}
	codas := []string{"", "n", "r", "s", "l", "m", "nd", "rt", "x", "sk"}
	seen := map[string]bool{}
	var out []string
	// A fixed linear walk through the syllable space: deterministic without a
	// random source and spread across onsets.
	for k := 0; len(out) < 6000; k++ {
		a := onsets[k%len(onsets)] + nuclei[(k/len(onsets))%len(nuclei)]
		b := onsets[(k*7+3)%len(onsets)] + nuclei[(k*3+1)%len(nuclei)] + codas[(k/11)%len(codas)]
		w := a + b
		if k%3 == 0 {
			w += nuclei[(k/5)%len(nuclei)] + codas[(k/2)%len(codas)]
		}
		if k%16 == 5 {
			w += accented[(k/16)%len(accented)] + codas[(k/3)%len(codas)]
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
})

var glue = []string{
	"—", "“it is not enough,”", "“we were not consulted,”", "don’t", "it’s",
	"the", "of", "and", "to", "in", "a", "for", "on", "with", "said", "after", "that",
	"would", "will", "its", "their", "new", "under", "over", "plan", "talks", "budget",
	"officials", "council", "vote", "report", "rules", "deal", "water", "grid", "port",
	"ministry", "week", "year", "data", "trade", "border", "energy", "transit", "court",
}

var people = []string{
	"Zoë Marchetti", "Björn Halvorsen", "Amélie Duarte", "Łukasz Wróbel", "Núria Castellví",
	"Søren Dahlqvist", "Thảo Nguyễn", "İlkay Demir", "Renée Okafor", "José Ibáñez",
	"Małgorzata Kęsicka", "François Lemaître", "Chiara Müller", "Ngozi Adébáyọ̀", "Pilar Añorga",
	"Tomás Ó Briain", "Oona Väisänen", "Dmitri Sokolov", "Hana Kobayashi", "Mateus Conceição",
}

var places = []string{
	"Port Avalen", "Vestmarch", "Kirrova", "Lake Oduna", "Sarrenhold", "the Calder Basin",
	"the Nordhavn Isles", "Tesmir Province", "Orlecz", "Saint-Imbert", "Quellbrück", "Ardana",
}

var agencies = []string{
	"Vestmarch Water Authority", "Kirrovan Ministry of Transit", "Halden Grid Cooperative",
	"Port Avalen Harbour Board", "Office of Coastal Resilience", "Tesmir Agricultural Council",
	"Calder Basin Commission", "Orlecz Central Bank",
}

var sources = []string{
	"Avalen Ledger", "Vestmarch Dispatch", "Kirrova Morning Post", "Calder Wire",
	"Tesmir Courier", "Nordhavn Bulletin", "Orlecz Review",
}

var tags = []string{"policy", "energy", "transport", "water", "trade", "security", "health", "climate", "finance", "housing"}

// cjk terms appear in a few sentences so CJK tokenisation gets exercised.
var cjk = []string{"港湾局", "星河計画", "東海新報", "青山区", "水道料金", "서울시", "电网改革"}

var titleShapes = []string{
	"{A} Approves {W} Plan for {P}",
	"{P} Braces for {W} Shortage",
	"Inside the {W} Dispute Splitting {P}",
	"{A} Delays {W} Rules by {N} Months",
	"Why {P} Is Betting on {W}",
	"{N} Things to Know About the {W} Deal",
	"{P} Voters Reject {W} Levy",
	"The {W} Question Facing {A}",
}

package briefs

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// labelTable is the kind table of docs/format.md, labels as written there.
// A leading or trailing "…" marks a pattern: "the view from …" matches any
// label that starts with "the view from ", "…'s view" any label ending in "'s view".
var labelTable = []struct {
	kind   Kind
	labels []string
}{
	{KindWhyItMatters, []string{
		"why it matters", "why this matters", "why it's important", "why this is important",
		"why does it matter", "significance", "the big picture", "big picture", "zoom out",
		"implications", "impact", "the impact", "what it means", "what this means",
		"what's at stake", "the stakes", "so what",
	}},
	{KindWhatToKnow, []string{
		"what to know", "what you need to know", "what we know", "what we know so far",
		"key facts", "the facts", "facts", "background", "the background", "backstory",
		"the backstory", "context", "catch up quick", "catch up", "get caught up", "know more",
		"the news", "driving the news", "state of play", "details", "the details",
		"key details", "zoom in", "how it works", "flashback", "discussion",
	}},
	{KindWhatHappensNext, []string{
		"what happens next", "what's next", "what comes next", "what next", "next steps",
		"way ahead", "the way ahead", "the road ahead", "looking ahead", "outlook",
		"the outlook", "what to watch", "what to watch for", "what we're watching",
		"coming up", "what's ahead", "what lies ahead", "indicators to watch",
	}},
	{KindOther, []string{
		"what people are saying", "what they're saying", "by the numbers", "between the lines",
		"the bottom line", "bottom line", "bluf", "bottom line up front", "yes but", "yes, but", "go deeper",
		"the other side", "reality check", "our thought bubble", "the intrigue", "be smart",
		"key judgments", "key judgements", "scope note", "recommendation", "recommendations",
		"purpose", "assumptions", "coordination", "summary", "room for disagreement", "notable",
		"driving the day", "alternative scenarios", "sourcing", "confidence",
		"the view from …", "…'s view", "…s' view",
	}},
	// The same three kinds in German, French, Spanish, Italian and
	// Portuguese, written accent-folded as they are compared.
	{KindWhyItMatters, []string{
		"warum das wichtig ist", "warum es wichtig ist", "darum geht es", "was auf dem spiel steht",
		"pourquoi c'est important", "pourquoi ca compte", "les enjeux", "l'enjeu", "ce qui est en jeu",
		"por que importa", "por que es importante", "lo que esta en juego",
		"perche e importante", "perche conta", "la posta in gioco",
		"por que isso importa", "por que e importante", "o que esta em jogo",
	}},
	{KindWhatToKnow, []string{
		"was man wissen muss", "was sie wissen mussen", "was wir wissen", "hintergrund",
		"der hintergrund", "die fakten", "kontext",
		"ce qu'il faut savoir", "ce que l'on sait", "ce qu'on sait", "contexte", "le contexte", "les faits",
		"lo que hay que saber", "lo que sabemos", "contexto", "el contexto", "antecedentes", "los hechos",
		"cosa sapere", "cosa c'e da sapere", "quello che sappiamo", "contesto", "il contesto", "i fatti",
		"o que saber", "o que voce precisa saber", "o que sabemos", "o contexto", "os fatos",
	}},
	{KindWhatHappensNext, []string{
		"wie es weitergeht", "was als nachstes kommt", "ausblick", "der ausblick", "nachste schritte",
		"la suite", "et maintenant", "ce qui va se passer", "prochaines etapes", "perspectives", "a surveiller",
		"que sigue", "lo que viene", "proximos pasos", "perspectivas",
		"cosa succede ora", "prossimi passi", "i prossimi passi", "prospettive", "cosa aspettarsi",
		"o que vem a seguir", "o que acontece agora", "proximos passos", "o que observar",
	}},
}

// Vocabulary maps section labels to kinds. Labels are compared after
// NormalizeLabel. A Vocabulary is safe for concurrent lookups; Add must not run
// concurrently with them (build it once, e.g. from the config file, then share it).
type Vocabulary struct {
	labels   map[string]Kind
	prefixes []labelPattern // "the view from …"
	suffixes []labelPattern // "…'s view"
}

type labelPattern struct {
	text string // normalised; a prefix keeps the space that separates it from the free part
	kind Kind
}

// defaultVocab is built once and never modified: Parse and KindOf share it.
var defaultVocab = sync.OnceValue(func() *Vocabulary {
	v := &Vocabulary{labels: make(map[string]Kind, 128)}
	for _, row := range labelTable {
		for _, l := range row.labels {
			v.Add(l, row.kind)
		}
	}
	return v
})

// DefaultVocabulary returns a fresh copy of the label table of docs/format.md,
// ready for user labels to be added.
func DefaultVocabulary() *Vocabulary {
	d := defaultVocab()
	v := &Vocabulary{
		labels:   make(map[string]Kind, len(d.labels)+16),
		prefixes: append([]labelPattern(nil), d.prefixes...),
		suffixes: append([]labelPattern(nil), d.suffixes...),
	}
	for l, k := range d.labels {
		v.labels[l] = k
	}
	return v
}

// Add registers label (any casing, markup or numbering; compared after
// NormalizeLabel) as kind k. A label starting or ending with "…" or "..." is a
// pattern matching any label with that suffix or prefix. Headings never map to
// the lead, so KindLead and unknown kinds are recorded as KindOther.
func (v *Vocabulary) Add(label string, k Kind) {
	switch k {
	case KindWhyItMatters, KindWhatToKnow, KindWhatHappensNext, KindOther:
	default:
		k = KindOther
	}
	if v.labels == nil {
		v.labels = make(map[string]Kind)
	}
	l := strings.TrimSpace(label)
	switch {
	case strings.HasSuffix(l, "…") || strings.HasSuffix(l, "..."):
		l = strings.TrimSuffix(strings.TrimSuffix(l, "…"), "...")
		if p := patternText(l); p != "" {
			v.prefixes = append(v.prefixes, labelPattern{p + " ", k})
		}
	case strings.HasPrefix(l, "…") || strings.HasPrefix(l, "..."):
		l = strings.TrimPrefix(strings.TrimPrefix(l, "…"), "...")
		if p := patternText(l); p != "" {
			v.suffixes = append(v.suffixes, labelPattern{p, k})
		}
	default:
		if n := NormalizeLabel(l); n != "" {
			v.labels[n] = k
		}
	}
}

// patternText normalises the fixed part of a pattern without stripping its
// edges: the apostrophe of "'s view" is part of what must match.
func patternText(s string) string {
	s = strings.Join(strings.Fields(foldApostrophes(s)), " ")
	return foldAccents(strings.ToLower(s))
}

// Lookup reports the kind of a label and whether the vocabulary knows it.
func (v *Vocabulary) Lookup(label string) (Kind, bool) {
	if k, known, ok := v.lookupASCII(label); ok {
		return k, known
	}
	return v.lookupNormalized(NormalizeLabel(label))
}

// lookupASCII is Lookup of a label in ASCII with no emphasis characters
// (most of them: headings, lead-ins, lines that may be headings), without
// allocating: the parse looks up every candidate heading, and the
// normalised strings were a tenth of its allocations. It normalises as
// NormalizeLabel does, into a buffer on the stack; ok is false for any
// other label.
func (v *Vocabulary) lookupASCII(label string) (k Kind, known, ok bool) {
	if len(label) > 128 || !isASCII(label) || strings.ContainsAny(label, "*_`") {
		return KindOther, false, false
	}
	s := stripLeading(label)
	s = strings.TrimRightFunc(s, func(r rune) bool { return !isAlnum(r) })
	// s starts and ends with a letter or digit: each run of white space
	// in it becomes one space, as collapseSpaces makes it.
	var buf [128]byte
	n := buf[:0]
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			if n[len(n)-1] != ' ' {
				n = append(n, ' ')
			}
		default:
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			n = append(n, c)
		}
	}
	if len(n) == 0 {
		return KindOther, false, true
	}
	if k, found := v.labels[string(n)]; found {
		return k, true, true
	}
	for _, p := range v.prefixes {
		if len(n) > len(p.text) && string(n[:len(p.text)]) == p.text {
			return p.kind, true, true
		}
	}
	for _, p := range v.suffixes {
		if len(n) > len(p.text) && string(n[len(n)-len(p.text):]) == p.text {
			return p.kind, true, true
		}
	}
	return KindOther, false, true
}

func (v *Vocabulary) lookupNormalized(n string) (Kind, bool) {
	if n == "" {
		return KindOther, false
	}
	if k, ok := v.labels[n]; ok {
		return k, true
	}
	for _, p := range v.prefixes {
		if len(n) > len(p.text) && strings.HasPrefix(n, p.text) {
			return p.kind, true
		}
	}
	for _, p := range v.suffixes {
		if len(n) > len(p.text) && strings.HasSuffix(n, p.text) {
			return p.kind, true
		}
	}
	return KindOther, false
}

// KindOf maps a section title to its kind; unknown labels are KindOther.
func (v *Vocabulary) KindOf(title string) Kind {
	k, _ := v.Lookup(title)
	return k
}

// KindOf maps a section title to its kind with the default vocabulary.
func KindOf(title string) Kind { return defaultVocab().KindOf(title) }

// NormalizeLabel returns the form a label is matched in (docs/format.md, Kind
// mapping): NFKC; ’ ‘ ʼ to '; `*`, `_` and backticks dropped; leading emoji,
// symbols and numbering (1. 2) iv. B.) stripped; trailing punctuation and
// emoji stripped; spaces collapsed; case folded; accents folded ("Por qué
// importa" is "por que importa"). Commas stay: the table knows both "yes
// but" and "yes, but".
func NormalizeLabel(s string) string {
	ascii := isASCII(s)
	if !ascii {
		s = norm.NFKC.String(s)
		s = foldApostrophes(s)
	}
	if strings.ContainsAny(s, "*_`") {
		s = strings.Map(func(r rune) rune {
			switch r {
			case '*', '_', '`':
				return -1
			}
			return r
		}, s)
	}
	s = stripLeading(s)
	s = strings.TrimRightFunc(s, func(r rune) bool { return !isAlnum(r) })
	if s == "" {
		return ""
	}
	s = collapseSpaces(s)
	if ascii {
		return asciiLower(s)
	}
	return foldAccents(cases.Fold().String(s))
}

// foldAccents drops the combining marks that NFD splits off letters, so
// "é" matches "e" and "ç" matches "c". The voicing marks of kana stay (が
// is not か), as the search index keeps them.
func foldAccents(s string) string {
	if isASCII(s) {
		return s
	}
	d := norm.NFD.String(s)
	var sb strings.Builder
	sb.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) && r != 0x3099 && r != 0x309A {
			continue
		}
		sb.WriteRune(r)
	}
	return norm.NFC.String(sb.String())
}

// stripLeading removes leading non-alphanumeric runes and list numbering,
// repeatedly, so "1. 🔮 What's next" and "🔮 1) What's next" both lose their prefix.
func stripLeading(s string) string {
	for {
		s = strings.TrimLeftFunc(s, func(r rune) bool { return !isAlnum(r) })
		n := numberingLen(s)
		if n == 0 {
			return s
		}
		s = s[n:]
	}
}

// numberingLen returns the length of a list number ("12.", "3)", "iv.", "B)")
// at the start of s when a space or the end follows it, else 0.
func numberingLen(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		for i < len(s) && i < 6 && strings.IndexByte("ivxlcdmIVXLCDM", s[i]) >= 0 {
			i++
		}
		if i == 0 && len(s) > 0 && (s[0]|0x20) >= 'a' && (s[0]|0x20) <= 'z' {
			i = 1 // a single letter: "A." "b)"
		}
	}
	if i == 0 || i >= len(s) || (s[i] != '.' && s[i] != ')') {
		return 0
	}
	if i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\t' {
		return 0
	}
	return i + 1
}

func foldApostrophes(s string) string {
	if !strings.ContainsAny(s, "’‘ʼ") {
		return s
	}
	return strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'").Replace(s)
}

func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// collapseSpaces turns every run of white space into one space.
func collapseSpaces(s string) string {
	prevSpace := false
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (prevSpace || r != ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
		prevSpace = sp
	}
	return s
}

// fingerprint identifies what v maps, so a catalog parsed under other labels
// is not taken for this one's.
func (v *Vocabulary) fingerprint() string {
	if v == nil {
		v = defaultVocab()
	}
	lines := make([]string, 0, len(v.labels)+len(v.prefixes)+len(v.suffixes))
	for l, k := range v.labels {
		lines = append(lines, "="+l+"\x00"+string(k))
	}
	slices.Sort(lines) // map order; the patterns' order matters and is kept
	for _, p := range v.prefixes {
		lines = append(lines, "<"+p.text+"\x00"+string(p.kind))
	}
	for _, p := range v.suffixes {
		lines = append(lines, ">"+p.text+"\x00"+string(p.kind))
	}
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:8])
}

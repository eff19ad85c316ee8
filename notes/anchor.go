package notes

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SectionText is one section of a brief as it is now: what Reanchor
// searches. Body is the section's markdown source, the text notes quote.
type SectionText struct {
	Kind  string
	Title string
	Body  string
}

// Anchor is where a note's quote is in the current text of its brief.
type Anchor struct {
	Section    int  // index into the sections; -1 when Orphaned
	Start, End int  // byte offsets of the anchored text in Sections[Section].Body
	Fuzzy      bool // found by similarity, not verbatim: the text was edited
	Orphaned   bool // not found: show the note with its quote, never drop it
}

// FuzzyThreshold is the least similarity (Dice coefficient over words and
// word pairs, 0..1) at which an edited quote is still taken to be the same
// text. Below it a note is orphaned rather than pinned to the wrong place.
const FuzzyThreshold = 0.5

// Reanchor finds a note in the current sections of its brief, in this
// order: the quote verbatim in the note's section (the occurrence whose
// surrounding text best matches Before/After), verbatim anywhere, then the
// most similar run of sentences or lines in the note's section, then
// anywhere; else the note is orphaned. A note without a quote is anchored to
// the start of its section. The note's section is the one with the same kind
// and title (the nearest to Section.Index if several), else the one at
// Section.Index.
func Reanchor(n Note, sections []SectionText) Anchor {
	return newAnchorIndex(sections).reanchor(n)
}

// ReanchorAll re-anchors every note of a brief; it splits the sections into
// sentences once for all of them. anchors[i] is the anchor of notes[i].
func ReanchorAll(notes []Note, sections []SectionText) []Anchor {
	ix := newAnchorIndex(sections)
	out := make([]Anchor, len(notes))
	for i, n := range notes {
		out[i] = ix.reanchor(n)
	}
	return out
}

// anchorIndex holds the sections and, built on first need, their units and
// words for fuzzy matching.
type anchorIndex struct {
	sections []SectionText
	units    [][]unit
	words    [][][]string
}

func newAnchorIndex(sections []SectionText) *anchorIndex {
	return &anchorIndex{sections: sections}
}

func (ix *anchorIndex) split(i int) ([]unit, [][]string) {
	if ix.units == nil {
		ix.units = make([][]unit, len(ix.sections))
		ix.words = make([][][]string, len(ix.sections))
	}
	if ix.units[i] == nil {
		body := ix.sections[i].Body
		us := splitUnits(body)
		if us == nil {
			us = []unit{} // computed: do not split again
		}
		ws := make([][]string, len(us))
		for k, u := range us {
			ws[k] = words(body[u.start:u.end])
		}
		ix.units[i], ix.words[i] = us, ws
	}
	return ix.units[i], ix.words[i]
}

func (ix *anchorIndex) reanchor(n Note) Anchor {
	sections := ix.sections
	home := homeSection(n.Section, sections)
	if n.Quote == "" {
		if home < 0 {
			return Anchor{Section: -1, Orphaned: true}
		}
		return Anchor{Section: home}
	}
	if home >= 0 {
		if start, _, ok := exactIn(sections[home].Body, n); ok {
			return Anchor{Section: home, Start: start, End: start + len(n.Quote)}
		}
	}
	best, bestScore := -1, -1
	bestStart := 0
	for i, s := range sections {
		if i == home {
			continue
		}
		if start, score, ok := exactIn(s.Body, n); ok && score > bestScore {
			best, bestScore, bestStart = i, score, start
		}
	}
	if best >= 0 {
		return Anchor{Section: best, Start: bestStart, End: bestStart + len(n.Quote)}
	}

	q := newFeatures(n.Quote)
	if len(q.set) == 0 {
		return Anchor{Section: -1, Orphaned: true}
	}
	maxUnits := len(splitUnits(n.Quote))*2 + 2
	if home >= 0 {
		if a, score := fuzzyIn(ix, home, q, maxUnits); score >= FuzzyThreshold {
			a.Section = home
			return a
		}
	}
	var bestA Anchor
	bestF := 0.0
	for i := range sections {
		if i == home {
			continue
		}
		if a, score := fuzzyIn(ix, i, q, maxUnits); score >= FuzzyThreshold && score > bestF {
			a.Section = i
			bestA, bestF = a, score
		}
	}
	if bestF > 0 {
		return bestA
	}
	return Anchor{Section: -1, Orphaned: true}
}

// homeSection returns the index of the note's section in sections, or -1.
func homeSection(s Section, sections []SectionText) int {
	best := -1
	for i, t := range sections {
		if t.Kind == s.Kind && t.Title == s.Title {
			if best < 0 || abs(i-s.Index) < abs(best-s.Index) {
				best = i
			}
		}
	}
	if best < 0 && s.Index >= 0 && s.Index < len(sections) {
		best = s.Index
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// exactIn finds the quote in body verbatim; with several occurrences the
// one whose neighbourhood shares the longest suffix with Before plus prefix
// with After wins (the first on a tie). score is that shared length.
func exactIn(body string, n Note) (start, score int, ok bool) {
	score = -1
	for off := 0; ; {
		i := strings.Index(body[off:], n.Quote)
		if i < 0 {
			break
		}
		at := off + i
		sc := commonSuffix(body[:at], n.Before) + commonPrefix(body[at+len(n.Quote):], n.After)
		if sc > score {
			start, score, ok = at, sc, true
		}
		// Step one rune, not one quote length, so overlapping occurrences count.
		_, w := utf8.DecodeRuneInString(body[at:])
		off = at + max(w, 1)
	}
	return start, score, ok
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func commonSuffix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

// unit is a sentence or a line of a section body: the grain of fuzzy matching.
type unit struct{ start, end int }

// splitUnits splits text at line breaks and after sentence ends (. ! ? followed
// by a space), dropping blank pieces and trimming spaces.
func splitUnits(text string) []unit {
	var out []unit
	add := func(s, e int) {
		for s < e && isSpace(text[s]) {
			s++
		}
		for e > s && isSpace(text[e-1]) {
			e--
		}
		if e > s {
			out = append(out, unit{s, e})
		}
	}
	start := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\n':
			add(start, i)
			start = i + 1
		case (c == '.' || c == '!' || c == '?') && i+1 < len(text) && (text[i+1] == ' ' || text[i+1] == '\t'):
			add(start, i+1)
			start = i + 1
		}
	}
	add(start, len(text))
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// features are the lower-cased words of a text plus its adjacent word pairs:
// the pairs make word order count, so a shuffled sentence scores lower.
type features struct{ set map[string]struct{} }

func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func newFeatures(text string) features {
	f := features{set: map[string]struct{}{}}
	prev := ""
	for _, w := range words(text) {
		f.set[w] = struct{}{}
		if p := pair(prev, w); p != "" {
			f.set[p] = struct{}{}
		}
		prev = w
	}
	return f
}

// fuzzyIn returns the run of at most maxUnits consecutive units of section
// sec most similar to q, and its Dice coefficient 2|Q∩W|/(|Q|+|W|).
func fuzzyIn(ix *anchorIndex, sec int, q features, maxUnits int) (Anchor, float64) {
	units, unitWords := ix.split(sec)
	var best Anchor
	bestScore := 0.0
	win := map[string]struct{}{}
	common := 0
	add := func(f string) {
		if _, seen := win[f]; seen {
			return
		}
		win[f] = struct{}{}
		if _, ok := q.set[f]; ok {
			common++
		}
	}
	for i := range units {
		clear(win)
		common = 0
		prev := ""
		for j := i; j < len(units) && j-i < maxUnits; j++ {
			for _, w := range unitWords[j] {
				add(w)
				if prev != "" {
					add(prev + " " + w)
				}
				prev = w
			}
			score := 2 * float64(common) / float64(len(q.set)+len(win))
			if score > bestScore {
				best, bestScore = Anchor{Start: units[i].start, End: units[j].end, Fuzzy: true}, score
			}
		}
	}
	return best, bestScore
}

func pair(prev, w string) string {
	if prev == "" {
		return ""
	}
	return prev + " " + w
}

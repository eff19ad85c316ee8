package search

import (
	"strings"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/fold"
)

// posTerm is a text term that counts for ranking: not under a negation.
type posTerm struct {
	toks     []string
	prefix   bool
	restrict []*briefs.SectionSelector
}

// positiveTerms lists the text terms under an even number of negations, with the
// section restriction that applies to each. title: and source: terms count too
// (they rank and highlight like words).
func (q *Query) positiveTerms(prefixLast bool) []posTerm {
	if q == nil || q.root == nil {
		return nil
	}
	var out []posTerm
	var walk func(n *qnode, neg bool, restrict []*briefs.SectionSelector)
	walk = func(n *qnode, neg bool, restrict []*briefs.SectionSelector) {
		switch n.kind {
		case qNot:
			walk(n.kids[0], !neg, restrict)
		case qAnd:
			if len(n.restrict) > 0 {
				restrict = append(restrict[:len(restrict):len(restrict)], n.restrict...)
			}
			fallthrough
		case qOr:
			for _, k := range n.kids {
				walk(k, neg, restrict)
			}
		case qText:
			if !neg {
				out = append(out, posTerm{toks: n.toks, prefix: n.prefix && prefixLast, restrict: restrict})
			}
		case qField:
			if !neg && (n.field == "title" || n.field == "source") {
				out = append(out, posTerm{toks: n.toks})
			}
		}
	}
	walk(q.root, false, nil)
	return out
}

// Terms returns the words and phrases of the query that a reader should
// highlight (those not negated), folded.
func (q *Query) Terms() []string {
	var out []string
	for _, t := range q.positiveTerms(false) {
		out = append(out, strings.Join(t.toks, " "))
	}
	return out
}

// HasBodyText reports whether the query has words or phrases to look for
// in a brief's text: a text term that is not negated. A query of fields
// only (title:, source:, tag:, dates, marks) has none, so a reader that
// finds it in the body would only ever count 0 matches.
func (q *Query) HasBodyText() bool {
	if q == nil || q.root == nil {
		return false
	}
	var walk func(n *qnode, neg bool) bool
	walk = func(n *qnode, neg bool) bool {
		switch n.kind {
		case qNot:
			return walk(n.kids[0], !neg)
		case qAnd, qOr:
			for _, k := range n.kids {
				if walk(k, neg) {
					return true
				}
			}
		case qText:
			return !neg
		}
		return false
	}
	return walk(q.root, false)
}

// Highlights returns the byte ranges of text that match the query's positive
// words and phrases (see Terms), in order and not overlapping: what the reader
// highlights for "/" inside a brief. prefixLast makes the word being typed
// match as a prefix.
func (q *Query) Highlights(text string, prefixLast bool) [][2]int {
	return highlightRanges(text, q.positiveTerms(prefixLast))
}

// highlightRanges returns the byte ranges of text where terms match (phrases
// as one range), in order, overlapping ones merged. It folds text as it goes
// without keeping its terms.
func highlightRanges(text string, terms []posTerm) [][2]int {
	if len(terms) == 0 {
		return nil
	}
	maxK := 0
	for _, t := range terms {
		maxK = max(maxK, len(t.toks))
	}
	// active[ti][j]: the terms just seen match terms[ti].toks[:j].
	active := make([][]bool, len(terms))
	for i, t := range terms {
		active[i] = make([]bool, len(t.toks)+1)
		active[i][0] = true
	}
	starts := make([]int, maxK) // ring of the starts of the last maxK terms
	n := 0
	var out [][2]int
	tk := fold.GetTokenizer()
	defer fold.PutTokenizer(tk)
	tk.Scan(text, func(term []byte, start, end int) {
		starts[n%maxK] = start
		n++
		best := -1
		for ti, t := range terms {
			k, act := len(t.toks), active[ti]
			for j := k; j >= 1; j-- {
				w := t.toks[j-1]
				ok := string(term) == w || (j == k && t.prefix && len(term) >= len(w) && string(term[:len(w)]) == w)
				act[j] = act[j-1] && ok
			}
			if act[k] {
				if s := starts[(n-k)%maxK]; best < 0 || s < best {
					best = s
				}
			}
		}
		if best < 0 {
			return
		}
		if m := len(out); m > 0 && out[m-1][1] >= best {
			out[m-1][0] = min(out[m-1][0], best)
			out[m-1][1] = end
			return
		}
		out = append(out, [2]int{best, end})
	})
	return out
}

package search

import (
	"fmt"
	"strings"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/fold"
)

// queryParser is a recursive descent over the tokens. It recurses only into
// parentheses, and depth counts them with the negations around them, so its
// stack is bounded by MaxQueryDepth; negations are read in a loop.
type queryParser struct {
	src   string
	toks  []qtok
	i     int
	depth int // parentheses and negations open around the current token
	terms int // terms read so far, against MaxQueryTerms
}

// errTooDeep is the error of the token at pos that nests past MaxQueryDepth.
func errTooDeep(pos int) error {
	return &QueryError{Pos: pos, Msg: fmt.Sprintf("nested deeper than %d parentheses and negations", MaxQueryDepth)}
}

// count adds n terms of the token at pos, failing past MaxQueryTerms.
func (p *queryParser) count(pos, n int) error {
	p.terms += n
	if p.terms > MaxQueryTerms {
		return &QueryError{Pos: pos, Msg: fmt.Sprintf("more than %d terms", MaxQueryTerms)}
	}
	return nil
}

func (p *queryParser) peek() *qtok {
	if p.i < len(p.toks) {
		return &p.toks[p.i]
	}
	return nil
}

// endsTerm reports whether t cannot start a term.
func endsTerm(t *qtok) bool { return t == nil || t.kind == tRParen || t.kind == tOr }

func (p *queryParser) parseOr() (*qnode, error) {
	var kids []*qnode
	for {
		t := p.peek()
		if t != nil && t.kind == tOr {
			return nil, &QueryError{Pos: t.pos, Msg: "OR needs a term before it"}
		}
		n, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		if n != nil {
			kids = append(kids, n)
		}
		t = p.peek()
		if t == nil || t.kind != tOr {
			break
		}
		p.i++
		if endsTerm(p.peek()) {
			return nil, &QueryError{Pos: t.pos, Msg: "OR needs a term after it"}
		}
	}
	return group(qOr, kids), nil
}

func (p *queryParser) parseAnd() (*qnode, error) {
	var kids []*qnode
	start := p.peek()
	for {
		t := p.peek()
		if endsTerm(t) {
			break
		}
		if t.kind == tAnd {
			p.i++
			if len(kids) == 0 && start == t {
				return nil, &QueryError{Pos: t.pos, Msg: "AND needs a term before it"}
			}
			if endsTerm(p.peek()) || p.peek().kind == tAnd {
				return nil, &QueryError{Pos: t.pos, Msg: "AND needs a term after it"}
			}
			continue
		}
		n, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		if n != nil {
			kids = append(kids, n)
		}
	}
	if start == p.peek() {
		pos := len(p.src)
		if start != nil {
			pos = start.pos
		}
		return nil, &QueryError{Pos: pos, Msg: "expected a word, phrase or field"}
	}
	n := group(qAnd, kids)
	if n != nil && n.kind == qAnd {
		for _, k := range n.kids {
			if k.kind == qField && k.field == "section" {
				n.restrict = append(n.restrict, &k.sect)
			}
		}
	}
	return n, nil
}

func (p *queryParser) parseUnary() (*qnode, error) {
	// Read the run of negations in a loop, not one call each, so that a long
	// run is refused at MaxQueryDepth without a deep stack.
	first := p.i
	for t := p.peek(); t.kind == tNot; t = p.peek() {
		p.i++
		next := p.peek()
		if endsTerm(next) || next.kind == tAnd {
			name := "-"
			if p.src[t.pos] == 'N' {
				name = "NOT"
			}
			return nil, &QueryError{Pos: t.pos, Msg: name + " needs a term after it"}
		}
		if p.depth+p.i-first > MaxQueryDepth {
			return nil, errTooDeep(t.pos)
		}
	}
	nots := p.i - first
	p.depth += nots
	n, err := p.parsePrimary()
	p.depth -= nots
	if err != nil || n == nil {
		return nil, err
	}
	for ; nots > 0; nots-- { // the innermost negation is the last of the run
		n = &qnode{kind: qNot, pos: p.toks[first+nots-1].pos, kids: []*qnode{n}}
	}
	return n, nil
}

func (p *queryParser) parsePrimary() (*qnode, error) {
	t := p.peek()
	p.i++
	switch t.kind {
	case tLParen:
		switch next := p.peek(); {
		case next == nil:
			return nil, &QueryError{Pos: t.pos, Msg: "missing ) for this ("}
		case next.kind == tRParen:
			return nil, &QueryError{Pos: next.pos, Msg: "empty parentheses"}
		}
		if p.depth >= MaxQueryDepth {
			return nil, errTooDeep(t.pos)
		}
		p.depth++
		n, err := p.parseOr()
		p.depth--
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c == nil || c.kind != tRParen {
			return nil, &QueryError{Pos: t.pos, Msg: "missing ) for this ("}
		}
		p.i++
		return n, nil
	case tWord, tPhrase:
		toks := fold.Terms(t.text)
		if len(toks) == 0 {
			return nil, nil // nothing searchable, e.g. "&": ignored
		}
		if err := p.count(t.pos, len(toks)); err != nil {
			return nil, err
		}
		return &qnode{kind: qText, pos: t.pos, toks: toks}, nil
	case tField:
		n, err := parseField(t)
		if err != nil {
			return nil, err
		}
		if err := p.count(t.pos, fieldTerms(n, t)); err != nil {
			return nil, err
		}
		return n, nil
	}
	// tAnd, tNot, tOr and tRParen are handled by the callers.
	return nil, &QueryError{Pos: t.pos, Msg: "unexpected " + p.src[t.pos:t.end]}
}

func parseField(t *qtok) (*qnode, error) {
	n := &qnode{kind: qField, pos: t.pos, field: t.field}
	bad := func(msg string) error { return &QueryError{Pos: t.valPos, Msg: msg} }
	switch t.field {
	case "title", "source":
		n.toks = fold.Terms(t.text)
		if len(n.toks) == 0 {
			return nil, bad(t.field + ": needs a word")
		}
	case "tag":
		toks := fold.Terms(t.text)
		if len(toks) == 0 {
			return nil, bad("tag: needs a word")
		}
		n.val = strings.Join(toks, " ")
	case "section":
		sel, err := briefs.ParseSectionSelector(t.text)
		if err != nil {
			return nil, bad(err.Error())
		}
		n.sect = sel
	case "date", "after", "before":
		d, ok := parseDateSpec(t.text)
		if !ok {
			return nil, bad(t.field + ": expects YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday or a span such as 7d, 2w, 3m, 1y")
		}
		n.date = d
	case "is":
		n.val = strings.ToLower(t.text)
		if n.val != "read" && n.val != "unread" && n.val != "starred" {
			return nil, bad("is: expects read, unread or starred")
		}
	case "has":
		n.val = strings.ToLower(t.text)
		if n.val != "notes" && n.val != "highlights" {
			return nil, bad("has: expects notes or highlights")
		}
	}
	return n, nil
}

// fieldTerms is how many terms a field counts for MaxQueryTerms: its words,
// since each is matched on its own, and one for the other fields.
func fieldTerms(n *qnode, t *qtok) int {
	switch n.field {
	case "title", "source":
		return len(n.toks)
	case "tag":
		return strings.Count(n.val, " ") + 1
	case "section":
		return max(1, len(fold.Terms(t.text)))
	}
	return 1
}

// group builds an AND/OR of kids, flattening same-kind children and
// dropping the group when it has one kid or none. Flattening nested ORs
// copies a kid once per level it rises, at most MaxQueryDepth times.
func group(kind qkind, kids []*qnode) *qnode {
	switch len(kids) {
	case 0:
		return nil
	case 1:
		return kids[0]
	}
	n := &qnode{kind: kind}
	for _, k := range kids {
		// Flatten (a OR b) OR c, but never an AND that carries a section restriction
		// into another (the restriction applies to its own level).
		if k.kind == kind && kind == qOr {
			n.kids = append(n.kids, k.kids...)
			continue
		}
		n.kids = append(n.kids, k)
	}
	n.pos = n.kids[0].pos
	return n
}

// markPrefix marks the last bare word as a prefix term when it ends the query
// (nothing typed after it, not even a space): the word being typed.
func markPrefix(src string, toks []qtok, root *qnode) {
	last := toks[len(toks)-1]
	if last.kind != tWord || last.end != len(src) {
		return
	}
	walkQuery(root, func(n *qnode) {
		if n.kind == qText && n.pos == last.pos {
			n.prefix = true
		}
	})
}

// walkQuery calls fn on every node of the tree under n, parents before
// their kids and kids in order. It keeps its own stack rather than
// recursing, so the depth of a tree never costs Go stack.
func walkQuery(n *qnode, fn func(*qnode)) {
	if n == nil {
		return
	}
	stack := []*qnode{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		fn(n)
		for i := len(n.kids) - 1; i >= 0; i-- {
			stack = append(stack, n.kids[i])
		}
	}
}

func firstMarks(root *qnode) int {
	pos := -1
	walkQuery(root, func(n *qnode) {
		if n.kind == qField && (n.field == "is" || n.field == "has") && (pos < 0 || n.pos < pos) {
			pos = n.pos
		}
	})
	return pos
}

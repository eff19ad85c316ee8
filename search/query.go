package search

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/briefs"
)

// The query language (see Query for the grammar and meaning).

// Limits of a query. A query someone types is a line of a few words; these
// are far above that, and they bound the work of a query whatever is pasted
// into it: ParseQuery is linear in the query's length, and every walk of the
// parsed tree is at most a few times MaxQueryDepth deep. A query past a
// limit is a *QueryError at the place it goes past.
const (
	MaxQueryBytes = 4096 // length of the query text, in bytes
	MaxQueryTerms = 256  // words (each word of a phrase counts) and fields
	MaxQueryDepth = 64   // parentheses and negations nested in one another
)

// QueryError is a malformed query: what is wrong and where.
type QueryError struct {
	Pos int    // byte offset in the query, 0 <= Pos <= len(query)
	Msg string // what is wrong, without the position
}

func (e *QueryError) Error() string { return fmt.Sprintf("query: at %d: %s", e.Pos, e.Msg) }

// Marks gives the per-user state that the is: and has: fields read. The
// annotation store implements it.
type Marks interface {
	IsRead(id string) bool
	IsStarred(id string) bool
	HasNotes(id string) bool
	HasHighlights(id string) bool
}

// errNoMarks is the message of Check when a query needs Marks and none are given.
const errNoMarks = "is:/has: are not available yet (notes arrive with annotations)"

// Query is a parsed search query. The zero of a query (ParseQuery of "" or of
// blanks) matches every brief.
//
// Grammar, loosest binding first (NOT binds tighter than AND, AND tighter than OR):
//
//	query   = or
//	or      = and { "OR" and }
//	and     = unary { ["AND"] unary }        terms side by side are ANDed
//	unary   = ("-" | "NOT") unary | primary
//	primary = "(" or ")" | field ":" value | `"` phrase `"` | word
//
// A word or phrase matches the title, the source, the tags and the section titles
// and bodies; a phrase matches adjacent terms. Fields:
//
//	title:W source:W        W (a word or "phrase") inside the title / the source
//	tag:T                   a tag equal to T (folded: tag:middle-east = tag:"Middle East")
//	section:S               the brief has a section S: why, know, next, lead (the kinds),
//	                        or words of a section title: section:"what people are saying"
//	date:D after:D before:D  D is YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday or a
//	                        span back from now: 7d, 2w, 3m, 1y. date: is that day (month,
//	                        year; for a span: since then), after: is on or after D,
//	                        before: is strictly before D; against briefs.Brief.SortTime's calendar day.
//	                        3m back from May 31 is February 28: a month without the day
//	                        ends the span at its last day
//	is:read|unread|starred has:notes|highlights   per-user state, through Marks
//
// Section restriction: the text terms ANDed with a section: term at the same level
// (and everything nested inside that AND: groups, ORs, negations) match only inside
// the sections that the section: terms of that AND select (all of them, if several).
// So `section:next ceasefire` is "ceasefire in a what-happens-next section", and
// `section:next -ceasefire` is "has a next section, and none of its next sections
// mentions ceasefire" (ceasefire elsewhere in the brief does not matter).
// Fields other than text terms (title:, tag:, dates…) are not affected.
//
// Matching is case- and accent-insensitive on folded terms (see internal/fold). The
// operators AND, OR and NOT are recognised only in capitals; "or" is a word.
//
// A query has at most MaxQueryBytes bytes and MaxQueryTerms terms, and nests
// parentheses and negations at most MaxQueryDepth deep.
type Query struct {
	src   string
	root  *qnode
	marks int // position of the first is:/has: field, -1 if none
}

type qkind uint8

const (
	qAnd qkind = iota
	qOr
	qNot
	qText
	qField
)

// qnode is one node of the query tree. The walks over it (String,
// positiveTerms, the evaluations) recurse: ParseQuery keeps the tree at most
// maxTreeDepth deep, so they do not need to guard their depth.
type qnode struct {
	kind qkind
	pos  int
	kids []*qnode

	// qText, and the text of title: and source: fields.
	toks   []string // folded terms; more than one is a phrase
	prefix bool     // the last term matches as a prefix (when asked for)

	// qField
	field string
	val   string                 // is:/has: value, or tag terms joined by spaces
	sect  briefs.SectionSelector // section:
	date  dateSpec               // date:, after:, before:

	// qAnd: the section: terms among the kids, restricting their text terms.
	restrict []*briefs.SectionSelector
}

// maxTreeDepth bounds the depth of a parsed tree, counting its nodes from
// the root to a leaf: the top level and each level of parentheses add at
// most an OR and an AND, each negation one node (parentheses and negations
// together are at most MaxQueryDepth), and the leaf is one more.
const maxTreeDepth = 2*MaxQueryDepth + 3

// ParseQuery parses a query. A malformed query, or one past the limits
// (MaxQueryBytes, MaxQueryTerms, MaxQueryDepth), is a *QueryError with the
// byte offset of the problem. ParseQuery never panics, and its work is linear
// in the length of s.
func ParseQuery(s string) (*Query, error) {
	if len(s) > MaxQueryBytes {
		// Refused before any work: a megabyte pasted into the bar costs nothing.
		pos := MaxQueryBytes
		for pos > 0 && !utf8.RuneStart(s[pos]) {
			pos--
		}
		return nil, &QueryError{Pos: pos, Msg: fmt.Sprintf("query longer than %d bytes", MaxQueryBytes)}
	}
	toks, err := lexQuery(s)
	if err != nil {
		return nil, err
	}
	p := &queryParser{src: s, toks: toks}
	q := &Query{src: s, marks: -1}
	if len(toks) == 0 {
		return q, nil
	}
	root, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		return nil, &QueryError{Pos: t.pos, Msg: "unmatched )"}
	}
	q.root = root
	markPrefix(s, toks, root)
	q.marks = firstMarks(root)
	return q, nil
}

// String is the query as the parser understood it, fully parenthesised; a
// prefix term ends in "*". For tests and debugging.
func (q *Query) String() string {
	if q == nil || q.root == nil {
		return ""
	}
	return q.root.String()
}

// Source is the query text as typed.
func (q *Query) Source() string { return q.src }

// IsEmpty reports whether the query matches everything (it has no terms).
func (q *Query) IsEmpty() bool { return q == nil || q.root == nil }

// NeedsMarks reports whether the query uses is: or has: fields.
func (q *Query) NeedsMarks() bool { return q != nil && q.marks >= 0 }

// Check reports whether the query can run with these marks: a query that uses is:
// or has: needs a non-nil Marks, and is otherwise a *QueryError at the first such
// field. Search, Filter and Match treat such a query as matching nothing, so
// call Check to show the reason.
func (q *Query) Check(m Marks) error {
	if q.NeedsMarks() && m == nil {
		return &QueryError{Pos: q.marks, Msg: errNoMarks}
	}
	return nil
}

// HasText reports whether the query has words or phrases that rank results (not
// only fields).
func (q *Query) HasText() bool { return len(q.positiveTerms(false)) > 0 }

func (n *qnode) String() string {
	switch n.kind {
	case qAnd, qOr:
		parts := make([]string, len(n.kids))
		for i, k := range n.kids {
			parts[i] = k.String()
		}
		sep := " "
		if n.kind == qOr {
			sep = " OR "
		}
		return "(" + strings.Join(parts, sep) + ")"
	case qNot:
		return "-" + n.kids[0].String()
	case qText:
		return textString(n)
	}
	switch n.field {
	case "title", "source":
		return n.field + ":" + textString(n)
	case "section":
		return "section:" + n.sect.String()
	case "date", "after", "before":
		return n.field + ":" + n.date.raw
	}
	return n.field + ":" + n.val
}

func textString(n *qnode) string {
	s := strings.Join(n.toks, " ")
	if n.prefix {
		s += "*"
	}
	if len(n.toks) > 1 {
		return `"` + s + `"`
	}
	return s
}

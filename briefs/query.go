package briefs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The query language (see Query for the grammar and meaning).

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
//	                        before: is strictly before D; against Brief.SortTime's calendar day
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
// Matching is case- and accent-insensitive on folded terms (see FoldText). The
// operators AND, OR and NOT are recognised only in capitals; "or" is a word.
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

// qnode is one node of the query tree.
type qnode struct {
	kind qkind
	pos  int
	kids []*qnode

	// qText, and the text of title: and source: fields.
	toks   []string // folded terms; more than one is a phrase
	prefix bool     // the last term matches as a prefix (when asked for)

	// qField
	field string
	val   string          // is:/has: value, or tag terms joined by spaces
	sect  SectionSelector // section:
	date  dateSpec        // date:, after:, before:

	// qAnd: the section: terms among the kids, restricting their text terms.
	restrict []*SectionSelector
}

// ParseQuery parses a query. A malformed query is a *QueryError with the byte
// offset of the problem. ParseQuery never panics.
func ParseQuery(s string) (*Query, error) {
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

// ---- lexer

type qtokKind uint8

const (
	tWord   qtokKind = iota // bare word
	tPhrase                 // "quoted"
	tField                  // name:value (value bare or quoted)
	tLParen
	tRParen
	tNot // - or NOT
	tAnd
	tOr
)

type qtok struct {
	kind   qtokKind
	pos    int // start of the token
	end    int // end of the token
	text   string
	field  string // tField: lower-case name
	valPos int    // tField: start of the value (inside the quotes when quoted)
	quoted bool   // tField: the value was quoted
}

// queryFields are the field names; anything else before a colon is an error, so
// that a typo is not silently searched as a word.
var queryFields = map[string]bool{
	"title": true, "source": true, "tag": true, "section": true, "date": true,
	"after": true, "before": true, "is": true, "has": true,
}

func isQuerySpace(r rune) bool { return unicode.IsSpace(r) }

// lexQuery cuts a query into tokens.
func lexQuery(s string) ([]qtok, error) {
	var toks []qtok
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isQuerySpace(r):
			i += size
		case r == '(':
			toks = append(toks, qtok{kind: tLParen, pos: i, end: i + 1})
			i++
		case r == ')':
			toks = append(toks, qtok{kind: tRParen, pos: i, end: i + 1})
			i++
		case r == '"':
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				return nil, &QueryError{Pos: i, Msg: "unterminated quote"}
			}
			toks = append(toks, qtok{kind: tPhrase, pos: i, end: i + 2 + end, text: s[i+1 : i+1+end]})
			i += 2 + end
		case r == '-' && i+1 < len(s) && !isBoundary(s[i+1:]):
			toks = append(toks, qtok{kind: tNot, pos: i, end: i + 1})
			i++
		default:
			t, err := lexWord(s, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = t.end
		}
	}
	return toks, nil
}

// isBoundary reports whether s starts with what ends a term: end, space, ")".
func isBoundary(s string) bool {
	if s == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isQuerySpace(r) || r == ')'
}

// wordEnd is the end of a bare word or value starting at i.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isQuerySpace(r) || r == '(' || r == ')' || r == '"' {
			break
		}
		i += size
	}
	return i
}

func lexWord(s string, i int) (qtok, error) {
	// A field is ASCII letters then a colon.
	j := i
	for j < len(s) && (s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z') {
		j++
	}
	if j > i && j < len(s) && s[j] == ':' {
		name := strings.ToLower(s[i:j])
		if !queryFields[name] {
			return qtok{}, &QueryError{Pos: i, Msg: fmt.Sprintf("unknown field %q (fields: title source tag section date after before is has)", s[i:j+1])}
		}
		v := j + 1
		t := qtok{kind: tField, pos: i, field: name, valPos: v}
		if v < len(s) && s[v] == '"' {
			end := strings.IndexByte(s[v+1:], '"')
			if end < 0 {
				return qtok{}, &QueryError{Pos: v, Msg: "unterminated quote"}
			}
			t.text, t.valPos, t.quoted, t.end = s[v+1:v+1+end], v+1, true, v+2+end
			return t, nil
		}
		t.end = wordEnd(s, v)
		t.text = s[v:t.end]
		if t.text == "" {
			return qtok{}, &QueryError{Pos: v, Msg: name + ": needs a value"}
		}
		return t, nil
	}
	end := wordEnd(s, i)
	w := s[i:end]
	t := qtok{kind: tWord, pos: i, end: end, text: w}
	switch w {
	case "AND":
		t.kind = tAnd
	case "OR":
		t.kind = tOr
	case "NOT":
		t.kind = tNot
	}
	return t, nil
}

// ---- parser

type queryParser struct {
	src  string
	toks []qtok
	i    int
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
	t := p.peek()
	if t.kind == tNot {
		p.i++
		next := p.peek()
		if endsTerm(next) || next.kind == tAnd {
			name := "-"
			if p.src[t.pos] == 'N' {
				name = "NOT"
			}
			return nil, &QueryError{Pos: t.pos, Msg: name + " needs a term after it"}
		}
		k, err := p.parseUnary()
		if err != nil || k == nil {
			return nil, err
		}
		return &qnode{kind: qNot, pos: t.pos, kids: []*qnode{k}}, nil
	}
	return p.parsePrimary()
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
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c == nil || c.kind != tRParen {
			return nil, &QueryError{Pos: t.pos, Msg: "missing ) for this ("}
		}
		p.i++
		return n, nil
	case tWord, tPhrase:
		toks := searchTerms(t.text)
		if len(toks) == 0 {
			return nil, nil // nothing searchable, e.g. "&": ignored
		}
		return &qnode{kind: qText, pos: t.pos, toks: toks}, nil
	case tField:
		return parseField(t)
	}
	// tAnd, tNot, tOr and tRParen are handled by the callers.
	return nil, &QueryError{Pos: t.pos, Msg: "unexpected " + p.src[t.pos:t.end]}
}

func parseField(t *qtok) (*qnode, error) {
	n := &qnode{kind: qField, pos: t.pos, field: t.field}
	bad := func(msg string) error { return &QueryError{Pos: t.valPos, Msg: msg} }
	switch t.field {
	case "title", "source":
		n.toks = searchTerms(t.text)
		if len(n.toks) == 0 {
			return nil, bad(t.field + ": needs a word")
		}
	case "tag":
		toks := searchTerms(t.text)
		if len(toks) == 0 {
			return nil, bad("tag: needs a word")
		}
		n.val = strings.Join(toks, " ")
	case "section":
		sel, err := ParseSectionSelector(t.text)
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

// group builds an AND/OR of kids, flattening same-kind children and
// dropping the group when it has one kid or none.
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

func walkQuery(n *qnode, fn func(*qnode)) {
	if n == nil {
		return
	}
	fn(n)
	for _, k := range n.kids {
		walkQuery(k, fn)
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

// ---- dates

// dateSpec is a day, month or year, or a span back from now.
type dateSpec struct {
	raw      string
	lo, hi   int  // absolute: day numbers [lo, hi)
	relative bool // lo/hi computed from now
	n        int
	unit     byte // 'd' 'w' 'm' 'y' spans; 't' today; 'Y' yesterday
}

func parseDateSpec(s string) (dateSpec, bool) {
	d := dateSpec{raw: s}
	ls := strings.ToLower(s)
	switch ls {
	case "today":
		d.relative, d.unit = true, 't'
		return d, true
	case "yesterday":
		d.relative, d.unit = true, 'Y'
		return d, true
	}
	if len(ls) >= 2 {
		if u := ls[len(ls)-1]; u == 'd' || u == 'w' || u == 'm' || u == 'y' {
			if n, err := strconv.Atoi(ls[:len(ls)-1]); err == nil && n >= 0 && n <= 100000 && ls[0] != '+' && ls[0] != '-' {
				d.relative, d.unit, d.n = true, u, n
				return d, true
			}
		}
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return d, false
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if p == "" || len(p) > 4 || (i > 0 && len(p) != 2) {
			return d, false
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return d, false
		}
		nums[i] = v
	}
	y := nums[0]
	switch len(nums) {
	case 1:
		d.lo, d.hi = dayNumber(y, 1, 1), dayNumber(y+1, 1, 1)
	case 2:
		m := nums[1]
		if m < 1 || m > 12 {
			return d, false
		}
		d.lo, d.hi = dayNumber(y, time.Month(m), 1), dayNumber(y, time.Month(m)+1, 1)
	case 3:
		m, dd := nums[1], nums[2]
		if m < 1 || m > 12 || dd < 1 || dd > 31 {
			return d, false
		}
		t := time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)
		if t.Day() != dd { // 2026-02-30
			return d, false
		}
		d.lo = dayNumber(y, time.Month(m), dd)
		d.hi = d.lo + 1
	}
	return d, true
}

// dayNumber is a calendar day as a count of days since 1970-01-01.
func dayNumber(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayOf is the calendar day of t in its own location; ok is false for the zero time.
func dayOf(t time.Time) (int, bool) {
	if t.IsZero() {
		return 0, false
	}
	y, m, d := t.Date()
	return dayNumber(y, m, d), true
}

// resolve returns the [lo, hi) day range of the spec at time now.
func (d dateSpec) resolve(now time.Time) (lo, hi int) {
	if !d.relative {
		return d.lo, d.hi
	}
	y, m, dd := now.Date()
	today := dayNumber(y, m, dd)
	switch d.unit {
	case 't':
		return today, today + 1
	case 'Y':
		return today - 1, today
	case 'd':
		return today - d.n, today + 1
	case 'w':
		return today - 7*d.n, today + 1
	case 'm':
		return dayNumber(y, m-time.Month(d.n), dd), today + 1
	default: // 'y'
		return dayNumber(y-d.n, m, dd), today + 1
	}
}

// ---- matching without an index

// docMeta is what field predicates and restriction need of a brief, folded once.
type docMeta struct {
	b        *Brief
	day      int
	hasDay   bool
	title    []string
	source   []string
	tags     []string   // each tag's terms joined by spaces
	sections [][]string // folded terms of each section title
}

func newDocMeta(b *Brief, t *searchTokenizer) *docMeta {
	m := &docMeta{b: b}
	m.day, m.hasDay = dayOf(b.SortTime())
	terms := func(s string) []string {
		var out []string
		t.scan(s, func(term []byte, _, _ int) { out = append(out, string(term)) })
		return out
	}
	m.title = terms(b.Title)
	m.source = terms(b.Source)
	for _, tag := range b.Tags {
		m.tags = append(m.tags, strings.Join(terms(tag), " "))
	}
	m.sections = make([][]string, len(b.Sections))
	for i, s := range b.Sections {
		m.sections[i] = terms(s.Title)
	}
	return m
}

// matchEnv is what evaluation needs besides the brief.
type matchEnv struct {
	now        time.Time
	marks      Marks
	prefixLast bool
}

func (o SearchOptions) env() matchEnv {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	return matchEnv{now: now, marks: o.Marks, prefixLast: o.PrefixLast}
}

// sectionSelected reports whether section i of the doc passes every selector.
func (m *docMeta) sectionSelected(i int, restrict []*SectionSelector) bool {
	for _, sel := range restrict {
		if !sel.matchFolded(m.b.Sections[i].Kind, m.sections[i]) {
			return false
		}
	}
	return true
}

// fieldMatch evaluates a field node (not text) on a brief.
func fieldMatch(n *qnode, m *docMeta, env *matchEnv) bool {
	switch n.field {
	case "title":
		return containsTerms(m.title, n.toks, false)
	case "source":
		return containsTerms(m.source, n.toks, false)
	case "tag":
		for _, t := range m.tags {
			if t == n.val {
				return true
			}
		}
		return false
	case "section":
		for i := range m.sections {
			if n.sect.matchFolded(m.b.Sections[i].Kind, m.sections[i]) {
				return true
			}
		}
		return false
	case "date", "after", "before":
		if !m.hasDay {
			return false
		}
		lo, hi := n.date.resolve(env.now)
		switch n.field {
		case "date":
			return m.day >= lo && m.day < hi
		case "after":
			return m.day >= lo
		default:
			return m.day < lo
		}
	case "is", "has":
		if env.marks == nil {
			return false
		}
		id := m.b.ID
		switch n.val {
		case "read":
			return env.marks.IsRead(id)
		case "unread":
			return !env.marks.IsRead(id)
		case "starred":
			return env.marks.IsStarred(id)
		case "notes":
			return env.marks.HasNotes(id)
		default:
			return env.marks.HasHighlights(id)
		}
	}
	return false
}

// containsTerms reports whether want occurs as adjacent terms in have; with
// prefix, its last term may be a prefix of the term in have.
func containsTerms(have, want []string, prefix bool) bool {
	k := len(want)
	if k == 0 {
		return false
	}
outer:
	for i := 0; i+k <= len(have); i++ {
		for j := 0; j < k; j++ {
			h, w := have[i+j], want[j]
			if j == k-1 && prefix {
				if !strings.HasPrefix(h, w) {
					continue outer
				}
			} else if h != w {
				continue outer
			}
		}
		return true
	}
	return false
}

// slotTerms returns the folded terms of slot s of b: slot 0 is the title, source
// and tags; slot i+1 is section i's title and body. The index uses the same cut.
func slotTerms(b *Brief, slot int, t *searchTokenizer) []string {
	var out []string
	add := func(s string) {
		t.scan(s, func(term []byte, _, _ int) { out = append(out, string(term)) })
	}
	if slot == 0 {
		add(b.Title)
		add(b.Source)
		for _, tag := range b.Tags {
			add(tag)
		}
		return out
	}
	sec := &b.Sections[slot-1]
	add(sec.Title)
	add(sec.Body)
	return out
}

// slotHasPhrase reports whether slot s of b (see slotTerms) has the terms of
// phrase adjacent, folding the text as it goes without keeping its terms.
func slotHasPhrase(b *Brief, slot int, phrase []string, prefix bool, t *searchTokenizer) bool {
	k := len(phrase)
	// active[j]: the terms just seen match phrase[:j]. Texts are cut per field, so
	// a phrase does not run from the title into the source.
	var buf [8]bool
	active := buf[:0]
	if k+1 <= len(buf) {
		active = buf[:k+1]
	} else {
		active = make([]bool, k+1)
	}
	found := false
	step := func(term []byte, _, _ int) {
		if found {
			return
		}
		for j := k; j >= 1; j-- {
			w := phrase[j-1]
			ok := string(term) == w || (j == k && prefix && len(term) >= len(w) && string(term[:len(w)]) == w)
			active[j] = active[j-1] && ok
		}
		if active[k] {
			found = true
		}
	}
	// A phrase of plain CJK runes (see isPlainCJK) is found at once where its
	// runes stand together in the text, the usual case; else the scan decides.
	joined := ""
	if k > 1 && !prefix && allPlainCJK(phrase) {
		joined = strings.Join(phrase, "")
	}
	scanField := func(s string) bool {
		if joined != "" && strings.Contains(s, joined) {
			return true
		}
		clear(active)
		active[0] = true
		t.scan(s, step)
		return found
	}
	if slot == 0 {
		if scanField(b.Title) || scanField(b.Source) {
			return true
		}
		for _, tag := range b.Tags {
			if scanField(tag) {
				return true
			}
		}
		return false
	}
	sec := &b.Sections[slot-1]
	return scanField(sec.Title) || scanField(sec.Body)
}

func allPlainCJK(toks []string) bool {
	for _, t := range toks {
		r, size := utf8.DecodeRuneInString(t)
		if size != len(t) || !isPlainCJK(r) {
			return false
		}
	}
	return true
}

// Match reports whether one brief matches, without an index: for filtering
// before the index is built, and for a handful of briefs. It folds the brief's
// text on every call. A query that needs Marks matches nothing when
// opts.Marks is nil (see Check).
func (q *Query) Match(b *Brief, opts SearchOptions) bool {
	if q.IsEmpty() {
		return true
	}
	if q.Check(opts.Marks) != nil {
		return false
	}
	t := getTokenizer()
	defer putTokenizer(t)
	env := opts.env()
	d := &scanDoc{meta: newDocMeta(b, t), t: t}
	return d.eval(q.root, nil, &env)
}

// scanDoc evaluates a query on one brief, folding its text as terms need it.
type scanDoc struct {
	meta *docMeta
	t    *searchTokenizer
}

func (d *scanDoc) eval(n *qnode, restrict []*SectionSelector, env *matchEnv) bool {
	switch n.kind {
	case qAnd:
		if len(n.restrict) > 0 {
			restrict = append(restrict[:len(restrict):len(restrict)], n.restrict...)
		}
		for _, k := range n.kids {
			if !d.eval(k, restrict, env) {
				return false
			}
		}
		return true
	case qOr:
		for _, k := range n.kids {
			if d.eval(k, restrict, env) {
				return true
			}
		}
		return false
	case qNot:
		return !d.eval(n.kids[0], restrict, env)
	case qText:
		prefix := n.prefix && env.prefixLast
		b := d.meta.b
		if restrict == nil && slotHasPhrase(b, 0, n.toks, prefix, d.t) {
			return true
		}
		for i := range b.Sections {
			if restrict != nil && !d.meta.sectionSelected(i, restrict) {
				continue
			}
			if slotHasPhrase(b, i+1, n.toks, prefix, d.t) {
				return true
			}
		}
		return false
	}
	return fieldMatch(n, d.meta, env)
}

// ---- terms for ranking and highlighting

// posTerm is a text term that counts for ranking: not under a negation.
type posTerm struct {
	toks     []string
	prefix   bool
	restrict []*SectionSelector
}

// positiveTerms lists the text terms under an even number of negations, with the
// section restriction that applies to each. title: and source: terms count too
// (they rank and highlight like words).
func (q *Query) positiveTerms(prefixLast bool) []posTerm {
	if q == nil || q.root == nil {
		return nil
	}
	var out []posTerm
	var walk func(n *qnode, neg bool, restrict []*SectionSelector)
	walk = func(n *qnode, neg bool, restrict []*SectionSelector) {
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
	tk := getTokenizer()
	defer putTokenizer(tk)
	tk.scan(text, func(term []byte, start, end int) {
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

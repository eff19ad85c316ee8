package search

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/fold"
)

// docMeta is what field predicates and restriction need of a brief, folded once.
type docMeta struct {
	b        *briefs.Brief
	day      int
	title    []string
	source   []string
	tags     []string   // each tag's terms joined by spaces
	sections [][]string // folded terms of each section title

	// A doc opened from an index file has its title's term ids here, as
	// the file has them, and title nil: only title: queries and Save need
	// the terms, and decoding them for every doc would double the open.
	titleIDs []byte
	dict     *termTable

	// An index opened with its view (OpenViewed) has no briefs: b is nil
	// and the brief is decoded from the catalog when a query needs it.
	lazy  *lazyBriefs
	entry int32

	hasDay bool // beside entry: 8 bytes less a doc, 100,000 docs
}

// brief is the doc's brief, decoded on first use in an index opened with
// its view.
func (m *docMeta) brief() *briefs.Brief {
	if m.b != nil || m.lazy == nil {
		return m.b
	}
	return m.lazy.get(m.entry)
}

// titleTerms returns the folded terms of the title.
func (m *docMeta) titleTerms() []string {
	if m.titleIDs == nil {
		return m.title
	}
	d := &dec{p: m.titleIDs}
	out := make([]string, 0, len(m.titleIDs))
	for len(d.p) > 0 && d.err == nil {
		out = append(out, m.dict.terms[d.n(len(m.dict.terms))])
	}
	return out
}

func newDocMeta(b *briefs.Brief, t *fold.Tokenizer) *docMeta {
	m := &docMeta{b: b}
	m.day, m.hasDay = dayOf(b.SortTime())
	terms := func(s string) []string {
		var out []string
		t.Scan(s, func(term []byte, _, _ int) { out = append(out, string(term)) })
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
func (m *docMeta) sectionSelected(i int, restrict []*briefs.SectionSelector) bool {
	for _, sel := range restrict {
		if !sel.MatchesTerms(m.brief().Sections[i].Kind, m.sections[i]) {
			return false
		}
	}
	return true
}

// fieldMatch evaluates a field node (not text) on a brief.
func fieldMatch(n *qnode, m *docMeta, env *matchEnv) bool {
	switch n.field {
	case "title":
		return fold.ContainsPhrase(m.titleTerms(), n.toks)
	case "source":
		return fold.ContainsPhrase(m.source, n.toks)
	case "tag":
		for _, t := range m.tags {
			if t == n.val {
				return true
			}
		}
		return false
	case "section":
		for i := range m.sections {
			if n.sect.MatchesTerms(m.brief().Sections[i].Kind, m.sections[i]) {
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
		id := m.brief().ID
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

// slotHasPhrase reports whether slot s of b (slot 0: title, source and tags; slot i+1: section i) has the terms of
// phrase adjacent, folding the text as it goes without keeping its terms.
func slotHasPhrase(b *briefs.Brief, slot int, phrase []string, prefix bool, t *fold.Tokenizer) bool {
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
		t.Scan(s, step)
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
		if size != len(t) || !fold.IsPlainCJK(r) {
			return false
		}
	}
	return true
}

// Match reports whether one brief matches, without an index: for filtering
// before the index is built, and for a handful of briefs. It folds the brief's
// text on every call. A query that needs Marks matches nothing when
// opts.Marks is nil (see Check).
func (q *Query) Match(b *briefs.Brief, opts SearchOptions) bool {
	if q.IsEmpty() {
		return true
	}
	if q.Check(opts.Marks) != nil {
		return false
	}
	t := fold.GetTokenizer()
	defer fold.PutTokenizer(t)
	env := opts.env()
	d := &scanDoc{meta: newDocMeta(b, t), t: t}
	return d.eval(q.root, nil, &env)
}

// scanDoc evaluates a query on one brief, folding its text as terms need it.
type scanDoc struct {
	meta *docMeta
	t    *fold.Tokenizer
}

func (d *scanDoc) eval(n *qnode, restrict []*briefs.SectionSelector, env *matchEnv) bool {
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
		b := d.meta.brief()
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

package search

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// hostileShape is a query built to hurt a parser: deep, long or repetitive.
type hostileShape struct {
	name string
	make func(n int) string // a query of n bytes
}

// repeatTo repeats unit until the result is n bytes long, cut at n.
func repeatTo(unit string, n int) string {
	return strings.Repeat(unit, n/len(unit)+1)[:n]
}

// nestedOr is `(a0 OR (a1 OR (a2 … zzz))))`, n bytes, closed.
func nestedOr(n int) string {
	var open strings.Builder
	depth := 0
	for open.Len()+depth < n-16 {
		fmt.Fprintf(&open, "(a%d OR ", depth)
		depth++
	}
	open.WriteString(strings.Repeat("z", n-open.Len()-depth))
	open.WriteString(strings.Repeat(")", depth))
	return open.String()
}

var hostileShapes = []hostileShape{
	{"lparen", func(n int) string { return repeatTo("(", n) }},
	{"rparen", func(n int) string { return repeatTo(")", n) }},
	{"nested-or", nestedOr},
	{"quote", func(n int) string { return repeatTo(`"`, n) }},
	{"a-or", func(n int) string { return repeatTo("a OR ", n-1) + "a" }},
	{"dash", func(n int) string { return repeatTo("-", n-1) + "x" }},
	{"not", func(n int) string { return repeatTo("NOT ", n-1) + "x" }},
	{"section", func(n int) string { return repeatTo("section:", n) }},
	{"section-why", func(n int) string { return repeatTo("section:why ", n) }},
	{"date", func(n int) string { return "after:" + repeatTo("9", n-7) + "d" }},
}

// BenchmarkParseHostile parses each hostile shape at the length limit,
// where the parser does all its work, and at 64 KiB and 1 MiB, refused by
// length: time and bytes per parse, so that a parser that turns quadratic
// (or deep) again, or a limit that stops holding, shows as a number.
func BenchmarkParseHostile(b *testing.B) {
	for _, size := range []int{MaxQueryBytes, 64 << 10, 1 << 20} {
		for _, sh := range hostileShapes {
			q := sh.make(size)
			b.Run(fmt.Sprintf("%s/%dKiB", sh.name, size>>10), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(q)))
				for b.Loop() {
					_, _ = ParseQuery(q)
				}
			})
		}
	}
}

// treeDepth is the number of nodes on the longest path from n to a leaf,
// counted without recursing.
func treeDepth(n *qnode) int {
	type at struct {
		n *qnode
		d int
	}
	if n == nil {
		return 0
	}
	deepest := 0
	stack := []at{{n, 1}}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		deepest = max(deepest, e.d)
		for _, k := range e.n.kids {
			stack = append(stack, at{k, e.d + 1})
		}
	}
	return deepest
}

// TestParseQueryHostile: every hostile shape is refused (or parsed) with a
// *QueryError at the right place, without a panic, and a megabyte of it
// costs no more allocations than a few bytes: it is refused before any work.
func TestParseQueryHostile(t *testing.T) {
	atLimit := map[string]struct {
		pos int // -1: parsed, an empty query
		msg string
	}{
		"lparen":      {64, "nested deeper than 64"},
		"rparen":      {0, "expected a word"},
		"nested-or":   {strings.Index(nestedOr(MaxQueryBytes), "(a64 "), "nested deeper than 64"},
		"quote":       {-1, ""}, // 2048 empty phrases: nothing to search
		"a-or":        {256 * len("a OR "), "more than 256 terms"},
		"dash":        {64, "nested deeper than 64"},
		"not":         {64 * len("NOT "), "nested deeper than 64"},
		"section":     {0, "more than 256 terms"},
		"section-why": {256 * len("section:why "), "more than 256 terms"},
		"date":        {len("after:"), "after: expects"},
	}
	for _, sh := range hostileShapes {
		t.Run(sh.name, func(t *testing.T) {
			want, ok := atLimit[sh.name]
			if !ok {
				t.Fatalf("no expectation for shape %s", sh.name)
			}
			q := sh.make(MaxQueryBytes)
			if len(q) != MaxQueryBytes {
				t.Fatalf("shape is %d bytes, want %d", len(q), MaxQueryBytes)
			}
			parsed, err := ParseQuery(q)
			if want.pos < 0 {
				if err != nil || !parsed.IsEmpty() {
					t.Fatalf("at the limit: %v, empty %v; want an empty query", err, parsed.IsEmpty())
				}
			} else {
				requireQueryError(t, err, want.pos, want.msg)
			}

			huge := sh.make(1 << 20)
			_, err = ParseQuery(huge)
			requireQueryError(t, err, MaxQueryBytes, "query longer than 4096 bytes")
			// Many runs: AllocsPerRun counts every goroutine's mallocs, so
			// a finalizer or a leftover goroutine of an earlier test that
			// allocates during a short window would be charged to the
			// parser (seen under -race on a loaded machine).
			if n := testing.AllocsPerRun(200, func() { _, _ = ParseQuery(huge) }); n > 3 {
				t.Errorf("1 MiB: %v allocations per parse, want at most 3", n)
			}
		})
	}
}

// requireQueryError fails unless err is a *QueryError at pos whose message
// contains msg.
func requireQueryError(t *testing.T, err error, pos int, msg string) {
	t.Helper()
	var qe *QueryError
	if !errors.As(err, &qe) {
		t.Fatalf("error %v, want a *QueryError %q at %d", err, msg, pos)
	}
	if qe.Pos != pos || !strings.Contains(qe.Msg, msg) {
		t.Fatalf("error at %d %q, want at %d %q", qe.Pos, qe.Msg, pos, msg)
	}
}

// TestQueryLimits: a query at each limit parses, one past it is refused at
// the place it goes past, and the deepest queries that parse stay within
// maxTreeDepth and can be printed and run.
func TestQueryLimits(t *testing.T) {
	words := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = fmt.Sprintf("w%d", i)
		}
		return strings.Join(ws, " ")
	}
	parens := func(n int) string { return strings.Repeat("(", n) + "ceasefire" + strings.Repeat(")", n) }
	nots := func(n int) string { return strings.Repeat("-", n) + "ceasefire" }
	mixed := func(n int) string { // NOT (NOT (… ceasefire)) n deep
		return strings.Repeat("NOT (", n/2) + "NOT ceasefire" + strings.Repeat(")", n/2)
	}
	euros := strings.Repeat("€", MaxQueryBytes/3+1) // crosses the limit inside a rune
	// An OR over an AND on every level: the deepest tree the limits allow.
	deepest := "x OR y " + strings.Repeat("(a OR b ", MaxQueryDepth) + "c" + strings.Repeat(")", MaxQueryDepth)
	if q, err := ParseQuery(deepest); err != nil || treeDepth(q.root) != maxTreeDepth {
		t.Fatalf("deepest query: %v, want a tree exactly %d deep", err, maxTreeDepth)
	}

	fits := []string{
		strings.Repeat(" ", MaxQueryBytes-1) + "a",
		words(MaxQueryTerms),
		`"` + words(MaxQueryTerms) + `"`,
		`title:"` + words(MaxQueryTerms) + `"`,
		parens(MaxQueryDepth),
		nots(MaxQueryDepth),
		mixed(MaxQueryDepth - 1),
		strings.Repeat("(a OR ", MaxQueryDepth) + "b" + strings.Repeat(")", MaxQueryDepth),
		deepest,
		strings.Repeat("(a ", MaxQueryDepth-2) + "section:next -(b OR c)" + strings.Repeat(")", MaxQueryDepth-2),
	}
	for _, s := range fits {
		q, err := ParseQuery(s)
		if err != nil {
			t.Fatalf("%.40q…: %v", s, err)
		}
		if d := treeDepth(q.root); d > maxTreeDepth {
			t.Errorf("%.40q…: tree %d deep, more than %d", s, d, maxTreeDepth)
		}
		_ = q.String()
		_ = q.Highlights("ceasefire talks", true)
		for _, b := range fixtureBriefs() {
			q.Match(b, SearchOptions{Now: testNow, PrefixLast: true})
		}
	}

	over := []struct {
		in  string
		pos int
		msg string
	}{
		{strings.Repeat(" ", MaxQueryBytes) + "a", MaxQueryBytes, "longer than 4096 bytes"},
		{euros, MaxQueryBytes - MaxQueryBytes%3, "longer than 4096 bytes"},
		{words(MaxQueryTerms + 1), strings.Index(words(MaxQueryTerms+1), "w256"), "more than 256 terms"},
		{`x "` + words(MaxQueryTerms) + `"`, 2, "more than 256 terms"},
		{`tag:"` + words(MaxQueryTerms+1) + `"`, 0, "more than 256 terms"},
		{parens(MaxQueryDepth + 1), MaxQueryDepth, "nested deeper than 64"},
		{nots(MaxQueryDepth + 1), MaxQueryDepth, "nested deeper than 64"},
		{"(" + nots(MaxQueryDepth) + ")", MaxQueryDepth, "nested deeper than 64"},
		{mixed(MaxQueryDepth + 1), strings.Index(mixed(MaxQueryDepth+1), "NOT ceasefire"), "nested deeper than 64"},
		{"after:99999999999999999999d", len("after:"), "after: expects"},
		{"date:99999999999999999999", len("date:"), "date: expects"},
		{"before:100001y", len("before:"), "before: expects"},
	}
	for _, c := range over {
		_, err := ParseQuery(c.in)
		requireQueryError(t, err, c.pos, c.msg)
	}
}

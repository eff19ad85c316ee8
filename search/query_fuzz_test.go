package search

import (
	"errors"
	"testing"
)

// FuzzParseQuery: ParseQuery never panics, errors are *QueryError with a
// position inside the query, a parsed tree stays within maxTreeDepth, and a
// parsed query can be printed and run. The hostile shapes are seeds at the
// length limit (where the parser does its most work) and far past it.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "ceasefire", `"talks resume" -geneva`, "a OR (b NOT c)", "section:next ceasefire",
		`section:"what people are saying"`, "date:2026-06-24 after:7d before:today", "is:unread has:notes",
		"(((", ")))", `"`, "title:", "東京 müller", "a AND OR b", "- -", "NOT NOT x",
	} {
		f.Add(s)
	}
	for _, sh := range hostileShapes {
		f.Add(sh.make(MaxQueryBytes))
		f.Add(sh.make(64 << 10))
	}
	f.Add("after:99999999999999999999d")
	f.Add("date:99999999999999999999 before:100000y")
	bs := fixtureBriefs()
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("error %v is not a *QueryError", err)
			}
			if qe.Pos < 0 || qe.Pos > len(s) {
				t.Fatalf("position %d outside [0, %d] for %q", qe.Pos, len(s), s)
			}
			return
		}
		if d := treeDepth(q.root); d > maxTreeDepth {
			t.Fatalf("tree %d deep, more than %d", d, maxTreeDepth)
		}
		_ = q.String()
		for _, b := range bs {
			q.Match(b, SearchOptions{Now: testNow, Marks: fakeMarks{}, PrefixLast: true})
		}
	})
}

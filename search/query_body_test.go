package search

import "testing"

func TestQueryHasBodyText(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"water", true},
		{`"talks resume"`, true},
		{"title:Heads", false},
		{"source:Ledger tag:climate", false},
		{"title:Heads water", true},
		{"-geneva", false},
		{"-geneva title:vote", false},
		{"-(-water)", true},
		{"section:why water", true},
		{"section:why", false},
		{"title:a OR b", true},
		{"", false},
	} {
		q, err := ParseQuery(c.src)
		if err != nil {
			t.Fatalf("%q: %v", c.src, err)
		}
		if got := q.HasBodyText(); got != c.want {
			t.Errorf("HasBodyText(%q) = %v, want %v", c.src, got, c.want)
		}
	}
}

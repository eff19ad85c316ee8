package search

import (
	"slices"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
)

// parsedBriefs are briefs as the parser splits them, not built by hand: the
// query language must see what the parser finds in each house style and
// language (section kinds from translated labels, dates from memo headers).
func parsedBriefs(t *testing.T) []*briefs.Brief {
	t.Helper()
	texts := []struct{ id, path, text string }{
		{"de", "bahn.md", "# Bahnstrecke gesperrt\n\nDie Strecke bleibt zu.\n\n**Warum das wichtig ist:** Täglich pendeln 8.000 Menschen.\n\n**Wie es weitergeht:** Ein Zeitplan folgt.\n"},
		{"fr", "port.txt", "Le conseil a voté la fermeture du port de pêche pour des travaux sur la digue.\nPourquoi c’est important :\nLe port fait vivre quarante bateaux.\n"},
		{"memo", "locks.txt", "MEMORANDUM FOR THE DEPUTY SECRETARY\nFROM: Director of Waterways\nSUBJECT: Lock closures\nDATE: 2 April 2025\n\nBLUF\nClose the locks in turn.\n"},
		{"en", "ferry.md", "# Ferry charter suspended\n\nThe council voted.\n\n## What To Know\n\nFares rose.\n"},
	}
	var out []*briefs.Brief
	for _, x := range texts {
		b, warns := briefs.Parse(x.path, []byte(x.text))
		if len(warns) > 0 {
			t.Fatalf("%s: warnings %q", x.id, warns)
		}
		b.ID, b.Path = x.id, x.path
		out = append(out, b)
	}
	return out
}

func TestQueryParsedBriefs(t *testing.T) {
	bs := parsedBriefs(t)
	ix := NewIndex(bs)
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"section:why", []string{"de", "fr"}},
		{"section:next", []string{"de"}},
		{"section:know", []string{"en"}},
		// A label selects its kind, in any of the five languages.
		{`section:"warum das wichtig ist"`, []string{"de", "fr"}},
		{`section:"pourquoi c'est important"`, []string{"de", "fr"}},
		{`section:"wie es weitergeht"`, []string{"de"}},
		{"section:why pendeln", []string{"de"}},
		{"section:why bateaux", []string{"fr"}},
		{"date:2025-04-02", []string{"memo"}},
		{"date:2025-04 section:lead", []string{"memo"}},
		{"before:2025-05-01", []string{"memo"}},
		{`title:"lock closures"`, []string{"memo"}},
	} {
		q, err := ParseQuery(c.q)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", c.q, err)
		}
		opts := SearchOptions{Now: testNow}
		var scan []string
		for _, b := range bs {
			if q.Match(b, opts) {
				scan = append(scan, b.ID)
			}
		}
		if !slices.Equal(scan, c.want) {
			t.Errorf("Match %q = %v, want %v", c.q, scan, c.want)
		}
		if got := ix.Filter(q, opts); !slices.Equal(got, c.want) {
			t.Errorf("Filter %q = %v, want %v", c.q, got, c.want)
		}
	}
}

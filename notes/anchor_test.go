package notes

import "testing"

func TestReanchor(t *testing.T) {
	lead := SectionText{Kind: "lead", Body: "Europe's central bank moved first. The euro rallied."}
	why := SectionText{Kind: "why_it_matters", Title: "Why it matters",
		Body: "Rates rose by half a point in March. Markets fell sharply.\n\n" +
			"The central bank said more rises may come. Analysts expect two more.\n\n" +
			"Rates rose by half a point in March. This repeats."}
	next := SectionText{Kind: "what_happens_next", Title: "What's next",
		Body: "- The committee meets in Genève on 4 May.\n- Minutes follow two weeks later."}
	sections := []SectionText{lead, why, next}
	whySec := Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1}
	nextSec := Section{Kind: "what_happens_next", Title: "What's next", Index: 2}

	tests := []struct {
		name     string
		note     Note
		sections []SectionText
		section  int    // want; -1 for orphaned
		text     string // want sections[section].Body[Start:End]
		fuzzy    bool
	}{
		{"unchanged", Note{Section: whySec, Quote: "Markets fell sharply."}, sections, 1, "Markets fell sharply.", false},
		{"first of two by context", Note{Section: whySec, Quote: "Rates rose by half a point in March.",
			After: " Markets fell sharply."}, sections, 1, "Rates rose by half a point in March.", false},
		{"second of two by context", Note{Section: whySec, Quote: "Rates rose by half a point in March.",
			Before: "expect two more.\n\n", After: " This repeats."}, sections, 1, "Rates rose by half a point in March.", false},
		{"section moved", Note{Section: whySec, Quote: "Markets fell sharply."},
			[]SectionText{lead, next, why}, 2, "Markets fell sharply.", false},
		{"section retitled, same index", Note{Section: whySec, Quote: "Markets fell sharply."},
			[]SectionText{lead, {Kind: "why_it_matters", Title: "Why this matters", Body: why.Body}, next}, 1, "Markets fell sharply.", false},
		{"quote moved to another section", Note{Section: nextSec, Quote: "The euro rallied."}, sections, 0, "The euro rallied.", false},
		{"home section preferred over better context elsewhere", Note{Section: nextSec, Quote: "in March.", Before: "half a point "},
			[]SectionText{lead, why, {Kind: next.Kind, Title: next.Title, Body: "Talks end in March."}}, 2, "in March.", false},
		{"edited in place", Note{Section: whySec, Quote: "The central bank said more rises may come."},
			[]SectionText{lead, {Kind: why.Kind, Title: why.Title, Body: "Markets fell.\n\nThe central bank said further rises may come soon. Analysts disagree."}, next},
			1, "The central bank said further rises may come soon.", true},
		{"edited and moved", Note{Section: whySec, Quote: "The central bank said more rises may come."},
			[]SectionText{{Kind: "lead", Body: "Intro. The central bank said more rate rises may come. Ends."}, {Kind: why.Kind, Title: why.Title, Body: "Nothing here now."}},
			0, "The central bank said more rate rises may come.", true},
		{"multi-paragraph quote, one word changed",
			Note{Section: whySec, Quote: "Rates rose by half a point in March. Markets fell sharply.\n\nThe central bank said more rises may come."},
			[]SectionText{lead, {Kind: why.Kind, Title: why.Title, Body: "Rates rose by half a point in March. Markets fell hard.\n\nThe central bank said more rises may come.\n\nOther things."}, next},
			1, "Rates rose by half a point in March. Markets fell hard.\n\nThe central bank said more rises may come.", true},
		{"list item edited, unicode offsets", Note{Section: nextSec, Quote: "The committee meets in Genève on 4 May."},
			[]SectionText{lead, why, {Kind: next.Kind, Title: next.Title, Body: "- Minutes first.\n- The committee meets in Genève on 5 May.\n- Then a vote."}},
			2, "- The committee meets in Genève on 5 May.", true},
		{"deleted text is orphaned", Note{Section: whySec, Quote: "Officials warned of a slowdown in Asian exports."}, sections, -1, "", false},
		{"similar words, different sentence: orphaned", Note{Section: whySec, Quote: "The bank said markets may come back in March."},
			[]SectionText{{Kind: "lead", Body: "Rates fell. Bank holidays in May."}}, -1, "", false},
		{"section note", Note{Section: nextSec}, sections, 2, "", false},
		{"section note, section gone", Note{Section: Section{Kind: "other", Title: "Gone", Index: 9}}, sections, -1, "", false},
		{"no sections", Note{Section: whySec, Quote: "Markets fell sharply."}, nil, -1, "", false},
		{"punctuation-only quote not found", Note{Section: whySec, Quote: "—"}, sections, -1, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Reanchor(tt.note, tt.sections)
			if all := ReanchorAll([]Note{tt.note, tt.note}, tt.sections); all[0] != a || all[1] != a {
				t.Errorf("ReanchorAll = %+v, Reanchor = %+v", all, a)
			}
			if tt.section < 0 {
				if !a.Orphaned || a.Section != -1 {
					t.Fatalf("Reanchor = %+v, want orphaned", a)
				}
				return
			}
			if a.Orphaned || a.Section != tt.section || a.Fuzzy != tt.fuzzy {
				t.Fatalf("Reanchor = %+v, want section %d fuzzy=%v", a, tt.section, tt.fuzzy)
			}
			body := tt.sections[a.Section].Body
			if got := body[a.Start:a.End]; got != tt.text {
				t.Errorf("anchored %q, want %q", got, tt.text)
			}
			if tt.text == "Rates rose by half a point in March." {
				want := 0
				if tt.note.After == " This repeats." {
					want = len(body) - len("Rates rose by half a point in March. This repeats.")
				}
				if a.Start != want {
					t.Errorf("Start = %d, want occurrence at %d", a.Start, want)
				}
			}
		})
	}
}

func FuzzReanchor(f *testing.F) {
	f.Add("Rates rose. Markets fell.\n\nMore to come.", "Markets fell.", "before", "after")
	f.Add("é\n\n- a\n- b", "- b", "", "")
	f.Fuzz(func(t *testing.T, body, quote, before, after string) {
		a := Reanchor(Note{Quote: quote, Before: before, After: after, Section: Section{Index: 0}},
			[]SectionText{{Body: body}, {Body: after + body}})
		if a.Orphaned {
			return
		}
		secs := []string{body, after + body}
		if a.Section < 0 || a.Section > 1 || a.Start < 0 || a.Start > a.End || a.End > len(secs[a.Section]) {
			t.Fatalf("bad anchor %+v", a)
		}
	})
}

package briefs

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// sec renders a section as "kind|title|body" so a whole split fits in a table row.
func sec(s Section) string { return string(s.Kind) + "|" + s.Title + "|" + s.Body }

func secs(b *Brief) []string {
	out := make([]string, len(b.Sections))
	for i, s := range b.Sections {
		out[i] = sec(s)
	}
	return out
}

type splitCase struct {
	name  string
	in    string
	title string   // "" means: do not check
	want  []string // kind|title|body of every section, in order
}

func runSplitCases(t *testing.T, cases []splitCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, warns := Parse("test.md", []byte(tc.in))
			if tc.title != "" && b.Title != tc.title {
				t.Errorf("title = %q, want %q", b.Title, tc.title)
			}
			if got := secs(b); !slices.Equal(got, tc.want) {
				t.Errorf("sections:\n got  %q\n want %q", got, tc.want)
			}
			if len(warns) != 0 {
				t.Errorf("unexpected warnings %q", warns)
			}
		})
	}
}

func TestPreprocessing(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"BOM dropped", "\uFEFF# Title\n\nText.\n", "Title", []string{"lead||Text."}},
		{"CRLF", "# T\r\n\r\n## Why it matters\r\nOne\r\nTwo\r\n", "T", []string{"why_it_matters|Why it matters|One\nTwo"}},
		{"lone CR", "# T\r\r## Outlook\rOne\rTwo\r", "T", []string{"what_happens_next|Outlook|One\nTwo"}},
		{"NFC", "# Cafe\u0301 news\n\nText.\n", "Caf\u00e9 news", []string{"lead||Text."}},
	})
	t.Run("only one BOM", func(t *testing.T) {
		b, _ := Parse("x.md", []byte("\uFEFF\uFEFFText."))
		if b.Raw != "\uFEFFText." {
			t.Errorf("Raw = %q", b.Raw)
		}
	})
	t.Run("Raw is decoded", func(t *testing.T) {
		b, _ := Parse("x.md", []byte("\uFEFFa\r\nb\rc\u0065\u0301"))
		if b.Raw != "a\nb\nc\u00e9" {
			t.Errorf("Raw = %q", b.Raw)
		}
	})
	t.Run("invalid UTF-8", func(t *testing.T) {
		b, warns := Parse("x.md", []byte("# Bad \xff\xfe bytes\n\nText \xc3.\n"))
		if len(warns) != 1 || !strings.Contains(warns[0], "UTF-8") {
			t.Errorf("warnings = %q", warns)
		}
		if !slices.Equal(b.Warnings, warns) {
			t.Errorf("Brief.Warnings = %q, returned %q", b.Warnings, warns)
		}
		if !utf8.ValidString(b.Raw) || !strings.Contains(b.Raw, "\uFFFD") || b.Title != "Bad \uFFFD bytes" {
			t.Errorf("Raw = %q, Title = %q", b.Raw, b.Title)
		}
	})
}

func TestFrontMatter(t *testing.T) {
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		in      string
		title   string
		date    time.Time
		source  string
		tags    []string
		id      string
		warn    string // substring of the one expected warning; "" for none
		secs    []string
		notBody string // text that must not appear in any section
	}{
		{
			name:  "yaml flow tags",
			in:    "---\ntitle: Salt flats survey\ndate: 2026-03-04\nsource: Desert Post\ntags: [salt, survey]\nid: salt-1\n---\nBody text.\n",
			title: "Salt flats survey", date: day, source: "Desert Post", tags: []string{"salt", "survey"}, id: "salt-1",
			secs: []string{"lead||Body text."},
		},
		{
			name:  "yaml block tags and dots",
			in:    "---\ntitle: 'Quoted: title'\ntags:\n  - one\n  - two words\n...\n\n## Context\nText.\n",
			title: "Quoted: title", tags: []string{"one", "two words"},
			secs: []string{"what_to_know|Context|Text."},
		},
		{
			name:  "yaml single string tags",
			in:    "---\ntags: alpha, beta\n---\nFirst sentence here. Second one.\n",
			title: "First sentence here.", tags: []string{"alpha", "beta"},
			secs: []string{"lead||First sentence here. Second one."},
		},
		{
			name:  "toml",
			in:    "+++\ntitle = \"Tide tables\"\ndate = 2026-03-04\nsource = \"Harbour Desk\"\ntags = [\"tides\", \"sea\"]\nid = \"tides\"\n+++\n\n**Why it matters:** Boats.\n",
			title: "Tide tables", date: day, source: "Harbour Desk", tags: []string{"tides", "sea"}, id: "tides",
			secs: []string{"why_it_matters|Why it matters|Boats."},
		},
		{
			name:  "toml datetime",
			in:    "+++\ndate = 2026-03-04T10:30:00Z\n+++\n# Clocks\n",
			title: "Clocks", date: time.Date(2026, 3, 4, 10, 30, 0, 0, time.UTC),
		},
		{
			name:  "front-matter title wins, H1 still consumed",
			in:    "---\ntitle: From front matter\n---\n# From the heading\n\nLead text.\n\n## Outlook\nSoon.\n",
			title: "From front matter",
			secs:  []string{"lead||Lead text.", "what_happens_next|Outlook|Soon."},
		},
		{
			name:    "malformed yaml",
			in:      "---\ntitle: [unclosed\nsecret: front\n---\n# Still loads\n\nBody.\n",
			title:   "Still loads",
			warn:    "front matter",
			secs:    []string{"lead||Body."},
			notBody: "secret",
		},
		{
			name:    "yaml not a mapping",
			in:      "---\n- just\n- a list\n---\nBody.\n",
			title:   "Body.",
			warn:    "key: value",
			secs:    []string{"lead||Body."},
			notBody: "just",
		},
		{
			name:    "malformed toml",
			in:      "+++\ntitle = \"unterminated\nsecret = 1\n+++\nBody here.\n",
			title:   "Body here.",
			warn:    "front matter",
			secs:    nil,
			notBody: "secret",
		},
		{
			name:  "unclosed toml",
			in:    "+++\ntitle = \"x\"\n\nBody.\n",
			warn:  "front matter not closed",
			title: "+++ title = \"x\"",
			secs:  []string{"lead||+++\ntitle = \"x\"\n\nBody."},
		},
		{
			name:  "unclosed --- is markdown",
			in:    "---\n\nFirst line of text.\n",
			warn:  "front matter not closed",
			title: "First line of text.",
			secs:  []string{"lead||---\n\nFirst line of text."},
		},
		{
			name:  "front matter over 64 KiB is text",
			in:    "---\n" + strings.Repeat("key: a longer value\n", 3500) + "---\n\nBody.\n",
			warn:  "front matter larger than 64 KiB: read as text",
			title: "Body.", // read as markdown: a thematic break, a setext heading of the keys, Body.
		},
		{
			name:  "toml nested too deep",
			in:    "+++\ntitle = \"Kept out\"\nx = " + strings.Repeat("{a=", 40) + "1" + strings.Repeat("}", 40) + "\n+++\nBody.\n",
			title: "Body.",
			warn:  "front matter: nested deeper than 32 levels; not read",
			secs:  []string{"lead||Body."},
		},
		{
			name:  "toml brackets in strings and comments",
			in:    "+++\ntitle = \"" + strings.Repeat("[", 40) + "\" # " + strings.Repeat("{.", 40) + "\nsource = '''\n" + strings.Repeat("[.", 40) + "'''\n+++\n",
			title: strings.Repeat("[", 40), source: strings.Repeat("[.", 40),
		},
		{
			name:  "bad date",
			in:    "---\ndate: next tuesday\n---\n# T\n",
			title: "T",
			warn:  "date",
		},
		{
			name:  "empty front matter",
			in:    "---\n---\n# T\n\nText.\n",
			title: "T",
			secs:  []string{"lead||Text."},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, warns := Parse("x.md", []byte(tc.in))
			if b.Title != tc.title || !b.Date.Equal(tc.date) || b.Source != tc.source || b.ID != tc.id || !slices.Equal(b.Tags, tc.tags) {
				t.Errorf("got title %q date %v source %q tags %q id %q", b.Title, b.Date, b.Source, b.Tags, b.ID)
			}
			switch {
			case tc.warn == "" && len(warns) > 0:
				t.Errorf("unexpected warnings %q", warns)
			case tc.warn != "" && (len(warns) != 1 || !strings.Contains(warns[0], tc.warn)):
				t.Errorf("warnings = %q, want one containing %q", warns, tc.warn)
			}
			if tc.secs != nil || tc.notBody != "" {
				if got := secs(b); tc.secs != nil && !slices.Equal(got, tc.secs) {
					t.Errorf("sections:\n got  %q\n want %q", got, tc.secs)
				}
			}
			for _, s := range b.Sections {
				if tc.notBody != "" && strings.Contains(s.Body, tc.notBody) {
					t.Errorf("front matter leaked into %q", sec(s))
				}
			}
		})
	}
}

func TestTOMLNested(t *testing.T) {
	deep := strings.Repeat("[", maxTOMLNesting+1)
	dots := strings.Repeat("a.", maxTOMLNesting+1) + "b = 1"
	for in, want := range map[string]bool{
		"x = " + deep:                           true,
		"x = " + strings.Repeat("{a=", 33):      true,
		dots:                                    true,
		"[" + dots + "]":                        true,
		"x = \"unclosed\n" + deep:               true,
		"x = [[1, 2], [3]]\n[a.b.c]\nd.e = 1.5": false,
		"x = \"" + deep + "\"":                  false,
		"x = '" + deep + "'":                    false,
		"x = \"\"\"\n" + deep + "\n\"\"\"":      false,
		"x = '''" + dots + "''' # " + deep:      false,
		"x = \"\\\"" + deep + "\"":              false,
		"# " + deep + "\nx = 1":                 false,
		strings.Repeat("y = 1.5\n", 40):         false,
	} {
		if got := tomlNested(in); got != want {
			t.Errorf("tomlNested(%.60q) = %v, want %v", in, got, want)
		}
	}
}

func TestFrontMatterDates(t *testing.T) {
	want := time.Date(2026, 3, 4, 15, 4, 0, 0, time.UTC)
	for _, in := range []string{
		"2026-03-04T15:04:00Z", "2026-03-04 15:04", "2026-03-04T15:04", "2026-03-04 15:04:00",
		"2026-03-04T16:04:00+01:00", "2026-03-04 15:04:00 +0000", "\"2026-03-04 15:04\"",
		"Wed, 04 Mar 2026 15:04:00 GMT", "2026/03/04 15:04",
	} {
		b, warns := Parse("x.md", []byte("---\ndate: "+in+"\n---\nText.\n"))
		if !b.Date.Equal(want) || len(warns) > 0 {
			t.Errorf("date %s: got %v, warnings %q", in, b.Date, warns)
		}
	}
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{"2026-03-04", "2026/03/04", "4 Mar 2026", "March 4, 2026", "Mar 4, 2026", "04 Mar 2026", "4 March 2026"} {
		b, warns := Parse("x.md", []byte("---\ndate: "+in+"\n---\nText.\n"))
		if !b.Date.Equal(day) || len(warns) > 0 {
			t.Errorf("date %s: got %v, warnings %q", in, b.Date, warns)
		}
	}
}

func TestTitleRules(t *testing.T) {
	longFirst := "The regional water board approved a plan on Monday to rebuild three reservoirs in the hills above the valley. It did so quietly."
	runSplitCases(t, []splitCase{
		{"ATX H1 consumed", "# Dam plan approved\n\nLead.\n\n## Outlook\nLater.\n", "Dam plan approved",
			[]string{"lead||Lead.", "what_happens_next|Outlook|Later."}},
		{"setext H1 consumed", "Dam plan approved\n=================\n\nLead.\n", "Dam plan approved", []string{"lead||Lead."}},
		{"H1 with closing hashes", "# Dam plan approved ##\nLead.\n", "Dam plan approved", []string{"lead||Lead."}},
		{"H1 not first block is a section", "Opening remarks come first.\n\n# Dam plan\n\nText.\n", "Opening remarks come first.",
			[]string{"lead||Opening remarks come first.", "other|Dam plan|Text."}},
		{"H2 first is a section", "## Why it matters\n\nWater for ten towns.\n", "Water for ten towns.",
			[]string{"why_it_matters|Why it matters|Water for ten towns."}},
		{"headline first line consumed", "Dam Plan Approved After Long Fight\nThe board voted on Monday.\n", "Dam Plan Approved After Long Fight",
			[]string{"lead||The board voted on Monday."}},
		{"headline then blank line", "Dam plan approved\n\nThe board voted.\n\n**What's next:** Tenders.\n", "Dam plan approved",
			[]string{"lead||The board voted.", "what_happens_next|What's next|Tenders."}},
		{"sentence first line stays in lead", "The board voted on Monday.\nIt was close.\n", "The board voted on Monday.",
			[]string{"lead||The board voted on Monday.\n\nIt was close."}},
		{"question is not a headline", "Who pays for the dams?\nThe towns do.\n", "Who pays for the dams?",
			[]string{"lead||Who pays for the dams?\n\nThe towns do."}},
		{"more than 15 words is not a headline", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen\n", "",
			[]string{"lead||one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"}},
		{"wrapped line is not a headline", "The regional water board approved a plan to rebuild\nthree reservoirs on Monday.\n", "The regional water board approved a plan to rebuild three reservoirs on Monday.",
			[]string{"lead||The regional water board approved a plan to rebuild\nthree reservoirs on Monday."}},
		{"display title cut", longFirst + "\n", "The regional water board approved a plan on Monday to rebuild three reservoirs…",
			[]string{"lead||" + longFirst}},
		{"display title skips abbreviations", "Dr. Ames of the U.S. board spoke. Then left.\n", "Dr. Ames of the U.S. board spoke.",
			[]string{"lead||Dr. Ames of the U.S. board spoke. Then left."}},
		{"display title without markup", "The **board** met [online](https://example.org) today. More.\n", "The board met online today.",
			[]string{"lead||The **board** met [online](https://example.org) today. More."}},
	})
	t.Run("file name when nothing else", func(t *testing.T) {
		b, _ := Parse("notes/empty-brief.md", []byte("\n\n"))
		if b.Title != "empty-brief" || len(b.Sections) != 0 {
			t.Errorf("title %q sections %q", b.Title, secs(b))
		}
	})
	t.Run("display title length", func(t *testing.T) {
		b, _ := Parse("x.txt", []byte(strings.Repeat("word ", 60)+"end.\n"))
		if n := utf8.RuneCountInString(b.Title); n > 81 || n < 60 || !strings.HasSuffix(b.Title, "…") {
			t.Errorf("title %q (%d runes)", b.Title, n)
		}
	})
}

func TestMarkdownHeadings(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"ATX levels and closing hashes", "# T\n\n## What to know ##\nA\n\n###### Deep\nB\n", "T",
			[]string{"what_to_know|What to know|A\n\n###### Deep\nB"}},
		{"setext level 2", "# T\n\nWhy it matters\n--------------\nA\n", "T",
			[]string{"why_it_matters|Why it matters|A"}},
		{"multi-line setext", "# T\n\nThe long\nview\n===\nA\n", "T",
			[]string{"other|The long view|A"}},
		{"fenced backticks", "# T\n\n## Outlook\n```\n## Not a heading\n```\n", "T",
			[]string{"what_happens_next|Outlook|```\n## Not a heading\n```"}},
		{"fenced tildes", "# T\n\n## Outlook\n~~~md\n## Not a heading\n~~~\n", "T",
			[]string{"what_happens_next|Outlook|~~~md\n## Not a heading\n~~~"}},
		{"unclosed fence runs to the end", "# T\n\n## Outlook\n```\n## Not a heading\n", "T",
			[]string{"what_happens_next|Outlook|```\n## Not a heading"}},
		{"indented code", "# T\n\n## Outlook\n\n    ## Not a heading\n", "T",
			[]string{"what_happens_next|Outlook|    ## Not a heading"}},
		{"block quote", "# T\n\n## Outlook\n> ## Not a heading\n", "T",
			[]string{"what_happens_next|Outlook|> ## Not a heading"}},
		{"html block", "# T\n\n## Outlook\n<div>\n## Not a heading\n</div>\n", "T",
			[]string{"what_happens_next|Outlook|<div>\n## Not a heading\n</div>"}},
		{"multi-line comment", "# T\n\n## Outlook\n<!--\n\n## Not a heading\n\n-->\n", "T",
			[]string{"what_happens_next|Outlook|<!--\n\n## Not a heading\n\n-->"}},
		{"list items", "# T\n\n## Outlook\n- ## Not a heading\n1. # Nor this\n", "T",
			[]string{"what_happens_next|Outlook|- ## Not a heading\n1. # Nor this"}},
		{"thematic break after blank line", "# T\n\nIntro.\n\n---\n\nMore.\n", "T",
			[]string{"lead||Intro.\n\n---\n\nMore."}},
		{"--- under a paragraph is setext", "# T\n\nBackground\n---\nMore.\n", "T",
			[]string{"what_to_know|Background|More."}},
		{"no space after #", "# T\n\n#hashtag line\n", "T", []string{"lead||#hashtag line"}},
		{"seven hashes", "# T\n\n####### seven\n", "T", []string{"lead||####### seven"}},
		{"nesting: deeper headings stay in the body", "# T\n\n## What to know\nA\n### Detail one\nB\n#### Deeper\nC\n## Outlook\nD\n", "T",
			[]string{"what_to_know|What to know|A\n### Detail one\nB\n#### Deeper\nC", "what_happens_next|Outlook|D"}},
		{"nesting: shallower heading starts a section", "# T\n\n### Small\nA\n## Bigger\nB\n### Small again\nC\n", "T",
			[]string{"other|Small|A", "other|Bigger|B\n### Small again\nC"}},
		{"nesting: later H1 starts a section", "# T\n\n## A\nx\n# B\ny\n## C\nz\n", "T",
			[]string{"other|A|x", "other|B|y\n## C\nz"}},
		{"empty section", "# T\n\n## Summary\n## Outlook\nLater.\n", "T",
			[]string{"other|Summary|", "what_happens_next|Outlook|Later."}},
	})
}

func TestLeadIns(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"colon inside", "# T\n\nIntro.\n\n**Why it matters:** Rivers rise.\nSecond line.\n\n**What's next:** Rain.\n", "T",
			[]string{"lead||Intro.", "why_it_matters|Why it matters|Rivers rise.\nSecond line.", "what_happens_next|What's next|Rain."}},
		{"colon outside", "# T\n\n**Why it matters**: Rivers rise.\n", "T",
			[]string{"why_it_matters|Why it matters|Rivers rise."}},
		{"underscores", "# T\n\n__The big picture:__ Rivers rise.\n", "T",
			[]string{"why_it_matters|The big picture|Rivers rise."}},
		{"label alone on its line", "# T\n\n**Zoom in:**\nDetails follow.\n", "T",
			[]string{"what_to_know|Zoom in|Details follow."}},
		{"six words", "# T\n\n**What the mayor said last night:** Little.\n", "T",
			[]string{"other|What the mayor said last night|Little."}},
		{"seven words is not a label", "# T\n\n**What the mayor said late last night:** Little.\n", "T",
			[]string{"lead||**What the mayor said late last night:** Little."}},
		{"list item is not a lead-in", "# T\n\n- **Why it matters:** not here.\n", "T",
			[]string{"lead||- **Why it matters:** not here."}},
		{"ALL-CAPS kicker", "# T\n\n**FIRST IN DISPATCH:** A scoop.\n", "T",
			[]string{"lead||**FIRST IN DISPATCH:** A scoop."}},
		{"ALL-CAPS vocabulary label", "# T\n\n**BLUF:** Act now.\n", "T",
			[]string{"other|BLUF|Act now."}},
		{"no colon", "# T\n\n**Bold start** of a paragraph.\n", "T",
			[]string{"lead||**Bold start** of a paragraph."}},
		{"no space after label", "# T\n\n**Why it matters:**Rivers.\n", "T",
			[]string{"lead||**Why it matters:**Rivers."}},
		{"inside a heading section", "# T\n\n## What to know\nFacts.\n\n**Why it matters:** Stakes.\n### Deeper\nStill here.\n## Outlook\nSoon.\n", "T",
			[]string{"what_to_know|What to know|Facts.", "why_it_matters|Why it matters|Stakes.\n### Deeper\nStill here.", "what_happens_next|Outlook|Soon."}},
		{"one paragraph a line", "Tide Report\n**Why it matters:** Boats.\n**What's next:** Nets.\n", "Tide Report",
			[]string{"why_it_matters|Why it matters|Boats.", "what_happens_next|What's next|Nets."}},
		{"lead-ins turn plain-text mode off", "# T\n\n**Why it matters:** A.\n\nWhat To Know\nB.\n", "T",
			[]string{"why_it_matters|Why it matters|A.\n\nWhat To Know\nB."}},
	})
}

func TestPlainText(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"(a) with blank lines", "Lead paragraph here.\n\nWhy it matters\n\nStakes are high.\n\nWhat to know\n\nFacts.\n", "Lead paragraph here.",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why it matters|Stakes are high.", "what_to_know|What to know|Facts."}},
		{"(a) shouting with colon and trailing spaces", "Lead paragraph here.\nWHY IT MATTERS:   \nStakes.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|WHY IT MATTERS|Stakes."}},
		{"(a) numbered and emoji", "Lead paragraph here.\n2. Why It Matters\nStakes.\n🔮 What’s ahead\nMore.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|2. Why It Matters|Stakes.", "what_happens_next|🔮 What’s ahead|More."}},
		{"(a) a line starting 1. is a list", "Lead paragraph here.\n1. Why It Matters\nStakes.\n", "",
			[]string{"lead||Lead paragraph here.\n1. Why It Matters\nStakes."}},
		{"(b) after a vocabulary heading", "Lead paragraph here.\nWhy It Matters\nStakes.\nThe Long Road to the Harbour\nHistory.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why It Matters|Stakes.", "other|The Long Road to the Harbour|History."}},
		{"(b) not before a vocabulary heading", "Lead paragraph here.\nThe Long Road to the Harbour\nHistory.\nWhy It Matters\nStakes.\n", "",
			[]string{"lead||Lead paragraph here.\n\nThe Long Road to the Harbour\n\nHistory.", "why_it_matters|Why It Matters|Stakes."}},
		{"(b) single word is not enough", "Lead paragraph here.\nWhy It Matters\nStakes.\nHarbour\nHistory.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why It Matters|Stakes.\n\nHarbour\n\nHistory."}},
		{"(b) lower-case word", "Lead paragraph here.\nWhy It Matters\nStakes.\nThe long road home\nHistory.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why It Matters|Stakes.\n\nThe long road home\n\nHistory."}},
		{"(b) comma", "Lead paragraph here.\nWhy It Matters\nStakes.\nBoats, Nets And Tides\nHistory.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why It Matters|Stakes.\n\nBoats, Nets And Tides\n\nHistory."}},
		{"(b) quotation mark", "Lead paragraph here.\nWhy It Matters\nStakes.\n“Never Again” Says Mayor\nHistory.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why It Matters|Stakes.\n\n“Never Again” Says Mayor\n\nHistory."}},
		{"more than 8 words", "Lead paragraph here.\nWhy It Matters\nStakes.\nOne Two Three Four Five Six Seven Eight Nine\nHistory.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why It Matters|Stakes.\n\nOne Two Three Four Five Six Seven Eight Nine\n\nHistory."}},
		{"sentence punctuation", "Lead paragraph here.\nWhat happens next?\nNobody knows.\n", "",
			[]string{"lead||Lead paragraph here.\n\nWhat happens next?\n\nNobody knows."}},
		{"no text follows", "Lead paragraph here.\nWhy It Matters\n", "",
			[]string{"lead||Lead paragraph here.\n\nWhy It Matters"}},
		{"text after a blank line", "Lead paragraph here.\nWhy It Matters\n\n\nStakes.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why It Matters|Stakes."}},
		{"byline in the lead", "Lead paragraph here.\nBy A. Writer, Trade Correspondent\nMore lead.\nWhy It Matters\nStakes.\n", "",
			[]string{"lead||Lead paragraph here.\n\nBy A. Writer, Trade Correspondent\n\nMore lead.", "why_it_matters|Why It Matters|Stakes."}},
		{"stray lines stay body text", "Lead paragraph here.\nWhy It Matters\nStakes.\nAdvertisement\nShare this article\nRead more: Boats And Nets\nBy Jane Doe\nNov. 26, 2026\nRead More\nMore stakes.\n— The Editors\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why It Matters|Stakes.\n\nAdvertisement\n\nShare this article\n\nRead more: Boats And Nets\n\nBy Jane Doe\n\nNov. 26, 2026\n\nRead More\n\nMore stakes.\n\n— The Editors"}},
		{"vocabulary label before a lower-case line", "Lead paragraph here.\nWhy It Matters\nis a phrase.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why It Matters|is a phrase."}},
		{"Title Case line continued by a lower-case line", "Lead paragraph here.\nWhy It Matters\nStakes.\nThe Harbour Board And\nits plans.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why It Matters|Stakes.\n\nThe Harbour Board And\nits plans."}},
		{"after an unfinished long line", "Lead paragraph here.\nWhy It Matters\nStakes.\nThis long line of hard-wrapped prose goes on and then on about\nThe Harbour Board And Its Plans\nfor the coming year.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why It Matters|Stakes.\n\nThis long line of hard-wrapped prose goes on and then on about\nThe Harbour Board And Its Plans\nfor the coming year."}},
		{"markdown heading turns plain-text mode off", "# T\n\n## Summary\nText.\n\nWhy It Matters\nStakes.\n", "T",
			[]string{"other|Summary|Text.\n\nWhy It Matters\nStakes."}},
		{"not inside code or lists", "Lead paragraph here.\n\n```\nWhy It Matters\ncode\n```\n\n- Why It Matters\n- item\n", "",
			[]string{"lead||Lead paragraph here.\n\n```\nWhy It Matters\ncode\n```\n\n- Why It Matters\n- item"}},
		{"bold line without colon", "Lead paragraph here.\n\n**Why it matters**\n\nStakes.\n", "",
			[]string{"lead||Lead paragraph here.", "why_it_matters|Why it matters|Stakes."}},
	})
}

func TestSectionTitles(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"numbering and colon", "# T\n\n## 1. Why It Matters:\nA\n", "T", []string{"why_it_matters|1. Why It Matters|A"}},
		{"emoji and question mark", "# T\n\n## 🔮 What’s Next?\nA\n", "T", []string{"what_happens_next|🔮 What’s Next?|A"}},
		{"bold caps", "# T\n\n## **WHY IT MATTERS**\nA\n", "T", []string{"why_it_matters|WHY IT MATTERS|A"}},
		{"emphasis then colon", "# T\n\n## *Outlook*:\nA\n", "T", []string{"what_happens_next|Outlook|A"}},
		{"only one colon dropped", "# T\n\n## Note::\nA\n", "T", []string{"other|Note:|A"}},
		{"inner markup kept", "# T\n\n## Why **this** matters\nA\n", "T", []string{"why_it_matters|Why **this** matters|A"}},
	})
}

func TestNormalizeLabel(t *testing.T) {
	for in, want := range map[string]string{
		"1. Why It Matters:":       "why it matters",
		"🔮 What’s Next?":           "what's next",
		"**WHY IT MATTERS**":       "why it matters",
		"2) The Big Picture":       "the big picture",
		"iv. Outlook":              "outlook",
		"B. Background":            "background",
		"  Zoom   in  ":            "zoom in",
		"`Key facts`":              "key facts",
		"Yes, but…":                "yes, but",
		"Por qué importa":          "por que importa",
		"¿Qué sigue?":              "que sigue",
		"Was Sie wissen müssen":    "was sie wissen mussen",
		"Ce qu’il faut savoir :":   "ce qu'il faut savoir",
		"Cosa c’è da sapere":       "cosa c'e da sapere",
		"今後の見通し":                   "今後の見通し",
		"ガイド":                      "ガイド",
		"What ʼs next":             "what 's next",
		"ＷＨＡＴ’Ｓ ＮＥＸＴ":              "what's next",
		"📊 By the numbers 📊":       "by the numbers",
		"__Bottom line__ —":        "bottom line",
		"Straße":                   "strasse",
		"":                         "",
		"🔮":                        "",
		"9/11 Commission":          "9/11 commission",
		"What we’re watching:":     "what we're watching",
		"the view from Kyiv!!":     "the view from kyiv",
		"Recommendation(s)":        "recommendation(s",
		"#### Indicators to watch": "indicators to watch",
	} {
		if got := NormalizeLabel(in); got != want {
			t.Errorf("NormalizeLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestKindTable checks every label of the table in docs/format.md, as
// written and in the forms authors use, as a heading and as a plain-text line.
func TestKindTable(t *testing.T) {
	n := 0
	for _, row := range labelTable {
		for _, label := range row.labels {
			if strings.Contains(label, "…") {
				continue
			}
			n++
			for _, form := range []string{label, strings.ToUpper(label) + ":", "**" + label + "**", "1. " + label, "📌 " + label + "?"} {
				if k, known := defaultVocab().Lookup(form); k != row.kind || !known {
					t.Errorf("Lookup(%q) = %s, %v; want %s", form, k, known, row.kind)
				}
				if k := KindOf(form); k != row.kind {
					t.Errorf("KindOf(%q) = %s, want %s", form, k, row.kind)
				}
			}
			b, _ := Parse("x.txt", []byte("Lead paragraph here.\n"+label+"\nBody text.\n"))
			if len(b.Sections) != 2 || b.Sections[1].Kind != row.kind || b.Sections[1].Title != label {
				t.Errorf("plain-text heading %q: %q", label, secs(b))
			}
		}
	}
	if n < 90 {
		t.Errorf("only %d labels in the table", n)
	}
	for _, label := range []string{"The view from Kyiv", "The View From the Harbour", "Beijing’s view", "The Allies' view", "Our readers's view"} {
		if k, known := defaultVocab().Lookup(label); k != KindOther || !known {
			t.Errorf("pattern %q: %s, %v", label, k, known)
		}
	}
	for _, label := range []string{"The view from", "'s view", "Weather", "Why it matters now", "Lead", "lead"} {
		if _, known := defaultVocab().Lookup(label); known {
			t.Errorf("%q should be unknown", label)
		}
		if k := KindOf(label); k != KindOther {
			t.Errorf("KindOf(%q) = %s", label, k)
		}
	}
}

func TestUserVocabulary(t *testing.T) {
	v := DefaultVocabulary()
	v.Add("Quick take", KindWhyItMatters)
	v.Add("The word from …", KindWhatToKnow)
	v.Add("Ignored lead", KindLead)
	if k := v.KindOf("**Quick take:**"); k != KindWhyItMatters {
		t.Errorf("user label: %s", k)
	}
	if k := v.KindOf("The word from the docks"); k != KindWhatToKnow {
		t.Errorf("user pattern: %s", k)
	}
	if k, known := v.Lookup("Ignored lead"); k != KindOther || !known {
		t.Errorf("lead label: %s %v", k, known)
	}
	if k := KindOf("Quick take"); k != KindOther {
		t.Errorf("default vocabulary changed: %s", k)
	}
	in := []byte("Lead paragraph here.\nQuick Take\nBody.\nThe Harbour Board Plans\nMore.\n")
	b, _ := ParseWith("x.txt", in, v)
	want := []string{"lead||Lead paragraph here.", "why_it_matters|Quick Take|Body.", "other|The Harbour Board Plans|More."}
	if got := secs(b); !slices.Equal(got, want) {
		t.Errorf("ParseWith:\n got  %q\n want %q", got, want)
	}
	b, _ = Parse("x.txt", in)
	if len(b.Sections) != 1 {
		t.Errorf("default Parse used the user label: %q", secs(b))
	}
	var zero Vocabulary
	zero.Add("Tides", KindWhatToKnow)
	if k := zero.KindOf("tides:"); k != KindWhatToKnow {
		t.Errorf("zero Vocabulary: %s", k)
	}
}

func TestLead(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"no lead when empty", "# T\n\n\n## Outlook\nA\n", "T", []string{"what_happens_next|Outlook|A"}},
		{"lead between title and first section", "# T\n\nOne.\n\nTwo.\n\n## Outlook\nA\n", "T",
			[]string{"lead||One.\n\nTwo.", "what_happens_next|Outlook|A"}},
		{"no sections at all", "# T\n\nJust text.\n", "T", []string{"lead||Just text."}},
		{"title only", "# T\n", "T", nil},
	})
	b, _ := Parse("x.md", []byte("# T\n\n## Lead\nA\n"))
	if b.Sections[0].Kind != KindOther {
		t.Errorf("a heading mapped to %s", b.Sections[0].Kind)
	}
}

func TestFixtureNewsweek(t *testing.T) {
	data, err := os.ReadFile("testdata/parse/newsweek-lighthouse.md")
	if err != nil {
		t.Fatal(err)
	}
	b, warns := Parse("newsweek-lighthouse.md", data)
	if len(warns) > 0 || b.Title != "Lighthouse keepers return to Fenwick Point" || b.ID != "lighthouse-keepers" ||
		b.Source != "Northern Coast Review" || !slices.Equal(b.Tags, []string{"lighthouses", "coast"}) ||
		!b.Date.Equal(time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("metadata: %+v %q", b, warns)
	}
	var got []string
	for _, s := range b.Sections {
		got = append(got, string(s.Kind)+"|"+s.Title)
	}
	want := []string{"lead|", "why_it_matters|Why It Matters", "what_to_know|What To Know", "why_it_matters|The big picture", "what_happens_next|What’s Next?"}
	if !slices.Equal(got, want) {
		t.Fatalf("sections %q, want %q", got, want)
	}
	if !strings.Contains(b.Sections[1].Body, "### A Short History") || !strings.Contains(b.Sections[2].Body, "inside a comment") {
		t.Errorf("bodies lost their sub-headings or excluded blocks: %q", secs(b))
	}
}

// pasteWant is the split of a web page pasted as plain text: one paragraph a
// line, no blank lines, bare heading lines, page furniture left in.
var pasteWant = []string{
	"lead|",
	"why_it_matters|Why It Matters",
	"what_to_know|What To Know",
	"other|The 40-Day Strike at the Boatyard",
	"other|Criticism of the U.K. Maritime Agency",
	"other|What Leaders Are Saying",
	"what_happens_next|What Happens Next",
}

func TestFixturePaste(t *testing.T) {
	data, err := os.ReadFile("testdata/parse/paste-harbour.txt")
	if err != nil {
		t.Fatal(err)
	}
	b, warns := Parse("paste-harbour.txt", data)
	if len(warns) > 0 {
		t.Errorf("warnings %q", warns)
	}
	var got []string
	for _, s := range b.Sections {
		got = append(got, string(s.Kind)+"|"+s.Title)
	}
	if !slices.Equal(got, pasteWant) {
		t.Fatalf("sections %q\nwant %q", got, pasteWant)
	}
	lines := strings.Split(string(data), "\n")
	// One line in is one paragraph out.
	if lead := b.Sections[0].Body; lead != strings.Join(lines[:4], "\n\n") {
		t.Errorf("lead = %q", lead)
	}
	if !strings.HasSuffix(b.Title, "…") || !strings.HasPrefix(lines[0], strings.TrimSuffix(b.Title, "…")) {
		t.Errorf("display title %q", b.Title)
	}
	for _, stray := range []string{"Advertisement", "Share this article", "Read more: How island ferries are licensed", "— The Editors"} {
		found := false
		for _, s := range b.Sections {
			found = found || strings.Contains(s.Body, stray)
		}
		if !found {
			t.Errorf("stray line %q is not body text", stray)
		}
	}
}

func TestLevels(t *testing.T) {
	b, _ := Parse("x.md", []byte("# T\n\nLead.\n\n### Three\nA\n\n**Zoom in:** B\n\n## Two\nC\n"))
	var got []int
	for _, s := range b.Sections {
		got = append(got, s.Level)
	}
	if want := []int{0, 3, 0, 2}; !slices.Equal(got, want) {
		t.Errorf("levels %v, want %v", got, want)
	}
}

func TestParseDoesNotModifyInput(t *testing.T) {
	in := []byte("\uFEFF# T\r\n\r\nCafe\u0301.\r\n")
	keep := slices.Clone(in)
	Parse("x.md", in)
	if !slices.Equal(in, keep) {
		t.Error("Parse modified its input")
	}
}

// TestDeepNesting: goldmark's block parser is quadratic in nesting depth on a
// line; past maxNesting the markers are read as text, with a warning, so a
// hostile file cannot stall the loader, and the split is unchanged.
func TestDeepNesting(t *testing.T) {
	for _, marker := range []string{"> ", "1. ", "- ", "* "} {
		in := "# T\n\nLead.\n\n## Outlook\n" + strings.Repeat(marker, 100_000) + "deep\n\n## Summary\nEnd.\n"
		start := time.Now()
		b, warns := Parse("x.md", []byte(in))
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%q: %v", marker, d)
		}
		if len(warns) != 1 || !strings.Contains(warns[0], "nested") {
			t.Errorf("%q: warnings %q", marker, warns)
		}
		if len(b.Sections) != 3 || b.Sections[1].Title != "Outlook" || b.Sections[2].Body != "End." {
			t.Errorf("%q: split changed", marker)
		}
		checkAccounting(t, []byte(in))
	}
	b, warns := Parse("x.md", []byte(strings.Repeat("> ", 20)+"# quoted\n\n"+strings.Repeat("- ", 400)+"\n"))
	if len(warns) != 0 || len(b.Sections) != 1 {
		t.Errorf("shallow nesting and a long thematic break: %q %q", warns, secs(b))
	}
}

// parseFixtures returns the text of every fixture in testdata/parse (a
// house style, a language, a memo, bad input).
func parseFixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/parse/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("fixtures: %v, %d files", err, len(files))
	}
	var out []string
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(data))
	}
	return out
}

// TestParseConcurrent: the loader parses files in parallel with one shared
// goldmark parser and vocabulary (run with -race).
func TestParseConcurrent(t *testing.T) {
	var inputs [][]byte
	for _, in := range parseFixtures(t) {
		inputs = append(inputs, []byte(in))
	}
	want := make([][]string, len(inputs))
	for i, in := range inputs {
		b, _ := Parse("x", in)
		want[i] = secs(b)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				k := (g + i) % len(inputs)
				if b, _ := Parse("x", inputs[k]); !slices.Equal(secs(b), want[k]) {
					t.Errorf("concurrent Parse of input %d differs", k)
				}
			}
		})
	}
	wg.Wait()
}

func TestIsNFCMatchesNorm(t *testing.T) {
	cases := []string{
		"", "plain ascii", "café", "cafe\u0301", "e\u0301", "\u0301 leading mark",
		"Müller and Mu\u0308ller", "한국어 텍스트", "\u1100\u1161 jamo", "“quotes” — dash",
		"x\u0323\u0307", "x\u0307\u0323", "ﬁ ligature", "Å", "\u212b angstrom",
	}
	for _, c := range cases {
		if got, want := isNFC([]byte(c)), norm.NFC.IsNormalString(c); got != want {
			t.Errorf("isNFC(%+q) = %v, norm says %v", c, got, want)
		}
	}
}

// nfcStable's ranges must agree with the Unicode data: every rune in them is
// NFC, and NFC of any rune in them followed by any of them is unchanged
// (nothing composes across). Checked against norm over the whole ranges for
// single runes and against a sample of pairs.
func TestNFCStableRanges(t *testing.T) {
	var stable []rune
	for r := rune(0x80); r <= 0xFFFF; r++ {
		if nfcStable(r) {
			stable = append(stable, r)
			if !norm.NFC.IsNormalString(string(r)) {
				t.Fatalf("%U is in nfcStable but not NFC", r)
			}
			// Combining class 0 and no composition with what precedes.
			if p := norm.NFC.PropertiesString(string(r)); !p.BoundaryBefore() || p.CCC() != 0 {
				t.Fatalf("%U is in nfcStable but may combine with the rune before it", r)
			}
		}
	}
	prev := []rune{'a', 'e', 'A', 'k', 0x1100, 0xAC00, 0x304B, 'Ł'}
	for i, r := range stable {
		if i%7 != 0 { // a sample keeps this fast; every 7th rune of every range
			continue
		}
		for _, p := range append(prev, stable[(i*31)%len(stable)]) {
			if s := string([]rune{p, r}); !norm.NFC.IsNormalString(s) {
				t.Fatalf("%U after %U is not NFC: it composes", r, p)
			}
		}
	}
	// Runs mixing stable runes with ones that combine still get checked.
	for _, c := range []string{"か\u3099", "\uAC00\u11A8", "é\u0301", "“e\u0301”", "ﬁ “x”", "Adébáyọ̀", "ọ\u0302", "\u0418\u0306", "\u0391\u0301"} {
		if got, want := isNFC([]byte(c)), norm.NFC.IsNormalString(c); got != want {
			t.Errorf("isNFC(%+q) = %v, norm says %v", c, got, want)
		}
	}
}

// decodeRune agrees with utf8.DecodeRune on every sequence of up to three
// bytes that starts with a non-ASCII byte, and on those cut short.
func TestDecodeRune(t *testing.T) {
	for c0 := 0x80; c0 <= 0xFF; c0++ {
		for c1 := 0; c1 <= 0xFF; c1++ {
			for _, tail := range [][]byte{nil, {0x80}, {0xBF}, {0x41}, {0xC0}} {
				b := append([]byte{byte(c0), byte(c1)}, tail...)
				for n := 1; n <= len(b); n++ {
					r, size := decodeRune(b[:n], 0)
					wr, wsize := utf8.DecodeRune(b[:n])
					if r != wr || size != wsize {
						t.Fatalf("decodeRune(%x) = %U, %d; utf8 says %U, %d", b[:n], r, size, wr, wsize)
					}
				}
			}
		}
	}
}

// scanText's one pass answers as utf8.Valid and, for valid text, as norm:
// over text cut from pieces of every kind (invalid bytes, truncated runes,
// combining marks, U+FFFD itself) at random.
func TestScanTextMatchesValidAndNorm(t *testing.T) {
	pieces := []string{"a", "plain words ", "é", "e\u0301", "\u0301", "東京", "\uFFFD", "\xff", "\xc3", "\xe6\x9d",
		"\xed\xa0\x80", "\xc0\xaf", "ﬁ", "\u212b", "“", "—", "\r\n", "x\u0323\u0307", "\U0001F600", "12345678",
		"ọ", "\u0300", "ễ", "И", "\u0306", "Ά"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b []byte
		for range r.IntN(12) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		valid, nfc := scanText(b)
		if valid != utf8.Valid(b) {
			t.Fatalf("scanText(%+q): valid %v, utf8.Valid says %v", b, valid, !valid)
		}
		if valid && nfc != norm.NFC.IsNormal(b) {
			t.Fatalf("scanText(%+q): NFC %v, norm says %v", b, nfc, !nfc)
		}
	}
}

package briefs

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEmojiLeadIns(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"emoji keeps its place in the title", "# T\n\n📊 **By the numbers:** 1,200 hectares.\n\n🔎 **Zoom in:** Upper slopes.\n", "T",
			[]string{"other|📊 By the numbers|1,200 hectares.", "what_to_know|🔎 Zoom in|Upper slopes."}},
		{"variation selector and colon outside", "# T\n\n➡️ **Go deeper**: Frost.\n⚠️ **Why it matters:** Crops.\n", "T",
			[]string{"other|➡️ Go deeper|Frost.", "why_it_matters|⚠️ Why it matters|Crops."}},
		{"joined emoji and skin tone", "# T\n\n🧑‍🌾 **What they're saying:** Worried.\n👍🏽 **Bottom line:** Wait.\n", "T",
			[]string{"other|🧑‍🌾 What they're saying|Worried.", "other|👍🏽 Bottom line|Wait."}},
		{"flag", "# T\n\n🇫🇷 **The view from Paris:** Calm.\n", "T",
			[]string{"other|🇫🇷 The view from Paris|Calm."}},
		{"arrow and information emoji", "# T\n\n↗️ **Zoom out:** Up.\nℹ️ **Background:** Old.\n", "T",
			[]string{"why_it_matters|↗️ Zoom out|Up.", "what_to_know|ℹ️ Background|Old."}},
		{"punctuation is not an emoji", "# T\n\n• **Zoom out:** Up.\n", "T",
			[]string{"lead||• **Zoom out:** Up."}},
		{"two emoji is not a lead-in", "# T\n\n📊📊 **By the numbers:** 12.\n", "T",
			[]string{"lead||📊📊 **By the numbers:** 12."}},
		{"emoji without a space", "# T\n\n📊**By the numbers:** 12.\n", "T",
			[]string{"lead||📊**By the numbers:** 12."}},
		{"a letter is not an emoji", "# T\n\né **By the numbers:** 12.\n", "T",
			[]string{"lead||é **By the numbers:** 12."}},
		{"emoji before a kicker", "# T\n\n🚨 **FIRST IN THE LEDGER:** A scoop.\n", "T",
			[]string{"lead||🚨 **FIRST IN THE LEDGER:** A scoop."}},
		{"emoji before a list item", "# T\n\n- 📊 **By the numbers:** 12.\n", "T",
			[]string{"lead||- 📊 **By the numbers:** 12."}},
	})
}

func TestCaselessLeadIns(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"Arabic", "# T\n\n**لماذا يهم:** الميناء الجديد.\n", "T", []string{"other|لماذا يهم|الميناء الجديد."}},
		{"Hebrew", "# T\n\n**למה זה חשוב:** הכביש החדש.\n", "T", []string{"other|למה זה חשוב|הכביש החדש."}},
		{"Chinese, full-width colon, no space", "# T\n\n**背景：**新的港口。\n", "T", []string{"other|背景|新的港口。"}},
		{"Chinese, colon outside", "# T\n\n**背景**：新的港口。\n", "T", []string{"other|背景|新的港口。"}},
		{"Japanese", "# T\n\n**今後の見通し:** 説明会。\n", "T", []string{"other|今後の見通し|説明会。"}},
		{"Greek capitals are a kicker", "# T\n\n**ΑΠΟΚΛΕΙΣΤΙΚΟ:** Είδηση.\n", "T", []string{"lead||**ΑΠΟΚΛΕΙΣΤΙΚΟ:** Είδηση."}},
		{"Latin capitals among caseless letters", "# T\n\n**NATO 观点:** 新闻。\n", "T", []string{"lead||**NATO 观点:** 新闻。"}},
		{"no space after an ASCII colon before Latin text", "# T\n\n**Why it matters:**Rivers.\n", "T", []string{"lead||**Why it matters:**Rivers."}},
	})
	for _, s := range []string{"لماذا يهم", "למה זה חשוב", "背景", "今後の見通し", "Why it matters", "123"} {
		if isAllCaps(s) {
			t.Errorf("isAllCaps(%q) = true", s)
		}
	}
	for _, s := range []string{"FIRST IN DISPATCH", "ΑΠΟΚΛΕΙΣΤΙΚΟ", "ЭКСКЛЮЗИВ", "NATO 观点"} {
		if !isAllCaps(s) {
			t.Errorf("isAllCaps(%q) = false", s)
		}
	}
}

func TestMemoHeaders(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"plain-text memo", "MEMORANDUM FOR THE DEPUTY SECRETARY\nFROM: Director of Waterways\nSUBJECT: Lock closures\nDATE: 2 April 2025\n\nBLUF\nClose them in turn.\n", "Lock closures",
			[]string{"lead||MEMORANDUM FOR THE DEPUTY SECRETARY\n\nFROM: Director of Waterways\n\nSUBJECT: Lock closures\n\nDATE: 2 April 2025", "other|BLUF|Close them in turn."}},
		{"bold headers are not lead-ins", "**MEMORANDUM**\n\n**To:** The board\n**From:** The clerk\n**Date:** 2025-04-02\n**Subject:** Budget\n\n**BLUF:** Cut it.\n", "Budget",
			[]string{"lead||**MEMORANDUM**\n\n**To:** The board\n**From:** The clerk\n**Date:** 2025-04-02\n**Subject:** Budget", "other|BLUF|Cut it."}},
		{"colon outside the bold, mixed case", "**To**: The board\n**SUBJ**: Budget\n**Re**: Your letter\n\n**BLUF:** Cut it.\n", "Budget",
			[]string{"lead||**To**: The board\n**SUBJ**: Budget\n**Re**: Your letter", "other|BLUF|Cut it."}},
		{"whole line bold", "**Memorandum for: The board**\n**Subject: Budget**\n\n**BLUF:** Cut it.\n", "Budget",
			[]string{"lead||**Memorandum for: The board**\n**Subject: Budget**", "other|BLUF|Cut it."}},
		{"first line a header line", "TO: All staff\nRE: Parking\n\nThe car park closes on Friday.\n", "Parking",
			[]string{"lead||TO: All staff\n\nRE: Parking\n\nThe car park closes on Friday."}},
		{"a headline first line wins over the subject", "Decision Memo: Closing the Terminal\nFROM: Director\nSUBJECT: Seawall failure\n\nText.\n", "Decision Memo: Closing the Terminal",
			[]string{"lead||FROM: Director\n\nSUBJECT: Seawall failure\n\nText."}},
		{"H1 wins over the subject", "# Harbour memo\n\n**Subject:** Dredging\n\nText.\n", "Harbour memo",
			[]string{"lead||**Subject:** Dredging\n\nText."}},
		{"front matter title wins", "---\ntitle: Given\n---\nMEMORANDUM\nSUBJECT: Dredging\n", "Given",
			[]string{"lead||MEMORANDUM\n\nSUBJECT: Dredging"}},
		{"memo heading without a subject is a headline", "MEMORANDUM FOR THE RECORD\nFROM: Clerk\n\nText.\n", "MEMORANDUM FOR THE RECORD",
			[]string{"lead||FROM: Clerk\n\nText."}},
		{"headers past line 15 are lead-ins", strings.Repeat("Line of text.\n", 15) + "**To:** Board\n", "",
			[]string{"lead||" + strings.TrimSpace(strings.Repeat("Line of text.\n", 15)), "other|To|Board"}},
		{"header in a list is a list item", "# T\n\n- **To:** Board\n", "T", []string{"lead||- **To:** Board"}},
		{"not a header label", "# T\n\n**Context:** Old.\n", "T", []string{"what_to_know|Context|Old."}},
		{"a rule under the header is not a setext underline", "MEMORANDUM FOR THE BOARD\nFROM: Clerk\nSUBJECT: Locks\n----------\n\nBLUF\nClose them.\n", "Locks",
			[]string{"lead||MEMORANDUM FOR THE BOARD\n\nFROM: Clerk\n\nSUBJECT: Locks\n\n----------", "other|BLUF|Close them."}},
		{"nor is a line of equals signs", "TO: Board\nRE: Locks\n=========\nThe locks close.\nBackground\nOld gates.\n", "Locks",
			[]string{"lead||TO: Board\n\nRE: Locks\n\n=========\n\nThe locks close.", "what_to_know|Background|Old gates."}},
		{"a setext heading without header lines stays one", "Intro.\n\nThe long view\n---\nText.\n", "",
			[]string{"lead||Intro.", "other|The long view|Text."}},
		{"plain header is never a plain-text heading", "Intro line.\nBackground\nText.\nATTN: Desk Editors Only\nMore.\n", "",
			[]string{"lead||Intro line.", "what_to_know|Background|Text.\n\nATTN: Desk Editors Only\n\nMore."}},
	})
}

func TestMemoDate(t *testing.T) {
	day := time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC)
	for _, form := range []string{"2025-04-02", "2 April 2025", "April 2, 2025", "2 Apr 2025", "02 APR 2025", "02APR25",
		"2 april 2025", "APRIL 2, 2025", "Apr. 2, 2025", "Wednesday, 2 April 2025", "2 April 2025."} {
		for _, line := range []string{"DATE: " + form, "**Date:** " + form, "Date: " + form, "**DATE**: " + form} {
			b, warns := Parse("memo.txt", []byte("MEMORANDUM\n"+line+"\nSUBJECT: Locks\n\nText.\n"))
			if !b.Date.Equal(day) || len(warns) != 0 {
				t.Errorf("%q: date %v, warnings %q", line, b.Date, warns)
			}
		}
	}
	b, _ := Parse("memo.md", []byte("---\ndate: 2026-01-05\n---\nDATE: 2 April 2025\n"))
	if want := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC); !b.Date.Equal(want) {
		t.Errorf("front matter date lost to the memo's: %v", b.Date)
	}
	b, warns := Parse("memo.md", []byte("DATE: the day after tomorrow\nSUBJECT: Locks\n"))
	if !b.Date.IsZero() || len(warns) != 1 || !strings.Contains(warns[0], "not understood") {
		t.Errorf("bad memo date: %v %q", b.Date, warns)
	}
	b, _ = Parse("memo.md", []byte("```\nDATE: 2 April 2025\n```\n"))
	if !b.Date.IsZero() {
		t.Errorf("a date in code was read: %v", b.Date)
	}
}

func TestIsMemoHeading(t *testing.T) {
	for s, want := range map[string]bool{
		"MEMORANDUM": true, "MEMORANDUM FOR THE DEPUTY SECRETARY": true, "DECISION MEMORANDUM": true,
		"INFORMATION MEMO": true, "ACTION MEMO FOR THE SECRETARY": true, "**MEMORANDUM FOR THE BOARD**": true,
		"Memorandum for the Record": true, "MEMO TO ALL STAFF": true,
		"Decision Memo: Closing the Terminal": false, "The memo that sank a ferry": false,
		"Leaked memo shows rifts": false, "MEMORANDUM FOR THE BOARD.": false, "": false,
	} {
		if got := isMemoHeading(s); got != want {
			t.Errorf("isMemoHeading(%q) = %v", s, got)
		}
	}
}

func TestVocabularyHeadingAfterLongLine(t *testing.T) {
	credit := "Chart: tonnes of freight through the tunnel by quarter, 2021 to 2025, from ministry figures"
	runSplitCases(t, []splitCase{
		{"after a chart credit", "Freight rose again.\n" + credit + "\nZoom in:\nTimber grew most.\n", "",
			[]string{"lead||Freight rose again.\n\n" + credit, "what_to_know|Zoom in|Timber grew most."}},
		{"after a long unfinished paragraph line", "Freight rose again.\nWhy It Matters\nStakes.\n" + credit + "\nWhat To Know\nFacts.\n", "",
			[]string{"lead||Freight rose again.", "why_it_matters|Why It Matters|Stakes.\n\n" + credit, "what_to_know|What To Know|Facts."}},
		{"Title Case after it is still a wrapped line", "Freight rose again.\nWhy It Matters\nStakes.\n" + credit + "\nThe Tunnel Board And Its Plans\nLater.\n", "",
			[]string{"lead||Freight rose again.", "why_it_matters|Why It Matters|Stakes.\n\n" + credit + "\nThe Tunnel Board And Its Plans\n\nLater."}},
		{"followed by a lower-case line", "Freight rose again.\n" + credit + "\nBackground\nof the tunnel is long.\n", "",
			[]string{"lead||Freight rose again.\n\n" + credit, "what_to_know|Background|of the tunnel is long."}},
	})
}

func TestLanguages(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"German lead-ins", "# T\n\n**Warum das wichtig ist:** A.\n**Was Sie wissen müssen:** B.\n**Wie es weitergeht:** C.\n", "T",
			[]string{"why_it_matters|Warum das wichtig ist|A.", "what_to_know|Was Sie wissen müssen|B.", "what_happens_next|Wie es weitergeht|C."}},
		{"German headings", "# T\n\n## Darum geht es\nA\n## Hintergrund\nB\n## Nächste Schritte\nC\n", "T",
			[]string{"why_it_matters|Darum geht es|A", "what_to_know|Hintergrund|B", "what_happens_next|Nächste Schritte|C"}},
		{"French lead-ins, space before the colon", "# T\n\n**Les enjeux :** A.\n**Ce qu’on sait** : B.\n**À surveiller\u00a0:** C.\n", "T",
			[]string{"why_it_matters|Les enjeux|A.", "what_to_know|Ce qu’on sait|B.", "what_happens_next|À surveiller|C."}},
		{"French plain text", "Le port ferme.\nPourquoi ça compte\nA.\nLe contexte\nB.\nEt maintenant\nC.\n", "",
			[]string{"lead||Le port ferme.", "why_it_matters|Pourquoi ça compte|A.", "what_to_know|Le contexte|B.", "what_happens_next|Et maintenant|C."}},
		{"Spanish, accents optional", "# T\n\n## Por que importa\nA\n## Lo que hay que saber\nB\n## Próximos pasos\nC\n", "T",
			[]string{"why_it_matters|Por que importa|A", "what_to_know|Lo que hay que saber|B", "what_happens_next|Próximos pasos|C"}},
		{"Spanish with inverted question mark", "# T\n\n**¿Por qué importa?:** A.\n**¿Qué sigue?:** B.\n", "T",
			[]string{"why_it_matters|¿Por qué importa?|A.", "what_happens_next|¿Qué sigue?|B."}},
		{"Italian", "# T\n\n## Perché conta\nA\n## Quello che sappiamo\nB\n## Cosa succede ora\nC\n", "T",
			[]string{"why_it_matters|Perché conta|A", "what_to_know|Quello che sappiamo|B", "what_happens_next|Cosa succede ora|C"}},
		{"Portuguese plain text", "A câmara votou.\nO que está em jogo\nA.\nO que você precisa saber\nB.\nO que vem a seguir\nC.\n", "",
			[]string{"lead||A câmara votou.", "why_it_matters|O que está em jogo|A.", "what_to_know|O que você precisa saber|B.", "what_happens_next|O que vem a seguir|C."}},
	})
}

func TestEmptyBriefs(t *testing.T) {
	for _, in := range []string{"", "\n", "   \n\t\n", "\uFEFF", "---\n---\n", "---\ntitle:\n---\n\n", "+++\n+++\n", "---\nsource: Desk\ntags: [a]\n---\n"} {
		b, warns := Parse("briefs/2026-05-01 harbour.notes.md", []byte(in))
		if b.Title != "2026-05-01 harbour.notes" || len(b.Sections) != 0 || len(warns) != 0 {
			t.Errorf("%q: title %q, sections %q, warnings %q", in, b.Title, secs(b), warns)
		}
	}
}

func TestUnclosedFrontMatter(t *testing.T) {
	for _, tc := range []struct{ name, in, lead string }{
		{"yaml never closed", "---\ntitle: Ferry\n\nThe timetable ends.\n", "---\ntitle: Ferry\n\nThe timetable ends."},
		{"yaml closed by a thematic break", "---\ntitle: Ferry\n\nThe timetable ends.\n\n---\n\nMore text.\n", "---\ntitle: Ferry\n\nThe timetable ends.\n\n---\n\nMore text."},
		{"yaml closed by a setext underline", "---\ntitle: Ferry\nSailings\n---\nMore text.\n", ""},
		{"toml never closed", "+++\ntitle = \"Ferry\"\n\nThe timetable ends.\n", "+++\ntitle = \"Ferry\"\n\nThe timetable ends."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, warns := Parse("x.md", []byte(tc.in))
			if len(warns) != 1 || warns[0] != "front matter not closed" {
				t.Errorf("warnings %q", warns)
			}
			if tc.lead != "" && (len(b.Sections) == 0 || b.Sections[0].Body != tc.lead) {
				t.Errorf("sections %q", secs(b))
			}
			checkAccounting(t, []byte(tc.in))
			all := ""
			for _, s := range b.Sections {
				all += s.Title + "\n" + s.Body + "\n"
			}
			if !strings.Contains(all, "title") || !strings.Contains(all, "Ferry") {
				t.Errorf("text lost: %q", secs(b))
			}
		})
	}
	// Front matter with a blank line that decodes is front matter.
	b, warns := Parse("x.md", []byte("---\ntitle: Ferry\n\nsource: Desk\n---\nText.\n"))
	if b.Title != "Ferry" || b.Source != "Desk" || len(warns) != 0 {
		t.Errorf("front matter with a blank line: %q %q %q", b.Title, b.Source, warns)
	}
}

func TestPlainParagraphs(t *testing.T) {
	runSplitCases(t, []splitCase{
		{"one paragraph a line", "First paragraph, which runs on for a while as pasted articles do.\nSecond paragraph.\n“A quote,” she said.\n", "",
			[]string{"lead||First paragraph, which runs on for a while as pasted articles do.\n\nSecond paragraph.\n\n“A quote,” she said."}},
		{"hard-wrapped paragraph stays one", "The county will resurface the quarry road between Elm Cross and the\nBrannock works over three weekends in June. Each weekend the road will\nclose from Friday evening to Monday morning.\n", "",
			[]string{"lead||The county will resurface the quarry road between Elm Cross and the\nBrannock works over three weekends in June. Each weekend the road will\nclose from Friday evening to Monday morning."}},
		{"wrap after a full stop stays one paragraph", "The quarry sends out about sixty lorries a day on the road to the\ncoast. Residents of Lower Hatch have asked for a temporary speed limit.\nThe county has agreed.\n", "",
			[]string{"lead||The quarry sends out about sixty lorries a day on the road to the\ncoast. Residents of Lower Hatch have asked for a temporary speed limit.\nThe county has agreed."}},
		{"blank lines already there", "One.\n\nTwo.\n", "", []string{"lead||One.\n\nTwo."}},
		{"lower-case continuation", "A line that ends mid-sentence because of a stray break in the\nmiddle of it.\nNext paragraph.\n", "",
			[]string{"lead||A line that ends mid-sentence because of a stray break in the\nmiddle of it.\n\nNext paragraph."}},
		{"indented line is not made code", "One paragraph.\n    indented line.\n", "", []string{"lead||One paragraph.\n    indented line."}},
		{"a table stays a table", "Figures follow.\n| a | b |\n|---|---|\n| 1 | 2 |\n", "", []string{"lead||Figures follow.\n| a | b |\n|---|---|\n| 1 | 2 |"}},
		{"markdown with headings is left as written", "# T\n\n## Outlook\nOne.\nTwo.\n", "T", []string{"what_happens_next|Outlook|One.\nTwo."}},
		{"lead-ins are left as written", "# T\n\n**Outlook:** One.\nTwo.\n", "T", []string{"what_happens_next|Outlook|One.\nTwo."}},
	})
}

// TestPlainParagraphsFixture checks the article that pastes one paragraph a
// line: every line of the source is one paragraph of a body.
func TestPlainParagraphsFixture(t *testing.T) {
	for _, name := range []string{"paste-harbour.txt", "fr-plain.txt", "pt-plain.txt"} {
		data := readFixture(t, name)
		b, _ := Parse(name, data)
		heads := map[string]bool{}
		for _, s := range b.Sections {
			heads[s.Title] = true
		}
		var want []string
		for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if !heads[cleanTitle(l)] {
				want = append(want, l)
			}
		}
		var got []string
		for _, s := range b.Sections {
			got = append(got, strings.Split(s.Body, "\n\n")...)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s paragraphs:\n got  %q\n want %q", name, got, want)
		}
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "parse", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestDigestLanguages checks that the digest picks translated sections by
// kind, and keeps memo and paste bodies as the parser split them.
func TestDigestLanguages(t *testing.T) {
	var list []*Brief
	for _, name := range []string{"de-leadins.md", "fr-plain.txt", "es-headings.md", "it-leadins.md", "pt-plain.txt", "newsletter-emoji.md"} {
		b, _ := Parse(name, readFixture(t, name))
		list = append(list, b)
	}
	sel, err := ParseSectionSelector("why")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range Digest(list, sel) {
		got = append(got, e.Brief.Sections[e.Section].Title)
	}
	want := []string{"Warum das wichtig ist", "Pourquoi c’est important", "Por qué importa", "Perché è importante", "Por que isso importa", "⚡ Why it matters"}
	if !slices.Equal(got, want) {
		t.Errorf("digest why:\n got  %q\n want %q", got, want)
	}
}

// TestContractLabels reads both label tables of docs/format.md and checks
// that the vocabulary knows every label there, as the kind the table gives:
// the page and the code must not drift apart.
func TestContractLabels(t *testing.T) {
	data, err := os.ReadFile("../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) < 2 {
			continue
		}
		kind := Kind(cells[0])
		if strings.HasPrefix(cells[0], "other") {
			kind = KindOther
		}
		switch kind {
		case KindWhyItMatters, KindWhatToKnow, KindWhatHappensNext, KindOther:
		default:
			continue
		}
		for _, cell := range cells[1:] {
			// "yes, but" is the one label with a comma in it.
			cell = strings.ReplaceAll(cell, "yes, but", "yes\x00 but")
			for _, label := range strings.Split(cell, ", ") {
				label = strings.ReplaceAll(strings.TrimSpace(label), "\x00", ",")
				if strings.ContainsAny(label, "…\"") {
					continue // a pattern, tested in TestKindTable
				}
				forms := []string{label}
				if base, ok := strings.CutSuffix(label, "(s)"); ok {
					forms = []string{base, base + "s"}
				}
				for _, f := range forms {
					n++
					if k, known := defaultVocab().Lookup(f); !known || k != kind {
						t.Errorf("%q: %s, known %v; the table says %s", f, k, known, kind)
					}
				}
			}
		}
	}
	if n < 160 {
		t.Errorf("only %d labels read from docs/format.md", n)
	}
}

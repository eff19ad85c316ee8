package briefs

import (
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

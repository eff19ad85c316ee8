package briefs

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// strippedMarkup are the only characters Parse may remove from the text
// when it turns headings into titles: ATX markers and closing sequences (#),
// setext underlines (= and -), emphasis around a label (* and _) and one
// trailing colon (: or the full-width ：). White space is not compared at all.
const strippedMarkup = "#=-*_:："

// countRunes adds the non-space runes of s, markup aside, to m.
func countRunes(m map[rune]int, s string, sign int) {
	for _, r := range s {
		if unicode.IsSpace(r) || strings.ContainsRune(strippedMarkup, r) {
			continue
		}
		m[r] += sign
	}
}

// decodeForTest restates the pre-processing of docs/format.md with the
// standard library, independently of decode.
func decodeForTest(data []byte) string {
	s := strings.ToValidUTF8(string(data), "\uFFFD")
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return norm.NFC.String(s)
}

// checkAccounting fails t when the split of data loses or duplicates text.
func checkAccounting(t *testing.T, data []byte) {
	t.Helper()
	checkAccountingWith(t, data, limits{})
}

// tinyLimits is a budget small enough for short fuzz inputs to run past it,
// different from one input to the next.
func tinyLimits(data []byte) limits {
	n := len(data)
	return limits{lines: 1 + n%13, blocks: 1 + n%11, sections: 1 + n%5, time: time.Hour}
}

// checkAccountingWith is checkAccounting with a budget (the zero limits: the
// file's own). Past a budget, text is not lost either: it ends the last
// section, and a warning says so.
func checkAccountingWith(t *testing.T, data []byte, lim limits) {
	t.Helper()
	r := parseLimited("fuzz.md", data, nil, lim)
	b := r.brief
	cut := false
	for _, w := range b.Warnings {
		cut = cut || strings.Contains(w, "not split into sections")
	}
	if lim.sections > 0 && len(b.Sections) > lim.sections+1 {
		t.Fatalf("%d sections, budget %d", len(b.Sections), lim.sections)
	}
	if cut && len(r.spans) > 0 && r.spans[len(r.spans)-1][1] != len(b.Raw) {
		t.Fatalf("split cut, but the last section does not end the text: spans %v, %d bytes", r.spans, len(b.Raw))
	}
	for _, w := range b.Warnings {
		if strings.Contains(w, "internal error") {
			t.Fatalf("panic recovered: %s", w)
		}
	}
	if want := decodeForTest(data); b.Raw != want {
		t.Fatalf("Raw = %q, want %q", b.Raw, want)
	}
	if !strings.HasPrefix(b.Raw, r.frontMatter) {
		t.Fatalf("front matter %q is not the start of Raw", r.frontMatter)
	}
	if len(r.spans) != len(b.Sections) {
		t.Fatalf("%d spans for %d sections", len(r.spans), len(b.Sections))
	}
	prev := len(r.frontMatter)
	for i, s := range b.Sections {
		sp := r.spans[i]
		if sp[0] < prev || sp[1] < sp[0] || sp[1] > len(b.Raw) {
			t.Fatalf("section %d span %v out of order (previous end %d)", i, sp, prev)
		}
		prev = sp[1]
		// Plain-text bodies get a blank line between paragraphs pasted one
		// a line: only newlines are ever added.
		if !strings.Contains(collapseNewlines(b.Raw[sp[0]:sp[1]]), collapseNewlines(s.Body)) {
			t.Fatalf("section %d body %q is not inside its span %q", i, s.Body, b.Raw[sp[0]:sp[1]])
		}
		switch {
		case s.Kind == KindLead && (i != 0 || s.Title != "" || s.Level != 0):
			t.Fatalf("lead section %d: %q", i, sec(s))
		case s.Kind != KindLead && s.Kind != KindWhyItMatters && s.Kind != KindWhatToKnow &&
			s.Kind != KindWhatHappensNext && s.Kind != KindOther:
			t.Fatalf("bad kind %q", s.Kind)
		case s.Kind == KindLead && strings.TrimSpace(s.Body) == "":
			t.Fatalf("empty lead listed")
		}
	}
	if r.displayTitle && r.consumed != "" {
		t.Fatalf("display title %q with a consumed title %q", b.Title, r.consumed)
	}

	m := map[rune]int{}
	countRunes(m, b.Raw, 1)
	countRunes(m, r.frontMatter, -1)
	countRunes(m, r.consumed, -1) // the display title repeats the first sentence by design: not counted
	for _, s := range b.Sections {
		countRunes(m, s.Title, -1)
		countRunes(m, s.Body, -1)
	}
	for r, n := range m {
		if n != 0 {
			t.Fatalf("rune %q: %+d (dropped if >0, duplicated if <0)\nraw %q\nsections %q", r, n, b.Raw, secs(b))
		}
	}
}

// collapseNewlines turns every run of newlines into one.
func collapseNewlines(s string) string {
	for strings.Contains(s, "\n\n") {
		s = strings.ReplaceAll(s, "\n\n", "\n")
	}
	return s
}

func FuzzParse(f *testing.F) {
	seeds := []string{
		"", "#", "# ", "---", "---\n---", "+++\n+++\n", "\uFEFF", "\r\n\r", "\xff\xfe",
		"# T\n\n## Why it matters\nA\n### Sub\nB\n## Outlook ##\nC\n",
		"T\n===\n\nx\n---\ny\n\n---\n\nz",
		"---\ntitle: X\ntags: [a, b]\n---\n# H\n\n**Why it matters:** a\n- **Zoom in:** b\n",
		"+++\ntitle = \"X\"\n+++\n**BLUF**: act\n\n**KICKER NEWS:** no\n",
		"Lead.\nWhy It Matters\nStakes.\nThe Long Road Home\nMore.\nAdvertisement\n",
		"```\n# no\n```\n    # no\n> # no\n<!--\n# no\n-->\n- # no\n",
		"*Why*:\nx\n__Zoom in:__ y\n**a**: b\n",
		"Cafe\u0301\r\n# 🔮 What’s Next?\r\nx",
		"---\ntitle: [\n---\n",
		"title: Storm, then calm\nsource: https://example.org\ntags: [a, b]\ndate: 2026-03-04 10:30\n",
		"title: A\ntags: x, y\nid: 7\n",
		// Newsletters, memos, five languages, scripts without case, pastes.
		"# T\n\n📊 **By the numbers:** 12.\n🧑‍🌾 **Zoom in**: x\n🇫🇷 **Yes, but:** y\n📊📊 **No:** z\n",
		"MEMORANDUM FOR THE BOARD\nFROM: Clerk\nDATE: 02APR25\nSUBJECT: Locks\n\nBLUF\nClose them.\n",
		"**To:** A\n**Date:** April 2, 2025\n**Subject: B**\n**RE**: C\n\n**BLUF:** D\n",
		"# T\n\n**لماذا يهم:** أ\n**背景：**新的\n**今後の見通し:** 説\n**ΑΠΟΚΛΕΙΣΤΙΚΟ:** x\n",
		"# T\n\n**Les enjeux** : a\n**¿Qué sigue?:** b\n## Was Sie wissen müssen\nc\n",
		"Lead.\nChart: tonnes by quarter, 2021 to 2025, from ministry figures today\nZoom in:\nText.\nYes, but\nMore.\n",
		"The county will resurface the quarry road between Elm Cross and the\nBrannock works in June.\nSecond.\n| a |\n|---|\n    code\n",
		"---\ntitle: X\n\nBody.\n\n---\n\nMore.\n",
		"MEMO\nTO: A\nSUBJ: B\n----\nBLUF\nC.\n", "RE: B\n===\n", "**To:** A\n---\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, p := range []string{"testdata/parse/*"} {
		files, _ := filepath.Glob(p)
		for _, name := range files {
			if data, err := os.ReadFile(name); err == nil {
				f.Add(data)
			}
		}
	}
	for _, p := range pathoShapes {
		f.Add(p.gen(2048))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAccounting(t, data)
		checkAccountingWith(t, data, tinyLimits(data))
		checkSimpleYAML(t, string(data))
		checkSimpleTOML(t, string(data))
		checkPlainBlocks(t, data, limits{})
		checkPlainBlocks(t, data, tinyLimits(data))
		for line := range strings.Lines(string(data)) {
			checkLookupASCII(t, defaultVocab(), line)
		}
	})
}

// checkSimpleYAML fails t when the front-matter fast path accepts inner but
// reads it differently from yaml.v3.
func checkSimpleYAML(t *testing.T, inner string) {
	t.Helper()
	var fast, full Brief
	fw, ok := simpleYAML(&fast, inner)
	if !ok {
		return
	}
	sw := applyYAMLFull(&full, inner)
	if fast.Title != full.Title || fast.Source != full.Source || fast.ID != full.ID ||
		!fast.Date.Equal(full.Date) || !slices.Equal(fast.Tags, full.Tags) || !slices.Equal(fw, sw) {
		t.Fatalf("front matter %q:\nfast %+v %q\nyaml %+v %q", inner, fast, fw, full, sw)
	}
}

// checkSimpleTOML fails t when the TOML fast path accepts inner but reads
// it differently from the decoder.
func checkSimpleTOML(t *testing.T, inner string) {
	t.Helper()
	var fast, full Brief
	fw, ok := simpleTOML(&fast, inner)
	if !ok {
		return
	}
	sw := applyTOMLFull(&full, inner)
	if !reflect.DeepEqual(fast, full) || !slices.Equal(fw, sw) {
		t.Fatalf("front matter %q:\nfast %+v %q\ntoml %+v %q", inner, fast, fw, full, sw)
	}
}

// FuzzSimpleTOML looks for TOML front matter the fast path reads
// differently from the decoder.
func FuzzSimpleTOML(f *testing.F) {
	for _, in := range simpleTOMLAccepted {
		f.Add(in)
	}
	f.Fuzz(checkSimpleTOML)
}

var simpleTOMLAccepted = []string{
	"title = \"Tesmir Council Approves Plan\"\ndate = 2026-07-24T05:09:00Z\nsource = \"Calder Wire\"\ntags = [\"policy\", \"loafoa\"]\nid = \"gen-00006\"\n",
	"title = \"Reservoir = levels, # memo\"\ndate = 2026-04-12\ntags = [\"water\",\"county\" ]\n\n",
	"title=\"\"\ntags = []\nother = [\"a, b\"]\nwhen = 2026-01-02\n",
	"date = \"next week\"\ntags = \"a, b\"\n",
	"date = \"2026-03-04 10:30\"\ntitle = \"  padded  \"\n",
}

func TestSimpleTOML(t *testing.T) {
	for _, in := range simpleTOMLAccepted {
		var b Brief
		if _, ok := simpleTOML(&b, in); !ok {
			t.Errorf("fast path refused %q", in)
		}
		checkSimpleTOML(t, in)
	}
	for _, in := range []string{
		"title = \"a\\tb\"\n", "title = \"a\" # c\n", "# c\n", "[table]\n", "Title = \"a\"\n", "title = \"a\"\ntitle = \"b\"\n",
		"id = 12\n", "title = 'lit'\n", "title = \"\"\"a\"\"\"\n", "tags = [\"a\",]\n", "tags = [\"a\" \"b\"]\n", "title = [\"a\"]\n",
		"date = [\"a\"]\n", "tags = 2026-01-02\n", "date = 2026-1-02\n", "date = 2026-02-30\n", "date = 2026-01-02T10:00:00+02:00\n",
		"date = 2026-01-02 10:00:00Z\n", "title = \"a\tb\"\n", "title\n", "title = \n", "a.b = \"x\"\n",
	} {
		var b Brief
		if _, ok := simpleTOML(&b, in); ok {
			t.Errorf("fast path accepted %q", in)
		}
	}
}

func TestSimpleYAML(t *testing.T) {
	accepted := []string{
		"title: Salt flats survey\ndate: 2026-03-04\nsource: Desert Post\ntags: [salt, survey]\nid: salt-1\n",
		"title: Storm, then calm\nsource: https://example.org/a?b=c\ntags: one, two\n",
		"title: Café “news” — today\ndate: 2026-03-04 10:30\nother: x\n\n",
		"title:\ntags: []\n",
		"date: next week\n",
		"title: null\nid: 0012\n",
		"title: \"Port Avalen: a plan # for 2026\"\ndate: \"2026-01-30T18:23:00Z\"\nsource: 'Orlecz Review'\ntags: [a, b]\n",
		"title: ''\ntags: \"a, b\"\nid: \"[x]\"\n",
		"title: \"  padded  \"\ntags: '[not, a list]'\n",
	}
	for _, in := range accepted {
		var b Brief
		if _, ok := simpleYAML(&b, in); !ok {
			t.Errorf("fast path refused %q", in)
		}
		checkSimpleYAML(t, in)
	}
	for _, in := range []string{
		"title: 'it''s'\n", "title: \"a\\tb\"\n", "title: \"a\" # c\n", "title: \"a\n", "title: \"\n",
		"title: 'a\" \n", "title: \"a\tb\"\n", "title: a # comment\n", "tags:\n  - a\n", "title: a: b\n", "title: a\ntitle: b\n",
		"# comment\n", "title: [a]\n", "tags: [a, , b]\n", "tags: [\"a\"]\n", "title: *alias\n", "title: -5\n",
		"title:\tx\n", " title: x\n", "title: x:\n", "tags: [a: b]\n",
	} {
		var b Brief
		if _, ok := simpleYAML(&b, in); ok {
			t.Errorf("fast path accepted %q", in)
		}
	}
}

// TestAccounting runs the fuzz property over the table-test inputs and the
// fixtures, so it holds in every plain `go test` run.
func TestAccounting(t *testing.T) {
	inputs := []string{
		"# T\n\nLead.\n\n### Three\nA\n\n**Zoom in:** B\n\n## Two\nC\n",
		"---\ntitle: From front matter\n---\n# From the heading\n\nLead text.\n\n## Outlook\nSoon.\n",
		"Dam Plan Approved After Long Fight\nThe board voted on Monday.\n",
		"Lead paragraph here.\nWHY IT MATTERS:   \nStakes.\n",
		"# T\n\nThe long\nview\n===\nA\n",
		"# T\n\n## *Outlook*:\nA\n## Note::\nB\n",
	}
	inputs = append(inputs, parseFixtures(t)...)
	for _, in := range inputs {
		checkAccounting(t, []byte(in))
	}
}

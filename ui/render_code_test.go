package ui

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

// shellCode is code without a language that chroma's analysers take for
// a shell script (its first line), and so would colour as one.
const shellCode = "#!/bin/sh\necho \"total: $1\" > /tmp/out\nexit 0"

// sgrRE matches one SGR sequence.
var sgrRE = regexp.MustCompile("\x1b\\[[0-9;]*m")

// codeLines returns the lines of r from the one whose text (colour
// stripped, margin trimmed) is first to the one that is last.
func codeLines(t *testing.T, r Rendered, first, last string) []string {
	t.Helper()
	for i, l := range r.Lines {
		if strings.TrimSpace(ansi.Strip(l)) != first {
			continue
		}
		for k := i; k < len(r.Lines); k++ {
			if strings.TrimSpace(ansi.Strip(r.Lines[k])) == last {
				return r.Lines[i : k+1]
			}
		}
	}
	t.Fatalf("no lines from %q to %q in\n%s", first, last, ansi.Strip(r.Content))
	return nil
}

// TestRenderCodeWithoutLanguage: a fenced block with no info string and an
// indented block are drawn as plain text, exactly as a block in chroma's
// plain text lexer, even when chroma's analysers would take them for a
// shell script; a ```go block keeps its highlighting.
func TestRenderCodeWithoutLanguage(t *testing.T) {
	tr, err := newTermRenderer(80, "dark")
	if err != nil {
		t.Fatal(err)
	}
	guessed, err := tr.Render("```\n" + shellCode + "\n```\n")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := tr.Render("```" + plainLanguage + "\n" + shellCode + "\n```\n")
	if err != nil {
		t.Fatal(err)
	}
	if guessed == plain {
		t.Fatal("glamour draws the shell code given no language as plain text: the test proves nothing")
	}
	goCode := "func main() {\n\tfmt.Println(\"hi\")\n}"
	indented := "    " + strings.ReplaceAll(shellCode, "\n", "\n    ")
	lead := "The script they ran:\n\n```\n" + shellCode + "\n```\n\nAnd again, indented:\n\n" + indented + "\n\nIn Go:\n\n```go\n" + goCode + "\n```\n"
	b := &briefs.Brief{ID: "code", Hash: "h", Sections: []briefs.Section{{Kind: briefs.KindLead, Body: lead}}}
	for _, theme := range []string{"dark", "light"} {
		t.Run(theme, func(t *testing.T) {
			r, err := RenderBrief(b, 80, theme)
			if err != nil {
				t.Fatal(err)
			}
			if r.Warning != "" {
				t.Fatalf("warning %q", r.Warning)
			}
			// How chroma's plain text lexer draws the shell code.
			want, err := RenderMarkdown("```plaintext\n"+shellCode+"\n```", 80, theme)
			if err != nil {
				t.Fatal(err)
			}
			wantLines := strings.Split(want, "\n")
			src := strings.Split(shellCode, "\n")
			var blocks [][]string
			for i, l := range r.Lines {
				if strings.TrimSpace(ansi.Strip(l)) == src[0] {
					blocks = append(blocks, codeLines(t, Rendered{Lines: r.Lines[i:]}, src[0], src[len(src)-1]))
				}
			}
			if len(blocks) != 2 {
				t.Fatalf("%d blocks of shell code drawn, want 2:\n%s", len(blocks), ansi.Strip(r.Content))
			}
			for i, got := range blocks {
				for k, l := range got {
					if text := ansi.Strip(l); text != "    "+src[k] {
						t.Errorf("block %d line %d = %q, want the code verbatim %q", i, k, text, "    "+src[k])
					}
				}
				if !slices.Equal(got, wantLines) {
					t.Errorf("block %d is drawn\n%q\nwant as plain text\n%q", i, got, wantLines)
				}
			}
			// The Go block: its tokens in several colours, where plain text has one.
			goLines := codeLines(t, r, "func main() {", "}")
			plainGo, err := RenderMarkdown("```plaintext\n"+goCode+"\n```", 80, theme)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(goLines, "\n") == plainGo {
				t.Error("the ```go block is drawn as plain text")
			}
			if n, p := len(colours(goLines[0])), len(colours(strings.Split(plainGo, "\n")[0])); n < p+2 {
				t.Errorf("the ```go block's first line has %d colours, plain text %d: not highlighted\n%q", n, p, goLines[0])
			}
			// The blocks stay where the reader finds them: each is one paragraph.
			for _, p := range r.Paragraphs {
				first := strings.TrimSpace(ansi.Strip(r.Lines[p.First]))
				last := strings.TrimSpace(ansi.Strip(r.Lines[p.Last]))
				if first == src[0] && last != src[len(src)-1] {
					t.Errorf("paragraph from %q ends at %q", first, last)
				}
				if first == src[0] && !strings.HasPrefix(strings.TrimLeft(lead[p.Start:p.End], " `\n"), src[0]) {
					t.Errorf("paragraph at %q is the source %q", first, lead[p.Start:p.End])
				}
			}
		})
	}
}

// colours returns the distinct SGR sequences of a styled line.
func colours(l string) []string {
	seen := sgrRE.FindAllString(l, -1)
	slices.Sort(seen)
	return slices.Compact(seen)
}

// plainCodeCases are markdown shapes plainCode reads, with whether it
// changes them. Their code is no language an analyser recognises, so
// glamour draws them the same either way.
var plainCodeCases = []struct {
	name, md string
	changed  bool
}{
	{"fence", "```\nsome code line here = 1;\n```\n", true},
	{"tilde fence", "~~~~  \nx := 1\n~~~~\n\ntext after\n", true},
	{"fence at end", "Before.\n\n```\nno closing fence", true},
	{"crlf fence", "```\r\nrow one\r\nrow two\r\n```\r\n", true},
	{"fence in quote", "> quoted\n>\n> ```\n> inside a quote\n> ```\n", true},
	{"fence in list", "- item\n\n  ```\n  in an item\n  ```\n- next\n", true},
	{"fence with language", "```go\nx := 1\n```\n", false},
	{"fence with unknown language", "```figures\n1 2 3\n```\n", false},
	{"empty fence", "```\n```\n", false},
	{"indented", "Text.\n\n    line one\n\n      line two, deeper\n\n\nAfter.\n", true},
	{"indented with tabs", "\tone tab\n\t\ttwo tabs\n  \tspaces and a tab\n", true},
	{"indented with fences inside", "    ```\n    ````` five\n    ```\n", true},
	{"indented then paragraph", "    code\nparagraph\n", true},
	{"indented at end", "    last line", true},
	{"indented in list", "- item\n\n      code in an item\n", false},
	{"definition", "Term\n:   Definition\n\n    more of the definition\n", false},
	{"not code", "A paragraph\n    with an indented continuation.\n", false},
	{"none", "Just **words**.\n", false},
}

// TestPlainCodeSameText: plainCode changes only the blocks it should, and
// glamour draws its result as it draws the markdown it was given.
func TestPlainCodeSameText(t *testing.T) {
	tr, err := newTermRenderer(60, "dark")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range plainCodeCases {
		t.Run(c.name, func(t *testing.T) {
			got := plainCode(c.md)
			if (got != c.md) != c.changed {
				t.Fatalf("plainCode(%q) = %q, changed %v, want %v", c.md, got, got != c.md, c.changed)
			}
			if c.changed && strings.Count(got, plainLanguage) == 0 {
				t.Fatalf("plainCode(%q) = %q names no language", c.md, got)
			}
			before, err := tr.Render(c.md)
			if err != nil {
				t.Fatal(err)
			}
			after, err := tr.Render(got)
			if err != nil {
				t.Fatal(err)
			}
			if before != after {
				t.Errorf("drawn differently:\n%q\nwas\n%q", after, before)
			}
		})
	}
}

// FuzzPlainCode: whatever the markdown, plainCode leaves the text glamour
// draws as it was (only a guessed language's colours may go), and adds no
// control character to what a brief brings.
func FuzzPlainCode(f *testing.F) {
	for _, c := range plainCodeCases {
		f.Add(c.md)
	}
	f.Add("```\n" + shellCode + "\n```\n")
	tr, err := newTermRenderer(60, "dark")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, md string) {
		if len(md) > 4<<10 {
			return
		}
		md = termsafe.Markdown(md)
		got := plainCode(md)
		if strings.Count(got, "\x1b") != strings.Count(md, "\x1b") || strings.Count(got, "\a") != strings.Count(md, "\a") {
			t.Fatalf("plainCode(%q) = %q adds control characters", md, got)
		}
		before, err := tr.Render(md)
		if err != nil {
			return
		}
		after, err := tr.Render(got)
		if err != nil {
			t.Fatalf("plainCode(%q) = %q fails to render: %v", md, got, err)
		}
		if a, b := ansi.Strip(after), ansi.Strip(before); a != b {
			t.Errorf("plainCode(%q) = %q draws\n%q\nwas\n%q", md, got, a, b)
		}
	})
}

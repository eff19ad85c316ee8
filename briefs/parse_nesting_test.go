package briefs

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// indented nests a list n levels deep, one level a line, by indentation:
// no line has more than one marker, so only the lines together go deep.
func indented(n int, indent string) string {
	var sb strings.Builder
	for i := range n {
		sb.WriteString(strings.Repeat(indent, i) + "- level\n")
	}
	return sb.String()
}

func TestCapNesting(t *testing.T) {
	deepLine := strings.Repeat("- ", 500) + "deep"
	for _, tc := range []struct {
		name   string
		in     string
		fenced bool // else CapNesting returns in itself
	}{
		{"prose", "# T\n\nText with - dashes > and 1. numbers.\n\n- a\n  - b\n", false},
		{"markers on a line", "Lead.\n\n" + deepLine + "\n\nAfter.\n", true},
		{"quotes on a line", strings.Repeat(">", 100) + " deep\n", true},
		{"ordered on a line", strings.Repeat("1. ", 100) + "deep\n", true},
		{"by indentation", indented(40, "  "), true},
		{"by tabs", indented(40, "\t"), true},
		{"shallow by indentation", indented(30, "  "), false},
		{"deeply indented code", "Text.\n\n" + strings.Repeat(" ", 80) + "code\n", false},
		{"long thematic break", strings.Repeat("- ", 100) + "\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := CapNesting(tc.in)
			if !tc.fenced {
				if out != tc.in {
					t.Fatalf("changed:\n%s", out)
				}
				return
			}
			if !strings.Contains(out, "~~~\n") {
				t.Fatalf("no fenced block in:\n%.300s", out)
			}
			if d := depthOf(out); d > maxNesting {
				t.Errorf("still %d levels deep", d)
			}
			if strip(out) != strip(tc.in) {
				t.Errorf("text changed:\n%q\n%q", strip(out), strip(tc.in))
			}
		})
	}
	t.Run("only the deep block", func(t *testing.T) {
		in := "Before.\n\n" + deepLine + "\n\nAfter ~~~~ tildes.\n"
		want := "Before.\n\n~~~\n" + deepLine + "\n~~~\n\nAfter ~~~~ tildes.\n"
		if out := CapNesting(in); out != want {
			t.Errorf("got\n%q\nwant\n%q", out, want)
		}
		// A fence opened in the list's first item, inside the deep block.
		in = deepLine + "\n  ~~~~\n"
		if out := CapNesting(in); !strings.HasPrefix(out, "~~~~~\n") || depthOf(out) > maxNesting {
			t.Errorf("fence not longer than the tildes inside: %q", out)
		}
	})
}

// strip is s without white space and tildes: what a fence may add.
func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '~' || r == ' ' || r == '\t' || r == '\n' {
			return -1
		}
		return r
	}, s)
}

// depthOf is how deep block quotes and list items nest in md as a renderer
// reads it (goldmark with its CommonMark block parsers, no cap).
func depthOf(md string) int {
	p := parser.NewParser(parser.WithBlockParsers(parser.DefaultBlockParsers()...))
	root := p.Parse(text.NewReader([]byte(md)))
	deepest, depth := 0, 0
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if k := n.Kind(); k == ast.KindBlockquote || k == ast.KindListItem {
			if entering {
				depth++
				deepest = max(deepest, depth)
			} else {
				depth--
			}
		}
		return ast.WalkContinue, nil
	})
	return deepest
}

func FuzzCapNesting(f *testing.F) {
	for _, s := range []string{
		"", "- a\n", strings.Repeat("- ", 40) + "x\n", strings.Repeat(">", 40) + "\n", indented(40, "  "),
		indented(34, "\t"), "~~~\n" + strings.Repeat("- ", 40) + "\n", strings.Repeat("1) ", 40) + "\n\n~~~~\n",
	} {
		f.Add(s)
	}
	for _, p := range pathoShapes {
		f.Add(string(p.gen(2048)))
	}
	f.Fuzz(func(t *testing.T, md string) {
		out := CapNesting(md)
		if d := depthOf(out); d > maxNesting {
			t.Fatalf("%d levels deep:\n%q", d, out)
		}
		if strip(out) != strip(md) {
			t.Fatalf("text changed:\n%q\n%q", md, out)
		}
	})
}

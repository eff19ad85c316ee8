package ui

import (
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/util"
)

// These tests hold the renderer to the promise that nothing from a brief
// reaches the terminal as a control: no escape sequence but the SGR styling
// the styles write, no C0 control but newline and tab, no C1 control, no
// bidi control. They render through the real renderer (glamour, with its
// own decoding of character references), not through a model of it.

var zeros40 = strings.Repeat("0", 40)

// escForms are ways a brief can write ESC so that some decoder sees it:
// raw, as references of every shape (padded, overflowing 32 and 64 bits),
// and split by markup the renderer drops when it glues text together.
var escForms = []string{
	"\x1b", "&#27;", "&#x1b;", "&#X1B;", "&#27", "&#x1b", "&#0000027;",
	"&#4294967323;", "&#x10000001b;", "&#4294967323", "&#18446744073709551643;", "&#x1000000000000001b;",
	"&#" + zeros40 + "27;", "&#x" + zeros40 + "1b;", "&#" + zeros40 + "4294967323;",
	"&*#27;*", "&#*27*;", "&#2*7*;", "&#x*1b*;", "&~~#27;~~", "&`#27;`", "&  \n#27;", "&\\\n#27;",
	"&#2\x1b7;", "&#&#27;27;",
}

// otherForms are C1 and bidi controls in the same shapes.
var otherForms = []string{
	"\u009b", "\x9b", "&#155;", "&#x9b;", "&#4294967451;", "&#4294967453;", "&#x10000009d;",
	"\u202e", "&#x202e;", "&#8238;", "&#x10000202e;", "&#4294975534;", "&#x" + zeros40 + "202e;", "&#x2066;",
	"&#13;", "&#127;", "&#x7f;", "&#4294967303;",
}

// markers follow a payload: none of them is styling the styles write, so a
// payload that reaches the output as ESC shows as a sequence that is not
// theirs (31337 is no SGR parameter; 8 hides text, 5 blinks).
var markers = []string{"[31337m", "[8m", "[5m", "[30;40m", "[2J", "]52;c;Zm9v\x07", "]0;pwned\x1b\\", ""}

// constructs place a payload (%s) in every inline and block construct.
var constructs = []string{
	"%s", "a %s b", "*%s*", "**%s**", "_%s_", "~~%s~~", "~%s~", "`%s`", "`` %s ``",
	"[%s](https://x.y)", "[a](https://x.y \"%s\")", "![%s](https://x.y/i.png)", "<https://x.y/%s>",
	"[a][r]\n\n[r]: https://x.y \"%s\"", "<div>%s</div>", "<div>\n%s\n</div>", "<span>%s</span>",
	"<b>%s</b>", `<a href="https://x.y" title="%s">t</a>`, "<!-- %s -->", "# %s", "## **%s**",
	"> %s", "> ~~%s~~", "- %s", "1. *%s*", "- [ ] %s", "| h |\n|---|\n| %s |", "| `%s` |\n|---|\n| ~~%s~~ |",
	"```\n%s\n```", "```go\n%s\n```", "    %s", "%s  \nnext", "a[^1]\n\n[^1]: %s", "Term\n: %s",
	"***~~`%s`~~***", "[a](<https://x.y/%s ;b>)", "<https://x.y/;%s>", "https://x.y/é%s",
}

// payloads are every form followed by every marker.
func payloads() []string {
	var ps []string
	for _, f := range append(append([]string{}, escForms...), otherForms...) {
		for _, m := range markers {
			ps = append(ps, f+m)
		}
	}
	return ps
}

// checkRaw reports what in the renderer's own output (before Styled) is not
// what the styles write: an escape sequence other than an SGR that Styled
// keeps or glamour's OSC 8 hyperlink around a link, or a Forbidden rune.
func checkRaw(s string) string {
	var text strings.Builder
	for i := 0; i < len(s); {
		if s[i] != 0x1b {
			text.WriteByte(s[i])
			i++
			continue
		}
		end := termsafe.EscapeEnd(s, i)
		seq := s[i:end]
		switch {
		case strings.HasPrefix(seq, "\x1b["):
			if termsafe.Check(seq, true) != nil {
				return fmt.Sprintf("escape sequence %q", seq)
			}
		case strings.HasPrefix(seq, "\x1b]8;"):
			// glamour's hyperlink: its URL is a link destination that
			// Markdown allowed; it holds no control but its terminator.
			body := strings.TrimPrefix(seq, "\x1b]")
			if b, ok := strings.CutSuffix(body, "\x1b\\"); ok {
				body = b
			} else {
				body = strings.TrimSuffix(body, "\a")
			}
			if strings.ContainsFunc(body, termsafe.Forbidden) {
				return fmt.Sprintf("hyperlink %q", seq)
			}
		default:
			return fmt.Sprintf("escape sequence %q", seq)
		}
		i = end
	}
	if err := termsafe.Check(text.String(), false); err != nil {
		return err.Error()
	}
	return ""
}

// checkHyperlinks renders md as the body of a brief for the reader (Parse
// would make a one-line document its title) and draws its lines with their
// hyperlinks, as a reader on a terminal that shows them does, and reports
// what is not safe: a sequence other than the styles' SGR and the OSC 8
// the renderer wrote (with a URI LinkURI leaves as it is), a hyperlink
// left open, or text the hyperlinks changed.
func checkHyperlinks(md, theme string) string {
	b := &briefs.Brief{ID: "hostile.md", Sections: []briefs.Section{{Kind: briefs.KindLead, Body: md}}}
	r, err := RenderBrief(b, 60, theme)
	if err != nil {
		return err.Error()
	}
	on := r.linksOn(0, len(r.Lines))
	for _, k := range r.Links {
		if u, ok := termsafe.LinkURI(k.URL); !ok || u != k.URL {
			return fmt.Sprintf("link to %q", k.URL)
		}
	}
	for y, l := range r.Lines {
		linked := withLinks(l, on[y])
		if err := termsafe.CheckLinked(linked); err != nil {
			return err.Error()
		}
		if ansi.Strip(linked) != ansi.Strip(l) {
			return fmt.Sprintf("line %d: hyperlinks changed the text: %q", y, linked)
		}
		if opened := strings.Count(linked, "\x1b]8;;") - strings.Count(linked, termsafe.HyperlinkEnd); opened != strings.Count(linked, termsafe.HyperlinkEnd) {
			return fmt.Sprintf("line %d: a hyperlink is left open: %q", y, linked)
		}
	}
	return ""
}

// checkMarkdown reports a control in markdown printed to a pipe, as it is
// and as a markdown reader downstream decodes its references.
func checkMarkdown(s string) string {
	for _, d := range []string{s, html.UnescapeString(s), string(util.ResolveNumericReferences([]byte(s)))} {
		if err := termsafe.Check(d, false); err != nil {
			return err.Error()
		}
	}
	return ""
}

// checkRender renders md through every path that draws brief text, at
// every theme, and reports the first output that is not safe.
func checkRender(t *testing.T, md string) {
	t.Helper()
	b, _ := briefs.Parse("hostile.md", []byte(md))
	for _, theme := range themes {
		tr, err := newTermRenderer(60, theme)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := tr.Render(briefs.CapNesting(termsafe.Markdown(md)))
		if err != nil {
			t.Fatal(err)
		}
		if why := checkRaw(raw); why != "" {
			t.Fatalf("%s: renderer wrote for %q: %s", theme, md, why)
		}
		out, err := RenderMarkdown(md, 60, theme)
		if err != nil {
			t.Fatal(err)
		}
		if err := termsafe.Check(out, true); err != nil {
			t.Fatalf("%s: RenderMarkdown(%q): %v", theme, md, err)
		}
		out, err = RenderForTerminal(b, nil, 60, theme)
		if err != nil {
			t.Fatal(err)
		}
		if err := termsafe.Check(out, true); err != nil {
			t.Fatalf("%s: RenderForTerminal(%q): %v", theme, md, err)
		}
		if why := checkHyperlinks(md, theme); why != "" {
			t.Fatalf("%s: reader with hyperlinks, %q: %s", theme, md, why)
		}
	}
	if why := checkMarkdown(MarkdownForPipe(b, nil)); why != "" {
		t.Fatalf("MarkdownForPipe(%q): %s", md, why)
	}
}

// TestRenderHostileReferences renders every form of ESC, C1 and bidi
// control inside every construct, each with a marker in turn.
func TestRenderHostileReferences(t *testing.T) {
	forms := append(append([]string{}, escForms...), otherForms...)
	picked := func(ci, fi int) bool { return !testing.Short() || (ci+fi)%5 == 0 }
	n := 0
	for ci := range constructs {
		for fi := range forms {
			if picked(ci, fi) {
				n++
			}
		}
	}
	t.Logf("%d documents, each rendered 9 ways", n)
	// Each construct is a subtest of its own, so that the documents (the
	// slowest test of the package) render on every core; a renderer is
	// made per document, so they share nothing.
	for ci, c := range constructs {
		t.Run(fmt.Sprintf("construct%02d", ci), func(t *testing.T) {
			t.Parallel()
			for fi, f := range forms {
				if picked(ci, fi) {
					checkRender(t, strings.ReplaceAll(c, "%s", f+markers[(ci+fi)%len(markers)]))
				}
			}
		})
	}
}

// TestRenderReportedForms pins the forms that reached a terminal through
// `show` before references were resolved as the renderer resolves them.
func TestRenderReportedForms(t *testing.T) {
	for _, md := range []string{
		"&#4294967323;[31337m", "&#x10000001b;[31337m", "&#4294967453;0;x\x07", "&#x10000202e;evil",
		"&#" + zeros40 + "27;[31337m", "&#x" + zeros40 + "1b;[31337m",
		"`&#4294967323;[31337m`", "~~&#4294967323;[31337m~~", "*&#4294967323;[31337m*",
		"<div>&#4294967323;[31337m</div>", "[&#x10000001b;[8m](https://x.y)",
	} {
		checkRender(t, md)
	}
}

// FuzzRender builds markdown from the fuzzer's bytes: payloads from the
// table above, wrapped in constructs, among raw bytes of its own, and
// renders it through every path at every theme.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"\x00\x05", "\x00\x40\x01\x05", "\x00\x02\x01\x0e", "\x02ab&#\x00\x03", "\x00\x50\x01\x1c\x01\x02",
		"\x02<div>\x00\x0b\x02</div>", "\x02~~&\x01\x03\x02#27;[31337m~~",
	} {
		f.Add([]byte(s))
	}
	ps := payloads()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 512 {
			return
		}
		checkRender(t, buildMarkdown(data, ps))
	})
}

// buildMarkdown reads data as a program: 0 appends a payload (next byte),
// 1 wraps what is built so far in a construct (next byte), 2 appends
// literal bytes (next byte: how many), 3 starts a new block; any other
// byte is appended as it is.
func buildMarkdown(data []byte, ps []string) string {
	var doc, cur string
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		c := int(data[0])
		data = data[1:]
		return c
	}
	for len(data) > 0 {
		switch op := next(); op {
		case 0:
			cur += ps[(next()*7+next())%len(ps)]
		case 1:
			cur = strings.ReplaceAll(constructs[next()%len(constructs)], "%s", cur)
		case 2:
			n := min(next(), len(data))
			cur += string(data[:n])
			data = data[n:]
		case 3:
			doc += cur + "\n\n"
			cur = ""
		default:
			cur += string(rune(op))
		}
	}
	return doc + cur
}

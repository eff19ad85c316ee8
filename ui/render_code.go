package ui

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// This file names the language of code blocks that name none. glamour asks
// chroma to highlight every code block; given no language, chroma runs
// every lexer's analyser over the block to guess one (lexers.Analyse),
// which was a quarter of the time of rendering a brief full of code blocks.
// A brief's code blocks are mostly quoted text, figures and command lines,
// and a guess that does find a language colours prose as code. So the
// markdown handed to glamour gives each such block the language
// plainLanguage: chroma finds that lexer by its name, and it draws the text
// as one token, in the style of text, which is how a block whose language
// no analyser recognises is drawn already. Margins and lines stay the same.

// plainLanguage is chroma's plain text lexer, by its name: the first map
// chroma's registry looks a language up in.
const plainLanguage = "plaintext"

// codeParser is the block structure glamour parses: CommonMark's blocks and
// the definition lists glamour adds (a definition's indented lines are its
// text there, not a code block). The rest of GFM is inline, or tables,
// which hold no code blocks.
var codeParser = parser.NewParser(
	parser.WithBlockParsers(append(parser.DefaultBlockParsers(),
		util.Prioritized(extension.NewDefinitionListParser(), 101),
		util.Prioritized(extension.NewDefinitionDescriptionParser(), 102))...),
	parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
)

// plainCode returns markdown md with plainLanguage as the info string of
// each fenced code block that has none and of each indented code block at
// the top level (rewritten as a fenced block of the same text). Indented
// blocks inside lists and quotes are left to be guessed: fencing them would
// mean rewriting their container's markers line by line. It reads md's
// blocks only when it may hold code, and costs a block parse, linear in md.
func plainCode(md string) string {
	if !mayHoldCode(md) {
		return md
	}
	src := []byte(md)
	doc := codeParser.Parse(text.NewReader(src))
	type edit struct {
		a, z int    // md[a:z] is replaced
		with string // by this
	}
	var edits []edit
	// The stack holds blocks still to look at, in reverse order of source.
	stack := []ast.Node{doc}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch c := n.(type) {
		case *ast.FencedCodeBlock:
			if c.Info == nil && c.Lines().Len() > 0 {
				if at, ok := fenceLineEnd(md, c.Lines().At(0).Start); ok {
					edits = append(edits, edit{at, at, plainLanguage})
				}
			}
			continue
		case *ast.CodeBlock:
			if c.Parent() == doc && c.Lines().Len() > 0 {
				a, z, fenced := fenceIndented(md, src, c.Lines())
				edits = append(edits, edit{a, z, fenced})
			}
			continue
		}
		for ch := n.LastChild(); ch != nil; ch = ch.PreviousSibling() {
			if ch.Type() == ast.TypeBlock {
				stack = append(stack, ch)
			}
		}
	}
	if len(edits) == 0 {
		return md
	}
	var b strings.Builder
	b.Grow(len(md) + len(edits)*(len(plainLanguage)+8))
	prev := 0
	for _, e := range edits { // in source order: the walk goes first to last
		b.WriteString(md[prev:e.a])
		b.WriteString(e.with)
		prev = e.z
	}
	b.WriteString(md[prev:])
	return b.String()
}

// mayHoldCode reports whether md has a fence or an indented line, without
// which it holds no code block.
func mayHoldCode(md string) bool {
	if strings.Contains(md, "```") || strings.Contains(md, "~~~") {
		return true
	}
	for l := range strings.Lines(md) {
		if strings.HasPrefix(l, "    ") || strings.HasPrefix(l, "\t") || strings.HasPrefix(l, " \t") ||
			strings.HasPrefix(l, "  \t") || strings.HasPrefix(l, "   \t") {
			return true
		}
	}
	return false
}

// fenceLineEnd returns where an info string goes on the opening fence of a
// fenced code block whose first line of code starts at or after offset
// code (after any container markers): the end of the line before it, ahead
// of its line break. It reports false if that line does not end in a fence
// character, which a fence without an info string does.
func fenceLineEnd(md string, code int) (int, bool) {
	ls := strings.LastIndexByte(md[:code], '\n')
	if ls < 0 {
		return 0, false
	}
	at := ls
	if at > 0 && md[at-1] == '\r' {
		at--
	}
	l := strings.TrimRight(md[:at], " \t")
	if l == "" || (l[len(l)-1] != '`' && l[len(l)-1] != '~') {
		return 0, false
	}
	return at, true
}

// fenceIndented returns the span of md that an indented code block with
// lines spans, from the start of its first line to the end of its last,
// and the fenced block that draws the same code: the lines' text after
// their indent, as goldmark gives it to glamour, between fences of
// backticks longer than any run of them in the code.
func fenceIndented(md string, src []byte, lines *text.Segments) (int, int, string) {
	var code strings.Builder
	for i := range lines.Len() {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	c := code.String()
	if !strings.HasSuffix(c, "\n") {
		c += "\n"
	}
	run, longest := 0, 0
	for i := 0; i < len(c); i++ {
		if c[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	a := strings.LastIndexByte(md[:lines.At(0).Start], '\n') + 1
	z := lineEndAfter(md, lines.At(lines.Len()-1).Start)
	end := ""
	if strings.HasSuffix(md[a:z], "\n") {
		end = "\n" // what followed the block stays on its own line
	}
	return a, z, fence + plainLanguage + "\n" + c + fence + end
}

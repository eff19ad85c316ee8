package briefs

import (
	"bytes"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"
)

// maxNesting is how deep block quotes and list items may nest. goldmark's
// block parser takes time quadratic in the depth of one line (a 80 KB line
// of "> > > …" takes seconds), and a renderer far worse: 500 nested list
// markers, 1 KB, took 79 s and 3.4 GB to render. Real briefs nest a few
// levels; markdown-it caps nesting too.
//
// Two things keep the cap. For the split, the markers on a line past the cap
// are read as text (capNesting): only they change, so the top-level block
// structure, all that splitting looks at, is the same. For display, Section
// bodies stay verbatim (notes quote them by offset, and `parse --json`
// prints them as written), and CapNesting gives a renderer a copy in which
// every top-level block nested deeper than the cap is a code block of its
// source: the reader sees all of its text, and nothing nested.
const maxNesting = 32

// nestLine is a line that may nest past maxNesting: its container markers
// go deeper than the cap (capped), or it is indented far enough to sit
// deeper than the cap under the lines before it.
type nestLine struct {
	off    int  // where the line starts
	capped bool // its markers go past the cap, from off+cut on
	cut    int
}

// scanNesting lists the lines of s that may nest past maxNesting. A line can
// open a container at depth d only if it continues the d-1 containers
// around it, each of which takes at least one column of its prefix (a '>'
// or the indentation of a list item's text): so a line whose prefix of
// white space and markers is narrower than maxNesting columns cannot.
func scanNesting(s string) []nestLine {
	var out []nestLine
	for start := 0; start < len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		out = appendNestLine(out, s, start, end)
		start = end + 1
	}
	return out
}

// scanNestingLines is scanNesting of s[:end] for lines starting at the
// offsets given, for a caller that has them already.
func scanNestingLines(s string, lines []int, end int) []nestLine {
	var out []nestLine
	for i, start := range lines {
		if start >= end {
			break
		}
		stop := end
		if i+1 < len(lines) {
			stop = min(stop, lines[i+1]-1)
		}
		out = appendNestLine(out, s, start, stop)
	}
	return out
}

// appendNestLine appends the line s[start:end] to out if it may nest past
// maxNesting.
func appendNestLine(out []nestLine, s string, start, end int) []nestLine {
	line := strings.TrimSuffix(s[start:end], "\n")
	if prefixColumns(line) < maxNesting {
		return out
	}
	cut := MarkersPast(line, maxNesting)
	return append(out, nestLine{off: start, capped: cut >= 0, cut: cut})
}

// prefixColumns is the width, tabs expanded, of the run of white space and
// container marker characters a line starts with, counted up to maxNesting.
func prefixColumns(line string) int {
	col := 0
	for i := 0; i < len(line) && col < maxNesting; i++ {
		switch c := line[i]; {
		case c == '\t':
			col += 4 - col%4
		case c == ' ' || c == '>' || c == '-' || c == '*' || c == '+' || c == '.' || c == ')' || (c >= '0' && c <= '9'):
			col++
		default:
			return col
		}
	}
	return col
}

// capNesting returns src unchanged, or a copy in which, on every capped
// line, the markers past the cap are replaced by 'x'. Offsets are preserved:
// the copy is only what goldmark sees; sections are cut from the original text.
func capNesting(src []byte, lines []nestLine) []byte {
	var out []byte
	for _, nl := range lines {
		if !nl.capped || nl.off >= len(src) {
			continue
		}
		if out == nil {
			out = append([]byte(nil), src...)
		}
		line := out[nl.off:]
		if end := bytes.IndexByte(src[nl.off:], '\n'); end >= 0 {
			line = line[:end]
		}
		MaskMarkers(line, nl.cut)
	}
	if out == nil {
		return src
	}
	return out
}

// MarkersPast returns the offset in line of the first container marker
// (">", "-", "*", "+", "1.", "1)") past the first n that open at its start,
// or -1 when it opens no more than n. A thematic break ("- - - -") opens
// nothing. A renderer that caps nesting per line masks from there
// (MaskMarkers).
func MarkersPast(line string, n int) int {
	if len(line) < 2*n {
		return -1
	}
	depth, i := 0, 0
	for i < len(line) {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			break
		}
		mark := i
		switch c := line[i]; {
		case c == '>':
			i++
		case (c == '-' || c == '*' || c == '+') && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'):
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j == len(line) || (line[j] != '.' && line[j] != ')') || (j+1 < len(line) && line[j+1] != ' ' && line[j+1] != '\t') {
				return -1
			}
			i = j + 1
		default:
			return -1
		}
		if depth++; depth > n {
			if isThematicBreak(line) {
				return -1
			}
			return mark
		}
	}
	return -1
}

// MaskMarkers turns the container markers of line from offset from on
// into text ('x'), up to the first character that is neither a marker nor
// white space: the line keeps its length, and a markdown parser reads no
// container opened there.
func MaskMarkers(line []byte, from int) {
	for i := from; i < len(line); i++ {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
		case c == '>' || c == '-' || c == '*' || c == '+' || c == '.' || c == ')' || (c >= '0' && c <= '9'):
			line[i] = 'x'
		default:
			return
		}
	}
}

// isThematicBreak reports a line of three or more -, * or _ (one kind) and spaces.
func isThematicBreak(line string) bool {
	var kind byte
	n := 0
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case ' ', '\t':
		case '-', '*', '_':
			if kind != 0 && c != kind {
				return false
			}
			kind = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// nestsDeeper reports whether the tree under n holds more than maxNesting
// block quotes and list items inside one another. It walks without
// recursion: the tree may be thousands of levels deep.
func nestsDeeper(n ast.Node) bool {
	level := func(n ast.Node) int {
		if k := n.Kind(); k == ast.KindBlockquote || k == ast.KindListItem {
			return 1
		}
		return 0
	}
	depth := 0
	for c := n; ; {
		if depth += level(c); depth > maxNesting {
			return true
		}
		if f := c.FirstChild(); f != nil {
			c = f
			continue
		}
		for { // leave c, and its parents that have no next sibling
			depth -= level(c)
			if c == n {
				return false
			}
			if next := c.NextSibling(); next != nil {
				c = next
				break
			}
			c = c.Parent()
		}
	}
}

// CapNesting returns markdown that a renderer may be given for md: md
// itself when no block in it nests deeper than 32 levels (block quotes and
// list items), else a copy in which every top-level block that does is a
// fenced code block of its source. Section bodies are kept as written;
// render CapNesting(body), or of any part of it. It costs a scan of the
// line starts, and a block parse only when some line is indented or marked
// past the cap.
func CapNesting(md string) string {
	nest := scanNesting(md)
	if len(nest) == 0 {
		return md
	}
	lim := limitsFor(len(md))
	top := readBlocks([]byte(md), nest, lineCut(md, lim.lines), lim.blocks, time.Now().Add(lim.time))
	if !top.deep {
		return md
	}
	var sb strings.Builder
	sb.Grow(len(md) + 64)
	prev := 0
	for i, tb := range top.blocks {
		if !tb.deep {
			continue
		}
		end := len(md)
		if i+1 < len(top.blocks) {
			end = top.blocks[i+1].start
		}
		sb.WriteString(md[prev:tb.start])
		writeFenced(&sb, md[tb.start:end])
		prev = end
	}
	sb.WriteString(md[prev:])
	return sb.String()
}

// writeFenced writes text as a fenced code block, with a fence of tildes
// longer than any run of them in text, followed by the line ends text
// ended with (so the next block stays apart).
func writeFenced(sb *strings.Builder, text string) {
	run, longest := 0, 0
	for i := 0; i < len(text); i++ {
		if text[i] == '~' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("~", max(3, longest+1))
	body := strings.TrimRight(text, "\n")
	sb.WriteString(fence + "\n" + body + "\n" + fence)
	sb.WriteString(text[len(body):])
}

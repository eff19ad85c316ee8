package briefs

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// maxPlainBlocks bounds the blocks plainBlocks opens: past it, goldmark
// reads the text, under the budget's clock (which it checks every 256
// blocks) as well as its count.
const maxPlainBlocks = 256

// plainBlocks reads the block structure of text made of the simplest
// markdown without goldmark, and returns what goldmark would: paragraphs
// separated by blank lines, simple ATX headings (atxHeading), setext
// headings underlined with = or - at the left margin, bullet lists of "- "
// items, each a paragraph, and fenced code blocks at the left margin. A line of paragraph text qualifies when it
// starts (no indentation) with a letter, a non-ASCII character, a quote, a
// parenthesis, a "|" (no table extension is on), digits not followed by
// "." or ")" (an ordered list), or "**" and a letter or digit (a bold
// lead-in; not a list item, a thematic break or a setext underline).
// Plain-text pastes, memos and most briefs in markdown are all such lines,
// and reading them was a third of their parse.
//
// ok is false, and goldmark must read the text, when a line does not
// qualify, or when the blocks opened reach maxBlocks (goldmark cuts at the
// first line that so much as tries a block once the budget is spent) or
// maxPlainBlocks: the budget's cuts stay goldmark's.
func plainBlocks(src []byte, maxBlocks int) (m mdBlocks, ok bool) {
	var blocks [maxPlainBlocks]topBlock
	n, opened := 0, 0
	// open: what the last line left open: a top-level paragraph (from
	// blocks[n-1].start to the line at blocks[n-1].last), a list whose last
	// item's paragraph is open, or a list after a blank line.
	const (
		none = iota
		para
		list
		listBlank
	)
	open := none
	var fenceChar byte // inside a fenced code block: its fence
	fenceLen := 0
	add := func(cost int, b topBlock) bool {
		if opened += cost; opened >= maxBlocks || n == maxPlainBlocks {
			return false
		}
		blocks[n] = b
		n++
		return true
	}
	for off := 0; off < len(src); {
		end := len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			end = off + i
		}
		line := src[off:end]
		if fenceChar != 0 {
			if closesFence(line, fenceChar, fenceLen) {
				fenceChar = 0
			}
			off = end + 1
			continue
		}
		switch {
		case util.IsBlank(line):
			if open == list {
				open = listBlank
			} else if open == para {
				open = none
			}
		case open == para && setextBar(line):
			// The paragraph is the heading's text: goldmark keeps its first
			// and last lines, trimmed as paragraphParser.Close trims them.
			b := &blocks[n-1]
			h := ast.NewHeading(1)
			if line[0] == '-' {
				h.Level = 2
			}
			if b.last > b.start {
				h.Lines().Append(text.NewSegment(b.start, b.start+bytes.IndexByte(src[b.start:], '\n')+1))
			}
			h.Lines().Append(text.NewSegment(b.last, off-1-util.TrimRightSpaceLength(src[b.last:off-1])))
			h.SetPos(b.start)
			if opened++; opened >= maxBlocks {
				return mdBlocks{}, false
			}
			*b = topBlock{node: h, start: b.start}
			open = none
		case line[0] == '#':
			h := atxHeading(line, off)
			if h == nil || !add(1, topBlock{node: h, start: off}) {
				return mdBlocks{}, false
			}
			open = none
		case line[0] == '`' || line[0] == '~':
			c, n := opensFence(line)
			if n == 0 || open == list || open == listBlank {
				return mdBlocks{}, false
			}
			f := ast.NewFencedCodeBlock(nil)
			f.SetPos(off)
			if !add(1, topBlock{node: f, start: off}) {
				return mdBlocks{}, false
			}
			fenceChar, fenceLen, open = c, n, none
		case len(line) > 2 && line[0] == '-' && line[1] == ' ' && plainLine(line[2:]):
			if open == list || open == listBlank { // the list's next item, and its paragraph
				if opened += 2; opened >= maxBlocks {
					return mdBlocks{}, false
				}
			} else { // a list (it interrupts a paragraph), its item and paragraph
				l := ast.NewList('-')
				l.SetPos(off)
				if !add(3, topBlock{node: l, start: off}) {
					return mdBlocks{}, false
				}
			}
			open = list
		case !plainLine(line):
			return mdBlocks{}, false
		case open == para:
			blocks[n-1].last = off
		case open == list: // a lazy continuation of the item's paragraph
		default:
			if !add(1, topBlock{start: off, last: off}) {
				return mdBlocks{}, false
			}
			open = para
		}
		off = end + 1
	}
	m.blocks = make([]topBlock, n)
	copy(m.blocks, blocks[:n])
	m.stop = -1
	return m, true
}

// opensFence reads the fence of a line opening a fenced code block at the
// left margin: three or more backticks (and no backtick in the info string
// after them) or tildes. n is 0 when the line opens none.
func opensFence(line []byte) (c byte, n int) {
	c = line[0]
	for n < len(line) && line[n] == c {
		n++
	}
	if n < 3 || c == '`' && bytes.IndexByte(line[n:], '`') >= 0 {
		return 0, 0
	}
	return c, n
}

// closesFence reports whether a line closes a fenced code block opened with
// n of c: indented less than four columns, at least n of c, then only white
// space. A tab in the indentation reaches the fourth column.
func closesFence(line []byte, c byte, n int) bool {
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	if i >= 4 || i < len(line) && line[i] == '\t' {
		return false
	}
	j := i
	for j < len(line) && line[j] == c {
		j++
	}
	return j-i >= n && util.IsBlank(line[j:])
}

// setextBar reports whether a line is a setext underline at the left
// margin: a run of = or of -, then only white space.
func setextBar(line []byte) bool {
	c := line[0]
	if c != '=' && c != '-' {
		return false
	}
	i := 1
	for i < len(line) && line[i] == c {
		i++
	}
	return util.IsBlank(line[i:])
}

// plainLine reports whether a line, not blank, can only be the text of a
// paragraph, whatever comes before or after it (see plainBlocks).
func plainLine(line []byte) bool {
	c := line[0]
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= 0x80, c == '"', c == '\'', c == '(', c == '|':
		return true
	case c >= '0' && c <= '9':
		i := 1
		for i < len(line) && line[i] >= '0' && line[i] <= '9' {
			i++
		}
		return i == len(line) || (line[i] != '.' && line[i] != ')')
	case c == '*':
		if len(line) < 3 || line[1] != '*' {
			return false
		}
		c = line[2]
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
	}
	return false
}

// atxHeading returns the heading goldmark reads from a line starting with
// "#", at offset off, when the line is a simple one: one to six #s, a space
// or a tab, and a title holding no # (which could close the heading) and no
// backslash. Otherwise it returns nil.
func atxHeading(line []byte, off int) *ast.Heading {
	level := 0
	for level < len(line) && line[level] == '#' {
		level++
	}
	if level > 6 || level == len(line) || (line[level] != ' ' && line[level] != '\t') {
		return nil
	}
	if bytes.IndexByte(line[level:], '#') >= 0 || bytes.IndexByte(line[level:], '\\') >= 0 {
		return nil
	}
	start := level + util.TrimLeftSpaceLength(line[level:])
	stop := len(line) - util.TrimRightSpaceLength(line)
	if start >= stop {
		return nil
	}
	h := ast.NewHeading(level)
	h.Lines().Append(text.NewSegment(off+start, off+stop))
	h.SetPos(off)
	return h
}

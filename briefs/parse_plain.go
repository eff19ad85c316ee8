package briefs

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// maxPlainBlocks bounds the paragraphs plainBlocks reads: past it, goldmark
// reads the text, under the budget's clock (which it checks every 256
// blocks) as well as its count.
const maxPlainBlocks = 256

// plainBlocks reads the block structure of text in which no line can start
// a markdown block, without goldmark: such text is paragraphs separated by
// blank lines, and goldmark would find exactly those. A line qualifies when
// it starts (no indentation) with a letter, a non-ASCII character, a quote,
// a parenthesis, a "|" (no table extension is on), digits not followed by "." or ")" (an ordered list), or
// "**" and a letter or digit (a bold lead-in; not a list item, a thematic
// break or a setext underline). Plain-text pastes and memos, a good part of
// any library, are all such lines; reading them was a third of their parse.
// ok is false, and goldmark must read the text, when a line does not
// qualify, or when the blocks reach maxBlocks (goldmark cuts at the first
// line that so much as tries a block after the budget is spent) or
// maxPlainBlocks: the budget's cuts stay goldmark's.
func plainBlocks(src []byte, maxBlocks int) (m mdBlocks, ok bool) {
	var blocks [maxPlainBlocks]topBlock
	n := 0
	open := false
	for off := 0; off < len(src); {
		end := len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			end = off + i
		}
		line := src[off:end]
		var h *ast.Heading
		switch {
		case util.IsBlank(line):
			open = false
			off = end + 1
			continue
		case line[0] == '#':
			if h = atxHeading(line, off); h == nil {
				return mdBlocks{}, false
			}
		case !plainLine(line):
			return mdBlocks{}, false
		}
		switch {
		case h != nil: // a heading closes a paragraph, and is a block of one line
			if n+1 >= maxBlocks || n == maxPlainBlocks {
				return mdBlocks{}, false
			}
			blocks[n] = topBlock{node: h, start: off}
			n++
			open = false
		case open:
			blocks[n-1].last = off
		default:
			if n+1 >= maxBlocks || n == maxPlainBlocks {
				return mdBlocks{}, false
			}
			blocks[n] = topBlock{start: off, last: off}
			n++
			open = true
		}
		off = end + 1
	}
	m.blocks = make([]topBlock, n)
	copy(m.blocks, blocks[:n])
	m.stop = -1
	return m, true
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

package ui

import (
	"strings"

	"github.com/briefing-dev/briefing/briefs"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// This file cuts a section body into the pieces glamour renders one call
// at a time, and estimates what each call will cost before it is made.
// glamour cannot be interrupted, and several shapes of markdown make it
// superlinear: list and quote nesting (time ~ lines x depth^2), runs of
// emphasis delimiters that never close (~ delimiters^2 per paragraph), code
// blocks (it concatenates their lines one by one: ~ bytes x lines) and very
// wide tables. A piece whose estimate is past the budget is not given to
// glamour: it is split where that keeps the output the same (list items,
// lines of a fenced code block), or shown as plain wrapped text.

// blockParser splits section bodies into top-level blocks. It is the
// CommonMark block parser glamour itself uses, so a block here is a block
// there; without inline parsers, parsing is linear in the text whatever its
// emphasis or links.
var blockParser = parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
)

// scanWindow is how much of a body one block parse reads: the block tree of
// a window is what a piece's estimate is made from, so its memory is bounded
// by the window rather than by the body (two million one-line paragraphs).
const scanWindow = 64 << 10

// maxMarkers is how many container markers (">", "-", "1." …) one line may
// open before the block scanner reads the rest of them as text: goldmark's
// block parser takes time quadratic in the markers of one line. A block
// nested that deep is shown as plain text.
const maxMarkers = 16

// maxDepth is how deep lists and quotes may nest in a piece given to
// glamour: each level wraps every line of the levels inside it again.
const maxDepth = 12

// maxTableColumns is the widest table given to glamour: its layout time
// grows faster than the columns, and no terminal shows so many.
const maxTableColumns = 64

// block is one top-level block of a body as the scanner found it: its
// source span and what its estimate needs.
type block struct {
	start, end int // byte offsets in the body, trailing blank lines cut
	nodes      []ast.Node
	src        []byte // the window the nodes point into
	base       int    // the window's offset in the body
	deep       bool   // a line opened more than maxMarkers containers
	// cut is set for a block longer than maxBlockWindow, read in parts:
	// nodes hold its first window only. A list is cut between items and
	// each part is a block; a fenced code block ends at its closing fence
	// (found by scanning lines); anything else ends at a blank line, and
	// is shown as plain text.
	cut bool
}

// maxBlockWindow is the longest window a block is parsed in: past it, the
// block's tree would cost memory in proportion to the block (a 4 MB list of
// nested items is a million nodes), and its first screen would wait for
// all of it.
const maxBlockWindow = 4 * scanWindow

// blockScanner yields the top-level blocks of a body in order, one parse
// window at a time.
type blockScanner struct {
	body   string
	pos    int // where the next window starts: the body's start or a block's
	window int
}

func newBlockScanner(body string) *blockScanner {
	return &blockScanner{body: body, window: scanWindow}
}

// next returns the next blocks of the body, or nil when there are no more.
// A window's last block may go on past it: it is read again, as the first
// block of the next window. A window holding a single unfinished block is
// doubled, so a block of any length costs at most twice its parse.
func (s *blockScanner) next() []block {
	for s.pos < len(s.body) {
		end := len(s.body)
		if s.pos+s.window < end {
			end = lineEndAfter(s.body, s.pos+s.window)
		}
		last := end == len(s.body)
		src, masked := maskDeep(s.body[s.pos:end])
		doc := blockParser.Parse(text.NewReader(src))
		all, nodes := blockStarts(doc, s.body[s.pos:end])
		starts := all
		if !last {
			if len(all) <= 1 {
				if s.window < maxBlockWindow && end-s.pos < maxBlockWindow { // (one line may be longer)
					s.window *= 2
					continue
				}
				if bl, ok := s.cutBlock(doc, src, end, masked); ok {
					return []block{bl}
				}
				s.window *= 2 // nothing to cut (blank lines only): read on
				continue
			}
			starts = all[:len(all)-1]
		}
		out := make([]block, 0, len(starts))
		for i, st := range starts {
			e := end - s.pos
			if i+1 < len(all) {
				e = all[i+1]
			}
			a, z := trimSpan(s.body[s.pos:], st, e)
			if a >= z {
				continue
			}
			out = append(out, block{
				start: s.pos + a, end: s.pos + z, nodes: nodes[i], src: src, base: s.pos,
				deep: hasMaskedIn(masked, st, e),
			})
		}
		if last {
			s.pos = len(s.body)
		} else {
			s.pos += all[len(all)-1]
		}
		s.window = scanWindow
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// cutBlock returns the block at s.pos that goes on past the window
// s.body[s.pos:end], whose tree is doc over src, without parsing the rest of
// it (see block.cut), and moves s.pos past what it returns.
func (s *blockScanner) cutBlock(doc ast.Node, src []byte, end int, masked []int) (block, bool) {
	win := s.body[s.pos:end]
	first := doc.FirstChild()
	if first == nil {
		return block{}, false
	}
	bl := block{start: s.pos, nodes: []ast.Node{first}, src: src, base: s.pos, cut: true, deep: len(masked) > 0}
	stop := len(s.body)
	switch n := first.(type) {
	case *ast.List:
		items, _ := blockStarts(n, win)
		if len(items) < 2 {
			return block{}, false // one item longer than the window: read on
		}
		stop = s.pos + items[len(items)-1] // the last item may go on past the window
	case *ast.FencedCodeBlock:
		stop = fenceEnd(s.body, s.pos)
	default:
		if i := strings.Index(s.body[s.pos:], "\n\n"); i >= 0 {
			stop = s.pos + i + 1
		}
	}
	a, z := trimSpan(s.body, s.pos, stop)
	if a >= z {
		return block{}, false
	}
	bl.start, bl.end = a, z
	s.pos, s.window = stop, scanWindow
	return bl, true
}

// fenceEnd is where the fenced code block whose opening fence is the first
// non-blank line of s[from:] ends: after its closing fence line, or at the
// end of s. It reads lines, nothing else: linear in the block.
func fenceEnd(s string, from int) int {
	i := from
	for i < len(s) && (s[i] == '\n' || s[i] == '\r') {
		i++
	}
	open := s[i:lineEndAfter(s, i)]
	open = strings.TrimRight(strings.TrimLeft(open, " "), "\r\n")
	if open == "" || (open[0] != '`' && open[0] != '~') {
		return len(s)
	}
	c := open[:1]
	n := len(open) - len(strings.TrimLeft(open, c))
	for i = lineEndAfter(s, i); i < len(s); {
		next := lineEndAfter(s, i)
		l := strings.TrimSpace(s[i:next])
		if len(l) >= n && strings.Trim(l, c) == "" && len(s[i:next])-len(strings.TrimLeft(s[i:next], " ")) < 4 {
			return next
		}
		i = next
	}
	return len(s)
}

// blockStarts returns where each child block of parent (the top-level
// blocks of a document, the items of a list) starts in body (the start of
// its first line; for fenced code, the fence line) and the nodes that make
// it up. A node with no text of its own (a thematic break, an
// empty fenced block) joins the block before it, and what comes before the
// first block belongs to it.
func blockStarts(parent ast.Node, body string) ([]int, [][]ast.Node) {
	var starts []int
	var nodes [][]ast.Node
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		at, ok := firstSegment(n)
		if !ok {
			if len(nodes) > 0 {
				nodes[len(nodes)-1] = append(nodes[len(nodes)-1], n)
			}
			continue
		}
		ls := strings.LastIndexByte(body[:at], '\n') + 1
		if n.Kind() == ast.KindFencedCodeBlock && ls > 0 {
			// The opening fence is the line before the code.
			ls = strings.LastIndexByte(body[:ls-1], '\n') + 1
		}
		if len(starts) > 0 && ls <= starts[len(starts)-1] {
			nodes[len(nodes)-1] = append(nodes[len(nodes)-1], n)
			continue
		}
		starts = append(starts, ls)
		nodes = append(nodes, []ast.Node{n})
	}
	if len(starts) > 0 {
		starts[0] = 0 // anything before the first block (blank lines) belongs to it
	}
	return starts, nodes
}

// trimSpan cuts the blank lines at both ends of body[a:z].
func trimSpan(body string, a, z int) (int, int) {
	for z > a && (body[z-1] == '\n' || body[z-1] == ' ' || body[z-1] == '\t' || body[z-1] == '\r') {
		z--
	}
	for a < z && (body[a] == '\n' || body[a] == '\r') {
		a++
	}
	return a, z
}

// lineEndAfter is the offset just past the end of the line holding s[i].
func lineEndAfter(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(s)
}

// blockSpans returns the byte ranges of the top-level blocks of a markdown
// body: each from the start of its first line to just before the next block,
// trailing blank lines cut. Ranges cover list markers, fences and quote
// markers because they start at line starts.
func blockSpans(body string) [][2]int {
	var spans [][2]int
	for s := newBlockScanner(body); ; {
		bs := s.next()
		if bs == nil {
			return spans
		}
		for _, b := range bs {
			spans = append(spans, [2]int{b.start, b.end})
		}
	}
}

// firstSegment is the source offset of the first text line of a block or
// of its first descendant that has lines.
func firstSegment(n ast.Node) (int, bool) {
	if n.Kind() == ast.KindFencedCodeBlock && n.Lines().Len() == 0 {
		return 0, false // an empty fenced block: it joins the block before it
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start, true
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() != ast.TypeBlock {
			continue
		}
		if at, ok := firstSegment(c); ok {
			return at, true
		}
	}
	return 0, false
}

// maskDeep returns text for the block parser: s, or a copy of the same
// length in which, on each line that opens more than maxMarkers containers,
// the markers past them read as text ('x'). It also returns the offsets of
// the lines it changed.
func maskDeep(s string) ([]byte, []int) {
	src := []byte(s)
	var masked []int
	for start := 0; start < len(src); {
		end := len(src)
		if j := strings.IndexByte(s[start:], '\n'); j >= 0 {
			end = start + j
		}
		if cut := briefs.MarkersPast(s[start:end], maxMarkers); cut >= 0 {
			masked = append(masked, start)
			briefs.MaskMarkers(src[start:end], cut)
		}
		start = end + 1
	}
	return src, masked
}

// hasMaskedIn reports whether a masked line starts in [a, z).
func hasMaskedIn(masked []int, a, z int) bool {
	for _, m := range masked {
		if m >= a && m < z {
			return true
		}
	}
	return false
}

package briefs

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// One brief must never hold the others back, whatever its shape: a file of
// two million one-letter paragraphs or of 100,000 headings costs what a
// normal brief of its size costs, and past a budget the work is cut. What is
// past the budget is not lost: the sections found so far are kept, the rest
// of the text stays, as written, at the end of the last section (or in the
// lead), and a warning says from which line on.
//
// Real briefs are far from every budget: a brief of 5 KB has a few dozen
// blocks, and one of 1 MB some ten thousand, with lines of 40 bytes or more.
const (
	// budgetBytes is the text a budgeted unit (a line read, a block opened)
	// needs: goldmark spends some 25 bytes per line of a block (more while
	// its slices grow) and 150 to 300 per block, so one unit per 16 bytes of
	// brief keeps a parse's memory within about 20 times the file.
	budgetBytes = 16
	minBudget   = 4096    // units allowed to any brief, however short
	maxLines    = 250_000 // lines of markdown read, at most
	maxBlocks   = 100_000 // markdown blocks (paragraphs, headings, list items...) opened, at most
	maxSections = 1000    // sections kept after the lead; more would be noise in the contents and the digest
	maxParse    = 2 * time.Second
)

// limits is one parse's budget. Tests shrink it to reach every cut.
type limits struct {
	lines, blocks, sections int
	time                    time.Duration
}

// limitsFor is the budget of a body of n bytes.
func limitsFor(n int) limits {
	unit := max(minBudget, n/budgetBytes)
	return limits{
		lines:    min(unit, maxLines),
		blocks:   min(unit, maxBlocks),
		sections: maxSections,
		time:     maxParse,
	}
}

// cutReason says why splitting stopped early, for the warning.
func (l limits) cutReason(why string) string {
	switch why {
	case "lines":
		return fmt.Sprintf("more than %d lines", l.lines)
	case "blocks":
		return fmt.Sprintf("more than %d markdown blocks (paragraphs, headings, list items)", l.blocks)
	case "sections":
		return fmt.Sprintf("more than %d sections", l.sections)
	}
	return fmt.Sprintf("splitting took longer than %v", l.time)
}

// cutWarning is the warning for a split cut at line (1-based, in the file).
func cutWarning(reason string, line int) string {
	return fmt.Sprintf("%s: from line %d on, the text is not split into sections but kept, as written, at the end of the last section", reason, line)
}

// blockBudget is one parse's state shared by the block parsers below through
// the goldmark parser context (the parser itself is shared by every parse).
type blockBudget struct {
	blocks   int       // blocks opened so far
	max      int       // blocks allowed
	deadline time.Time // past it, no block opens
	late     bool      // past the deadline
	stop     int       // offset where a block was first refused; -1: none
	why      string    // "blocks" or "time"

	// paras are the top-level paragraphs, taken out of the tree as they
	// close: [offset of the first line, offset of the last line]. A brief is
	// mostly top-level paragraphs, and taking them out lets their nodes be
	// reused (free): a one-letter paragraph no longer costs two nodes of 160
	// bytes each, which was 650 MB for a file of two million of them.
	paras [][2]int
	free  []*ast.Paragraph
}

var budgetKey = parser.NewContextKey()

func budgetOf(pc parser.Context) *blockBudget {
	b, _ := pc.Get(budgetKey).(*blockBudget)
	return b
}

// spent reports whether the budget is spent, so that no block may open at
// the reader's line, and records where it ran out.
func (b *blockBudget) spent(reader text.Reader) bool {
	switch {
	case b.stop >= 0:
		return true
	case b.blocks >= b.max:
		b.why = "blocks"
	case b.late:
		b.why = "time"
	default:
		return false
	}
	_, seg := reader.Position()
	b.stop = seg.Start
	return true
}

// opened counts a block opened, and looks at the clock now and then.
func (b *blockBudget) opened() {
	if b.blocks++; b.blocks&255 == 0 && time.Now().After(b.deadline) {
		b.late = true
	}
}

// paragraph returns a paragraph node, a reused one when there is one.
func (b *blockBudget) paragraph() *ast.Paragraph {
	if n := len(b.free); n > 0 {
		p := b.free[n-1]
		b.free = b.free[:n-1]
		return p
	}
	return ast.NewParagraph()
}

// recycle keeps p, out of the tree and closed, for reuse; its lines keep
// their storage.
func (b *blockBudget) recycle(p *ast.Paragraph) {
	lines := *p.Lines()
	lines.SetSliced(0, 0)
	*p = ast.Paragraph{}
	p.SetLines(&lines)
	b.free = append(b.free, p)
}

// budgeted is a goldmark block parser that opens no block once the parse's
// budget is spent: goldmark then closes what is open and stops.
type budgeted struct{ parser.BlockParser }

func (p budgeted) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	b := budgetOf(pc)
	if b == nil {
		return p.BlockParser.Open(parent, reader, pc)
	}
	// A list opened on this line must get its first item: goldmark's list
	// parser takes every list to have one.
	firstItem := parent.Kind() == ast.KindList && parent.ChildCount() == 0
	if !firstItem && b.spent(reader) {
		return nil, parser.NoChildren
	}
	n, state := p.BlockParser.Open(parent, reader, pc)
	if n != nil {
		b.opened()
	}
	return n, state
}

// Continue keeps at most two lines of a block: goldmark keeps every line of
// a code or an HTML block (32 bytes each, in a slice it grows again and
// again), and the split looks at none of them. goldmark's HTML block parser
// compares the count of lines with one, so two stay.
func (p budgeted) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	state := p.BlockParser.Continue(node, reader, pc)
	if lines := node.Lines(); lines.Len() > 2 {
		lines.SetSliced(0, 2)
	}
	return state
}

// budgetedParsers are goldmark's CommonMark block parsers, budgeted, with
// paragraphs read by paragraphParser.
func budgetedParsers() []util.PrioritizedValue {
	ps := parser.DefaultBlockParsers()
	for i, p := range ps {
		if p.Priority == 1000 { // goldmark's paragraph parser
			ps[i].Value = paragraphParser{}
			continue
		}
		ps[i].Value = budgeted{p.Value.(parser.BlockParser)}
	}
	return ps
}

// paragraphParser is goldmark's paragraph parser, budgeted, taking its nodes
// from the parse's free list and keeping only a paragraph's first and last
// lines. Unlike goldmark's, its Close never removes a paragraph: only link
// reference definitions, which are not read here, can leave one without lines.
type paragraphParser struct{}

func (paragraphParser) Trigger() []byte { return nil }

func (paragraphParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	if util.IsBlank(line) {
		return nil, parser.NoChildren
	}
	var n *ast.Paragraph
	if b := budgetOf(pc); b != nil {
		if b.spent(reader) {
			return nil, parser.NoChildren
		}
		b.opened()
		n = b.paragraph()
	} else {
		n = ast.NewParagraph()
	}
	n.Lines().Append(seg)
	reader.AdvanceToEOL()
	return n, parser.NoChildren
}

func (paragraphParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, seg := reader.PeekLine()
	if util.IsBlank(line) {
		return parser.Close
	}
	if b := budgetOf(pc); b != nil && b.stop >= 0 {
		return parser.Close // spent: let goldmark wind down
	}
	// The first and the last line are all the split needs (a setext
	// heading's title is read from the text between them): keeping every
	// line cost 32 bytes a line, in a slice grown again and again.
	if lines := node.Lines(); lines.Len() < 2 {
		lines.Append(seg)
	} else {
		lines.Set(1, seg)
	}
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (paragraphParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		lines.Set(i, seg.TrimLeftSpace(reader.Source()))
	}
	if n := lines.Len(); n > 0 {
		seg := lines.At(n - 1)
		lines.Set(n-1, seg.TrimRightSpace(reader.Source()))
	}
}

func (paragraphParser) CanInterruptParagraph() bool { return false }
func (paragraphParser) CanAcceptIndentedLine() bool { return false }

// topBlock is one top-level markdown block: a goldmark node, or (node nil) a
// top-level paragraph taken out of the tree.
type topBlock struct {
	node  ast.Node
	start int  // offset of the line it starts on
	last  int  // a paragraph's: offset in its last line
	deep  bool // it nests deeper than maxNesting
}

// mdBlocks is the top-level block structure of a text.
type mdBlocks struct {
	blocks []topBlock
	stop   int    // offset where the block budget ran out; -1: it did not
	why    string // "blocks" or "time"
	deep   bool   // some block nests deeper than maxNesting, or may (not read)
	nested bool   // some block was seen to nest deeper than maxNesting
}

// lineCut is the offset where line number n (from 0) of s starts, or len(s):
// goldmark reads the text before it.
func lineCut(s string, n int) int {
	off := 0
	for range n {
		i := strings.IndexByte(s[off:], '\n')
		if i < 0 {
			return len(s)
		}
		off += i + 1
	}
	return off
}

// readBlocks reads the top-level blocks of src[:cut] with goldmark, within
// a budget of blocks and time, and marks those nesting deeper than
// maxNesting, given nest, the lines of all of src that may (scanNesting).
// The last block reaches to the end of src: when the text was cut short, it
// is deep if any line not read may be.
func readBlocks(src []byte, nest []nestLine, cut, maxBlocks int, deadline time.Time) mdBlocks {
	if len(nest) == 0 {
		if m, ok := plainBlocks(src[:cut], maxBlocks); ok {
			return m
		}
	}
	return readMarkdownBlocks(src, nest, cut, maxBlocks, deadline)
}

// readMarkdownBlocks is readBlocks with goldmark, whatever the text.
func readMarkdownBlocks(src []byte, nest []nestLine, cut, maxBlocks int, deadline time.Time) mdBlocks {
	bud := &blockBudget{max: maxBlocks, deadline: deadline, stop: -1}
	pc := parser.NewContext()
	pc.Set(budgetKey, bud)
	root := mdParser().Parse(text.NewReader(capNesting(src[:cut], nest)), parser.WithContext(pc))

	m := mdBlocks{stop: bud.stop, why: bud.why}
	m.blocks = make([]topBlock, 0, root.ChildCount()+len(bud.paras))
	k := 0
	paras := func(before int) { // the paragraphs that start before offset before
		for ; k < len(bud.paras) && bud.paras[k][0] < before; k++ {
			m.blocks = append(m.blocks, topBlock{start: lineStart(src, bud.paras[k][0]), last: bud.paras[k][1]})
		}
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		start := 0
		if len(m.blocks) > 0 {
			start = m.blocks[len(m.blocks)-1].start
		}
		if p := n.Pos(); p >= 0 {
			paras(p)
			start = lineStart(src, p)
		}
		m.blocks = append(m.blocks, topBlock{node: n, start: start})
	}
	paras(len(src) + 1)

	read := cut // lines from here on were not read into blocks
	if bud.stop >= 0 {
		read = min(read, lineStart(src, bud.stop))
	}
	j := 0
	for i := range m.blocks {
		b := &m.blocks[i]
		end := len(src)
		if i+1 < len(m.blocks) {
			end = m.blocks[i+1].start
		}
		suspect := false
		for ; j < len(nest) && nest[j].off < end; j++ {
			switch {
			case nest[j].off < b.start: // white space before the first block
			case nest[j].capped:
				b.deep, m.nested = true, true
			case nest[j].off >= read:
				b.deep = true
			default:
				suspect = true
			}
		}
		if !b.deep && suspect && b.node != nil {
			b.deep = nestsDeeper(b.node)
			m.nested = m.nested || b.deep
		}
		m.deep = m.deep || b.deep
	}
	return m
}

// lineStart is the offset where the line holding offset off starts.
func lineStart(src []byte, off int) int {
	return bytes.LastIndexByte(src[:min(off, len(src))], '\n') + 1
}

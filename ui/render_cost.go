package ui

import "github.com/yuin/goldmark/ast"

// cost is an estimate of what one glamour call on a piece will take, from
// the piece's block tree: a sum of terms, one per way glamour's time grows.
type cost struct {
	layout  int64 // lines glamour lays out, each width cells, weighted by (depth+1)^2
	bytes   int64 // text
	delims  int64 // per paragraph, (emphasis delimiters)^2
	special int64 // characters that start inline markup: brackets, backticks, '<', '&', '\'
	code    int64 // per code block, bytes x lines / 2: glamour joins its lines one by one
	codeB   int64 // bytes of code: highlighting costs far more per byte than text
	cells   int64 // cells of lines holding '|' (a table's rows x columns)
	depth   int   // deepest nesting of lists and quotes
	columns int   // most '|' on one line of a paragraph (a table's columns)
}

// The weights of the terms, in nanoseconds per unit: one glamour call on
// each shape of BenchmarkRenderPatho at 2-64 KB, divided by its term, the
// slowest shape of each term rounded up (measured on a shared 2-core
// machine: the estimate errs on the slow side). For example 64 KB of
// paragraph text took 18 ms (280 ns/byte), 8-deep lists 195 ns per laid
// out cell, a link 10 us, code 3.2 us/byte, a table cell 12-18 us.
const (
	nsLayout  = 200
	nsByte    = 300
	nsDelim   = 1
	nsSpecial = 10_000
	nsCode    = 1 // 0.12 fits 5 MB of code (78 s), where bytes x lines rules
	nsCodeB   = 3_200
	nsCell    = 20_000
)

// nanos is the estimate in nanoseconds.
func (c cost) nanos() int64 {
	return c.layout*nsLayout + c.bytes*nsByte + c.delims*nsDelim + c.special*nsSpecial +
		c.code*nsCode + c.codeB*nsCodeB + c.cells*nsCell
}

func (c *cost) add(o cost) {
	c.layout += o.layout
	c.bytes += o.bytes
	c.delims += o.delims
	c.special += o.special
	c.code += o.code
	c.codeB += o.codeB
	c.cells += o.cells
	c.depth = max(c.depth, o.depth)
	c.columns = max(c.columns, o.columns)
}

// reason names what makes c expensive, for the warning.
func (c cost) reason() string {
	switch {
	case c.depth > maxDepth:
		return "lists or quotes nested too deep"
	case c.columns > maxTableColumns:
		return "a table too wide"
	}
	terms := []struct {
		ns   int64
		what string
	}{
		{c.layout * nsLayout, "a block too long"},
		{c.bytes * nsByte, "a block too long"},
		{c.delims * nsDelim, "too many emphasis marks"},
		{c.special * nsSpecial, "too much inline markup"},
		{c.code*nsCode + c.codeB*nsCodeB, "a code block too long"},
		{c.cells * nsCell, "a table too large"},
	}
	best := terms[0]
	for _, t := range terms[1:] {
		if t.ns > best.ns {
			best = t
		}
	}
	return best.what
}

// measure estimates the cost of rendering nodes (one block's top-level
// nodes, or one list item) at width. src is the text the nodes point into.
// It walks the tree without recursion: nesting can be deep.
func measure(nodes []ast.Node, src []byte, width int) cost {
	var c cost
	type frame struct {
		n     ast.Node
		depth int
	}
	var stack []frame
	for i := len(nodes) - 1; i >= 0; i-- {
		stack = append(stack, frame{nodes[i], 0})
	}
	w := int64(max(width, minRenderWidth))
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		d := f.depth
		if k := f.n.Kind(); k == ast.KindBlockquote || k == ast.KindListItem {
			d++
			c.depth = max(c.depth, d)
			if k == ast.KindListItem {
				c.layout += w * int64((d+1)*(d+1)) // its marker line
			}
		}
		if f.n.Type() == ast.TypeBlock && f.n.Lines().Len() > 0 {
			c.add(measureLeaf(f.n, src, d, w))
		}
		for ch := f.n.LastChild(); ch != nil; ch = ch.PreviousSibling() {
			if ch.Type() == ast.TypeBlock {
				stack = append(stack, frame{ch, d})
			}
		}
	}
	return c
}

// measureLeaf is the cost of a block that holds lines of text: a paragraph,
// a heading, a code or HTML block, at nesting depth d and width w.
func measureLeaf(n ast.Node, src []byte, d int, w int64) cost {
	var c cost
	lines := n.Lines()
	nl := int64(lines.Len())
	c.layout = nl * w * int64((d+1)*(d+1))
	code := n.Kind() == ast.KindCodeBlock || n.Kind() == ast.KindFencedCodeBlock
	var delims int64
	for i := range lines.Len() {
		seg := lines.At(i)
		c.bytes += int64(seg.Stop - seg.Start)
		if code {
			continue
		}
		pipes := 0
		for _, ch := range src[seg.Start:seg.Stop] {
			switch ch {
			case '*', '_', '~':
				delims++
			case '[', ']', '`', '<', '&', '\\', '!':
				c.special++
			case '|':
				pipes++
			}
		}
		c.columns = max(c.columns, pipes)
		if pipes > 0 {
			c.cells += int64(pipes + 1)
		}
	}
	if code {
		c.code = c.bytes * nl / 2
		c.codeB = c.bytes
	}
	c.delims = delims * delims
	return c
}

package briefs

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Parse splits one brief file into metadata and sections following
// docs/format.md, with the default label vocabulary. path is used for the
// fallback title only; the caller sets Path, Hash, ModTime and Size, and ID
// when the front matter has none. Parse never panics and never fails: problems
// are returned as warnings (also stored in Brief.Warnings). Its cost is linear
// in the size of data, whatever its shape: past a budget of lines, blocks,
// sections and time (parse_budget.go) the rest of the text is kept, unsplit,
// at the end of the last section, with a warning.
func Parse(path string, data []byte) (*Brief, []string) {
	return ParseWith(path, data, nil)
}

// ParseWith is Parse with a caller's vocabulary (the default one plus labels
// from the config file, say). A nil v means DefaultVocabulary.
func ParseWith(path string, data []byte, v *Vocabulary) (*Brief, []string) {
	r := parse(path, data, v)
	for i := range r.brief.Sections {
		sec := &r.brief.Sections[i]
		if len(r.spans) == len(r.brief.Sections) {
			sec.Start, sec.End = r.spans[i][0], r.spans[i][1]
		} else { // the parse gave up and kept the text as one block
			sec.Start, sec.End = 0, len(r.brief.Raw)
		}
	}
	return r.brief, r.brief.Warnings
}

// parseResult is a Brief plus what the fuzz test needs to check that no text
// was dropped or duplicated.
type parseResult struct {
	brief        *Brief
	frontMatter  string   // the front-matter block with its delimiter lines, as in Raw
	consumed     string   // text of a consumed H1 or headline line ("" when none)
	displayTitle bool     // Title was cut from the first sentence (text duplicated on purpose)
	spans        [][2]int // per section, its heading and body as offsets into Raw
}

// mdParser is goldmark with its CommonMark block parsers only. Inline parsing
// (emphasis, links, code spans) is left out: sections are cut from the source
// by line, and nothing inside a paragraph can start or hide a heading.
// A goldmark parser is safe for concurrent Parse calls once built.
var mdParser = sync.OnceValue(func() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(budgetedParsers()...),
		parser.WithParagraphTransformers(util.Prioritized(rawParagraphs{}, 100)),
	)
})

// rawParagraph stands in for a closed paragraph. It is raw, so
// goldmark's inline pass, which walks every byte of every paragraph even with
// no inline parsers (over 40% of Parse time), skips it. It holds the same lines.
type rawParagraph struct{ ast.BaseBlock }

var kindRawParagraph = ast.NewNodeKind("BriefParagraph")

func (n *rawParagraph) Kind() ast.NodeKind { return kindRawParagraph }
func (n *rawParagraph) IsRaw() bool        { return true }
func (n *rawParagraph) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

// rawParagraphs takes a top-level paragraph out of the tree when it closes,
// noting where it is, so that its node can be reused; it swaps a nested one
// for a rawParagraph. Only closed blocks change, and goldmark decides how
// later lines continue or interrupt blocks from the open ones, so the block
// structure is the same. goldmark also runs paragraph transformers when a
// setext underline turns a paragraph into a heading, and a transformed
// paragraph would make it give up on the heading: so a paragraph closed by
// an underline line is left alone.
type rawParagraphs struct{}

func (rawParagraphs) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	parent := p.Parent()
	if parent == nil || p.Lines().Len() == 0 {
		return
	}
	if line, _ := reader.PeekLine(); isSetextUnderline(line) {
		return
	}
	if b := budgetOf(pc); b != nil && parent.Kind() == ast.KindDocument {
		lines := p.Lines()
		b.paras = append(b.paras, [2]int{lines.At(0).Start, lines.At(lines.Len() - 1).Start})
		parent.RemoveChild(parent, p)
		b.recycle(p)
		return
	}
	n := &rawParagraph{}
	n.SetLines(p.Lines())
	n.SetPos(p.Pos())
	n.SetBlankPreviousLines(p.HasBlankPreviousLines())
	parent.ReplaceChild(parent, p, n)
}

// isSetextUnderline mirrors CommonMark: up to 3 spaces, a run of = or of -,
// then only spaces.
func isSetextUnderline(line []byte) bool {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	if i == len(line) || (line[i] != '=' && line[i] != '-') {
		return false
	}
	c := line[i]
	for i < len(line) && line[i] == c {
		i++
	}
	for ; i < len(line); i++ {
		if line[i] != ' ' && line[i] != '\t' && line[i] != '\n' && line[i] != '\r' {
			return false
		}
	}
	return true
}

func parse(path string, data []byte, v *Vocabulary) parseResult {
	return parseLimited(path, data, v, limits{})
}

// parseLimited is parse with a budget; the zero limits mean the budget of
// the file's size (limitsFor).
func parseLimited(path string, data []byte, v *Vocabulary, lim limits) (r parseResult) {
	start := time.Now()
	if v == nil {
		v = defaultVocab()
	}
	b := &Brief{}
	r.brief = b
	defer func() {
		// Last line of defence: a bug here or in a dependency must cost one
		// brief its sections, not stop the loader.
		if p := recover(); p != nil {
			b.Sections = nil
			if strings.TrimSpace(b.Raw) != "" {
				b.Sections = []Section{{Kind: KindLead, Body: b.Raw}}
			}
			b.Warnings = append(b.Warnings, fmt.Sprintf("parse: internal error (%v); text shown as one block", p))
		}
	}()

	buf, warns := decode(data)
	b.Raw = string(buf)
	fm, w := splitFrontMatter(b.Raw)
	if w != "" {
		warns = append(warns, w)
	}
	if fm.end > 0 {
		r.frontMatter = b.Raw[:fm.end]
		warns = append(warns, applyFrontMatter(b, fm)...)
	}
	b.Warnings = warns

	if lim == (limits{}) {
		lim = limitsFor(len(b.Raw) - fm.end)
	}
	d := newDoc(b.Raw[fm.end:], buf[fm.end:], v, lim, start)
	if d.warn != "" {
		b.Warnings = append(b.Warnings, d.warn)
	}
	d.split(&r)
	if d.cut >= 0 {
		// Line numbers in the warning count from the top of the file.
		line := strings.Count(r.frontMatter, "\n") + d.cut + 1
		b.Warnings = append(b.Warnings, cutWarning(lim.cutReason(d.why), line))
	}
	for i := range r.spans {
		r.spans[i][0] += fm.end
		r.spans[i][1] += fm.end
	}
	if b.Title == "" {
		b.Title = d.displayTitle(path)
		r.displayTitle = true
	}
	return r
}

type blockKind uint8

const (
	blockOther blockKind = iota
	blockHeading
	blockPara
)

// block is one top-level goldmark block, located by lines of the body.
type block struct {
	kind        blockKind
	first, last int // line indices, inclusive; a setext heading's underline is included
	level       int
	title       string
}

// doc is the body of a brief (the text after the front matter) being split.
type doc struct {
	text   string
	lines  []int // byte offset where each line starts, up to the cut: the rest is one line
	blocks []block
	v      *Vocabulary
	warn   string // a problem found while reading the markdown
	memo   memo   // the memo header lines, if any

	lim      limits
	deadline time.Time
	cut      int    // first line not split into sections (past a budget); -1: none
	why      string // which budget: "lines", "blocks", "sections" or "time"
	ticks    int    // calls of late
}

func newDoc(body string, src []byte, v *Vocabulary, lim limits, start time.Time) *doc {
	d := &doc{text: body, v: v, lim: lim, deadline: start.Add(lim.time), cut: -1}
	d.lines = make([]int, 1, min(strings.Count(body, "\n"), lim.lines)+2)
	for i := 0; ; {
		j := strings.IndexByte(body[i:], '\n')
		if j < 0 || i+j+1 >= len(body) {
			break
		}
		i += j + 1
		d.lines = append(d.lines, i)
		if len(d.lines) > lim.lines {
			d.stopAt(len(d.lines)-1, "lines")
			break
		}
	}
	cut := len(src)
	if d.cut >= 0 {
		cut = d.lines[d.cut]
	}
	// The text past the cut is not split, so not looked at either: when it
	// is shown, CapNesting sees to its nesting.
	top := readBlocks(src[:cut], scanNestingLines(body, d.lines, cut), cut, lim.blocks, d.deadline)
	if top.stop >= 0 {
		d.stopAt(d.lineOf(top.stop), top.why)
	}
	if top.nested {
		d.warn = "markdown nested deeper than 32 levels: the deeper levels are read as text, and the blocks holding them are shown as source text"
	}
	d.blocks = make([]block, 0, len(top.blocks))
	for _, tb := range top.blocks {
		if tb.node == nil {
			d.blocks = append(d.blocks, block{kind: blockPara, first: d.lineOf(tb.start), last: d.lineOf(tb.last)})
		} else {
			d.blocks = append(d.blocks, d.blockOf(tb.node))
		}
	}
	return d
}

// stopAt cuts the split at line ln, unless it is already cut earlier.
func (d *doc) stopAt(ln int, why string) {
	if d.cut < 0 || ln < d.cut {
		d.cut, d.why = ln, why
	}
}

// late reports, every 1024th call, whether the parse is past its time budget.
func (d *doc) late() bool {
	d.ticks++
	return d.ticks&1023 == 0 && time.Now().After(d.deadline)
}

func (d *doc) blockOf(n ast.Node) block {
	switch n := n.(type) {
	case *ast.Heading:
		line := d.lineOf(n.Pos())
		bl := block{kind: blockHeading, first: line, last: line, level: n.Level}
		segs := n.Lines()
		if isATX(d.lineText(line)) {
			if segs.Len() > 0 {
				seg := segs.At(0)
				bl.title = d.text[seg.Start:seg.Stop]
			}
		} else if segs.Len() > 0 {
			// Setext: the content lines, then the underline. The paragraph
			// kept only its first and last lines: the title is read from
			// the text.
			first, last := d.lineOf(segs.At(0).Start), d.lineOf(segs.At(segs.Len()-1).Start)
			var sb strings.Builder
			for ln := first; ln <= last; ln++ {
				if ln > first {
					sb.WriteByte(' ')
				}
				sb.WriteString(strings.TrimSpace(d.lineText(ln)))
			}
			bl.title = sb.String()
			bl.first = first
			bl.last = min(last+1, len(d.lines)-1)
		}
		bl.title = cleanTitle(bl.title)
		return bl
	case *ast.Paragraph, *rawParagraph:
		segs := n.Lines()
		if segs.Len() == 0 {
			return block{kind: blockOther, first: -1, last: -1}
		}
		return block{kind: blockPara, first: d.lineOf(segs.At(0).Start), last: d.lineOf(segs.At(segs.Len() - 1).Start)}
	}
	line := -1
	if p := n.Pos(); p >= 0 {
		line = d.lineOf(p)
	}
	return block{kind: blockOther, first: line, last: line}
}

// isATX reports whether a line opens an ATX heading (up to 3 spaces, 1-6 #s,
// then a space, a tab or the end of the line).
func isATX(line string) bool {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	j := i
	for j < len(line) && line[j] == '#' {
		j++
	}
	return j > i && j-i <= 6 && (j == len(line) || line[j] == ' ' || line[j] == '\t')
}

func (d *doc) lineOf(off int) int {
	lo, hi := 0, len(d.lines)-1
	for lo < hi {
		m := (lo + hi + 1) / 2
		if d.lines[m] <= off {
			lo = m
		} else {
			hi = m - 1
		}
	}
	return lo
}

// lineEnd is the offset of the newline ending line i (or the end of the text).
func (d *doc) lineEnd(i int) int {
	if i+1 < len(d.lines) {
		return d.lines[i+1] - 1
	}
	return len(d.text)
}

// after is the offset where the line following line i starts.
func (d *doc) after(i int) int {
	if i+1 < len(d.lines) {
		return d.lines[i+1]
	}
	return len(d.text)
}

func (d *doc) lineText(i int) string { return d.text[d.lines[i]:d.lineEnd(i)] }

func (d *doc) blank(i int) bool { return isBlank(d.lineText(i)) }

// start is where a section begins.
type start struct {
	line   int    // first line of its heading, lead-in paragraph or plain-text heading
	body   int    // offset where its body begins
	title  string // cleaned title
	label  string // what the kind is looked up by, when not the title (a lead-in's emoji left out)
	level  int
	leadIn bool
}

// split fills r.brief's Title and Sections and r's bookkeeping.
func (d *doc) split(r *parseResult) {
	b := r.brief
	d.unsetextMemo()
	d.readMemo()
	d.applyMemo(b)
	region := 0        // offset where the lead begins
	skipBlock := -1    // index of a consumed H1 block
	consumedLine := -1 // a consumed headline line
	if len(d.blocks) > 0 && d.before(d.blocks[0].last) {
		first := d.blocks[0]
		switch {
		case first.kind == blockHeading && first.level == 1 && first.title != "":
			skipBlock = 0
			region = d.after(first.last)
			r.consumed = first.title
			if b.Title == "" {
				b.Title = first.title
			}
		case first.kind == blockPara && b.Title == "" && d.memo.subject != "" &&
			(d.memo.isHeader(first.first) || isMemoHeading(d.lineText(first.first))):
			// A memo is titled by its subject; its first line stays in the lead.
			b.Title = d.memo.subject
		case first.kind == blockPara && b.Title == "" && d.headlineAt(first.first):
			consumedLine = first.first
			region = d.after(first.first)
			b.Title = cleanTitle(d.lineText(first.first))
			r.consumed = b.Title
		}
	}

	var starts []start
	structured := false
	curLevel := 0 // level of the heading that started the current section; 0: none yet
blocks:
	for i, bl := range d.blocks {
		if i == skipBlock {
			continue
		}
		if d.late() {
			d.stopAt(max(bl.first, 0), "time")
		}
		if !d.before(bl.first) {
			break
		}
		switch bl.kind {
		case blockHeading:
			structured = true
			if curLevel == 0 || bl.level <= curLevel {
				if !d.room(bl.first, len(starts)) {
					break blocks
				}
				starts = append(starts, start{line: bl.first, body: d.after(bl.last), title: bl.title, level: bl.level})
				curLevel = bl.level
			}
		case blockPara:
			for ln := bl.first; ln <= bl.last; ln++ {
				if ln == consumedLine || d.memo.isHeader(ln) {
					continue
				}
				if title, label, off, ok := leadIn(d.lineText(ln), d.v); ok {
					structured = true
					if !d.room(ln, len(starts)) {
						break blocks
					}
					starts = append(starts, start{line: ln, body: d.lines[ln] + off, title: title, label: label, leadIn: true})
				}
			}
		}
	}
	if !structured {
		starts = d.plainStarts(d.lineOf(region), consumedLine, region)
	}

	b.Sections = make([]Section, 0, len(starts)+1)
	r.spans = make([][2]int, 0, len(starts)+1)
	leadEnd := len(d.text)
	if len(starts) > 0 {
		leadEnd = max(d.lines[starts[0].line], region)
	}
	text := paragraphed{text: d.text}
	if !structured {
		text = d.paragraphed(d.paragraphBreaks(starts, consumedLine))
	}
	if lead := trimBody(text.slice(region, leadEnd)); lead != "" {
		b.Sections = append(b.Sections, Section{Kind: KindLead, Body: lead})
		r.spans = append(r.spans, [2]int{region, leadEnd})
	}
	for k, st := range starts {
		end := len(d.text)
		if k+1 < len(starts) {
			end = d.lines[starts[k+1].line]
		}
		body := text.slice(min(st.body, end), end)
		if st.leadIn {
			body = strings.TrimLeft(body, " \t")
		}
		label := st.title
		if st.label != "" {
			label = st.label
		}
		kind, _ := d.v.Lookup(label)
		b.Sections = append(b.Sections, Section{Kind: kind, Title: st.title, Body: trimBody(body), Level: st.level})
		r.spans = append(r.spans, [2]int{d.lines[st.line], end})
	}
}

// before reports whether line ln comes before the cut, if there is one.
func (d *doc) before(ln int) bool { return d.cut < 0 || ln < d.cut }

// room reports whether a section may start at line ln after n others: it
// must come before the cut, and within the sections budget (the lead aside),
// which cuts the split there when it is spent.
func (d *doc) room(ln, n int) bool {
	if !d.before(ln) {
		return false
	}
	if n >= d.lim.sections {
		d.stopAt(ln, "sections")
		return false
	}
	return true
}

// headlineAt reports whether line ln, the first line of the first block, reads
// as a headline: at most 15 words, not ending like a sentence, not a line cut
// off in mid-sentence (ending in a function word, or continued by a lower-case
// line), and neither a lead-in nor a vocabulary heading.
func (d *doc) headlineAt(ln int) bool {
	s := strings.TrimSpace(d.lineText(ln))
	if s == "" || !hasAlnum(s) || d.memo.isHeader(ln) {
		return false
	}
	if wordCount(s, 15) > 15 || endsSentence(s) {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 1 && functionWords[strings.ToLower(words[len(words)-1])] {
		return false
	}
	if ln+1 < len(d.lines) && startsLower(d.lineText(ln+1)) {
		return false
	}
	if _, _, _, ok := leadIn(s, d.v); ok {
		return false
	}
	_, known := d.v.Lookup(s)
	return !known
}

// displayTitle cuts a title from the first sentence of the first paragraph,
// else uses the first section title, else the file name.
func (d *doc) displayTitle(path string) string {
	for _, bl := range d.blocks {
		if bl.kind != blockPara {
			continue
		}
		// A title needs the first 80 characters or so: look at 1 KiB at most,
		// which also keeps the scans below linear on a pathological line.
		var sb strings.Builder
		for ln := bl.first; ln <= bl.last && sb.Len() < 1024; ln++ {
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			line := strings.TrimSpace(d.lineText(ln))
			if n := 1024 - sb.Len(); len(line) > n {
				line = strings.ToValidUTF8(line[:n], "")
			}
			sb.WriteString(line)
		}
		if t := cutTitle(firstSentence(cleanInline(sb.String())), 80); t != "" {
			return t
		}
	}
	for _, bl := range d.blocks {
		if bl.kind == blockHeading && bl.title != "" {
			return bl.title
		}
	}
	if path == "" {
		return ""
	}
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

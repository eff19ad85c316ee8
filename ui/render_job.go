package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"charm.land/glamour/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/yuin/goldmark/ast"
)

// RenderBudget bounds one render of a brief at one width and theme. glamour
// cannot be interrupted, so the budget is kept in three ways: no single call
// is given a piece whose estimated cost is past Piece, the render stops
// calling glamour once Time is spent or its output passes Bytes, and it
// stops waiting for a call that takes longer than Call. What is left is
// shown as plain wrapped text, and the render says so (Rendered.Warning).
type RenderBudget struct {
	// Time is how long glamour may take over the whole brief.
	Time time.Duration
	// Call is how long one glamour call may take. A call past it is left
	// to finish on its own goroutine, its result unused, and glamour is not
	// called again for this render.
	Call time.Duration
	// Piece is the estimated cost (see cost) one glamour call may have; a
	// piece over it is split (list items, lines of code) or shown plain.
	Piece time.Duration
	// Bytes is how much styled text the render may hold; 0 means eight
	// times the brief's markdown and 1 MiB more.
	Bytes int
	// Now is the clock Time and Advance's slices are measured on; nil
	// means time.Now. A session passes its own (a test's moves only when
	// told). Call is kept on the wall clock: it guards against a call that
	// never returns, which no test makes.
	Now func() time.Time
}

// DefaultRenderBudget is the budget of a render in the reader and in
// `briefing show`. A typical brief takes a few milliseconds, the largest
// legitimate ones well under a second.
func DefaultRenderBudget() RenderBudget {
	return RenderBudget{Time: 3 * time.Second, Call: time.Second, Piece: 40 * time.Millisecond}
}

// RenderJob is a render of one brief at one width and theme, made piece by
// piece: Advance renders some more and returns the part done so far, so a
// reader can show its first screen before the rest is rendered, and a render
// nobody waits for any more is simply not advanced. It is safe for
// concurrent use: an SSH server shares one job between the sessions that
// show the same brief at the same width and theme.
type RenderJob struct {
	mu       sync.Mutex
	b        *briefs.Brief
	width    int
	theme    string
	budget   RenderBudget
	maxBytes int
	tr       *glamour.TermRenderer // nil until needed, and after a call was given up

	// The render so far; append-only, so snapshots can share them.
	lines      []string
	starts     []int
	paragraphs []Paragraph
	links      []Link // taken out of lines as they are added

	sec      int           // the section being rendered; len(b.Sections) when done
	secStart int           // its first line
	scan     *blockScanner // over its body; nil until its heading is drawn
	queue    []piece       // its pieces not rendered yet
	open     *Paragraph    // the block being drawn, published when it ends

	spent    time.Duration       // in glamour calls
	styled   int                 // bytes of lines
	stopped  string              // why glamour is not called any more, "" while it is
	plainWhy []string            // why pieces were shown plain, each reason once
	memo     map[string][]string // short markdown rendered, and its lines (glamour)
	content  *string             // Lines joined, once complete: a shared job joins them once
	err      error
	notified bool
	onDone   func(Rendered)
	onFail   func() // when the render fails: a job that failed is not shared
}

// NewRenderJob starts a render of b at width and theme ("dark", "light",
// "ascii" or "notty") within budget. Nothing is rendered until Advance.
func NewRenderJob(b *briefs.Brief, width int, theme string, budget RenderBudget) *RenderJob {
	j := &RenderJob{b: b, width: width, theme: theme, budget: budget, maxBytes: budget.Bytes}
	if j.maxBytes <= 0 {
		n := 0
		for _, s := range b.Sections {
			n += len(s.Title) + len(s.Body)
		}
		if !briefs.HasText(b) {
			n = int(b.Size) // the text is read when the render starts
		}
		j.maxBytes = 8*n + 1<<20
	}
	return j
}

// readText gives the job the text of a brief listed without it, once: the
// render runs in a command, off the UI loop, and so does the read. A file
// changed since it was listed is rendered as it is now, under the listing's
// name (the reload that follows brings the new listing); one that cannot be
// read fails the render with the reason, which the reader shows. A failed
// job does not read again: it holds j.mu, and each Advance would.
func (j *RenderJob) readText() {
	if j.err != nil || briefs.HasText(j.b) {
		return
	}
	full, err := briefs.Full(j.b)
	if err != nil && !errors.Is(err, briefs.ErrChanged) {
		j.err = err
		if te := (*briefs.TextError)(nil); errors.As(err, &te) {
			j.err = errors.New("its file cannot be read (" + te.Reason + "): " + te.Path)
		}
		return
	}
	if full.Hash != j.b.Hash {
		c := *full
		c.Hash = j.b.Hash
		full = &c
	}
	j.b = full
}

// Job returns the render of b at width and theme under way in c, so that
// the sessions showing the same brief share its work, or a new one with
// budget. A job puts its render in c once it is complete, and leaves; one
// that fails leaves too, so that the next session to open the brief tries
// again (its file may be readable by then). c holds as many jobs as renders
// at most; past that one is dropped (its sessions keep it, a session to
// come starts another).
func (c *RenderCache) Job(b *briefs.Brief, width int, theme string, budget RenderBudget) *RenderJob {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := renderKey{b.ID, b.Hash, width, theme}
	if j, ok := c.jobs[k]; ok {
		return j
	}
	j := NewRenderJob(b, width, theme, budget)
	leave := func() {
		c.mu.Lock()
		if c.jobs[k] == j {
			delete(c.jobs, k)
		}
		c.mu.Unlock()
	}
	j.onDone = func(r Rendered) {
		c.Put(r)
		leave()
	}
	j.onFail = leave
	for old := range c.jobs {
		if len(c.jobs) < c.max {
			break
		}
		delete(c.jobs, old)
	}
	c.jobs[k] = j
	return j
}

// RenderBrief renders every section of b for the reader, within the
// default budget. Each section is rendered on its own (a "## Title" heading
// for all but the lead, then its sanitised body) so that SectionStarts are
// exact line numbers; sections are joined with one blank line. theme is a
// glamour standard style: "dark", "light", "ascii" or "notty".
func RenderBrief(b *briefs.Brief, width int, theme string) (Rendered, error) {
	return NewRenderJob(b, width, theme, DefaultRenderBudget()).Advance(context.Background(), -1, 0)
}

// Advance renders more of the brief and returns the render so far. It
// returns when the render has at least lines lines (lines < 0: never), or
// has worked for slice (slice <= 0: never), or is complete, or when ctx is
// done, with ctx's error. The result is Partial until the whole brief is
// rendered. Between two calls the job does nothing: a render nobody
// advances costs no time.
func (j *RenderJob) Advance(ctx context.Context, lines int, slice time.Duration) (Rendered, error) {
	j.mu.Lock()
	t0 := j.now()
	var err error
	j.readText()
	for j.sec < len(j.b.Sections) && j.err == nil {
		if (lines >= 0 && len(j.lines) >= lines) || (slice > 0 && j.now().Sub(t0) >= slice) {
			break
		}
		if err = ctx.Err(); err != nil {
			break
		}
		if err = j.step(ctx); err != nil {
			break
		}
	}
	if j.err != nil {
		err = j.err
	}
	r := j.snapshot()
	var onDone func(Rendered)
	var onFail func()
	switch {
	case j.notified:
	case j.err != nil:
		j.notified, onFail = true, j.onFail
	case !r.Partial && err == nil:
		j.notified, onDone = true, j.onDone
	}
	j.mu.Unlock()
	if onDone != nil {
		onDone(r)
	}
	if onFail != nil {
		onFail()
	}
	return r, err
}

func (j *RenderJob) now() time.Time {
	if j.budget.Now != nil {
		return j.budget.Now()
	}
	return time.Now()
}

// Complete reports whether the whole brief is rendered.
func (j *RenderJob) Complete() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.sec >= len(j.b.Sections)
}

// snapshot is the render so far. It shares the job's slices, capped at
// their length: the job only appends to them.
func (j *RenderJob) snapshot() Rendered {
	r := Rendered{
		ID: j.b.ID, Hash: j.b.Hash, Width: j.width, Theme: j.theme,
		Lines:         j.lines[:len(j.lines):len(j.lines)],
		SectionStarts: j.starts[:len(j.starts):len(j.starts)],
		Paragraphs:    j.paragraphs[:len(j.paragraphs):len(j.paragraphs)],
		Links:         j.links[:len(j.links):len(j.links)],
		Partial:       j.sec < len(j.b.Sections),
	}
	if !r.Partial {
		if j.content == nil {
			c := strings.Join(j.lines, "\n")
			j.content = &c
		}
		r.Content = *j.content
	}
	if len(j.plainWhy) > 0 {
		r.Warning = "shown in part as plain text: " + strings.Join(j.plainWhy, "; ")
	}
	return r
}

// step renders the next thing: a section's heading, one piece of its
// body, or its end.
func (j *RenderJob) step(ctx context.Context) error {
	sec := j.b.Sections[j.sec]
	if j.scan == nil {
		if j.sec > 0 {
			j.lines = append(j.lines, "")
		}
		j.secStart = len(j.lines)
		j.starts = append(j.starts, j.secStart)
		j.scan = newBlockScanner(sec.Body)
		if !(sec.Kind == briefs.KindLead && sec.Title == "") {
			lines, err := j.heading(ctx, headingText(sec.Title))
			if err != nil {
				return err
			}
			j.add(lines)
		}
		return nil
	}
	if len(j.queue) == 0 {
		blocks := j.scan.next()
		if blocks == nil {
			j.endBlock()
			if len(j.lines) == j.secStart {
				j.lines = append(j.lines, "") // an empty section still owns a line to jump to
			}
			j.sec++
			j.scan = nil
			return nil
		}
		for _, bl := range blocks {
			for _, p := range j.piecesOf(sec.Body, bl) {
				j.queue = appendPlainParts(j.queue, p)
			}
		}
		return nil
	}
	p := j.queue[0]
	lines, err := j.piece(ctx, p)
	if err != nil {
		return err
	}
	j.queue[0] = piece{}
	j.queue = j.queue[1:]
	j.place(p, lines)
	return nil
}

// place appends the lines of piece p and records the block they draw: one
// blank line between blocks, as glamour puts them.
func (j *RenderJob) place(p piece, lines []string) {
	if len(lines) == 0 {
		return
	}
	if !p.cont || j.open == nil {
		j.endBlock()
		if len(j.lines) > j.secStart {
			j.lines = append(j.lines, "")
		}
		j.open = &Paragraph{Section: j.sec, Start: p.start, End: p.end, First: len(j.lines)}
	} else if p.gap {
		j.lines = append(j.lines, "")
	}
	j.add(lines)
	j.open.Last = len(j.lines) - 1
}

// endBlock publishes the block being drawn: a partial render shows its
// lines, but a paragraph only once all of it is there.
func (j *RenderJob) endBlock() {
	if j.open != nil {
		j.paragraphs = append(j.paragraphs, *j.open)
		j.open = nil
	}
}

func (j *RenderJob) add(lines []string) {
	for _, l := range lines {
		l, links := takeLinks(l)
		for _, k := range links {
			k.Line = len(j.lines)
			j.links = append(j.links, k)
		}
		j.styled += len(l)
		j.lines = append(j.lines, l)
	}
}

// heading renders a section heading.
func (j *RenderJob) heading(ctx context.Context, title string) ([]string, error) {
	md := "## " + title
	lines, err := j.glamour(ctx, md)
	if err != nil {
		return nil, err
	}
	if lines == nil {
		return plainLines(md, j.width), nil
	}
	return lines, nil
}

// maxMemo is the longest markdown whose render a job remembers: the same
// short block (a heading, "---", a one-line paragraph) draws the same lines
// at one width and theme, and a brief may repeat one 100,000 times.
const maxMemo = 256

// piece renders p with glamour or, when p is plain or glamour may not be
// called any more, as plain text.
func (j *RenderJob) piece(ctx context.Context, p piece) ([]string, error) {
	if p.plain != "" {
		j.plainBecause(p.plain)
		return plainLines(p.md, j.width), nil
	}
	lines, err := j.glamour(ctx, termsafe.Markdown(p.md))
	if err != nil {
		return nil, err
	}
	if lines == nil {
		j.plainBecause(j.stopped)
		return plainLines(p.md, j.width), nil
	}
	return lines, nil
}

// glamour renders sanitised markdown md, or returns nil lines when it may
// not: the budget is spent, or a call was given up. The call runs on its
// own goroutine so that waiting for it can stop at the call's deadline or
// when ctx is done; the goroutine itself cannot be stopped and finishes its
// (bounded) piece unobserved.
func (j *RenderJob) glamour(ctx context.Context, md string) ([]string, error) {
	switch {
	case j.stopped != "":
		return nil, nil
	case j.spent >= j.budget.Time:
		j.stopped = "styling took too long"
		return nil, nil
	case j.styled >= j.maxBytes:
		j.stopped = "the styled text grew too large"
		return nil, nil
	}
	if l, ok := j.memo[md]; ok {
		return l, nil
	}
	if j.tr == nil {
		tr, err := newTermRenderer(j.width, j.theme)
		if err != nil {
			j.err = err
			return nil, err
		}
		j.tr = tr
	}
	type result struct {
		lines []string
		err   error
	}
	done := make(chan result, 1)
	tr := j.tr
	go func() {
		lines, err := renderStyled(tr, md, termsafe.StyledLinks)
		done <- result{lines, err}
	}()
	wait := min(j.budget.Call, j.budget.Time-j.spent)
	timer := time.NewTimer(wait)
	defer timer.Stop()
	t0 := j.now()
	select {
	case res := <-done:
		j.spent += j.now().Sub(t0)
		if res.err != nil {
			// glamour refused this piece: show it plain, keep going.
			j.plainBecause("the styler failed on a block")
			return plainLines(md, j.width), nil
		}
		if len(md) <= maxMemo {
			if j.memo == nil || len(j.memo) >= 1024 {
				j.memo = make(map[string][]string)
			}
			j.memo[md] = res.lines
		}
		return res.lines, nil
	case <-timer.C:
		j.spent += j.now().Sub(t0)
		j.tr = nil // still in use by the call given up
		j.stopped = "styling took too long"
		return nil, nil
	case <-ctx.Done():
		j.spent += j.now().Sub(t0)
		j.tr = nil
		return nil, ctx.Err()
	}
}

func (j *RenderJob) plainBecause(why string) {
	for _, w := range j.plainWhy {
		if w == why {
			return
		}
	}
	j.plainWhy = append(j.plainWhy, why)
}

// piece is what one glamour call renders: a top-level block of a section
// body or, for a long list or fenced code block, a part of one.
type piece struct {
	start, end int    // the block's source in the body: the Paragraph it draws
	md         string // the markdown of this piece
	plain      string // why it is shown as plain text; "" to render it
	cont       bool   // a later part of the block of the piece before
	gap        bool   // with cont: a blank line before it (items of a loose list)
}

// piecesOf returns the pieces that draw block bl of body: the block itself
// when its estimate is within the budget, else its parts, else the block as
// plain text.
func (j *RenderJob) piecesOf(body string, bl block) []piece {
	whole := piece{start: bl.start, end: bl.end, md: body[bl.start:bl.end]}
	if bl.deep {
		whole.plain = "lists or quotes nested too deep"
		return []piece{whole}
	}
	if bl.cut {
		switch bl.nodes[0].(type) {
		case *ast.List:
			return j.listPieces(body, bl, bl.nodes[0].(*ast.List))
		case *ast.FencedCodeBlock:
			if ps := j.codePieces(whole); ps != nil {
				return ps
			}
		}
		whole.plain = "a block too long"
		if c := measure(bl.nodes, bl.src, j.width); c.columns > maxTableColumns || c.depth > maxDepth {
			whole.plain = c.reason() // of its first window: enough to name it
		}
		return []piece{whole}
	}
	c := measure(bl.nodes, bl.src, j.width)
	if j.fits(c) {
		return []piece{whole}
	}
	if len(bl.nodes) == 1 {
		switch n := bl.nodes[0].(type) {
		case *ast.List:
			if n.ChildCount() > 1 {
				return j.listPieces(body, bl, n)
			}
		case *ast.FencedCodeBlock:
			if ps := j.codePieces(whole); ps != nil {
				return ps
			}
		}
	}
	whole.plain = c.reason()
	return []piece{whole}
}

// plainPart is the most markdown one plain piece shows: a longer one is
// shown in parts, so that the first screen of a brief does not wait for
// all of a block of megabytes to be wrapped.
const plainPart = 32 << 10

// appendPlainParts appends p to q, a plain p longer than plainPart in
// parts cut at line ends (or, in a line longer than that, between runes):
// each is sanitised and wrapped on its own, which for plain text is the
// same but for the line a cut splits.
func appendPlainParts(q []piece, p piece) []piece {
	if p.plain == "" || len(p.md) <= plainPart {
		return append(q, p)
	}
	md := p.md
	for first := true; md != ""; first = false {
		n := min(len(md), plainPart)
		if n < len(md) {
			if nl := strings.LastIndexByte(md[:n], '\n'); nl > 0 {
				n = nl + 1
			} else {
				for n > 1 && !utf8.RuneStart(md[n]) {
					n--
				}
			}
		}
		part := p
		part.md, part.cont, part.gap = md[:n], p.cont || !first, p.gap && first
		q = append(q, part)
		md = md[n:]
	}
	return q
}

// fits reports whether a piece of cost c may be given to glamour.
func (j *RenderJob) fits(c cost) bool {
	return c.depth <= maxDepth && c.columns <= maxTableColumns && c.nanos() <= int64(j.budget.Piece)
}

// listPieces renders a long list in runs of items, each run as long as
// the budget of a piece allows (a glamour call has a fixed cost of tens of
// microseconds: one call per item would spend more on that than on the
// items). A run drawn on its own, with its own markers, draws what it draws
// inside the list (an ordered list numbers on from its first marker). An
// item alone past the budget is shown plain.
func (j *RenderJob) listPieces(body string, bl block, list *ast.List) []piece {
	starts, nodes := blockStarts(list, string(bl.src))
	if len(starts) == 0 {
		return []piece{{start: bl.start, end: bl.end, md: body[bl.start:bl.end], plain: "a list too long"}}
	}
	starts[0] = bl.start - bl.base
	for len(starts) > 1 && bl.base+starts[len(starts)-1] >= bl.end {
		starts, nodes = starts[:len(starts)-1], nodes[:len(nodes)-1] // in the next part of a cut list
	}
	var out []piece
	emit := func(a, z int, plain string) {
		a, z = trimSpan(body[bl.base:], a, z)
		if a >= z {
			return
		}
		out = append(out, piece{
			start: bl.start, end: bl.end, md: body[bl.base+a : bl.base+z], plain: plain,
			cont: len(out) > 0, gap: len(out) > 0 && !list.IsTight,
		})
	}
	end := func(i int) int {
		if i+1 < len(starts) {
			return starts[i+1]
		}
		return bl.end - bl.base
	}
	run, runStart := cost{}, -1 // the items not emitted yet
	for i, st := range starts {
		c := measure(nodes[i], bl.src, j.width)
		if !j.fits(c) {
			if runStart >= 0 {
				emit(starts[runStart], st, "")
			}
			emit(st, end(i), c.reason())
			run, runStart = cost{}, -1
			continue
		}
		next := run
		next.add(c)
		if runStart >= 0 && !j.fits(next) {
			emit(starts[runStart], st, "")
			next, runStart = c, -1
		}
		if runStart < 0 {
			runStart = i
		}
		run = next
	}
	if runStart >= 0 {
		emit(starts[runStart], end(len(starts)-1), "")
	}
	return out
}

// codePieces renders a long fenced code block in runs of lines, each
// between copies of its fences, or returns nil when its fence is not one
// it can copy.
func (j *RenderJob) codePieces(whole piece) []piece {
	md := whole.md
	nl := strings.IndexByte(md, '\n')
	if nl < 0 {
		return nil
	}
	open := md[:nl]
	fence := strings.TrimLeft(open, " ")
	if len(open)-len(fence) > 3 || len(fence) < 3 || (fence[0] != '`' && fence[0] != '~') {
		return nil
	}
	n := len(fence) - len(strings.TrimLeft(fence, fence[:1]))
	closing := fence[:n]
	lines := strings.SplitAfter(md[nl+1:], "\n")
	if last := strings.TrimSpace(lines[len(lines)-1]); len(lines) > 0 && strings.Trim(last, fence[:1]) == "" && len(last) >= n {
		lines = lines[:len(lines)-1] // the closing fence: each part gets its own
	}
	w := int64(max(j.width, minRenderWidth))
	var out []piece
	for i := 0; i < len(lines); {
		var c cost
		k := i
		for k < len(lines) {
			next := c
			next.layout += w
			next.bytes += int64(len(lines[k]))
			next.code = next.bytes * int64(k-i+1) / 2
			next.codeB = next.bytes
			if k > i && next.nanos() > int64(j.budget.Piece) {
				break
			}
			c = next
			k++
		}
		chunk := strings.Join(lines[i:k], "")
		p := piece{start: whole.start, end: whole.end, md: open + "\n" + strings.TrimSuffix(chunk, "\n") + "\n" + closing, cont: len(out) > 0}
		if !j.fits(c) {
			p.plain = "a code line too long"
			p.md = chunk
		}
		out = append(out, p)
		i = k
	}
	return out
}

package ui

import (
	"container/list"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"charm.land/glamour/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
)

// Rendered is one brief rendered for the reader at one width and theme.
type Rendered struct {
	ID            string
	Hash          string // of the brief's file: an edited brief is another render
	Width         int
	Theme         string
	Content       string      // the rendered text (ANSI styled), lines joined by "\n"; "" while Partial
	Lines         []string    // the same, split
	SectionStarts []int       // line index in Lines where each of the brief's Sections starts (len == len(b.Sections) unless Partial)
	Paragraphs    []Paragraph // the body's blocks in order, for the paragraph cursor and note markers
	Links         []Link      // the hyperlinks drawn, by line (links.go); not in Lines

	// Partial is set while a render is still being made (see RenderJob):
	// Lines, SectionStarts and Paragraphs hold the sections and blocks done
	// so far, and a later render of the same key holds them too, unchanged.
	Partial bool
	// Warning says why parts of the brief are shown as plain text, or is "".
	Warning string
}

// minRenderWidth keeps glamour from wrapping every word onto its own line (or,
// at 0, from not wrapping at all) when a terminal reports a tiny width.
const minRenderWidth = 20

// newTermRenderer makes a glamour renderer for one width and theme. A
// TermRenderer is not safe for concurrent Render calls, so each RenderBrief
// call makes its own: it costs a few microseconds against milliseconds of
// rendering (see BenchmarkNewTermRenderer), which a pool would not repay.
func newTermRenderer(width int, theme string) (*glamour.TermRenderer, error) {
	if width < minRenderWidth {
		width = minRenderWidth
	}
	style := glamour.WithStandardStyle(theme)
	custom, ok := strings.CutPrefix(theme, styledThemePrefix)
	if ok {
		style = glamour.WithStylesFromJSONBytes([]byte(custom))
	}
	r, err := glamour.NewTermRenderer(style, glamour.WithWordWrap(width))
	switch {
	case err != nil && ok:
		return nil, fmt.Errorf("glamour style: %w", err)
	case err != nil:
		return nil, fmt.Errorf("theme %q: %w", theme, err)
	}
	return r, nil
}

// styledThemePrefix marks a render theme that is a glamour JSON style.
const styledThemePrefix = "json:"

// StyledTheme is the render theme of a glamour JSON style (the config
// file's glamour_style): every render takes it where it takes a standard
// style's name, and the render cache keys on it as on a name, so sessions
// with the same style share renders and a changed style renders anew.
func StyledTheme(styleJSON []byte) string {
	return styledThemePrefix + string(styleJSON)
}

// RenderMarkdown renders markdown text for the terminal at width with a glamour
// standard style (theme: "dark", "light", "ascii" or "notty"). The text is
// sanitised first, glamour's blank margin above and below is trimmed, and every
// escape sequence but SGR styling is removed from the result.
func RenderMarkdown(md string, width int, theme string) (string, error) {
	tr, err := newTermRenderer(width, theme)
	if err != nil {
		return "", err
	}
	lines, err := renderLines(tr, termsafe.Markdown(md))
	if err != nil {
		return "", err
	}
	return strings.Join(lines, "\n"), nil
}

// renderLines renders already sanitised markdown and returns its lines without
// the blank lines glamour puts around a document. Blocks nested deeper than
// the parser's cap are shown as their source (briefs.CapNesting): glamour's
// cost grows far faster than the depth. Code blocks that name no language
// are drawn as plain text, not as the language chroma guesses (plainCode).
func renderLines(tr *glamour.TermRenderer, md string) ([]string, error) {
	return renderStyled(tr, md, termsafe.Styled)
}

// renderStyled is renderLines with the clean-up of the output given:
// termsafe.Styled, or termsafe.StyledLinks to keep the hyperlinks glamour
// writes around links (a RenderJob takes them out of the lines again).
func renderStyled(tr *glamour.TermRenderer, md string, clean func(string) string) ([]string, error) {
	out, err := tr.Render(plainCode(briefs.CapNesting(md)))
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	lines := trimBlankLines(strings.Split(clean(out), "\n"))
	for i, l := range lines {
		lines[i] = trimPadding(l)
	}
	return lines, nil
}

// trimPadding drops the spaces glamour pads every line with up to the wrap
// width (each in its own SGR pair, which is most of the output's bytes): the
// visible text stays, and one reset replaces the styling of the padding.
// Spaces on a background colour (a heading's box) are visible and stay.
func trimPadding(l string) string {
	end, sgr, bg := 0, false, false // end: byte index after the last visible cell
	for i := 0; i < len(l); {
		switch c := l[i]; {
		case c == 0x1b && i+1 < len(l) && l[i+1] == '[':
			k := termsafe.EscapeEnd(l, i)
			if k-1 > i+1 && l[k-1] == 'm' {
				bg = sgrBackground(l[i+2:k-1], bg)
			}
			i = k
			sgr = true
		case c == 0x1b: // a hyperlink (StyledLinks): no cell
			i = termsafe.EscapeEnd(l, i)
		case (c == ' ' || c == '\t') && !bg:
			i++
		default:
			_, size := utf8.DecodeRuneInString(l[i:])
			i += size
			end = i
		}
	}
	if end == len(l) {
		return l
	}
	if end == 0 {
		return ""
	}
	if sgr && strings.Contains(l[end:], "\x1b[") {
		return l[:end] + "\x1b[m"
	}
	return l[:end]
}

// sgrBackground reports whether a background colour is set after the SGR
// parameters p, given whether one was set before.
func sgrBackground(p string, bg bool) bool {
	if p == "" {
		return false
	}
	skip := 0 // arguments of a 38 (foreground colour) still to pass over
	for p != "" {
		q, rest, _ := strings.Cut(p, ";")
		p = rest
		switch {
		case skip != 0:
			if skip == -1 { // the colour model decides how many follow
				skip = 1
				if q == "2" {
					skip = 3
				}
				continue
			}
			skip--
		case q == "0" || q == "49":
			bg = false
		case q == "48":
			return true
		case q == "38":
			skip = -1
		case len(q) == 2 && q[0] == '4' && q[1] >= '0' && q[1] <= '7',
			len(q) == 3 && q[:2] == "10" && q[2] >= '0' && q[2] <= '7':
			bg = true
		}
	}
	return bg
}

// headingEscaper escapes what would make markup of a title: section titles
// are plain text ("as the author wrote them, minus markup").
var headingEscaper = strings.NewReplacer(
	`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`,
)

// headingText makes a section title safe as the text of an ATX heading: one
// line, no inline markup, and a trailing "#" escaped so that it is not read as
// a closing sequence.
func headingText(title string) string {
	return escapeHeading(strings.TrimSpace(termsafe.Line(title)))
}

// escapeHeading escapes clean one-line text s so that it renders as written
// in an ATX heading: no inline markup, no closing "#" sequence.
func escapeHeading(s string) string {
	s = headingEscaper.Replace(s)
	if strings.HasSuffix(s, "#") {
		s = s[:len(s)-1] + `\#`
	}
	return s
}

// trimBlankLines drops leading and trailing lines that show nothing: glamour
// surrounds a document with margin lines (spaces, perhaps inside SGR codes).
func trimBlankLines(lines []string) []string {
	for len(lines) > 0 && isBlankLine(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 0 && isBlankLine(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// isBlankLine reports whether a rendered line holds only spaces and SGR codes.
func isBlankLine(l string) bool {
	for i := 0; i < len(l); i++ {
		switch c := l[i]; {
		case c == ' ' || c == '\t':
		case c == 0x1b:
			i = termsafe.EscapeEnd(l, i) - 1
		default:
			return false
		}
	}
	return true
}

// RenderCache keeps recent renders keyed by (brief ID, width, theme), least
// recently used dropped first. Each session owns one, and an SSH server may
// keep one more shared by its sessions (a render is read-only once made).
// It is safe for concurrent use: renders run in commands.
type RenderCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of Rendered, most recently used at the front
	index map[renderKey]*list.Element
	jobs  map[renderKey]*RenderJob // renders under way (Job)
}

type renderKey struct {
	id, hash string
	width    int
	theme    string
}

// NewRenderCache returns a cache that holds at most n renders (at least 1).
func NewRenderCache(n int) *RenderCache {
	if n < 1 {
		n = 1
	}
	return &RenderCache{max: n, order: list.New(), index: make(map[renderKey]*list.Element, n), jobs: map[renderKey]*RenderJob{}}
}

// Get returns the render of b (this version of it) at width and theme, if
// it is cached.
func (c *RenderCache) Get(b *briefs.Brief, width int, theme string) (Rendered, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.index[renderKey{b.ID, b.Hash, width, theme}]
	if !ok {
		return Rendered{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(Rendered), true
}

// Put stores r, replacing an earlier render with the same key, and drops the
// least recently used render when the cache is full.
func (c *RenderCache) Put(r Rendered) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := renderKey{r.ID, r.Hash, r.Width, r.Theme}
	if e, ok := c.index[k]; ok {
		e.Value = r
		c.order.MoveToFront(e)
		return
	}
	c.index[k] = c.order.PushFront(r)
	for c.order.Len() > c.max {
		old := c.order.Back()
		o := old.Value.(Rendered)
		delete(c.index, renderKey{o.ID, o.Hash, o.Width, o.Theme})
		c.order.Remove(old)
	}
}

// Len returns how many renders the cache holds.
func (c *RenderCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

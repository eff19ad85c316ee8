package ui

import (
	"sort"
	"strings"

	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// This file is the links of a rendered brief: where glamour drew them (for
// OSC 8 hyperlinks in the reader) and what a paragraph's markdown links to
// (for "o", which opens or follows a link).

// Link is a hyperlink drawn in a render: cells X0 up to X1 of line Line of
// Rendered.Lines link to URL, an http, https or mailto URL that
// termsafe.LinkURI accepts. The lines themselves hold no hyperlink: a
// render is shared by sessions whose terminals may not show them, so the
// reader writes them at draw time (Reader.SetHyperlinks).
type Link struct {
	Line, X0, X1 int
	URL          string
}

// takeLinks removes the hyperlinks termsafe.StyledLinks kept in a rendered
// line and returns the line and where they were (Line left 0). A link
// still open at the end of the line ends there: glamour opens it again on
// the next line of a wrapped link.
func takeLinks(line string) (string, []Link) {
	if !strings.Contains(line, "\x1b]8;") {
		return line, nil
	}
	var b strings.Builder
	b.Grow(len(line))
	var links []Link
	open, x := -1, 0 // the link being drawn (index in links), the cell
	var state byte
	for s := line; s != ""; {
		seq, w, n, st := ansi.DecodeSequence(s, state, nil)
		state = st
		if strings.HasPrefix(seq, "\x1b]8;") {
			if open >= 0 {
				links[open].X1 = x
				open = -1
			}
			if uri := osc8Target(seq); uri != "" {
				links = append(links, Link{X0: x, URL: uri})
				open = len(links) - 1
			}
		} else {
			b.WriteString(seq)
			x += w
		}
		s = s[n:]
	}
	if open >= 0 {
		links[open].X1 = x
	}
	kept := links[:0]
	for _, l := range links {
		if l.X1 > l.X0 {
			kept = append(kept, l)
		}
	}
	return b.String(), kept
}

// osc8Target is the URI of an OSC 8 sequence as termsafe writes them, or ""
// (the end of a link, or a URI it would not write).
func osc8Target(seq string) string {
	body := strings.TrimSuffix(strings.TrimPrefix(seq, "\x1b]8;;"), "\x1b\\")
	if uri, ok := termsafe.LinkURI(body); ok && uri == body {
		return uri
	}
	return ""
}

// withLinks writes the hyperlinks of links (all on this line) into line, a
// line of a render as the reader draws it (styled, perhaps marked). The
// URLs go through termsafe.Hyperlink again: a Link not made by a render is
// held to the same rule.
func withLinks(line string, links []Link) string {
	if len(links) == 0 {
		return line
	}
	var b strings.Builder
	b.Grow(len(line) + 64*len(links))
	next, x := 0, 0 // the next link to open or close, the cell
	open := false
	var state byte
	for s := line; s != ""; {
		seq, w, n, st := ansi.DecodeSequence(s, state, nil)
		state = st
		if w > 0 {
			if open && x >= links[next].X1 {
				b.WriteString(termsafe.HyperlinkEnd)
				open = false
				next++
			}
			for !open && next < len(links) && links[next].X1 <= x {
				next++ // a link where the line has no cells any more
			}
			if !open && next < len(links) && x >= links[next].X0 {
				if h, ok := termsafe.Hyperlink(links[next].URL); ok {
					b.WriteString(h)
					open = true
				} else {
					next++
				}
			}
		}
		b.WriteString(seq)
		x += w
		s = s[n:]
	}
	if open {
		b.WriteString(termsafe.HyperlinkEnd)
	}
	return b.String()
}

// linksOn returns the links of lines top up to top+n, by line.
func (r Rendered) linksOn(top, n int) map[int][]Link {
	ls := r.Links
	i := sort.Search(len(ls), func(i int) bool { return ls[i].Line >= top })
	var out map[int][]Link
	for ; i < len(ls) && ls[i].Line < top+n; i++ {
		if out == nil {
			out = map[int][]Link{}
		}
		out[ls[i].Line] = append(out[ls[i].Line], ls[i])
	}
	return out
}

// SetHyperlinks turns the drawing of OSC 8 hyperlinks on or off: the root
// decides from the theme and the terminal (see model's hyperlink rule).
func (r *Reader) SetHyperlinks(on bool) {
	if r.hyperlinks == on {
		return
	}
	r.hyperlinks = on
	r.refresh()
}

// Hyperlinks reports whether the reader draws OSC 8 hyperlinks.
func (r Reader) Hyperlinks() bool { return r.hyperlinks }

// hyperlinked writes the hyperlinks of the lines top up to top+len(lines).
func (r Reader) hyperlinked(lines []string, top int) []string {
	if !r.hyperlinks || len(r.rendered.Links) == 0 {
		return lines
	}
	on := r.rendered.linksOn(top, len(lines))
	if len(on) == 0 {
		return lines
	}
	out := append([]string(nil), lines...)
	for y, ls := range on {
		out[y-top] = withLinks(out[y-top], ls)
	}
	return out
}

// linkParser parses markdown with the links GFM finds in bare text, as
// glamour renders them.
var linkParser = goldmark.New(goldmark.WithExtensions(extension.Linkify)).Parser()

// maxLinkSource is the most markdown ParagraphLinks reads: a selection
// larger than that is cut (links are in the text a reader selected).
const maxLinkSource = 256 << 10

// ParagraphLinks returns the destinations of the links in body[start:end]
// (a paragraph's source, or several), in order and each once: inline
// links, reference links whose definition is anywhere in body, autolinks
// and bare URLs. Destinations are as written (relative ones too); what
// may be opened is for the caller to decide.
func ParagraphLinks(body string, start, end int) []string {
	start, end = max(0, min(start, len(body))), max(0, min(end, len(body)))
	if end <= start {
		return nil
	}
	end = min(end, start+maxLinkSource)
	ctx := parser.NewContext()
	if strings.Contains(body, "]:") {
		// Reference definitions may be anywhere in the section.
		defs := parser.NewContext()
		linkParser.Parse(text.NewReader([]byte(body[:min(len(body), 4*maxLinkSource)])), parser.WithContext(defs))
		for _, ref := range defs.References() {
			ctx.AddReference(ref)
		}
	}
	src := []byte(body[start:end])
	doc := linkParser.Parse(text.NewReader(src), parser.WithContext(ctx))
	var out []string
	seen := map[string]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest string
		switch n := n.(type) {
		case *ast.Link:
			dest = string(n.Destination)
		case *ast.AutoLink:
			dest = string(n.URL(src))
		default:
			return ast.WalkContinue, nil
		}
		if dest = strings.TrimSpace(dest); dest != "" && !seen[dest] {
			seen[dest] = true
			out = append(out, dest)
		}
		return ast.WalkContinue, nil
	})
	return out
}

package ui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestMarkPlainLine(t *testing.T) {
	for _, c := range []struct {
		name  string
		line  string
		spans []markSpan
		width int
		want  string
	}{
		{"room to spare", "  the council met", []markSpan{{6, 13, "[", "]"}}, 30, "  the [council] met"},
		{"current", "  the council met", []markSpan{{6, 13, ">", "<"}}, 30, "  the >council< met"},
		{"trailing spaces given back", "  the council met  ", []markSpan{{6, 13, "[", "]"}}, 19, "  the [council] met"},
		{"spaces outside the word", "  the council met", []markSpan{{6, 13, "[", "]"}}, 17, "  the[council]met"},
		{"one space is enough", "  the council met", []markSpan{{6, 13, "[", "]"}}, 18, "  the[council] met"},
		{"indent kept", "  council met", []markSpan{{2, 9, "[", "]"}}, 14, "  [council]met"},
		{"indent kept, the rest cut", "  council met", []markSpan{{2, 9, "[", "]"}}, 13, "  [council]me"},
		{"match at the end", "  the council", []markSpan{{6, 13, "[", "]"}}, 20, "  the [council]"},
		{"goes on to the next line", "  the tidal", []markSpan{{6, 11, "[", ""}}, 20, "  the [tidal"},
		{"comes from the line before", "  barrier met", []markSpan{{2, 9, "", "]"}}, 20, "  barrier] met"},
		{"two on a line", "  a b c", []markSpan{{2, 3, "[", "]"}, {6, 7, ">", "<"}}, 20, "  [a] b >c<"},
		{"styled", "  the \x1b[1mcouncil\x1b[0m met", []markSpan{{6, 13, "[", "]"}}, 30, "  the \x1b[1m[council]\x1b[0m met"},
		{"no room at all: cut", "  a,b", []markSpan{{2, 3, "[", "]"}}, 5, "  [a]"},
		{"spans past a cut line", "  the coun", []markSpan{{6, 13, "[", "]"}, {20, 27, "[", "]"}}, 12, "  the [coun]"},
	} {
		got := markPlainLine(c.line, c.spans, c.width)
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
		if w := ansi.StringWidth(got); w > c.width {
			t.Errorf("%s: %d wide, more than %d", c.name, w, c.width)
		}
	}
}

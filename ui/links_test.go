package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

const linkedBrief = "# Links\n\nSee [the report](https://example.org/report/with/a/long/path/that/wraps/over/the/edge) " +
	"and <mailto:desk@example.org> and https://bare.example.com/x, [a brief](other.md) and [bad](javascript:alert(1)).\n"

func TestRenderRecordsLinks(t *testing.T) {
	b, _ := briefs.Parse("links.md", []byte(linkedBrief))
	const report = "https://example.org/report/with/a/long/path/that/wraps/over/the/edge"
	for _, theme := range themes {
		r, err := RenderBrief(b, 40, theme)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range r.Lines {
			if strings.Contains(l, "\x1b]") {
				t.Fatalf("%s: a rendered line holds an OSC sequence: %q", theme, l)
			}
		}
		var drawn string // the report's URL as its links cover it, line by line
		urls := map[string]bool{}
		for _, k := range r.Links {
			urls[k.URL] = true
			text := ansi.Strip(r.Lines[k.Line])
			if k.X1 > len(text) {
				t.Fatalf("%s: link %+v past its line %q", theme, k, text)
			}
			if k.URL == report && strings.HasPrefix(report[len(drawn):], text[k.X0:k.X1]) {
				drawn += text[k.X0:k.X1]
			}
		}
		want := map[string]bool{report: true, "mailto:desk@example.org": true, "https://bare.example.com/x": true}
		if !maps(urls, want) {
			t.Errorf("%s: links to %v, want %v", theme, urls, want)
		}
		if drawn != report {
			t.Errorf("%s: the wrapped URL's links cover %q", theme, drawn)
		}
	}
}

func maps(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func TestReaderDrawsHyperlinks(t *testing.T) {
	b, _ := briefs.Parse("links.md", []byte(linkedBrief))
	r := NewReader(StylesForTheme("dark"), DefaultKeyMap())
	r.SetSize(60, 20)
	r.SetBrief(b, 1, 1)
	rd, err := RenderBrief(b, r.Width(), "dark")
	if err != nil {
		t.Fatal(err)
	}
	r.SetRendered(rd)
	plain := r.View()
	if strings.Contains(plain, "\x1b]") {
		t.Fatal("hyperlinks drawn before SetHyperlinks")
	}
	r.SetHyperlinks(true)
	linked := r.View()
	for _, want := range []string{
		"\x1b]8;;mailto:desk@example.org\x1b\\",
		"\x1b]8;;https://bare.example.com/x\x1b\\",
		"\x1b]8;;https://example.org/report/with/a/long/path/that/wraps/over/the/edge\x1b\\",
	} {
		if !strings.Contains(linked, want) {
			t.Errorf("view lacks %q", want)
		}
	}
	if err := termsafe.CheckLinked(linked); err != nil {
		t.Error(err)
	}
	if ansi.Strip(linked) != ansi.Strip(plain) {
		t.Error("hyperlinks changed the text drawn")
	}
	if strings.Count(linked, "\x1b]8;;h")+strings.Count(linked, "\x1b]8;;m") != strings.Count(linked, termsafe.HyperlinkEnd) {
		t.Error("a hyperlink is left open")
	}
}

func TestWithLinks(t *testing.T) {
	line := "  \x1b[1mab\x1b[m cd 漢字 ef"
	got := withLinks(line, []Link{{X0: 2, X1: 4, URL: "https://a.b"}, {X0: 8, X1: 12, URL: "https://c.d/x y"}, {X0: 13, X1: 99, URL: "javascript:x"}})
	want := "  \x1b[1m\x1b]8;;https://a.b\x1b\\ab\x1b[m\x1b]8;;\x1b\\ cd \x1b]8;;https://c.d/x%20y\x1b\\漢字\x1b]8;;\x1b\\ ef"
	if got != want {
		t.Errorf("withLinks:\n%q\nwant\n%q", got, want)
	}
	back, links := takeLinks(got)
	if back != line || len(links) != 2 || links[1].X0 != 8 || links[1].X1 != 12 {
		t.Errorf("takeLinks(withLinks) = %q, %+v", back, links)
	}
}

func TestParagraphLinks(t *testing.T) {
	body := "First [a](https://a.example) and [b](../b.md \"t\").\n\n" +
		"Second <https://c.example> www.d.example [ref][r] [a again](https://a.example).\n\n" +
		"[r]: brief-id\n"
	second := strings.Index(body, "Second")
	for _, tt := range []struct {
		start, end int
		want       []string
	}{
		{0, second, []string{"https://a.example", "../b.md"}},
		{second, len(body), []string{"https://c.example", "http://www.d.example", "brief-id", "https://a.example"}},
		{0, len(body), []string{"https://a.example", "../b.md", "https://c.example", "http://www.d.example", "brief-id"}},
		{5, 2, nil},
		{-4, 1 << 30, []string{"https://a.example", "../b.md", "https://c.example", "http://www.d.example", "brief-id"}},
	} {
		if got := ParagraphLinks(body, tt.start, tt.end); !slices.Equal(got, tt.want) {
			t.Errorf("ParagraphLinks(%d, %d) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
}

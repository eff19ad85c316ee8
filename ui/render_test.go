package ui

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

var themes = []string{"dark", "light", "ascii", "notty"}

func sampleBrief() *briefs.Brief {
	return &briefs.Brief{ID: "sample", Title: "Sample", Sections: []briefs.Section{
		{Kind: briefs.KindLead, Body: "The lead says what happened, with a [source](https://example.com/report) and **bold** words.\n\nA second paragraph of the lead."},
		{Kind: briefs.KindWhyItMatters, Title: "Why it matters", Body: "Because it changes the budget for everyone who relies on the port.\n\n- one point\n- another point"},
		{Kind: briefs.KindWhatToKnow, Title: "What To Know", Body: "### A sub-heading\n\nDetails inside the section, long enough to wrap at a narrow width of forty columns or so."},
		{Kind: briefs.KindOther, Title: "Empty section"},
		{Kind: briefs.KindWhatHappensNext, Title: "What’s Next?", Body: "A vote on **Tuesday**.\n\n```\ncode stays code\n```"},
	}}
}

func TestRenderBriefSectionStarts(t *testing.T) {
	b := sampleBrief()
	for _, theme := range themes {
		for _, width := range []int{40, 80, 120} {
			t.Run(fmt.Sprintf("%s/%d", theme, width), func(t *testing.T) {
				r, err := RenderBrief(b, width, theme)
				if err != nil {
					t.Fatal(err)
				}
				if r.ID != b.ID || r.Width != width || r.Theme != theme {
					t.Errorf("key = (%q, %d, %q)", r.ID, r.Width, r.Theme)
				}
				if r.Content != strings.Join(r.Lines, "\n") {
					t.Error("Content is not Lines joined")
				}
				if len(r.SectionStarts) != len(b.Sections) {
					t.Fatalf("%d starts for %d sections", len(r.SectionStarts), len(b.Sections))
				}
				if r.SectionStarts[0] != 0 {
					t.Errorf("lead starts at %d", r.SectionStarts[0])
				}
				if !strings.Contains(ansi.Strip(r.Lines[0]), "The lead says") {
					t.Errorf("first line %q is not the lead", ansi.Strip(r.Lines[0]))
				}
				for i, start := range r.SectionStarts {
					if start < 0 || start >= len(r.Lines) {
						t.Fatalf("section %d starts at %d of %d lines", i, start, len(r.Lines))
					}
					if i > 0 && start <= r.SectionStarts[i-1] {
						t.Errorf("starts not increasing: %v", r.SectionStarts)
					}
					if title := b.Sections[i].Title; title != "" {
						if got := ansi.Strip(r.Lines[start]); !strings.Contains(got, title) {
							t.Errorf("section %d line %d = %q, want its title %q", i, start, got, title)
						}
					}
				}
				// Prose wraps within the width (glamour's margin included).
				for i, l := range r.Lines {
					if w := ansi.StringWidth(l); w > width {
						t.Errorf("line %d is %d wide > %d: %q", i, w, width, ansi.Strip(l))
					}
				}
				if isBlankLine(r.Lines[0]) || isBlankLine(r.Lines[len(r.Lines)-1]) {
					t.Error("glamour's blank margin was not trimmed")
				}
			})
		}
	}
}

func TestRenderBriefThemes(t *testing.T) {
	b := sampleBrief()
	dark, _ := RenderBrief(b, 80, "dark")
	light, _ := RenderBrief(b, 80, "light")
	notty, err := RenderBrief(b, 80, "notty")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(dark.Content, "\x1b[") {
		t.Error("dark render has no styling")
	}
	if dark.Content == light.Content {
		t.Error("dark and light renders are identical")
	}
	if strings.ContainsRune(notty.Content, 0x1b) {
		t.Errorf("notty render holds escape sequences: %q", notty.Content)
	}
	if _, err := RenderBrief(b, 80, "no-such-theme"); err == nil {
		t.Error("unknown theme: no error")
	}
}

func TestRenderBriefEmptyAndTiny(t *testing.T) {
	r, err := RenderBrief(&briefs.Brief{ID: "empty"}, 80, "dark")
	if err != nil || len(r.SectionStarts) != 0 || r.Content != "" {
		t.Errorf("empty brief: %+v, %v", r, err)
	}
	r, err = RenderBrief(sampleBrief(), 1, "notty")
	if err != nil || len(r.Lines) == 0 {
		t.Errorf("width 1: %d lines, %v", len(r.Lines), err)
	}
}

func TestRenderMarkdown(t *testing.T) {
	out, err := RenderMarkdown("# Title\n\nText with &#27;[2J and \x1b]52;c;Zm9v\x07 and [x](javascript:alert(1)).\n", 60, "dark")
	if err != nil {
		t.Fatal(err)
	}
	if why := unsafeRendered(out); why != "" {
		t.Fatal(why)
	}
	plain := ansi.Strip(out)
	if !strings.Contains(plain, "Title") || !strings.Contains(plain, "[2J") {
		t.Errorf("text lost: %q", plain)
	}
	if strings.Contains(plain, "javascript") {
		t.Errorf("javascript URL shown: %q", plain)
	}
}

// unsafeRendered reports anything in rendered output that is not text or SGR
// styling.
func unsafeRendered(s string) string {
	if err := termsafe.Check(s, true); err != nil {
		return err.Error()
	}
	return ""
}

// hostileBrief is a brief whose every part carries payloads; the file in
// testdata is split by hand (no dependency on the parser) at its "## " lines.
func hostileBrief(t testing.TB) *briefs.Brief {
	data, err := os.ReadFile("../testdata/hostile.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ToValidUTF8(string(data), "\uFFFD")
	b := &briefs.Brief{ID: "hostile", Title: "Hostile \x1b[31mtitle"}
	parts := strings.Split(text, "\n## ")
	b.Sections = append(b.Sections, briefs.Section{Kind: briefs.KindLead, Body: parts[0]})
	for _, p := range parts[1:] {
		title, body, _ := strings.Cut(p, "\n")
		b.Sections = append(b.Sections, briefs.Section{Kind: briefs.KindOther, Title: title, Body: body})
	}
	// Payloads in titles too.
	b.Sections = append(b.Sections, briefs.Section{Kind: briefs.KindOther, Title: "Evil \x1b]0;x\x07\u202Etitle\u0085 &#27;[2J", Body: "body\x1b[2J"})
	return b
}

func TestRenderHostileBrief(t *testing.T) {
	b := hostileBrief(t)
	for _, theme := range themes {
		for _, width := range []int{40, 80} {
			r, err := RenderBrief(b, width, theme)
			if err != nil {
				t.Fatal(err)
			}
			if why := unsafeRendered(r.Content); why != "" {
				t.Errorf("%s/%d: %s", theme, width, why)
			}
			plain := ansi.Strip(r.Content)
			for _, bad := range []string{"alert(document", "file:", "data:", "]52;", "]8;"} {
				if strings.Contains(plain, bad) {
					t.Errorf("%s/%d: %q survives", theme, width, bad)
				}
			}
			// Kept text: the link text and the allowed link survive.
			for _, want := range []string{"click me", "a javascript link", "https://example.com/path", "html anchor"} {
				if !strings.Contains(plain, want) {
					t.Errorf("%s/%d: text %q lost", theme, width, want)
				}
			}
		}
	}
}

// TestGlamourNeedsSanitize shows that the fence is needed (glamour passes the
// payloads through) and that unsafeRendered can fail.
func TestGlamourNeedsSanitize(t *testing.T) {
	tr, err := newTermRenderer(80, "dark")
	if err != nil {
		t.Fatal(err)
	}
	for _, md := range []string{"raw \x1b]52;c;Zm9v\x07 clipboard", "entity &#27;]52;c;Zm9v&#7; clipboard", "[x](https://example.com)"} {
		out, err := tr.Render(md)
		if err != nil {
			t.Fatal(err)
		}
		if unsafeRendered(out) == "" {
			t.Errorf("glamour output for %q passes the check unsanitised: %q", md, out)
		}
		if lines, _ := renderLines(tr, termsafe.Markdown(md)); unsafeRendered(strings.Join(lines, "\n")) != "" {
			t.Errorf("sanitised render of %q is unsafe", md)
		}
	}
}

func TestRenderCache(t *testing.T) {
	c := NewRenderCache(2)
	if _, ok := c.Get(&briefs.Brief{ID: "a"}, 80, "dark"); ok {
		t.Fatal("empty cache hit")
	}
	c.Put(Rendered{ID: "a", Width: 80, Theme: "dark", Content: "a80"})
	c.Put(Rendered{ID: "a", Width: 60, Theme: "dark", Content: "a60"})
	if r, ok := c.Get(&briefs.Brief{ID: "a"}, 80, "dark"); !ok || r.Content != "a80" {
		t.Fatalf("get a/80 = %q, %v", r.Content, ok)
	}
	if _, ok := c.Get(&briefs.Brief{ID: "a"}, 80, "light"); ok {
		t.Fatal("theme is not part of the key")
	}
	// a/80 was used last, so a/60 is the one to go.
	c.Put(Rendered{ID: "b", Width: 80, Theme: "dark", Content: "b80"})
	if _, ok := c.Get(&briefs.Brief{ID: "a"}, 60, "dark"); ok {
		t.Error("least recently used entry kept")
	}
	if _, ok := c.Get(&briefs.Brief{ID: "a"}, 80, "dark"); !ok {
		t.Error("recently used entry dropped")
	}
	c.Put(Rendered{ID: "b", Width: 80, Theme: "dark", Content: "b80 again"})
	if r, _ := c.Get(&briefs.Brief{ID: "b"}, 80, "dark"); r.Content != "b80 again" || c.Len() != 2 {
		t.Errorf("replace: %q, len %d", r.Content, c.Len())
	}
	// An edited brief (same ID, another hash) is not the cached render.
	c.Put(Rendered{ID: "e", Hash: "v1", Width: 80, Theme: "dark", Content: "old text"})
	if _, ok := c.Get(&briefs.Brief{ID: "e", Hash: "v2"}, 80, "dark"); ok {
		t.Error("the render of an older version was served")
	}
	if r, ok := c.Get(&briefs.Brief{ID: "e", Hash: "v1"}, 80, "dark"); !ok || r.Content != "old text" {
		t.Error("the render of the version cached was not found")
	}
}

func TestRenderCacheConcurrent(t *testing.T) {
	c := NewRenderCache(8)
	b := sampleBrief()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				w := 40 + (g*20+i)%12
				r, err := RenderBrief(b, w, "dark")
				if err != nil {
					t.Error(err)
					return
				}
				c.Put(r)
				if got, ok := c.Get(b, w, "dark"); ok && got.Width != w {
					t.Errorf("got width %d for %d", got.Width, w)
				}
			}
		}()
	}
	wg.Wait()
	if c.Len() > 8 {
		t.Errorf("cache grew to %d", c.Len())
	}
}

func TestTrimPadding(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  \x1b[38;5;252mText\x1b[m\x1b[38;5;252m \x1b[m\x1b[38;5;252m \x1b[m", "  \x1b[38;5;252mText\x1b[m"},
		{"  plain   ", "  plain"},
		{"   ", ""},
		{"\x1b[38;5;252m \x1b[m\x1b[38;5;252m \x1b[m", ""},
		// A heading box: the space on the background colour is part of it.
		{"  \x1b[38;5;228;48;5;63;1m Title \x1b[m\x1b[38;5;252m \x1b[m", "  \x1b[38;5;228;48;5;63;1m Title \x1b[m"},
		{"\x1b[38;5;48m Fg 48 \x1b[m  ", "\x1b[38;5;48m Fg 48\x1b[m"},
		{"\x1b[44m x \x1b[0m  ", "\x1b[44m x \x1b[m"},
	}
	for _, tt := range tests {
		if got := trimPadding(tt.in); got != tt.want {
			t.Errorf("trimPadding(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRenderBriefTitleMarkup(t *testing.T) {
	title := "*Not* [emphasis] <b>tag</b> C#"
	b := &briefs.Brief{ID: "m", Sections: []briefs.Section{{Kind: briefs.KindOther, Title: title, Body: "x"}}}
	r, err := RenderBrief(b, 80, "notty")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(r.Lines[r.SectionStarts[0]]); got != "## "+title {
		t.Errorf("heading line %q, want the title as written", got)
	}
}

// TestRenderDeepNesting: 500 nested list markers (1 KB) took 79 s and 3.4
// GB to render; past the parser's cap of 32 levels the block is shown as
// its source, in full.
func TestRenderDeepNesting(t *testing.T) {
	deep := strings.Repeat("- ", 500) + "deep"
	for _, theme := range themes {
		out, err := RenderMarkdown("Before.\n\n"+deep+"\n\nAfter.", 80, theme)
		if err != nil {
			t.Fatal(err)
		}
		plain := ansi.Strip(out)
		if !strings.Contains(plain, strings.Repeat("- ", 20)) || !strings.Contains(plain, "deep") || !strings.Contains(plain, "After.") {
			t.Errorf("%s: the deep list is not shown as its source:\n%s", theme, plain)
		}
	}
}

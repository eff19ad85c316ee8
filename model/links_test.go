package model

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/colorprofile"
)

// linkLibrary writes a library whose first brief links out (a web page,
// a mail address) and to the other briefs: by file, by ID, from a deep
// paragraph so that coming back has a position to restore.
func linkLibrary(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var alpha strings.Builder
	alpha.WriteString("---\ntitle: Alpha brief\ndate: 2026-02-01\nsource: The Ledger\n---\n\n")
	alpha.WriteString("Read the [report](https://example.org/report?a=1;b=2) and write to <mailto:desk@example.org>.\n\n")
	for i := range 12 {
		fmt.Fprintf(&alpha, "Filler paragraph %d about the harbour, long enough to wrap once or twice at eighty columns of text.\n\n", i+1)
	}
	alpha.WriteString("Compare [the beta brief](sub/beta.md#why) with [the gamma one][g].\n\n")
	alpha.WriteString("An [unsafe link](javascript:alert(1)) and [a missing brief](nowhere.md).\n\n")
	alpha.WriteString("[g]: gamma-id\n")
	files := map[string]string{
		"alpha.md":    alpha.String(),
		"sub/beta.md": "---\ntitle: Beta brief\ndate: 2026-01-20\n---\n\nBeta lead, back to [alpha](../alpha.md).\n",
		"gamma.md":    "---\ntitle: Gamma brief\nid: gamma-id\ndate: 2026-01-10\n---\n\nGamma lead.\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// openedURLs records what a session handed to its browser opener.
type openedURLs struct{ urls []string }

func (o *openedURLs) open(u string) error {
	o.urls = append(o.urls, u)
	return nil
}

// linkHarness is a reader on linkLibrary with alpha open.
func linkHarness(t *testing.T, opts Options) (*harness, *openedURLs) {
	t.Helper()
	rec := &openedURLs{}
	if opts.Library == nil && len(opts.Paths) == 0 {
		opts.Paths, opts.NoWatch = []string{linkLibrary(t)}, true
	}
	opts.OpenURL = rec.open
	opts.Theme = cmpOr(opts.Theme, "dark")
	h := newHarness(t, opts, 80, 24)
	h.send(tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	h.open("alpha.md")
	return h, rec
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (h *harness) open(id string) {
	h.t.Helper()
	next, cmd := h.m.openBrief(id)
	h.m = next.(Model)
	h.run(cmd)
	if b := h.m.OpenBrief(); b == nil || b.ID != id || !h.m.reader.Ready() {
		h.t.Fatalf("brief %s is not open and rendered", id)
	}
}

func (h *harness) backspace() { h.send(tea.KeyPressMsg{Code: tea.KeyBackspace}) }

// selectParagraph enters select mode on the paragraph whose source holds text.
func (h *harness) selectParagraph(text string) {
	h.t.Helper()
	h.key("v")
	b, r := h.m.OpenBrief(), h.m.reader.Rendered()
	for range len(r.Paragraphs) {
		from, _, _ := h.m.reader.Selection()
		p := r.Paragraphs[from]
		if strings.Contains(b.Sections[p.Section].Body[p.Start:p.End], text) {
			return
		}
		h.key("j")
	}
	h.t.Fatalf("no paragraph holds %q", text)
}

func TestOpenLinkHandsTheURLToTheOpener(t *testing.T) {
	t.Parallel()
	h, rec := linkHarness(t, Options{})
	h.key("o") // the paragraph at the top: two links, the first opens
	want := []string{"https://example.org/report?a=1%3Bb=2"}
	if !slices.Equal(rec.urls, want) {
		t.Fatalf("opened %q, want %q", rec.urls, want)
	}
	if !strings.Contains(h.m.status, "link 1 of 2") {
		t.Errorf("status %q does not say there is another link", h.m.status)
	}
	h.key("o") // the next one
	want = append(want, "mailto:desk@example.org")
	if !slices.Equal(rec.urls, want) {
		t.Fatalf("opened %q, want %q", rec.urls, want)
	}

	h.selectParagraph("unsafe link")
	h.key("o")
	if len(rec.urls) != 2 || !strings.Contains(h.m.status, "only http, https and mailto") {
		t.Errorf("a javascript: link: opened %q, status %q", rec.urls, h.m.status)
	}
	h.key("o") // the missing brief is no link to open either
	if len(rec.urls) != 2 || h.m.OpenBrief().ID != "alpha.md" {
		t.Errorf("a link to no brief: opened %q, brief %s", rec.urls, h.m.OpenBrief().ID)
	}
}

func TestOpenLinkServedShowsTheURL(t *testing.T) {
	t.Parallel()
	dir := linkLibrary(t)
	lib := briefs.Load([]string{dir}, briefs.LoadOptions{})
	h, rec := linkHarness(t, Options{Library: lib, Served: true})
	h.key("o")
	if len(rec.urls) != 0 {
		t.Fatalf("a served session started a browser for %q", rec.urls)
	}
	if !strings.Contains(h.m.status, "https://example.org/report?a=1%3Bb=2") || !strings.Contains(h.m.status, "SSH") {
		t.Errorf("status %q does not show the URL", h.m.status)
	}
}

func TestFollowLinkAndBack(t *testing.T) {
	t.Parallel()
	h, _ := linkHarness(t, Options{})
	h.selectParagraph("the beta brief")
	y := h.m.reader.YOffset()
	if y == 0 {
		t.Fatal("the linking paragraph is on the first screen: nothing to restore")
	}
	h.key("o")
	if b := h.m.OpenBrief(); b == nil || b.ID != "sub/beta.md" {
		t.Fatalf("o on a relative link to a brief opened %v", b)
	}
	h.key("o") // beta links back to alpha by a relative path: a second stop
	if b := h.m.OpenBrief(); b.ID != "alpha.md" {
		t.Fatalf("o on ../alpha.md opened %s", b.ID)
	}
	h.backspace()
	if b := h.m.OpenBrief(); b.ID != "sub/beta.md" {
		t.Fatalf("backspace went to %s, want sub/beta.md", b.ID)
	}
	h.backspace()
	if b := h.m.OpenBrief(); b.ID != "alpha.md" || h.m.reader.YOffset() != y {
		t.Fatalf("backspace: brief %s at line %d, want alpha.md at %d", b.ID, h.m.reader.YOffset(), y)
	}
	// Back in select mode on the paragraph, "o" goes on with its second
	// link: a reference link whose target is a brief ID.
	if !strings.Contains(h.selectedText(), "the beta brief") {
		t.Fatalf("backspace did not bring the selection back: %q", h.selectedText())
	}
	h.key("o")
	if b := h.m.OpenBrief(); b.ID != "gamma-id" {
		t.Fatalf("o after coming back opened %s, want gamma-id", b.ID)
	}
	h.backspace()
	h.backspace()
	if b := h.m.OpenBrief(); b.ID != "alpha.md" || !strings.Contains(h.m.status, "no link followed") {
		t.Errorf("backspace with nothing to go back to: brief %s, status %q", b.ID, h.m.status)
	}
}

func TestBackAtAnotherWidth(t *testing.T) {
	t.Parallel()
	h, _ := linkHarness(t, Options{})
	h.selectParagraph("the beta brief")
	top := h.topParagraph()
	h.key("o")
	h.send(tea.WindowSizeMsg{Width: 50, Height: 24})
	h.advance(2 * time.Second) // the resize settles and renders again
	h.backspace()
	if got := h.topParagraph(); got != top {
		t.Errorf("back at width 50 lands on %q, want %q", got, top)
	}
}

// selectedText is the source of the selected paragraphs.
func (h *harness) selectedText() string {
	r, b := h.m.reader.Rendered(), h.m.OpenBrief()
	from, to, ok := h.m.reader.Selection()
	if !ok {
		return ""
	}
	p, q := r.Paragraphs[from], r.Paragraphs[to]
	return b.Sections[p.Section].Body[p.Start:q.End]
}

// topParagraph is the source of the paragraph at the top of the reader.
func (h *harness) topParagraph() string {
	r, b := h.m.reader.Rendered(), h.m.OpenBrief()
	p := r.Paragraphs[r.ParagraphAt(h.m.reader.YOffset())]
	return b.Sections[p.Section].Body[p.Start:p.End]
}

func TestHyperlinksFollowTheTerminal(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		theme   string
		profile colorprofile.Profile
		want    bool
	}{
		{"dark", colorprofile.TrueColor, true},
		{"light", colorprofile.ANSI256, true},
		{"dark", colorprofile.ANSI, false}, // the Linux console prints OSC 8
		{"dark", colorprofile.NoTTY, false},
		{"ascii", colorprofile.TrueColor, false},
		{"notty", colorprofile.TrueColor, false},
	} {
		h, _ := linkHarness(t, Options{Theme: tt.theme})
		h.send(tea.ColorProfileMsg{Profile: tt.profile})
		v := h.view()
		got := strings.Contains(v, "\x1b]8;;https://example.org/report?a=1%3Bb=2\x1b\\")
		if got != tt.want {
			t.Errorf("%s, %v: hyperlink drawn %v, want %v", tt.theme, tt.profile, got, tt.want)
		}
		if !tt.want && strings.Contains(v, "\x1b]") {
			t.Errorf("%s, %v: an OSC sequence is drawn", tt.theme, tt.profile)
		}
		if err := termsafe.CheckLinked(v); err != nil {
			t.Errorf("%s, %v: %v", tt.theme, tt.profile, err)
		}
	}
}

func TestBrowserCommand(t *testing.T) {
	t.Parallel()
	u := "https://x.y/a?b=c&d=e"
	for goos, want := range map[string][]string{
		"linux":   {"xdg-open", u},
		"freebsd": {"xdg-open", u},
		"darwin":  {"open", u},
		"windows": {"rundll32", "url.dll,FileProtocolHandler", u},
	} {
		if got := browserCommand(goos, u).Args; !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", goos, got, want)
		}
	}
}

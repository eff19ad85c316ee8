package model

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/search"
	"github.com/charmbracelet/x/ansi"
)

// searchLibrary is 20 look-alike briefs and two that stand out: one with
// "lighthouse" in its title, one with it only in the body of its
// what-happens-next section, far below the first screen.
func searchLibrary() *briefs.Library {
	bs := make([]*briefs.Brief, 20)
	for i := range bs {
		bs[i] = fxBrief(i + 1)
	}
	bs[4].Title = "The lighthouse keepers vote to strike"
	bs[11].Sections[4].Body += "The lighthouse inspection follows in June.\n"
	return briefs.NewLibrary(bs, nil)
}

func newSearchHarness(t *testing.T, lib *briefs.Library, w, h int) *harness {
	t.Helper()
	return newHarness(t, Options{Library: lib, Theme: "dark", DataDir: t.TempDir()}, w, h)
}

// typeText types s into whatever has the keys, one key press per character.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (h *harness) press(code rune) {
	h.t.Helper()
	h.send(tea.KeyPressMsg{Code: code})
}

func (h *harness) screen() string { return ansi.Strip(h.view()) }

func TestIndexBuiltInBackground(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	if h.m.search.index == nil || h.m.search.index.Len() != 20 {
		t.Fatal("the index was not built after load")
	}
}

func TestQueryNarrowsTheList(t *testing.T) {
	t.Parallel()
	lib := searchLibrary()
	h := newSearchHarness(t, lib, 80, 24)
	h.key("/")
	if !h.m.search.bar.Focused() {
		t.Fatal("/ did not open the query bar")
	}
	h.typeText("lightho") // a prefix while typing
	l := h.m.ListComponent()
	if l.Len() != 2 {
		t.Fatalf("listed %d briefs, want 2", l.Len())
	}
	// The title match ranks first.
	if got := l.Briefs()[0].ID; got != lib.Briefs()[4].ID {
		t.Fatalf("first result %s, want the title match", got)
	}
	scr := h.screen()
	for _, want := range []string{"2 of 20", "/lightho", "Next · ", "lighthouse inspection"} {
		if !strings.Contains(scr, want) {
			t.Errorf("screen lacks %q:\n%s", want, scr)
		}
	}
	requireFits(t, h.view(), 80, 24)
	// The snippet's match is highlighted (reverse video).
	if !strings.Contains(h.view(), "\x1b[7m") {
		t.Error("no highlighted match in the snippets")
	}
	// Every keystroke narrows: one more letter that matches nothing.
	h.typeText("x")
	if n := h.m.ListComponent().Len(); n != 0 {
		t.Fatalf("lighthox listed %d", n)
	}
	if !strings.Contains(h.screen(), "0 of 20") {
		t.Fatalf("count:\n%s", h.screen())
	}
}

func TestStructuredQueryKeepsLibraryOrder(t *testing.T) {
	t.Parallel()
	lib := searchLibrary()
	h := newSearchHarness(t, lib, 80, 24)
	h.key("/")
	h.typeText("tag:climate")
	l := h.m.ListComponent()
	if l.Len() != 20 {
		t.Fatalf("listed %d", l.Len())
	}
	for i, b := range l.Briefs() {
		if b.ID != lib.Briefs()[i].ID {
			t.Fatalf("row %d is %s, want library order", i, b.ID)
		}
	}
}

func TestBadQueryShowsErrorAndKeepsList(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("/")
	h.typeText("lighthouse")
	h.typeText(" (vote")
	if n := h.m.ListComponent().Len(); n != 2 {
		t.Fatalf("a malformed query changed the list to %d", n)
	}
	lines := strings.Split(h.screen(), "\n")
	if !strings.HasPrefix(lines[0], "/lighthouse (vote") {
		t.Fatalf("bar: %q", lines[0])
	}
	caret := strings.Index(lines[1], "^")
	if caret != strings.Index(lines[0], "(") || !strings.Contains(lines[1], "missing ) for this (") {
		t.Fatalf("caret not under the (:\n%s\n%s", lines[0], lines[1])
	}
	requireFits(t, h.view(), 80, 24)
	h.key("enter") // a malformed query is not kept
	if !h.m.search.bar.Focused() {
		t.Fatal("enter closed the bar on a malformed query")
	}
	h.typeText(")")
	if h.m.search.bar.Err() != "" {
		t.Fatalf("error stayed: %s", h.m.search.bar.Err())
	}
	h.key("enter")
	if h.m.search.bar.Focused() || h.m.search.applied != "lighthouse (vote)" {
		t.Fatalf("enter did not keep the query: open %v applied %q", h.m.search.bar.Focused(), h.m.search.applied)
	}
}

func TestMarksQueryNotAvailable(t *testing.T) {
	t.Parallel()
	// Init not run: no notes store, so no marks yet.
	h := bareHarness(t, Options{Library: searchLibrary(), Theme: "dark", DataDir: t.TempDir()})
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if h.m.searchMarks() != nil {
		t.Fatal("marks before the store is open")
	}
	h.key("/")
	h.typeText("is:starre")
	before := h.m.ListComponent().Len()
	h.typeText("d")
	if !strings.Contains(h.screen(), "not available yet") {
		t.Fatalf("no message for is: without marks:\n%s", h.screen())
	}
	if n := h.m.ListComponent().Len(); n != before {
		t.Fatalf("list changed from %d to %d", before, n)
	}
}

func TestEnterKeepsFilterEscClears(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("/")
	h.typeText("lighthouse")
	h.key("enter")
	scr := h.screen()
	if !strings.Contains(strings.Split(scr, "\n")[0], "/lighthouse") {
		t.Fatalf("header does not show the filter:\n%s", scr)
	}
	if h.m.ListComponent().Len() != 2 {
		t.Fatal("filter not kept")
	}
	// Open a result and come back: the filter is still there.
	h.key("j", "enter")
	h.key("esc", "esc") // clear the find highlights, then back
	if h.m.OpenBrief() != nil || h.m.ListComponent().Len() != 2 || h.m.ListComponent().Index() != 1 {
		t.Fatalf("back in the library: open %v, %d listed, selection %d", h.m.OpenBrief(), h.m.ListComponent().Len(), h.m.ListComponent().Index())
	}
	h.key("esc")
	if h.m.ListComponent().Len() != 20 || strings.Contains(h.screen(), "/lighthouse") {
		t.Fatalf("esc did not clear the filter:\n%s", h.screen())
	}
	if !strings.Contains(h.screen(), "20 briefs") {
		t.Fatalf("count after clearing:\n%s", h.screen())
	}
}

func TestEscInBarRestoresFilter(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("/")
	h.typeText("lighthouse")
	h.key("enter", "/")
	h.typeText(" keepers")
	if h.m.ListComponent().Len() != 1 {
		t.Fatalf("narrowed to %d", h.m.ListComponent().Len())
	}
	h.key("esc")
	if h.m.search.bar.Focused() || h.m.ListComponent().Len() != 2 || h.m.search.applied != "lighthouse" {
		t.Fatalf("esc: open %v, %d listed, applied %q", h.m.search.bar.Focused(), h.m.ListComponent().Len(), h.m.search.applied)
	}
}

func TestQueryHistory(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	for _, q := range []string{"alpha", "beta"} {
		h.key("/")
		h.typeText(q)
		h.key("enter", "esc") // keep it, then clear it: the next / starts empty
	}
	h.key("/")
	h.typeText("gam")
	want := []struct {
		key  rune
		text string
	}{{tea.KeyUp, "beta"}, {tea.KeyUp, "alpha"}, {tea.KeyUp, "alpha"}, {tea.KeyDown, "beta"}, {tea.KeyDown, "gam"}}
	for i, w := range want {
		h.press(w.key)
		if got := h.m.search.bar.Value(); got != w.text {
			t.Fatalf("step %d: bar holds %q, want %q", i, got, w.text)
		}
	}
	// Recalling a query also runs it.
	h.press(tea.KeyUp)
	if h.m.search.shown != "beta" {
		t.Fatalf("listed query %q", h.m.search.shown)
	}
}

func TestFindInBrief(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("enter")
	h.key("/")
	if !h.m.find.bar.Focused() {
		t.Fatal("/ in the reader did not open the find bar")
	}
	h.typeText("timetable")
	_, total := h.m.Reader().FindCount()
	if total != 2 { // "the timetable" in the two paragraphs of the last section
		t.Fatalf("%d matches, want 2", total)
	}
	h.key("enter")
	if h.m.find.bar.Focused() {
		t.Fatal("enter did not close the find bar")
	}
	r := h.m.Reader()
	if cur, _ := r.FindCount(); cur != 1 || r.Current() != 4 {
		t.Fatalf("at match %d in section %d, want 1 in the last section", cur, r.Current())
	}
	if !strings.Contains(h.screen(), "match 1/2") {
		t.Fatalf("no counter:\n%s", h.screen())
	}
	h.key("n")
	if cur, _ := h.m.Reader().FindCount(); cur != 2 || !strings.Contains(h.screen(), "match 2/2") {
		t.Fatalf("n: match %d", cur)
	}
	h.key("n") // wraps to the first
	if cur, _ := h.m.Reader().FindCount(); cur != 1 || !strings.Contains(h.m.status, "wrapped") {
		t.Fatalf("n at the last: match %d, status %q", cur, h.m.status)
	}
	h.key("N") // wraps back to the last
	if cur, _ := h.m.Reader().FindCount(); cur != 2 {
		t.Fatalf("N at the first: match %d", cur)
	}
	requireFits(t, h.view(), 80, 24)
	h.key("esc")
	if h.m.Reader().Finding() || strings.Contains(h.screen(), "match ") || h.m.OpenBrief() == nil {
		t.Fatal("esc did not clear the find (or left the reader)")
	}
	h.key("esc")
	if h.m.OpenBrief() != nil {
		t.Fatal("second esc did not go back")
	}
}

func TestFindAcrossSections(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("enter", "/")
	h.typeText(`"paragraph 1"`)
	h.key("enter")
	_, total := h.m.Reader().FindCount()
	if total != 5 { // "Paragraph 1 about" opens each of the five sections
		t.Fatalf("%d matches of the phrase, want 5", total)
	}
	// The section each match is in, from the line it is on.
	sectionOf := func() int {
		r := h.m.Reader()
		line, sec := r.FindLine(), -1
		for i, st := range r.Rendered().SectionStarts {
			if st <= line {
				sec = i
			}
		}
		if top := r.YOffset(); line < top || line >= top+24-5 {
			t.Fatalf("match line %d not on screen (top %d)", line, top)
		}
		return sec
	}
	sections := []int{sectionOf()}
	for range 4 {
		h.key("n")
		sections = append(sections, sectionOf())
	}
	for i, s := range sections {
		if s != i {
			t.Fatalf("n visited sections %v, want 0..4", sections)
		}
	}
}

func TestOpenResultLandsOnFirstMatch(t *testing.T) {
	t.Parallel()
	lib := searchLibrary()
	h := newSearchHarness(t, lib, 80, 24)
	h.key("/")
	h.typeText("inspection")
	h.key("enter", "enter")
	b := h.m.OpenBrief()
	if b == nil || b.ID != lib.Briefs()[11].ID {
		t.Fatalf("opened %v", b)
	}
	r := h.m.Reader()
	cur, total := r.FindCount()
	if cur != 1 || total != 1 {
		t.Fatalf("match %d/%d", cur, total)
	}
	if r.YOffset() == 0 || r.Current() != 4 {
		t.Fatalf("did not scroll to the match: top %d, section %d", r.YOffset(), r.Current())
	}
	if !strings.Contains(h.screen(), "inspection follows") {
		t.Fatalf("match not on screen:\n%s", h.screen())
	}
}

func TestDigest(t *testing.T) {
	t.Parallel()
	lib := searchLibrary()
	h := newSearchHarness(t, lib, 80, 24)
	h.key("D")
	if !h.m.digest.prompt.Focused() || !strings.Contains(h.screen(), "n+enter next") {
		t.Fatalf("D did not ask which section:\n%s", h.screen())
	}
	h.key("n", "enter")
	if h.m.screen != screenDigest {
		t.Fatal("n enter did not open the digest")
	}
	scr := h.screen()
	for _, want := range []string{"Digest · What happens next", "1/20", lib.Briefs()[0].Title, "2026-02-28 · The Coastal Ledger", "Paragraph 1 about the timetable"} {
		if !strings.Contains(scr, want) {
			t.Errorf("digest lacks %q:\n%s", want, scr)
		}
	}
	requireFits(t, h.view(), 80, 24)
	h.key("tab", "tab")
	if h.m.digest.view.Index() != 2 || !strings.Contains(h.screen(), "3/20") {
		t.Fatalf("tab twice: entry %d", h.m.digest.view.Index())
	}
	h.key("enter")
	b := h.m.OpenBrief()
	if b == nil || b.ID != lib.Briefs()[2].ID {
		t.Fatalf("enter opened %v", b)
	}
	if r := h.m.Reader(); r.Current() != 4 || r.YOffset() == 0 {
		t.Fatalf("not at the section: section %d top %d", r.Current(), r.YOffset())
	}
	h.key("esc")
	if h.m.screen != screenDigest || h.m.digest.view.Index() != 2 {
		t.Fatal("esc in the reader did not go back to the digest")
	}
	h.key("esc")
	if h.m.screen != screenLibrary {
		t.Fatal("esc in the digest did not go back to the library")
	}
}

func TestDigestFollowsFilterAndTitles(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("/")
	h.typeText("lighthouse")
	h.key("enter", "D")
	h.typeText("What they")
	h.key("enter")
	if h.m.screen != screenDigest || h.m.digest.view.Len() != 2 {
		t.Fatalf("digest of a title over the filter: %d entries", h.m.digest.view.Len())
	}
	if !strings.Contains(h.screen(), "Paragraph 1 about the quotes") {
		t.Fatalf("wrong section:\n%s", h.screen())
	}
}

// The digest prompt is an input line: what is typed shows, a title that
// starts with w, k or n can be typed, and w, k or n alone is a kind at enter.
func TestDigestPromptShowsWhatIsTyped(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("D")
	lines := strings.Split(h.screen(), "\n")
	if !strings.HasPrefix(lines[0], "Digest of: ") || !strings.Contains(lines[0], "w why · k know · n next") {
		t.Fatalf("no prompt line with its placeholder:\n%s", h.screen())
	}
	if !strings.Contains(lines[1], "w, k or n then enter") {
		t.Fatalf("no hint under the prompt:\n%s", h.screen())
	}
	foot := lines[len(lines)-1]
	if !strings.Contains(foot, "enter show digest") || strings.Contains(foot, "enter keep") {
		t.Fatalf("footer: %q", foot)
	}
	h.typeText("wh")
	if h.m.screen == screenDigest || !h.m.digest.prompt.Focused() {
		t.Fatal("w opened a digest before enter")
	}
	h.press(tea.KeyBackspace)
	h.press(tea.KeyBackspace)
	h.typeText("What they")
	lines = strings.Split(h.screen(), "\n")
	if !strings.HasPrefix(lines[0], "Digest of: What they") || strings.Contains(lines[0], "w why") {
		t.Fatalf("typed text not shown:\n%s", h.screen())
	}
	requireFits(t, h.view(), 80, 24)
	h.typeText("'re saying")
	h.key("enter")
	if h.m.screen != screenDigest || !strings.Contains(h.screen(), "Digest · What they're saying") {
		t.Fatalf("a title starting with w did not open its digest:\n%s", h.screen())
	}
	if !strings.Contains(h.screen(), "Paragraph 1 about the quotes") {
		t.Fatalf("wrong section:\n%s", h.screen())
	}
	for _, c := range []struct{ key, label string }{{"w", "Why it matters"}, {"k", "What to know"}, {"n", "What happens next"}} {
		h.key("esc", "D", c.key, "enter")
		if h.m.screen != screenDigest || !strings.Contains(h.screen(), "Digest · "+c.label) {
			t.Fatalf("%s enter: screen %v\n%s", c.key, h.m.screen, h.screen())
		}
	}
	// A refused answer shows its error in place of the hint, the text kept.
	h.key("esc", "D")
	h.typeText("?!")
	h.key("enter")
	lines = strings.Split(h.screen(), "\n")
	if !strings.HasPrefix(lines[0], "Digest of: ?!") || !strings.Contains(lines[1], "section: expects") {
		t.Fatalf("error not under the prompt:\n%s", h.screen())
	}
}

func TestDigestPromptError(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("D", "enter")
	if !h.m.digest.prompt.Focused() || h.m.digest.prompt.Err() == "" {
		t.Fatal("an empty answer was accepted")
	}
	h.key("esc")
	if h.m.digest.prompt.Focused() || h.m.screen != screenLibrary {
		t.Fatal("esc did not close the prompt")
	}
}

func TestSearchScreensFit(t *testing.T) {
	t.Parallel()
	states := []struct {
		name string
		run  func(h *harness)
	}{
		{"query", func(h *harness) { h.key("/"); h.typeText("lighthouse") }},
		{"query-error", func(h *harness) { h.key("/"); h.typeText("lighthouse (") }},
		{"filtered", func(h *harness) { h.key("/"); h.typeText("lighthouse"); h.key("enter") }},
		{"find", func(h *harness) { h.key("enter", "/"); h.typeText("timetable") }},
		{"found", func(h *harness) { h.key("enter", "/"); h.typeText("timetable"); h.key("enter") }},
		{"prompt", func(h *harness) { h.key("D") }},
		{"prompt-typed", func(h *harness) { h.key("D"); h.typeText("What they") }},
		{"prompt-error", func(h *harness) { h.key("D", "enter") }},
		{"digest", func(h *harness) { h.key("D", "n", "enter", "j", "j") }},
		{"digest-help", func(h *harness) { h.key("D", "n", "enter", "?") }},
	}
	for _, theme := range []string{"dark", "ascii"} {
		for _, st := range states {
			for _, sz := range [][2]int{{80, 24}, {40, 20}} {
				h := newHarness(t, Options{Library: searchLibrary(), Theme: theme, DataDir: t.TempDir()}, sz[0], sz[1])
				st.run(h)
				requireFits(t, h.view(), sz[0], sz[1])
				h.send(tea.WindowSizeMsg{Width: 20, Height: 8})
				requireFits(t, h.view(), 20, 8)
				h.advance(resizeDebounce)
				requireFits(t, h.view(), 20, 8)
			}
		}
	}
}

func TestSharedIndex(t *testing.T) {
	t.Parallel()
	lib := searchLibrary()
	ix := search.NewIndex(lib.Briefs())
	h := newHarness(t, Options{Library: lib, Index: ix, Theme: "dark", DataDir: t.TempDir()}, 80, 24)
	if h.m.search.index != ix {
		t.Fatal("the given index was not used")
	}
}

func TestQueryBeforeIndexReady(t *testing.T) {
	t.Parallel()
	lib := searchLibrary()
	h := bareHarness(t, Options{Library: lib, Theme: "dark", DataDir: t.TempDir()}) // Init not run: no index
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.key("/")
	h.typeText("lighthouse")
	if h.m.search.index != nil {
		t.Fatal("index exists")
	}
	if n := h.m.ListComponent().Len(); n != 2 {
		t.Fatalf("unindexed filter listed %d", n)
	}
	h.send(indexBuiltMsg{ix: search.NewIndex(lib.Briefs()), lib: lib})
	if h.m.search.index == nil || h.m.ListComponent().Len() != 2 || !strings.Contains(h.screen(), "Next · ") {
		t.Fatalf("the index did not re-run the query with snippets:\n%s", h.screen())
	}
}

func TestStaleSearchDropped(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 80, 24)
	h.key("/")
	h.typeText("lighthouse")
	old := h.m.search.seq
	h.send(searchResultMsg{seq: old - 1, src: "vote", list: nil})
	if h.m.ListComponent().Len() != 2 {
		t.Fatal("an older search's result replaced the list")
	}
}

func TestMarksQuery(t *testing.T) {
	t.Parallel()
	lib := searchLibrary()
	h := newSearchHarness(t, lib, 80, 24)
	if h.m.searchMarks() == nil {
		t.Fatal("no marks after Init")
	}
	h.key("j", "j", "s") // star the third brief
	h.key("/")
	h.typeText("is:starred")
	l := h.m.ListComponent()
	if l.Len() != 1 || l.Briefs()[0].ID != lib.Briefs()[2].ID || h.m.search.bar.Err() != "" {
		t.Fatalf("is:starred listed %d (error %q)", l.Len(), h.m.search.bar.Err())
	}
}

func TestStepThroughResults(t *testing.T) {
	t.Parallel()
	lib := searchLibrary()
	h := newSearchHarness(t, lib, 80, 24)
	h.key("/")
	h.typeText("lighthouse")
	h.key("enter", "enter")
	if !strings.Contains(h.screen(), "1/2") {
		t.Fatalf("position not among the results:\n%s", h.screen())
	}
	h.key("ctrl+n")
	if b := h.m.OpenBrief(); b == nil || b.ID != lib.Briefs()[11].ID || !strings.Contains(h.screen(), "2/2") {
		t.Fatalf("ctrl+n opened %v", b)
	}
	if cur, n := h.m.Reader().FindCount(); cur != 1 || n != 1 {
		t.Fatalf("the next result did not land on its match: %d/%d", cur, n)
	}
	h.key("ctrl+n")
	if b := h.m.OpenBrief(); b.ID != lib.Briefs()[11].ID || !strings.Contains(h.m.status, "last result") {
		t.Fatalf("past the last result: %v, status %q", b.ID, h.m.status)
	}
}

func TestClickWithQueryBarOpen(t *testing.T) {
	t.Parallel()
	lib := searchLibrary()
	h := newSearchHarness(t, lib, 80, 24)
	h.key("/")
	h.typeText("vote") // every brief: rows of title, meta, snippet, blank
	// Row 2 of the list starts 2 (bar) + 4 lines down.
	h.send(tea.MouseClickMsg{X: 10, Y: 2 + 4, Button: tea.MouseLeft})
	if i := h.m.ListComponent().Index(); i != 1 {
		t.Fatalf("click selected row %d, want 1", i)
	}
}

// The last word is a prefix only while it is typed: enter keeps the query
// as the command line runs it, whole words, so `/water` enter lists what
// `briefing list --query water` and `briefing search water` list.
func TestEnterKeepsTheQueryAsTheCommandLineRunsIt(t *testing.T) {
	t.Parallel()
	lib := waterLibrary()
	h := newSearchHarness(t, lib, 80, 24)
	h.key("/")
	h.typeText("water")
	if n := h.m.ListComponent().Len(); n != 2 {
		t.Fatalf("listed %d while typing, want 2 (water and waterline)", n)
	}
	h.key("enter")
	q, err := search.ParseQuery("water")
	if err != nil {
		t.Fatal(err)
	}
	cli := search.NewIndex(lib.Briefs()).Filter(q, search.SearchOptions{})
	if got := listedIDs(h); len(cli) != 1 || strings.Join(got, ",") != strings.Join(cli, ",") {
		t.Fatalf("enter kept %v, the command line lists %v", got, cli)
	}
	if !strings.Contains(h.screen(), "1 of 20") {
		t.Fatalf("count after enter:\n%s", h.screen())
	}
	// A word left halfway is kept as that word: "waterl" lists waterline
	// while typed, nothing once kept.
	h.key("/")
	h.typeText("l")
	if n := h.m.ListComponent().Len(); n != 1 {
		t.Fatalf("waterl listed %d while typing, want 1", n)
	}
	h.key("enter")
	if n := h.m.ListComponent().Len(); n != 0 {
		t.Fatalf("waterl kept lists %d, want 0", n)
	}
}

// waterLibrary is searchLibrary with "water" in one brief and "waterline"
// in another: a search for "water" lists both while typing (the last word
// a prefix) and one once the word is complete.
func waterLibrary() *briefs.Library {
	lib := searchLibrary()
	bs := lib.Briefs()
	bs[2].Title = "Waterline marks rise on the harbour wall"
	bs[7].Sections[1].Body += "The water board objects.\n"
	return briefs.NewLibrary(bs, nil)
}

func listedIDs(h *harness) []string {
	var ids []string
	for _, b := range h.m.ListComponent().Briefs() {
		ids = append(ids, b.ID)
	}
	return ids
}

// Esc in the query bar lists again exactly what was listed when it opened:
// the kept prefix results, in their order, the same brief selected.
func TestEscInBarRestoresWhatWasListed(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, waterLibrary(), 80, 24)
	h.key("/")
	h.typeText("water")
	h.key("enter")
	kept := listedIDs(h)
	if len(kept) != 1 {
		t.Fatalf("water kept %d results, want 1 (water, not waterline)", len(kept))
	}
	h.key("j")
	sel := h.m.ListComponent().Selected().ID
	for _, edit := range []string{"", " board", "(("} {
		h.key("/")
		h.typeText(edit)
		h.key("esc")
		if got := listedIDs(h); strings.Join(got, ",") != strings.Join(kept, ",") {
			t.Fatalf("after / %q esc: listed %v, want %v", edit, got, kept)
		}
		if h.m.ListComponent().Selected().ID != sel || h.m.search.applied != "water" {
			t.Fatalf("after / %q esc: selected %s, applied %q", edit, h.m.ListComponent().Selected().ID, h.m.search.applied)
		}
		if !strings.Contains(h.screen(), "1 of 20") {
			t.Fatalf("count after esc:\n%s", h.screen())
		}
	}
}

// While the bar's text does not parse, the list stays the last good query's
// and the count says so, whether the text was typed or recalled; enter
// refuses it.
func TestMalformedQueryCountSaysLastGood(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, waterLibrary(), 80, 24)
	h.key("/")
	h.typeText("water")
	h.key("enter", "esc") // water in the history, the filter cleared
	h.key("/")
	h.typeText("title:(")
	if h.m.search.bar.Err() == "" {
		t.Fatal("title:( parsed")
	}
	check := func(step string, n int) {
		t.Helper()
		lines := strings.Split(h.screen(), "\n")
		if got := h.m.ListComponent().Len(); got != n {
			t.Fatalf("%s: listed %d, want %d", step, got, n)
		}
		count := fmt.Sprintf("%d of 20 (last good)", n)
		if n == 20 {
			count = "20 briefs (last good)"
		}
		if !strings.Contains(lines[0], count) || !strings.Contains(lines[1], "^") {
			t.Fatalf("%s: bar does not say %q with the error:\n%s", step, count, h.screen())
		}
	}
	check("typed", h.m.ListComponent().Len())
	h.press(tea.KeyUp)
	if h.m.search.bar.Value() != "water" || h.m.ListComponent().Len() != 2 || strings.Contains(h.screen(), "last good") {
		t.Fatalf("up: bar %q, %d listed\n%s", h.m.search.bar.Value(), h.m.ListComponent().Len(), h.screen())
	}
	h.press(tea.KeyDown)
	if h.m.search.bar.Value() != "title:(" {
		t.Fatalf("down: bar %q", h.m.search.bar.Value())
	}
	check("recalled", 2)
	h.key("enter")
	if !h.m.search.bar.Focused() {
		t.Fatal("enter kept a malformed query")
	}
	check("after enter", 2)
	h.press(tea.KeyBackspace)
	h.press(tea.KeyBackspace) // "title" parses
	if h.m.search.bar.Err() != "" || strings.Contains(h.screen(), "last good") {
		t.Fatalf("title still says last good:\n%s", h.screen())
	}
	requireFits(t, h.view(), 80, 24)
}

// An empty list says why: a search that matches nothing, a library with no
// briefs.
func TestEmptyListSaysWhy(t *testing.T) {
	t.Parallel()
	h := newSearchHarness(t, searchLibrary(), 60, 20)
	h.key("/")
	h.typeText("zzyzx")
	if s := h.screen(); !strings.Contains(s, "No brief matches zzyzx.") || strings.Contains(s, "esc clears the search") {
		t.Fatalf("typing a query that matches nothing:\n%s", s)
	}
	h.key("enter")
	if s := h.screen(); !strings.Contains(s, "No brief matches zzyzx.") || !strings.Contains(s, "esc clears the search") {
		t.Fatalf("kept query that matches nothing:\n%s", s)
	}
	requireFits(t, h.view(), 60, 20)
	h.key("esc")
	if s := h.screen(); strings.Contains(s, "No brief matches") {
		t.Fatalf("esc cleared the search but the list still says it is empty:\n%s", s)
	}

	// A served library is not the reader's to fill: no word of folders.
	e := newSearchHarness(t, briefs.NewLibrary(nil, nil), 40, 12)
	if s := e.screen(); !strings.Contains(s, "No briefs here.") || strings.Contains(s, "folder") {
		t.Fatalf("an empty served library:\n%s", s)
	}
	requireFits(t, e.view(), 40, 12)
	dir := t.TempDir()
	l := newHarness(t, Options{Paths: []string{dir}, Theme: "notty", NoWatch: true}, 40, 12)
	if s := l.screen(); !strings.Contains(s, "No briefs here.") || !strings.Contains(s, "folder") {
		t.Fatalf("an empty folder:\n%s", s)
	}
	requireFits(t, l.view(), 40, 12)
}

// A session with IndexPath keeps its index in that file: the first builds
// and saves it, the next opens it without indexing or saving, and searches
// the same.
func TestIndexKeptInFile(t *testing.T) {
	t.Parallel()
	lib := searchLibrary()
	path := filepath.Join(t.TempDir(), "cache", "index")
	h := newHarness(t, Options{Library: lib, Theme: "dark", DataDir: t.TempDir(), IndexPath: path}, 80, 24)
	if h.m.search.index == nil {
		t.Fatal("no index after start")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("index not saved: %v", err)
	}
	h.key("/")
	h.typeText("lighthouse")
	first := h.screen()

	msg := openIndex(path, lib).(indexBuiltMsg)
	if msg.save || msg.warning != "" {
		t.Fatalf("second start: save %v, warning %q", msg.save, msg.warning)
	}
	again := newHarness(t, Options{Library: lib, Theme: "dark", DataDir: t.TempDir(), IndexPath: path}, 80, 24)
	if now, _ := os.Stat(path); !now.ModTime().Equal(fi.ModTime()) {
		t.Error("an unchanged library rewrote the index")
	}
	again.key("/")
	again.typeText("lighthouse")
	if got := again.screen(); got != first {
		t.Fatalf("searched from the file:\n%s\nwant:\n%s", got, first)
	}
}

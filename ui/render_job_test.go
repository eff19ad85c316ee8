package ui

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/charmbracelet/x/ansi"
)

// testBudget is a budget small enough that the shapes of pathoShape, at a
// few kilobytes, are past it: the paths a megabyte takes, taken in
// milliseconds. Its clock does not move unless the test moves it.
func testBudget(now func() time.Time) RenderBudget {
	if now == nil {
		t0 := time.Unix(0, 0)
		now = func() time.Time { return t0 }
	}
	return RenderBudget{Time: time.Second, Call: time.Minute, Piece: 2 * time.Millisecond, Now: now}
}

func renderWhole(t *testing.T, b *briefs.Brief, budget RenderBudget) Rendered {
	t.Helper()
	r, err := NewRenderJob(b, 80, "dark", budget).Advance(context.Background(), -1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Partial {
		t.Fatal("a render advanced to its end is partial")
	}
	return r
}

// TestRenderPathoFallsBackToPlain: each shape past the budget is shown as
// plain wrapped text, with a warning that names it, and all its text is
// there; the styled text stays within a small multiple of the markdown.
func TestRenderPathoFallsBackToPlain(t *testing.T) {
	for _, tc := range []struct {
		shape, why string
		size       int
		piece      time.Duration // the budget of a piece, if not testBudget's
	}{
		{"nest", "nested too deep", 1028, 0},
		{"quotes", "nested too deep", 1028, 0},
		{"emphasis", "emphasis", 4 << 10, 0},
		{"table", "table too wide", 4 << 10, 0},
		{"nested8", "too long", 4 << 10, 0}, // an item past the budget
		{"list", "", 16 << 10, 0},           // the same
	} {
		t.Run(tc.shape, func(t *testing.T) {
			md := pathoShape(tc.shape, tc.size)
			budget := testBudget(nil)
			budget.Piece = cmp.Or(tc.piece, budget.Piece)
			r := renderWhole(t, leadBrief(md), budget)
			if tc.why == "" {
				if r.Warning != "" {
					t.Fatalf("warning %q, want none: the shape splits", r.Warning)
				}
			} else if !strings.Contains(r.Warning, tc.why) {
				t.Fatalf("warning %q, want one that says %q", r.Warning, tc.why)
			}
			if a, b := visible(ansi.Strip(r.Content)), visible(md); tc.why != "" && a < b {
				t.Errorf("%d characters shown of %d", a, b)
			}
			for _, l := range r.Lines {
				if w := ansi.StringWidth(l); w > 80 {
					t.Fatalf("a line %d cells wide at width 80", w)
				}
			}
			if len(r.Content) > 16*len(md)+4096 {
				t.Errorf("%d bytes of output for %d of markdown", len(r.Content), len(md))
			}
			if len(r.Paragraphs) == 0 || len(r.SectionStarts) != 1 {
				t.Errorf("%d paragraphs, %d section starts", len(r.Paragraphs), len(r.SectionStarts))
			}
		})
	}
}

// visible counts the bytes of s that are not white space.
func visible(s string) int {
	n := 0
	for i := range len(s) {
		if s[i] > ' ' {
			n++
		}
	}
	return n
}

// TestRenderPlainIsSanitised: text shown plain is scrubbed like styled
// text: no escape sequence, C1 or bidi control from the brief gets out.
func TestRenderPlainIsSanitised(t *testing.T) {
	payload := "\x1b[31mred\x1b]52;c;Zm9v\x07 \u009b31m \u202eevil \x1b[2J"
	for _, md := range []string{
		strings.Repeat("- ", 500) + payload + "\n",   // nested too deep
		strings.Repeat("*_", 2<<10) + payload + "\n", // too many emphasis marks
	} {
		r := renderWhole(t, leadBrief(md), testBudget(nil))
		if r.Warning == "" {
			t.Fatal("not shown plain")
		}
		for _, theme := range []string{"notty", "dark"} {
			r, err := NewRenderJob(leadBrief(md), 80, theme, testBudget(nil)).Advance(context.Background(), -1, 0)
			if err != nil {
				t.Fatal(err)
			}
			if why := unsafeRendered(r.Content); why != "" || strings.ContainsRune(r.Content, 0x202e) {
				t.Errorf("%s: %s", theme, why)
			}
		}
	}
}

// TestRenderNormalHasNoWarning: an ordinary brief is styled whole, within
// the default budget.
func TestRenderNormalHasNoWarning(t *testing.T) {
	r := renderWhole(t, typicalBrief(), DefaultRenderBudget())
	if r.Warning != "" || !strings.Contains(r.Content, "\x1b[") {
		t.Fatalf("warning %q, styled %v", r.Warning, strings.Contains(r.Content, "\x1b["))
	}
}

// TestRenderFenceInRuns: an unclosed code block past the budget of a piece
// is styled in runs of lines, each within it, and every line is there once.
func TestRenderFenceInRuns(t *testing.T) {
	var md strings.Builder
	md.WriteString("```\n")
	for i := range 400 {
		fmt.Fprintf(&md, "line_%04d = %d\n", i, i)
	}
	budget := testBudget(nil)
	j := NewRenderJob(leadBrief(md.String()), 80, "notty", budget)
	scan := newBlockScanner(md.String())
	bl := scan.next()
	if len(bl) != 1 {
		t.Fatalf("%d blocks, want the fence alone", len(bl))
	}
	ps := j.piecesOf(md.String(), bl[0])
	if len(ps) < 4 {
		t.Fatalf("%d pieces: the fence was not cut", len(ps))
	}
	for _, p := range ps {
		if p.plain != "" {
			t.Fatalf("a piece shown plain: %s", p.plain)
		}
	}
	r := renderWhole(t, leadBrief(md.String()), budget)
	if r.Warning != "" {
		t.Fatalf("warning %q", r.Warning)
	}
	plain := ansi.Strip(r.Content)
	for i := range 400 {
		if n := strings.Count(plain, fmt.Sprintf("line_%04d ", i)); n != 1 {
			t.Fatalf("line %d shown %d times", i, n)
		}
	}
	if strings.Contains(plain, "```") || len(r.Paragraphs) != 1 {
		t.Fatalf("fences drawn, or the block is %d paragraphs", len(r.Paragraphs))
	}
}

// TestRenderTimeBudget: once the time budget is spent, glamour is not called
// again and the rest of the brief is plain, with the warning. The clock
// moves a second per reading: the first call spends the whole budget.
func TestRenderTimeBudget(t *testing.T) {
	t0 := time.Unix(0, 0)
	now := func() time.Time { t0 = t0.Add(time.Second); return t0 }
	b := typicalBrief()
	r := renderWhole(t, b, testBudget(now))
	if !strings.Contains(r.Warning, "took too long") {
		t.Fatalf("warning %q", r.Warning)
	}
	last := b.Sections[len(b.Sections)-1]
	if !strings.Contains(ansi.Strip(r.Content), strings.Fields(last.Body)[0]) {
		t.Error("the rest of the brief is not shown")
	}
	if len(r.SectionStarts) != len(b.Sections) {
		t.Errorf("%d starts for %d sections", len(r.SectionStarts), len(b.Sections))
	}
}

// TestRenderBytesBudget: a render whose styled text passes its memory
// budget goes on in plain text.
func TestRenderBytesBudget(t *testing.T) {
	budget := DefaultRenderBudget()
	budget.Bytes = 2000
	b := typicalBrief()
	r := renderWhole(t, b, budget)
	if !strings.Contains(r.Warning, "too large") {
		t.Fatalf("warning %q", r.Warning)
	}
	full := renderWhole(t, b, DefaultRenderBudget())
	if len(r.Content) >= len(full.Content) {
		t.Errorf("%d bytes against %d styled", len(r.Content), len(full.Content))
	}
}

// TestRenderJobParts: a render advanced in parts draws what the whole render
// draws, each part a prefix of the next, so section starts and paragraphs
// found on a part stay true.
func TestRenderJobParts(t *testing.T) {
	var md strings.Builder
	md.WriteString("# Many\n\nlead\n\n")
	for i := range 300 {
		fmt.Fprintf(&md, "## Heading %d\n\nBody of **section** %d.\n\n- a\n- b\n\n", i, i)
	}
	b, _ := briefs.Parse("many.md", []byte(md.String()))
	whole := renderWhole(t, b, DefaultRenderBudget())
	j := NewRenderJob(b, 80, "dark", DefaultRenderBudget())
	var prev Rendered
	parts := 0
	for {
		r, err := j.Advance(context.Background(), len(prev.Lines)+50, 0)
		if err != nil {
			t.Fatal(err)
		}
		parts++
		if !isPrefix(prev.Lines, r.Lines) || !isPrefix(prev.SectionStarts, r.SectionStarts) || !isPrefix(prev.Paragraphs, r.Paragraphs) {
			t.Fatalf("part %d does not hold the part before it", parts)
		}
		if !isPrefix(r.Lines, whole.Lines) || !isPrefix(r.SectionStarts, whole.SectionStarts) || !isPrefix(r.Paragraphs, whole.Paragraphs) {
			t.Fatalf("part %d is not a prefix of the whole render", parts)
		}
		if r.Partial != (r.Content == "") {
			t.Fatalf("part %d: partial %v with %d bytes of content", parts, r.Partial, len(r.Content))
		}
		prev = r
		if !r.Partial {
			break
		}
	}
	if parts < 10 || len(prev.Lines) != len(whole.Lines) || prev.Content != whole.Content {
		t.Fatalf("%d parts, %d lines of %d", parts, len(prev.Lines), len(whole.Lines))
	}
}

func isPrefix[T comparable](a, b []T) bool {
	if len(a) > len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRenderJobCancelled: a render whose context is done does no more work
// and says why; advanced again, it goes on where it stopped.
func TestRenderJobCancelled(t *testing.T) {
	j := NewRenderJob(typicalBrief(), 80, "dark", DefaultRenderBudget())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := j.Advance(ctx, -1, 0)
	if err != context.Canceled || len(r.Lines) != 0 || !r.Partial {
		t.Fatalf("cancelled: %v, %d lines, partial %v", err, len(r.Lines), r.Partial)
	}
	r, err = j.Advance(context.Background(), -1, 0)
	if err != nil || r.Partial || r.Content != renderWhole(t, typicalBrief(), DefaultRenderBudget()).Content {
		t.Fatalf("resumed: %v, partial %v", err, r.Partial)
	}
}

// TestRenderCacheSharesJobs: two sessions asking for one render share its
// job; once complete it is a cached render, and the job leaves.
func TestRenderCacheSharesJobs(t *testing.T) {
	c := NewRenderCache(4)
	b := typicalBrief()
	j1 := c.Job(b, 80, "dark", DefaultRenderBudget())
	if j2 := c.Job(b, 80, "dark", DefaultRenderBudget()); j2 != j1 {
		t.Fatal("a second session got a job of its own")
	}
	if j3 := c.Job(b, 60, "dark", DefaultRenderBudget()); j3 == j1 {
		t.Fatal("another width shares the job")
	}
	if _, err := j1.Advance(context.Background(), 5, 0); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(b, 80, "dark"); ok {
		t.Fatal("a partial render was cached")
	}
	want, err := j1.Advance(context.Background(), -1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Get(b, 80, "dark"); !ok || got.Content != want.Content {
		t.Fatal("the complete render was not cached")
	}
	if c.Job(b, 80, "dark", DefaultRenderBudget()) == j1 {
		t.Fatal("a complete job stayed")
	}
	for i := range 10 { // jobs past the cache's size are dropped
		c.Job(&briefs.Brief{ID: fmt.Sprint(i)}, 80, "dark", DefaultRenderBudget())
	}
	c.mu.Lock()
	n := len(c.jobs)
	c.mu.Unlock()
	if n > 4 {
		t.Fatalf("%d jobs held by a cache of 4", n)
	}
}

// TestRenderHeadingsFirstPart: a brief of thousands of sections shows its
// first screen after rendering a few of them.
func TestRenderHeadingsFirstPart(t *testing.T) {
	b, _ := briefs.Parse("heads.md", []byte("# T\n\nlead\n\n"+pathoShape("headings", 100<<10)))
	if len(b.Sections) < 1000 { // the parser keeps 1,000
		t.Fatalf("%d sections", len(b.Sections))
	}
	j := NewRenderJob(b, 80, "dark", DefaultRenderBudget())
	r, err := j.Advance(context.Background(), 48, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Partial || len(r.Lines) < 48 || len(r.SectionStarts) > 48 {
		t.Fatalf("first part: partial %v, %d lines, %d sections", r.Partial, len(r.Lines), len(r.SectionStarts))
	}
	r, err = j.Advance(context.Background(), -1, 0)
	if err != nil || len(r.SectionStarts) != len(b.Sections) {
		t.Fatalf("%v: %d starts for %d sections", err, len(r.SectionStarts), len(b.Sections))
	}
	for i := 1; i < len(r.SectionStarts); i++ {
		if r.SectionStarts[i] <= r.SectionStarts[i-1] {
			t.Fatalf("section %d starts at %d, after %d", i, r.SectionStarts[i], r.SectionStarts[i-1])
		}
	}
}

// TestScannerCutsLongBlocks: a block longer than the longest parse window is
// read in parts and never parsed whole: a list is cut between its items, a
// fenced code block ends at its closing fence, a paragraph at a blank line.
func TestScannerCutsLongBlocks(t *testing.T) {
	list := pathoShape("list", 3*maxBlockWindow)
	fence := "```\n" + strings.Repeat("code();\n", 3*maxBlockWindow/8) + "```\n\nafter\n"
	para := strings.Repeat("words words\n", 3*maxBlockWindow/12) + "\nafter\n"
	for _, tc := range []struct {
		name, md string
		blocks   int // at least
		firstEnd int // where the first block ends; -1: anywhere
	}{
		{"list", list, 3, -1},
		{"fence", fence, 2, strings.Index(fence, "\n\nafter")},
		{"paragraph", para, 2, strings.Index(para, "\n\nafter")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []block
			for s := newBlockScanner(tc.md); ; {
				bs := s.next()
				if bs == nil {
					break
				}
				got = append(got, bs...)
			}
			if len(got) < tc.blocks || !got[0].cut {
				t.Fatalf("%d blocks, the first cut: %v", len(got), len(got) > 0 && got[0].cut)
			}
			if tc.firstEnd >= 0 && got[0].end != tc.firstEnd {
				t.Fatalf("the first block ends at %d, want %d", got[0].end, tc.firstEnd)
			}
			for i, b := range got {
				if len(b.src) > 2*maxBlockWindow {
					t.Fatalf("block %d parsed in a window of %d bytes", i, len(b.src))
				}
				if i > 0 && b.start < got[i-1].end {
					t.Fatalf("block %d starts at %d, inside the one before (to %d)", i, b.start, got[i-1].end)
				}
			}
			if tc.name == "list" {
				n := 0
				for _, b := range got {
					n += strings.Count(tc.md[b.start:b.end], "- an item")
				}
				if want := strings.Count(tc.md, "- an item"); n != want {
					t.Fatalf("%d items in the blocks, want %d", n, want)
				}
			}
		})
	}
}

// TestRenderJobConcurrent: sessions advancing one shared job at once each
// get a render of the same brief, and the whole one is the same for all.
func TestRenderJobConcurrent(t *testing.T) {
	c := NewRenderCache(4)
	b := typicalBrief()
	want := renderWhole(t, b, DefaultRenderBudget()).Content
	done := make(chan string)
	for range 4 {
		go func() {
			j := c.Job(b, 80, "dark", DefaultRenderBudget())
			var r Rendered
			for r.Lines == nil || r.Partial {
				var err error
				if r, err = j.Advance(context.Background(), len(r.Lines)+7, 0); err != nil {
					done <- err.Error()
					return
				}
			}
			done <- r.Content
		}()
	}
	for range 4 {
		if got := <-done; got != want {
			t.Errorf("a session got %.60q", got)
		}
	}
}

// TestRenderCacheRetriesUnreadable: a brief listed without its text whose
// file cannot be read fails its render, and the failure is not shared: once
// the file is back, the next session to open the brief renders it.
func TestRenderCacheRetriesUnreadable(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	file := filepath.Join(dir, "a.md")
	if err := os.WriteFile(file, []byte("---\ntitle: A\n---\n\nLead text.\n\n## Why it matters\n\nBecause.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	briefs.Load([]string{dir}, briefs.LoadOptions{CacheDir: cache})
	lib := briefs.Load([]string{dir}, briefs.LoadOptions{CacheDir: cache})
	b, ok := lib.Get("a.md")
	if !ok || briefs.HasText(b) {
		t.Fatalf("the brief is not listed from the catalog: %+v", b)
	}
	away := filepath.Join(t.TempDir(), "a.md")
	if err := os.Rename(file, away); err != nil {
		t.Fatal(err)
	}
	c := NewRenderCache(4)
	failed := c.Job(b, 80, "dark", DefaultRenderBudget())
	if _, err := failed.Advance(context.Background(), -1, 0); err == nil || !strings.Contains(err.Error(), "cannot be read") {
		t.Fatalf("a render of a file gone: %v", err)
	}
	if err := os.Rename(away, file); err != nil {
		t.Fatal(err)
	}
	if _, err := failed.Advance(context.Background(), -1, 0); err == nil {
		t.Fatal("a failed job read the file again")
	}
	j := c.Job(b, 80, "dark", DefaultRenderBudget())
	if j == failed {
		t.Fatal("the failed job is still shared")
	}
	r, err := j.Advance(context.Background(), -1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if content := ansi.Strip(r.Content); !strings.Contains(content, "Lead text.") || !strings.Contains(content, "Because.") {
		t.Fatalf("render:\n%s", content)
	}
	if _, ok := c.Get(b, 80, "dark"); !ok {
		t.Fatal("the render was not cached")
	}
}

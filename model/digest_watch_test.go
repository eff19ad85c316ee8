package model

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
)

// digestBrief is a brief file dated 2026-05-dd with a why-it-matters
// section saying why, and a lead mentioning topic.
func digestBrief(title string, day int, topic, why string) string {
	return fmt.Sprintf("---\ndate: 2026-05-%02d\n---\n# %s\n\nA lead about the %s.\n\n## Why It Matters\n\n%s\n", day, title, topic, why)
}

// reload sends the library as it is on disk now, as the watcher would.
func reload(h *harness, dir string) {
	h.t.Helper()
	h.send(LibraryChangedMsg{Library: briefs.Load([]string{dir}, briefs.LoadOptions{})})
}

// digestIDs is the briefs of the digest's entries, in order.
func digestIDs(m Model) []string {
	var ids []string
	for _, e := range m.digest.view.Entries(allIndexes(m.digest.view.Len())) {
		ids = append(ids, e.Brief.ID)
	}
	return ids
}

func allIndexes(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// requireDigestAt fails unless the digest shows ids with want at the top.
func requireDigestAt(t *testing.T, h *harness, want string, ids ...string) {
	t.Helper()
	if h.m.screen != screenDigest {
		t.Fatalf("not on the digest:\n%s", h.screen())
	}
	if got := digestIDs(h.m); strings.Join(got, " ") != strings.Join(ids, " ") {
		t.Fatalf("digest entries %v, want %v:\n%s", got, ids, h.screen())
	}
	e, ok := h.m.digest.view.Current()
	if !ok || e.Brief.ID != want {
		t.Fatalf("current entry %v, want %s", e.Brief, want)
	}
	if strings.Contains(h.screen(), "Rendering") {
		t.Errorf("an entry on screen was left unrendered:\n%s", h.screen())
	}
}

// The digest follows the files on disk: an edited section shows its new
// text, a deleted brief's entry goes, a new brief with the section comes
// in, and the reader stays on the entry it was on (the next one when that
// one is deleted); with none left, the digest says so.
func TestDigestFollowsLibraryOnDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeBriefFile(t, dir, "alpha.md", digestBrief("Alpha quay reopens", 20, "quay", "Alpha reason one."))
	writeBriefFile(t, dir, "bravo.md", digestBrief("Bravo bridge shut", 19, "bridge", "Bravo reason one."))
	writeBriefFile(t, dir, "charlie.md", digestBrief("Charlie canal dredged", 18, "canal", "Charlie reason one."))
	writeBriefFile(t, dir, "ferry.md", ferryMD) // no why-it-matters section
	h := newHarness(t, Options{Library: briefs.Load([]string{dir}, briefs.LoadOptions{}), Theme: "dark"}, 80, 40)

	h.key("D", "w", "enter", "tab")
	requireDigestAt(t, h, "bravo.md", "alpha.md", "bravo.md", "charlie.md")

	writeBriefFile(t, dir, "bravo.md", digestBrief("Bravo bridge shut", 19, "bridge", "Bravo reason two, rewritten."))
	reload(h, dir)
	requireDigestAt(t, h, "bravo.md", "alpha.md", "bravo.md", "charlie.md")
	if s := h.screen(); !strings.Contains(s, "Bravo reason two, rewritten.") || strings.Contains(s, "Bravo reason one.") {
		t.Fatalf("the edited section does not show its new text:\n%s", s)
	}

	// Newer than the others: listed first, the reader still on bravo.
	writeBriefFile(t, dir, "delta.md", digestBrief("Delta dock sold", 21, "dock", "Delta reason one."))
	reload(h, dir)
	requireDigestAt(t, h, "bravo.md", "delta.md", "alpha.md", "bravo.md", "charlie.md")
	if !strings.Contains(h.screen(), "3/4") {
		t.Fatalf("the position does not count the new brief:\n%s", h.screen())
	}
	h.key("g")
	if s := h.screen(); !strings.Contains(s, "Delta dock sold") || !strings.Contains(s, "Delta reason one.") {
		t.Fatalf("the new brief is not in the digest:\n%s", s)
	}
	h.key("tab", "tab")

	if err := os.Remove(filepath.Join(dir, "bravo.md")); err != nil {
		t.Fatal(err)
	}
	reload(h, dir)
	requireDigestAt(t, h, "charlie.md", "delta.md", "alpha.md", "charlie.md")
	if s := h.screen(); strings.Contains(s, "Bravo") || !strings.Contains(s, "3/3") {
		t.Fatalf("the deleted brief's entry is still there:\n%s", s)
	}

	// The last one goes: the nearest is the one before it.
	if err := os.Remove(filepath.Join(dir, "charlie.md")); err != nil {
		t.Fatal(err)
	}
	reload(h, dir)
	requireDigestAt(t, h, "alpha.md", "delta.md", "alpha.md")

	for _, f := range []string{"alpha.md", "delta.md"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	reload(h, dir)
	if h.m.screen != screenDigest || h.m.digest.view.Len() != 0 || !strings.Contains(h.screen(), "No brief in the list has this section.") {
		t.Fatalf("an emptied digest:\n%s", h.screen())
	}
	requireFits(t, h.view(), 80, 40)
	h.key("j", "tab", "G", "enter") // nothing to move to or open
	if h.m.screen != screenDigest {
		t.Fatal("enter in an empty digest left it")
	}
}

// With a kept filter, the digest covers the filter's results on the new
// library: a new brief that matches comes in, one that does not stays out.
func TestDigestFollowsQueryOnDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeBriefFile(t, dir, "alpha.md", digestBrief("Alpha quay reopens", 20, "harbour", "Alpha reason one."))
	writeBriefFile(t, dir, "bravo.md", digestBrief("Bravo bridge shut", 19, "bridge", "Bravo reason one."))
	writeBriefFile(t, dir, "charlie.md", digestBrief("Charlie canal dredged", 18, "harbour", "Charlie reason one."))
	h := newHarness(t, Options{Library: briefs.Load([]string{dir}, briefs.LoadOptions{}), Theme: "dark"}, 80, 40)
	if h.m.search.index == nil {
		h.run(h.m.indexCmd())
	}
	h.key("/")
	h.typeText("harbour")
	h.key("enter", "D", "w", "enter", "tab")
	requireDigestAt(t, h, "charlie.md", "alpha.md", "charlie.md")

	writeBriefFile(t, dir, "delta.md", digestBrief("Delta dock sold", 21, "harbour", "Delta reason one."))
	writeBriefFile(t, dir, "echo.md", digestBrief("Echo road widened", 22, "road", "Echo reason one."))
	writeBriefFile(t, dir, "charlie.md", digestBrief("Charlie canal dredged", 18, "harbour", "Charlie reason two."))
	if err := os.Remove(filepath.Join(dir, "alpha.md")); err != nil {
		t.Fatal(err)
	}
	reload(h, dir)
	requireDigestAt(t, h, "charlie.md", "delta.md", "charlie.md")
	s := h.screen()
	for _, no := range []string{"Echo", "Bravo", "Alpha", "Charlie reason one."} {
		if strings.Contains(s, no) {
			t.Errorf("the digest shows %q:\n%s", no, s)
		}
	}
	if !strings.Contains(s, "Charlie reason two.") || !strings.Contains(s, "2/2") {
		t.Errorf("the digest does not follow the edit:\n%s", s)
	}
}

// A change while a brief opened from the digest is read shows in the
// digest esc goes back to, rendered.
func TestDigestFollowsLibraryBehindReader(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeBriefFile(t, dir, "alpha.md", digestBrief("Alpha quay reopens", 20, "quay", "Alpha reason one."))
	writeBriefFile(t, dir, "bravo.md", digestBrief("Bravo bridge shut", 19, "bridge", "Bravo reason one."))
	h := newHarness(t, Options{Library: briefs.Load([]string{dir}, briefs.LoadOptions{}), Theme: "dark"}, 80, 40)
	h.key("D", "w", "enter", "tab", "enter")
	if b := h.m.OpenBrief(); b == nil || b.ID != "bravo.md" {
		t.Fatalf("opened %v", b)
	}
	writeBriefFile(t, dir, "alpha.md", digestBrief("Alpha quay reopens", 20, "quay", "Alpha reason two."))
	reload(h, dir)
	for i := 0; i < 3 && h.m.screen == screenReader; i++ {
		h.key("esc")
	}
	requireDigestAt(t, h, "bravo.md", "alpha.md", "bravo.md")
	h.key("g")
	if s := h.screen(); !strings.Contains(s, "Alpha reason two.") {
		t.Fatalf("the digest behind the reader did not follow the edit:\n%s", s)
	}
}

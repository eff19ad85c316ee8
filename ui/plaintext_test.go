package ui

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/charmbracelet/x/ansi"
)

// TestPastedArticleParagraphs renders an article pasted as plain text, one
// paragraph a line and no blank lines, and checks that every line of it is
// a paragraph of its own on screen and for the paragraph cursor (`v`), as
// the reader, show and the digest draw it; before, each section ran its
// lines together into one paragraph.
func TestPastedArticleParagraphs(t *testing.T) {
	data, err := os.ReadFile("../briefs/testdata/parse/paste-harbour.txt")
	if err != nil {
		t.Fatal(err)
	}
	b, warns := briefs.Parse("paste-harbour.txt", data)
	if len(warns) > 0 {
		t.Fatalf("warnings %q", warns)
	}
	b.ID = "paste"
	r, err := RenderBrief(b, 80, "notty")
	if err != nil {
		t.Fatal(err)
	}
	perSection := make([]int, len(b.Sections))
	for i, p := range r.Paragraphs {
		perSection[p.Section]++
		src := b.Sections[p.Section].Body[p.Start:p.End]
		if strings.Contains(src, "\n") {
			t.Errorf("paragraph %d holds several lines of the paste: %q", i, src)
		}
		first := strings.Fields(src)[0]
		if !strings.Contains(ansi.Strip(r.Lines[p.First]), first) {
			t.Errorf("paragraph %d: line %q does not start %q", i, ansi.Strip(r.Lines[p.First]), src)
		}
		if i > 0 && r.Paragraphs[i-1].Section == p.Section && p.First < r.Paragraphs[i-1].Last+2 {
			t.Errorf("paragraphs %d and %d are not set apart by a blank line", i-1, i)
		}
	}
	// The lead is the first four lines of the paste: lede, byline, quote, reply.
	if want := []int{4, 3, 2, 2, 2, 2, 3}; !slices.Equal(perSection, want) {
		t.Errorf("paragraphs per section %v, want %v", perSection, want)
	}

	rd := NewReader(NewPlainStyles(), DefaultKeyMap())
	rd.SetSize(80, 30)
	rd.SetBrief(b, 1, 1)
	rd.SetRendered(r)
	if !rd.StartSelect() {
		t.Fatal("StartSelect failed")
	}
	rd.MoveCursor(1, true)
	from, to, ok := rd.Selection()
	if !ok || from != 0 || to != 1 {
		t.Fatalf("selection %d..%d %v", from, to, ok)
	}
	if p := r.Paragraphs[1]; b.Sections[p.Section].Body[p.Start:p.End] != "By A. Writer, Trade Correspondent" {
		t.Errorf("second paragraph of the lead is %q", b.Sections[p.Section].Body[p.Start:p.End])
	}
}

package model

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/ui"
)

// These tests deliver a render in parts themselves, in the order and at
// the sizes they choose: the model's own continuation is dropped, and each
// part is a renderedMsg of the same job the model renders with, as its
// command would send it. A jump to a place not rendered yet must land when
// the part holding it comes.

// jumpBrief is a brief of 61 sections (the lead, then "Part 1" to "Part
// 60") of six paragraphs each, about 1,200 lines at 80x24. "zebra" is in
// the lead, in part 20 and in part 45.
func jumpBrief(t *testing.T) *briefs.Brief { return jumpBriefOf(t, 60) }

// jumpBriefOf is jumpBrief with n parts.
func jumpBriefOf(t *testing.T, n int) *briefs.Brief {
	t.Helper()
	var md strings.Builder
	md.WriteString("# Jumps\n\nThe lead mentions a zebra once, and more words after it.\n\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&md, "## Part %d\n\n", i)
		for p := range 6 {
			fmt.Fprintf(&md, "Paragraph %d of part %d: the council met again and the argument went on, "+
				"with engineers and fishers reading the report differently.", p, i)
			if p == 3 && (i == 20 || i == 45) {
				md.WriteString(" A zebra was seen.")
			}
			md.WriteString("\n\n")
		}
	}
	b, _ := briefs.Parse("jumps.md", []byte(md.String()))
	b.ID, b.Hash = "jumps.md", "h1"
	if len(b.Sections) != n+1 {
		t.Fatalf("%d sections", len(b.Sections))
	}
	return b
}

// jumpHarness opens b at 80x24 and stops after the first part of its
// render. It returns the job the model renders b with and the whole render
// to compare with.
func jumpHarness(t *testing.T, opts Options, b *briefs.Brief) (*harness, *ui.RenderJob, ui.Rendered) {
	t.Helper()
	if opts.Library == nil {
		opts.Library = briefs.NewLibrary([]*briefs.Brief{b}, nil)
	}
	opts.Theme = "notty"
	h := newHarness(t, opts, 80, 24)
	next, cmd := h.m.Update(ui.OpenBriefMsg{ID: b.ID})
	h.m = next.(Model)
	h.firstPart(cmd)
	full, err := ui.RenderBrief(b, h.m.reader.Width(), "notty")
	if err != nil {
		t.Fatal(err)
	}
	return h, h.m.renders().Job(b, h.m.reader.Width(), "notty", h.m.renderBudget()), full
}

// firstPart runs cmd, which opens a brief, and shows the first part of its
// render; the continuation is dropped.
func (h *harness) firstPart(cmd tea.Cmd) {
	h.t.Helper()
	msgs := h.runCmd(cmd)
	if len(msgs) != 1 || !msgs[0].r.Partial {
		h.t.Fatalf("%d renders, the first partial: %v", len(msgs), len(msgs) > 0 && msgs[0].r.Partial)
	}
	next, _ := h.m.Update(msgs[0])
	h.m = next.(Model)
}

// deliver renders job on to at least lines lines (-1: to the end) and
// hands the part to the model. It returns the part and the command the
// model answered with.
func (h *harness) deliver(job *ui.RenderJob, lines int) (ui.Rendered, tea.Cmd) {
	h.t.Helper()
	r, err := job.Advance(context.Background(), lines, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	next, cmd := h.m.Update(renderedMsg{r: r, job: job})
	h.m = next.(Model)
	return r, cmd
}

// bodyHeight is the number of body lines the reader shows.
func bodyHeight(t *testing.T, m Model) int {
	t.Helper()
	r := m.Reader()
	n := len(r.Rendered().Lines) - r.YOffset()
	if !r.Rendered().Partial || n <= 0 {
		t.Fatalf("bodyHeight wants the view at the bottom of a part")
	}
	return n
}

// G (or end) pressed while the render comes: the view stays at the bottom
// of each part, asks for the rest at once, and lands at the end.
func TestJumpBottomWhileRendering(t *testing.T) {
	t.Parallel()
	for _, k := range []tea.KeyPressMsg{keyMsg("G"), {Code: tea.KeyEnd}} {
		t.Run(k.String(), func(t *testing.T) {
			h, job, full := jumpHarness(t, Options{}, jumpBriefOf(t, 150))
			h.send(k)
			bodyH := bodyHeight(t, h.m)
			r, cmd := h.deliver(job, 300)
			if len(full.Lines) <= len(r.Lines)+renderPartLines {
				t.Fatalf("%d lines: the test needs more than the part after %d", len(full.Lines), len(r.Lines))
			}
			if got, want := h.m.Reader().YOffset(), len(r.Lines)-bodyH; got != want {
				t.Fatalf("after a part: top line %d, want %d (the bottom of what came)", got, want)
			}
			msgs := h.runCmd(cmd)
			if len(msgs) != 1 || msgs[0].r.Partial {
				t.Fatalf("the model asked for %d renders, the first partial: %v; want the rest at once",
					len(msgs), len(msgs) > 0 && msgs[0].r.Partial)
			}
			h.send(msgs[0])
			rd := h.m.Reader()
			if got, want := rd.YOffset(), len(full.Lines)-bodyH; got != want || !rd.AtBottom() {
				t.Fatalf("complete: top line %d, want %d; at bottom %v", got, want, rd.AtBottom())
			}
		})
	}
}

// A jump to a section not rendered yet lands on its first line, even when
// the part that brings it ends too soon to put it at the top.
func TestJumpSectionWhileRendering(t *testing.T) {
	t.Parallel()
	for _, keys := range [][]string{{"5"}, {"]", "]", "]", "]"}, {"tab", "tab", "tab", "tab"}} {
		t.Run(strings.Join(keys, ""), func(t *testing.T) {
			h, job, full := jumpHarness(t, Options{}, jumpBrief(t))
			start := full.SectionStarts[4]
			if len(h.m.Reader().Rendered().Lines) > start {
				t.Fatal("the test needs section 4 past the first part")
			}
			h.key(keys...)
			if h.m.Reader().Current() != 4 {
				t.Fatalf("after %v the tab row marks section %d", keys, h.m.Reader().Current())
			}
			h.deliver(job, start+3) // the section's heading, not a screen of it
			h.deliver(job, start+200)
			if rd := h.m.Reader(); rd.YOffset() != start || rd.Current() != 4 {
				t.Fatalf("top line %d in section %d, want %d in 4", rd.YOffset(), rd.Current(), start)
			}
			h.deliver(job, -1)
			if rd := h.m.Reader(); rd.YOffset() != start || rd.Current() != 4 {
				t.Fatalf("complete: top line %d in section %d, want %d in 4", rd.YOffset(), rd.Current(), start)
			}
		})
	}
}

// Another scroll key pressed before the part comes cancels the jump: the
// reader moved on.
func TestJumpCancelledByScroll(t *testing.T) {
	t.Parallel()
	for _, keys := range [][]string{{"G", "k"}, {"5", "j"}, {"G", "g"}} {
		t.Run(strings.Join(keys, ""), func(t *testing.T) {
			h, job, _ := jumpHarness(t, Options{}, jumpBrief(t))
			h.key(keys...)
			y := h.m.Reader().YOffset()
			h.deliver(job, 500)
			h.deliver(job, -1)
			if got := h.m.Reader().YOffset(); got != y {
				t.Fatalf("after %v the view moved from %d to %d when the render came", keys, y, got)
			}
		})
	}
}

// n and N go to the next and previous match in the whole brief: a match in
// a part not rendered yet is landed on when it comes, not skipped by a
// wrap to the top.
func TestFindStepWhileRendering(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		key  string
		want int // the match, 1-based
	}{{"n", 2}, {"N", 3}} {
		t.Run(c.key, func(t *testing.T) {
			h, job, full := jumpHarness(t, Options{}, jumpBrief(t))
			h.key("/", "z", "e", "b", "r", "a", "enter")
			if cur, n := h.m.Reader().FindCount(); cur != 1 || n != 1 {
				t.Fatalf("find in the first part: match %d of %d", cur, n)
			}
			bodyH := len(h.m.Reader().Rendered().Lines) // at least a screen
			h.key(c.key)
			h.deliver(job, full.SectionStarts[10])
			h.deliver(job, -1)
			rd := h.m.Reader()
			cur, n := rd.FindCount()
			line, y := rd.FindLine(), rd.YOffset()
			if cur != c.want || n != 3 || line < y || line >= y+min(bodyH, 20) {
				t.Fatalf("%s: match %d of %d on line %d, top line %d; want match %d of 3 on screen", c.key, cur, n, line, y, c.want)
			}
			if c.key == "n" && strings.Contains(h.m.status, "wrapped") {
				t.Fatalf("status %q", h.m.status)
			}
		})
	}
}

// A find whose only matches are in parts not rendered yet does not say
// "no match": it says they may come, and they are counted when they do.
func TestFindMatchesOnlyInLaterParts(t *testing.T) {
	t.Parallel()
	h, job, _ := jumpHarness(t, Options{}, jumpBrief(t))
	h.key("/", "s", "e", "e", "n", "enter")
	if _, n := h.m.Reader().FindCount(); n != 0 {
		t.Fatalf("the first part has %d matches of seen; the test needs none", n)
	}
	if strings.Contains(h.m.status, "no match") && !strings.Contains(h.m.status, "still rendering") {
		t.Fatalf("status %q while the rest of the brief renders", h.m.status)
	}
	h.deliver(job, -1)
	if _, n := h.m.Reader().FindCount(); n != 2 {
		t.Fatalf("after the whole render: %d matches, want 2", n)
	}
}

// A note's paragraph not rendered yet is where the jump from the notes
// panel lands when it comes, not the start of its section.
func TestNoteJumpWhileRendering(t *testing.T) {
	t.Parallel()
	b := jumpBrief(t)
	sec := 30
	quote := strings.Split(strings.TrimSpace(b.Sections[sec].Body), "\n\n")[4]
	store := openStore(t, t.TempDir())
	if _, err := store.AddNote(context.Background(), notes.Note{Owner: "tester", BriefID: b.ID, BriefHash: b.Hash,
		Section: notes.Section{Index: sec}, Quote: quote, Body: "ask about this"}); err != nil {
		t.Fatal(err)
	}
	h, job, full := jumpHarness(t, Options{Store: store, Owner: "tester"}, b)
	want := -1
	for _, p := range full.Paragraphs {
		if p.Section == sec && strings.Contains(b.Sections[sec].Body[p.Start:p.End], quote) {
			want = max(0, p.First-2)
		}
	}
	if want < 0 || want <= full.SectionStarts[sec]+2 {
		t.Fatalf("the test needs the note's paragraph apart from its section's start (%d)", want)
	}
	if len(h.m.BriefNotes()) != 1 {
		t.Fatalf("%d notes on the brief", len(h.m.BriefNotes()))
	}
	h.key("A", "enter")
	h.deliver(job, full.SectionStarts[sec]+4) // its section begun, not its paragraph
	h.deliver(job, -1)
	if got := h.m.Reader().YOffset(); got != want {
		t.Fatalf("top line %d, want %d (section %d starts at %d)", got, want, sec, full.SectionStarts[sec])
	}
}

// A follower shown a paragraph in a part not rendered yet lands on it
// when it comes, pointer included.
func TestRoomFollowerLandsInLaterPart(t *testing.T) {
	t.Parallel()
	b := jumpBrief(t)
	h := newHarness(t, Options{Library: briefs.NewLibrary([]*briefs.Brief{b}, nil), Theme: "notty", Rooms: serverless{}}, 80, 24)
	full, err := ui.RenderBrief(b, h.m.reader.Width(), "notty")
	if err != nil {
		t.Fatal(err)
	}
	top := full.ParagraphOf(40, 0) + 2
	pos := RoomPosition{BriefID: b.ID, Hash: b.Hash, Section: 40, Top: top, Pointer: top + 1}
	next, cmd := h.m.Update(followMsg(1, pos))
	h.m = next.(Model)
	h.firstPart(cmd)
	job := h.m.renders().Job(b, h.m.reader.Width(), "notty", h.m.renderBudget())
	h.deliver(job, full.Paragraphs[top].Last+2)
	h.deliver(job, -1)
	if got, ptr := spotOf(h.m); got != top || ptr != top+1 || h.m.Reader().YOffset() != full.Paragraphs[top].First {
		t.Fatalf("follower at paragraph %d (line %d), pointer %d; want %d (line %d), %d",
			got, h.m.Reader().YOffset(), ptr, top, full.Paragraphs[top].First, top+1)
	}
}

// A presenter's G while the render comes tells the room the end of the
// brief once it has come, not the end of the first part.
func TestRoomPresenterBottomWhileRendering(t *testing.T) {
	t.Parallel()
	b := jumpBrief(t)
	h := newHarness(t, Options{Library: briefs.NewLibrary([]*briefs.Brief{b}, nil), Theme: "notty", Rooms: serverless{}}, 80, 24)
	h.send(RoomMsg{Room: "standup", State: RoomLive, Role: RolePresenter, Presenter: "ana", Seq: 1})
	next, cmd := h.m.Update(ui.OpenBriefMsg{ID: b.ID})
	h.m = next.(Model)
	h.firstPart(cmd)
	job := h.m.renders().Job(b, h.m.reader.Width(), "notty", h.m.renderBudget())
	h.key("G")
	bodyH := bodyHeight(t, h.m)
	h.deliver(job, 400)
	h.deliver(job, -1)
	full := h.m.Reader().Rendered()
	if full.Partial || !h.m.Reader().AtBottom() {
		t.Fatalf("complete %v, at the bottom %v", !full.Partial, h.m.Reader().AtBottom())
	}
	want := full.ParagraphAt(len(full.Lines) - bodyH)
	if rep := h.m.RoomReport(); rep.Pos.Top != want || rep.Pos.Section != len(b.Sections)-1 {
		t.Fatalf("the presenter reports %+v, want top paragraph %d in section %d", rep.Pos, want, len(b.Sections)-1)
	}
}

// A reading position restored near the end of the first part, too near to
// be put at the top yet, is reached when the next part comes.
func TestReadingPositionWhileRendering(t *testing.T) {
	t.Parallel()
	b := jumpBrief(t)
	store := openStore(t, t.TempDir())
	first, err := ui.NewRenderJob(b, 80, "notty", ui.DefaultRenderBudget()).Advance(context.Background(), 48, 0)
	if err != nil || !first.Partial {
		t.Fatalf("first part: %v, partial %v", err, first.Partial)
	}
	pos := len(first.Lines) - 3
	if err := store.SetPosition(context.Background(), "tester", b.ID, notes.Position{Line: pos}); err != nil {
		t.Fatal(err)
	}
	h, job, _ := jumpHarness(t, Options{Store: store, Owner: "tester"}, b)
	if len(h.m.Reader().Rendered().Lines) != len(first.Lines) {
		t.Fatalf("the model's first part is %d lines, the test's %d", len(h.m.Reader().Rendered().Lines), len(first.Lines))
	}
	h.deliver(job, 400)
	if got := h.m.Reader().YOffset(); got != pos {
		t.Fatalf("top line %d, want the stored %d", got, pos)
	}
}

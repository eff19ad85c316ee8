package model

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/ui"
)

// longBrief is a brief of many sections, longer than two parts of a render.
func longBrief(t *testing.T) *briefs.Brief {
	var md strings.Builder
	md.WriteString("# A long brief\n\nThe lead.\n\n")
	for i := range 400 {
		fmt.Fprintf(&md, "## Part %d\n\nWords of part %d, and **more** of them.\n\nMore.\n\nThe end of it.\n\n", i, i)
	}
	b, _ := briefs.Parse("long.md", []byte(md.String()))
	if len(b.Sections) != 401 {
		t.Fatalf("%d sections", len(b.Sections))
	}
	return b
}

// runCmd runs cmd (and the commands of a batch) and returns the render
// messages it made; it sends the others to the model.
func (h *harness) runCmd(cmd tea.Cmd) []renderedMsg {
	h.t.Helper()
	if cmd == nil {
		return nil
	}
	var out []renderedMsg
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			out = append(out, h.runCmd(c)...)
		}
	case renderedMsg:
		out = append(out, msg)
	default:
		h.send(msg)
	}
	return out
}

// TestRenderInParts: a long brief shows its first screen from the first
// part of its render, the rest comes in later parts while it is open, and a
// part that comes after the reader left it is not followed by another: the
// render stops. Opened again, it goes on to the end.
func TestRenderInParts(t *testing.T) {
	t.Parallel()
	b := longBrief(t)
	h := newHarness(t, Options{Library: briefs.NewLibrary([]*briefs.Brief{b}, nil), Theme: "dark"}, 80, 24)
	next, cmd := h.m.Update(ui.OpenBriefMsg{ID: b.ID})
	h.m = next.(Model)
	msgs := h.runCmd(cmd)
	if len(msgs) != 1 || !msgs[0].r.Partial {
		t.Fatalf("%d renders, the first partial: %v", len(msgs), len(msgs) > 0 && msgs[0].r.Partial)
	}
	next, cont := h.m.Update(msgs[0])
	h.m = next.(Model)
	r := h.m.Reader().Rendered()
	if !h.m.Reader().Ready() || !r.Partial || len(r.Lines) < 24 || len(r.SectionStarts) >= len(b.Sections) {
		t.Fatalf("first part: ready %v, partial %v, %d lines, %d sections", h.m.Reader().Ready(), r.Partial, len(r.Lines), len(r.SectionStarts))
	}
	if !strings.Contains(h.screen(), "The lead.") {
		t.Fatalf("first screen not shown:\n%s", h.screen())
	}
	job := h.m.renders().Job(b, h.m.reader.Width(), "dark", h.m.renderBudget())

	h.key("esc") // back to the library, with the next part on its way
	if h.m.screen != screenLibrary {
		t.Fatal("esc did not leave the reader")
	}
	msgs = h.runCmd(cont)
	if len(msgs) != 1 {
		t.Fatalf("%d renders from the continuation", len(msgs))
	}
	next, cmd = h.m.Update(msgs[0])
	h.m = next.(Model)
	if cmd != nil {
		t.Fatal("a part nobody shows asked for the next one")
	}
	if r := msgs[0].r; job.Complete() || !r.Partial || len(r.Lines) < renderPartLines {
		t.Fatalf("the render went on with nobody reading: partial %v, %d lines", r.Partial, len(r.Lines))
	}

	h.send(ui.OpenBriefMsg{ID: b.ID}) // runs every part
	r = h.m.Reader().Rendered()
	if r.Partial || len(r.SectionStarts) != len(b.Sections) || !job.Complete() {
		t.Fatalf("reopened: partial %v, %d starts for %d sections", r.Partial, len(r.SectionStarts), len(b.Sections))
	}
	if _, ok := h.m.cache.Get(b, h.m.reader.Width(), "dark"); !ok {
		t.Error("the whole render was not cached")
	}
}

// TestRenderWarningOnStatus: a brief shown in part as plain text says so on
// the status line.
func TestRenderWarningOnStatus(t *testing.T) {
	t.Parallel()
	b := &briefs.Brief{ID: "deep.md", Hash: "h", Title: "Deep", Sections: []briefs.Section{
		{Kind: briefs.KindLead, Body: strings.Repeat("- ", 500) + "deep\n"},
	}}
	h := newHarness(t, Options{Library: briefs.NewLibrary([]*briefs.Brief{b}, nil), Theme: "dark"}, 80, 24)
	h.send(ui.OpenBriefMsg{ID: b.ID})
	if !strings.Contains(h.m.status, "plain text") || !strings.Contains(h.screen(), "plain text") {
		t.Fatalf("status %q", h.m.status)
	}
}

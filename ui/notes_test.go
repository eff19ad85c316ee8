package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/notes"
	"github.com/charmbracelet/x/ansi"
)

func TestBlockSpans(t *testing.T) {
	body := "\nFirst paragraph\nstill first.\n\n- one\n- two\n\n  more of two\n\n```\ncode\n\nstill code\n```\n\n> quoted\n> text\n\n---\n\nLast.\n"
	want := []string{
		"First paragraph\nstill first.",
		"- one\n- two\n\n  more of two",
		"```\ncode\n\nstill code\n```",
		"> quoted\n> text\n\n---", // a rule joins the block before it
		"Last.",
	}
	spans := blockSpans(body)
	if len(spans) != len(want) {
		t.Fatalf("%d blocks: %v", len(spans), spans)
	}
	for i, sp := range spans {
		if got := body[sp[0]:sp[1]]; got != want[i] {
			t.Errorf("block %d = %q, want %q", i, got, want[i])
		}
	}
	if len(blockSpans("")) != 0 || len(blockSpans("\n\n  \n")) != 0 {
		t.Error("blank body has blocks")
	}
}

func TestRenderParagraphs(t *testing.T) {
	b := fixtureBrief(1)
	b.Sections[2].Body = "First fact.\n\n- a list item\n- another\n\nLast fact."
	r, err := RenderBrief(b, 60, "notty")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Paragraphs) != 7 {
		t.Fatalf("%d paragraphs, want 7", len(r.Paragraphs))
	}
	prev := -1
	for i, p := range r.Paragraphs {
		if p.First <= prev || p.Last < p.First || p.First < r.SectionStarts[p.Section] {
			t.Fatalf("paragraph %d: %+v (prev last %d)", i, p, prev)
		}
		prev = p.Last
		src := b.Sections[p.Section].Body[p.Start:p.End]
		first := strings.Fields(strings.TrimLeft(src, "- "))[0]
		if !strings.Contains(ansi.Strip(r.Lines[p.First]), first) {
			t.Errorf("paragraph %d: line %q does not start %q", i, ansi.Strip(r.Lines[p.First]), src)
		}
	}
	if got := r.ParagraphOf(2, len("First fact.\n\n")+3); got != 3 {
		t.Errorf("ParagraphOf in the list = %d, want 3", got)
	}
}

func TestReaderSelectionAndMarks(t *testing.T) {
	b := fixtureBrief(1)
	r := NewReader(NewPlainStyles(), DefaultKeyMap())
	r.SetSize(60, 30)
	r.SetBrief(b, 1, 1)
	rd, err := RenderBrief(b, 60, "notty")
	if err != nil {
		t.Fatal(err)
	}
	r.SetRendered(rd)
	if !r.StartSelect() {
		t.Fatal("StartSelect failed")
	}
	r.MoveCursor(1, false)
	r.MoveCursor(1, true) // into another section: refused
	from, to, ok := r.Selection()
	if !ok || from != 1 || to != 1 {
		t.Fatalf("selection %d..%d %v", from, to, ok)
	}
	r.SetParagraphMarks(map[int]ParaMark{3: MarkNote, 4: MarkHighlight})
	view := r.View()
	for _, c := range []struct{ glyph, text string }{
		{">", "Forty thousand"}, {"*", "Fishers worry"}, {"|", "Construction tenders"},
	} {
		found := false
		for _, l := range strings.Split(view, "\n") {
			if strings.Contains(l, c.text) && strings.HasPrefix(strings.TrimLeft(l, " "), c.glyph) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %q at %q:\n%s", c.glyph, c.text, view)
		}
	}
	requireViewFits(t, view, 60, 30)
	r.EndSelect()
	if _, _, ok := r.Selection(); ok {
		t.Fatal("selection after EndSelect")
	}
}

func requireViewFits(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			t.Errorf("line %d is %d wide", i, ansi.StringWidth(l))
		}
	}
}

func TestEditorBuffer(t *testing.T) {
	e := NewEditor(NewPlainStyles(), DefaultKeyMap())
	e.SetSize(30, 12)
	e.Open("Note", "the quote", "ab", "")
	for _, k := range []tea.KeyPressMsg{
		{Code: 'c', Text: "c"}, {Code: tea.KeyEnter}, {Code: 'd', Text: "d"},
		{Code: tea.KeyUp}, {Code: tea.KeyBackspace},
	} {
		e, _ = e.Update(k)
	}
	// up from column 1 of "d" lands after "a"; backspace removes the "a"
	if e.Value() != "bc\nd" {
		t.Fatalf("value %q", e.Value())
	}
	e, _ = e.Update(tea.PasteMsg{Content: "X\x1b[2J"})
	if e.Event() != EditorEdited || !strings.Contains(e.Value(), "X") {
		t.Fatalf("paste: %q", e.Value())
	}
	v := e.View()
	if strings.Contains(v, "\x1b[2J") {
		t.Fatal("control sequence from a paste reached the screen")
	}
	requireViewFits(t, v, 30, e.Height())
	e, _ = e.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if !e.Confirming() || !strings.Contains(e.View(), "Discard this note?") {
		t.Fatal("confirm not shown")
	}
}

// The editor saves on ctrl+s, closes on esc when nothing was written, and
// asks before throwing text away: n goes back to it, y discards it.
func TestEditorKeys(t *testing.T) {
	e := NewEditor(NewPlainStyles(), DefaultKeyMap())
	e.SetSize(30, 12)
	e.Open("Edit note", "q", "kept text ", "kept text")
	if e, _ = e.Update(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}); e.Event() != EditorSave || !e.Focused() {
		t.Fatalf("ctrl+s: event %d, open %v", e.Event(), e.Focused())
	}
	if e, _ = e.Update(tea.KeyPressMsg{Code: tea.KeyEscape}); e.Event() != EditorClosed || e.Focused() {
		t.Fatalf("esc on the saved text: event %d, open %v", e.Event(), e.Focused())
	}
	e.Open("Note", "q", "", "")
	e, _ = e.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if e.Event() != EditorEdited {
		t.Fatalf("typing: event %d", e.Event())
	}
	e, _ = e.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if e.Event() != EditorIdle || !e.Confirming() {
		t.Fatal("esc over new text did not ask")
	}
	if e, _ = e.Update(tea.PasteMsg{Content: "y"}); e.Value() != "x" {
		t.Fatalf("a paste reached the text while asking: %q", e.Value())
	}
	e, _ = e.Update(tea.KeyPressMsg{Code: 'n', Text: "n"})
	if e.Confirming() || !e.Focused() || e.Value() != "x" {
		t.Fatal("n did not go back to the text")
	}
	e, _ = e.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	e, _ = e.Update(tea.KeyPressMsg{Code: 'y', Text: "y"})
	if e.Event() != EditorDiscarded || e.Focused() {
		t.Fatalf("y: event %d, open %v", e.Event(), e.Focused())
	}
}

func TestReviewFilterAndFit(t *testing.T) {
	list := []notes.Note{
		{ID: "1", BriefID: "a", Body: "Tariffs \x1b]0;pwned\x07rise", Quote: "q1", Section: notes.Section{Kind: "lead"}},
		{ID: "2", BriefID: "a", Body: "", Quote: "a highlighted line", Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1}},
		{ID: "3", BriefID: "b", Body: "Ferry strike", Section: notes.Section{Kind: "lead"}},
	}
	for _, sz := range [][2]int{{80, 23}, {40, 19}} {
		v := NewReview(NewPlainStyles(), DefaultKeyMap(), nil)
		v.Open()
		v.SetSize(sz[0], sz[1])
		v.SetNotes(list, map[string]string{"a": "Port tariffs", "b": "Ferry"})
		out := v.View()
		requireViewFits(t, out, sz[0], sz[1])
		if strings.Contains(out, "pwned") && strings.Contains(out, "\x1b]") {
			t.Fatal("note text not sanitised")
		}
		for _, want := range []string{"Port tariffs", "Why it matters", "Ferry"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: no %q:\n%s", sz, want, out)
			}
		}
		v, _ = v.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
		v, _ = v.Update(tea.PasteMsg{Content: "FERRY"})
		if v.Len() != 1 {
			t.Fatalf("filter: %d shown", v.Len())
		}
		if n, _ := v.Selected(); n.ID != "3" {
			t.Fatalf("selected %s", n.ID)
		}
	}
}

// A highlighted paragraph is painted with the marker-pen style in colour
// themes, every line of it; a note's paragraph keeps glamour's styling.
func TestHighlightPaintsTheParagraph(t *testing.T) {
	b := fixtureBrief(1)
	s := NewStyles(true)
	r := NewReader(s, DefaultKeyMap())
	r.SetSize(60, 30)
	r.SetBrief(b, 1, 1)
	rd, err := RenderBrief(b, 60, "dark")
	if err != nil {
		t.Fatal(err)
	}
	r.SetRendered(rd)
	r.SetParagraphMarks(map[int]ParaMark{3: MarkNote, 4: MarkHighlight})
	painted := s.Highlight.Render("x")
	bg := painted[:strings.Index(painted, "x")] // the style's opening sequence
	var hl, note int
	for _, l := range strings.Split(r.View(), "\n") {
		plain := ansi.Strip(l)
		switch {
		case strings.Contains(plain, "Construction tenders"):
			hl++
			if !strings.Contains(l, bg) {
				t.Errorf("highlighted line not painted: %q", l)
			}
		case strings.Contains(plain, "Fishers worry"):
			note++
			if strings.Contains(l, bg) {
				t.Errorf("a note's line is painted as a highlight: %q", l)
			}
		}
	}
	if hl == 0 || note == 0 {
		t.Fatalf("lines not found (highlight %d, note %d):\n%s", hl, note, ansi.Strip(r.View()))
	}
	requireViewFits(t, r.View(), 60, 30)
}

// The panel moves and closes itself; what needs the store it reports with
// the note under the cursor.
func TestNotesPanelKeys(t *testing.T) {
	p := NewNotesPanel(NewPlainStyles(), DefaultKeyMap())
	p.SetSize(40, 20)
	p.SetItems([]PanelItem{{Note: notes.Note{ID: "1", Body: "one"}}, {Note: notes.Note{ID: "2", Body: "two"}}, {Note: notes.Note{ID: "3", Body: "three"}}})
	if p, _ = p.Update(press("j")); p.Event() != PanelIdle {
		t.Fatal("a closed panel took a key")
	}
	p.Open()
	steps := []struct {
		key   string
		event PanelEvent
		id    string
		open  bool
	}{
		{"j", PanelIdle, "2", true},
		{"G", PanelIdle, "3", true},
		{"j", PanelIdle, "3", true},
		{"g", PanelIdle, "1", true},
		{"e", PanelEdit, "1", true},
		{"d", PanelDelete, "1", true},
		{"u", PanelUndo, "1", true},
		{"q", PanelIdle, "1", true}, // not the panel's: it does not quit from here
		{"enter", PanelJump, "1", false},
	}
	for _, st := range steps {
		p, _ = p.Update(press(st.key))
		it, _ := p.Selected()
		if p.Event() != st.event || it.Note.ID != st.id || p.Focused() != st.open {
			t.Fatalf("%s: event %d on %s, open %v; want %d on %s, open %v", st.key, p.Event(), it.Note.ID, p.Focused(), st.event, st.id, st.open)
		}
	}
	p.Open()
	if p, _ = p.Update(press("esc")); p.Focused() || p.Event() != PanelIdle {
		t.Fatal("esc did not close the panel")
	}
	p.SetItems(nil)
	p.Open()
	if p, _ = p.Update(press("e")); p.Event() != PanelIdle {
		t.Fatal("e with no note reported an edit")
	}
}

// The review screen moves, filters and closes itself, and reports enter
// and E; while its filter is edited every key is the filter's.
func TestReviewKeys(t *testing.T) {
	list := []notes.Note{
		{ID: "1", BriefID: "a", Body: "harbour dues", Section: notes.Section{Kind: "lead"}},
		{ID: "2", BriefID: "a", Body: "ferry fares", Section: notes.Section{Kind: "lead"}},
		{ID: "3", BriefID: "b", Body: "harbour wall", Section: notes.Section{Kind: "lead"}},
	}
	v := NewReview(NewPlainStyles(), DefaultKeyMap(), nil)
	v.SetSize(60, 20)
	v.SetNotes(list, map[string]string{"a": "A", "b": "B"})
	v.Open()
	selected := func() string { n, _ := v.Selected(); return n.ID }
	for _, k := range []string{"j", "j", "j"} {
		v, _ = v.Update(press(k))
	}
	if selected() != "3" {
		t.Fatalf("j j j: %s", selected())
	}
	if v, _ = v.Update(press("enter")); v.Event() != ReviewJump || !v.Focused() {
		t.Fatal("enter not reported, or the screen closed before its owner could refuse")
	}
	if v, _ = v.Update(press("E")); v.Event() != ReviewExport {
		t.Fatal("E not reported")
	}
	v, _ = v.Update(press("/"))
	for _, k := range []string{"h", "a", "r", "b", "q", "E"} { // q and E are text here
		v, _ = v.Update(press(k))
	}
	if v.Filter() != "harbqE" || v.Len() != 0 || !v.Focused() {
		t.Fatalf("filter %q, %d shown", v.Filter(), v.Len())
	}
	v, _ = v.Update(press("esc")) // clears the filter and stops editing
	if v.Filter() != "" || v.Editing() || v.Len() != 3 {
		t.Fatalf("esc in the filter: %q, editing %v", v.Filter(), v.Editing())
	}
	v, _ = v.Update(press("/"))
	v, _ = v.Update(tea.PasteMsg{Content: "harbour"})
	v, _ = v.Update(press("enter")) // keeps it
	if v.Filter() != "harbour" || v.Editing() || v.Len() != 2 || v.Event() != ReviewIdle {
		t.Fatalf("enter in the filter: %q, editing %v, %d shown", v.Filter(), v.Editing(), v.Len())
	}
	if v, _ = v.Update(press("q")); v.Focused() {
		t.Fatal("q did not close the screen")
	}
}

package ui

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/search"
	"github.com/charmbracelet/x/ansi"
)

func TestQueryBarEditing(t *testing.T) {
	b := NewQueryBar(NewPlainStyles(), DefaultKeyMap(), ScreenQuery, "/")
	b.SetWidth(40)
	b.Open("")
	steps := []struct {
		msg  tea.Msg
		want string
	}{
		{tea.KeyPressMsg{Code: 'a', Text: "a"}, "a"},
		{tea.KeyPressMsg{Code: 'b', Text: "b"}, "ab"},
		{tea.KeyPressMsg{Code: tea.KeyLeft}, "ab"},
		{tea.KeyPressMsg{Code: 'X', Text: "X", Mod: tea.ModShift}, "aXb"},
		{tea.KeyPressMsg{Code: tea.KeyBackspace}, "ab"},
		{tea.KeyPressMsg{Code: tea.KeyEnd}, "ab"},
		{tea.PasteMsg{Content: " two\nlines"}, "ab two lines"},
		{tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl}, "ab two "},
		{tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}, ""},
		{tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}, ""}, // not text
	}
	for i, st := range steps {
		b, _ = b.Update(st.msg)
		if b.Value() != st.want {
			t.Fatalf("step %d: %q, want %q", i, b.Value(), st.want)
		}
	}
	b.Close()
	if b, _ := b.Update(tea.KeyPressMsg{Code: 'z', Text: "z"}); b.Event() != BarIdle || b.Value() != "" {
		t.Fatal("a closed bar took a key")
	}
}

func TestQueryBarHistory(t *testing.T) {
	b := NewQueryBar(NewPlainStyles(), DefaultKeyMap(), ScreenQuery, "/")
	for _, q := range []string{"one", "two", "two", "  ", "three"} {
		b.Remember(q)
	}
	if got := strings.Join(b.History(), ","); got != "one,two,three" {
		t.Fatalf("history %s", got)
	}
	b.Open("dra")
	var seen []string
	for b.Older() {
		seen = append(seen, b.Value())
	}
	for b.Newer() {
		seen = append(seen, b.Value())
	}
	if got := strings.Join(seen, ","); got != "three,two,one,two,three,dra" {
		t.Fatalf("browsing gave %s", got)
	}
}

// The bar reports enter and esc to its owner and browses its history on
// up and down; a screen that does not enable those keys (the digest
// prompt has no history) gets them as nothing.
func TestQueryBarEvents(t *testing.T) {
	b := NewQueryBar(NewPlainStyles(), DefaultKeyMap(), ScreenQuery, "/")
	b.Remember("older")
	b.Open("new")
	steps := []struct {
		msg   tea.KeyPressMsg
		event BarEvent
		value string
	}{
		{tea.KeyPressMsg{Code: 'x', Text: "x"}, BarEdited, "newx"},
		{tea.KeyPressMsg{Code: tea.KeyLeft}, BarIdle, "newx"},
		{tea.KeyPressMsg{Code: tea.KeyUp}, BarEdited, "older"},
		{tea.KeyPressMsg{Code: tea.KeyUp}, BarIdle, "older"},
		{tea.KeyPressMsg{Code: tea.KeyDown}, BarEdited, "newx"},
		{tea.KeyPressMsg{Code: tea.KeyEnter}, BarApplied, "newx"},
		{tea.KeyPressMsg{Code: tea.KeyEscape}, BarCanceled, "newx"},
	}
	for i, st := range steps {
		b, _ = b.Update(st.msg)
		if b.Event() != st.event || b.Value() != st.value {
			t.Fatalf("step %d: event %d value %q, want %d %q", i, b.Event(), b.Value(), st.event, st.value)
		}
	}
	if !b.Focused() {
		t.Fatal("the bar closed itself: closing is its owner's decision")
	}
	p := NewQueryBar(NewPlainStyles(), DefaultKeyMap(), ScreenDigestPrompt, "Digest of: ")
	p.Remember("why")
	p.Open("")
	if p, _ = p.Update(tea.KeyPressMsg{Code: tea.KeyUp}); p.Event() != BarIdle || p.Value() != "" {
		t.Fatalf("the prompt recalled %q", p.Value())
	}
	if p, _ = p.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); p.Event() != BarApplied {
		t.Fatal("enter in the prompt not reported")
	}
}

func TestQueryBarErrorCaret(t *testing.T) {
	for _, w := range []int{80, 40, 24} {
		b := NewQueryBar(NewPlainStyles(), DefaultKeyMap(), ScreenQuery, "/")
		b.SetWidth(w)
		b.SetRight("3 of 10")
		b.Open("wind (farm")
		_, err := search.ParseQuery(b.Value())
		if err == nil {
			t.Fatal("expected an error")
		}
		b.SetError(err)
		input, caret := b.View(), b.ErrorLine("hint")
		if ansi.StringWidth(input) > w || ansi.StringWidth(caret) > w {
			t.Fatalf("%d: wider than the bar:\n%s\n%s", w, input, caret)
		}
		if at := strings.Index(caret, "^"); at != strings.Index(input, "(") {
			t.Fatalf("%d: caret at %d, ( at %d:\n%s\n%s", w, at, strings.Index(input, "("), input, caret)
		}
		if !strings.Contains(caret, "missing )") && w >= 40 {
			t.Fatalf("%d: message missing: %q", w, caret)
		}
	}
	b := NewQueryBar(NewPlainStyles(), DefaultKeyMap(), ScreenQuery, "/")
	b.SetWidth(40)
	if got := b.ErrorLine("enter keep"); got != "enter keep" {
		t.Fatalf("hint line %q", got)
	}
}

// A query longer than the bar scrolls (the cursor stays on screen): the
// caret still stands under the character the error points at.
func TestQueryBarErrorCaretScrolled(t *testing.T) {
	q := strings.Repeat("word ", 12) + ") tail" // a stray ) at cell 60
	b := NewQueryBar(NewPlainStyles(), DefaultKeyMap(), ScreenQuery, "/")
	b.SetWidth(40)
	b.Open(q)
	_, err := search.ParseQuery(q)
	var qe *search.QueryError
	if !errors.As(err, &qe) {
		t.Fatalf("not a QueryError: %v", err)
	}
	b.SetError(err)
	input, caret := b.View(), b.ErrorLine("")
	at := strings.Index(caret, "^")
	if at < 0 || at >= len(input) || input[at] != ')' {
		t.Fatalf("caret not under the ):\n%s\n%s", input, caret)
	}
	if ansi.StringWidth(input) > 40 || ansi.StringWidth(caret) > 40 {
		t.Fatalf("wider than the bar:\n%s\n%s", input, caret)
	}
}

// Golden-style check of the query bar with an error at 40 columns, plain.
func TestQueryBarErrorView(t *testing.T) {
	b := NewQueryBar(NewPlainStyles(), DefaultKeyMap(), ScreenQuery, "/")
	b.SetWidth(40)
	b.SetRight("2 of 20")
	b.Open(`title:"open`)
	_, err := search.ParseQuery(b.Value())
	b.SetError(err)
	got := b.View() + "\n" + b.ErrorLine("")
	want := "/title:\"open_" + strings.Repeat(" ", 40-13-7) + "2 of 20\n" +
		"       ^ unterminated quote"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestStyleSpans(t *testing.T) {
	line := "\x1b[38;5;252mThe water board\x1b[0m and \x1b[1mwater\x1b[0m"
	plain := plainText(line)
	if plain != "The water board and water" {
		t.Fatalf("plain %q", plain)
	}
	out := styleSpans(line, []styledSpan{{lo: 4, hi: 9, sgr: "\x1b[7m"}, {lo: 20, hi: 25, sgr: "\x1b[7m"}})
	if ansi.Strip(out) != plain {
		t.Fatalf("text changed: %q", ansi.Strip(out))
	}
	// The first match is on, then the line's colour is restored after it.
	if !strings.Contains(out, "\x1b[7mwater\x1b[0m\x1b[38;5;252m board") {
		t.Fatalf("first span: %q", out)
	}
	// Inside a span, the line's own SGR is followed by the span's again.
	if !strings.Contains(out, "\x1b[1m\x1b[7mwater") {
		t.Fatalf("second span: %q", out)
	}
}

func TestFindAcrossWrappedLines(t *testing.T) {
	b := &briefs.Brief{ID: "x", Title: "x", Sections: []briefs.Section{{Kind: briefs.KindLead, Body: "alpha"}}}
	r := NewReader(NewStyles(true), DefaultKeyMap())
	r.SetSize(40, 20)
	r.SetBrief(b, 1, 1)
	r.SetRendered(Rendered{ID: "x", Width: 40, Theme: "dark",
		Lines:         []string{"  the harbour", "  \x1b[1mboard\x1b[0m met; the harbour board", "  voted"},
		SectionStarts: []int{0}})
	q, err := search.ParseQuery(`"harbour board"`)
	if err != nil {
		t.Fatal(err)
	}
	r.SetFind(q)
	if cur, n := r.FindCount(); cur != 1 || n != 2 {
		t.Fatalf("match %d of %d, want 1 of 2", cur, n)
	}
	// The phrase wrapped over lines 0-1 is two pieces of one match.
	if len(r.find.pieces) != 3 || r.find.pieces[0].m != 0 || r.find.pieces[1].m != 0 || r.find.pieces[1].line != 1 {
		t.Fatalf("pieces %+v", r.find.pieces)
	}
	view := r.View()
	if !strings.Contains(ansi.Strip(view), "match 1/2") {
		t.Fatalf("no counter:\n%s", ansi.Strip(view))
	}
	if r.FindStep(1) || r.FindStep(1) != true {
		t.Fatal("the second step should wrap, the first not")
	}
	requireFits(t, r.View(), 40, 20)
}

func TestSnippetLine(t *testing.T) {
	s := NewStyles(true)
	sn := Snippet{Label: "Why", Text: "the \x1b[2Jwater board", Matches: [][2]int{{8, 13}}}
	got := SnippetLine(s, sn, 30)
	if strings.Contains(got, "\x1b[2J") {
		t.Fatal("control sequence from a brief reached the screen")
	}
	if ansi.Strip(got) != "Why · the water board" {
		t.Fatalf("snippet %q", ansi.Strip(got))
	}
	if w := ansi.StringWidth(SnippetLine(s, sn, 10)); w > 10 {
		t.Fatalf("width %d", w)
	}
}

func TestDigestView(t *testing.T) {
	var es []briefs.DigestEntry
	for i := 1; i <= 50; i++ {
		b := fixtureBrief(i)
		es = append(es, briefs.DigestEntry{Brief: b, Section: 0})
	}
	d := NewDigest(NewPlainStyles(), DefaultKeyMap())
	d.SetSize(40, 12)
	d.SetRenderKey(40, "ascii")
	d.SetEntries("What happens next", es)
	if on, all := d.Wanted(0), d.Wanted(DigestMargin); len(on) == 0 || len(all) != len(on)+DigestMargin {
		t.Fatalf("wanted %v on screen, %v with the margin", on, all)
	}
	want := d.Wanted(DigestMargin)
	if len(want) == 0 || len(want) > 10 {
		t.Fatalf("wanted %v: only the screen and a margin", want)
	}
	d.MarkPending(want)
	if len(d.Wanted(DigestMargin)) != 0 {
		t.Fatal("pending entries asked for again")
	}
	bodies, err := RenderDigestBodies(d.Entries(want), 40, "ascii")
	if err != nil {
		t.Fatal(err)
	}
	m := map[int][]string{}
	for i, b := range bodies {
		m[want[i]] = b
	}
	d.SetBodies(d.Gen(), 40, "dark", m) // another theme: dropped
	if strings.Contains(d.View(), fixtureBrief(1).Sections[0].Body[:10]) {
		t.Fatal("a render for another theme was shown")
	}
	d.SetBodies(d.Gen(), 40, "ascii", m)
	view := d.View()
	requireFits(t, view, 40, 12)
	lines := strings.Split(view, "\n")
	if !strings.HasPrefix(lines[0], "Digest | What happens next") || !strings.HasSuffix(lines[0], "1/50") {
		t.Fatalf("heading %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "> ") {
		t.Fatalf("current entry not marked: %q", lines[1])
	}
	for range 3 {
		d, _ = d.Update(press("tab"))
	}
	if d.Index() != 3 || !strings.Contains(d.View(), "4/50") {
		t.Fatalf("tab: entry %d", d.Index())
	}
	d, _ = d.Update(press("G"))
	if d.Index() != 49 {
		t.Fatalf("G: entry %d", d.Index())
	}
	requireFits(t, d.View(), 40, 12)
}

// The placeholder shows in the empty input only, within the width; the
// prompt's enter says what it does, not the bars' "keep".
func TestQueryBarPlaceholderAndPromptHelp(t *testing.T) {
	b := NewQueryBar(NewPlainStyles(), DefaultKeyMap(), ScreenDigestPrompt, "Digest of: ")
	b.SetPlaceholder("w why · k know · n next · or a section title")
	for _, w := range []int{80, 20} {
		b.SetWidth(w)
		b.Open("")
		if v := b.View(); !strings.Contains(v, "w why") || ansi.StringWidth(v) > w {
			t.Fatalf("%d: empty input %q", w, v)
		}
		b, _ = b.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
		if v := b.View(); strings.Contains(v, "w why") || !strings.Contains(v, "Digest of: x") {
			t.Fatalf("%d: typed input %q", w, v)
		}
	}
	k := DefaultKeyMap()
	if h := k.forScreen(ScreenDigestPrompt).Apply.Help().Desc; h != "show digest" {
		t.Fatalf("prompt's enter: %q", h)
	}
	if h := k.forScreen(ScreenDigestPrompt).forScreen(ScreenQuery).Apply.Help().Desc; h != "keep" {
		t.Fatalf("query bar's enter: %q", h)
	}
}

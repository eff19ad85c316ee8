package model

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// sendCollect is send that also returns every message the commands made,
// those Bubble Tea handles itself (the clipboard) included.
func (h *harness) sendCollect(msg tea.Msg) []tea.Msg {
	h.t.Helper()
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	var out []tea.Msg
	var walk func(tea.Cmd)
	walk = func(c tea.Cmd) {
		if c == nil {
			return
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				walk(c)
			}
		default:
			out = append(out, msg)
			h.send(msg)
		}
	}
	walk(cmd)
	return out
}

// clipboard is what the messages set the clipboard to with OSC 52.
func clipboard(msgs []tea.Msg) (string, bool) {
	want := reflect.TypeOf(tea.SetClipboard("")())
	for _, m := range msgs {
		if reflect.TypeOf(m) == want {
			return reflect.ValueOf(m).String(), true
		}
	}
	return "", false
}

func TestCopySelection(t *testing.T) {
	t.Parallel()
	h, _ := linkHarness(t, Options{})
	h.selectParagraph("Filler paragraph 1 ")
	h.key("J")
	got, ok := clipboard(h.sendCollect(keyMsg("y")))
	if !ok {
		t.Fatal("y set no clipboard")
	}
	want := "# Alpha brief\n\n2026-02-01 · The Ledger\n\n" +
		"Filler paragraph 1 about the harbour, long enough to wrap once or twice at eighty columns of text.\n\n" +
		"Filler paragraph 2 about the harbour, long enough to wrap once or twice at eighty columns of text.\n"
	if got != want {
		t.Errorf("copied\n%q\nwant\n%q", got, want)
	}
	if !strings.Contains(h.m.status, "copied 2 paragraphs") || h.m.reader.Selecting() {
		t.Errorf("after y: status %q, selecting %v", h.m.status, h.m.reader.Selecting())
	}
}

func TestCopyRefusesPastTheCap(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := "---\ntitle: Big\n---\n\n" + strings.Repeat("word ", maxCopyBytes/5+100) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "big.md"), []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Paths: []string{dir}, NoWatch: true, Theme: "notty"}, 80, 24)
	h.open("big.md")
	h.key("v")
	msgs := h.sendCollect(keyMsg("y"))
	if _, ok := clipboard(msgs); ok {
		t.Fatal("a selection over the cap was copied")
	}
	if !strings.Contains(h.m.status, "not copied") || !strings.Contains(h.m.status, "100 KB") {
		t.Errorf("status %q", h.m.status)
	}
}

package ui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func TestActionNames(t *testing.T) {
	names := strings.Join(ActionNames(), " ")
	for _, want := range []string{"up", "down", "next_section", "half_page_up", "toc", "mark_shown_read", "force_quit", "find_next"} {
		if !strings.Contains(" "+names+" ", " "+want+" ") {
			t.Errorf("no action %q in %s", want, names)
		}
	}
}

func TestConfigureColemak(t *testing.T) {
	k := DefaultKeyMap()
	problems := k.Configure([]KeyBinding{
		{Screen: "all", Action: "down", Keys: []string{"n", "down"}},
		{Screen: "all", Action: "up", Keys: []string{"e", "up"}},
		{Screen: "reader", Action: "find_next", Keys: []string{"k"}},
		{Screen: "notes", Action: "edit_note", Keys: []string{"E"}},
		{Screen: "all", Action: "edit", Keys: []string{"ctrl+e"}},
	})
	for _, p := range problems {
		t.Errorf("problem %d: %s", p.Index, p.Msg)
	}
	k.SetScreen(ScreenLibrary)
	if !key.Matches(press("n"), k.Down) || key.Matches(press("j"), k.Down) {
		t.Errorf("library: down is %v", k.Down.Keys())
	}
	if k.Down.Help().Key != "n/down" {
		t.Errorf("help shows %q", k.Down.Help().Key)
	}
	var inHelp bool
	for _, col := range k.FullHelp() {
		for _, b := range col {
			if b.Enabled() && b.Help().Key == "e/up" {
				inHelp = true
			}
		}
	}
	if !inHelp {
		t.Error("the help does not show up as e/up")
	}
	k.SetScreen(ScreenReader)
	if !key.Matches(press("k"), k.FindNext) || !key.Matches(press("e"), k.Up) || !key.Matches(tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl}, k.Edit) {
		t.Errorf("reader: find_next %v, up %v, edit %v", k.FindNext.Keys(), k.Up.Keys(), k.Edit.Keys())
	}
}

func TestConfigurePerScreenAndDisabled(t *testing.T) {
	k := DefaultKeyMap()
	if p := k.Configure([]KeyBinding{
		{Screen: "reader", Action: "next_section", Keys: []string{"tab", "]", "}"}},
		{Screen: "library", Action: "warnings", Disabled: true},
	}); len(p) != 0 {
		t.Fatalf("problems: %v", p)
	}
	k.SetScreen(ScreenReader)
	if !key.Matches(press("}"), k.NextSection) || !key.Matches(press("tab"), k.NextSection) {
		t.Errorf("reader: next_section is %v", k.NextSection.Keys())
	}
	k.SetScreen(ScreenLibrary)
	if k.Warnings.Enabled() || key.Matches(press("w"), k.Warnings) {
		t.Error("warnings is still on in the library")
	}
	// A copy set for another screen gets that screen's keys back.
	k.SetScreen(ScreenTOC)
	if key.Matches(press("}"), k.NextSection) {
		t.Error("the reader's rebinding leaks into the toc")
	}
}

func TestConfigureRefuses(t *testing.T) {
	k := DefaultKeyMap()
	problems := k.Configure([]KeyBinding{
		{Screen: "reader", Action: "toc", Keys: []string{"]"}},     // next_section's
		{Screen: "reader", Action: "no_such", Keys: []string{"x"}}, // unknown action
		{Screen: "nowhere", Action: "up", Keys: []string{"x"}},     // unknown screen
		{Screen: "all", Action: "force_quit", Disabled: true},      // the way out
		{Screen: "reader", Action: "back", Keys: []string{"\x1b[31m"}},
	})
	if len(problems) != 5 {
		t.Fatalf("want 5 problems, got %v", problems)
	}
	if m := problems[0].Msg; !strings.Contains(m, "toc") || !strings.Contains(m, "next_section") {
		t.Errorf("conflict does not name both actions: %s", m)
	}
	for i, p := range problems {
		if p.Index != i {
			t.Errorf("problem %d has index %d: %s", i, p.Index, p.Msg)
		}
	}
	k.SetScreen(ScreenReader)
	if key.Matches(press("]"), k.TOC) || !key.Matches(press("t"), k.TOC) {
		t.Errorf("refused rebinding applied: toc is %v", k.TOC.Keys())
	}
}

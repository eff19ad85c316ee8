package model

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// TestFlow runs the real program: start, open a brief, jump to What Happens
// Next, go back, quit. It asserts on the final model; WaitFor is used only
// for text that appears on screen for the first time.
func TestFlow(t *testing.T) {
	t.Parallel()
	lib := fxLibrary(4)
	tm := teatest.NewTestModel(t, New(Options{Library: lib, Theme: "dark"}),
		teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	waitFor := func(s string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(5*time.Second))
	}
	waitFor("4 briefs")

	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Paragraph 1 about the vote")

	tm.Send(tea.KeyPressMsg{Code: '5', Text: "5"})
	waitFor("timetable") // below the first screen until the jump

	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	waitFor("newest first") // the library's title bar, not drawn while reading
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})

	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if fm.OpenBrief() != nil {
		t.Fatal("ended in the reader")
	}
	if fm.ListComponent().Index() != 0 {
		t.Fatalf("selection %d", fm.ListComponent().Index())
	}
	r := fm.Reader()
	if r.Brief() == nil || r.Brief().ID != lib.Briefs()[0].ID {
		t.Fatal("the first brief was not the one read")
	}
	if kind := r.Brief().Sections[r.Current()].Title; kind != "What happens next" {
		t.Fatalf("last section marked %q, want What happens next", kind)
	}
}

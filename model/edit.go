package model

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/internal/termsafe"
)

// This file is "e": the open brief's file in the reader's editor
// ($VISUAL, else $EDITOR, else vi), on the reader's own terminal, which
// Bubble Tea hands over for the time the editor runs. Only locally: a
// served session would start the editor on the server. The reader
// follows the save as it follows any change on disk (the watcher); a
// session that does not watch reads its files again when the editor ends.

// editReadyMsg says the file of the brief to edit is there.
type editReadyMsg struct {
	id, path string
	err      error
}

// editedMsg says the editor ended.
type editedMsg struct {
	id  string
	err error
}

func (editReadyMsg) isLinksMsg() {}
func (editedMsg) isLinksMsg()    {}

// editBrief starts editing the open brief's file, after checking the
// session may and the file is there (in a command: no I/O in Update).
func (m Model) editBrief() (tea.Model, tea.Cmd) {
	b := m.OpenBrief()
	switch {
	case b == nil:
		return m, nil
	case m.servedSession():
		return m, m.setStatus("editing is off over SSH: the file is on the server")
	case m.opts.Library == nil && len(m.opts.Paths) == 0:
		return m, m.setStatus("the sample briefs are built in and cannot be edited: open your own files (briefing PATH)")
	case b.Path == "":
		return m, m.setStatus("this brief has no file to edit")
	}
	id, p := b.ID, b.Path
	return m, func() tea.Msg {
		abs, err := filepath.Abs(p) // a name starting with "-" is not read as an option
		if err == nil {
			var fi os.FileInfo
			if fi, err = os.Stat(abs); err == nil && !fi.Mode().IsRegular() {
				err = errors.New("not a regular file")
			}
		}
		return editReadyMsg{id: id, path: abs, err: err}
	}
}

// runEditor hands the terminal to the editor.
func (m Model) runEditor(msg editReadyMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m, m.setStatus("cannot edit " + termsafe.Line(msg.path) + ": " + termsafe.Line(msg.err.Error()))
	}
	c := editorCommand(os.Getenv, msg.path)
	run := m.opts.ExecProcess
	if run == nil {
		run = tea.ExecProcess
	}
	id := msg.id
	return m, run(c, func(err error) tea.Msg { return editedMsg{id: id, err: err} })
}

// editorCommand is the command that edits path: $VISUAL, else $EDITOR,
// else vi. The variable may hold arguments ("code --wait"): it is split at
// spaces, and run without a shell.
func editorCommand(getenv func(string) string, path string) *exec.Cmd {
	args := strings.Fields(cmp.Or(strings.TrimSpace(getenv("VISUAL")), strings.TrimSpace(getenv("EDITOR")), "vi"))
	return exec.Command(args[0], append(args[1:], path)...)
}

// handleEdited follows the save: the watcher brings a changed file in by
// itself; without one, the files are read again (as ctrl+r does).
func (m Model) handleEdited(msg editedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m, m.setStatus("the editor failed: " + termsafe.Line(msg.err.Error()))
	}
	switch {
	case m.watch != nil:
		return m, nil // the watcher reloads the saved file
	case m.opts.Library != nil:
		return m, m.setStatus(fmt.Sprintf("edited %s; this session does not read its files again", termsafe.Line(msg.id)))
	}
	return m.reload()
}

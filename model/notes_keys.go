package model

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/ui"
)

// notesFocused reports whether a notes screen has the keys.
func (m Model) notesFocused() bool {
	return m.notes.editor.Focused() || m.notes.review.Focused() ||
		(m.screen == screenReader && (m.notes.panel.Focused() || m.reader.Selecting()))
}

// notesFocus is the screen of notes that has the keys (see notesFocused).
func (m Model) notesFocus() ui.Screen {
	switch {
	case m.notes.editor.Confirming():
		return ui.ScreenConfirm
	case m.notes.editor.Focused():
		return ui.ScreenEditor
	case m.notes.review.Focused() && m.notes.review.Editing():
		return ui.ScreenReviewFilter
	case m.notes.review.Focused():
		return ui.ScreenReview
	case m.notes.panel.Focused():
		return ui.ScreenNotes
	}
	return ui.ScreenSelect
}

// handleNotesKey handles the keys of notes and marks; ok is false when the
// key is not one of them and should go on to the global keys and the screen,
// and the model returned is then nil: the key handlers below answer "not
// mine" without boxing the model (3 KB on the heap per key and per handler
// asked, a tenth of a busy SSH server's allocations).
func (m Model) handleNotesKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd, bool) {
	k := m.keyMap(m.focus())
	if key.Matches(msg, k.Help) && !m.notes.editor.Focused() {
		return nil, nil, false
	}
	var next tea.Model
	var cmd tea.Cmd
	switch {
	case m.notes.editor.Focused():
		next, cmd = m.editorInput(msg)
	case m.notes.review.Focused():
		next, cmd = m.reviewKey(msg)
	case m.screen == screenReader && m.notes.panel.Focused():
		next, cmd = m.panelKey(msg)
	case m.screen == screenReader && m.reader.Selecting():
		return m.selectKey(msg, k)
	case m.screen == screenReader:
		return m.readerNotesKey(msg, k)
	default:
		return m.libraryNotesKey(msg, k)
	}
	return next, cmd, true
}

// selectKey moves and extends the paragraph cursor.
func (m Model) selectKey(msg tea.KeyPressMsg, k ui.KeyMap) (tea.Model, tea.Cmd, bool) {
	switch {
	case key.Matches(msg, k.Down):
		m.reader.MoveCursor(1, false)
	case key.Matches(msg, k.Up):
		m.reader.MoveCursor(-1, false)
	case key.Matches(msg, k.ExtendDown):
		m.reader.MoveCursor(1, true)
	case key.Matches(msg, k.ExtendUp):
		m.reader.MoveCursor(-1, true)
	case key.Matches(msg, k.Close):
		m.reader.EndSelect()
	case key.Matches(msg, k.AddNote):
		next, cmd := m.openEditor()
		return next, cmd, true
	case key.Matches(msg, k.Highlight):
		next, cmd := m.highlight()
		return next, cmd, true
	default:
		return nil, nil, false
	}
	return m, nil, true
}

// readerNotesKey handles the notes keys of the reader.
func (m Model) readerNotesKey(msg tea.KeyPressMsg, k ui.KeyMap) (tea.Model, tea.Cmd, bool) {
	b := m.OpenBrief()
	var next tea.Model
	var cmd tea.Cmd
	switch {
	case b == nil:
		return nil, nil, false
	case key.Matches(msg, k.SelectMode):
		if !m.reader.StartSelect() {
			cmd = m.setStatus("nothing to select yet")
		}
		next = m
	case key.Matches(msg, k.AddNote):
		next, cmd = m.openEditor()
	case key.Matches(msg, k.Highlight):
		next, cmd = m.highlight()
	case key.Matches(msg, k.NotesPanel):
		if why := m.notesUsable(false); why != "" {
			return m, m.setStatus(why), true
		}
		m.notes.panel.Open()
		m.layoutNotes()
		next = m
	case key.Matches(msg, k.Star):
		next, cmd = m.toggleStar(b.ID)
	case key.Matches(msg, k.ToggleUnread):
		next, cmd = m.toggleUnread(b.ID)
	case key.Matches(msg, k.Review):
		next, cmd = m.openReview()
	default:
		return nil, nil, false
	}
	if next == nil {
		next = m
	}
	return next, cmd, true
}

// libraryNotesKey handles the notes keys of the library list.
func (m Model) libraryNotesKey(msg tea.KeyPressMsg, k ui.KeyMap) (tea.Model, tea.Cmd, bool) {
	if m.screen != screenLibrary {
		return nil, nil, false
	}
	b := m.library.Selected()
	var next tea.Model
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.Review):
		next, cmd = m.openReview()
	case key.Matches(msg, k.Export):
		next, cmd = m.export()
	case b == nil:
		return nil, nil, false
	case key.Matches(msg, k.Star):
		next, cmd = m.toggleStar(b.ID)
	case key.Matches(msg, k.ToggleUnread):
		next, cmd = m.toggleUnread(b.ID)
	default:
		return nil, nil, false
	}
	return next, cmd, true
}

// panelKey gives a key to the open notes panel and does what it asks:
// go to, edit, delete or restore a note.
func (m Model) panelKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.notes.panel, cmd = m.notes.panel.Update(msg)
	it, _ := m.notes.panel.Selected()
	switch m.notes.panel.Event() {
	case ui.PanelJump:
		return m, m.jumpToNote(it.Note.ID)
	case ui.PanelEdit:
		return m.editNote(it.Note)
	case ui.PanelDelete:
		return m.deleteNote(it.Note)
	case ui.PanelUndo:
		return m.undoDelete()
	}
	return m, cmd
}

// deleteNote deletes n; u in the panel restores it.
func (m Model) deleteNote(n notes.Note) (tea.Model, tea.Cmd) {
	if why := m.notesUsable(true); why != "" {
		return m, m.setStatus(why)
	}
	m.notes.deleted = &n
	s := m.notes.store
	return m, writeCmd("deleted — press u to undo", func(ctx context.Context) error {
		return s.DeleteNote(ctx, n.Owner, n.ID)
	})
}

// undoDelete restores the note deleted last.
func (m Model) undoDelete() (tea.Model, tea.Cmd) {
	if m.notes.deleted == nil {
		return m, m.setStatus("nothing to undo")
	}
	n := *m.notes.deleted
	m.notes.deleted = nil
	s := m.notes.store
	return m, writeCmd("restored", func(ctx context.Context) error {
		return s.RestoreNote(ctx, n.Owner, n.ID)
	})
}

// jumpToNote scrolls the reader to a note of the open brief.
func (m *Model) jumpToNote(id string) tea.Cmd {
	for i, n := range m.notes.list {
		if n.ID != id || i >= len(m.notes.anchors) {
			continue
		}
		a := m.notes.anchors[i]
		if a.Orphaned {
			return m.setStatus("this note's text is no longer in the brief: its quote is kept in the panel")
		}
		m.reader.ShowSource(a.Section, a.Start, a.End) // waits for its part of the render
		return nil
	}
	return nil
}

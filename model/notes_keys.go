package model

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/ui"
)

func matches(msg tea.KeyPressMsg, b key.Binding) bool { return key.Matches(msg, b) }

// notesFocused reports whether a notes screen has the keys.
func (m Model) notesFocused() bool {
	return m.notes.editing || m.notes.review ||
		(m.screen == screenReader && (m.notes.panel || m.reader.Selecting()))
}

// notesFocus is the screen of notes that has the keys (see notesFocused).
func (m Model) notesFocus() ui.Screen {
	switch {
	case m.notes.editing && m.notes.confirm:
		return ui.ScreenConfirm
	case m.notes.editing:
		return ui.ScreenEditor
	case m.notes.review && m.notes.reviewView.Editing():
		return ui.ScreenReviewFilter
	case m.notes.review:
		return ui.ScreenReview
	case m.notes.panel:
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
	if key.Matches(msg, k.Help) && !m.notes.editing {
		return nil, nil, false
	}
	var next tea.Model
	var cmd tea.Cmd
	switch {
	case m.notes.editing:
		next, cmd = m.editorKey(msg, k)
	case m.notes.review:
		next, cmd = m.reviewKey(msg, k)
	case m.screen == screenReader && m.notes.panel:
		next, cmd = m.panelKey(msg, k)
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
		m.notes.panel = true
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

// panelKey moves in the notes panel, jumps to, edits, deletes and restores.
func (m Model) panelKey(msg tea.KeyPressMsg, k ui.KeyMap) (tea.Model, tea.Cmd) {
	p := &m.notes.panelView
	it, ok := p.Selected()
	switch {
	case key.Matches(msg, k.Close):
		m.notes.panel = false
	case key.Matches(msg, k.Down):
		p.Move(1)
	case key.Matches(msg, k.Up):
		p.Move(-1)
	case key.Matches(msg, k.Top):
		p.Move(-p.Len())
	case key.Matches(msg, k.Bottom):
		p.Move(p.Len())
	case key.Matches(msg, k.Jump) && ok:
		m.notes.panel = false
		return m, m.jumpToNote(it.Note.ID)
	case key.Matches(msg, k.EditNote) && ok:
		return m.editNote(it.Note)
	case key.Matches(msg, k.DeleteNote) && ok:
		if why := m.notesUsable(true); why != "" {
			return m, m.setStatus(why)
		}
		n := it.Note
		m.notes.deleted = &n
		s := m.notes.store
		return m, writeCmd("deleted — press u to undo", func(ctx context.Context) error {
			return s.DeleteNote(ctx, n.Owner, n.ID)
		})
	case key.Matches(msg, k.Undo):
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
	return m, nil
}

// jumpToNote scrolls the reader to a note of the open brief.
func (m *Model) jumpToNote(id string) tea.Cmd {
	r := m.reader.Rendered()
	for i, n := range m.notes.list {
		if n.ID != id || i >= len(m.notes.anchors) {
			continue
		}
		a := m.notes.anchors[i]
		if a.Orphaned {
			return m.setStatus("this note's text is no longer in the brief: its quote is kept in the panel")
		}
		if ps := anchorParagraphs(r, a); len(ps) > 0 {
			m.reader.ShowParagraph(ps[0])
		} else {
			m.reader.JumpTo(a.Section)
		}
		return nil
	}
	return nil
}

package ui

import "charm.land/bubbles/v2/key"

// The screens of notes and marks. They are numbered apart from the reader's
// screens so the two lists can grow independently.
const (
	ScreenSelect       Screen = 100 + iota // the reader in select mode (paragraph cursor)
	ScreenEditor                           // the note editor
	ScreenConfirm                          // "discard this note?" (y/n)
	ScreenNotes                            // the notes panel of the open brief
	ScreenReview                           // the review screen: all notes
	ScreenReviewFilter                     // typing in the review screen's filter line
)

// NoteKeys are the bindings of notes, highlights, stars and read state. They
// are part of KeyMap (embedded), the single source of bindings.
type NoteKeys struct {
	SelectMode   key.Binding // enter select mode in the reader
	ExtendDown   key.Binding
	ExtendUp     key.Binding
	AddNote      key.Binding
	Highlight    key.Binding
	NotesPanel   key.Binding
	Star         key.Binding
	ToggleUnread key.Binding
	Review       key.Binding
	Export       key.Binding
	Jump         key.Binding // open the note under the cursor
	EditNote     key.Binding
	DeleteNote   key.Binding
	Undo         key.Binding
	Filter       key.Binding
	FilterDone   key.Binding // stop editing the review filter, keeping it
	SaveNote     key.Binding
	Discard      key.Binding
	Retry        key.Binding
	Yes          key.Binding
	No           key.Binding
}

// DefaultNoteKeys returns the default bindings of notes and marks.
func DefaultNoteKeys() NoteKeys {
	return NoteKeys{
		SelectMode:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "select paragraphs")),
		ExtendDown:   key.NewBinding(key.WithKeys("J", "shift+down"), key.WithHelp("J", "extend down")),
		ExtendUp:     key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("K", "extend up")),
		AddNote:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add note")),
		Highlight:    key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "highlight")),
		NotesPanel:   key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "notes")),
		Star:         key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "star")),
		ToggleUnread: key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unread")),
		Review:       key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "review notes")),
		Export:       key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "export notes")),
		Jump:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go to note")),
		EditNote:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		DeleteNote:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
		Undo:         key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo delete")),
		Filter:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		FilterDone:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")),
		SaveNote:     key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Discard:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "discard")),
		Retry:        key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "retry save")),
		Yes:          key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "discard")),
		No:           key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "keep editing")),
	}
}

// setNotesScreen enables the notes bindings that apply on screen s, and the
// general ones (moving, closing) the notes screens reuse. SetScreen has
// disabled everything else first.
func (k *KeyMap) setNotesScreen(s Screen) {
	lib, rd, sel := s == ScreenLibrary, s == ScreenReader, s == ScreenSelect
	ed, confirm, panel := s == ScreenEditor, s == ScreenConfirm, s == ScreenNotes
	review, filter := s == ScreenReview, s == ScreenReviewFilter
	n := &k.NoteKeys

	n.SelectMode.SetEnabled(rd)
	n.ExtendDown.SetEnabled(sel)
	n.ExtendUp.SetEnabled(sel)
	n.AddNote.SetEnabled(rd || sel)
	n.Highlight.SetEnabled(rd || sel)
	n.NotesPanel.SetEnabled(rd)
	n.Star.SetEnabled(lib || rd)
	n.ToggleUnread.SetEnabled(lib || rd)
	n.Review.SetEnabled(lib || rd)
	n.Export.SetEnabled(lib || review)
	n.Jump.SetEnabled(panel || review)
	n.EditNote.SetEnabled(panel)
	n.DeleteNote.SetEnabled(panel)
	n.Undo.SetEnabled(panel)
	n.Filter.SetEnabled(review)
	n.FilterDone.SetEnabled(filter)
	n.SaveNote.SetEnabled(ed)
	n.Discard.SetEnabled(ed)
	n.Retry.SetEnabled(ed)
	n.Yes.SetEnabled(confirm)
	n.No.SetEnabled(confirm)

	if sel || panel || review {
		k.Up.SetEnabled(true)
		k.Down.SetEnabled(true)
		k.Top.SetEnabled(panel || review)
		k.Bottom.SetEnabled(panel || review)
		k.Help.SetEnabled(true)
	}
	if review {
		k.PageUp.SetEnabled(true)
		k.PageDown.SetEnabled(true)
		k.HalfPageUp.SetEnabled(true)
		k.HalfPageDown.SetEnabled(true)
	}
	k.Close.SetEnabled(k.Close.Enabled() || sel || panel || filter)
	k.Back.SetEnabled(k.Back.Enabled() || review)
}

// noteShortHelp are the notes bindings of the footer, most urgent first.
// FilterDone is left out: the line under the review filter says it.
func (k KeyMap) noteShortHelp() []key.Binding {
	n := k.NoteKeys
	return []key.Binding{
		n.SaveNote, n.Discard, n.Retry, n.Yes, n.No,
		n.Jump, n.EditNote, n.DeleteNote, n.Undo, n.Filter,
		n.ExtendDown, n.AddNote, n.Highlight, n.SelectMode, n.NotesPanel, n.Star, n.Review, n.Export,
	}
}

// noteFullHelp is the notes column of the help overlay.
func (k KeyMap) noteFullHelp() []key.Binding {
	n := k.NoteKeys
	return []key.Binding{
		n.SelectMode, n.ExtendDown, n.ExtendUp, n.AddNote, n.Highlight, n.NotesPanel,
		n.Star, n.ToggleUnread, n.Review, n.Export, n.Jump, n.EditNote, n.DeleteNote,
		n.Undo, n.Filter, n.FilterDone, n.SaveNote, n.Discard, n.Retry, n.Yes, n.No,
	}
}

package serve

import (
	"context"
	"errors"

	"github.com/briefing-dev/briefing/notes"
)

// ErrAnonymous is what every notes call of an anonymous session returns. The
// model shows the reason in its status line ("could not read notes: …" when
// the session starts, "note not saved: …" on a write), which is how the UI
// says that the session is read-only.
var ErrAnonymous = errors.New("anonymous session, read-only: no notes are kept (connect with an authorized key to keep notes)")

// anonymousStore is the notes store of anonymous sessions: it keeps nothing
// and reads nothing, so an anonymous reader can neither write to the
// server's database nor see anyone's notes. It is stateless and shared.
type anonymousStore struct{}

var _ notes.Store = anonymousStore{}

func (anonymousStore) AddNote(context.Context, notes.Note) (notes.Note, error) {
	return notes.Note{}, ErrAnonymous
}
func (anonymousStore) UpdateNote(context.Context, notes.Note) (notes.Note, error) {
	return notes.Note{}, ErrAnonymous
}
func (anonymousStore) DeleteNote(context.Context, string, string) error  { return ErrAnonymous }
func (anonymousStore) RestoreNote(context.Context, string, string) error { return ErrAnonymous }
func (anonymousStore) Note(context.Context, string, string) (notes.Note, error) {
	return notes.Note{}, ErrAnonymous
}
func (anonymousStore) NotesForBrief(context.Context, string, string) ([]notes.Note, error) {
	return nil, ErrAnonymous
}
func (anonymousStore) AllNotes(context.Context, string) ([]notes.Note, error) {
	return nil, ErrAnonymous
}
func (anonymousStore) ImportNotes(context.Context, []notes.Note) (int, error) {
	return 0, ErrAnonymous
}
func (anonymousStore) SetStarred(context.Context, string, string, bool) error { return ErrAnonymous }
func (anonymousStore) MarkRead(context.Context, string, string, ...int) error { return ErrAnonymous }
func (anonymousStore) SetUnread(context.Context, string, string) error        { return ErrAnonymous }
func (anonymousStore) SetPosition(context.Context, string, string, int) error { return ErrAnonymous }
func (anonymousStore) MarksForBrief(context.Context, string, string) (notes.Mark, error) {
	return notes.Mark{}, ErrAnonymous
}
func (anonymousStore) AllMarks(context.Context, string) ([]notes.Mark, error) {
	return nil, ErrAnonymous
}
func (anonymousStore) Snapshot(context.Context, string) (*notes.Marks, error) {
	return nil, ErrAnonymous
}
func (anonymousStore) SaveDraft(context.Context, notes.Draft) error { return ErrAnonymous }
func (anonymousStore) LoadDraft(context.Context, string, string) (notes.Draft, bool, error) {
	return notes.Draft{}, false, ErrAnonymous
}
func (anonymousStore) DeleteDraft(context.Context, string, string) error { return ErrAnonymous }
func (anonymousStore) BriefIDByHash(context.Context, string, string) (string, bool, error) {
	return "", false, ErrAnonymous
}
func (anonymousStore) UpdateBriefHash(context.Context, string, string, string) error {
	return ErrAnonymous
}
func (anonymousStore) RenameBrief(context.Context, string, string, string) (int, error) {
	return 0, ErrAnonymous
}

// Close does nothing: there is nothing to release.
func (anonymousStore) Close() error { return nil }

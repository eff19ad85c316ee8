package notes

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Store is everything the reader, the review screen and the CLI need from
// the notes storage. Every method takes the owner explicitly: one store
// serves every user of an SSH server, and no owner sees another's rows.
// A caller that needs one concern takes the smaller interface.
//
// Times are kept as given, to the nanosecond, and come back in UTC: a note
// read back equals the note AddNote or ImportNotes returned or was given.
// A time outside [EarliestTime, LatestTime) is refused, never wrapped.
//
// Errors wrap ErrNotFound, ErrInvalid, ErrReadOnly, ErrDiskFull, ErrBusy or
// ErrCorrupt when they are one of those, so a front end can say what
// failed; the caller keeps whatever the user typed (a draft) and may retry.
// A store is safe for concurrent use.
type Store interface {
	NoteStore
	MarkStore
	PositionStore
	DraftStore
	LinkStore
	// Close releases the store. Calling it again does nothing.
	io.Closer
}

// NoteStore keeps notes and highlights.
type NoteStore interface {
	// AddNote stores a new note. An empty ID gets a new one (NewID); zero
	// Created and Updated become now. It returns the note as stored, and
	// once it returns without error the note survives a crash of the
	// process.
	//
	// It is idempotent on the ID: when n.ID is already the owner's live
	// note, nothing is added and that note comes back as it was stored, so
	// a save retried after an error or a timeout (the first attempt may have
	// been stored all the same) never makes a second note. An ID taken by
	// another owner's note or a deleted one is refused. A note Validate
	// refuses is refused with its error.
	AddNote(ctx context.Context, n Note) (Note, error)
	// UpdateNote replaces the mutable fields (section, quote and context,
	// body, colour, brief hash) of the owner's note n.ID and sets Updated.
	UpdateNote(ctx context.Context, n Note) (Note, error)
	// DeleteNote hides a note; RestoreNote brings it back (undo).
	DeleteNote(ctx context.Context, owner, id string) error
	// RestoreNote undoes DeleteNote.
	RestoreNote(ctx context.Context, owner, id string) error
	// Note returns one note that is not deleted.
	Note(ctx context.Context, owner, id string) (Note, error)
	// NotesForBrief returns the owner's notes on one brief, in section order
	// then creation order.
	NotesForBrief(ctx context.Context, owner, briefID string) ([]Note, error)
	// AllNotes returns all the owner's notes (review screen, export), by
	// brief, section and creation time.
	AllNotes(ctx context.Context, owner string) ([]Note, error)
	// ImportNotes stores notes keeping their IDs and times; a note whose ID
	// is already stored (even deleted) is skipped. It returns how many were
	// added. Every note needs an ID, and one Validate refuses stops the
	// import. It is one transaction: on error nothing was added.
	ImportNotes(ctx context.Context, notes []Note) (added int, err error)
}

// MarkStore keeps the per-brief state of an owner: the star and the read
// state, and the snapshot of them (with note counts) that the library list
// and the query language read.
type MarkStore interface {
	// SetStarred stars or unstars a brief.
	SetStarred(ctx context.Context, owner, briefID string, starred bool) error
	// MarkRead sets the brief's read time to now (if it is unread) and adds
	// sections to its read sections.
	MarkRead(ctx context.Context, owner, briefID string, sections ...int) error
	// SetUnread clears the read time and the read sections.
	SetUnread(ctx context.Context, owner, briefID string) error
	// MarksForBrief returns the brief's mark; a brief never touched gets a
	// zero Mark with Owner and BriefID set, not an error.
	MarksForBrief(ctx context.Context, owner, briefID string) (Mark, error)
	// AllMarks returns every mark of the owner.
	AllMarks(ctx context.Context, owner string) ([]Mark, error)
	// Snapshot returns the owner's read/star/notes state of every brief for
	// the query language (is:, has:) and the library list.
	Snapshot(ctx context.Context, owner string) (*Marks, error)
}

// PositionStore keeps where the owner left each brief. The position is read
// back as Mark.Position (MarkStore.MarksForBrief): the reader loads it with
// the rest of the brief's mark when the brief opens.
type PositionStore interface {
	// SetPosition records the last reading position, every field of it as
	// pos.Clamp() gives it: a position saved with an anchor comes back with
	// the same section, quote, context, Into and Above; one saved without
	// (a zero Quote) comes back with its Line alone, never with an anchor
	// an earlier save left.
	SetPosition(ctx context.Context, owner, briefID string, pos Position) error
}

// DraftStore keeps the notes being written, so that a crash or a dropped
// SSH connection loses nothing typed. Each window (a reader session: one
// process, one SSH session) writes its drafts under its own Draft.Session,
// so two windows on one brief never overwrite each other's text; a window
// opened later, after a crash, finds every draft left and can offer the
// newest.
type DraftStore interface {
	// SaveDraft stores (replaces) the draft of d.Session for d.Note.Owner
	// on d.Note.BriefID. Other sessions' drafts are not touched.
	SaveDraft(ctx context.Context, d Draft) error
	// Drafts returns the owner's drafts on the brief, every session's,
	// newest first (by Updated, then by Session); none is not an error.
	Drafts(ctx context.Context, owner, briefID string) ([]Draft, error)
	// DeleteDraft removes the draft of d.Session for d.Note.Owner on
	// d.Note.BriefID (after its note is saved or discarded). When d.Updated
	// is set, a draft saved after that time is kept: a window that took over
	// another's draft removes what it took, never text written there since.
	// Deleting a draft that is not there is not an error.
	DeleteDraft(ctx context.Context, d Draft) error
}

// LinkStore keeps notes attached to briefs whose files were renamed, moved
// or edited (see Relink).
type LinkStore interface {
	// BriefIDByHash returns the ID of a brief the owner has notes on whose
	// BriefHash is hash: the loader calls it for a brief with an unknown ID
	// to find a moved file, then calls RenameBrief. With several candidates
	// the most recently updated note wins.
	BriefIDByHash(ctx context.Context, owner, hash string) (string, bool, error)
	// UpdateBriefHash records the current content hash of a known brief on
	// its notes, so a later move is still found after edits.
	UpdateBriefHash(ctx context.Context, owner, briefID, hash string) error
	// RenameBrief moves the owner's notes, mark and draft from oldID to
	// newID (a renamed or moved file). An empty owner renames for everyone.
	// When newID already has a mark the two merge: starred if either was,
	// read if either was, the new position unless unset. A draft under
	// newID wins over the old one, which is kept. It returns the number of
	// notes moved.
	RenameBrief(ctx context.Context, owner, oldID, newID string) (int, error)
}

// Errors a front end can test for with errors.Is.
var (
	// ErrNotFound: no such note (or it belongs to another owner).
	ErrNotFound = errors.New("note not found")
	// ErrReadOnly: the database file or its directory cannot be written.
	ErrReadOnly = errors.New("notes database is read-only")
	// ErrDiskFull: the disk (or the database's size limit) is full.
	ErrDiskFull = errors.New("disk full: notes database cannot grow")
	// ErrBusy: another process held the database longer than the busy timeout.
	ErrBusy = errors.New("notes database is busy")
	// ErrCorrupt: the database file is damaged or not a database (see CorruptError).
	ErrCorrupt = errors.New("notes database is corrupt")
)

// CorruptError reports a database file that is damaged or is not a
// database. The file is never overwritten: it has been renamed to MovedTo
// (with its journal files) unless MoveErr says why that failed.
type CorruptError struct {
	Path    string
	MovedTo string // empty when the move failed
	Err     error  // what the database said
	MoveErr error
}

// Error says what is wrong and where the file went, in a sentence the UI
// can show as is.
func (e *CorruptError) Error() string {
	msg := fmt.Sprintf("notes database %s is damaged (%v)", e.Path, e.Err)
	if e.MovedTo != "" {
		return msg + "; it was moved aside to " + e.MovedTo + " and a new database can be started"
	}
	return msg + "; moving it aside failed: " + e.MoveErr.Error()
}

// Unwrap lets errors.Is(err, ErrCorrupt) match.
func (e *CorruptError) Unwrap() []error { return []error{ErrCorrupt, e.Err} }

// Opened is a store as it was opened for a reader session, with what the
// session should tell the user about how: the opener (main, with a store
// package) decides, the session only reports it.
type Opened struct {
	Store Store
	// ReadOnly: the database cannot be written and was opened read-only, so
	// notes can still be read.
	ReadOnly bool
	// ReadOnlyWhy, when ReadOnly, is why the database could not be opened
	// for writing: an error wrapping ErrReadOnly or ErrDiskFull.
	ReadOnlyWhy error
	// Recovered, when set, is the damaged database that was moved aside
	// before a fresh one was started.
	Recovered *CorruptError
}

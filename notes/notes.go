// Package notes keeps what a reader adds to briefs and what must outlive a
// session: notes and highlights anchored to the text, stars, read state, the
// last reading position and autosaved drafts. It knows nothing of terminals
// and does not import the briefs package: brief IDs, hashes and section texts
// come in as plain strings, so any front end (the TUI, the CLI, the SSH
// server) can use it as a library.
package notes

import (
	"context"
	"errors"
	"time"
)

// Section says which part of a brief a note belongs to. Kind and Title are the
// brief's section kind and title as the parser gave them (Title is empty for the
// lead); Index is the section's position in the brief when the note was made.
type Section struct {
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Index int    `json:"index"`
}

// Note is a note or, when Body is empty, a highlight. Quote is the anchored
// text (a span or one or more paragraphs of the section body, as markdown
// source); Before and After are a little of the text around it, used to find
// the quote again after the brief is edited (see Reanchor).
type Note struct {
	// ID is a random UUID given by AddNote. It never changes, survives
	// export and import, and is what Import deduplicates on.
	ID        string
	Owner     string // the user's identity: OS user locally, key fingerprint over SSH
	BriefID   string
	BriefHash string // content hash of the brief file when the note was made (finds moved files)
	Section   Section
	Quote     string
	Before    string
	After     string
	Body      string // markdown; empty for a highlight
	Color     string // colour or label; free text, the UI decides what it means
	Created   time.Time
	Updated   time.Time
}

// IsHighlight reports whether the note is a highlight (a note without a body).
func (n Note) IsHighlight() bool { return n.Body == "" }

// Mark is the per-owner state of one brief.
type Mark struct {
	Owner        string
	BriefID      string
	Starred      bool
	ReadAt       time.Time // zero when unread
	ReadSections []int     // indexes of the sections read, ascending
	Position     int       // last reading position (the reader's line or offset)
	Created      time.Time
	Updated      time.Time
}

// IsRead reports whether the brief has been read (and not marked unread since).
func (m Mark) IsRead() bool { return !m.ReadAt.IsZero() }

// Draft is a note being written, autosaved so that a crash or a dropped SSH
// connection loses nothing typed. There is at most one draft per owner and
// brief. Note.ID is empty for a new note and set when an existing note is
// being edited.
type Draft struct {
	Note    Note
	Updated time.Time
}

// Store is what the reader, the review screen and the CLI need from the
// notes storage. Every method takes the owner explicitly: one store serves
// every user of an SSH server, and no owner sees another's rows.
//
// Errors wrap ErrNotFound, ErrReadOnly, ErrDiskFull or ErrBusy when they are
// one of those, so a front end can say what failed; the caller keeps whatever
// the user typed (a draft) and may retry.
type Store interface {
	// AddNote stores a new note. An empty ID gets a new UUID; zero Created and
	// Updated become now. It returns the note as stored.
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
	// is already stored (even deleted) is skipped. It returns how many were added.
	ImportNotes(ctx context.Context, notes []Note) (added int, err error)

	// SetStarred stars or unstars a brief.
	SetStarred(ctx context.Context, owner, briefID string, starred bool) error
	// MarkRead sets the brief's read time to now (if it is unread) and adds
	// sections to its read sections.
	MarkRead(ctx context.Context, owner, briefID string, sections ...int) error
	// SetUnread clears the read time and the read sections.
	SetUnread(ctx context.Context, owner, briefID string) error
	// SetPosition records the last reading position.
	SetPosition(ctx context.Context, owner, briefID string, pos int) error
	// MarksForBrief returns the brief's mark; a brief never touched gets a
	// zero Mark with Owner and BriefID set, not an error.
	MarksForBrief(ctx context.Context, owner, briefID string) (Mark, error)
	// AllMarks returns every mark of the owner.
	AllMarks(ctx context.Context, owner string) ([]Mark, error)
	// Snapshot returns the owner's read/star/notes state of every brief for
	// the query language (is:, has:) and the library list.
	Snapshot(ctx context.Context, owner string) (*Marks, error)

	// SaveDraft stores (replaces) the draft of d.Note.Owner on d.Note.BriefID.
	SaveDraft(ctx context.Context, d Draft) error
	// LoadDraft returns the draft, and false when there is none.
	LoadDraft(ctx context.Context, owner, briefID string) (Draft, bool, error)
	// DeleteDraft removes the draft (after the note is saved or discarded).
	DeleteDraft(ctx context.Context, owner, briefID string) error

	// BriefIDByHash returns the ID of a brief the owner has notes on whose
	// BriefHash is hash: the loader calls it for a brief with an unknown ID
	// to find a moved file, then calls RenameBrief.
	BriefIDByHash(ctx context.Context, owner, hash string) (string, bool, error)
	// UpdateBriefHash records the current content hash of a known brief on
	// its notes, so a later move is still found after edits.
	UpdateBriefHash(ctx context.Context, owner, briefID, hash string) error
	// RenameBrief moves the owner's notes, mark and draft from oldID to
	// newID (a renamed or moved file). An empty owner renames for everyone.
	// It returns the number of notes moved.
	RenameBrief(ctx context.Context, owner, oldID, newID string) (int, error)

	// Close releases the store.
	Close() error
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

// Marks is a read-only snapshot of one owner's per-brief state, for the
// query language's is:unread|read|starred and has:notes|highlights and the
// library list's star, unread mark and note count. Its methods are safe for
// concurrent use; a nil *Marks answers false and 0 to everything.
type Marks struct {
	byID map[string]markState
}

type markState struct {
	read, starred     bool
	notes, highlights int
}

// NoteCount is the number of notes and highlights on one brief.
type NoteCount struct {
	BriefID    string
	Notes      int // notes with a body
	Highlights int // notes without a body
}

// NewMarks builds a snapshot from marks and per-brief note counts (as a
// store returns them, or built in memory from a []Note with CountNotes).
func NewMarks(marks []Mark, counts []NoteCount) *Marks {
	m := &Marks{byID: make(map[string]markState, len(marks)+len(counts))}
	for _, mk := range marks {
		s := m.byID[mk.BriefID]
		s.read = mk.IsRead()
		s.starred = mk.Starred
		m.byID[mk.BriefID] = s
	}
	for _, c := range counts {
		s := m.byID[c.BriefID]
		s.notes += c.Notes
		s.highlights += c.Highlights
		m.byID[c.BriefID] = s
	}
	return m
}

// CountNotes counts notes and highlights per brief.
func CountNotes(notes []Note) []NoteCount {
	idx := map[string]int{}
	var out []NoteCount
	for _, n := range notes {
		i, ok := idx[n.BriefID]
		if !ok {
			i = len(out)
			idx[n.BriefID] = i
			out = append(out, NoteCount{BriefID: n.BriefID})
		}
		if n.IsHighlight() {
			out[i].Highlights++
		} else {
			out[i].Notes++
		}
	}
	return out
}

func (m *Marks) get(id string) markState {
	if m == nil {
		return markState{}
	}
	return m.byID[id]
}

// IsRead reports whether the brief is read.
func (m *Marks) IsRead(id string) bool { return m.get(id).read }

// IsStarred reports whether the brief is starred.
func (m *Marks) IsStarred(id string) bool { return m.get(id).starred }

// HasNotes reports whether the brief has at least one note with a body.
func (m *Marks) HasNotes(id string) bool { return m.get(id).notes > 0 }

// HasHighlights reports whether the brief has at least one highlight.
func (m *Marks) HasHighlights(id string) bool { return m.get(id).highlights > 0 }

// NoteCount returns the number of notes plus highlights on the brief.
func (m *Marks) NoteCount(id string) int {
	s := m.get(id)
	return s.notes + s.highlights
}

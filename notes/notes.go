// Package notes keeps what a reader adds to briefs and what must outlive a
// session: notes and highlights anchored to the text, stars, read state, the
// last reading position and autosaved drafts. It knows nothing of terminals
// and does not import the briefs package: brief IDs, hashes and section texts
// come in as plain strings, so any front end (the TUI, the CLI, the SSH
// server) can use it as a library.
//
// Storage is behind Store, a composition of small interfaces by concern
// (NoteStore, MarkStore, PositionStore, DraftStore, LinkStore). This package
// does not implement it: notes/sqlite is the embedded default,
// notes/postgres keeps the same on PostgreSQL for several servers, and
// notes/storetest is the suite of behaviour every implementation must pass.
// Dumper, which both stores implement, copies one store into another.
package notes

import "time"

// Section says which part of a brief a note belongs to. Kind and Title are the
// brief's section kind and title as the parser gave them (Title is empty for the
// lead); Index is the section's position in the brief when the note was made.
type Section struct {
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Index int    `json:"index"`
}

// SectionKinds are the section kinds a brief has (docs/format.md), spelled
// as the briefs package and `briefing parse --json` spell them. An import
// takes a note's Section.Kind only from these, or empty (not recorded).
var SectionKinds = []string{"lead", "why_it_matters", "what_to_know", "what_happens_next", "other"}

// Note is a note or, when Body is empty, a highlight. Quote is the anchored
// text (a span or one or more paragraphs of the section body, as markdown
// source); Before and After are a little of the text around it, used to find
// the quote again after the brief is edited (see Reanchor).
type Note struct {
	// ID is a random UUID (NewID), given by AddNote when empty. It never
	// changes, survives export and import, and is what AddNote and Import
	// deduplicate on.
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
	Position     Position  // last reading position; zero when none
	Created      time.Time
	Updated      time.Time
}

// IsRead reports whether the brief has been read (and not marked unread since).
func (m Mark) IsRead() bool { return !m.ReadAt.IsZero() }

// Draft is a note being written, autosaved so that a crash or a dropped SSH
// connection loses nothing typed. There is at most one draft per owner,
// brief and session. Note.ID is the ID the note will be saved under (chosen
// before the first attempt, so a retried save adds it once; empty in drafts
// written before IDs were chosen early) or the ID of an existing note being
// edited.
type Draft struct {
	Note Note
	// Session names the window that writes the draft: a random ID each
	// reader session takes when it starts. Empty for drafts written before
	// drafts were kept per window.
	Session string
	// Updated is when the store last saved the draft; the store sets it.
	Updated time.Time
}

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

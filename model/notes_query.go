package model

import (
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/search"
)

// NoteFilter matches notes with the query language. A note is seen as a
// brief of one section: its brief's title and metadata, and the section it
// was written on, whose text is the note's quote and body. So words match
// the brief's title, source and tags or the note's own text; `section:`
// picks notes by the section they were written on; `tag:`, `source:`,
// `date:`, `after:`, `before:`, `is:` and `has:` are about the note's brief.
type NoteFilter struct {
	q     *search.Query
	lib   *briefs.Library
	opts  search.SearchOptions
	empty bool
}

// NewNoteFilter parses src. lib gives the briefs' metadata (nil: titles
// only); marks answers `is:` and `has:` (nil: using them is an error, with
// its position, like any malformed query). An empty src matches every note.
func NewNoteFilter(src string, lib *briefs.Library, marks search.Marks) (*NoteFilter, error) {
	q, err := search.ParseQuery(src)
	if err != nil {
		return nil, err
	}
	if err := q.Check(marks); err != nil {
		return nil, err
	}
	return &NoteFilter{q: q, lib: lib, opts: search.SearchOptions{Marks: marks}, empty: q.IsEmpty()}, nil
}

// Match reports whether note n passes; title names its brief when the
// library does not hold it (a brief that is gone, or a CLI without a library).
func (f *NoteFilter) Match(n notes.Note, title string) bool {
	if f.empty {
		return true
	}
	var b *briefs.Brief
	if f.lib != nil {
		b, _ = f.lib.Get(n.BriefID)
	}
	return f.q.Match(noteBrief(n, b, title), f.opts)
}

// noteBrief is n as a one-section brief (see NoteFilter).
func noteBrief(n notes.Note, b *briefs.Brief, title string) *briefs.Brief {
	nb := &briefs.Brief{ID: n.BriefID, Title: title}
	if b != nil {
		nb.Title, nb.Source, nb.Tags, nb.Date, nb.ModTime = b.Title, b.Source, b.Tags, b.Date, b.ModTime
	}
	kind := briefs.Kind(n.Section.Kind)
	if kind == "" {
		kind = briefs.KindOther
	}
	nb.Sections = []briefs.Section{{Kind: kind, Title: n.Section.Title, Body: n.Quote + "\n\n" + n.Body}}
	return nb
}

// FilterNotes keeps the notes that match src (see NoteFilter); titles names
// briefs the library lacks. A malformed query is an error with its position.
func FilterNotes(list []notes.Note, src string, lib *briefs.Library, marks search.Marks, titles map[string]string) ([]notes.Note, error) {
	f, err := NewNoteFilter(src, lib, marks)
	if err != nil {
		return nil, err
	}
	var out []notes.Note
	for _, n := range list {
		if f.Match(n, titles[n.BriefID]) {
			out = append(out, n)
		}
	}
	return out, nil
}

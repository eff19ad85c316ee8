// Package briefs loads brief files, splits them into sections and keeps the
// in-memory library. It knows nothing of terminals.
package briefs

import "time"

// Kind is the canonical kind of a section.
type Kind string

// The section kinds of docs/format.md, spelled as `briefing parse --json` prints them.
const (
	KindLead            Kind = "lead"
	KindWhyItMatters    Kind = "why_it_matters"
	KindWhatToKnow      Kind = "what_to_know"
	KindWhatHappensNext Kind = "what_happens_next"
	KindOther           Kind = "other"
)

// Section is one part of a brief: the lead, or the text under one heading or lead-in.
type Section struct {
	Kind  Kind
	Title string // as the author wrote it, minus markup; empty for the lead
	Body  string // markdown source, as written; render CapNesting(Body) (or of a part of it)
	Level int    // heading level (1-6); 0 for the lead, lead-ins and plain-text headings
	// Start and End are the byte offsets in Raw of the section's heading and
	// body; they stay known when the text is not held (see Full).
	Start, End int
}

// Brief is one parsed brief file.
type Brief struct {
	ID       string    // front-matter id, else the path relative to the library root
	Path     string    // path as given to Load (or inside the embedded library)
	Title    string    // display title
	Date     time.Time // front-matter date; zero when absent
	Source   string
	Tags     []string
	Sections []Section
	Raw      string    // the decoded text (UTF-8, LF line ends, no BOM)
	Hash     string    // hex SHA-256 of the file's bytes
	ModTime  time.Time // file modification time
	Size     int64     // file size in bytes
	Warnings []string  // problems found while reading or parsing; the brief still loads

	// src is where the text is read back from when the brief was loaded
	// without it (LoadOptions.CacheDir); nil when Raw and the bodies are held.
	src *textSource
}

// Warning reports a file that was skipped or loaded with a problem.
type Warning struct {
	Path   string
	Reason string
}

func (w Warning) String() string { return w.Path + ": " + w.Reason }

// SortTime is the time the library sorts by: the front-matter date, else the file mtime.
func (b *Brief) SortTime() time.Time {
	if !b.Date.IsZero() {
		return b.Date
	}
	return b.ModTime
}

// HasKind reports whether the brief has at least one section of kind k.
func (b *Brief) HasKind(k Kind) bool {
	for _, s := range b.Sections {
		if s.Kind == k {
			return true
		}
	}
	return false
}

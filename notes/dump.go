package notes

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"
)

// Dumper is what a store has beyond Store to be copied whole into another
// (`briefing notes migrate`): the owners it holds, everything it keeps for
// one of them exactly as kept, and the same taken back. Both stores of this
// module implement it.
type Dumper interface {
	// Owners returns every owner with a note (deleted ones too), a mark or
	// a draft, sorted.
	Owners(ctx context.Context) ([]string, error)
	// Dump returns everything the store keeps for owner, in the order
	// OwnerData documents.
	Dump(ctx context.Context, owner string) (OwnerData, error)
	// Restore adds what d holds and the store lacks, keeping IDs, times and
	// deletions as they are, in one transaction. A note (by ID), a mark (by
	// brief) or a draft (by brief and session) the store has already is
	// left as it is, so restoring twice adds nothing the second time.
	Restore(ctx context.Context, d OwnerData) (Added, error)
}

// OwnerData is everything a store keeps for one owner.
type OwnerData struct {
	Owner string
	// Notes are every note, deleted ones too, by ID.
	Notes []DumpedNote
	// Marks are the marks with their positions, by brief ID.
	Marks []Mark
	// Drafts are every session's drafts, by brief ID, then session.
	Drafts []Draft
}

// DumpedNote is a note with when it was deleted; zero when it is live.
type DumpedNote struct {
	Note
	Deleted time.Time
}

// Added counts what Restore added.
type Added struct{ Notes, Marks, Drafts int }

// Total is the number of rows added.
func (a Added) Total() int { return a.Notes + a.Marks + a.Drafts }

// DumpCounts are the numbers of an owner's rows, compared between two
// stores after a copy.
type DumpCounts struct {
	Notes   int // live notes and highlights
	Deleted int // deleted notes, kept for undo
	Marks   int
	Drafts  int
}

// Counts counts d's rows.
func (d OwnerData) Counts() DumpCounts {
	c := DumpCounts{Marks: len(d.Marks), Drafts: len(d.Drafts)}
	for _, n := range d.Notes {
		if n.Deleted.IsZero() {
			c.Notes++
		} else {
			c.Deleted++
		}
	}
	return c
}

// Sort puts d's rows in the order OwnerData documents; a store's Dump
// calls it, whatever order its queries gave.
func (d *OwnerData) Sort() {
	slices.SortFunc(d.Notes, func(a, b DumpedNote) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(d.Marks, func(a, b Mark) int { return cmp.Compare(a.BriefID, b.BriefID) })
	slices.SortFunc(d.Drafts, func(a, b Draft) int {
		return cmp.Or(cmp.Compare(a.Note.BriefID, b.Note.BriefID), cmp.Compare(a.Session, b.Session))
	})
}

// Checksum is the SHA-256, in hex, of a canonical serialisation of d: its
// rows in OwnerData's order, each field in Go syntax (strings quoted, so
// any byte counts and none is confused with a separator), times as Unix
// nanoseconds, an empty list and none alike. Two stores holding the same
// rows for an owner give the same checksum, each computed from its own Dump.
func (d OwnerData) Checksum() string {
	d.Sort()
	h := sha256.New()
	put := func(fields ...any) {
		for _, f := range fields {
			if t, ok := f.(time.Time); ok {
				f = int64(0)
				if !t.IsZero() {
					f = t.UnixNano()
				}
			}
			fmt.Fprintf(h, "%#v\x1f", f)
		}
		h.Write([]byte{'\n'})
	}
	note := func(kind string, n Note, extra ...any) {
		put(append([]any{kind, n.ID, n.Owner, n.BriefID, n.BriefHash, n.Section.Kind, n.Section.Title, n.Section.Index,
			n.Quote, n.Before, n.After, n.Body, n.Color, n.Created, n.Updated}, extra...)...)
	}
	put("owner", d.Owner)
	for _, n := range d.Notes {
		note("note", n.Note, n.Deleted)
	}
	for _, m := range d.Marks {
		p := m.Position
		secs := m.ReadSections
		if len(secs) == 0 {
			secs = []int{}
		}
		put("mark", m.Owner, m.BriefID, m.Starred, m.ReadAt, secs, m.Created, m.Updated,
			p.Line, p.Section.Kind, p.Section.Title, p.Section.Index, p.Quote, p.Before, p.After, p.Into, p.Above)
	}
	for _, dr := range d.Drafts {
		note("draft", dr.Note, dr.Session, dr.Updated)
	}
	return hex.EncodeToString(h.Sum(nil))
}

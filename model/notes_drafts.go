package model

import (
	"context"
	"fmt"
	"slices"

	"github.com/briefing-dev/briefing/notes"
)

// Drafts are kept per window: each session writes under its own key
// (notesModel.session), so two windows on one brief never overwrite each
// other's draft. A window restores its own draft first; without one it
// offers the newest draft another window left (after a crash, or one still
// open) as a copy, and keeps the others for later. The original goes once
// the copy is stored (an autosave, the note saved), unless its window wrote
// to it since.

// draftFor picks the draft to restore when the editor opens on a new note
// (noteID "") or on the note noteID. A new note's draft whose ID is a stored
// note is left over from a save that went through, and is not offered.
func (nm notesModel) draftFor(noteID string) (notes.Draft, bool) {
	var other *notes.Draft
	for i, d := range nm.drafts {
		if noteID == "" && d.Note.ID != "" && nm.stored(d.Note.ID) {
			continue
		}
		if noteID != "" && d.Note.ID != noteID {
			continue
		}
		if d.Session == nm.session {
			return d, true
		}
		if other == nil {
			other = &nm.drafts[i]
		}
	}
	if other == nil {
		return notes.Draft{}, false
	}
	return *other, true
}

// stored reports whether id is one of the open brief's notes.
func (nm notesModel) stored(id string) bool {
	return slices.ContainsFunc(nm.list, func(n notes.Note) bool { return n.ID == id })
}

// restoredStatus says which draft the editor opened with, and how many
// more of the other windows' drafts are kept.
func (nm notesModel) restoredStatus(d notes.Draft) string {
	if d.Session == nm.session {
		return "draft restored"
	}
	more := 0
	for _, o := range nm.drafts {
		if o.Session != nm.session && o.Session != d.Session && (o.Note.ID == "" || !nm.stored(o.Note.ID)) {
			more++
		}
	}
	if more == 0 {
		return "draft restored (left by another window)"
	}
	return fmt.Sprintf("draft restored (left by another window; %s kept)", plural(more, "more draft"))
}

// keepDraft records d, this window's draft, as the newest.
func (nm *notesModel) keepDraft(d notes.Draft) {
	nm.drafts = slices.DeleteFunc(nm.drafts, func(o notes.Draft) bool { return o.Session == d.Session })
	nm.drafts = slices.Insert(nm.drafts, 0, d)
}

// forgetDrafts drops this window's draft and the one it took over from the
// drafts in memory, once the store is told to delete them.
func (nm *notesModel) forgetDrafts() {
	adopted := nm.adopted
	nm.drafts = slices.DeleteFunc(nm.drafts, func(o notes.Draft) bool {
		return o.Session == nm.session || (adopted != nil && o.Session == adopted.Session)
	})
	nm.adopted = nil
}

// dropSavedDrafts leaves out the drafts whose text is already a stored note
// (same ID, same body: a save went through but the process ended before it
// deleted its draft) and, when the store is writable, deletes them unless
// they were written since they were read.
func dropSavedDrafts(ctx context.Context, s notes.DraftStore, ds []notes.Draft, list []notes.Note, write bool) []notes.Draft {
	return slices.DeleteFunc(ds, func(d notes.Draft) bool {
		saved := d.Note.ID != "" && slices.ContainsFunc(list, func(n notes.Note) bool {
			return n.ID == d.Note.ID && n.Body == d.Note.Body
		})
		if saved && write {
			_ = s.DeleteDraft(ctx, d)
		}
		return saved
	})
}

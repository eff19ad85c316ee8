package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/briefing-dev/briefing/notes"
)

const noteColumns = `id, owner, brief_id, brief_hash, section_kind, section_title, section_index,
	quote, before_text, after_text, body, color, created, updated`

func scanNote(r scanner) (notes.Note, error) {
	var n notes.Note
	var created, updated int64
	err := r.Scan(&n.ID, &n.Owner, &n.BriefID, &n.BriefHash, &n.Section.Kind, &n.Section.Title,
		&n.Section.Index, &n.Quote, &n.Before, &n.After, &n.Body, &n.Color, &created, &updated)
	n.Created, n.Updated = notes.FromUnixNanos(created), notes.FromUnixNanos(updated)
	return n, err
}

func (s *Store) queryNotes(ctx context.Context, op, q string, args ...any) ([]notes.Note, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, classify(op, err)
	}
	defer rows.Close()
	var out []notes.Note
	for rows.Next() {
		n, err := scanNote(rows)
		if err != nil {
			return nil, classify(op, err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, classify(op, err)
	}
	return out, nil
}

func validate(op string, n notes.Note) error {
	if err := notes.Validate(n); err != nil {
		return fmt.Errorf("notes: %s: %w", op, err)
	}
	return nil
}

// insertOrIgnoreNote adds a note unless its ID is stored: AddNote and
// ImportNotes are idempotent on the ID.
const insertOrIgnoreNote = `INSERT OR IGNORE INTO notes (` + noteColumns + `) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`

func noteArgs(n notes.Note) []any {
	return []any{n.ID, n.Owner, n.BriefID, n.BriefHash, n.Section.Kind, n.Section.Title,
		n.Section.Index, n.Quote, n.Before, n.After, n.Body, n.Color, notes.UnixNanos(n.Created), notes.UnixNanos(n.Updated)}
}

// AddNote implements notes.NoteStore. An ID already stored is not an
// error when it is the same owner's live note: that is a retried save, and
// the note as first stored comes back.
func (s *Store) AddNote(ctx context.Context, n notes.Note) (notes.Note, error) {
	if err := validate("add note", n); err != nil {
		return notes.Note{}, err
	}
	if n.ID == "" {
		n.ID = notes.NewID()
	}
	now := s.now().UTC()
	if n.Created.IsZero() {
		n.Created = now
	}
	if n.Updated.IsZero() {
		n.Updated = n.Created
	}
	stored := n
	err := s.write(ctx, "save note", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, insertOrIgnoreNote, noteArgs(n)...)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 1 {
			return nil
		}
		var deleted int64
		var owner string
		if err := tx.QueryRowContext(ctx, `SELECT owner, deleted FROM notes WHERE id=?`, n.ID).Scan(&owner, &deleted); err != nil {
			return err
		}
		if owner != n.Owner || deleted != 0 {
			return fmt.Errorf("%w: ID %s is taken by another note", notes.ErrInvalid, n.ID)
		}
		stored, err = scanNote(tx.QueryRowContext(ctx, `SELECT `+noteColumns+` FROM notes WHERE id=?`, n.ID))
		return err
	})
	if err != nil {
		return notes.Note{}, err
	}
	return stored, nil
}

// UpdateNote implements notes.NoteStore.
func (s *Store) UpdateNote(ctx context.Context, n notes.Note) (notes.Note, error) {
	n.Updated = s.now().UTC()
	// The ID is not checked for form: one that is not a note's finds
	// nothing to update (ErrNotFound), as any unknown ID does.
	if err := validate("update note", notes.Note{Owner: n.Owner, BriefID: n.BriefID}); err != nil {
		return notes.Note{}, err
	}
	var stored notes.Note
	err := s.write(ctx, "update note", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notes SET brief_hash=?, section_kind=?, section_title=?,
			section_index=?, quote=?, before_text=?, after_text=?, body=?, color=?, updated=?
			WHERE id=? AND owner=? AND deleted=0`,
			n.BriefHash, n.Section.Kind, n.Section.Title, n.Section.Index, n.Quote, n.Before, n.After,
			n.Body, n.Color, notes.UnixNanos(n.Updated), n.ID, n.Owner)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return notes.ErrNotFound
		}
		stored, err = scanNote(tx.QueryRowContext(ctx, `SELECT `+noteColumns+` FROM notes WHERE id=?`, n.ID))
		return err
	})
	return stored, err
}

func (s *Store) setDeleted(ctx context.Context, op, owner, id string, deleted int64) error {
	return s.write(ctx, op, func(tx *sql.Tx) error {
		cond := "deleted=0"
		if deleted == 0 {
			cond = "deleted<>0"
		}
		res, err := tx.ExecContext(ctx, `UPDATE notes SET deleted=? WHERE id=? AND owner=? AND `+cond,
			deleted, id, owner)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return notes.ErrNotFound
		}
		return nil
	})
}

// DeleteNote implements notes.NoteStore. The row stays (soft delete) so RestoreNote can undo.
func (s *Store) DeleteNote(ctx context.Context, owner, id string) error {
	return s.setDeleted(ctx, "delete note", owner, id, s.now().UnixNano())
}

// RestoreNote implements notes.NoteStore.
func (s *Store) RestoreNote(ctx context.Context, owner, id string) error {
	return s.setDeleted(ctx, "restore note", owner, id, 0)
}

// Note implements notes.NoteStore.
func (s *Store) Note(ctx context.Context, owner, id string) (notes.Note, error) {
	n, err := scanNote(s.queryRow(ctx,
		`SELECT `+noteColumns+` FROM notes WHERE id=? AND owner=? AND deleted=0`, id, owner))
	if errors.Is(err, sql.ErrNoRows) {
		return notes.Note{}, fmt.Errorf("notes: note %s: %w", id, notes.ErrNotFound)
	}
	if err != nil {
		return notes.Note{}, classify("read note", err)
	}
	return n, nil
}

// NotesForBrief implements notes.NoteStore.
func (s *Store) NotesForBrief(ctx context.Context, owner, briefID string) ([]notes.Note, error) {
	return s.queryNotes(ctx, "read notes", `SELECT `+noteColumns+` FROM notes
		WHERE owner=? AND brief_id=? AND deleted=0 ORDER BY section_index, created, id`, owner, briefID)
}

// AllNotes implements notes.NoteStore.
func (s *Store) AllNotes(ctx context.Context, owner string) ([]notes.Note, error) {
	return s.queryNotes(ctx, "read notes", `SELECT `+noteColumns+` FROM notes
		WHERE owner=? AND deleted=0 ORDER BY brief_id, section_index, created, id`, owner)
}

// ImportNotes implements notes.NoteStore.
func (s *Store) ImportNotes(ctx context.Context, list []notes.Note) (int, error) {
	for _, n := range list {
		if err := validate("import", n); err != nil {
			return 0, err
		}
		if n.ID == "" {
			return 0, fmt.Errorf("notes: import: %w: a note without an ID (brief %.80q)", notes.ErrInvalid, n.BriefID)
		}
	}
	added := 0
	err := s.write(ctx, "import notes", func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, insertOrIgnoreNote)
		if err != nil {
			return err
		}
		defer stmt.Close()
		added = 0
		for _, n := range list {
			if n.Created.IsZero() {
				n.Created = s.now().UTC()
			}
			if n.Updated.IsZero() {
				n.Updated = n.Created
			}
			res, err := stmt.ExecContext(ctx, noteArgs(n)...)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			added += int(k)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

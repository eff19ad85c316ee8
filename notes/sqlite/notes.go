package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/briefing-dev/briefing/notes"
	"github.com/google/uuid"
)

const noteColumns = `id, owner, brief_id, brief_hash, section_kind, section_title, section_index,
	quote, before_text, after_text, body, color, created, updated`

func scanNote(r scanner) (notes.Note, error) {
	var n notes.Note
	var created, updated int64
	err := r.Scan(&n.ID, &n.Owner, &n.BriefID, &n.BriefHash, &n.Section.Kind, &n.Section.Title,
		&n.Section.Index, &n.Quote, &n.Before, &n.After, &n.Body, &n.Color, &created, &updated)
	n.Created, n.Updated = fromNanos(created), fromNanos(updated)
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

func newID() (string, error) {
	u, err := uuid.NewRandom()
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

func validate(op string, n notes.Note) error {
	if n.Owner == "" || n.BriefID == "" {
		return fmt.Errorf("notes: %s: a note needs an owner and a brief ID", op)
	}
	return nil
}

const insertNote = `INSERT INTO notes (` + noteColumns + `) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`

func noteArgs(n notes.Note) []any {
	return []any{n.ID, n.Owner, n.BriefID, n.BriefHash, n.Section.Kind, n.Section.Title,
		n.Section.Index, n.Quote, n.Before, n.After, n.Body, n.Color, nanos(n.Created), nanos(n.Updated)}
}

// AddNote implements notes.NoteStore.
func (s *Store) AddNote(ctx context.Context, n notes.Note) (notes.Note, error) {
	if err := validate("add note", n); err != nil {
		return notes.Note{}, err
	}
	if n.ID == "" {
		id, err := newID()
		if err != nil {
			return notes.Note{}, fmt.Errorf("notes: add note: %w", err)
		}
		n.ID = id
	}
	now := s.now().UTC()
	if n.Created.IsZero() {
		n.Created = now
	}
	if n.Updated.IsZero() {
		n.Updated = n.Created
	}
	err := s.write(ctx, "save note", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, insertNote, noteArgs(n)...)
		return err
	})
	if err != nil {
		return notes.Note{}, err
	}
	return n, nil
}

// UpdateNote implements notes.NoteStore.
func (s *Store) UpdateNote(ctx context.Context, n notes.Note) (notes.Note, error) {
	if err := validate("update note", n); err != nil {
		return notes.Note{}, err
	}
	n.Updated = s.now().UTC()
	var stored notes.Note
	err := s.write(ctx, "update note", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notes SET brief_hash=?, section_kind=?, section_title=?,
			section_index=?, quote=?, before_text=?, after_text=?, body=?, color=?, updated=?
			WHERE id=? AND owner=? AND deleted=0`,
			n.BriefHash, n.Section.Kind, n.Section.Title, n.Section.Index, n.Quote, n.Before, n.After,
			n.Body, n.Color, nanos(n.Updated), n.ID, n.Owner)
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
			return 0, fmt.Errorf("notes: import: a note without an ID (brief %s)", n.BriefID)
		}
	}
	added := 0
	err := s.write(ctx, "import notes", func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT OR IGNORE`+insertNote[len("INSERT"):])
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

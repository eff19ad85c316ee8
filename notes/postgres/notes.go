package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/briefing-dev/briefing/notes"
	"github.com/jackc/pgx/v5"
)

const noteColumns = `id, owner, brief_id, brief_hash, section_kind, section_title, section_index,
	quote, before_text, after_text, body, color, created, updated`

func scanNote(r pgx.Row) (notes.Note, error) {
	var n notes.Note
	var created, updated int64
	err := r.Scan(&n.ID, &n.Owner, &n.BriefID, &n.BriefHash, &n.Section.Kind, &n.Section.Title,
		&n.Section.Index, &n.Quote, &n.Before, &n.After, &n.Body, &n.Color, &created, &updated)
	n.Created, n.Updated = notes.FromUnixNanos(created), notes.FromUnixNanos(updated)
	return n, err
}

func (s *Store) queryNotes(ctx context.Context, op, q string, args ...any) ([]notes.Note, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, classify(op, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (notes.Note, error) { return scanNote(r) })
	if err != nil {
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

// AddNote implements notes.NoteStore. The insert and the idempotence check
// are one statement: when two servers race on one ID, PostgreSQL makes the
// second wait for the first and then skip, and the read that follows sees
// the note the first stored.
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
	tag, err := s.exec(ctx, "save note", `INSERT INTO notes (`+noteColumns+`)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) ON CONFLICT (id) DO NOTHING`,
		n.ID, n.Owner, n.BriefID, n.BriefHash, n.Section.Kind, n.Section.Title, n.Section.Index,
		n.Quote, n.Before, n.After, n.Body, n.Color, notes.UnixNanos(n.Created), notes.UnixNanos(n.Updated))
	if err != nil {
		return notes.Note{}, err
	}
	if tag.RowsAffected() == 1 {
		return n, nil
	}
	// The ID was taken: a retried save of this owner's live note gives the
	// note back as stored; anything else is refused.
	row := s.pool.QueryRow(ctx, `SELECT `+noteColumns+`, deleted FROM notes WHERE id=$1`, n.ID)
	var stored notes.Note
	var created, updated, deleted int64
	err = row.Scan(&stored.ID, &stored.Owner, &stored.BriefID, &stored.BriefHash, &stored.Section.Kind,
		&stored.Section.Title, &stored.Section.Index, &stored.Quote, &stored.Before, &stored.After,
		&stored.Body, &stored.Color, &created, &updated, &deleted)
	if err != nil {
		return notes.Note{}, classify("save note", err)
	}
	if stored.Owner != n.Owner || deleted != 0 {
		return notes.Note{}, fmt.Errorf("notes: save note: %w: ID %s is taken by another note", notes.ErrInvalid, n.ID)
	}
	stored.Created, stored.Updated = notes.FromUnixNanos(created), notes.FromUnixNanos(updated)
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
	stored, err := scanNote(s.pool.QueryRow(ctx, `UPDATE notes SET brief_hash=$1, section_kind=$2, section_title=$3,
		section_index=$4, quote=$5, before_text=$6, after_text=$7, body=$8, color=$9, updated=$10
		WHERE id=$11 AND owner=$12 AND deleted=0 RETURNING `+noteColumns,
		n.BriefHash, n.Section.Kind, n.Section.Title, n.Section.Index, n.Quote, n.Before, n.After,
		n.Body, n.Color, notes.UnixNanos(n.Updated), n.ID, n.Owner))
	if errors.Is(err, pgx.ErrNoRows) {
		return notes.Note{}, fmt.Errorf("notes: update note: %w", notes.ErrNotFound)
	}
	if err != nil {
		return notes.Note{}, classify("update note", err)
	}
	return stored, nil
}

func (s *Store) setDeleted(ctx context.Context, op, owner, id string, deleted int64) error {
	cond := "deleted=0"
	if deleted == 0 {
		cond = "deleted<>0"
	}
	// Not idempotent in its answer: a retry after a lost commit would
	// find nothing to change and say ErrNotFound.
	tag, err := s.execRetry(ctx, op, false, `UPDATE notes SET deleted=$1 WHERE id=$2 AND owner=$3 AND `+cond, deleted, id, owner)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("notes: %s: %w", op, notes.ErrNotFound)
	}
	return nil
}

// DeleteNote implements notes.NoteStore. The row stays (soft delete) so
// RestoreNote can undo.
func (s *Store) DeleteNote(ctx context.Context, owner, id string) error {
	return s.setDeleted(ctx, "delete note", owner, id, s.now().UnixNano())
}

// RestoreNote implements notes.NoteStore.
func (s *Store) RestoreNote(ctx context.Context, owner, id string) error {
	return s.setDeleted(ctx, "restore note", owner, id, 0)
}

// Note implements notes.NoteStore.
func (s *Store) Note(ctx context.Context, owner, id string) (notes.Note, error) {
	n, err := scanNote(s.pool.QueryRow(ctx,
		`SELECT `+noteColumns+` FROM notes WHERE id=$1 AND owner=$2 AND deleted=0`, id, owner))
	if errors.Is(err, pgx.ErrNoRows) {
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
		WHERE owner=$1 AND brief_id=$2 AND deleted=0 ORDER BY section_index, created, id`, owner, briefID)
}

// AllNotes implements notes.NoteStore.
func (s *Store) AllNotes(ctx context.Context, owner string) ([]notes.Note, error) {
	return s.queryNotes(ctx, "read notes", `SELECT `+noteColumns+` FROM notes
		WHERE owner=$1 AND deleted=0 ORDER BY brief_id, section_index, created, id`, owner)
}

// importBatch is how many notes one INSERT of an import carries.
const importBatch = 2000

// ImportNotes implements notes.NoteStore: one transaction of batched
// INSERT … ON CONFLICT DO NOTHING, so an ID stored already (or twice in
// the list) is skipped and a failure adds nothing.
func (s *Store) ImportNotes(ctx context.Context, list []notes.Note) (int, error) {
	for _, n := range list {
		if err := validate("import", n); err != nil {
			return 0, err
		}
		if n.ID == "" {
			return 0, fmt.Errorf("notes: import: %w: a note without an ID (brief %.80q)", notes.ErrInvalid, n.BriefID)
		}
	}
	now := s.now().UTC()
	rows := make([]noteRow, len(list))
	for i, n := range list {
		if n.Created.IsZero() {
			n.Created = now
		}
		if n.Updated.IsZero() {
			n.Updated = n.Created
		}
		rows[i] = noteRow{Note: n}
	}
	added := 0
	err := s.write(ctx, "import notes", func(tx pgx.Tx) error {
		var err error
		added, err = insertNotes(ctx, tx, rows)
		return err
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// noteRow is a note with its deletion time (0 when live), as a copy
// between stores carries it.
type noteRow struct {
	notes.Note
	deleted int64
}

// insertNotes inserts rows in batches, skipping IDs already stored, and
// returns how many it added.
func insertNotes(ctx context.Context, tx pgx.Tx, rows []noteRow) (int, error) {
	added := 0
	for start := 0; start < len(rows); start += importBatch {
		chunk := rows[start:min(len(rows), start+importBatch)]
		var text [11][]string
		var ints [4][]int64
		for _, r := range chunk {
			n := r.Note
			for i, v := range []string{n.ID, n.Owner, n.BriefID, n.BriefHash, n.Section.Kind, n.Section.Title,
				n.Quote, n.Before, n.After, n.Body, n.Color} {
				text[i] = append(text[i], v)
			}
			for i, v := range []int64{int64(n.Section.Index), notes.UnixNanos(n.Created), notes.UnixNanos(n.Updated), r.deleted} {
				ints[i] = append(ints[i], v)
			}
		}
		tag, err := tx.Exec(ctx, `INSERT INTO notes (`+noteColumns+`, deleted)
			SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[],
				$8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int8[], $14::int8[], $15::int8[])
			ON CONFLICT (id) DO NOTHING`,
			text[0], text[1], text[2], text[3], text[4], text[5], ints[0], text[6], text[7], text[8],
			text[9], text[10], ints[1], ints[2], ints[3])
		if err != nil {
			return 0, err
		}
		added += int(tag.RowsAffected())
	}
	return added, nil
}

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/briefing-dev/briefing/notes"
)

// marshalNote and unmarshalNote store a draft's note in one column, in the
// export's JSON shape.
func marshalNote(n notes.Note) (string, error) {
	b, err := json.Marshal(notes.NewJSONNote(n, ""))
	return string(b), err
}

func unmarshalNote(s string) (notes.Note, error) {
	var j notes.JSONNote
	err := json.Unmarshal([]byte(s), &j)
	return j.Note(), err
}

// SaveDraft implements notes.DraftStore.
func (s *Store) SaveDraft(ctx context.Context, d notes.Draft) error {
	if d.Note.Owner == "" || d.Note.BriefID == "" {
		return errors.New("notes: save draft: owner and brief ID are required")
	}
	body, err := marshalNote(d.Note)
	if err != nil {
		return fmt.Errorf("notes: save draft: %w", err)
	}
	now := s.now().UnixNano()
	return s.write(ctx, "save draft", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO drafts (owner, brief_id, note, created, updated)
			VALUES (?,?,?,?,?) ON CONFLICT (owner, brief_id) DO UPDATE SET
			note=excluded.note, updated=excluded.updated`, d.Note.Owner, d.Note.BriefID, body, now, now)
		return err
	})
}

// LoadDraft implements notes.DraftStore.
func (s *Store) LoadDraft(ctx context.Context, owner, briefID string) (notes.Draft, bool, error) {
	var body string
	var updated int64
	err := s.queryRow(ctx, `SELECT note, updated FROM drafts WHERE owner=? AND brief_id=?`,
		owner, briefID).Scan(&body, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return notes.Draft{}, false, nil
	}
	if err != nil {
		return notes.Draft{}, false, classify("read draft", err)
	}
	n, err := unmarshalNote(body)
	if err != nil {
		return notes.Draft{}, false, fmt.Errorf("notes: read draft: %w", err)
	}
	// The row's key wins over the copy inside the note: RenameBrief moves
	// the row, and a draft restored with the old brief ID would save its
	// note on the brief that moved away.
	n.Owner, n.BriefID = owner, briefID
	return notes.Draft{Note: n, Updated: fromNanos(updated)}, true, nil
}

// DeleteDraft implements notes.DraftStore.
func (s *Store) DeleteDraft(ctx context.Context, owner, briefID string) error {
	return s.write(ctx, "delete draft", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE owner=? AND brief_id=?`, owner, briefID)
		return err
	})
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/briefing-dev/briefing/notes"
)

// SaveDraft implements notes.DraftStore.
func (s *Store) SaveDraft(ctx context.Context, d notes.Draft) error {
	body, err := notes.EncodeDraft(d)
	if err != nil {
		return err
	}
	now := s.now().UnixNano()
	return s.write(ctx, "save draft", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO drafts (owner, brief_id, session, note, created, updated)
			VALUES (?,?,?,?,?,?) ON CONFLICT (owner, brief_id, session) DO UPDATE SET
			note=excluded.note, updated=excluded.updated`, d.Note.Owner, d.Note.BriefID, d.Session, body, now, now)
		return err
	})
}

// Drafts implements notes.DraftStore.
func (s *Store) Drafts(ctx context.Context, owner, briefID string) ([]notes.Draft, error) {
	q := `SELECT session, note, updated FROM drafts WHERE owner=? AND brief_id=? ORDER BY updated DESC, session`
	if s.schema < 2 { // a read-only file of schema 1: one draft per owner and brief
		q = `SELECT '', note, updated FROM drafts WHERE owner=? AND brief_id=?`
	}
	rows, err := s.query(ctx, q, owner, briefID)
	if err != nil {
		return nil, classify("read drafts", err)
	}
	defer rows.Close()
	var out []notes.Draft
	for rows.Next() {
		var session, body string
		var updated int64
		if err := rows.Scan(&session, &body, &updated); err != nil {
			return nil, classify("read drafts", err)
		}
		n, err := notes.DecodeDraft(body, owner, briefID)
		if err != nil {
			return nil, fmt.Errorf("notes: read draft: %w", err)
		}
		out = append(out, notes.Draft{Note: n, Session: session, Updated: notes.FromUnixNanos(updated)})
	}
	if err := rows.Err(); err != nil {
		return nil, classify("read drafts", err)
	}
	return out, nil
}

// DeleteDraft implements notes.DraftStore.
func (s *Store) DeleteDraft(ctx context.Context, d notes.Draft) error {
	return s.write(ctx, "delete draft", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE owner=? AND brief_id=? AND session=?
			AND (?=0 OR updated<=?)`, d.Note.Owner, d.Note.BriefID, d.Session, notes.UnixNanos(d.Updated), notes.UnixNanos(d.Updated))
		return err
	})
}

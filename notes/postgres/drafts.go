package postgres

import (
	"context"
	"fmt"

	"github.com/briefing-dev/briefing/notes"
	"github.com/jackc/pgx/v5"
)

// SaveDraft implements notes.DraftStore.
func (s *Store) SaveDraft(ctx context.Context, d notes.Draft) error {
	body, err := notes.EncodeDraft(d)
	if err != nil {
		return err
	}
	now := s.now().UnixNano()
	_, err = s.exec(ctx, "save draft", `INSERT INTO drafts (owner, brief_id, session, note, created, updated)
		VALUES ($1,$2,$3,$4,$5,$5) ON CONFLICT (owner, brief_id, session) DO UPDATE SET
		note=excluded.note, updated=excluded.updated`, d.Note.Owner, d.Note.BriefID, d.Session, body, now)
	return err
}

// Drafts implements notes.DraftStore.
func (s *Store) Drafts(ctx context.Context, owner, briefID string) ([]notes.Draft, error) {
	rows, err := s.pool.Query(ctx, `SELECT session, note, updated FROM drafts
		WHERE owner=$1 AND brief_id=$2 ORDER BY updated DESC, session`, owner, briefID)
	if err != nil {
		return nil, classify("read drafts", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (notes.Draft, error) {
		return scanDraft(r, owner, briefID)
	})
	if err != nil {
		return nil, classify("read drafts", err)
	}
	return out, nil
}

// scanDraft reads a row of (session, note, updated) of owner's drafts on
// briefID.
func scanDraft(r pgx.Row, owner, briefID string) (notes.Draft, error) {
	var session, body string
	var updated int64
	if err := r.Scan(&session, &body, &updated); err != nil {
		return notes.Draft{}, err
	}
	n, err := notes.DecodeDraft(body, owner, briefID)
	if err != nil {
		return notes.Draft{}, fmt.Errorf("read draft: %w", err)
	}
	return notes.Draft{Note: n, Session: session, Updated: notes.FromUnixNanos(updated)}, nil
}

// DeleteDraft implements notes.DraftStore.
func (s *Store) DeleteDraft(ctx context.Context, d notes.Draft) error {
	_, err := s.exec(ctx, "delete draft", `DELETE FROM drafts WHERE owner=$1 AND brief_id=$2 AND session=$3
		AND ($4::bigint=0 OR updated<=$4)`, d.Note.Owner, d.Note.BriefID, d.Session, notes.UnixNanos(d.Updated))
	return err
}

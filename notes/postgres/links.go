package postgres

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
)

// BriefIDByHash implements notes.LinkStore. With several candidates the
// most recently updated note wins.
func (s *Store) BriefIDByHash(ctx context.Context, owner, hash string) (string, bool, error) {
	if hash == "" {
		return "", false, nil
	}
	var id string
	err := s.pool.QueryRow(ctx, `SELECT brief_id FROM notes WHERE owner=$1 AND brief_hash=$2
		ORDER BY updated DESC LIMIT 1`, owner, hash).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, classify("find brief by hash", err)
	}
	return id, true, nil
}

// UpdateBriefHash implements notes.LinkStore; it writes nothing when the
// notes have the hash already.
func (s *Store) UpdateBriefHash(ctx context.Context, owner, briefID, hash string) error {
	_, err := s.exec(ctx, "record brief hash", `UPDATE notes SET brief_hash=$1
		WHERE owner=$2 AND brief_id=$3 AND brief_hash<>$1`, hash, owner, briefID)
	return err
}

// RenameBrief implements notes.LinkStore, in one transaction (retried
// when it meets another server's rename in a deadlock). When the new ID
// already has a mark the two merge: starred if either was, read if either
// was, the new position (line and anchor together) unless unset. A draft
// under the new ID wins over the old one, which is kept.
func (s *Store) RenameBrief(ctx context.Context, owner, oldID, newID string) (int, error) {
	if oldID == "" || newID == "" || oldID == newID {
		return 0, nil
	}
	// $3 = '' matches every owner.
	const ownerCond = `($3::text='' OR owner=$3)`
	moved := 0
	err := s.write(ctx, "rename brief", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE notes SET brief_id=$1 WHERE brief_id=$2 AND `+ownerCond, newID, oldID, owner)
		if err != nil {
			return err
		}
		moved = int(tag.RowsAffected())
		// The right-hand sides all read the row as it was, so the test of
		// an unset position holds for every column of it.
		merge := `UPDATE marks AS n SET
				starred = n.starred OR o.starred,
				read_at = CASE WHEN n.read_at=0 THEN o.read_at ELSE n.read_at END,
				read_sections = CASE WHEN cardinality(n.read_sections)=0 THEN o.read_sections ELSE n.read_sections END,
				pos_line = CASE WHEN unset THEN o.pos_line ELSE n.pos_line END,
				pos_kind = CASE WHEN unset THEN o.pos_kind ELSE n.pos_kind END,
				pos_title = CASE WHEN unset THEN o.pos_title ELSE n.pos_title END,
				pos_index = CASE WHEN unset THEN o.pos_index ELSE n.pos_index END,
				pos_quote = CASE WHEN unset THEN o.pos_quote ELSE n.pos_quote END,
				pos_before = CASE WHEN unset THEN o.pos_before ELSE n.pos_before END,
				pos_after = CASE WHEN unset THEN o.pos_after ELSE n.pos_after END,
				pos_into = CASE WHEN unset THEN o.pos_into ELSE n.pos_into END,
				pos_above = CASE WHEN unset THEN o.pos_above ELSE n.pos_above END
			FROM marks AS o WHERE o.owner=n.owner AND o.brief_id=$2 AND n.brief_id=$1 AND ($3::text='' OR n.owner=$3)`
		merge = strings.ReplaceAll(merge, "unset", "(n.pos_line=0 AND n.pos_quote='')")
		if _, err := tx.Exec(ctx, merge, newID, oldID, owner); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM marks AS o WHERE brief_id=$2 AND `+ownerCond+`
			AND EXISTS (SELECT 1 FROM marks AS n WHERE n.owner=o.owner AND n.brief_id=$1)`, newID, oldID, owner); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE marks SET brief_id=$1 WHERE brief_id=$2 AND `+ownerCond, newID, oldID, owner); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE drafts AS o SET brief_id=$1 WHERE brief_id=$2 AND `+ownerCond+`
			AND NOT EXISTS (SELECT 1 FROM drafts AS n WHERE n.owner=o.owner AND n.brief_id=$1 AND n.session=o.session)`,
			newID, oldID, owner)
		return err
	})
	return moved, err
}

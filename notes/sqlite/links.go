package sqlite

import (
	"context"
	"database/sql"
	"errors"
)

// BriefIDByHash implements notes.LinkStore. With several candidates the
// most recently updated note wins.
func (s *Store) BriefIDByHash(ctx context.Context, owner, hash string) (string, bool, error) {
	if hash == "" {
		return "", false, nil
	}
	var id string
	err := s.queryRow(ctx, `SELECT brief_id FROM notes WHERE owner=? AND brief_hash=?
		ORDER BY updated DESC LIMIT 1`, owner, hash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, classify("find brief by hash", err)
	}
	return id, true, nil
}

// UpdateBriefHash implements notes.LinkStore. Call it when a loaded
// brief's hash differs from its notes' BriefHash; it writes nothing
// otherwise.
func (s *Store) UpdateBriefHash(ctx context.Context, owner, briefID, hash string) error {
	return s.write(ctx, "record brief hash", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE notes SET brief_hash=? WHERE owner=? AND brief_id=? AND brief_hash<>?`,
			hash, owner, briefID, hash)
		return err
	})
}

// RenameBrief implements notes.LinkStore. When the new ID already has a
// mark (the moved brief was opened before the move was found) the two are
// merged: starred if either was, read if either was, the new position
// unless unset. A draft under the new ID wins over the old one, which is
// kept, not deleted.
func (s *Store) RenameBrief(ctx context.Context, owner, oldID, newID string) (int, error) {
	if oldID == "" || newID == "" || oldID == newID {
		return 0, nil
	}
	// ownerCond matches everyone when owner is empty.
	ownerCond, args := "(?='' OR owner=?)", []any{owner, owner}
	moved := 0
	err := s.write(ctx, "rename brief", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notes SET brief_id=? WHERE brief_id=? AND `+ownerCond,
			append([]any{newID, oldID}, args...)...)
		if err != nil {
			return err
		}
		k, _ := res.RowsAffected()
		moved = int(k)
		// A position under the new ID wins, anchor and all: the old anchor
		// goes, before the merge below makes the new line look set.
		if _, err := tx.ExecContext(ctx, `DELETE FROM position_anchors WHERE brief_id=? AND `+ownerCond+`
			AND EXISTS (SELECT 1 FROM marks AS n WHERE n.owner=position_anchors.owner AND n.brief_id=?
				AND (n.position<>0 OR EXISTS (SELECT 1 FROM position_anchors AS a WHERE a.owner=n.owner AND a.brief_id=?)))`,
			append(append([]any{oldID}, args...), newID, newID)...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE marks AS n SET
				starred = max(n.starred, o.starred),
				read_at = CASE WHEN n.read_at=0 THEN o.read_at ELSE n.read_at END,
				read_sections = CASE WHEN n.read_sections='' THEN o.read_sections ELSE n.read_sections END,
				position = CASE WHEN n.position=0 AND NOT EXISTS (SELECT 1 FROM position_anchors AS a
					WHERE a.owner=n.owner AND a.brief_id=n.brief_id) THEN o.position ELSE n.position END
			FROM marks AS o WHERE o.owner=n.owner AND o.brief_id=? AND n.brief_id=? AND (?='' OR n.owner=?)`,
			append([]any{oldID, newID}, args...)...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM marks WHERE brief_id=? AND `+ownerCond+`
			AND EXISTS (SELECT 1 FROM marks AS n WHERE n.owner=marks.owner AND n.brief_id=?)`,
			append(append([]any{oldID}, args...), newID)...); err != nil {
			return err
		}
		for _, table := range []string{"marks", "drafts", "position_anchors"} {
			if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE `+table+` SET brief_id=? WHERE brief_id=? AND `+ownerCond,
				append([]any{newID, oldID}, args...)...); err != nil {
				return err
			}
		}
		return nil
	})
	return moved, err
}

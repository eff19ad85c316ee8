package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/briefing-dev/briefing/notes"
)

// SetPosition implements notes.PositionStore. The line goes in the mark
// (marks.position, where schema 1 and 2 kept the whole position) and the
// paragraph's anchor in position_anchors, in one transaction; a position
// without an anchor removes an anchor saved before, so the two never
// disagree.
func (s *Store) SetPosition(ctx context.Context, owner, briefID string, pos notes.Position) error {
	if owner == "" || briefID == "" {
		return fmt.Errorf("notes: save position: owner and brief ID are required")
	}
	pos = pos.Clamp()
	now := s.now().UnixNano()
	return s.write(ctx, "save position", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO marks (owner, brief_id, position, created, updated)
			VALUES (?,?,?,?,?) ON CONFLICT (owner, brief_id) DO UPDATE SET
			position=excluded.position, updated=excluded.updated`,
			owner, briefID, pos.Line, now, now); err != nil {
			return err
		}
		if !pos.Anchored() {
			_, err := tx.ExecContext(ctx, `DELETE FROM position_anchors WHERE owner=? AND brief_id=?`, owner, briefID)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO position_anchors
			(owner, brief_id, section_kind, section_title, section_index, quote, before_text, after_text, into_para, above)
			VALUES (?,?,?,?,?,?,?,?,?,?)`,
			owner, briefID, pos.Section.Kind, pos.Section.Title, pos.Section.Index,
			pos.Quote, pos.Before, pos.After, pos.Into, pos.Above)
		return err
	})
}

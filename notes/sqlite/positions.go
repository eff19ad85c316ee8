package sqlite

import "context"

// SetPosition implements notes.PositionStore.
func (s *Store) SetPosition(ctx context.Context, owner, briefID string, pos int) error {
	return s.upsertMark(ctx, "save position", owner, briefID, "position=?", pos)
}

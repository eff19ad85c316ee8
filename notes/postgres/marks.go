package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/briefing-dev/briefing/notes"
	"github.com/jackc/pgx/v5"
)

// SetStarred implements notes.MarkStore.
func (s *Store) SetStarred(ctx context.Context, owner, briefID string, starred bool) error {
	if owner == "" || briefID == "" {
		return errors.New("notes: star brief: owner and brief ID are required")
	}
	now := s.now().UnixNano()
	_, err := s.exec(ctx, "star brief", `INSERT INTO marks (owner, brief_id, starred, created, updated)
		VALUES ($1,$2,$3,$4,$4) ON CONFLICT (owner, brief_id) DO UPDATE SET
		starred=excluded.starred, updated=excluded.updated`, owner, briefID, starred, now)
	return err
}

// SetUnread implements notes.MarkStore.
func (s *Store) SetUnread(ctx context.Context, owner, briefID string) error {
	if owner == "" || briefID == "" {
		return errors.New("notes: mark unread: owner and brief ID are required")
	}
	now := s.now().UnixNano()
	_, err := s.exec(ctx, "mark unread", `INSERT INTO marks (owner, brief_id, created, updated)
		VALUES ($1,$2,$3,$3) ON CONFLICT (owner, brief_id) DO UPDATE SET
		read_at=0, read_sections='{}', updated=excluded.updated`, owner, briefID, now)
	return err
}

// MarkRead implements notes.MarkStore. The merge of the sections is done
// by the upsert itself, on the row as the last writer left it (the
// conflicting row is locked and re-read), so writers on two servers
// marking different sections at once lose none.
func (s *Store) MarkRead(ctx context.Context, owner, briefID string, sections ...int) error {
	if owner == "" || briefID == "" {
		return errors.New("notes: mark read: owner and brief ID are required")
	}
	now := s.now().UnixNano()
	secs := make([]int64, 0, len(sections))
	for _, v := range sections {
		secs = append(secs, int64(v))
	}
	slices.Sort(secs)
	secs = slices.Compact(secs)
	_, err := s.exec(ctx, "mark read", `INSERT INTO marks (owner, brief_id, read_at, read_sections, created, updated)
		VALUES ($1,$2,$3,$4,$3,$3) ON CONFLICT (owner, brief_id) DO UPDATE SET
		read_at = CASE WHEN marks.read_at=0 THEN excluded.read_at ELSE marks.read_at END,
		read_sections = ARRAY(SELECT DISTINCT x FROM unnest(marks.read_sections || excluded.read_sections) AS x ORDER BY x),
		updated = excluded.updated`, owner, briefID, now, secs)
	return err
}

// SetPosition implements notes.PositionStore: the line and the anchor are
// one row, written at once, so a position without an anchor clears the one
// saved before.
func (s *Store) SetPosition(ctx context.Context, owner, briefID string, pos notes.Position) error {
	if owner == "" || briefID == "" {
		return fmt.Errorf("notes: save position: owner and brief ID are required")
	}
	pos = pos.Clamp()
	if !pos.Anchored() {
		pos = notes.Position{Line: pos.Line}
	}
	now := s.now().UnixNano()
	_, err := s.exec(ctx, "save position", `INSERT INTO marks (owner, brief_id, pos_line, pos_kind, pos_title,
		pos_index, pos_quote, pos_before, pos_after, pos_into, pos_above, created, updated)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12) ON CONFLICT (owner, brief_id) DO UPDATE SET
		pos_line=excluded.pos_line, pos_kind=excluded.pos_kind, pos_title=excluded.pos_title,
		pos_index=excluded.pos_index, pos_quote=excluded.pos_quote, pos_before=excluded.pos_before,
		pos_after=excluded.pos_after, pos_into=excluded.pos_into, pos_above=excluded.pos_above,
		updated=excluded.updated`,
		owner, briefID, pos.Line, pos.Section.Kind, pos.Section.Title, pos.Section.Index,
		pos.Quote, pos.Before, pos.After, pos.Into, pos.Above, now)
	return err
}

const markColumns = `owner, brief_id, starred, read_at, read_sections, pos_line, pos_kind, pos_title,
	pos_index, pos_quote, pos_before, pos_after, pos_into, pos_above, created, updated`

func scanMark(r pgx.Row) (notes.Mark, error) {
	var m notes.Mark
	var readAt, created, updated int64
	var secs []int64
	p := &m.Position
	err := r.Scan(&m.Owner, &m.BriefID, &m.Starred, &readAt, &secs, &p.Line, &p.Section.Kind, &p.Section.Title,
		&p.Section.Index, &p.Quote, &p.Before, &p.After, &p.Into, &p.Above, &created, &updated)
	m.ReadAt, m.Created, m.Updated = notes.FromUnixNanos(readAt), notes.FromUnixNanos(created), notes.FromUnixNanos(updated)
	for _, v := range secs {
		m.ReadSections = append(m.ReadSections, int(v))
	}
	return m, err
}

// MarksForBrief implements notes.MarkStore.
func (s *Store) MarksForBrief(ctx context.Context, owner, briefID string) (notes.Mark, error) {
	m, err := scanMark(s.pool.QueryRow(ctx, `SELECT `+markColumns+` FROM marks WHERE owner=$1 AND brief_id=$2`, owner, briefID))
	if errors.Is(err, pgx.ErrNoRows) {
		return notes.Mark{Owner: owner, BriefID: briefID}, nil
	}
	if err != nil {
		return notes.Mark{}, classify("read marks", err)
	}
	return m, nil
}

// AllMarks implements notes.MarkStore.
func (s *Store) AllMarks(ctx context.Context, owner string) ([]notes.Mark, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+markColumns+` FROM marks WHERE owner=$1 ORDER BY brief_id`, owner)
	if err != nil {
		return nil, classify("read marks", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (notes.Mark, error) { return scanMark(r) })
	if err != nil {
		return nil, classify("read marks", err)
	}
	return out, nil
}

// Snapshot implements notes.MarkStore. The note counts come from the
// partial index of live notes (notes_live_counts), read without touching
// the rows.
func (s *Store) Snapshot(ctx context.Context, owner string) (*notes.Marks, error) {
	rows, err := s.pool.Query(ctx, `SELECT brief_id, starred, read_at FROM marks WHERE owner=$1`, owner)
	if err != nil {
		return nil, classify("read marks", err)
	}
	marks, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (notes.Mark, error) {
		m := notes.Mark{Owner: owner}
		var readAt int64
		err := r.Scan(&m.BriefID, &m.Starred, &readAt)
		m.ReadAt = notes.FromUnixNanos(readAt)
		return m, err
	})
	if err != nil {
		return nil, classify("read marks", err)
	}
	rows, err = s.pool.Query(ctx, `SELECT brief_id, count(*) FILTER (WHERE NOT highlight), count(*) FILTER (WHERE highlight)
		FROM notes WHERE owner=$1 AND deleted=0 GROUP BY brief_id`, owner)
	if err != nil {
		return nil, classify("count notes", err)
	}
	counts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (notes.NoteCount, error) {
		var c notes.NoteCount
		err := r.Scan(&c.BriefID, &c.Notes, &c.Highlights)
		return c, err
	})
	if err != nil {
		return nil, classify("count notes", err)
	}
	return notes.NewMarks(marks, counts), nil
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/briefing-dev/briefing/notes"
)

// upsertMark runs set (a "col=?, …" list with its args) on the mark of
// (owner, briefID), creating the row first when there is none.
func (s *Store) upsertMark(ctx context.Context, op, owner, briefID, set string, args ...any) error {
	if owner == "" || briefID == "" {
		return fmt.Errorf("notes: %s: owner and brief ID are required", op)
	}
	now := s.now().UnixNano()
	return s.write(ctx, op, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO marks (owner, brief_id, created, updated)
			VALUES (?,?,?,?)`, owner, briefID, now, now); err != nil {
			return err
		}
		a := append(append([]any{}, args...), now, owner, briefID)
		_, err := tx.ExecContext(ctx, `UPDATE marks SET `+set+`, updated=? WHERE owner=? AND brief_id=?`, a...)
		return err
	})
}

// SetStarred implements notes.MarkStore.
func (s *Store) SetStarred(ctx context.Context, owner, briefID string, starred bool) error {
	return s.upsertMark(ctx, "star brief", owner, briefID, "starred=?", starred)
}

// SetUnread implements notes.MarkStore.
func (s *Store) SetUnread(ctx context.Context, owner, briefID string) error {
	return s.upsertMark(ctx, "mark unread", owner, briefID, "read_at=0, read_sections=''")
}

// MarkRead implements notes.MarkStore.
func (s *Store) MarkRead(ctx context.Context, owner, briefID string, sections ...int) error {
	if owner == "" || briefID == "" {
		return errors.New("notes: mark read: owner and brief ID are required")
	}
	now := s.now().UnixNano()
	return s.write(ctx, "mark read", func(tx *sql.Tx) error {
		var readAt int64
		var secs string
		err := tx.QueryRowContext(ctx, `SELECT read_at, read_sections FROM marks WHERE owner=? AND brief_id=?`,
			owner, briefID).Scan(&readAt, &secs)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if readAt == 0 {
			readAt = now
		}
		merged := formatSections(mergeSections(parseSections(secs), sections))
		_, err = tx.ExecContext(ctx, `INSERT INTO marks (owner, brief_id, read_at, read_sections, created, updated)
			VALUES (?,?,?,?,?,?) ON CONFLICT (owner, brief_id) DO UPDATE SET
			read_at=excluded.read_at, read_sections=excluded.read_sections, updated=excluded.updated`,
			owner, briefID, readAt, merged, now, now)
		return err
	})
}

func parseSections(s string) []int {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		if i, err := strconv.Atoi(f); err == nil {
			out = append(out, i)
		}
	}
	return out
}

func mergeSections(a, b []int) []int {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

func formatSections(s []int) string {
	f := make([]string, len(s))
	for i, v := range s {
		f[i] = strconv.Itoa(v)
	}
	return strings.Join(f, ",")
}

// markColumns are a mark's columns with its position's anchor (empty when
// it has none), as markFrom joins them.
const markColumns = `m.owner, m.brief_id, m.starred, m.read_at, m.read_sections, m.position, m.created, m.updated,
	coalesce(a.section_kind, ''), coalesce(a.section_title, ''), coalesce(a.section_index, 0),
	coalesce(a.quote, ''), coalesce(a.before_text, ''), coalesce(a.after_text, ''),
	coalesce(a.into_para, 0), coalesce(a.above, 0)`

// markFrom is the join markColumns read.
const markFrom = ` FROM marks AS m LEFT JOIN position_anchors AS a ON a.owner=m.owner AND a.brief_id=m.brief_id`

// markColumnsV2 and markFromV2 read a mark without its anchor: a file of
// schema 1 or 2 opened read-only has none. The same columns, empty.
const (
	markColumnsV2 = `m.owner, m.brief_id, m.starred, m.read_at, m.read_sections, m.position, m.created, m.updated,
	'', '', 0, '', '', '', 0.0, 0`
	markFromV2 = ` FROM marks AS m`
)

// markSelect is the start of a query of marks for this file's schema;
// without anchors, positions have their line alone (Snapshot needs only
// read and starred, and reads a mark per brief of the library).
func (s *Store) markSelect(anchors bool) string {
	if s.schema < 3 || !anchors {
		return `SELECT ` + markColumnsV2 + markFromV2
	}
	return `SELECT ` + markColumns + markFrom
}

func scanMark(r scanner) (notes.Mark, error) {
	var m notes.Mark
	var readAt, created, updated int64
	var secs string
	p := &m.Position
	err := r.Scan(&m.Owner, &m.BriefID, &m.Starred, &readAt, &secs, &p.Line, &created, &updated,
		&p.Section.Kind, &p.Section.Title, &p.Section.Index, &p.Quote, &p.Before, &p.After, &p.Into, &p.Above)
	m.ReadAt, m.Created, m.Updated = notes.FromUnixNanos(readAt), notes.FromUnixNanos(created), notes.FromUnixNanos(updated)
	m.ReadSections = parseSections(secs)
	return m, err
}

// MarksForBrief implements notes.MarkStore.
func (s *Store) MarksForBrief(ctx context.Context, owner, briefID string) (notes.Mark, error) {
	m, err := scanMark(s.queryRow(ctx, s.markSelect(true)+` WHERE m.owner=? AND m.brief_id=?`, owner, briefID))
	if errors.Is(err, sql.ErrNoRows) {
		return notes.Mark{Owner: owner, BriefID: briefID}, nil
	}
	if err != nil {
		return notes.Mark{}, classify("read marks", err)
	}
	return m, nil
}

// AllMarks implements notes.MarkStore.
func (s *Store) AllMarks(ctx context.Context, owner string) ([]notes.Mark, error) {
	return s.allMarks(ctx, owner, true)
}

// allMarks reads the owner's marks, their positions' anchors when anchors.
func (s *Store) allMarks(ctx context.Context, owner string, anchors bool) ([]notes.Mark, error) {
	rows, err := s.query(ctx, s.markSelect(anchors)+` WHERE m.owner=? ORDER BY m.brief_id`, owner)
	if err != nil {
		return nil, classify("read marks", err)
	}
	defer rows.Close()
	var out []notes.Mark
	for rows.Next() {
		m, err := scanMark(rows)
		if err != nil {
			return nil, classify("read marks", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, classify("read marks", err)
	}
	return out, nil
}

// Snapshot implements notes.MarkStore. Note counts come from the trigger-kept
// note_counts table, so it costs one row per brief, not one per note.
func (s *Store) Snapshot(ctx context.Context, owner string) (*notes.Marks, error) {
	marks, err := s.allMarks(ctx, owner, false)
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT brief_id, notes, highlights FROM note_counts
		WHERE owner=? AND (notes > 0 OR highlights > 0)`, owner)
	if err != nil {
		return nil, classify("count notes", err)
	}
	defer rows.Close()
	var counts []notes.NoteCount
	for rows.Next() {
		var c notes.NoteCount
		if err := rows.Scan(&c.BriefID, &c.Notes, &c.Highlights); err != nil {
			return nil, classify("count notes", err)
		}
		counts = append(counts, c)
	}
	if err := rows.Err(); err != nil {
		return nil, classify("count notes", err)
	}
	return notes.NewMarks(marks, counts), nil
}

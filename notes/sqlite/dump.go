package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/briefing-dev/briefing/notes"
)

var _ notes.Dumper = (*Store)(nil)

// Owners implements notes.Dumper.
func (s *Store) Owners(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT owner FROM notes UNION SELECT owner FROM marks
		UNION SELECT owner FROM drafts ORDER BY 1`)
	if err != nil {
		return nil, classify("list owners", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return nil, classify("list owners", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, classify("list owners", err)
	}
	return out, nil
}

// Dump implements notes.Dumper, reading in one transaction so the parts
// agree with each other.
func (s *Store) Dump(ctx context.Context, owner string) (notes.OwnerData, error) {
	d := notes.OwnerData{Owner: owner}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return d, classify("dump", err)
	}
	defer tx.Rollback()
	if err := dumpRows(ctx, tx, `SELECT `+noteColumns+`, deleted FROM notes WHERE owner=?`, owner, func(r *sql.Rows) error {
		var n notes.DumpedNote
		var created, updated, deleted int64
		err := r.Scan(&n.ID, &n.Owner, &n.BriefID, &n.BriefHash, &n.Section.Kind, &n.Section.Title,
			&n.Section.Index, &n.Quote, &n.Before, &n.After, &n.Body, &n.Color, &created, &updated, &deleted)
		n.Created, n.Updated, n.Deleted = notes.FromUnixNanos(created), notes.FromUnixNanos(updated), notes.FromUnixNanos(deleted)
		d.Notes = append(d.Notes, n)
		return err
	}); err != nil {
		return d, classify("dump notes", err)
	}
	if err := dumpRows(ctx, tx, s.markSelect(true)+` WHERE m.owner=?`, owner, func(r *sql.Rows) error {
		m, err := scanMark(r)
		d.Marks = append(d.Marks, m)
		return err
	}); err != nil {
		return d, classify("dump marks", err)
	}
	q := `SELECT brief_id, session, note, updated FROM drafts WHERE owner=?`
	if s.schema < 2 {
		q = `SELECT brief_id, '', note, updated FROM drafts WHERE owner=?`
	}
	if err := dumpRows(ctx, tx, q, owner, func(r *sql.Rows) error {
		var briefID, session, body string
		var updated int64
		if err := r.Scan(&briefID, &session, &body, &updated); err != nil {
			return err
		}
		n, err := notes.DecodeDraft(body, owner, briefID)
		if err != nil {
			return fmt.Errorf("draft on %s: %w", briefID, err)
		}
		d.Drafts = append(d.Drafts, notes.Draft{Note: n, Session: session, Updated: notes.FromUnixNanos(updated)})
		return nil
	}); err != nil {
		return d, classify("dump drafts", err)
	}
	d.Sort()
	return d, nil
}

func dumpRows(ctx context.Context, tx *sql.Tx, q, owner string, scan func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, q, owner)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Restore implements notes.Dumper, in one transaction.
func (s *Store) Restore(ctx context.Context, d notes.OwnerData) (notes.Added, error) {
	var added notes.Added
	for _, n := range d.Notes {
		if err := validate("restore", n.Note); err != nil {
			return added, err
		}
		if n.ID == "" || n.Owner != d.Owner || !notes.ValidTime(n.Deleted) {
			return added, fmt.Errorf("notes: restore: %w: note %.40q of owner %.40q in the data of %.40q",
				notes.ErrInvalid, n.ID, n.Owner, d.Owner)
		}
	}
	err := s.write(ctx, "restore", func(tx *sql.Tx) error {
		added = notes.Added{}
		for _, n := range d.Notes {
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO notes (`+noteColumns+`, deleted)
				VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, append(noteArgs(n.Note), notes.UnixNanos(n.Deleted))...)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			added.Notes += int(k)
		}
		for _, m := range d.Marks {
			p := m.Position.Clamp()
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO marks (owner, brief_id, starred, read_at,
				read_sections, position, created, updated) VALUES (?,?,?,?,?,?,?,?)`,
				d.Owner, m.BriefID, m.Starred, notes.UnixNanos(m.ReadAt), formatSections(m.ReadSections), p.Line,
				notes.UnixNanos(m.Created), notes.UnixNanos(m.Updated))
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				continue // the mark is there, with its own position
			}
			added.Marks++
			if !p.Anchored() {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO position_anchors
				(owner, brief_id, section_kind, section_title, section_index, quote, before_text, after_text, into_para, above)
				VALUES (?,?,?,?,?,?,?,?,?,?)`, d.Owner, m.BriefID, p.Section.Kind, p.Section.Title, p.Section.Index,
				p.Quote, p.Before, p.After, p.Into, p.Above); err != nil {
				return err
			}
		}
		for _, dr := range d.Drafts {
			body, err := notes.MarshalDraftNote(dr.Note)
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO drafts (owner, brief_id, session, note, created, updated)
				VALUES (?,?,?,?,?,?)`, d.Owner, dr.Note.BriefID, dr.Session, body, notes.UnixNanos(dr.Updated), notes.UnixNanos(dr.Updated))
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			added.Drafts += int(k)
		}
		return nil
	})
	if err != nil {
		return notes.Added{}, err
	}
	return added, nil
}

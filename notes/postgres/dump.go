package postgres

import (
	"context"
	"fmt"

	"github.com/briefing-dev/briefing/notes"
	"github.com/jackc/pgx/v5"
)

var _ notes.Dumper = (*Store)(nil)

// Owners implements notes.Dumper.
func (s *Store) Owners(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT owner FROM notes UNION SELECT owner FROM marks
		UNION SELECT owner FROM drafts ORDER BY 1`)
	if err != nil {
		return nil, classify("list owners", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, classify("list owners", err)
	}
	return out, nil
}

// Dump implements notes.Dumper, reading in one repeatable-read
// transaction so the parts agree with each other while servers write.
func (s *Store) Dump(ctx context.Context, owner string) (notes.OwnerData, error) {
	d := notes.OwnerData{Owner: owner}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+noteColumns+`, deleted FROM notes WHERE owner=$1`, owner)
		if err != nil {
			return err
		}
		d.Notes, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (notes.DumpedNote, error) {
			var n notes.DumpedNote
			var created, updated, deleted int64
			err := r.Scan(&n.ID, &n.Owner, &n.BriefID, &n.BriefHash, &n.Section.Kind, &n.Section.Title,
				&n.Section.Index, &n.Quote, &n.Before, &n.After, &n.Body, &n.Color, &created, &updated, &deleted)
			n.Created, n.Updated, n.Deleted = notes.FromUnixNanos(created), notes.FromUnixNanos(updated), notes.FromUnixNanos(deleted)
			return n, err
		})
		if err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT `+markColumns+` FROM marks WHERE owner=$1`, owner)
		if err != nil {
			return err
		}
		d.Marks, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (notes.Mark, error) { return scanMark(r) })
		if err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT brief_id, session, note, updated FROM drafts WHERE owner=$1`, owner)
		if err != nil {
			return err
		}
		d.Drafts, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (notes.Draft, error) {
			var briefID, session, body string
			var updated int64
			if err := r.Scan(&briefID, &session, &body, &updated); err != nil {
				return notes.Draft{}, err
			}
			n, err := notes.DecodeDraft(body, owner, briefID)
			if err != nil {
				return notes.Draft{}, fmt.Errorf("draft on %s: %w", briefID, err)
			}
			return notes.Draft{Note: n, Session: session, Updated: notes.FromUnixNanos(updated)}, nil
		})
		return err
	})
	if err != nil {
		return notes.OwnerData{}, classify("dump", err)
	}
	d.Sort()
	return d, nil
}

// Restore implements notes.Dumper, in one transaction: the notes in
// batches, the marks and drafts in one round trip each.
func (s *Store) Restore(ctx context.Context, d notes.OwnerData) (notes.Added, error) {
	rows := make([]noteRow, len(d.Notes))
	for i, n := range d.Notes {
		if err := validate("restore", n.Note); err != nil {
			return notes.Added{}, err
		}
		if n.ID == "" || n.Owner != d.Owner || !notes.ValidTime(n.Deleted) {
			return notes.Added{}, fmt.Errorf("notes: restore: %w: note %.40q of owner %.40q in the data of %.40q",
				notes.ErrInvalid, n.ID, n.Owner, d.Owner)
		}
		rows[i] = noteRow{Note: n.Note, deleted: notes.UnixNanos(n.Deleted)}
	}
	var added notes.Added
	err := s.write(ctx, "restore", func(tx pgx.Tx) error {
		added = notes.Added{}
		var err error
		if added.Notes, err = insertNotes(ctx, tx, rows); err != nil {
			return err
		}
		b := &pgx.Batch{}
		for _, m := range d.Marks {
			p := m.Position.Clamp()
			if !p.Anchored() {
				p = notes.Position{Line: p.Line}
			}
			secs := make([]int64, len(m.ReadSections))
			for i, v := range m.ReadSections {
				secs[i] = int64(v)
			}
			b.Queue(`INSERT INTO marks (`+markColumns+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
				ON CONFLICT (owner, brief_id) DO NOTHING`,
				d.Owner, m.BriefID, m.Starred, notes.UnixNanos(m.ReadAt), secs, p.Line, p.Section.Kind, p.Section.Title,
				p.Section.Index, p.Quote, p.Before, p.After, p.Into, p.Above, notes.UnixNanos(m.Created), notes.UnixNanos(m.Updated))
		}
		for _, dr := range d.Drafts {
			body, err := notes.MarshalDraftNote(dr.Note)
			if err != nil {
				return err
			}
			b.Queue(`INSERT INTO drafts (owner, brief_id, session, note, created, updated) VALUES ($1,$2,$3,$4,$5,$5)
				ON CONFLICT (owner, brief_id, session) DO NOTHING`, d.Owner, dr.Note.BriefID, dr.Session, body, notes.UnixNanos(dr.Updated))
		}
		br := tx.SendBatch(ctx, b)
		for i := range b.Len() {
			tag, err := br.Exec()
			if err != nil {
				br.Close()
				return err
			}
			if i < len(d.Marks) {
				added.Marks += int(tag.RowsAffected())
			} else {
				added.Drafts += int(tag.RowsAffected())
			}
		}
		return br.Close()
	})
	if err != nil {
		return notes.Added{}, err
	}
	return added, nil
}

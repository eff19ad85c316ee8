package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/briefing-dev/briefing/notes"
)

// migrations are the schema versions in order: migrations[i] takes
// PRAGMA user_version from i to i+1. Never edit one that has shipped; add one.
var migrations = []string{
	// v1: notes, marks, drafts. Times are UTC Unix nanoseconds, 0 = none.
	`CREATE TABLE notes (
		id            TEXT PRIMARY KEY,
		owner         TEXT NOT NULL,
		brief_id      TEXT NOT NULL,
		brief_hash    TEXT NOT NULL DEFAULT '',
		section_kind  TEXT NOT NULL DEFAULT '',
		section_title TEXT NOT NULL DEFAULT '',
		section_index INTEGER NOT NULL DEFAULT 0,
		quote         TEXT NOT NULL DEFAULT '',
		before_text   TEXT NOT NULL DEFAULT '',
		after_text    TEXT NOT NULL DEFAULT '',
		body          TEXT NOT NULL DEFAULT '',
		color         TEXT NOT NULL DEFAULT '',
		created       INTEGER NOT NULL,
		updated       INTEGER NOT NULL,
		deleted       INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX notes_owner_brief ON notes (owner, brief_id);
	CREATE INDEX notes_owner_hash ON notes (owner, brief_hash);
	CREATE TABLE marks (
		owner         TEXT NOT NULL,
		brief_id      TEXT NOT NULL,
		starred       INTEGER NOT NULL DEFAULT 0,
		read_at       INTEGER NOT NULL DEFAULT 0,
		read_sections TEXT NOT NULL DEFAULT '',
		position      INTEGER NOT NULL DEFAULT 0,
		created       INTEGER NOT NULL,
		updated       INTEGER NOT NULL,
		PRIMARY KEY (owner, brief_id)
	) WITHOUT ROWID;
	-- note_counts keeps the per-brief numbers of live notes and highlights
	-- up to date by trigger, so Snapshot reads one small row per brief
	-- instead of scanning every note.
	CREATE TABLE note_counts (
		owner      TEXT NOT NULL,
		brief_id   TEXT NOT NULL,
		notes      INTEGER NOT NULL DEFAULT 0,
		highlights INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (owner, brief_id)
	) WITHOUT ROWID;
	CREATE TRIGGER notes_count_insert AFTER INSERT ON notes WHEN new.deleted = 0 BEGIN
		INSERT INTO note_counts (owner, brief_id, notes, highlights)
		VALUES (new.owner, new.brief_id, new.body <> '', new.body = '')
		ON CONFLICT (owner, brief_id) DO UPDATE SET
			notes = notes + excluded.notes, highlights = highlights + excluded.highlights;
	END;
	CREATE TRIGGER notes_count_delete AFTER DELETE ON notes WHEN old.deleted = 0 BEGIN
		UPDATE note_counts SET notes = notes - (old.body <> ''), highlights = highlights - (old.body = '')
		WHERE owner = old.owner AND brief_id = old.brief_id;
	END;
	CREATE TRIGGER notes_count_update AFTER UPDATE OF owner, brief_id, body, deleted ON notes BEGIN
		UPDATE note_counts SET notes = notes - (old.body <> ''), highlights = highlights - (old.body = '')
		WHERE old.deleted = 0 AND owner = old.owner AND brief_id = old.brief_id;
		INSERT INTO note_counts (owner, brief_id, notes, highlights)
		SELECT new.owner, new.brief_id, new.body <> '', new.body = '' WHERE new.deleted = 0
		ON CONFLICT (owner, brief_id) DO UPDATE SET
			notes = notes + excluded.notes, highlights = highlights + excluded.highlights;
	END;
	CREATE TABLE drafts (
		owner    TEXT NOT NULL,
		brief_id TEXT NOT NULL,
		note     TEXT NOT NULL,
		created  INTEGER NOT NULL,
		updated  INTEGER NOT NULL,
		PRIMARY KEY (owner, brief_id)
	) WITHOUT ROWID;`,
}

// SchemaVersion is the schema version this package writes: the number of
// migrations (a test keeps the two equal).
const SchemaVersion = 1

// migrate applies the missing migrations, each in its own immediate
// transaction that re-reads the version first: two processes starting at
// once must not both apply the same step.
func (s *Store) migrate(ctx context.Context, readOnly bool) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return classify("read schema version", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("notes: database %s has schema v%d, newer than this briefing knows (v%d): upgrade briefing", s.path, v, len(migrations))
	}
	if v == len(migrations) {
		return nil
	}
	if readOnly {
		return fmt.Errorf("notes: database %s has schema v%d, needs v%d, and is open read-only: %w", s.path, v, len(migrations), notes.ErrReadOnly)
	}
	for v < len(migrations) {
		err := s.write(ctx, fmt.Sprintf("migrate schema to v%d", v+1), func(tx *sql.Tx) error {
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
				return err
			}
			if v >= len(migrations) {
				return nil
			}
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return err
			}
			v++
			_, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(v))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

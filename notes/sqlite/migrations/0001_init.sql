-- v1: notes, marks, drafts. Times are UTC Unix nanoseconds, 0 = none.
-- Notes are deleted softly (deleted holds the time) so that undo can bring
-- them back. Never edit a migration that has shipped: add the next one.
CREATE TABLE notes (
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
) WITHOUT ROWID;

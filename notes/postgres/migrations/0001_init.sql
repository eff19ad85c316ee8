-- v1: notes, marks (with the reading position and its anchor), drafts.
-- Times are UTC Unix nanoseconds in bigint, 0 = none: timestamptz keeps
-- microseconds, and a note read back must equal the note saved to the
-- nanosecond. Keys are text COLLATE "C", ordered by byte as SQLite orders
-- them, whatever the database's locale. Numbers are bigint, as wide as Go's
-- int. Notes are deleted softly (deleted holds the time) so that undo
-- can bring them back. Never edit a migration that has shipped: add the next
-- one.
CREATE TABLE notes (
	id            text COLLATE "C" PRIMARY KEY,
	owner         text COLLATE "C" NOT NULL,
	brief_id      text COLLATE "C" NOT NULL,
	brief_hash    text COLLATE "C" NOT NULL DEFAULT '',
	section_kind  text NOT NULL DEFAULT '',
	section_title text NOT NULL DEFAULT '',
	section_index bigint NOT NULL DEFAULT 0,
	quote         text NOT NULL DEFAULT '',
	before_text   text NOT NULL DEFAULT '',
	after_text    text NOT NULL DEFAULT '',
	body          text NOT NULL DEFAULT '',
	color         text NOT NULL DEFAULT '',
	created       bigint NOT NULL,
	updated       bigint NOT NULL,
	deleted       bigint NOT NULL DEFAULT 0,
	-- highlight lets Snapshot count notes and highlights per brief from the
	-- index alone, with no counter row that concurrent writers would queue on.
	highlight     boolean GENERATED ALWAYS AS (body = '') STORED
);
CREATE INDEX notes_owner_brief ON notes (owner, brief_id);
CREATE INDEX notes_owner_hash ON notes (owner, brief_hash);
CREATE INDEX notes_live_counts ON notes (owner, brief_id, highlight) WHERE deleted = 0;
-- A mark holds the reading position too: its line (pos_line) and, when
-- pos_quote is not empty, the paragraph it is anchored to.
CREATE TABLE marks (
	owner         text COLLATE "C" NOT NULL,
	brief_id      text COLLATE "C" NOT NULL,
	starred       boolean NOT NULL DEFAULT false,
	read_at       bigint NOT NULL DEFAULT 0,
	read_sections bigint[] NOT NULL DEFAULT '{}',
	pos_line      bigint NOT NULL DEFAULT 0,
	pos_kind      text NOT NULL DEFAULT '',
	pos_title     text NOT NULL DEFAULT '',
	pos_index     bigint NOT NULL DEFAULT 0,
	pos_quote     text NOT NULL DEFAULT '',
	pos_before    text NOT NULL DEFAULT '',
	pos_after     text NOT NULL DEFAULT '',
	pos_into      double precision NOT NULL DEFAULT 0,
	pos_above     bigint NOT NULL DEFAULT 0,
	created       bigint NOT NULL,
	updated       bigint NOT NULL,
	PRIMARY KEY (owner, brief_id)
);
-- One draft per owner, brief and session (window); note is the note in the
-- export's JSON shape.
CREATE TABLE drafts (
	owner    text COLLATE "C" NOT NULL,
	brief_id text COLLATE "C" NOT NULL,
	session  text COLLATE "C" NOT NULL,
	note     text NOT NULL,
	created  bigint NOT NULL,
	updated  bigint NOT NULL,
	PRIMARY KEY (owner, brief_id, session)
);

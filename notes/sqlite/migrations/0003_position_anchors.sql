-- v3: a reading position anchored to a paragraph (section, quote, the text
-- around it, how far into it the view was), so it holds at any width and
-- through an edit. marks.position keeps the line offset: the whole position
-- of rows saved before, and the fallback when the paragraph is gone. A mark
-- without a row here has the line alone.
CREATE TABLE position_anchors (
	owner         TEXT NOT NULL,
	brief_id      TEXT NOT NULL,
	section_kind  TEXT NOT NULL DEFAULT '',
	section_title TEXT NOT NULL DEFAULT '',
	section_index INTEGER NOT NULL DEFAULT 0,
	quote         TEXT NOT NULL,
	before_text   TEXT NOT NULL DEFAULT '',
	after_text    TEXT NOT NULL DEFAULT '',
	into_para     REAL NOT NULL DEFAULT 0,
	above         INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (owner, brief_id)
) WITHOUT ROWID;

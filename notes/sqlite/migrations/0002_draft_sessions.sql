-- v2: one draft per owner, brief and session (window), so two windows on
-- one brief never overwrite each other's draft. Drafts kept before get the
-- empty session: any window may offer them.
CREATE TABLE drafts_by_session (
	owner    TEXT NOT NULL,
	brief_id TEXT NOT NULL,
	session  TEXT NOT NULL,
	note     TEXT NOT NULL,
	created  INTEGER NOT NULL,
	updated  INTEGER NOT NULL,
	PRIMARY KEY (owner, brief_id, session)
) WITHOUT ROWID;
INSERT INTO drafts_by_session (owner, brief_id, session, note, created, updated)
	SELECT owner, brief_id, '', note, created, updated FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_by_session RENAME TO drafts;

-- One row per session a server runs, so that every server on the database
-- counts a key's sessions in all. A server renews its rows' expiry while
-- the sessions run; the rows of a server that died expire on their own.
CREATE TABLE serve_sessions (
	id      text PRIMARY KEY,
	key     text NOT NULL,
	server  text NOT NULL,
	started timestamptz NOT NULL,
	expires timestamptz NOT NULL
);
CREATE INDEX serve_sessions_key ON serve_sessions (key, expires);
CREATE INDEX serve_sessions_server ON serve_sessions (server);

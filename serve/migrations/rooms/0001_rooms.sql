-- The shared part of every briefing room: one row per room, written by the
-- server whose session presents it (holder_server, holder_seat) while its
-- lease runs (lease_until, renewed by that server's heartbeat). Every
-- write bumps version; the servers are told "name:version" by NOTIFY and
-- read the row back.
CREATE TABLE briefing_rooms (
	name           text PRIMARY KEY,
	state          smallint NOT NULL DEFAULT 0,   -- model.RoomState: 0 waiting, 1 live, 2 paused, 3 ended
	presenter_key  text NOT NULL DEFAULT '',      -- the presenter, or the one away while paused
	presenter_name text NOT NULL DEFAULT '',
	holder_server  text NOT NULL DEFAULT '',      -- '' unless live
	holder_seat    bigint NOT NULL DEFAULT 0,
	lease_until    timestamptz,
	away_since     timestamptz,
	brief_id       text NOT NULL DEFAULT '',
	brief_hash     text NOT NULL DEFAULT '',
	section        integer NOT NULL DEFAULT 0,
	pos_top        integer NOT NULL DEFAULT 0,
	pos_pointer    integer NOT NULL DEFAULT -1,
	pull_seq       bigint NOT NULL DEFAULT 0,
	version        bigint NOT NULL DEFAULT 1
);

-- The heartbeat and the sweep look only at live and paused rooms.
CREATE INDEX briefing_rooms_open ON briefing_rooms (state) WHERE state IN (1, 2);

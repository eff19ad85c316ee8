-- Who is in each room, per server: each server writes the seats of its
-- own sessions (all of a room's at once) and renews seen with its
-- heartbeat, so the seats of a server that died stop counting once seen
-- is older than a lease, and are deleted a while later.
CREATE TABLE briefing_room_members (
	room        text NOT NULL,
	server      text NOT NULL,
	seat        bigint NOT NULL,
	name        text NOT NULL,
	person_key  text NOT NULL DEFAULT '',
	can_present boolean NOT NULL DEFAULT false,
	following   boolean NOT NULL DEFAULT false,
	hand        boolean NOT NULL DEFAULT false,
	seen        timestamptz NOT NULL,
	PRIMARY KEY (room, server, seat)
);
CREATE INDEX briefing_room_members_server ON briefing_room_members (server);

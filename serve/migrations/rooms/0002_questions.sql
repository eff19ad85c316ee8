-- Questions for a room's presenter, asked on any server. The presenter's
-- server reads those it has not seen when the room's version moves on.
-- A room's questions go when it ends.
CREATE TABLE briefing_room_questions (
	room        text NOT NULL,
	id          bigserial,
	from_name   text NOT NULL,
	body        text NOT NULL,
	brief_id    text NOT NULL DEFAULT '',
	brief_hash  text NOT NULL DEFAULT '',
	section     integer NOT NULL DEFAULT 0,
	pos_top     integer NOT NULL DEFAULT 0,
	pos_pointer integer NOT NULL DEFAULT -1,
	answered    boolean NOT NULL DEFAULT false,
	PRIMARY KEY (room, id)
);

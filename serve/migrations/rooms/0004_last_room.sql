-- The live room each key was last in when its session ended, on any
-- server: a follower whose connection drops comes back into it through
-- whichever server the balancer picks.
CREATE TABLE briefing_room_last (
	person_key text PRIMARY KEY,
	room       text NOT NULL,
	left_at    timestamptz NOT NULL
);

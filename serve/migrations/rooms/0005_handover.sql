-- A room handed over between servers: the presenter's server offers it to
-- a seat of another server (offer_server, offer_seat), which takes it with
-- a conditional update or declines it (declined, counted in declined_seq
-- so the presenter is told of each).
ALTER TABLE briefing_rooms
	ADD COLUMN offer_server text NOT NULL DEFAULT '',
	ADD COLUMN offer_seat bigint NOT NULL DEFAULT 0,
	ADD COLUMN offer_from text NOT NULL DEFAULT '',
	ADD COLUMN declined text NOT NULL DEFAULT '',
	ADD COLUMN declined_seq bigint NOT NULL DEFAULT 0;

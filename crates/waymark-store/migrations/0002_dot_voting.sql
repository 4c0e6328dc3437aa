-- Schema version 2: dot voting. Each card keeps its dot total; each journey may have a voting round.

ALTER TABLE card ADD COLUMN dots INTEGER NOT NULL DEFAULT 0;

CREATE TABLE voting (
    journey_id TEXT PRIMARY KEY,
    dots_per_person INTEGER NOT NULL,
    open INTEGER NOT NULL
) STRICT;

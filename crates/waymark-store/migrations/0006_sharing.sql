-- Schema version 6: sharing and discussing. The project's id — made once, kept by every copy (a file copy, Save As, git), so a
-- merge can tell copies of one project from two projects. A file from before this version takes the id of its oldest
-- journey (ids are time-ordered and never change), which copies made before the upgrade still share; one with no
-- journey, its first history entry's; one with neither, a random id.
-- Comments on cards are part of the document (edited through commands, so they undo, show in the history and
-- merge like the rest).
-- A merge keeps the other side's history entries since the copies parted (merged_entry: not replayed, kept to be
-- read) and the conflicts it left to resolve (merge_conflict: one JSON record each).

CREATE TABLE project_info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

INSERT INTO project_info (key, value)
VALUES ('id', coalesce(
    (SELECT min(id) FROM journey),
    (SELECT id FROM op_log ORDER BY seq LIMIT 1),
    lower(hex(randomblob(16)))
));

CREATE TABLE merged_entry (
    merge_seq INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    author TEXT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    PRIMARY KEY (merge_seq, seq)
) STRICT;

CREATE TABLE merge_conflict (
    number INTEGER PRIMARY KEY,
    merge_seq INTEGER NOT NULL,
    record TEXT NOT NULL
) STRICT;

CREATE TABLE comment (
    id TEXT PRIMARY KEY,
    journey_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    reply_to TEXT,
    author TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    text TEXT NOT NULL,
    edited_ms INTEGER,
    resolved INTEGER NOT NULL
) STRICT;

CREATE INDEX comment_by_journey ON comment (journey_id, id);

-- Schema version 1: the document, one row per entity, and the op log that holds history, undo and redo.
-- Ids are UUID v7 in text form. Positions order stages, lanes and personas, and cards within their cell.

CREATE TABLE persona (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL
) STRICT;

CREATE TABLE journey (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE stage (
    id TEXT PRIMARY KEY,
    journey_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE lane (
    id TEXT PRIMARY KEY,
    journey_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
) STRICT;

CREATE TABLE card (
    id TEXT PRIMARY KEY,
    journey_id TEXT NOT NULL,
    stage_id TEXT NOT NULL,
    lane_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    channel TEXT,
    owner TEXT,
    tags TEXT NOT NULL -- a JSON array of strings
) STRICT;

CREATE TABLE flow (
    id TEXT PRIMARY KEY,
    journey_id TEXT NOT NULL,
    from_card TEXT NOT NULL,
    to_card TEXT NOT NULL,
    kind TEXT NOT NULL,
    label TEXT
) STRICT;

CREATE TABLE emotion (
    journey_id TEXT NOT NULL,
    persona_id TEXT NOT NULL,
    stage_id TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (journey_id, persona_id, stage_id)
) STRICT, WITHOUT ROWID;

-- One row per applied command, undo or redo. `stack` says which stack the row is on: 'undo' rows can be undone
-- (newest first), 'redo' rows redone; rows on neither are history only.
CREATE TABLE op_log (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at_ms INTEGER NOT NULL,
    author TEXT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    inverse TEXT NOT NULL,
    stack TEXT
) STRICT;

CREATE INDEX op_log_by_stack ON op_log (stack, seq);

-- Schema version 4: named versions. A version is a label on a history point: the op-log entry it was saved at
-- (seq 0: the project as it was created, before any entry). Versions are not edits: saving one adds no op-log row.

CREATE TABLE version (
    number INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    seq INTEGER NOT NULL,
    at_ms INTEGER NOT NULL,
    author TEXT NOT NULL
) STRICT;

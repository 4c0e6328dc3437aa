-- Schema version 3: feedback. A dataset is one imported file (kept whole, so it can be re-mapped); each response
-- is one row of it that landed on a card; tallies per card, for all time ('') and per month ('YYYY-MM'), are kept
-- so that scores open without reading the responses. Card ids are 16-byte blobs here: there may be millions.

CREATE TABLE dataset (
    number INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    journey_id TEXT NOT NULL,
    name TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    mapping TEXT NOT NULL,
    columns TEXT NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_mapped INTEGER NOT NULL,
    source BLOB NOT NULL
) STRICT;

CREATE UNIQUE INDEX dataset_by_source ON dataset (journey_id, source_hash);

CREATE TABLE response (
    dataset INTEGER NOT NULL,
    row INTEGER NOT NULL,
    card BLOB NOT NULL,
    score REAL NOT NULL,
    time INTEGER,
    comment TEXT,
    segments TEXT,
    PRIMARY KEY (dataset, row)
) STRICT, WITHOUT ROWID;

CREATE INDEX response_by_card ON response (card, dataset);

CREATE TABLE tally (
    dataset INTEGER NOT NULL,
    card BLOB NOT NULL,
    period TEXT NOT NULL,
    n INTEGER NOT NULL,
    sum REAL NOT NULL,
    sum_squares REAL NOT NULL,
    high INTEGER NOT NULL,
    low INTEGER NOT NULL,
    PRIMARY KEY (dataset, card, period)
) STRICT, WITHOUT ROWID;

CREATE TABLE preset (
    name TEXT PRIMARY KEY,
    mapping TEXT NOT NULL
) STRICT;

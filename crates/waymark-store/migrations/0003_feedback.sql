-- Schema version 3: feedback. A dataset is one imported file (kept whole, in chunks, so it can be re-mapped); each
-- response is one row of it that landed on a card; tallies per card, for all time ('') and per month ('YYYY-MM'), are kept
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
    rows_mapped INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX dataset_by_source ON dataset (journey_id, source_hash);

-- The imported file, in pieces well under SQLite's (deliberately small) value limit, each LZ4-compressed with its
-- size in front (lz4_flex's compress_prepend_size).
CREATE TABLE dataset_source (
    dataset INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (dataset, seq)
) STRICT;

-- Responses are appended in batches sorted by card (appending is SQLite's fastest insert, and no index has to be
-- kept up); response_run records where each card's responses of each batch sit, so a card's responses are a few
-- rowid ranges.
CREATE TABLE response (
    dataset INTEGER NOT NULL,
    card BLOB NOT NULL,
    row INTEGER NOT NULL,
    score REAL NOT NULL,
    time INTEGER,
    comment TEXT,
    segments TEXT
) STRICT;

CREATE TABLE response_run (
    dataset INTEGER NOT NULL,
    card BLOB NOT NULL,
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (dataset, card, first)
) STRICT, WITHOUT ROWID;

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

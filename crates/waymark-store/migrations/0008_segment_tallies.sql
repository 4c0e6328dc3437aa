-- Schema version 8: tallies per segment value. Splitting scores by a segment column read every response of the
-- journey's datasets (seconds at ten million responses); an import now also tallies each card's responses by the
-- value each of the dataset's segment columns gives them, as the split groups values (trimmed; '' for the
-- responses without one), so a split reads these rows instead.

CREATE TABLE segment_tally (
    dataset INTEGER NOT NULL,
    segment TEXT NOT NULL,
    card BLOB NOT NULL,
    value TEXT NOT NULL,
    n INTEGER NOT NULL,
    sum REAL NOT NULL,
    sum_squares REAL NOT NULL,
    high INTEGER NOT NULL,
    low INTEGER NOT NULL,
    PRIMARY KEY (dataset, segment, card, value)
) STRICT, WITHOUT ROWID;

-- The segment columns whose tallies a dataset keeps. A dataset imported before version 8, or a column with more
-- values than are kept, has no row here: its split reads its responses (and, in a file open for writing, keeps
-- what it found).
CREATE TABLE segment_kept (
    dataset INTEGER NOT NULL,
    segment TEXT NOT NULL,
    PRIMARY KEY (dataset, segment)
) STRICT, WITHOUT ROWID;

-- Schema version 7: a merge's conflicts settled in the app. Each merge keeps the two documents it was made from
-- besides ours (its base and theirs, as waymark.project/1 JSON), so a review can show what each side changed.
-- A conflict is open while the history step that made it (made_by) is in effect and the step that settled it
-- (settled_by), if any, is not; both follow their step through undo and redo, so settling undoes like any edit.

CREATE TABLE merge_step (
    merge_seq INTEGER PRIMARY KEY,
    theirs_name TEXT NOT NULL,
    base TEXT NOT NULL,
    theirs TEXT NOT NULL
) STRICT;

ALTER TABLE merge_conflict ADD COLUMN made_by INTEGER;
UPDATE merge_conflict SET made_by = merge_seq;
ALTER TABLE merge_conflict ADD COLUMN settled_by INTEGER;

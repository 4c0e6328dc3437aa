-- Schema version 5: a persona can stand for the respondents of one value of a feedback segment column
-- (both NULL when it is not linked).

ALTER TABLE persona ADD COLUMN segment_column TEXT;
ALTER TABLE persona ADD COLUMN segment_value TEXT;

-- A report against an official (检举、揭发): the Petition Work Regulations
-- punish passing it to the person it accuses, so such a case is seen only by
-- those who handle it (liaisons and clerks), is left out of every list shown
-- to anyone else, and each look at it is logged. Merged as its own unit.
ALTER TABLE petition_case ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1));

-- Each look at a confidential case (its page, an agreement, an attachment;
-- printing reads through those): who, in what role, on which device, what. Append-only,
-- and it travels in the change log like the record of numbers shown.
CREATE TABLE case_view (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL,
    account_name  TEXT NOT NULL,
    role          TEXT,
    device_id     TEXT NOT NULL,
    what          TEXT NOT NULL,
    viewed_at     TEXT NOT NULL
) STRICT;
CREATE INDEX case_view_case ON case_view (case_id, viewed_at);
CREATE TRIGGER case_view_no_update BEFORE UPDATE ON case_view
BEGIN SELECT RAISE(ABORT, 'case_view is append-only'); END;
CREATE TRIGGER case_view_no_delete BEFORE DELETE ON case_view
BEGIN SELECT RAISE(ABORT, 'case_view is append-only'); END;

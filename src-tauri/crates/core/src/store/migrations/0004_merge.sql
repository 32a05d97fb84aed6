-- Merge: the township edits village cases too (交办, 反馈), so a case can
-- change on two devices before either hears of the other. Each part of a
-- case carries the stamp of the write that last set it; concurrent writes
-- are settled by the later stamp, the same on every device, and listed for
-- the clerk.

-- This device's hybrid logical clock: the latest stamp it issued or saw.
CREATE TABLE hlc (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    latest     TEXT NOT NULL
) STRICT;

-- Who last set each merge unit of a record (unit '' = the record's creation),
-- and the stamp that write was based on.
CREATE TABLE field_stamp (
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    unit         TEXT NOT NULL,
    hlc          TEXT NOT NULL,
    stream       TEXT NOT NULL,
    base_hlc     TEXT,
    base_stream  TEXT,
    PRIMARY KEY (entity, entity_id, unit)
) STRICT, WITHOUT ROWID;

-- Concurrent writes to the same unit with different values (冲突), kept for
-- the clerk to confirm or change. The decision is a new write, synced like
-- any other; a later write to the unit from anywhere also settles it.
CREATE TABLE merge_conflict (
    id            TEXT PRIMARY KEY,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    unit          TEXT NOT NULL,
    kept_value    TEXT NOT NULL,
    kept_hlc      TEXT NOT NULL,
    kept_stream   TEXT NOT NULL,
    lost_value    TEXT NOT NULL,
    lost_hlc      TEXT NOT NULL,
    lost_stream   TEXT NOT NULL,
    -- The winning stamp was ahead of this device's clock when it arrived.
    clock_ahead   INTEGER NOT NULL,
    detected_at   TEXT NOT NULL,
    settled_at    TEXT,
    settled_by    TEXT,
    settlement    TEXT CHECK (settlement IN ('kept', 'changed', 'superseded')),
    UNIQUE (entity, entity_id, unit, lost_hlc, lost_stream)
) STRICT;
CREATE INDEX merge_conflict_open ON merge_conflict (settled_at, detected_at);

-- How far a village holds the township's stream of changes to its cases
-- (from the receipt entries in the village's own log): the next return
-- bundle carries what comes after.
CREATE TABLE stream_receipt (
    stream     TEXT PRIMARY KEY,
    held_seq   INTEGER NOT NULL,
    head_hash  TEXT
) STRICT;

-- The responsible leader or department a case is handed to (交办 / 包案).
ALTER TABLE petition_case ADD COLUMN assigned_to TEXT;

-- The search index's row for each case, so re-indexing one case finds its
-- row by key instead of scanning the whole index (case_id is UNINDEXED in
-- the FTS table, so `DELETE … WHERE case_id = ?` read every row: recording
-- a case took longer the bigger the ledger). An INTEGER PRIMARY KEY keeps
-- its value through VACUUM, as FTS5 rowids do. Existing rows keep theirs.
CREATE TABLE case_search_key (
    rowid   INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL UNIQUE
) STRICT;

INSERT INTO case_search_key (rowid, case_id) SELECT rowid, case_id FROM case_search;

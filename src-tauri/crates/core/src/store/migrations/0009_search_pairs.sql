-- Two-character queries (a given name such as 桂兰, a word such as 坟地)
-- cannot use the trigram index, so they scanned every case's text: half a
-- second over a township's 100,000 cases. Each case's text is also indexed
-- as its overlapping pairs of letters or digits, one token each, so such a
-- query is one token lookup. Contentless: the text is in case_search; the
-- rowid is the case's case_search_key. Filled by the store on first open
-- (a pair is computed in Rust, not SQL), then kept with every re-index.
CREATE VIRTUAL TABLE case_search_pairs USING fts5(
    pairs, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);

-- Display copies (显示副本) of attached photos: derived local data, like the
-- search index. The copy's bytes are content like any other (attachment_blob
-- and attachment_chunk, once per hash); this table links an original to it.
-- Never in the change log, never in a bundle: each computer makes its own
-- from the original, which is never altered. When the original is small
-- enough to be shown as it is, display_hash is the original's own hash.
CREATE TABLE attachment_display (
    original_hash  TEXT PRIMARY KEY,
    display_hash   TEXT NOT NULL,
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL
) STRICT;

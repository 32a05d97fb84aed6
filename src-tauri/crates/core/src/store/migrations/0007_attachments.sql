-- Attachments (附件): the signed agreement's scan, evidence, proof that an
-- agreement was carried out (履行凭证). The record travels in the change log
-- like any other; the file's bytes are kept once per content (BLAKE3), in
-- chunks, so the same photo attached twice is stored once and a bundle can
-- carry a large file piece by piece. The bytes live in the ledger itself, so
-- they are backed up and (with an encrypted ledger) encrypted with it.
CREATE TABLE attachment (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES petition_case (id),
    agreement_id  TEXT REFERENCES agreement (id),
    revisit_id    TEXT REFERENCES revisit (id),
    kind          TEXT NOT NULL CHECK (kind IN ('signed_agreement', 'evidence', 'performance_proof', 'other')),
    caption       TEXT,
    file_name     TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    hash          TEXT NOT NULL,
    added_by      TEXT NOT NULL,
    added_at      TEXT NOT NULL,
    voided_at     TEXT,
    void_reason   TEXT
) STRICT;

CREATE INDEX attachment_by_case ON attachment (case_id, added_at);
CREATE INDEX attachment_by_hash ON attachment (hash);

-- A file's content, whole: its size and how many chunks make it.
CREATE TABLE attachment_blob (
    hash    TEXT PRIMARY KEY,
    size    INTEGER NOT NULL,
    chunks  INTEGER NOT NULL
) STRICT;

-- The content in chunks of 1 MiB (the last one shorter), each with its own
-- hash so a damaged chunk is found before anything is written.
CREATE TABLE attachment_chunk (
    hash    TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    chunk_hash TEXT NOT NULL,
    bytes   BLOB NOT NULL,
    PRIMARY KEY (hash, seq)
) STRICT;

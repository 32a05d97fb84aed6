-- The first schema of the petition ledger. Records are never hard-deleted:
-- voided_at/void_reason keep them in the file. Every write also appends to
-- change_log in the same transaction (see changelog.rs).

-- This install: its id, role and name. Exactly one row once initialised.
CREATE TABLE device (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id   TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('village', 'township')),
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

-- Configuration (time limits, categories): key → JSON value.
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

-- Per-device append-only log of every change, a hash chain per device.
CREATE TABLE change_log (
    device_id    TEXT NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    op           TEXT NOT NULL,
    payload      TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    prev_hash    BLOB NOT NULL,
    hash         BLOB NOT NULL UNIQUE,
    PRIMARY KEY (device_id, seq)
) STRICT;
CREATE INDEX change_log_entity ON change_log (entity, entity_id);

-- Per-scope yearly counters for human-facing numbers (e.g. 〔2026〕第 12 号).
CREATE TABLE number_sequence (
    kind   TEXT NOT NULL,
    scope  TEXT NOT NULL,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (kind, scope, year)
) STRICT;

-- Residents (信访人, 当事人).
CREATE TABLE person (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    id_number    TEXT UNIQUE,
    gender       TEXT CHECK (gender IN ('male', 'female')),
    birth_date   TEXT,
    phone        TEXT,
    village      TEXT,
    grp          TEXT,
    address      TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    voided_at    TEXT,
    void_reason  TEXT
) STRICT;

-- A request followed to its end (信访事项).
CREATE TABLE petition_case (
    id                TEXT PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    village           TEXT,
    channel           TEXT NOT NULL,
    category          TEXT NOT NULL,
    request           TEXT NOT NULL,
    urgency           TEXT NOT NULL,
    received_at       TEXT NOT NULL,
    received_by       TEXT NOT NULL,
    step              TEXT NOT NULL,
    route             TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    extension_days    INTEGER,
    extension_reason  TEXT,
    handled_on        TEXT,
    closed_on         TEXT,
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    voided_at         TEXT,
    void_reason       TEXT
) STRICT;
CREATE INDEX petition_case_received ON petition_case (received_at);

-- Each visit, letter or call (来访登记); a repeat visit joins its earlier case.
CREATE TABLE visit (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES petition_case (id),
    channel      TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    headcount    INTEGER NOT NULL CHECK (headcount >= 1),
    request      TEXT NOT NULL,
    received_by  TEXT NOT NULL,
    facts        TEXT,
    measures     TEXT,
    is_repeat    INTEGER NOT NULL CHECK (is_repeat IN (0, 1)),
    created_at   TEXT NOT NULL,
    voided_at    TEXT,
    void_reason  TEXT
) STRICT;
CREATE INDEX visit_case ON visit (case_id);

CREATE TABLE visit_petitioner (
    visit_id        TEXT NOT NULL REFERENCES visit (id),
    person_id       TEXT NOT NULL REFERENCES person (id),
    position        INTEGER NOT NULL,
    representative  INTEGER NOT NULL CHECK (representative IN (0, 1)),
    PRIMARY KEY (visit_id, person_id)
) STRICT;
CREATE INDEX visit_petitioner_person ON visit_petitioner (person_id);

-- The five-step timeline and every other lifecycle event of a case.
CREATE TABLE case_event (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES petition_case (id),
    action       TEXT NOT NULL,
    happened_on  TEXT NOT NULL,
    actor        TEXT NOT NULL,
    note         TEXT,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX case_event_case ON case_event (case_id);

-- Mediation agreements (人民调解协议书), one row per version.
CREATE TABLE agreement (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES petition_case (id),
    number         TEXT,
    version        INTEGER NOT NULL CHECK (version >= 1),
    supersedes_id  TEXT REFERENCES agreement (id),
    form           TEXT NOT NULL CHECK (form IN ('written', 'oral')),
    status         TEXT NOT NULL CHECK (status IN ('draft', 'signed', 'superseded')),
    content        TEXT NOT NULL,
    signed_on      TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    voided_at      TEXT,
    void_reason    TEXT
) STRICT;
CREATE INDEX agreement_case ON agreement (case_id);

-- Revisits (回访记录).
CREATE TABLE revisit (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES petition_case (id),
    agreement_id     TEXT REFERENCES agreement (id),
    visited_on       TEXT NOT NULL,
    method           TEXT NOT NULL,
    visitor          TEXT NOT NULL,
    visitee          TEXT NOT NULL,
    performance      TEXT,
    satisfaction     TEXT NOT NULL,
    new_problems     TEXT,
    stopped          INTEGER NOT NULL CHECK (stopped IN (0, 1)),
    next_due_on      TEXT,
    created_at       TEXT NOT NULL,
    voided_at        TEXT,
    void_reason      TEXT
) STRICT;
CREATE INDEX revisit_case ON revisit (case_id);

-- Dispute-screening rounds (矛盾纠纷排查) and what they found.
CREATE TABLE screening_round (
    id             TEXT PRIMARY KEY,
    held_on        TEXT NOT NULL,
    scope          TEXT NOT NULL,
    scope_name     TEXT NOT NULL,
    screened_by    TEXT NOT NULL,
    nothing_found  INTEGER NOT NULL CHECK (nothing_found IN (0, 1)),
    note           TEXT,
    created_at     TEXT NOT NULL,
    voided_at      TEXT,
    void_reason    TEXT
) STRICT;

CREATE TABLE screening_finding (
    id          TEXT PRIMARY KEY,
    round_id    TEXT NOT NULL REFERENCES screening_round (id),
    category    TEXT NOT NULL,
    summary     TEXT NOT NULL,
    parties     TEXT,
    urgency     TEXT NOT NULL,
    status      TEXT NOT NULL,
    case_id     TEXT REFERENCES petition_case (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX screening_finding_round ON screening_finding (round_id);

-- Full-text search over each case's text (number, request, names, villages).
-- The trigram tokenizer finds any substring of 3+ characters through the
-- index; shorter queries use LIKE over the same column (see search.rs).
CREATE VIRTUAL TABLE case_search USING fts5 (
    case_id UNINDEXED,
    body,
    tokenize = 'trigram'
);

-- The people who sign in to this install (账号) and what each may do. Local
-- to the install: never in the change log, never in a bundle. Each person's
-- copy of the ledger key is in the keyring beside the file; this table, in
-- the encrypted ledger, is what says their role, so editing the keyring
-- cannot raise anyone's rights. A removed account keeps its row (the audit
-- trail names it) but signs in no more.
CREATE TABLE accounts (
    account_id  TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('liaison', 'clerk', 'leader', 'viewer')),
    created_at  TEXT NOT NULL,
    created_by  TEXT,
    removed_at  TEXT
) STRICT;

-- Who was signed in when each change was made (the account's name), bound
-- into the entry's hash and carried with it, so the township sees who
-- changed what on every case. Empty for entries from before sign-in.
ALTER TABLE change_log ADD COLUMN account TEXT;

-- Each time a resident's whole ID number or phone was shown (显示完整号码):
-- who, in what role, on which device, why. Append-only, and it travels in the
-- change log, so the township sees it with the case.
CREATE TABLE person_access (
    id            TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL,
    case_id       TEXT,
    account_name  TEXT NOT NULL,
    role          TEXT,
    device_id     TEXT NOT NULL,
    reason        TEXT NOT NULL,
    accessed_at   TEXT NOT NULL
) STRICT;
CREATE INDEX person_access_case ON person_access (case_id, accessed_at);
CREATE INDEX person_access_person ON person_access (person_id, accessed_at);
CREATE TRIGGER person_access_no_update BEFORE UPDATE ON person_access
BEGIN SELECT RAISE(ABORT, 'person_access is append-only'); END;
CREATE TRIGGER person_access_no_delete BEFORE DELETE ON person_access
BEGIN SELECT RAISE(ABORT, 'person_access is append-only'); END;

-- A case's changes (修改记录) are found by the case an entry names.
CREATE INDEX change_log_case ON change_log (json_extract(payload, '$.case_id'))
    WHERE json_valid(payload);

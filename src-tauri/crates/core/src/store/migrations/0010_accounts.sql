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

-- Sync: this device's secret keys, the peers it exchanges bundles with
-- (their pinned public keys), and the bundles it has written and read.

-- This install's signing and encryption keys (one row once initialised).
-- Kept in the ledger file so a backup of the file is a backup of the device;
-- protecting the file at rest is the store's job, not this table's.
CREATE TABLE device_secret (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    secret      TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

-- Devices this one trusts: a village's township, or a township's villages.
-- Enrolled after the fingerprint was compared on both screens; a revoked
-- device's later bundles are refused, what it sent before stays.
CREATE TABLE peer (
    device_id      TEXT PRIMARY KEY,
    role           TEXT NOT NULL CHECK (role IN ('village', 'township')),
    name           TEXT NOT NULL,
    signing_key    TEXT NOT NULL UNIQUE,
    age_recipient  TEXT NOT NULL,
    fingerprint    TEXT NOT NULL,
    enrolled_at    TEXT NOT NULL,
    enrolled_by    TEXT NOT NULL,
    revoked_at     TEXT,
    revoke_reason  TEXT,
    -- How much of this device's own log the peer confirmed holding (from
    -- its return bundles): exports start after it.
    acked_seq         INTEGER NOT NULL DEFAULT 0,
    -- Return bundles (回执) numbered per peer, so an old one cannot be
    -- replayed: the last number sent to it, the last accepted from it.
    returns_sent      INTEGER NOT NULL DEFAULT 0,
    returns_received  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Bundles read: which entries of which device arrived in which bundle.
CREATE TABLE bundle_in (
    bundle_id    TEXT PRIMARY KEY,
    from_device  TEXT NOT NULL,
    first_seq    INTEGER NOT NULL,
    last_seq     INTEGER NOT NULL,
    new_entries  INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    imported_at  TEXT NOT NULL
) STRICT;
CREATE INDEX bundle_in_from ON bundle_in (from_device, imported_at);

-- Bundles written, per recipient.
CREATE TABLE bundle_out (
    bundle_id    TEXT PRIMARY KEY,
    to_device    TEXT NOT NULL,
    first_seq    INTEGER NOT NULL,
    last_seq     INTEGER NOT NULL,
    file_name    TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX bundle_out_to ON bundle_out (to_device, created_at);

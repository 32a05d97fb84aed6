//! What the hardware and the libraries do on the same work with nothing of
//! the ledger around them: the references each figure is printed beside.

use crate::error::{Error, Result};
use rusqlite::{Connection, params};
use std::path::Path;
use xinfang_core::store::changelog::ChangeEntry;

/// A new SQLite file at `path` with the ledger's durability settings (WAL,
/// `synchronous=FULL`), the ledger's change-log table and a table of records
/// keyed by id: where [`insert`] puts the rows an import writes, without
/// any of its checks.
pub fn empty_file(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE change_log (
             device_id TEXT NOT NULL, seq INTEGER NOT NULL CHECK (seq >= 1), entity TEXT NOT NULL,
             entity_id TEXT NOT NULL, op TEXT NOT NULL, payload TEXT NOT NULL, recorded_at TEXT NOT NULL,
             prev_hash BLOB NOT NULL, hash BLOB NOT NULL UNIQUE, PRIMARY KEY (device_id, seq)) STRICT;
         CREATE INDEX change_log_entity ON change_log (entity, entity_id);",
    )?;
    records_table(conn)
}

/// `path`, a copy of the township ledger as it stood before the import,
/// opened as the ledger is for an import (durability, page cache): its own
/// change log, with the indexes years have grown, takes the entries, and a
/// new table their records.
pub fn ledger_copy(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = {};",
        xinfang_core::store::IMPORT_CACHE_KIB
    ))?;
    records_table(conn)
}

fn records_table(conn: Connection) -> Result<Connection> {
    conn.execute_batch(
        "CREATE TABLE bench_record (entity TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL,
             PRIMARY KEY (entity, id)) STRICT;",
    )?;
    Ok(conn)
}

/// Each entry as a change-log row plus its record, in one transaction with
/// prepared statements.
pub fn insert(conn: &mut Connection, entries: &[ChangeEntry]) -> Result<()> {
    let tx = conn.transaction()?;
    {
        let mut log = tx.prepare(
            "INSERT INTO change_log (device_id, seq, entity, entity_id, op, payload, recorded_at, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut record = tx.prepare("INSERT OR REPLACE INTO bench_record (entity, id, payload) VALUES (?1, ?2, ?3)")?;
        for e in entries {
            log.execute(params![
                e.device_id,
                e.seq,
                e.entity,
                e.entity_id,
                e.op,
                e.payload,
                e.recorded_at,
                e.prev_hash,
                e.hash
            ])?;
            record.execute(params![e.entity, e.entity_id, e.payload])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The level `xinfang_sync::bundle` compresses at (private there).
const ZSTD_LEVEL: i32 = 3;

/// Keys for the crypto reference, made once.
pub struct Keys {
    signing: ed25519_dalek::SigningKey,
    recipient: age::x25519::Recipient,
}

impl Keys {
    pub fn new() -> Result<Keys> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| Error::Reference { what: "random", detail: e.to_string() })?;
        Ok(Keys {
            signing: ed25519_dalek::SigningKey::from_bytes(&seed),
            recipient: age::x25519::Identity::generate().to_public(),
        })
    }

    /// zstd (the bundle's level), an Ed25519 signature over the compressed
    /// bytes and age encryption of both: the work a bundle's sealing cannot
    /// avoid, on the same content bytes. Returns the sealed length.
    pub fn seal(&self, content: &[u8]) -> Result<usize> {
        use ed25519_dalek::Signer;
        let fail = |what| move |e: std::io::Error| Error::Reference { what, detail: e.to_string() };
        let mut plain = zstd::bulk::compress(content, ZSTD_LEVEL).map_err(fail("zstd"))?;
        let signature = self.signing.sign(&plain);
        plain.extend_from_slice(&signature.to_bytes());
        let sealed = age::encrypt(&self.recipient, &plain)
            .map_err(|e| Error::Reference { what: "age", detail: e.to_string() })?;
        Ok(sealed.len())
    }
}

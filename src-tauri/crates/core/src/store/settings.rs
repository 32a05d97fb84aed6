//! Configuration stored in the ledger (time limits, categories), each a JSON
//! value under a key, falling back to the shipped defaults.

use crate::domain::deadlines::TimeLimits;
use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension};

const TIME_LIMITS: &str = "time_limits";

pub fn time_limits(conn: &Connection) -> Result<TimeLimits> {
    let stored: Option<String> =
        conn.query_row_cached("SELECT value FROM settings WHERE key = ?1", [TIME_LIMITS], |r| r.get(0)).optional()?;
    Ok(match stored {
        Some(json) => serde_json::from_str(&json)?,
        None => TimeLimits::default(),
    })
}

/// A setting's stored JSON, if set.
pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row_cached("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

/// Stores a setting of this computer only (not logged, so never synced),
/// such as where its backups go.
pub fn put_local(conn: &Connection, key: &str, json: &str) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
        [key, json],
    )?;
    Ok(())
}

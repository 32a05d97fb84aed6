//! Receipts (收讫): how far a village holds the township's stream of changes
//! to its cases. The village logs a receipt in its own change log when a
//! return bundle brought it new entries; the township, on importing it,
//! starts the next return after it.

use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// The township's stream to this village (`township>village`).
    pub stream: String,
    /// The last entry of it held.
    pub held_seq: i64,
    /// That entry's hash (hex), so the township can tell it is its history.
    pub head_hash: Option<String>,
}

/// Records a receipt; an older one (a bundle replayed out of order) never
/// moves the mark back.
pub fn put(conn: &Connection, r: &Receipt) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO stream_receipt (stream, held_seq, head_hash) VALUES (?1, ?2, ?3)
         ON CONFLICT (stream) DO UPDATE SET held_seq = ?2, head_hash = ?3 WHERE ?2 > held_seq",
        params![r.stream, r.held_seq, r.head_hash],
    )?;
    Ok(())
}

/// The receipt held for `stream`: 0 if none has come yet.
pub fn get(conn: &Connection, stream: &str) -> Result<Receipt> {
    Ok(conn
        .query_row_cached("SELECT held_seq, head_hash FROM stream_receipt WHERE stream = ?1", [stream], |r| {
            Ok(Receipt { stream: stream.to_owned(), held_seq: r.get(0)?, head_hash: r.get(1)? })
        })
        .optional()?
        .unwrap_or(Receipt { stream: stream.to_owned(), held_seq: 0, head_hash: None }))
}

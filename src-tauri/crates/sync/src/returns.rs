//! Return bundles (回执): what the township sends back to a village: the
//! acknowledgement of how much of the village's log it holds, so the
//! village's next export starts after it, and the township's changes to that
//! village's cases (交办, 反馈) that the village has not confirmed holding.
//! Each return to a village is numbered, so an old one found on a stick is
//! refused as stale: freshness rests on that number, never on a date compared
//! with a clock that may be wrong.
//!
//! This module is what a return is and what the township puts in one;
//! reading and accepting one at the village is import's, beside the
//! `changes` bundles ([`crate::import::accept_return`]).

use crate::error::{Error, Result};
use crate::local::Me;

use serde::{Deserialize, Serialize};
use xinfang_core::Ledger;
use xinfang_core::store::changelog::{self, ChangeEntry};
use xinfang_core::store::peers::Peer;
use xinfang_core::store::receipts;
use xinfang_core::store::replica;

/// The kind of bundle that carries a return.
pub const RETURN: &str = "return";

/// What a return bundle says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnContent {
    /// 1, 2, 3… per recipient; a number not above the last accepted is a replay.
    pub return_seq: i64,
    /// How much of the recipient's log the sender holds.
    pub ack: Ack,
    /// The township's changes to the village's cases (its stream
    /// `township>village`), from just after the village's last receipt.
    #[serde(default)]
    pub entries: Vec<ChangeEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ack {
    pub device_id: String,
    /// The last entry held (0: none yet).
    pub held_seq: i64,
    /// Its hash (hex), so the village can tell the township holds its history
    /// and not another one.
    pub head_hash: Option<String>,
}

/// The content of the next return bundle to `village` from `me`.
pub fn content_for(ledger: &Ledger, me: &Me, village: &Peer) -> Result<ReturnContent> {
    let conn = ledger.store.conn();
    let head = replica::head(conn, &village.device_id)?;
    let stream = changelog::return_stream(&me.device.device_id, &village.device_id);
    let receipt = receipts::get(conn, &stream)?;
    let entries = changelog::entries(conn, &stream, receipt.held_seq + 1)?;
    if receipt.held_seq > 0 {
        let held = changelog::entries(conn, &stream, receipt.held_seq)?;
        if held.first().map(|e| hex::encode(&e.hash)) != receipt.head_hash {
            return Err(Error::AckMismatch { held_seq: receipt.held_seq });
        }
    }
    Ok(ReturnContent {
        entries,
        return_seq: village.returns_sent + 1,
        ack: Ack {
            device_id: village.device_id.clone(),
            held_seq: head.as_ref().map_or(0, |h| h.seq),
            head_hash: head.map(|h| hex::encode(h.hash)),
        },
    })
}

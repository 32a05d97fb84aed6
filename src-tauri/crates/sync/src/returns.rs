//! Return bundles (回执): what the township sends back to a village: the
//! acknowledgement of how much of the village's log it holds, so the
//! village's next export starts after it, and the township's changes to that
//! village's cases (交办, 反馈) that the village has not confirmed holding.
//! Each return to a village is numbered, so an old one found on a stick is
//! refused as stale: freshness rests on that number, never on a date compared
//! with a clock that may be wrong.

use crate::attachments::{self, Carried};
use crate::bundle::{FORMAT_V3, Header};
use crate::error::{Error, Result};
use crate::local::Me;

use serde::{Deserialize, Serialize};
use xinfang_core::Ledger;
use xinfang_core::store::attachments::put_content;
use xinfang_core::store::changelog::{self, ChangeEntry};
use xinfang_core::store::device::Role;
use xinfang_core::store::peers::{self, Peer};
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

/// Accepts a return bundle from this village's township: checks its number
/// and that the township holds this device's own history, applies the
/// township's changes to this village's cases (logging a receipt for them in
/// this device's log) with the content of attachments added there (format 3,
/// each chunk checked), and records the acknowledgement, all in one
/// transaction.
pub fn accept(ledger: &mut Ledger, me: &Me, header: &Header, content: &[u8], from: &Peer) -> Result<Accepted> {
    if me.device.role != Role::Village || from.role != Role::Township {
        return Err(Error::BadHeader { detail: "回执只能由乡镇发给村".to_owned() });
    }
    let (ret, files) = read(header, content)?;
    if ret.ack.device_id != me.device.device_id {
        return Err(Error::ContentMismatch);
    }
    if ret.return_seq <= from.returns_received {
        return Err(Error::StaleReturn { number: ret.return_seq, last: from.returns_received });
    }
    if ret.ack.held_seq > 0 {
        let mine = changelog::entries(ledger.store.conn(), &me.device.device_id, ret.ack.held_seq)?;
        let matches =
            mine.first().is_some_and(|e| e.seq == ret.ack.held_seq && Some(hex::encode(&e.hash)) == ret.ack.head_hash);
        if !matches {
            return Err(Error::AckMismatch { held_seq: ret.ack.held_seq });
        }
    }
    let stream = changelog::return_stream(&from.device_id, &me.device.device_id);
    let signed_range = ret.entries.len() as u64 == header.entry_count
        && ret
            .entries
            .first()
            .is_none_or(|e| e.seq == header.first_seq && hex::encode(&e.prev_hash) == header.prev_hash)
        && ret.entries.last().is_none_or(|e| e.seq == header.last_seq && hex::encode(&e.hash) == header.head_hash);
    if !signed_range || ret.entries.iter().any(|e| e.device_id != stream) {
        return Err(Error::ContentMismatch);
    }
    let clock = ledger.clock;
    let applied = ledger.store.write(clock, |w| {
        let applied = replica::apply_return_stream(w, &stream, &ret.entries)?;
        for f in &files {
            put_content(w.tx(), &f.bytes)?;
        }
        peers::accept_return(w.tx(), &from.device_id, ret.return_seq, ret.ack.held_seq)?;
        peers::record_bundle_in(w.tx(), &crate::import::bundle_in(header, applied.new, w.now_text()))?;
        Ok(applied)
    })?;
    Ok(Accepted { acknowledged: ret.ack.held_seq, new_entries: applied.new, already_held: applied.already_held })
}

/// A return's JSON and the attachment content it carries (format 3), each
/// chunk and file checked against its hash.
pub(crate) fn read(header: &Header, content: &[u8]) -> Result<(ReturnContent, Vec<Carried>)> {
    let parse = |json: &[u8]| serde_json::from_slice::<ReturnContent>(json).map_err(|_| Error::ContentMismatch);
    if header.format_version < FORMAT_V3 {
        return Ok((parse(content)?, Vec::new()));
    }
    let ret = parse(attachments::entries_json(content)?)?;
    let files = crate::import::carried_files(content, &ret.entries)?;
    Ok((ret, files))
}

/// What accepting a return bundle did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    /// How much of this device's own log the township holds.
    pub acknowledged: i64,
    /// The township's changes to this village's cases, new here.
    pub new_entries: u64,
    pub already_held: u64,
}

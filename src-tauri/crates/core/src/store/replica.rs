//! Applying another device's change log (同步导入): the entries a bundle
//! carries are checked against what this ledger already holds of that device
//! and, if they continue its chain, stored verbatim and written into the
//! tables. The caller runs this inside one transaction, so a bundle applies
//! whole or not at all.
//!
//! Entries are idempotent: one already held (same sequence, same hash) is
//! skipped, so overlapping or repeated bundles change nothing. One that
//! differs from what is held is a forked history and refused; one that skips
//! ahead names the missing range.

use super::changelog::{self, ChangeEntry, GENESIS};
use super::merge::{self, Stamp};
use super::receipts::{self, Receipt};
use super::{
    Writer, access_log, agreements, attachments, case_views, cases, events, hlc, people, prints, papers, revisits, screening,
    search, settings, visits,
};
use crate::error::{Error, Result};
use crate::store::Cached;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The last entry held of a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: Vec<u8>,
}

/// What applying a run of entries did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    /// Entries new to this ledger, now stored and written.
    pub new: u64,
    /// Entries already held (a repeated or overlapping bundle).
    pub already_held: u64,
}

/// The last entry of `device_id` this ledger holds, if any.
pub fn head(conn: &Connection, device_id: &str) -> Result<Option<Head>> {
    Ok(conn
        .query_row_cached(
            "SELECT seq, hash FROM change_log WHERE device_id = ?1 ORDER BY seq DESC LIMIT 1",
            [device_id],
            |r| Ok(Head { seq: r.get(0)?, hash: r.get(1)? }),
        )
        .optional()?)
}

/// Applies `entries` (all from `device_id`, in sequence order) on `conn`,
/// which must be inside the caller's transaction. Nothing is committed here.
/// `wall` is this device's clock, against which incoming stamps are judged.
pub fn apply(conn: &Connection, device_id: &str, entries: &[ChangeEntry], wall: DateTime<Utc>) -> Result<Applied> {
    let mut applied = Applied::default();
    let mut held = head(conn, device_id)?;
    let mut touched_cases = Vec::new();
    for e in entries {
        let forked = || Error::ForkedHistory { device: named(conn, device_id), seq: e.seq };
        if e.device_id != device_id || e.hash != e.body().hash(&e.prev_hash) {
            return Err(forked());
        }
        let held_seq = held.as_ref().map_or(0, |h| h.seq);
        if e.seq <= held_seq {
            let stored: Option<Vec<u8>> = conn
                .query_row_cached(
                    "SELECT hash FROM change_log WHERE device_id = ?1 AND seq = ?2",
                    params![device_id, e.seq],
                    |r| r.get(0),
                )
                .optional()?;
            if stored.as_deref() != Some(e.hash.as_slice()) {
                return Err(forked());
            }
            applied.already_held += 1;
            continue;
        }
        if e.seq > held_seq + 1 {
            return Err(Error::MissingEntries {
                device: named(conn, device_id),
                missing_from: held_seq + 1,
                missing_to: e.seq - 1,
            });
        }
        let prev = held.as_ref().map_or(GENESIS.as_slice(), |h| h.hash.as_slice());
        if e.prev_hash != prev {
            return Err(forked());
        }
        conn.execute_cached(
            "INSERT INTO change_log (device_id, seq, entity, entity_id, op, payload, recorded_at, prev_hash, hash,
                 account)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                e.device_id,
                e.seq,
                e.entity,
                e.entity_id,
                e.op,
                e.payload,
                e.recorded_at,
                e.prev_hash,
                e.hash,
                e.account
            ],
        )?;
        touched_cases.extend(write_record(conn, e, wall)?);
        held = Some(Head { seq: e.seq, hash: e.hash.clone() });
        applied.new += 1;
    }
    touched_cases.sort();
    touched_cases.dedup();
    for case_id in touched_cases {
        search::reindex(conn, &case_id)?;
    }
    Ok(applied)
}

/// Applies the township's stream of changes to this village's cases, and
/// logs a receipt (收讫) in this device's own log when it brought anything
/// new, so the township's next return starts after it.
pub fn apply_return_stream(w: &Writer<'_>, stream: &str, entries: &[ChangeEntry]) -> Result<Applied> {
    let applied = apply(w.tx(), stream, entries, w.now())?;
    if applied.new > 0 {
        let head = head(w.tx(), stream)?;
        let receipt = Receipt {
            stream: stream.to_owned(),
            held_seq: head.as_ref().map_or(0, |h| h.seq),
            head_hash: head.map(|h| hex::encode(h.hash)),
        };
        w.log("receipt", stream, "update", &receipt)?;
    }
    Ok(applied)
}

/// Writes the record an entry carries; returns the cases whose search text
/// it may change.
fn write_record(conn: &Connection, e: &ChangeEntry, wall: DateTime<Utc>) -> Result<Vec<String>> {
    let none = Vec::new();
    Ok(match e.entity.as_str() {
        "case" => {
            merge_case(conn, e, wall)?;
            vec![e.entity_id.clone()]
        }
        "receipt" => {
            let r: Receipt = payload(e)?;
            if changelog::split_return_stream(&r.stream).map(|(_, village)| village) != Some(e.device_id.as_str()) {
                return Err(unreadable(e));
            }
            receipts::put(conn, &r)?;
            none
        }
        "person" => {
            let p: people::PersonRow = payload(e)?;
            people::put(conn, &p)?;
            let mut stmt = conn.prepare_cached(
                "SELECT DISTINCT v.case_id FROM visit v JOIN visit_petitioner vp ON vp.visit_id = v.id
                 WHERE vp.person_id = ?1",
            )?;
            stmt.query_map([&p.id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        }
        "visit" => {
            let v: visits::VisitRow = payload(e)?;
            visits::put(conn, &v)?;
            vec![v.case_id]
        }
        "visit_petitioner" => {
            let link: visits::VisitPetitionerRow = payload(e)?;
            visits::put_petitioner(conn, &link)?;
            vec![conn.query_row_cached("SELECT case_id FROM visit WHERE id = ?1", [&link.visit_id], |r| r.get(0))?]
        }
        "case_event" => {
            events::put(conn, &payload(e)?)?;
            none
        }
        "agreement" => {
            agreements::put(conn, &payload(e)?)?;
            none
        }
        "agreement_print" => {
            prints::put(conn, &payload(e)?)?;
            none
        }
        "revisit" => {
            revisits::put(conn, &payload(e)?)?;
            none
        }
        "case_paper" => {
            papers::put(conn, &payload(e)?)?;
            none
        }
        "person_access" => {
            access_log::put(conn, &payload(e)?)?;
            none
        }
        "case_view" => {
            case_views::put(conn, &payload(e)?)?;
            none
        }
        "setting" => {
            settings::receive(conn, &payload(e)?)?;
            none
        }
        "attachment" => {
            attachments::put(conn, &payload(e)?)?;
            none
        }
        "screening_round" => {
            screening::put_round(conn, &payload(e)?)?;
            none
        }
        "screening_finding" => {
            screening::put_finding(conn, &payload(e)?)?;
            none
        }
        other => return Err(Error::UnknownEntity(other.to_owned())),
    })
}

/// A case change: merged unit by unit with what this ledger holds.
fn merge_case(conn: &Connection, e: &ChangeEntry, wall: DateTime<Utc>) -> Result<()> {
    let hlc = hlc::normalise(&e.recorded_at).ok_or_else(|| unreadable(e))?;
    let stamp = Stamp { hlc, stream: e.device_id.clone() };
    let value: Value = payload(e)?;
    let (row, changed) = match serde_json::from_value::<merge::Change>(value.clone()) {
        Ok(change) => (change.row, Some(change.changed)),
        Err(_) => (value, None),
    };
    let incoming: cases::CaseRow = serde_json::from_value(row.clone()).map_err(|_| unreadable(e))?;
    if incoming.id != e.entity_id {
        return Err(unreadable(e));
    }
    let Some(local) = cases::find(conn, &e.entity_id)? else {
        cases::put(conn, &incoming)?;
        return merge::created(conn, "case", &incoming.id, &stamp);
    };
    let incoming = merge::Incoming { row: &row, changed: changed.as_ref(), stamp: &stamp };
    let merged = merge::merge_incoming(conn, "case", &e.entity_id, &serde_json::to_value(&local)?, incoming, wall)?;
    cases::put(conn, &serde_json::from_value(merged).map_err(|_| unreadable(e))?)
}

fn unreadable(e: &ChangeEntry) -> Error {
    Error::UnreadableEntry { device: format!("设备 {}", e.device_id), seq: e.seq }
}

/// A device as people know it in a refusal: 石岩哨村, not its long id.
pub fn named(conn: &Connection, device_id: &str) -> String {
    super::peers::author(conn, device_id).unwrap_or_else(|_| format!("设备 {device_id}"))
}

fn payload<T: DeserializeOwned>(e: &ChangeEntry) -> Result<T> {
    serde_json::from_str(&e.payload).map_err(|_| unreadable(e))
}

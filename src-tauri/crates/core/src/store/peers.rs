//! Peers (对端设备): the devices this one exchanges bundles with, each with
//! the public keys pinned when it was enrolled. Local to this install (not
//! synced): which keys a device trusts is its own decision.

use super::device::Role;
use super::{enum_parse, enum_text};
use crate::error::{Error, Result};
use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Peer {
    pub device_id: String,
    pub role: Role,
    /// e.g. 石岩哨村 or 路居镇.
    pub name: String,
    /// Ed25519 public key, hex.
    pub signing_key: String,
    /// age X25519 recipient (`age1…`).
    pub age_recipient: String,
    /// The short fingerprint compared on both screens at enrolment.
    pub fingerprint: String,
    pub enrolled_at: String,
    pub enrolled_by: String,
    pub revoked_at: Option<String>,
    pub revoke_reason: Option<String>,
    /// How much of this device's own log the peer confirmed holding.
    pub acked_seq: i64,
    /// The number of the last return bundle sent to the peer.
    pub returns_sent: i64,
    /// The number of the last return bundle accepted from the peer.
    pub returns_received: i64,
}

const COLUMNS: &str = "device_id, role, name, signing_key, age_recipient, fingerprint, enrolled_at, enrolled_by,
    revoked_at, revoke_reason, acked_seq, returns_sent, returns_received";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Peer> {
    Ok(Peer {
        device_id: r.get(0)?,
        role: enum_parse(r.get(1)?, 1)?,
        name: r.get(2)?,
        signing_key: r.get(3)?,
        age_recipient: r.get(4)?,
        fingerprint: r.get(5)?,
        enrolled_at: r.get(6)?,
        enrolled_by: r.get(7)?,
        revoked_at: r.get(8)?,
        revoke_reason: r.get(9)?,
        acked_seq: r.get(10)?,
        returns_sent: r.get(11)?,
        returns_received: r.get(12)?,
    })
}

pub fn get(conn: &Connection, device_id: &str) -> Result<Option<Peer>> {
    Ok(conn
        .query_row_cached(&format!("SELECT {COLUMNS} FROM peer WHERE device_id = ?1"), [device_id], from_row)
        .optional()?)
}

/// Every peer, townships first, then by name.
/// Who wrote a log stream, in words: this device (`路居镇（本机）`), an
/// enrolled peer by its name (`石岩哨村`), or for a township's stream to a
/// village, the township. A device not known here is named by its id.
pub fn author(conn: &Connection, stream: &str) -> Result<String> {
    let device_id = super::changelog::split_return_stream(stream).map_or(stream, |(township, _)| township);
    if let Some(me) = super::device::load(conn)?.filter(|d| d.device_id == device_id) {
        return Ok(format!("{}（本机）", me.name));
    }
    Ok(get(conn, device_id)?.map_or_else(|| format!("设备 {device_id}"), |p| p.name))
}

pub fn list(conn: &Connection) -> Result<Vec<Peer>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM peer ORDER BY role DESC, name, device_id"))?;
    Ok(stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// Enrols a peer. Enrolling the same device with the same keys again changes
/// nothing; new keys for an enrolled device are refused (revoke it and enrol
/// the replacement as a new device).
pub fn enrol(conn: &Connection, peer: &Peer) -> Result<Peer> {
    if let Some(known) = get(conn, &peer.device_id)? {
        if known.signing_key == peer.signing_key && known.age_recipient == peer.age_recipient {
            return Ok(known);
        }
        return Err(Error::refused(format!(
            "设备“{}”（{}）已经登记过，但这次的密钥不同：如果该设备换了电脑或重装了软件，请先注销旧设备，再作为新设备登记。",
            known.name, known.device_id
        )));
    }
    conn.execute_cached(
        "INSERT INTO peer (device_id, role, name, signing_key, age_recipient, fingerprint, enrolled_at, enrolled_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            peer.device_id,
            enum_text(&peer.role),
            peer.name,
            peer.signing_key,
            peer.age_recipient,
            peer.fingerprint,
            peer.enrolled_at,
            peer.enrolled_by
        ],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            Error::refused("这把签名密钥已经登记在另一台设备名下，不能重复登记。")
        }
        other => other.into(),
    })?;
    get(conn, &peer.device_id)?.ok_or_else(|| Error::NotFound { what: "设备", id: peer.device_id.clone() })
}

/// Revokes a peer: its bundles from now on are refused; what it sent before stays.
pub fn revoke(conn: &Connection, device_id: &str, at: &str, reason: &str) -> Result<Peer> {
    let peer = get(conn, device_id)?
        .ok_or_else(|| Error::NotFound { what: "已登记的设备", id: device_id.to_owned() })?;
    if peer.revoked_at.is_some() {
        return Ok(peer);
    }
    conn.execute_cached(
        "UPDATE peer SET revoked_at = ?2, revoke_reason = ?3 WHERE device_id = ?1",
        params![device_id, at, reason],
    )?;
    get(conn, device_id)?.ok_or_else(|| Error::NotFound { what: "已登记的设备", id: device_id.to_owned() })
}

/// Records that return bundle number `number` was written for `device_id`;
/// refused if another export took that number meanwhile.
pub fn record_return_sent(conn: &Connection, device_id: &str, number: i64) -> Result<()> {
    let changed = conn.execute_cached(
        "UPDATE peer SET returns_sent = ?2 WHERE device_id = ?1 AND returns_sent = ?2 - 1",
        params![device_id, number],
    )?;
    if changed != 1 {
        return Err(Error::refused("另一个导出正在进行或刚刚完成，请重新导出一次。"));
    }
    Ok(())
}

/// Records a return bundle accepted from `device_id`: its number, and how
/// much of this device's log the peer holds (never moving backwards).
pub fn accept_return(conn: &Connection, device_id: &str, return_seq: i64, acked_seq: i64) -> Result<()> {
    conn.execute_cached(
        "UPDATE peer SET returns_received = ?2, acked_seq = max(acked_seq, ?3) WHERE device_id = ?1",
        params![device_id, return_seq, acked_seq],
    )?;
    Ok(())
}

/// A bundle read (导入记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BundleIn {
    pub bundle_id: String,
    pub from_device: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub new_entries: i64,
    pub created_at: String,
    pub imported_at: String,
}

pub fn bundle_in(conn: &Connection, bundle_id: &str) -> Result<Option<BundleIn>> {
    Ok(conn
        .query_row_cached(
            "SELECT bundle_id, from_device, first_seq, last_seq, new_entries, created_at, imported_at
             FROM bundle_in WHERE bundle_id = ?1",
            [bundle_id],
            |r| {
                Ok(BundleIn {
                    bundle_id: r.get(0)?,
                    from_device: r.get(1)?,
                    first_seq: r.get(2)?,
                    last_seq: r.get(3)?,
                    new_entries: r.get(4)?,
                    created_at: r.get(5)?,
                    imported_at: r.get(6)?,
                })
            },
        )
        .optional()?)
}

pub fn record_bundle_in(conn: &Connection, b: &BundleIn) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO bundle_in (bundle_id, from_device, first_seq, last_seq, new_entries, created_at, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![b.bundle_id, b.from_device, b.first_seq, b.last_seq, b.new_entries, b.created_at, b.imported_at],
    )?;
    Ok(())
}

/// A bundle written (导出记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BundleOut {
    pub bundle_id: String,
    pub to_device: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub file_name: String,
    pub created_at: String,
}

pub fn record_bundle_out(conn: &Connection, b: &BundleOut) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO bundle_out (bundle_id, to_device, first_seq, last_seq, file_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![b.bundle_id, b.to_device, b.first_seq, b.last_seq, b.file_name, b.created_at],
    )?;
    Ok(())
}

/// Whether this device wrote a bundle of that file name (its own bundles,
/// found on the same stick, are not for it to import).
pub fn wrote_bundle_file(conn: &Connection, file_name: &str) -> Result<bool> {
    Ok(conn
        .query_row_cached("SELECT EXISTS (SELECT 1 FROM bundle_out WHERE file_name = ?1)", [file_name], |r| r.get(0))?)
}

/// When the newest bundle from `device_id` was imported here, if ever.
pub fn last_import_at(conn: &Connection, device_id: &str) -> Result<Option<String>> {
    Ok(conn.query_row_cached("SELECT max(imported_at) FROM bundle_in WHERE from_device = ?1", [device_id], |r| r.get(0))?)
}

/// When the newest bundle for `device_id` was made here, if ever.
pub fn last_export_at(conn: &Connection, device_id: &str) -> Result<Option<String>> {
    Ok(conn.query_row_cached("SELECT max(created_at) FROM bundle_out WHERE to_device = ?1", [device_id], |r| r.get(0))?)
}


//! What sync has done and has yet to do (同步状态), for the sync page and the
//! CLI: this device's own changes and how many each peer still lacks, and for
//! each peer the last bundle read from it and written to it, with the days
//! since (a township sees at a glance which village has gone quiet).

use super::{Ledger, NoArgs};
use crate::error::Result;
use crate::store::device::{self, Device, Role};
use crate::store::replica;
use crate::store::{changelog, peers, receipts};
use chrono::DateTime;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    pub device: Option<Device>,
    /// Entries in this device's own change log.
    #[ts(type = "number")]
    pub own_entries: i64,
    pub peers: Vec<PeerStatus>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PeerStatus {
    pub device_id: String,
    pub name: String,
    pub role: Role,
    pub fingerprint: String,
    pub revoked_at: Option<String>,
    /// Of this device's entries for the peer, how many it has not acknowledged
    /// (at the township: changes to that village's cases).
    #[ts(type = "number")]
    pub pending: i64,
    /// How much of the peer's own log this ledger holds.
    #[ts(type = "number")]
    pub held_seq: i64,
    pub last_import_at: Option<String>,
    pub last_export_at: Option<String>,
    /// Whole days since a bundle from this peer was last imported.
    #[ts(type = "number | null")]
    pub days_since_import: Option<i64>,
}

pub fn status(ledger: &mut Ledger, _: NoArgs) -> Result<SyncStatus> {
    let conn = ledger.store.conn();
    let device = device::load(conn)?;
    let own_entries = match &device {
        Some(d) => replica::head(conn, &d.device_id)?.map_or(0, |h| h.seq),
        None => 0,
    };
    let today = ledger.clock.today();
    let device_id = device.as_ref().map(|d| d.device_id.clone()).unwrap_or_default();
    let mut out = Vec::new();
    for p in peers::list(conn)? {
        let last_import_at = peers::last_import_at(conn, &p.device_id)?;
        let last_export_at = peers::last_export_at(conn, &p.device_id)?;
        let days_since_import = last_import_at
            .as_deref()
            .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
            .map(|at| (today - at.with_timezone(&crate::clock::china()).date_naive()).num_days());
        out.push(PeerStatus {
            held_seq: replica::head(conn, &p.device_id)?.map_or(0, |h| h.seq),
            pending: match device.as_ref().map(|d| d.role) {
                // The township's pending changes for a village are those to
                // its cases that the village has not confirmed holding.
                Some(Role::Township) => {
                    let stream = changelog::return_stream(&device_id, &p.device_id);
                    let head = replica::head(conn, &stream)?.map_or(0, |h| h.seq);
                    (head - receipts::get(conn, &stream)?.held_seq).max(0)
                }
                _ => (own_entries - p.acked_seq).max(0),
            },
            device_id: p.device_id,
            name: p.name,
            role: p.role,
            fingerprint: p.fingerprint,
            revoked_at: p.revoked_at,
            last_import_at,
            last_export_at,
            days_since_import,
        });
    }
    Ok(SyncStatus { device, own_entries, peers: out })
}

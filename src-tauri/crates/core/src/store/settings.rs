//! Configuration stored in the ledger, each a JSON value under a key, falling
//! back to the shipped defaults.
//!
//! Time limits and categories are the township's to decide (期限和类别由乡镇
//! 设置): a change there is logged and copied into each village's return
//! stream, and a village takes it from its return bundle. The mediation
//! committee's name is each install's own and logged in its own stream. The
//! rest (backup folder, checks done) belongs to this computer: never logged.

use super::{Writer, changelog, device, peers};
use crate::domain::deadlines::TimeLimits;
use crate::domain::settings::Categories;
use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const TIME_LIMITS: &str = "time_limits";
pub const CATEGORIES: &str = "categories";
pub const COMMITTEE: &str = "committee";
/// What a township sets for every village.
pub const FROM_TOWNSHIP: [&str; 2] = [TIME_LIMITS, CATEGORIES];

/// A change of a setting, as logged (and, from a township, sent to villages).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingRow {
    pub key: String,
    /// The new value, as JSON text.
    pub value: String,
    pub set_at: String,
    /// Who changed it (经办人).
    pub set_by: String,
}

pub fn time_limits(conn: &Connection) -> Result<TimeLimits> {
    Ok(match get(conn, TIME_LIMITS)? {
        Some(json) => serde_json::from_str(&json)?,
        None => TimeLimits::default(),
    })
}

pub fn categories(conn: &Connection) -> Result<Categories> {
    Ok(match get(conn, CATEGORIES)? {
        Some(json) => serde_json::from_str(&json)?,
        None => Categories::default(),
    })
}

/// The committee's short name in agreement numbers, if one was set.
pub fn committee(conn: &Connection) -> Result<Option<String>> {
    Ok(get(conn, COMMITTEE)?.map(|json| serde_json::from_str(&json)).transpose()?)
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

/// Stores a shared setting and logs the change; a township's time limits or
/// categories also go to each of its villages.
pub fn set(w: &Writer<'_>, key: &str, json: &str, set_by: &str) -> Result<()> {
    put_local(w.tx(), key, json)?;
    let row =
        SettingRow { key: key.to_owned(), value: json.to_owned(), set_at: w.now_text(), set_by: set_by.to_owned() };
    w.log("setting", key, "update", &row)?;
    if w.role() == device::Role::Township && FROM_TOWNSHIP.contains(&key) {
        for village in peers::list(w.tx())? {
            if village.role == device::Role::Village && village.revoked_at.is_none() {
                w.log_to(&changelog::return_stream(w.device_id(), &village.device_id), "setting", key, "update", &row)?;
            }
        }
    }
    Ok(())
}

/// Sends a village just enrolled the township's settings as they stand, so it
/// works to the same limits from its first return bundle.
pub fn send_to_village(w: &Writer<'_>, village_device_id: &str, set_by: &str) -> Result<()> {
    let stream = changelog::return_stream(w.device_id(), village_device_id);
    for key in FROM_TOWNSHIP {
        if let Some(json) = get(w.tx(), key)? {
            let row = SettingRow { key: key.to_owned(), value: json, set_at: w.now_text(), set_by: set_by.to_owned() };
            w.log_to(&stream, "setting", key, "update", &row)?;
        }
    }
    Ok(())
}

/// A setting received in a bundle: a village takes its township's time
/// limits and categories; anything else (a village's committee name at the
/// township) stays in the log only.
pub(crate) fn receive(conn: &Connection, row: &SettingRow) -> Result<()> {
    let here = device::load(conn)?.map(|d| d.role);
    if here != Some(device::Role::Village) || !FROM_TOWNSHIP.contains(&row.key.as_str()) {
        return Ok(());
    }
    // Only a value this version can read replaces the one in force.
    let readable = match row.key.as_str() {
        TIME_LIMITS => serde_json::from_str::<TimeLimits>(&row.value).is_ok(),
        _ => serde_json::from_str::<Categories>(&row.value).is_ok(),
    };
    if readable {
        put_local(conn, &row.key, &row.value)?;
    }
    Ok(())
}

/// One logged change of a setting, for the settings page's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SettingChange {
    pub key: String,
    pub set_at: String,
    pub set_by: String,
    /// The account signed in, when there was one.
    pub account: Option<String>,
    /// Where it was made: this install or the township.
    pub from_township: bool,
}

/// The latest logged changes of settings here, newest first: this install's
/// own and, at a village, those received from the township (each once).
pub fn history(conn: &Connection, me: &str, limit: u32) -> Result<Vec<SettingChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT payload, account, device_id FROM change_log
         WHERE entity = 'setting' AND (device_id = ?1 OR device_id LIKE '%>' || ?1)
         ORDER BY recorded_at DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(rusqlite::params![me, limit], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (payload, account, stream) = row?;
        if let Ok(s) = serde_json::from_str::<SettingRow>(&payload) {
            out.push(SettingChange {
                key: s.key,
                set_at: s.set_at,
                set_by: s.set_by,
                account,
                from_township: stream != me,
            });
        }
    }
    Ok(out)
}

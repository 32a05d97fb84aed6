//! This install's identity: its id, its role and its name.

use crate::error::{Error, Result};
use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Who uses this install.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// 村信访员 (village liaison's laptop)
    Village,
    /// 乡镇信访办 (township office)
    Township,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Device {
    pub device_id: String,
    pub role: Role,
    /// The village or township this install belongs to, e.g. 石岩哨村.
    pub name: String,
    pub created_at: String,
}

pub fn load(conn: &Connection) -> Result<Option<Device>> {
    Ok(conn
        .query_row_cached("SELECT device_id, role, name, created_at FROM device", [], |r| {
            Ok(Device {
                device_id: r.get(0)?,
                role: super::enum_parse(r.get(1)?, 1)?,
                name: r.get(2)?,
                created_at: r.get(3)?,
            })
        })
        .optional()?)
}

pub fn insert(conn: &Connection, device: &Device) -> Result<()> {
    if load(conn)?.is_some() {
        return Err(Error::refused("本机台账已经初始化过，不能重复初始化。"));
    }
    conn.execute_cached(
        "INSERT INTO device (singleton, device_id, role, name, created_at) VALUES (1, ?1, ?2, ?3, ?4)",
        params![device.device_id, super::enum_text(&device.role), device.name, device.created_at],
    )?;
    Ok(())
}

/// This install's secret keys, as the sync layer encodes them.
pub fn secret(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row_cached("SELECT secret FROM device_secret", [], |r| r.get(0)).optional()?)
}

/// Stores this install's secret keys once; they never change afterwards
/// (the township pinned the public half).
pub fn store_secret(conn: &Connection, secret: &str, at: &str) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO device_secret (singleton, secret, created_at) VALUES (1, ?1, ?2) ON CONFLICT DO NOTHING",
        params![secret, at],
    )?;
    Ok(())
}

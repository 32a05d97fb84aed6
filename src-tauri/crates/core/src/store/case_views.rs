//! The `case_view` table: each look at a case marked as a report against an
//! official (检举、揭发), by whom and at what (the audit trail of such cases).
//! Printing a document of such a case reads it through the same commands, so
//! it is logged as a look too.

use super::{Writer, enum_parse, enum_text};
use crate::domain::account::AccountRole;
use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What of the case was looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ViewedPart {
    /// The case page (查看事项).
    Case,
    Agreement,
    /// An attachment saved out of the ledger (its preview is part of the case page).
    Attachment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseView {
    pub id: String,
    pub case_id: String,
    pub account_name: String,
    /// None when the install itself (the command line) looked.
    pub role: Option<AccountRole>,
    pub device_id: String,
    pub what: ViewedPart,
    pub viewed_at: String,
}

const COLUMNS: &str = "id, case_id, account_name, role, device_id, what, viewed_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<CaseView> {
    Ok(CaseView {
        id: r.get(0)?,
        case_id: r.get(1)?,
        account_name: r.get(2)?,
        role: r.get::<_, Option<String>>(3)?.map(|s| enum_parse(s, 3)).transpose()?,
        device_id: r.get(4)?,
        what: enum_parse(r.get(5)?, 5)?,
        viewed_at: r.get(6)?,
    })
}

pub fn insert(w: &Writer<'_>, v: &CaseView) -> Result<()> {
    put(w.tx(), v)?;
    w.log("case_view", &v.id, "insert", v)
}

/// Writes the row without logging (a received entry); kept once.
pub(crate) fn put(conn: &Connection, v: &CaseView) -> Result<()> {
    conn.execute_cached(
        &format!("INSERT INTO case_view ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING"),
        params![
            v.id,
            v.case_id,
            v.account_name,
            v.role.as_ref().map(enum_text),
            v.device_id,
            enum_text(&v.what),
            v.viewed_at
        ],
    )?;
    Ok(())
}

/// Every look at one case, oldest first.
pub fn for_case(conn: &Connection, case_id: &str) -> Result<Vec<CaseView>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM case_view WHERE case_id = ?1 ORDER BY viewed_at, id"))?;
    Ok(stmt.query_map([case_id], from_row)?.collect::<rusqlite::Result<_>>()?)
}

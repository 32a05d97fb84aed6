//! The `person_access` table: each time a resident's whole ID number or
//! phone was shown, and why (the audit trail of personal data).

use super::{Writer, enum_parse, enum_text};
use crate::domain::account::AccountRole;
use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonAccess {
    pub id: String,
    pub person_id: String,
    /// The case it was shown for, when shown from a case.
    pub case_id: Option<String>,
    pub account_name: String,
    /// None when the install itself (the command line) asked.
    pub role: Option<AccountRole>,
    pub device_id: String,
    pub reason: String,
    pub accessed_at: String,
}

const COLUMNS: &str = "id, person_id, case_id, account_name, role, device_id, reason, accessed_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<PersonAccess> {
    Ok(PersonAccess {
        id: r.get(0)?,
        person_id: r.get(1)?,
        case_id: r.get(2)?,
        account_name: r.get(3)?,
        role: r.get::<_, Option<String>>(4)?.map(|s| enum_parse(s, 4)).transpose()?,
        device_id: r.get(5)?,
        reason: r.get(6)?,
        accessed_at: r.get(7)?,
    })
}

pub fn insert(w: &Writer<'_>, a: &PersonAccess) -> Result<()> {
    put(w.tx(), a)?;
    w.log("person_access", &a.id, "insert", a)
}

/// Writes the row without logging (a received entry); kept once.
pub(crate) fn put(conn: &Connection, a: &PersonAccess) -> Result<()> {
    conn.execute_cached(
        &format!(
            "INSERT INTO person_access ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO NOTHING"
        ),
        params![
            a.id,
            a.person_id,
            a.case_id,
            a.account_name,
            a.role.as_ref().map(enum_text),
            a.device_id,
            a.reason,
            a.accessed_at
        ],
    )?;
    Ok(())
}

/// What was shown of the people of one case (its petitioners, or anyone
/// shown from the case), oldest first.
pub fn for_case(conn: &Connection, case_id: &str) -> Result<Vec<PersonAccess>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM person_access
         WHERE case_id = ?1
            OR person_id IN (SELECT vp.person_id FROM visit v JOIN visit_petitioner vp ON vp.visit_id = v.id
                             WHERE v.case_id = ?1)
         ORDER BY accessed_at, id"
    ))?;
    Ok(stmt.query_map([case_id], from_row)?.collect::<rusqlite::Result<_>>()?)
}

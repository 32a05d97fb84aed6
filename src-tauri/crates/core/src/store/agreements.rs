//! Mediation agreements (人民调解协议书), one row per version.

use super::{Writer, enum_parse, enum_text};
use crate::domain::agreement::{AgreementContent, AgreementForm, AgreementStatus};
use crate::error::{Error, Result};
use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One version of an agreement as stored (and as logged for sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgreementRow {
    pub id: String,
    pub case_id: String,
    /// （2026）石岩哨村人调字第3号, given when first signed; a correction keeps it.
    pub number: Option<String>,
    pub version: u32,
    /// The version this one corrects.
    pub supersedes_id: Option<String>,
    pub form: AgreementForm,
    pub status: AgreementStatus,
    pub content: AgreementContent,
    /// The day every party signed (YYYY-MM-DD).
    pub signed_on: Option<String>,
    /// Why a correcting version was made.
    pub correction_reason: Option<String>,
    pub created_by: Option<String>,
    pub signed_by: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

const COLUMNS: &str = "id, case_id, number, version, supersedes_id, form, status, content, signed_on,
    correction_reason, created_by, signed_by, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<AgreementRow> {
    let content: String = r.get(7)?;
    Ok(AgreementRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        number: r.get(2)?,
        version: r.get(3)?,
        supersedes_id: r.get(4)?,
        form: enum_parse(r.get(5)?, 5)?,
        status: enum_parse(r.get(6)?, 6)?,
        content: serde_json::from_str(&content)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(e)))?,
        signed_on: r.get(8)?,
        correction_reason: r.get(9)?,
        created_by: r.get(10)?,
        signed_by: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<AgreementRow> {
    conn.query_row_cached(
        &format!("SELECT {COLUMNS} FROM agreement WHERE id = ?1 AND voided_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound { what: "调解协议", id: id.to_owned() })
}

/// Every version on a case, oldest first.
pub fn for_case(conn: &Connection, case_id: &str) -> Result<Vec<AgreementRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM agreement WHERE case_id = ?1 AND voided_at IS NULL ORDER BY created_at, version, id"
    ))?;
    Ok(stmt.query_map([case_id], from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// [`for_case`] for many cases in one query (`case_ids` as a JSON array), by case.
pub fn for_cases(conn: &Connection, case_ids: &str) -> Result<std::collections::HashMap<String, Vec<AgreementRow>>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM agreement WHERE case_id IN (SELECT value FROM json_each(?1)) AND voided_at IS NULL
         ORDER BY case_id, created_at, version, id"
    );
    super::by_case(conn, &sql, case_ids, from_row, |r| &r.case_id)
}

/// The version that corrects `id`, if one was begun.
pub fn correction_of(conn: &Connection, id: &str) -> Result<Option<AgreementRow>> {
    Ok(conn
        .query_row_cached(
            &format!("SELECT {COLUMNS} FROM agreement WHERE supersedes_id = ?1 AND voided_at IS NULL"),
            [id],
            from_row,
        )
        .optional()?)
}

pub fn save(w: &Writer<'_>, a: &AgreementRow, op: &str) -> Result<()> {
    put(w.tx(), a)?;
    w.log("agreement", &a.id, op, a)
}

/// Writes the agreement row as it is, without logging (see [`super::cases::put`]).
pub(crate) fn put(conn: &Connection, a: &AgreementRow) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO agreement (id, case_id, number, version, supersedes_id, form, status, content, signed_on,
             correction_reason, created_by, signed_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (id) DO UPDATE SET number = ?3, form = ?6, status = ?7, content = ?8, signed_on = ?9,
             signed_by = ?12, updated_at = ?14",
        params![
            a.id,
            a.case_id,
            a.number,
            a.version,
            a.supersedes_id,
            enum_text(&a.form),
            enum_text(&a.status),
            serde_json::to_string(&a.content)?,
            a.signed_on,
            a.correction_reason,
            a.created_by,
            a.signed_by,
            a.created_at,
            a.updated_at
        ],
    )?;
    Ok(())
}

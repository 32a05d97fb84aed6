//! The papers of a case (`case_paper`, migration 0014): notices, answers,
//! the mediation file's records, judicial confirmation. Written once by the
//! device that made them and synced as `case_paper`.

use super::Writer;
use crate::domain::paper::PaperContent;
use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A paper as stored (and as logged for sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaperRow {
    pub id: String,
    pub case_id: String,
    pub agreement_id: Option<String>,
    /// The day it counts from (YYYY-MM-DD): delivered, signed, held,
    /// applied or decided.
    pub dated_on: String,
    pub content: PaperContent,
    pub created_by: String,
    pub created_at: String,
}

const COLUMNS: &str = "id, case_id, agreement_id, dated_on, content, created_by, created_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<PaperRow> {
    let content: String = r.get(4)?;
    Ok(PaperRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        agreement_id: r.get(2)?,
        dated_on: r.get(3)?,
        content: serde_json::from_str(&content)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e)))?,
        created_by: r.get(5)?,
        created_at: r.get(6)?,
    })
}

pub fn insert(w: &Writer<'_>, p: &PaperRow) -> Result<()> {
    put(w.tx(), p)?;
    w.log("case_paper", &p.id, "insert", p)
}

/// Writes the paper row, without logging (see [`super::cases::put`]).
pub(crate) fn put(conn: &Connection, p: &PaperRow) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO case_paper (id, case_id, agreement_id, kind, dated_on, content, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO NOTHING",
        params![
            p.id,
            p.case_id,
            p.agreement_id,
            p.content.kind(),
            p.dated_on,
            serde_json::to_string(&p.content)?,
            p.created_by,
            p.created_at
        ],
    )?;
    Ok(())
}

/// A case's papers, by date and then as recorded.
pub fn for_case(conn: &Connection, case_id: &str) -> Result<Vec<PaperRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM case_paper WHERE case_id = ?1 ORDER BY dated_on, created_at, id"
    ))?;
    let rows = stmt.query_map([case_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<PaperRow> {
    use rusqlite::OptionalExtension;
    conn.query_row_cached(&format!("SELECT {COLUMNS} FROM case_paper WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| crate::error::Error::NotFound { what: "文书", id: id.to_owned() })
}

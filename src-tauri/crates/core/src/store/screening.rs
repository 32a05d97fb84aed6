//! Dispute-screening rounds (矛盾纠纷排查) and the disputes they found.

use super::{Writer, enum_parse, enum_text};
use crate::domain::Urgency;
use crate::domain::screening::{FindingStatus, ScreeningScope};
use crate::error::{Error, Result};
use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A round as stored (and as logged for sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoundRow {
    pub id: String,
    pub held_on: String,
    pub scope: ScreeningScope,
    /// The village, group or township screened.
    pub scope_name: String,
    pub screened_by: String,
    /// 零报告
    pub nothing_found: bool,
    pub note: Option<String>,
    pub created_at: String,
}

/// A dispute found in a round, tracked until resolved or taken up as a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FindingRow {
    pub id: String,
    pub round_id: String,
    pub category: String,
    pub summary: String,
    /// 当事人, as told.
    pub parties: Option<String>,
    pub urgency: Urgency,
    pub status: FindingStatus,
    /// The case it became.
    pub case_id: Option<String>,
    pub resolved_on: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A round with its findings, as the screening page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RoundView {
    pub round: RoundRow,
    pub findings: Vec<FindingRow>,
}

const ROUND_COLUMNS: &str = "id, held_on, scope, scope_name, screened_by, nothing_found, note, created_at";
const FINDING_COLUMNS: &str =
    "id, round_id, category, summary, parties, urgency, status, case_id, resolved_on, created_at, updated_at";

fn round_from_row(r: &Row<'_>) -> rusqlite::Result<RoundRow> {
    Ok(RoundRow {
        id: r.get(0)?,
        held_on: r.get(1)?,
        scope: enum_parse(r.get(2)?, 2)?,
        scope_name: r.get(3)?,
        screened_by: r.get(4)?,
        nothing_found: r.get(5)?,
        note: r.get(6)?,
        created_at: r.get(7)?,
    })
}

fn finding_from_row(r: &Row<'_>) -> rusqlite::Result<FindingRow> {
    Ok(FindingRow {
        id: r.get(0)?,
        round_id: r.get(1)?,
        category: r.get(2)?,
        summary: r.get(3)?,
        parties: r.get(4)?,
        urgency: enum_parse(r.get(5)?, 5)?,
        status: enum_parse(r.get(6)?, 6)?,
        case_id: r.get(7)?,
        resolved_on: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

pub fn insert_round(w: &Writer<'_>, r: &RoundRow) -> Result<()> {
    put_round(w.tx(), r)?;
    w.log("screening_round", &r.id, "insert", r)
}

/// Writes the round row, without logging (see [`super::cases::put`]).
pub(crate) fn put_round(conn: &Connection, r: &RoundRow) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO screening_round (id, held_on, scope, scope_name, screened_by, nothing_found, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            r.id,
            r.held_on,
            enum_text(&r.scope),
            r.scope_name,
            r.screened_by,
            r.nothing_found,
            r.note,
            r.created_at
        ],
    )?;
    Ok(())
}

pub fn save_finding(w: &Writer<'_>, f: &FindingRow, op: &str) -> Result<()> {
    put_finding(w.tx(), f)?;
    w.log("screening_finding", &f.id, op, f)
}

/// Writes the finding row as it is, without logging (see [`super::cases::put`]).
pub(crate) fn put_finding(conn: &Connection, f: &FindingRow) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO screening_finding (id, round_id, category, summary, parties, urgency, status, case_id,
             resolved_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (id) DO UPDATE SET status = ?7, case_id = ?8, resolved_on = ?9, updated_at = ?11",
        params![
            f.id,
            f.round_id,
            f.category,
            f.summary,
            f.parties,
            enum_text(&f.urgency),
            enum_text(&f.status),
            f.case_id,
            f.resolved_on,
            f.created_at,
            f.updated_at
        ],
    )?;
    Ok(())
}

pub fn get_finding(conn: &Connection, id: &str) -> Result<FindingRow> {
    conn.query_row_cached(
        &format!("SELECT {FINDING_COLUMNS} FROM screening_finding WHERE id = ?1"),
        [id],
        finding_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound { what: "排查出的纠纷", id: id.to_owned() })
}

pub fn get_round(conn: &Connection, id: &str) -> Result<RoundView> {
    let round = conn
        .query_row_cached(
            &format!("SELECT {ROUND_COLUMNS} FROM screening_round WHERE id = ?1 AND voided_at IS NULL"),
            [id],
            round_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "排查记录", id: id.to_owned() })?;
    Ok(RoundView { findings: findings_of(conn, &round.id)?, round })
}

fn findings_of(conn: &Connection, round_id: &str) -> Result<Vec<FindingRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {FINDING_COLUMNS} FROM screening_finding WHERE round_id = ?1 ORDER BY created_at, id"
    ))?;
    Ok(stmt.query_map([round_id], finding_from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// Rounds held between two days (inclusive), newest first.
pub fn rounds(conn: &Connection, from: Option<&str>, to: Option<&str>, limit: u32) -> Result<Vec<RoundView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROUND_COLUMNS} FROM screening_round
         WHERE voided_at IS NULL AND (?1 IS NULL OR held_on >= ?1) AND (?2 IS NULL OR held_on <= ?2)
         ORDER BY held_on DESC, created_at DESC LIMIT ?3"
    ))?;
    let rounds = stmt.query_map(params![from, to, limit], round_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    rounds.into_iter().map(|round| Ok(RoundView { findings: findings_of(conn, &round.id)?, round })).collect()
}

/// The day of the latest round, if any.
pub fn last_held_on(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row_cached("SELECT max(held_on) FROM screening_round WHERE voided_at IS NULL", [], |r| r.get(0))?)
}

//! Revisits (回访记录).

use super::{Writer, enum_parse, enum_text};
use crate::domain::revisit::{RevisitMethod, Satisfaction};
use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A revisit as stored (and as logged for sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RevisitRow {
    pub id: String,
    pub case_id: String,
    /// The agreement whose performance was checked, if any.
    pub agreement_id: Option<String>,
    pub visited_on: String,
    pub method: RevisitMethod,
    /// 回访人
    pub visitor: String,
    /// 被回访人
    pub visitee: String,
    /// 协议履行情况 / 问题解决情况
    pub performance: Option<String>,
    pub satisfaction: Satisfaction,
    /// 新的问题或诉求
    pub new_problems: Option<String>,
    /// 是否息访息诉
    pub stopped: bool,
    /// 下次回访日期: shows on the agenda.
    pub next_due_on: Option<String>,
    pub created_at: String,
}

const COLUMNS: &str = "id, case_id, agreement_id, visited_on, method, visitor, visitee, performance, satisfaction,
    new_problems, stopped, next_due_on, created_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<RevisitRow> {
    Ok(RevisitRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        agreement_id: r.get(2)?,
        visited_on: r.get(3)?,
        method: enum_parse(r.get(4)?, 4)?,
        visitor: r.get(5)?,
        visitee: r.get(6)?,
        performance: r.get(7)?,
        satisfaction: enum_parse(r.get(8)?, 8)?,
        new_problems: r.get(9)?,
        stopped: r.get(10)?,
        next_due_on: r.get(11)?,
        created_at: r.get(12)?,
    })
}

pub fn insert(w: &Writer<'_>, v: &RevisitRow) -> Result<()> {
    put(w.tx(), v)?;
    w.log("revisit", &v.id, "insert", v)
}

/// Writes the revisit row, without logging (see [`super::cases::put`]).
pub(crate) fn put(conn: &Connection, v: &RevisitRow) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO revisit (id, case_id, agreement_id, visited_on, method, visitor, visitee, performance,
             satisfaction, new_problems, stopped, next_due_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            v.id,
            v.case_id,
            v.agreement_id,
            v.visited_on,
            enum_text(&v.method),
            v.visitor,
            v.visitee,
            v.performance,
            enum_text(&v.satisfaction),
            v.new_problems,
            v.stopped,
            v.next_due_on,
            v.created_at
        ],
    )?;
    Ok(())
}

/// A case's revisits, in the order they were made.
pub fn for_case(conn: &Connection, case_id: &str) -> Result<Vec<RevisitRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM revisit WHERE case_id = ?1 AND voided_at IS NULL ORDER BY visited_on, created_at, id"
    ))?;
    Ok(stmt.query_map([case_id], from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// [`for_case`] for many cases in one query (`case_ids` as a JSON array), by case.
pub fn for_cases(conn: &Connection, case_ids: &str) -> Result<std::collections::HashMap<String, Vec<RevisitRow>>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM revisit WHERE case_id IN (SELECT value FROM json_each(?1)) AND voided_at IS NULL
         ORDER BY case_id, visited_on, created_at, id"
    );
    super::by_case(conn, &sql, case_ids, from_row, |r| &r.case_id)
}

//! The statutory deadlines every case row carries (受理告知 15 days from
//! receipt, 办结 60 days plus any extension, 回访 after handling), found
//! across the whole ledger in SQL: a township of years has thousands of
//! cases, and the agenda (工作台) must count those due without reading each.
//! Partial indexes (migration 0012) hold just the cases awaiting each step.
//! The dates are the same as [`crate::commands::schedule::case_deadlines`]
//! computes for one case (a test holds them together).

use super::cases::Shown;
use super::enum_parse;
use crate::domain::deadlines::{Rule, TimeLimits};
use crate::error::Result;
use crate::store::Cached;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// One deadline of a case, not yet met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub case_id: String,
    pub case_number: String,
    pub request: String,
    pub rule: Rule,
    pub from: NaiveDate,
    pub due_on: NaiveDate,
}

/// The deadlines not met and due by `by`: how many are past `today`, how
/// many are not, and the first `first` of them by due date (then number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueBy {
    pub overdue: u32,
    pub not_yet: u32,
    pub first: Vec<Due>,
}

/// Every unmet statutory deadline, as rows (case_id, rule, from_on, due_on).
/// Dates are China-time calendar days; only integers are spliced in.
fn unmet(limits: &TimeLimits, shown: Shown) -> String {
    let hidden = if shown == Shown::NotConfidential { "AND confidential = 0" } else { "" };
    let received = "date(received_at, '+8 hours')";
    format!(
        "SELECT id AS case_id, 'accept' AS rule, {received} AS from_on,
                date({received}, '+{accept} days') AS due_on
           FROM petition_case
          WHERE voided_at IS NULL AND outcome = 'in_progress' AND accepted_on IS NULL {hidden}
         UNION ALL
         SELECT id, 'handle', {received},
                date({received}, '+' || ({handle} + coalesce(extension_days, 0)) || ' days')
           FROM petition_case
          WHERE voided_at IS NULL AND outcome = 'in_progress' AND handled_on IS NULL {hidden}
         UNION ALL
         SELECT id, 'revisit', date(handled_on), date(handled_on, '+{revisit} days')
           FROM petition_case
          WHERE voided_at IS NULL AND handled_on IS NOT NULL AND revisited_on IS NULL {hidden}",
        accept = limits.accept_days,
        handle = limits.handle_days,
        revisit = limits.revisit_after_days,
    )
}

pub fn due_by(
    conn: &Connection,
    limits: &TimeLimits,
    shown: Shown,
    today: NaiveDate,
    by: NaiveDate,
    first: usize,
) -> Result<DueBy> {
    let unmet = unmet(limits, shown);
    let (overdue, not_yet) = conn.query_row_cached(
        &format!(
            "SELECT count(*) FILTER (WHERE due_on < ?1), count(*) FILTER (WHERE due_on >= ?1)
               FROM ({unmet}) WHERE due_on <= ?2"
        ),
        params![today.to_string(), by.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.case_id, c.number, c.request, d.rule, d.from_on, d.due_on
           FROM ({unmet}) d JOIN petition_case c ON c.id = d.case_id
          WHERE d.due_on <= ?1 ORDER BY d.due_on, c.number LIMIT ?2"
    ))?;
    let first = stmt
        .query_map(params![by.to_string(), first as i64], |r| {
            Ok(Due {
                case_id: r.get(0)?,
                case_number: r.get(1)?,
                request: r.get(2)?,
                rule: enum_parse(r.get(3)?, 3)?,
                from: date(r, 4)?,
                due_on: date(r, 5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(DueBy { overdue, not_yet, first })
}

/// A `YYYY-MM-DD` column, as SQLite's `date()` writes it.
fn date(r: &rusqlite::Row<'_>, col: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = r.get(col)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e)))
}

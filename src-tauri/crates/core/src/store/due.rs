//! The statutory deadlines every case row carries (受理告知 15 days from
//! receipt, 办结 60 days plus any extension, 回访 after handling), found
//! across the whole ledger in SQL: a township of years has thousands of
//! cases awaiting a step, and the agenda (工作台) must count those due
//! without reading each. Partial indexes (migration 0012) hold just the
//! cases awaiting each step, keyed by the day its deadline counts from, so a
//! count is a range of an index. The dates are the same as
//! [`crate::commands::schedule::case_deadlines`] computes for one case (a
//! test holds them together).
//!
//! A case imported from an old Excel ledger (台账导入) carries an `import`
//! event on the day it came in: a deadline that had passed before that day
//! is history, not today's work, so it is counted apart ([`history`]) for
//! one review instead of raised on the agenda.

use super::cases::Shown;
use crate::domain::deadlines::{Rule, TimeLimits};
use crate::domain::ledger_import::IMPORTED_EVENT;
use crate::error::Result;
use crate::store::Cached;
use chrono::{Days, NaiveDate};
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

/// The deadlines not met and due by a day: how many are past today, how
/// many are not, and the first few of them by due date (then number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueBy {
    pub overdue: u32,
    pub not_yet: u32,
    pub first: Vec<Due>,
}

/// One statutory step, as SQL over its partial index.
struct Step {
    rule: Rule,
    index: &'static str,
    /// The cases awaiting it: the index's own condition, word for word.
    awaiting: &'static str,
    /// What else keeps a case awaiting it, beyond the index's condition.
    undone: &'static str,
    /// The day the deadline counts from: the index's key, word for word.
    from: &'static str,
    /// Days from `from` to the due date.
    days: u32,
    /// Whether the case's extension (延期) adds to `days`.
    extended: bool,
}

const RECEIVED: &str = "date(received_at, '+8 hours')";

fn steps(limits: &TimeLimits) -> [Step; 3] {
    [
        Step {
            rule: Rule::Accept,
            index: "petition_case_awaiting_acceptance",
            awaiting: "voided_at IS NULL AND outcome = 'in_progress' AND accepted_on IS NULL",
            // The written notice, recorded with its delivery, meets the limit.
            undone: "AND NOT EXISTS (SELECT 1 FROM case_paper n WHERE n.case_id = petition_case.id AND n.kind = 'notice')",
            from: RECEIVED,
            days: limits.accept_days,
            extended: false,
        },
        Step {
            rule: Rule::Handle,
            index: "petition_case_awaiting_handling",
            awaiting: "voided_at IS NULL AND outcome = 'in_progress' AND handled_on IS NULL",
            undone: "",
            from: RECEIVED,
            days: limits.handle_days,
            extended: true,
        },
        Step {
            rule: Rule::Revisit,
            index: "petition_case_awaiting_revisit",
            awaiting: "voided_at IS NULL AND handled_on IS NOT NULL AND revisited_on IS NULL",
            undone: "",
            from: "handled_on",
            days: limits.revisit_after_days,
            extended: false,
        },
    ]
}

impl Step {
    /// The due date, as SQL.
    fn due_on(&self) -> String {
        if self.extended {
            format!("date({}, '+' || ({} + coalesce(extension_days, 0)) || ' days')", self.from, self.days)
        } else {
            format!("date({}, '+{} days')", self.from, self.days)
        }
    }

    /// `FROM … WHERE …` of this step's cases due by `?1`: a range of the
    /// index (the due date is at least `from` + `days`), then the exact date
    /// only where an extension moves it.
    fn due_by(&self, shown: Shown) -> String {
        let hidden = if shown == Shown::NotConfidential { "AND confidential = 0" } else { "" };
        let exact = if self.extended { format!("AND {} <= ?1", self.due_on()) } else { String::new() };
        format!(
            "FROM petition_case INDEXED BY {index} WHERE {awaiting} {undone} {hidden}
               AND {from} <= date(?1, '-{days} days') {exact} AND NOT {past}",
            past = self.passed_before_import(),
            index = self.index,
            awaiting = self.awaiting,
            undone = self.undone,
            from = self.from,
            days = self.days,
        )
    }
}

impl Step {
    /// SQL: the case was imported after this deadline had passed.
    fn passed_before_import(&self) -> String {
        format!(
            "EXISTS (SELECT 1 FROM case_event h WHERE h.case_id = petition_case.id AND h.action = '{IMPORTED_EVENT}'
                     AND h.happened_on > {due})",
            due = self.due_on()
        )
    }
}

/// Deadlines of imported cases that had passed before the import: not raised
/// on the agenda, counted here for one review (the ledger page lists the cases).
pub fn history(conn: &Connection, limits: &TimeLimits, shown: Shown) -> Result<u32> {
    let hidden = if shown == Shown::NotConfidential { "AND confidential = 0" } else { "" };
    let mut n = 0;
    for step in steps(limits) {
        let sql = format!(
            "SELECT count(*) FROM petition_case INDEXED BY {index} WHERE {awaiting} {hidden} AND {past}",
            index = step.index,
            awaiting = step.awaiting,
            past = step.passed_before_import(),
        );
        n += conn.query_row_cached(&sql, [], |r| r.get::<_, u32>(0))?;
    }
    Ok(n)
}

pub fn due_by(
    conn: &Connection,
    limits: &TimeLimits,
    shown: Shown,
    today: NaiveDate,
    by: NaiveDate,
    first: usize,
) -> Result<DueBy> {
    let (by, yesterday) = (by.to_string(), (today - Days::new(1)).to_string());
    let mut out = DueBy { overdue: 0, not_yet: 0, first: Vec::new() };
    for step in steps(limits) {
        let cases = step.due_by(shown);
        let (overdue, all): (u32, u32) = conn.query_row_cached(
            &format!("SELECT count(*) FILTER (WHERE {} <= ?2), count(*) {cases}", step.due_on()),
            params![by, yesterday],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        out.overdue += overdue;
        out.not_yet += all - overdue;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, number, request, {from}, {due} AS due_on {cases} ORDER BY due_on, number LIMIT ?2",
            from = step.from,
            due = step.due_on(),
        ))?;
        let rows = stmt.query_map(params![by, first as i64], |r| {
            Ok(Due {
                case_id: r.get(0)?,
                case_number: r.get(1)?,
                request: r.get(2)?,
                rule: step.rule,
                from: date(r, 3)?,
                due_on: date(r, 4)?,
            })
        })?;
        out.first.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    out.first.sort_by(|a, b| (a.due_on, &a.case_number).cmp(&(b.due_on, &b.case_number)));
    out.first.truncate(first);
    Ok(out)
}

/// A `YYYY-MM-DD` column, as SQLite's `date()` writes it.
fn date(r: &rusqlite::Row<'_>, col: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = r.get(col)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e)))
}

//! The township's statistics (统计报表): what came in, what was handled and
//! in time, what was handed down and answered, the disputes screened and
//! resolved, repeat visits, revisits and satisfaction, for a period and a
//! scope, in total and by category, village and month.
//!
//! Report definitions are written once, here ([`figures`] and [`rates`]); the
//! command layer validates the question and the UI and the CLI only show the
//! answer. Every number can list the records it counts ([`drill_down`]).
//!
//! - [`figures`]: each figure's definition;
//! - [`rates`]: each rate as one figure over another;
//! - [`tally`]: counting records into totals and breakdowns, and the drill-down;
//! - [`csv`]: the report as a CSV file for Excel.

pub mod csv;
pub mod figures;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod rates;
pub mod tally;

pub use figures::{Context, FigureKey, FigureUnit};
pub use rates::{Rate, RateKey};
pub use tally::{Breakdown, BreakdownGroup, Tally};

use crate::domain::deadlines::TimeLimits;
use crate::error::Result;
use crate::store::report::{self as queries, Selection};
use chrono::{Datelike, Months, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use tally::Records;
use ts_rs::TS;

/// What a report covers: the days from `from` to `to`, both included, and
/// the villages (all of them when empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub villages: Vec<String>,
}

impl Scope {
    /// The day later states are counted up to: the end of the period, or
    /// today while the period is not over.
    pub fn as_of(&self, today: NaiveDate) -> NaiveDate {
        self.to.min(today)
    }

    /// Every month the period touches, as YYYY-MM.
    pub fn months(&self) -> Vec<String> {
        let first = self.from.with_day(1).unwrap_or(self.from);
        std::iter::successors(Some(first), |m| m.checked_add_months(Months::new(1)))
            .take_while(|m| *m <= self.to)
            .map(|m| m.format("%Y-%m").to_string())
            .collect()
    }

    /// The scope in words: the villages, or 全部 for the whole ledger.
    pub fn label(&self) -> String {
        if self.villages.is_empty() { ALL_VILLAGES.to_owned() } else { self.villages.join("、") }
    }

    fn selection(&self, as_of: NaiveDate) -> Selection<'_> {
        Selection { from: self.from, to: self.to, villages: &self.villages, as_of }
    }
}

/// The scope label of a report over every village.
pub const ALL_VILLAGES: &str = "全部";

/// A report: the question, the totals, each breakdown, and what it cannot say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Report {
    /// The ledger's own name (this install's village or township).
    pub ledger_name: String,
    /// YYYY-MM-DD, inclusive.
    pub from: String,
    pub to: String,
    /// The villages asked for; empty for all.
    pub villages: Vec<String>,
    /// e.g. 全部, or 石岩哨村、上坝村.
    pub scope_label: String,
    /// The day later states (handled, revisited, resolved) are counted up to.
    pub as_of: String,
    pub total: Tally,
    pub by_category: Vec<BreakdownGroup>,
    /// Every village asked for, even with nothing in it.
    pub by_village: Vec<BreakdownGroup>,
    /// Every month of the period, even with nothing in it.
    pub by_month: Vec<BreakdownGroup>,
    /// What the ledger does not record and the report therefore leaves out.
    pub notes: Vec<String>,
}

impl Report {
    pub fn breakdown(&self, by: Breakdown) -> &[BreakdownGroup] {
        match by {
            Breakdown::Category => &self.by_category,
            Breakdown::Village => &self.by_village,
            Breakdown::Month => &self.by_month,
        }
    }
}

/// Figures the ledger has no record for, said on every report.
pub const NOTES: [&str; 2] = [
    "越级访：台账不记录信访人是否越过乡镇到县、市、省或北京上访，本表不统计此项。",
    "报送信访信息：台账不记录向上级报送的信访信息条数，本表不统计此项。",
];

fn read(conn: &Connection, scope: &Scope, as_of: NaiveDate) -> Result<Records> {
    let s = scope.selection(as_of);
    Ok(Records {
        received: queries::cases(conn, &s)?,
        repeats: queries::repeat_visits(conn, &s)?,
        findings: queries::findings(conn, &s)?,
    })
}

/// Computes the report of `scope` as it stands on `today`.
pub fn compute(
    conn: &Connection,
    ledger_name: &str,
    scope: &Scope,
    limits: &TimeLimits,
    today: NaiveDate,
) -> Result<Report> {
    let cx = Context { as_of: scope.as_of(today), limits: limits.clone() };
    let records = read(conn, scope, cx.as_of)?;
    let shown = [(Breakdown::Village, scope.villages.clone()), (Breakdown::Month, scope.months())];
    let (total, [by_category, by_village, by_month]) = tally::tally(&records, &cx, &shown);
    Ok(Report {
        ledger_name: ledger_name.to_owned(),
        from: scope.from.to_string(),
        to: scope.to.to_string(),
        villages: scope.villages.clone(),
        scope_label: scope.label(),
        as_of: cx.as_of.to_string(),
        total,
        by_category,
        by_village,
        by_month,
        notes: NOTES.iter().map(|n| (*n).to_owned()).collect(),
    })
}

/// The ids of exactly the records `figure` counts in the report of `scope`
/// (cases, or screening findings for the dispute figures), optionally within
/// one group of a breakdown.
pub fn drill_down(
    conn: &Connection,
    scope: &Scope,
    limits: &TimeLimits,
    today: NaiveDate,
    figure: FigureKey,
    group: Option<(Breakdown, &str)>,
) -> Result<Vec<String>> {
    let cx = Context { as_of: scope.as_of(today), limits: limits.clone() };
    let records = read(conn, scope, cx.as_of)?;
    Ok(tally::ids(&records, &cx, figure, group))
}

#[cfg(test)]
mod tests;

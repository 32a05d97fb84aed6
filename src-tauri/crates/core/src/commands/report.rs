//! The township's statistics (统计报表): the question checked here, the
//! figures computed by `crate::report`, where every definition lives.

use super::Ledger;
use super::case::parse_day;
use crate::domain::intake::MAX_NAME_CHARS;
use crate::error::{Error, Result};
use crate::report::{self, Breakdown, FigureKey, FigureUnit, Report, Scope};
use crate::store::{device, settings};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Villages one report may name.
pub const MAX_VILLAGES: usize = 200;
/// Known villages named in the refusal of an unknown one.
const KNOWN_SHOWN: usize = 20;

/// Which period and villages a report covers.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct ReportQuery {
    /// The first day (YYYY-MM-DD), included.
    pub from: String,
    /// The last day (YYYY-MM-DD), included.
    pub to: String,
    /// One or more villages; all of them when empty or absent.
    #[serde(default)]
    pub villages: Vec<String>,
}

/// One group of a breakdown (e.g. the village 石岩哨村, the month 2009-03).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct BreakdownKey {
    pub breakdown: Breakdown,
    /// The group's key as the report shows it.
    pub key: String,
}

/// A number on a report, to list what it counts.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct ReportCasesQuery {
    pub query: ReportQuery,
    pub figure: FigureKey,
    /// Only the records in this group of a breakdown; the total when absent.
    #[serde(default)]
    pub group: Option<BreakdownKey>,
}

/// Exactly the records a number counts.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReportCases {
    pub figure: FigureKey,
    pub label: String,
    /// Whether `ids` are cases or screening findings.
    pub unit: FigureUnit,
    pub ids: Vec<String>,
}

/// Checks the question: real days, `from` not after `to`, villages the
/// ledger knows (trimmed, each once).
fn scope(ledger: &Ledger, q: &ReportQuery) -> Result<Scope> {
    let from = parse_day(&q.from, "from", "开始日期")?;
    let to = parse_day(&q.to, "to", "结束日期")?;
    if from > to {
        return Err(Error::invalid("to", "结束日期", format!("{to} 早于开始日期 {from}")));
    }
    if q.villages.len() > MAX_VILLAGES {
        return Err(Error::invalid("villages", "村", format!("一次最多统计 {MAX_VILLAGES} 个村")));
    }
    let known = crate::store::report::villages(ledger.store.conn())?;
    let mut villages: Vec<String> = Vec::new();
    for (i, v) in q.villages.iter().enumerate() {
        let field = format!("villages[{i}]");
        let v = crate::domain::intake::required_text(v, &field, "村名", MAX_NAME_CHARS)?;
        if !known.contains(&v) {
            let listed = known.iter().take(KNOWN_SHOWN).cloned().collect::<Vec<_>>().join("、");
            let reason = if known.is_empty() {
                format!("台账中没有“{v}”的记录（台账中还没有任何村的记录）")
            } else {
                format!("台账中没有“{v}”的记录，请检查村名（台账中有：{listed}）")
            };
            return Err(Error::invalid(&field, "村名", reason));
        }
        if !villages.contains(&v) {
            villages.push(v);
        }
    }
    Ok(Scope { from, to, villages })
}

pub fn show(ledger: &mut Ledger, q: ReportQuery) -> Result<Report> {
    let scope = scope(ledger, &q)?;
    let conn = ledger.store.conn();
    let name = device::load(conn)?.ok_or(Error::NotInitialised)?.name;
    report::compute(conn, &name, &scope, &settings::time_limits(conn)?, ledger.clock.today())
}

pub fn cases(ledger: &mut Ledger, q: ReportCasesQuery) -> Result<ReportCases> {
    let scope = scope(ledger, &q.query)?;
    let conn = ledger.store.conn();
    let group = q.group.as_ref().map(|g| (g.breakdown, g.key.as_str()));
    let ids = report::drill_down(conn, &scope, &settings::time_limits(conn)?, ledger.clock.today(), q.figure, group)?;
    Ok(ReportCases { figure: q.figure, label: q.figure.label().to_owned(), unit: q.figure.unit(), ids })
}

//! The township's statistics (统计报表): the question checked here, the
//! figures computed by `crate::report`, where every definition lives.

use super::day::parse_day;
use super::{Ledger, NoArgs};
use crate::clock::china;
use crate::domain::intake::MAX_NAME_CHARS;
use crate::error::{Error, Result};
use crate::report::{self, Breakdown, FigureKey, FigureUnit, Report, Scope};
use crate::store::cases::{self, CaseRow};
use crate::store::screening::{self, FindingRow};
use crate::store::{device, settings};
use chrono::{DateTime, Datelike};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Villages one report may name.
pub const MAX_VILLAGES: usize = 200;
/// The longest period one report covers: every year since records began
/// and then some, while a mistyped year (8832) is refused instead of a
/// breakdown of eighty thousand months being built.
pub const MAX_YEARS: i32 = 50;
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
    /// Every record counted, in the order received (or found).
    pub ids: Vec<String>,
    /// The first `MAX_LISTED` of them as cases, when the unit is cases.
    pub cases: Vec<CaseRow>,
    /// The first `MAX_LISTED` of them as disputes, when the unit is findings.
    pub findings: Vec<FindingRow>,
    /// Counted in the figure but left out of `ids`: reports against
    /// officials (检举、揭发), listed only for those who handle them.
    pub not_listed: u32,
}

/// Records a drill-down lists in full; past this the list says how many
/// more there are (a number that large is read, not scrolled).
pub const MAX_LISTED: usize = 500;

/// Each village the ledger knows, with its devices and its last bundle
/// (各村同步情况): a township sees which village has gone quiet.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct VillageActivity {
    pub village: String,
    /// Enrolled village devices of that name (0: none enrolled).
    pub devices: u32,
    /// When a bundle from one of them was last imported (RFC 3339).
    pub last_bundle_at: Option<String>,
    /// Whole days since then, counted in China time.
    #[ts(type = "number | null")]
    pub days_since_bundle: Option<i64>,
}

/// Checks the question: real days, `from` not after `to`, villages the
/// ledger knows (trimmed, each once).
fn scope(ledger: &Ledger, q: &ReportQuery) -> Result<Scope> {
    let from = parse_day(&q.from, "from", "开始日期")?;
    let to = parse_day(&q.to, "to", "结束日期")?;
    if from > to {
        return Err(Error::invalid("to", "结束日期", format!("{to} 早于开始日期 {from}")));
    }
    if to.year() - from.year() >= MAX_YEARS {
        return Err(Error::invalid(
            "to",
            "结束日期",
            format!("统计期间最长 {MAX_YEARS} 年（{from} 至 {to} 太长），请检查年份"),
        ));
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
    let mut ids =
        report::drill_down(conn, &scope, &settings::time_limits(conn)?, ledger.clock.today(), q.figure, group)?;
    let unit = q.figure.unit();
    // Reports against officials are counted in every figure, but listed only
    // for those who handle them.
    let counted = ids.len();
    if unit == FigureUnit::Case && !crate::access::sees_confidential(ledger.account.as_ref()) {
        let hidden = cases::confidential_ids(conn)?;
        ids.retain(|id| !hidden.contains(id));
    }
    let not_listed = (counted - ids.len()) as u32;
    let listed = &ids[..ids.len().min(MAX_LISTED)];
    let (cases, findings) = match unit {
        FigureUnit::Case => (listed.iter().map(|id| cases::get(conn, id)).collect::<Result<_>>()?, Vec::new()),
        FigureUnit::Finding => {
            (Vec::new(), listed.iter().map(|id| screening::get_finding(conn, id)).collect::<Result<_>>()?)
        }
    };
    Ok(ReportCases { figure: q.figure, label: q.figure.label().to_owned(), unit, ids, cases, findings, not_listed })
}

pub fn villages(ledger: &mut Ledger, _: NoArgs) -> Result<Vec<VillageActivity>> {
    let conn = ledger.store.conn();
    let today = ledger.clock.today();
    let bundles = crate::store::report::village_bundles(conn)?;
    let known = crate::store::report::villages(conn)?;
    Ok(known
        .into_iter()
        .map(|village| {
            let b = bundles.iter().find(|b| b.village == village);
            let last_bundle_at = b.and_then(|b| b.last_import_at.clone());
            let days_since_bundle = last_bundle_at
                .as_deref()
                .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
                .map(|at| (today - at.with_timezone(&china()).date_naive()).num_days());
            VillageActivity { devices: b.map_or(0, |b| b.devices), village, last_bundle_at, days_since_bundle }
        })
        .collect())
}

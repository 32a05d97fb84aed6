//! Cases (信访事项): one row per request followed to its end.

use super::{Writer, enum_parse, enum_text, merge, search};
use crate::domain::deadlines::TimeLimits;
use crate::domain::lifecycle::{Lifecycle, Outcome, Route, Step};
use crate::domain::{Channel, Urgency};
use crate::error::{Error, Result};
use crate::store::Cached;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A case as stored (and as logged for sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseRow {
    pub id: String,
    /// e.g. 石岩哨村信〔2026〕第3号
    pub number: String,
    pub village: Option<String>,
    /// The petitioners' village group (村民小组).
    pub group: Option<String>,
    pub channel: Channel,
    pub category: String,
    pub request: String,
    pub urgency: Urgency,
    pub received_at: String,
    pub received_by: String,
    pub step: Step,
    pub route: Route,
    pub outcome: Outcome,
    pub extension_days: Option<u32>,
    pub extension_reason: Option<String>,
    /// First taken up (委托, settled, directed, or closed): ends the 15-day limit.
    pub accepted_on: Option<String>,
    pub handled_on: Option<String>,
    /// First revisit: ends the revisit limit.
    pub revisited_on: Option<String>,
    pub closed_on: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
    /// The leader or department the township handed the case to (交办 / 包案).
    #[serde(default)]
    pub assigned_to: Option<String>,
    /// A report against an official (检举、揭发): seen only by those who
    /// handle it, and each look at it logged ([`crate::access`]). Absent
    /// (or null, from a peer's merge of a row without it) means not one.
    #[serde(default, deserialize_with = "null_as_false")]
    pub confidential: bool,
}

fn null_as_false<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(false))
}

impl CaseRow {
    pub fn lifecycle(&self) -> Lifecycle {
        Lifecycle { step: self.step, route: self.route, outcome: self.outcome, extension_days: self.extension_days }
    }
}

const COLUMNS: &str = "c.id, c.number, c.village, c.channel, c.category, c.request, c.urgency, c.received_at,
    c.received_by, c.step, c.route, c.outcome, c.extension_days, c.extension_reason, c.handled_on, c.closed_on,
    c.created_by, c.created_at, c.updated_at, c.voided_at, c.void_reason, c.grp, c.accepted_on, c.revisited_on, c.assigned_to,
    c.confidential";

fn from_row(r: &Row<'_>) -> rusqlite::Result<CaseRow> {
    Ok(CaseRow {
        id: r.get(0)?,
        number: r.get(1)?,
        village: r.get(2)?,
        channel: enum_parse(r.get(3)?, 3)?,
        category: r.get(4)?,
        request: r.get(5)?,
        urgency: enum_parse(r.get(6)?, 6)?,
        received_at: r.get(7)?,
        received_by: r.get(8)?,
        step: enum_parse(r.get(9)?, 9)?,
        route: enum_parse(r.get(10)?, 10)?,
        outcome: enum_parse(r.get(11)?, 11)?,
        extension_days: r.get(12)?,
        extension_reason: r.get(13)?,
        handled_on: r.get(14)?,
        closed_on: r.get(15)?,
        created_by: r.get(16)?,
        created_at: r.get(17)?,
        updated_at: r.get(18)?,
        voided_at: r.get(19)?,
        void_reason: r.get(20)?,
        group: r.get(21)?,
        accepted_on: r.get(22)?,
        revisited_on: r.get(23)?,
        assigned_to: r.get(24)?,
        confidential: r.get(25)?,
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<CaseRow> {
    find(conn, id)?.ok_or_else(|| Error::NotFound { what: "信访事项", id: id.to_owned() })
}

/// Cases that may have a follow-up due on the agenda (工作台) besides the
/// statutory deadlines ([`super::due`]): ones in mediation (an agreement not
/// yet signed), ones with a next revisit due by `soon`, and ones with an
/// agreement signed since `recent` (the court-confirmation window still
/// open). One query, whatever their number.
pub fn follow_up_candidates(conn: &Connection, soon: &str, recent: &str) -> Result<Vec<CaseRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM petition_case c WHERE c.voided_at IS NULL AND (
             c.id IN (SELECT case_id FROM agreement WHERE status = 'draft' AND voided_at IS NULL)
             OR c.id IN (SELECT case_id FROM revisit WHERE next_due_on IS NOT NULL AND next_due_on <= ?1
                         AND voided_at IS NULL)
             OR c.id IN (SELECT case_id FROM agreement WHERE status = 'signed' AND signed_on >= ?2
                         AND voided_at IS NULL))"
    ))?;
    Ok(stmt.query_map(params![soon, recent], from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// The ids of every case marked as a report against an official.
pub fn confidential_ids(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM petition_case WHERE confidential = 1")?;
    Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

pub fn find(conn: &Connection, id: &str) -> Result<Option<CaseRow>> {
    Ok(conn
        .query_row_cached(&format!("SELECT {COLUMNS} FROM petition_case c WHERE c.id = ?1"), [id], from_row)
        .optional()?)
}

/// Writes the case (insert or full update) and logs it; an update logs which
/// parts changed, for merging with edits made elsewhere. The caller rebuilds
/// the search text once everything it changes is written ([`search::reindex`]).
pub fn save(w: &Writer<'_>, c: &CaseRow, op: &str) -> Result<()> {
    save_forcing(w, c, op, &[])
}

/// [`save`], counting the merge units `force` as changed even if their value
/// is the same (the clerk confirming one side of a conflict).
pub fn save_forcing(w: &Writer<'_>, c: &CaseRow, op: &str, force: &[&str]) -> Result<()> {
    let old = find(w.tx(), &c.id)?;
    // `updated_at` merges as the latest of all devices' values, so a write
    // here never moves it back below one received from a faster clock.
    let c = &CaseRow {
        updated_at: old.as_ref().map_or(&c.updated_at, |o| (&o.updated_at).max(&c.updated_at)).clone(),
        ..c.clone()
    };
    put(w.tx(), c)?;
    match old {
        None => {
            let stamp = w.log_stamped("case", &c.id, op, c)?;
            merge::created(w.tx(), "case", &c.id, &stamp)
        }
        Some(old) => merge::log_update(w, "case", &c.id, op, &old, c, force),
    }
}

/// Writes the case row as it is (insert or full update), without logging:
/// [`save`] for local changes, sync for a change another device logged.
pub(crate) fn put(conn: &Connection, c: &CaseRow) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO petition_case (id, number, village, channel, category, request, urgency, received_at, received_by,
             step, route, outcome, extension_days, extension_reason, handled_on, closed_on, created_by, created_at,
             updated_at, voided_at, void_reason, grp, accepted_on, revisited_on, assigned_to, confidential)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
             ?22, ?23, ?24, ?25, ?26)
         ON CONFLICT (id) DO UPDATE SET village = ?3, category = ?5, request = ?6, urgency = ?7, step = ?10,
             route = ?11, outcome = ?12, extension_days = ?13, extension_reason = ?14, handled_on = ?15,
             closed_on = ?16, updated_at = ?19, voided_at = ?20, void_reason = ?21, grp = ?22, accepted_on = ?23,
             revisited_on = ?24, assigned_to = ?25, confidential = ?26",
        params![
            c.id,
            c.number,
            c.village,
            enum_text(&c.channel),
            c.category,
            c.request,
            enum_text(&c.urgency),
            c.received_at,
            c.received_by,
            enum_text(&c.step),
            enum_text(&c.route),
            enum_text(&c.outcome),
            c.extension_days,
            c.extension_reason,
            c.handled_on,
            c.closed_on,
            c.created_by,
            c.created_at,
            c.updated_at,
            c.voided_at,
            c.void_reason,
            c.group,
            c.accepted_on,
            c.revisited_on,
            c.assigned_to,
            c.confidential
        ],
    )?;
    Ok(())
}

/// Which cases a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StatusFilter {
    /// Every case that is not voided.
    #[default]
    All,
    /// Not yet closed.
    Open,
    Closed,
    /// Voided cases only (作废).
    Voided,
}

/// A page of the ledger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct CaseQuery {
    /// Any substring of a name, village, group, number or request.
    pub text: Option<String>,
    pub status: Option<StatusFilter>,
    pub category: Option<String>,
    pub village: Option<String>,
    /// Village group (村民小组).
    pub group: Option<String>,
    pub channel: Option<Channel>,
    /// Only cases past their acceptance or handling limit and not yet done.
    pub overdue: Option<bool>,
    pub sort: Option<CaseSort>,
    /// Received on or after this date (YYYY-MM-DD, China time).
    pub from: Option<String>,
    /// Received on or before this date.
    pub to: Option<String>,
    pub offset: Option<u32>,
    pub limit: Option<u32>,
}

/// The order of a ledger page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CaseSort {
    /// Newest first.
    #[default]
    ReceivedDesc,
    ReceivedAsc,
    /// Most recently worked on first.
    UpdatedDesc,
}

/// One line of the ledger list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CaseSummary {
    pub id: String,
    pub number: String,
    pub village: Option<String>,
    pub group: Option<String>,
    pub channel: Channel,
    pub category: String,
    pub request: String,
    pub urgency: Urgency,
    pub received_at: String,
    pub step: Step,
    pub route: Route,
    pub outcome: Outcome,
    /// Petitioners' names, in the order first recorded.
    pub petitioners: Vec<String>,
    pub visits: u32,
    pub voided: bool,
    /// Past its acceptance or handling limit and not yet done.
    pub overdue: bool,
    /// A report against an official (检举、揭发).
    pub confidential: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CasePage {
    /// How many cases match; with `total_capped`, at least this many.
    pub total: u32,
    /// The count stopped at [`COUNT_CAP`]: more cases match, and the pages
    /// list the first `total` of them in the chosen order.
    pub total_capped: bool,
    pub offset: u32,
    pub items: Vec<CaseSummary>,
}

pub const DEFAULT_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 500;

/// The SQL condition "past the acceptance or handling limit and not done" as
/// of `today`. Only integers and a formatted date are spliced in.
pub fn overdue_condition(limits: &TimeLimits, today: NaiveDate) -> String {
    let received = "date(c.received_at, '+8 hours')";
    format!(
        "(c.voided_at IS NULL AND c.outcome = 'in_progress' AND (
            (c.accepted_on IS NULL AND date({received}, '+{accept} days') < '{today}'
                AND NOT EXISTS (SELECT 1 FROM case_paper n WHERE n.case_id = c.id AND n.kind = 'notice'))
            OR (c.handled_on IS NULL
                AND date({received}, '+' || ({handle} + coalesce(c.extension_days, 0)) || ' days') < '{today}')))",
        accept = limits.accept_days,
        handle = limits.handle_days,
    )
}

/// Which cases a list may show the account asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Every case (those who handle reports against officials).
    All,
    /// Every case but reports against officials (检举、揭发).
    NotConfidential,
}

impl Shown {
    /// Whether a list shows `case`.
    pub fn shows(self, case: &CaseRow) -> bool {
        self == Shown::All || !case.confidential
    }
}

/// A search matching more cases than this is counted no further: the page
/// says "more than 1000" and lists the newest, rather than reading every
/// match of a village's name across years to count and sort them.
pub const COUNT_CAP: u32 = 1000;

pub fn list(conn: &Connection, q: &CaseQuery, limits: &TimeLimits, today: NaiveDate, shown: Shown) -> Result<CasePage> {
    let overdue = overdue_condition(limits, today);
    let mut clauses: Vec<String> = Vec::new();
    if shown == Shown::NotConfidential {
        clauses.push("c.confidential = 0".into());
    }
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    let mut bind = |clause: &str, v: Box<dyn ToSql>, clauses: &mut Vec<String>| {
        args.push(v);
        clauses.push(clause.replace('?', &format!("?{}", args.len())));
    };
    match q.status.unwrap_or_default() {
        StatusFilter::All => clauses.push("c.voided_at IS NULL".into()),
        StatusFilter::Open => clauses.push("c.voided_at IS NULL AND c.outcome = 'in_progress'".into()),
        StatusFilter::Closed => clauses.push("c.voided_at IS NULL AND c.outcome <> 'in_progress'".into()),
        StatusFilter::Voided => clauses.push("c.voided_at IS NOT NULL".into()),
    }
    if let Some(v) = &q.category {
        bind("c.category = ?", Box::new(v.clone()), &mut clauses);
    }
    if let Some(v) = &q.village {
        bind("c.village = ?", Box::new(v.clone()), &mut clauses);
    }
    if let Some(v) = &q.group {
        bind("c.grp = ?", Box::new(v.clone()), &mut clauses);
    }
    if q.overdue == Some(true) {
        clauses.push(overdue.clone());
    }
    if let Some(v) = q.channel {
        bind("c.channel = ?", Box::new(enum_text(&v)), &mut clauses);
    }
    // received_at keeps its offset; compare on the China-time date.
    if let Some(v) = &q.from {
        bind("date(c.received_at, '+8 hours') >= ?", Box::new(v.clone()), &mut clauses);
    }
    if let Some(v) = &q.to {
        bind("date(c.received_at, '+8 hours') <= ?", Box::new(v.clone()), &mut clauses);
    }
    let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(search::TextQuery::new);
    // A text matching few cases: find them, then count and sort them. One
    // matching many (a village's name, a common word): read the ledger in
    // its order, checking each case, and count only up to the cap.
    let broad = match &text {
        Some(t) => t.broad(conn, COUNT_CAP)?,
        None => None,
    };
    let (total, total_capped) = match (&text, broad) {
        (Some(t), Some(broad)) => {
            let others = clauses.join(" AND ");
            bind(&broad.scan_condition, Box::new(t.param().to_owned()), &mut clauses);
            let count_sql = format!(
                "SELECT count(*) FROM (SELECT 1 FROM {} WHERE {others} AND {} LIMIT {})",
                broad.count_from,
                broad.count_condition.replace('?', &format!("?{}", args.len())),
                COUNT_CAP + 1
            );
            let params: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
            let counted: u32 = conn.query_row_cached(&count_sql, &params[..], |r| r.get(0))?;
            (counted.min(COUNT_CAP), counted > COUNT_CAP)
        }
        (t, _) => {
            if let Some(t) = t {
                bind(&t.condition(), Box::new(t.param().to_owned()), &mut clauses);
            }
            let params: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
            let sql = format!("SELECT count(*) FROM petition_case c WHERE {}", clauses.join(" AND "));
            (conn.query_row_cached(&sql, &params[..], |r| r.get(0))?, false)
        }
    };
    let filter = clauses.join(" AND ");
    let params: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
    let limit = q.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let order = match q.sort.unwrap_or_default() {
        CaseSort::ReceivedDesc => "c.received_at DESC, c.id DESC",
        CaseSort::ReceivedAsc => "c.received_at ASC, c.id ASC",
        CaseSort::UpdatedDesc => "c.updated_at DESC, c.id DESC",
    };
    let offset = q.offset.unwrap_or(0);
    let sql = format!(
        "SELECT c.id, c.number, c.village, c.channel, c.category, c.request, c.urgency, c.received_at,
                c.step, c.route, c.outcome, c.voided_at IS NOT NULL,
                (SELECT count(*) FROM visit v WHERE v.case_id = c.id AND v.voided_at IS NULL),
                (SELECT json_group_array(name) FROM (
                    SELECT p.name AS name FROM visit v
                    JOIN visit_petitioner vp ON vp.visit_id = v.id JOIN person p ON p.id = vp.person_id
                    WHERE v.case_id = c.id GROUP BY p.id ORDER BY min(v.received_at), min(vp.position))),
                c.grp, {overdue}, c.confidential
         FROM petition_case c WHERE {filter}
         ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt
        .query_map(&params[..], |r| {
            let names: String = r.get(13)?;
            Ok(CaseSummary {
                id: r.get(0)?,
                number: r.get(1)?,
                village: r.get(2)?,
                channel: enum_parse(r.get(3)?, 3)?,
                category: r.get(4)?,
                request: r.get(5)?,
                urgency: enum_parse(r.get(6)?, 6)?,
                received_at: r.get(7)?,
                step: enum_parse(r.get(8)?, 8)?,
                route: enum_parse(r.get(9)?, 9)?,
                outcome: enum_parse(r.get(10)?, 10)?,
                voided: r.get(11)?,
                visits: r.get(12)?,
                petitioners: serde_json::from_str(&names).unwrap_or_default(),
                group: r.get(14)?,
                overdue: r.get(15)?,
                confidential: r.get(16)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(CasePage { total, total_capped, offset, items })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// `n` cases received a day apart (c0000 the oldest), each reindexed.
    fn cases(conn: &Connection, n: usize, request: impl Fn(usize) -> String, village: impl Fn(usize) -> &'static str) {
        for i in 0..n {
            let id = format!("c{i:04}");
            let received = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(i as u64);
            conn.execute(
                "INSERT INTO petition_case (id, number, village, channel, category, request, urgency, received_at,
                     received_by, step, route, outcome, created_by, created_at, updated_at)
                 VALUES (?1, ?1, ?2, 'visit', '土地承包', ?3, 'normal', ?4, '刘某',
                     'registered', 'five_step', 'in_progress', 'd', '', '')",
                params![id, village(i), request(i), format!("{received}T09:00:00+08:00")],
            )
            .unwrap();
            search::reindex(conn, &id).unwrap();
        }
    }

    fn page(conn: &Connection, q: CaseQuery, shown: Shown) -> CasePage {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        list(conn, &q, &TimeLimits::default(), today, shown).unwrap()
    }

    fn text(t: &str) -> CaseQuery {
        CaseQuery { text: Some(t.into()), ..CaseQuery::default() }
    }

    fn ids(p: &CasePage) -> Vec<&str> {
        p.items.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn a_search_matching_more_than_the_cap_lists_the_newest_and_says_more() {
        let store = Store::in_memory().unwrap();
        let conn = store.writable();
        let n = COUNT_CAP as usize + 100;
        // Every case names 桂兰; one in a hundred is also about a well (水井),
        // and the last 20 are in 上坝村.
        cases(
            conn,
            n,
            |i| {
                if i % 100 == 0 {
                    "张桂兰反映水井被占".into()
                } else {
                    "张桂兰反映承包地边界".into()
                }
            },
            |i| if i >= n - 20 { "上坝村" } else { "下坝村" },
        );
        conn.execute_batch(
            "UPDATE petition_case SET voided_at = '2026-01-01T00:00:00Z' WHERE id IN ('c1099', 'c1097');
             UPDATE petition_case SET confidential = 1 WHERE id = 'c1098';",
        )
        .unwrap();

        for query in ["桂兰", "张桂兰"] {
            let p = page(conn, text(query), Shown::All);
            assert_eq!((p.total, p.total_capped), (COUNT_CAP, true), "{query}");
            assert_eq!(p.items.len(), DEFAULT_PAGE as usize);
            assert_eq!(&ids(&p)[..3], ["c1098", "c1096", "c1095"], "{query}: newest first, voided left out");
        }
        let hidden = page(conn, text("桂兰"), Shown::NotConfidential);
        assert_eq!(&ids(&hidden)[..2], ["c1096", "c1095"], "a report against an official is not listed");

        // The next page goes on in order, and so does the oldest-first sort.
        let next = page(conn, CaseQuery { offset: Some(50), ..text("桂兰") }, Shown::All);
        assert_eq!(ids(&next)[0], "c1047");
        let oldest = page(conn, CaseQuery { sort: Some(CaseSort::ReceivedAsc), ..text("桂兰") }, Shown::All);
        assert_eq!(&ids(&oldest)[..2], ["c0000", "c0001"]);

        // Other filters narrowing a broad text below the cap: counted exactly.
        let village = page(conn, CaseQuery { village: Some("上坝村".into()), ..text("桂兰") }, Shown::All);
        assert_eq!((village.total, village.total_capped, village.items.len()), (18, false, 18));
        // A text matching few cases: counted exactly, whatever the ledger's size.
        let well = page(conn, text("水井"), Shown::All);
        assert_eq!((well.total, well.total_capped), (11, false));
        assert_eq!(ids(&well)[0], "c1000");
        // One character has no index: every case is read, and counted.
        let all = page(conn, text("兰"), Shown::All);
        assert_eq!((all.total, all.total_capped), (n as u32 - 2, false));
    }
}

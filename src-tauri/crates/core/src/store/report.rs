//! What the township's statistics read (see `crate::report`): the records of
//! a period and scope, each with the facts the figures' definitions look at.
//! Set-based, one query per population: the cases received in the period,
//! the cases with a repeat visit in it, and the disputes screened in it.
//! Voided records are never read. Which figure a record counts in is decided
//! in `crate::report`, not here.

use super::enum_parse;
use crate::domain::Channel;
use crate::domain::revisit::Satisfaction;
use crate::domain::screening::FindingStatus;
use crate::error::Result;
use chrono::{Days, NaiveDate};
use rusqlite::{Connection, Row, ToSql};

/// The records a report reads: received (or held) from `from` to `to`, both
/// inclusive, in China time; in `villages`, or anywhere when it is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub villages: &'a [String],
    /// The day facts are read as of (revisits up to it).
    pub as_of: NaiveDate,
}

/// A case received in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub id: String,
    pub village: Option<String>,
    pub category: String,
    pub channel: Channel,
    /// The China-time day it was received.
    pub received_on: NaiveDate,
    pub handled_on: Option<NaiveDate>,
    pub extension_days: Option<u32>,
    /// The first revisit.
    pub revisited_on: Option<NaiveDate>,
    /// The satisfaction told at the latest revisit made on or before `as_of`.
    pub satisfaction: Option<Satisfaction>,
    /// The first application for judicial confirmation of one of its
    /// agreements (司法确认申请).
    pub confirmation_applied_on: Option<NaiveDate>,
    /// The first day a court confirmed one of its agreements.
    pub confirmed_on: Option<NaiveDate>,
}

/// A case with at least one repeat visit (重复访) received in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatFacts {
    pub case_id: String,
    pub village: Option<String>,
    pub category: String,
    /// The first repeat visit in the period.
    pub first_repeat_on: NaiveDate,
}

/// A dispute found by a screening round held in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingFacts {
    pub id: String,
    /// The round's village: its scope for a village round; for a group round,
    /// the village device that recorded it; none for a township round.
    pub village: Option<String>,
    pub category: String,
    pub held_on: NaiveDate,
    pub status: FindingStatus,
    pub resolved_on: Option<NaiveDate>,
    /// When the case it became was closed, if it was.
    pub case_closed_on: Option<NaiveDate>,
}

/// Received-at text is China time (`2026-03-02T09:30:00+08:00`), so a day
/// range is a text range over the index: from the first day's date up to,
/// not including, the day after the last.
fn time_bounds(s: &Selection<'_>) -> (String, String) {
    (s.from.to_string(), (s.to + Days::new(1)).to_string())
}

/// `AND <column> IN (the villages)` when the scope names villages, bound to `?n`.
fn scope_clause(column: &str, s: &Selection<'_>, n: usize) -> String {
    if s.villages.is_empty() { String::new() } else { format!("AND {column} IN (SELECT value FROM json_each(?{n}))") }
}

fn villages_json(s: &Selection<'_>) -> String {
    serde_json::Value::from(s.villages.to_vec()).to_string()
}

/// The date at the start of a stored day or time (`2026-03-02…`).
fn day(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| t.get(..10)?.parse().ok())
}

fn required_day(r: &Row<'_>, col: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = r.get(col)?;
    day(Some(text.clone())).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, format!("不是日期：{text}").into())
    })
}

/// Cases received in the period and scope, oldest first (in the order of the
/// index on the time received, so no sort is needed).
pub fn cases(conn: &Connection, s: &Selection<'_>) -> Result<Vec<CaseFacts>> {
    let (start, end) = time_bounds(s);
    let sql = format!(
        "SELECT c.id, c.village, c.category, c.channel, c.received_at, c.handled_on, c.extension_days,
                c.revisited_on,
                (SELECT r.satisfaction FROM revisit r
                 WHERE r.case_id = c.id AND r.voided_at IS NULL AND r.visited_on <= ?3
                 ORDER BY r.visited_on DESC, r.created_at DESC, r.id DESC LIMIT 1),
                (SELECT min(p.dated_on) FROM case_paper p
                 WHERE p.case_id = c.id AND p.kind = 'confirmation_application'),
                (SELECT min(p.dated_on) FROM case_paper p
                 WHERE p.case_id = c.id AND p.kind = 'confirmation_decision'
                   AND json_extract(p.content, '$.confirmed') = 1)
         FROM petition_case c
         WHERE c.received_at >= ?1 AND c.received_at < ?2 AND c.voided_at IS NULL {scope}
         ORDER BY c.received_at",
        scope = scope_clause("c.village", s, 4)
    );
    let as_of = s.as_of.to_string();
    let villages = villages_json(s);
    let mut params: Vec<&dyn ToSql> = vec![&start, &end, &as_of];
    if !s.villages.is_empty() {
        params.push(&villages);
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(&params[..], |r| {
        Ok(CaseFacts {
            id: r.get(0)?,
            village: r.get(1)?,
            category: r.get(2)?,
            channel: enum_parse(r.get(3)?, 3)?,
            received_on: required_day(r, 4)?,
            handled_on: day(r.get(5)?),
            extension_days: r.get(6)?,
            revisited_on: day(r.get(7)?),
            satisfaction: r.get::<_, Option<String>>(8)?.map(|t| enum_parse(t, 8)).transpose()?,
            confirmation_applied_on: day(r.get(9)?),
            confirmed_on: day(r.get(10)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Cases (in scope, not voided) with a repeat visit received in the period,
/// in the order of their first such visit.
pub fn repeat_visits(conn: &Connection, s: &Selection<'_>) -> Result<Vec<RepeatFacts>> {
    let (start, end) = time_bounds(s);
    let sql = format!(
        "SELECT c.id, c.village, c.category, min(v.received_at) AS first
         FROM visit v JOIN petition_case c ON c.id = v.case_id
         WHERE v.is_repeat = 1 AND v.received_at >= ?1 AND v.received_at < ?2 AND v.voided_at IS NULL
           AND c.voided_at IS NULL {scope}
         GROUP BY c.id ORDER BY first, c.id",
        scope = scope_clause("c.village", s, 3)
    );
    let villages = villages_json(s);
    let mut params: Vec<&dyn ToSql> = vec![&start, &end];
    if !s.villages.is_empty() {
        params.push(&villages);
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(&params[..], |r| {
        Ok(RepeatFacts {
            case_id: r.get(0)?,
            village: r.get(1)?,
            category: r.get(2)?,
            first_repeat_on: required_day(r, 3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Disputes found by rounds held in the period and scope, in the order found.
pub fn findings(conn: &Connection, s: &Selection<'_>) -> Result<Vec<FindingFacts>> {
    let sql = format!(
        "SELECT * FROM (
            SELECT f.id, CASE r.scope
                       WHEN 'village' THEN r.scope_name
                       WHEN 'group' THEN (
                           SELECT coalesce(p.name, d.name) FROM change_log l
                           LEFT JOIN peer p ON p.device_id = l.device_id AND p.role = 'village'
                           LEFT JOIN device d ON d.device_id = l.device_id AND d.role = 'village'
                           WHERE l.entity = 'screening_round' AND l.entity_id = r.id
                           ORDER BY l.rowid LIMIT 1)
                   END AS village,
                   f.category, r.held_on, f.status, f.resolved_on,
                   CASE WHEN c.voided_at IS NULL THEN c.closed_on END,
                   r.created_at AS round_created, f.created_at AS found_created
            FROM screening_round r
            JOIN screening_finding f ON f.round_id = r.id
            LEFT JOIN petition_case c ON c.id = f.case_id
            WHERE r.held_on >= ?1 AND r.held_on <= ?2 AND r.voided_at IS NULL)
         WHERE 1 {scope}
         ORDER BY held_on, round_created, found_created, id",
        scope = scope_clause("village", s, 3)
    );
    let (from, to) = (s.from.to_string(), s.to.to_string());
    let villages = villages_json(s);
    let mut params: Vec<&dyn ToSql> = vec![&from, &to];
    if !s.villages.is_empty() {
        params.push(&villages);
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(&params[..], |r| {
        Ok(FindingFacts {
            id: r.get(0)?,
            village: r.get(1)?,
            category: r.get(2)?,
            held_on: required_day(r, 3)?,
            status: enum_parse(r.get(4)?, 4)?,
            resolved_on: day(r.get(5)?),
            case_closed_on: day(r.get(6)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every village the ledger knows: named on a case or a village screening
/// round, an enrolled village device, or this install if it is a village.
pub fn villages(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT village FROM petition_case WHERE village IS NOT NULL AND voided_at IS NULL
         UNION SELECT scope_name FROM screening_round WHERE scope = 'village' AND voided_at IS NULL
         UNION SELECT name FROM peer WHERE role = 'village'
         UNION SELECT name FROM device WHERE role = 'village'
         ORDER BY 1",
    )?;
    Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// A village's devices and when a bundle from any of them was last imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VillageBundles {
    pub village: String,
    /// Enrolled, not revoked, village devices of that name.
    pub devices: u32,
    /// RFC 3339; none when nothing was ever imported from them.
    pub last_import_at: Option<String>,
}

/// For each village with an enrolled device, its devices and last bundle.
pub fn village_bundles(conn: &Connection) -> Result<Vec<VillageBundles>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.name, count(DISTINCT p.device_id), max(b.imported_at)
         FROM peer p LEFT JOIN bundle_in b ON b.from_device = p.device_id
         WHERE p.role = 'village' AND p.revoked_at IS NULL
         GROUP BY p.name ORDER BY p.name",
    )?;
    let rows = stmt
        .query_map([], |r| Ok(VillageBundles { village: r.get(0)?, devices: r.get(1)?, last_import_at: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

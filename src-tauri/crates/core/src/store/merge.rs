//! Merging concurrent edits (合并): a village case is edited on the village's
//! laptop and, through the township's feedback and assignments, at the
//! township; either may change it before hearing of the other.
//!
//! A record is split into merge units: one field, or a group of fields that
//! only make sense together (a case's lifecycle: step, route, outcome and
//! their dates). Each unit carries the stamp of the write that last set it
//! (the hybrid-logical-clock reading and the stream that wrote it) and the
//! stamp that write was based on. An incoming write to a unit wins if its
//! stamp is later: a rule every device applies alike, so all end in the same
//! state whatever order bundles arrive in. Since every write is stamped after
//! the one it was based on, a change made after seeing another always wins
//! over it. Two writes neither of which saw the other, with different
//! values, are a real conflict (冲突): the later stamp still wins, and the
//! pair is listed for the clerk, who confirms or changes it with a new write.

use super::{Writer, hlc};
use crate::error::{Error, Result};
use crate::store::Cached;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// When and in which stream a write was logged. Ordered by clock reading,
/// then stream id: the tie-break every device agrees on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Stamp {
    pub hlc: String,
    pub stream: String,
}

/// A group of fields merged as one.
pub struct Unit {
    pub name: &'static str,
    /// What the clerk reads, e.g. 办理进度.
    pub label: &'static str,
    pub fields: &'static [&'static str],
}

/// The merge units of a case. Fields in no unit are set once, at creation.
pub const CASE_UNITS: &[Unit] = &[
    Unit { name: "village", label: "所属村", fields: &["village"] },
    Unit { name: "group", label: "村民小组", fields: &["group"] },
    Unit { name: "category", label: "类别", fields: &["category"] },
    Unit { name: "request", label: "诉求", fields: &["request"] },
    Unit { name: "urgency", label: "紧急程度", fields: &["urgency"] },
    Unit {
        name: "lifecycle",
        label: "办理进度",
        fields: &[
            "step",
            "route",
            "outcome",
            "extension_days",
            "extension_reason",
            "accepted_on",
            "handled_on",
            "revisited_on",
            "closed_on",
        ],
    },
    Unit { name: "void", label: "作废", fields: &["voided_at", "void_reason"] },
    Unit { name: "assignment", label: "交办对象", fields: &["assigned_to"] },
    Unit { name: "confidential", label: "检举、揭发", fields: &["confidential"] },
];

/// A field every write sets to its own time: merged as the latest of both.
const TOUCHED: &str = "updated_at";

pub fn unit(name: &str) -> Option<&'static Unit> {
    CASE_UNITS.iter().find(|u| u.name == name)
}

/// The payload of an update to a merged record: the record after the change,
/// and for each unit it changed, the stamp that unit had before (its base).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub row: Value,
    pub changed: BTreeMap<String, Option<Stamp>>,
}

/// The unit's fields of `row`, as one JSON object.
fn part(u: &Unit, row: &Value) -> Value {
    Value::Object(u.fields.iter().map(|f| ((*f).to_owned(), row.get(*f).cloned().unwrap_or(Value::Null))).collect())
}

fn set_part(u: &Unit, row: &mut Value, value: &Value) {
    if let (Some(row), Some(value)) = (row.as_object_mut(), value.as_object()) {
        for f in u.fields {
            row.insert((*f).to_owned(), value.get(*f).cloned().unwrap_or(Value::Null));
        }
    }
}

struct Held {
    stamp: Stamp,
    base: Option<Stamp>,
}

/// The stamp a unit holds: its own, else the record's creation, else none
/// (a record from before merging existed).
fn held(conn: &Connection, entity: &str, id: &str, unit: &str) -> Result<Option<Held>> {
    Ok(conn
        .query_row_cached(
            "SELECT hlc, stream, base_hlc, base_stream FROM field_stamp
             WHERE entity = ?1 AND entity_id = ?2 AND unit IN (?3, '') ORDER BY unit = '' LIMIT 1",
            params![entity, id, unit],
            |r| {
                let base = match (r.get::<_, Option<String>>(2)?, r.get::<_, Option<String>>(3)?) {
                    (Some(hlc), Some(stream)) => Some(Stamp { hlc, stream }),
                    _ => None,
                };
                Ok(Held { stamp: Stamp { hlc: r.get(0)?, stream: r.get(1)? }, base })
            },
        )
        .optional()?)
}

fn set_stamp(conn: &Connection, entity: &str, id: &str, unit: &str, stamp: &Stamp, base: Option<&Stamp>) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO field_stamp (entity, entity_id, unit, hlc, stream, base_hlc, base_stream)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (entity, entity_id, unit) DO UPDATE SET hlc = ?4, stream = ?5, base_hlc = ?6, base_stream = ?7",
        params![entity, id, unit, stamp.hlc, stamp.stream, base.map(|b| &b.hlc), base.map(|b| &b.stream)],
    )?;
    Ok(())
}

/// Records that `entity`/`id` was created by the write stamped `stamp`.
pub fn created(conn: &Connection, entity: &str, id: &str, stamp: &Stamp) -> Result<()> {
    set_stamp(conn, entity, id, "", stamp, None)
}

/// Logs a local update of a merged record: which units changed from `old`
/// (plus `force`: units re-asserted unchanged, as when the clerk confirms a
/// conflict's winner), each with its base, stamped after every base.
pub fn log_update<T: Serialize>(
    w: &Writer<'_>,
    entity: &str,
    id: &str,
    op: &str,
    old: &T,
    new: &T,
    force: &[&str],
) -> Result<()> {
    let (old, new) = (serde_json::to_value(old)?, serde_json::to_value(new)?);
    let mut changed = BTreeMap::new();
    for u in CASE_UNITS {
        if part(u, &old) != part(u, &new) || force.contains(&u.name) {
            let base = held(w.tx(), entity, id, u.name)?.map(|h| h.stamp);
            if let Some(b) = &base {
                hlc::pass(w.tx(), &b.hlc)?;
            }
            changed.insert(u.name.to_owned(), base);
        }
    }
    let stamp = w.log_stamped(entity, id, op, &Change { row: new, changed: changed.clone() })?;
    for (unit, base) in &changed {
        set_stamp(w.tx(), entity, id, unit, &stamp, base.as_ref())?;
        settle_open(w.tx(), entity, id, unit, "superseded", &stamp.stream, &w.now_text())?;
    }
    Ok(())
}

/// A write received from another device.
pub struct Incoming<'a> {
    /// The record as the writer left it.
    pub row: &'a Value,
    /// The units it changed with their bases; `None` for a whole-record
    /// write (an insert, or an entry from before merging existed), which
    /// counts as changing every unit with no known base.
    pub changed: Option<&'a BTreeMap<String, Option<Stamp>>>,
    pub stamp: &'a Stamp,
}

/// Merges an incoming write into the `local` record; returns the merged
/// record. `wall` is this device's clock.
pub fn merge_incoming(
    conn: &Connection,
    entity: &str,
    id: &str,
    local: &Value,
    incoming: Incoming<'_>,
    wall: DateTime<Utc>,
) -> Result<Value> {
    let Incoming { row, changed, stamp } = incoming;
    let ahead = hlc::observe(conn, &stamp.hlc, wall)?;
    let all: BTreeMap<String, Option<Stamp>> = CASE_UNITS.iter().map(|u| (u.name.to_owned(), None)).collect();
    let mut merged = local.clone();
    for (name, base) in changed.unwrap_or(&all) {
        let u = unit(name).ok_or_else(|| Error::UnknownEntity(format!("{entity}.{name}")))?;
        let held = held(conn, entity, id, name)?;
        if held.as_ref().is_some_and(|h| &h.stamp == stamp) {
            continue;
        }
        let incoming_wins = held.as_ref().is_none_or(|h| *stamp > h.stamp);
        // A write follows the one it was based on, and every earlier write
        // of its own stream (a device has seen all it wrote before).
        let successor =
            held.as_ref().is_some_and(|h| Some(&h.stamp) == base.as_ref() || h.stamp.stream == stamp.stream);
        let ancestor = held.as_ref().and_then(|h| h.base.as_ref()) == Some(stamp);
        let (mine, theirs) = (part(u, local), part(u, row));
        if let Some(h) = held.as_ref().filter(|_| !successor && !ancestor && mine != theirs) {
            let (kept, lost) = if incoming_wins {
                ((&theirs, stamp, ahead), (&mine, &h.stamp))
            } else {
                ((&mine, &h.stamp, false), (&theirs, stamp))
            };
            settle_open(conn, entity, id, name, "superseded", &stamp.stream, &hlc::format(wall))?;
            record_conflict(conn, entity, id, name, kept, lost, &hlc::format(wall))?;
        } else if successor {
            settle_open(conn, entity, id, name, "superseded", &stamp.stream, &hlc::format(wall))?;
        }
        if incoming_wins {
            set_part(u, &mut merged, &theirs);
            set_stamp(conn, entity, id, name, stamp, base.as_ref())?;
        }
    }
    if let (Some(m), Some(theirs)) = (merged.as_object_mut(), row.get(TOUCHED)) {
        let latest = match m.get(TOUCHED) {
            Some(mine) if mine.as_str() >= theirs.as_str() => mine.clone(),
            _ => theirs.clone(),
        };
        m.insert(TOUCHED.to_owned(), latest);
    }
    Ok(merged)
}

fn record_conflict(
    conn: &Connection,
    entity: &str,
    id: &str,
    unit: &str,
    (kept, kept_stamp, ahead): (&Value, &Stamp, bool),
    (lost, lost_stamp): (&Value, &Stamp),
    at: &str,
) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO merge_conflict (id, entity, entity_id, unit, kept_value, kept_hlc, kept_stream, lost_value,
             lost_hlc, lost_stream, clock_ahead, detected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT DO NOTHING",
        params![
            super::new_id(),
            entity,
            id,
            unit,
            kept.to_string(),
            kept_stamp.hlc,
            kept_stamp.stream,
            lost.to_string(),
            lost_stamp.hlc,
            lost_stamp.stream,
            ahead,
            at
        ],
    )?;
    Ok(())
}

/// Closes the open conflicts of a unit (a later write settled them).
fn settle_open(conn: &Connection, entity: &str, id: &str, unit: &str, how: &str, by: &str, at: &str) -> Result<()> {
    conn.execute_cached(
        "UPDATE merge_conflict SET settled_at = ?5, settled_by = ?6, settlement = ?4
         WHERE entity = ?1 AND entity_id = ?2 AND unit = ?3 AND settled_at IS NULL",
        params![entity, id, unit, how, at, by],
    )?;
    Ok(())
}

/// A conflict as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub id: String,
    pub entity: String,
    pub entity_id: String,
    pub unit: String,
    pub kept_value: Value,
    pub kept: Stamp,
    pub lost_value: Value,
    pub lost: Stamp,
    pub clock_ahead: bool,
    pub detected_at: String,
    pub settled_at: Option<String>,
    pub settled_by: Option<String>,
    pub settlement: Option<String>,
}

const CONFLICT_COLUMNS: &str = "id, entity, entity_id, unit, kept_value, kept_hlc, kept_stream, lost_value, lost_hlc,
    lost_stream, clock_ahead, detected_at, settled_at, settled_by, settlement";

fn conflict_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Conflict> {
    let json = |i: usize| -> rusqlite::Result<Value> {
        let text: String = r.get(i)?;
        serde_json::from_str(&text)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
    };
    Ok(Conflict {
        id: r.get(0)?,
        entity: r.get(1)?,
        entity_id: r.get(2)?,
        unit: r.get(3)?,
        kept_value: json(4)?,
        kept: Stamp { hlc: r.get(5)?, stream: r.get(6)? },
        lost_value: json(7)?,
        lost: Stamp { hlc: r.get(8)?, stream: r.get(9)? },
        clock_ahead: r.get(10)?,
        detected_at: r.get(11)?,
        settled_at: r.get(12)?,
        settled_by: r.get(13)?,
        settlement: r.get(14)?,
    })
}

/// Conflicts, open ones first, newest first.
pub fn conflicts(conn: &Connection, open_only: bool) -> Result<Vec<Conflict>> {
    let filter = if open_only { "WHERE settled_at IS NULL" } else { "" };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONFLICT_COLUMNS} FROM merge_conflict {filter}
         ORDER BY settled_at IS NOT NULL, detected_at DESC, id"
    ))?;
    Ok(stmt.query_map([], conflict_from_row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn conflict(conn: &Connection, id: &str) -> Result<Conflict> {
    conn.query_row_cached(
        &format!("SELECT {CONFLICT_COLUMNS} FROM merge_conflict WHERE id = ?1"),
        [id],
        conflict_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound { what: "冲突", id: id.to_owned() })
}

/// Marks a conflict decided by a person (`kept` or `changed`).
pub fn settle(conn: &Connection, id: &str, how: &str, by: &str, at: &str) -> Result<()> {
    conn.execute_cached(
        "UPDATE merge_conflict SET settled_at = ?3, settled_by = ?4, settlement = ?2 WHERE id = ?1",
        params![id, how, at, by],
    )?;
    Ok(())
}

/// The value of a unit in `row`, e.g. to write back the losing side.
pub fn with_part(u: &Unit, row: &Value, value: &Value) -> Value {
    let mut out = row.clone();
    set_part(u, &mut out, value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use serde_json::json;

    fn stamp(hlc: &str, stream: &str) -> Stamp {
        Stamp { hlc: hlc.to_owned(), stream: stream.to_owned() }
    }

    fn merge(
        conn: &Connection,
        local: &Value,
        row: &Value,
        changed: Option<&BTreeMap<String, Option<Stamp>>>,
        s: &Stamp,
    ) -> Value {
        let wall = DateTime::parse_from_rfc3339("2026-03-04T02:00:00Z").unwrap().with_timezone(&Utc);
        merge_incoming(conn, "case", "c1", local, Incoming { row, changed, stamp: s }, wall).unwrap()
    }

    /// A whole-record write (from before merging existed) after the same
    /// stream's insert follows it: it wins and is no conflict.
    #[test]
    fn a_whole_record_write_follows_its_own_streams_earlier_writes() {
        let store = Store::in_memory().unwrap();
        let conn = store.writable();
        created(conn, "case", "c1", &stamp("2026-03-02T01:00:00.000000Z", "v")).unwrap();
        let local = json!({"category": "土地承包", "step": "registered"});
        let row = json!({"category": "山林权属", "step": "commissioned"});
        let merged = merge(conn, &local, &row, None, &stamp("2026-03-03T01:00:00.000000Z", "v"));
        assert_eq!(merged["category"], "山林权属");
        assert_eq!(merged["step"], "commissioned");
        assert!(conflicts(conn, false).unwrap().is_empty());
    }

    /// Two writes from different streams, neither based on the other, with
    /// different values: the later stamp wins and the pair is listed; an
    /// older write arriving after a later one loses without changing anything.
    #[test]
    fn the_later_of_two_concurrent_writes_wins_and_the_pair_is_listed() {
        let store = Store::in_memory().unwrap();
        let conn = store.writable();
        let born = stamp("2026-03-02T01:00:00.000000Z", "v");
        created(conn, "case", "c1", &born).unwrap();
        let base: BTreeMap<_, _> = [("category".to_owned(), Some(born.clone()))].into();
        let local = json!({"category": "土地承包"});
        let first = merge(
            conn,
            &local,
            &json!({"category": "山林权属"}),
            Some(&base),
            &stamp("2026-03-03T01:00:00.000000Z", "t>v"),
        );
        assert_eq!(first["category"], "山林权属", "based on what is held: taken, no conflict");
        let late = merge(
            conn,
            &first,
            &json!({"category": "婚姻家庭"}),
            Some(&base),
            &stamp("2026-03-02T05:00:00.000000Z", "v"),
        );
        assert_eq!(late["category"], "山林权属", "the earlier stamp loses");
        let listed = conflicts(conn, true).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(
            (listed[0].kept_value["category"].as_str(), listed[0].lost_value["category"].as_str()),
            (Some("山林权属"), Some("婚姻家庭"))
        );
        assert!(!listed[0].clock_ahead);
    }
}

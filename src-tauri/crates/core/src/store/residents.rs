//! One resident, many records (同一信访人): each device keeps its own record
//! of a person, so a township holds one per village that recorded them. The
//! records are linked by the ID number, never merged into one row: what each
//! device wrote stays as it wrote it, and where they disagree (two phones,
//! two spellings of a name) the clerk is shown both, never one chosen
//! silently. A record without an ID number is offered as likely the same
//! person when another has the same name and village.

use super::people::{self, PersonRow};
use super::{cases, peers};
use crate::domain::identity::mask_phone;
use crate::domain::lifecycle::Outcome;
use crate::error::Result;
use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

/// Why another case is shown as the same resident's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Link {
    /// The same ID number (同一身份证号码): the same person.
    SameIdNumber,
    /// No ID number on one side, the same name and village (同名同村): likely
    /// the same person, for the clerk to judge.
    SameNameAndVillage,
}

/// Another case of a person on this case, recorded here or on another device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ResidentCase {
    pub case_id: String,
    pub case_number: String,
    /// The name on this case's record of the person.
    pub person_name: String,
    pub village: Option<String>,
    pub received_at: String,
    pub request: String,
    pub outcome: Outcome,
    pub link: Link,
}

/// One record's value of a detail on which a resident's records disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RecordedValue {
    /// As shown: a phone is masked.
    pub value: String,
    /// The device whose record says so, e.g. 中坝村 or 路居镇（本机）.
    pub recorded_by: String,
}

/// A detail the records of one resident (same ID number) disagree on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ResidentDifference {
    pub person_id: String,
    pub person_name: String,
    /// e.g. 联系电话.
    pub field: String,
    /// Each different value with the device that recorded it, in record order.
    pub values: Vec<RecordedValue>,
}

/// Every record of the same resident as `person_id`: those with its ID number
/// (itself included), or itself alone when it has none. By id, so every copy
/// of the ledger lists them alike.
pub fn linked(conn: &Connection, person_id: &str) -> Result<Vec<PersonRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM person p WHERE p.voided_at IS NULL AND (p.id = ?1
             OR p.id_number = (SELECT q.id_number FROM person q WHERE q.id = ?1))
         ORDER BY p.id",
        people::COLUMNS
    ))?;
    Ok(stmt.query_map([person_id], people::from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// Records with no ID number on either side that share a name and village
/// with `p`: likely the same person.
fn likely(conn: &Connection, p: &PersonRow) -> Result<Vec<String>> {
    let Some(village) = &p.village else { return Ok(Vec::new()) };
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM person WHERE voided_at IS NULL AND name = ?1 AND village = ?2 AND id <> ?3
           AND (id_number IS NULL OR ?4 IS NULL) ORDER BY id LIMIT 20",
    )?;
    Ok(stmt.query_map(params![p.name, village, p.id, p.id_number], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// The cases a person record came on.
pub fn cases_of(conn: &Connection, person_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT v.case_id FROM visit_petitioner vp JOIN visit v ON v.id = vp.visit_id
         WHERE vp.person_id = ?1 AND v.voided_at IS NULL",
    )?;
    Ok(stmt.query_map([person_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// The other cases of the people on `case_id`, through every record of each
/// (same ID number), then those of likely the same person (same name and
/// village, no ID number), newest first; cases `shown` hides are left out.
pub fn other_cases(conn: &Connection, case_id: &str, shown: cases::Shown) -> Result<Vec<ResidentCase>> {
    let mut out: Vec<ResidentCase> = Vec::new();
    for person in people::for_case(conn, case_id)? {
        let Ok(record) = people::get(conn, &person.id) else { continue };
        let by_number = linked(conn, &record.id)?.into_iter().map(|r| (r.id, Link::SameIdNumber));
        let by_name = likely(conn, &record)?.into_iter().map(|id| (id, Link::SameNameAndVillage));
        for (other, link) in by_number.chain(by_name).collect::<Vec<_>>() {
            for id in cases_of(conn, &other)? {
                if id == case_id || out.iter().any(|c| c.case_id == id) {
                    continue;
                }
                let case = cases::get(conn, &id)?;
                if case.voided_at.is_some() || !shown.shows(&case) {
                    continue;
                }
                out.push(ResidentCase {
                    case_id: case.id,
                    case_number: case.number,
                    person_name: record.name.clone(),
                    village: case.village,
                    received_at: case.received_at,
                    request: case.request,
                    outcome: case.outcome,
                    link,
                });
            }
        }
    }
    out.sort_by(|a, b| b.received_at.cmp(&a.received_at).then_with(|| a.case_id.cmp(&b.case_id)));
    Ok(out)
}

/// The details on which the records of a person on `case_id` disagree:
/// name, phone, village, group, address — each value with who recorded it.
/// A detail one record lacks is no disagreement.
pub fn differences(conn: &Connection, case_id: &str) -> Result<Vec<ResidentDifference>> {
    let mut out = Vec::new();
    for person in people::for_case(conn, case_id)? {
        let records = linked(conn, &person.id)?;
        if records.len() < 2 {
            continue;
        }
        // (label, the record's value, shown masked)
        type Detail = (&'static str, fn(&PersonRow) -> Option<&str>, bool);
        let fields: [Detail; 5] = [
            ("姓名", |p| Some(p.name.as_str()), false),
            ("联系电话", |p| p.phone.as_deref(), true),
            ("所属村", |p| p.village.as_deref(), false),
            ("村民小组", |p| p.group.as_deref(), false),
            ("住址", |p| p.address.as_deref(), false),
        ];
        for (field, value_of, masked) in fields {
            let mut seen: Vec<&str> = Vec::new();
            let mut values = Vec::new();
            for r in &records {
                let Some(value) = value_of(r).filter(|v| !seen.contains(v)) else { continue };
                seen.push(value);
                let value = if masked { mask_phone(value) } else { value.to_owned() };
                values.push(RecordedValue { value, recorded_by: recorded_by(conn, &r.id)? });
            }
            if values.len() > 1 {
                out.push(ResidentDifference {
                    person_id: person.id.clone(),
                    person_name: person.name.clone(),
                    field: field.to_owned(),
                    values,
                });
            }
        }
    }
    Ok(out)
}

/// The device that made a person record, in words.
fn recorded_by(conn: &Connection, person_id: &str) -> Result<String> {
    match super::changelog::origin(conn, "person", person_id)? {
        Some(stream) => peers::author(conn, &stream),
        None => Ok("本机".to_owned()),
    }
}

//! Visits (来访登记) and who came on each.

use super::people::{self, PersonView};
use super::{Writer, enum_parse, enum_text};
use crate::domain::Channel;
use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A visit as stored (and as logged for sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRow {
    pub id: String,
    pub case_id: String,
    pub channel: Channel,
    pub received_at: String,
    pub headcount: u32,
    pub request: String,
    pub received_by: String,
    pub facts: Option<String>,
    pub measures: Option<String>,
    pub is_repeat: bool,
    pub created_at: String,
}

/// The link between a visit and one of its petitioners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitPetitionerRow {
    pub visit_id: String,
    pub person_id: String,
    pub position: u32,
    pub representative: bool,
}

pub fn insert(w: &Writer<'_>, v: &VisitRow) -> Result<()> {
    put(w.tx(), v)?;
    w.log("visit", &v.id, "insert", v)
}

/// Writes the visit row, without logging (see [`super::cases::put`]).
pub(crate) fn put(conn: &Connection, v: &VisitRow) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO visit (id, case_id, channel, received_at, headcount, request, received_by, facts, measures,
             is_repeat, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            v.id,
            v.case_id,
            enum_text(&v.channel),
            v.received_at,
            v.headcount,
            v.request,
            v.received_by,
            v.facts,
            v.measures,
            v.is_repeat,
            v.created_at
        ],
    )?;
    Ok(())
}

pub fn add_petitioner(w: &Writer<'_>, link: &VisitPetitionerRow) -> Result<()> {
    put_petitioner(w.tx(), link)?;
    w.log("visit_petitioner", &format!("{}/{}", link.visit_id, link.person_id), "insert", link)
}

/// Links a petitioner to a visit, without logging (see [`super::cases::put`]).
pub(crate) fn put_petitioner(conn: &Connection, link: &VisitPetitionerRow) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO visit_petitioner (visit_id, person_id, position, representative) VALUES (?1, ?2, ?3, ?4)",
        params![link.visit_id, link.person_id, link.position, link.representative],
    )?;
    Ok(())
}

/// A petitioner on a visit, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PetitionerView {
    #[serde(flatten)]
    pub person: PersonView,
    pub representative: bool,
}

/// A visit as shown on its case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VisitView {
    pub id: String,
    pub channel: Channel,
    pub received_at: String,
    pub headcount: u32,
    pub request: String,
    pub received_by: String,
    pub facts: Option<String>,
    pub measures: Option<String>,
    pub is_repeat: bool,
    pub petitioners: Vec<PetitionerView>,
}

pub fn for_case(conn: &Connection, case_id: &str) -> Result<Vec<VisitView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, channel, received_at, headcount, request, received_by, facts, measures, is_repeat
         FROM visit WHERE case_id = ?1 AND voided_at IS NULL ORDER BY received_at, id",
    )?;
    let mut visits = stmt
        .query_map([case_id], |r| {
            Ok(VisitView {
                id: r.get(0)?,
                channel: enum_parse(r.get(1)?, 1)?,
                received_at: r.get(2)?,
                headcount: r.get(3)?,
                request: r.get(4)?,
                received_by: r.get(5)?,
                facts: r.get(6)?,
                measures: r.get(7)?,
                is_repeat: r.get(8)?,
                petitioners: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {}, vp.representative FROM visit_petitioner vp JOIN person p ON p.id = vp.person_id
         WHERE vp.visit_id = ?1 ORDER BY vp.position",
        people::COLUMNS
    ))?;
    for v in &mut visits {
        v.petitioners = stmt
            .query_map([&v.id], |r| {
                Ok(PetitionerView { person: people::from_row(r)?.into(), representative: r.get(people::COLUMN_COUNT)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(visits)
}

/// The petitioners' names of each of many cases (`case_ids` as a JSON array),
/// in the order they first came, in one query.
pub fn petitioner_names(conn: &Connection, case_ids: &str) -> Result<std::collections::HashMap<String, Vec<String>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.case_id, p.name FROM visit v JOIN visit_petitioner vp ON vp.visit_id = v.id
         JOIN person p ON p.id = vp.person_id
         WHERE v.case_id IN (SELECT value FROM json_each(?1))
         GROUP BY v.case_id, p.id ORDER BY v.case_id, min(v.received_at), min(vp.position)",
    )?;
    let mut by_case: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for row in stmt.query_map([case_ids], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (case_id, name) = row?;
        by_case.entry(case_id).or_default().push(name);
    }
    Ok(by_case)
}

//! Residents (信访人). The stored ID number and phone never leave the core
//! unmasked through these views.

use super::{Writer, enum_parse, enum_text, new_id};
use crate::domain::identity::{Gender, mask_id_number, mask_phone};
use crate::domain::intake::Petitioner;
use crate::error::{Error, Result};
use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A person as stored (and as logged for sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: String,
    pub name: String,
    pub id_number: Option<String>,
    pub gender: Option<Gender>,
    pub birth_date: Option<String>,
    pub phone: Option<String>,
    pub village: Option<String>,
    pub group: Option<String>,
    pub address: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// 民族 and 职业 (migration 0014): absent in entries logged before.
    #[serde(default)]
    pub ethnicity: Option<String>,
    #[serde(default)]
    pub occupation: Option<String>,
}

/// A person as shown: ID number and phone masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub gender: Option<Gender>,
    pub birth_date: Option<String>,
    pub id_number_masked: Option<String>,
    pub phone_masked: Option<String>,
    pub village: Option<String>,
    pub group: Option<String>,
    pub address: Option<String>,
    pub ethnicity: Option<String>,
    pub occupation: Option<String>,
}

impl From<PersonRow> for PersonView {
    fn from(p: PersonRow) -> Self {
        PersonView {
            id: p.id,
            name: p.name,
            gender: p.gender,
            birth_date: p.birth_date,
            id_number_masked: p.id_number.as_deref().map(mask_id_number),
            phone_masked: p.phone.as_deref().map(mask_phone),
            village: p.village,
            group: p.group,
            address: p.address,
            ethnicity: p.ethnicity,
            occupation: p.occupation,
        }
    }
}

/// How many columns [`COLUMNS`] selects: a query that selects more after
/// them reads its own from this index on.
pub(crate) const COLUMN_COUNT: usize = 13;

pub(crate) const COLUMNS: &str = "p.id, p.name, p.id_number, p.gender, p.birth_date, p.phone, p.village, p.grp, p.address, p.created_at, p.updated_at, p.ethnicity, p.occupation";

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<PersonRow> {
    Ok(PersonRow {
        id: r.get(0)?,
        name: r.get(1)?,
        id_number: r.get(2)?,
        gender: r.get::<_, Option<String>>(3)?.map(|g| enum_parse(g, 3)).transpose()?,
        birth_date: r.get(4)?,
        phone: r.get(5)?,
        village: r.get(6)?,
        group: r.get(7)?,
        address: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        ethnicity: r.get(11)?,
        occupation: r.get(12)?,
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<PersonRow> {
    conn.query_row_cached(
        &format!("SELECT {COLUMNS} FROM person p WHERE p.id = ?1 AND p.voided_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound { what: "人员", id: id.to_owned() })
}

/// Residents whose name contains `text`, or whose full ID number or phone is
/// `text`; at most `limit`, by name.
pub fn search(conn: &Connection, text: &str, limit: u32) -> Result<Vec<PersonView>> {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM person p
         WHERE p.voided_at IS NULL AND (p.name LIKE ?1 ESCAPE '\\' OR p.id_number = upper(?2) OR p.phone = ?2)
         ORDER BY p.name, p.created_at LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![format!("%{escaped}%"), text, limit], from_row)?;
    Ok(rows.map(|r| r.map(PersonView::from)).collect::<rusqlite::Result<_>>()?)
}

/// Everyone who came on a case's visits or is a party to its agreements.
pub fn for_case(conn: &Connection, case_id: &str) -> Result<Vec<PersonView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM person p WHERE p.id IN (
             SELECT vp.person_id FROM visit v JOIN visit_petitioner vp ON vp.visit_id = v.id WHERE v.case_id = ?1
             UNION
             SELECT j.value FROM agreement a, json_each(a.content, '$.party_ids') j WHERE a.case_id = ?1)
         ORDER BY p.created_at, p.id"
    ))?;
    let rows = stmt.query_map([case_id], from_row)?;
    Ok(rows.map(|r| r.map(PersonView::from)).collect::<rusqlite::Result<_>>()?)
}

/// Whether every case the person came on is a report against an official
/// (检举、揭发): such a person, the one who reported, is not shown to those
/// who may not see those cases. False for someone on no case.
pub fn only_in_confidential(conn: &Connection, person_id: &str) -> Result<bool> {
    Ok(conn.query_row_cached(
        "SELECT coalesce(min(c.confidential), 0) FROM petition_case c WHERE c.id IN (
             SELECT v.case_id FROM visit_petitioner vp JOIN visit v ON v.id = vp.visit_id WHERE vp.person_id = ?1)",
        [person_id],
        |r| r.get(0),
    )?)
}

/// The people recorded under exactly `name` (at most 20): a likely same
/// resident when no ID number was given.
pub fn named(conn: &Connection, name: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM person WHERE name = ?1 AND voided_at IS NULL LIMIT 20")?;
    Ok(stmt.query_map([name], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// A record of the resident with this ID number: this device's own when it
/// keeps one, else the first by id (the same on every copy of the ledger).
pub fn find_by_id_number(conn: &Connection, id_number: &str) -> Result<Option<PersonRow>> {
    let own = super::device::load(conn)?.map(|d| d.device_id).unwrap_or_default();
    Ok(conn
        .query_row_cached(
            &format!(
                "SELECT {COLUMNS} FROM person p WHERE p.id_number = ?1 AND p.voided_at IS NULL
                 ORDER BY coalesce(({ORIGIN}), ?2) = ?2 DESC, p.id LIMIT 1"
            ),
            params![id_number, own],
            from_row,
        )
        .optional()?)
}

/// The stream that logged a person record first: the device that made it.
const ORIGIN: &str =
    "SELECT l.device_id FROM change_log l WHERE l.entity = 'person' AND l.entity_id = p.id ORDER BY l.rowid LIMIT 1";

/// Whether this device made the record (one from before the change log had
/// it counts as its own).
fn is_own(conn: &Connection, person_id: &str, device_id: &str) -> Result<bool> {
    Ok(super::changelog::origin(conn, "person", person_id)?.is_none_or(|origin| origin == device_id))
}

/// This device's own record of the resident with this ID number.
fn own_by_id_number(conn: &Connection, device_id: &str, id_number: &str) -> Result<Option<PersonRow>> {
    Ok(conn
        .query_row_cached(
            &format!(
                "SELECT {COLUMNS} FROM person p WHERE p.id_number = ?1 AND p.voided_at IS NULL
                 AND coalesce(({ORIGIN}), ?2) = ?2 ORDER BY p.id LIMIT 1"
            ),
            params![id_number, device_id],
            from_row,
        )
        .optional()?)
}

fn save(w: &Writer<'_>, p: &PersonRow, op: &str) -> Result<()> {
    put(w.tx(), p)?;
    w.log("person", &p.id, op, p)
}

/// Writes the person row as it is, without logging (see [`super::cases::put`]).
pub(crate) fn put(conn: &Connection, p: &PersonRow) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO person (id, name, id_number, gender, birth_date, phone, village, grp, address, created_at, updated_at,
             ethnicity, occupation)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (id) DO UPDATE SET name = ?2, id_number = ?3, gender = ?4, birth_date = ?5, phone = ?6,
             village = ?7, grp = ?8, address = ?9, updated_at = ?11, ethnicity = ?12, occupation = ?13",
        params![
            p.id, p.name, p.id_number, p.gender.as_ref().map(enum_text), p.birth_date, p.phone,
            p.village, p.group, p.address, p.created_at, p.updated_at, p.ethnicity, p.occupation
        ],
    )?;
    Ok(())
}

/// The person a petitioner refers to: this device's record of the resident
/// with the same ID number (details the form adds are filled in), or a new
/// record.
///
/// Each device writes only the person records it made (同一信访人，各存一份):
/// a resident another device recorded (a village's, seen at the township) is
/// continued in a record of this device's own, carrying the details known so
/// far, and linked to the other by the ID number. So no two devices ever
/// write one record, and no bundle is refused because another device knows
/// the same resident.
pub fn upsert_petitioner(w: &Writer<'_>, p: &Petitioner) -> Result<PersonRow> {
    let now = w.now_text();
    let me = w.device_id();
    let chosen = match (&p.person_id, &p.id_number) {
        (Some(person_id), _) => {
            let row = get(w.tx(), person_id)?;
            if let (Some(stored), Some(typed)) = (&row.id_number, &p.id_number)
                && stored != typed.as_str()
            {
                return Err(Error::invalid(
                    "id_number",
                    "身份证号码",
                    format!("与已登记的{}的号码不一致；如是另一个人，请不要选择已登记的人", row.name),
                ));
            }
            Some(row)
        }
        (None, Some(id)) => find_by_id_number(w.tx(), id.as_str())?,
        (None, None) => None,
    };
    let existing = match chosen {
        Some(row) if !is_own(w.tx(), &row.id, me)? => {
            let number = row.id_number.clone().or_else(|| p.id_number.as_ref().map(|i| i.as_str().to_owned()));
            match number.as_deref().map(|n| own_by_id_number(w.tx(), me, n)).transpose()?.flatten() {
                Some(own) => Some(own),
                None => {
                    let copy = PersonRow { id: new_id(), created_at: now.clone(), updated_at: now.clone(), ..row };
                    save(w, &copy, "insert")?;
                    Some(copy)
                }
            }
        }
        other => other,
    };
    match existing {
        Some(mut row) => {
            if row.id_number.is_none()
                && let Some(id) = &p.id_number
            {
                if let Some(other) = own_by_id_number(w.tx(), me, id.as_str())? {
                    return Err(Error::invalid(
                        "id_number",
                        "身份证号码",
                        format!("已登记在{}名下，请核对", other.name),
                    ));
                }
                row.id_number = Some(id.as_str().to_owned());
                row.birth_date = Some(id.birth_date().to_string());
                row.gender = Some(id.gender());
            }
            let before = row.clone();
            // The name on file stays: the ID number identifies the person, and
            // a misspelt name on a later visit should not rewrite the record.
            for (slot, new) in [
                (&mut row.phone, &p.phone),
                (&mut row.village, &p.village),
                (&mut row.group, &p.group),
                (&mut row.address, &p.address),
                (&mut row.ethnicity, &p.ethnicity),
                (&mut row.occupation, &p.occupation),
            ] {
                if new.is_some() {
                    slot.clone_from(new);
                }
            }
            if row != before {
                row.updated_at = now;
                save(w, &row, "update")?;
            }
            Ok(row)
        }
        None => {
            let row = PersonRow {
                id: new_id(),
                name: p.name.clone(),
                id_number: p.id_number.as_ref().map(|i| i.as_str().to_owned()),
                gender: p.gender,
                birth_date: p.id_number.as_ref().map(|i| i.birth_date().to_string()),
                phone: p.phone.clone(),
                village: p.village.clone(),
                group: p.group.clone(),
                address: p.address.clone(),
                created_at: now.clone(),
                updated_at: now,
                ethnicity: p.ethnicity.clone(),
                occupation: p.occupation.clone(),
            };
            save(w, &row, "insert")?;
            Ok(row)
        }
    }
}

//! The timeline of a case: each step of the five-step method and every other
//! lifecycle change, with who did it and when.

use super::{Writer, new_id};
use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseEvent {
    pub id: String,
    pub case_id: String,
    /// What happened: `register`, `repeat_visit`, a transition's action name, `void`.
    pub action: String,
    /// The day it happened (YYYY-MM-DD, China time).
    pub happened_on: String,
    pub actor: String,
    pub note: Option<String>,
    pub created_at: String,
}

pub fn record(
    w: &Writer<'_>,
    case_id: &str,
    action: &str,
    happened_on: &str,
    actor: &str,
    note: Option<&str>,
) -> Result<()> {
    let e = CaseEvent {
        id: new_id(),
        case_id: case_id.to_owned(),
        action: action.to_owned(),
        happened_on: happened_on.to_owned(),
        actor: actor.to_owned(),
        note: note.map(str::to_owned),
        created_at: w.now_text(),
    };
    put(w.tx(), &e)?;
    w.log("case_event", &e.id, "insert", &e)
}

/// Writes the event row, without logging (see [`super::cases::put`]).
pub(crate) fn put(conn: &Connection, e: &CaseEvent) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO case_event (id, case_id, action, happened_on, actor, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![e.id, e.case_id, e.action, e.happened_on, e.actor, e.note, e.created_at],
    )?;
    Ok(())
}

pub fn for_case(conn: &Connection, case_id: &str) -> Result<Vec<CaseEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, case_id, action, happened_on, actor, note, created_at FROM case_event
         WHERE case_id = ?1 ORDER BY happened_on, created_at, id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(CaseEvent {
            id: r.get(0)?,
            case_id: r.get(1)?,
            action: r.get(2)?,
            happened_on: r.get(3)?,
            actor: r.get(4)?,
            note: r.get(5)?,
            created_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

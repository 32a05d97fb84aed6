//! What an import of an existing Excel ledger asks the store: whether a row
//! is already recorded, so importing the same sheet again adds nothing twice.

use crate::error::Result;
use crate::store::Cached;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// The number of a case, not voided, received on `day` with exactly
/// `request` from a petitioner named `name`: the same row imported before,
/// or the same visit typed in by hand. (An imported row always opens a case,
/// so the case's own received time is the one to look at; it is indexed.)
pub fn same_visit(conn: &Connection, day: NaiveDate, name: &str, request: &str) -> Result<Option<String>> {
    // Stored times are China time with their offset, so the day's text bounds them.
    let next = day.succ_opt().unwrap_or(day);
    Ok(conn
        .query_row_cached(
            "SELECT c.number FROM petition_case c
             JOIN visit v ON v.case_id = c.id
             JOIN visit_petitioner vp ON vp.visit_id = v.id
             JOIN person p ON p.id = vp.person_id
             WHERE c.received_at >= ?1 AND c.received_at < ?2 AND c.request = ?3 AND p.name = ?4
               AND c.voided_at IS NULL
             LIMIT 1",
            params![day.to_string(), next.to_string(), request, name],
            |r| r.get(0),
        )
        .optional()?)
}

//! Human-facing numbers, counted per scope (a village, a committee) and year:
//! 石岩哨村信〔2026〕第 12 号.

use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, params};

/// Takes the next number of `kind` for `scope` in `year`, inside the caller's
/// transaction.
pub fn next(conn: &Connection, kind: &str, scope: &str, year: i32) -> Result<i64> {
    Ok(conn.query_row_cached(
        "INSERT INTO number_sequence (kind, scope, year, last) VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (kind, scope, year) DO UPDATE SET last = last + 1
         RETURNING last",
        params![kind, scope, year],
        |r| r.get(0),
    )?)
}

/// The number of a mediation agreement, per committee and year
/// (（2026）石岩哨村人调字第3号).
pub fn agreement_number(committee: &str, year: i32, n: i64) -> String {
    format!("（{year}）{committee}人调字第{n}号")
}

/// The number printed on a case (信访事项编号).
pub fn case_number(scope: &str, year: i32, n: i64) -> String {
    format!("{scope}信〔{year}〕第{n}号")
}

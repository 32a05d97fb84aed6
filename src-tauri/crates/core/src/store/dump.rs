//! A logical dump of the ledger: every row of every table (or of the tables
//! named) as text, in a stable order. Two dumps are equal exactly when the
//! ledger holds the same data, which is how a refused command or bundle is
//! shown to have changed nothing.

use crate::error::Result;
use rusqlite::Connection;

/// The tables whose rows travel in the change log between devices.
pub const SYNCED_TABLES: [&str; 15] = [
    "agreement",
    "agreement_print",
    "attachment",
    "case_event",
    "case_paper",
    "case_view",
    "change_log",
    "person",
    "person_access",
    "petition_case",
    "revisit",
    "screening_finding",
    "screening_round",
    "visit",
    "visit_petitioner",
];

/// Rows as `table: v1|v2|…`, tables by name, rows by their first two columns.
/// `only` limits the dump to those tables. The search index's internal tables
/// are left out: they are rebuilt from the rows.
pub fn rows(conn: &Connection, only: Option<&[&str]>) -> Result<Vec<String>> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'case_search_%' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for t in tables.iter().filter(|t| only.is_none_or(|o| o.contains(&t.as_str()))) {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1, 2"))?;
        let n = stmt.column_count();
        let found = stmt.query_map([], |r| {
            (0..n)
                .map(|i| r.get_ref(i).map(|v| format!("{v:?}")))
                .collect::<rusqlite::Result<Vec<_>>>()
                .map(|v| v.join("|"))
        })?;
        for row in found {
            out.push(format!("{t}: {}", row?));
        }
    }
    Ok(out)
}

//! Agreement prints (打印记录): one row each time a version was printed or
//! saved as a PDF.

use super::{Writer, enum_parse, enum_text};
use crate::domain::agreement::PrintMedium;
use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgreementPrint {
    pub id: String,
    pub agreement_id: String,
    pub case_id: String,
    /// The agreement's number when printed (none for an unsigned draft).
    pub number: Option<String>,
    pub version: u32,
    /// The content fingerprint (内容指纹) printed in the footer.
    pub fingerprint: String,
    pub medium: PrintMedium,
    pub printed_at: String,
    pub printed_by: String,
}

const COLUMNS: &str = "id, agreement_id, case_id, number, version, fingerprint, medium, printed_at, printed_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<AgreementPrint> {
    Ok(AgreementPrint {
        id: r.get(0)?,
        agreement_id: r.get(1)?,
        case_id: r.get(2)?,
        number: r.get(3)?,
        version: r.get(4)?,
        fingerprint: r.get(5)?,
        medium: enum_parse(r.get(6)?, 6)?,
        printed_at: r.get(7)?,
        printed_by: r.get(8)?,
    })
}

/// Every print of one agreement version, oldest first.
pub fn for_agreement(conn: &Connection, agreement_id: &str) -> Result<Vec<AgreementPrint>> {
    let mut stmt = conn
        .prepare(&format!("SELECT {COLUMNS} FROM agreement_print WHERE agreement_id = ?1 ORDER BY printed_at, id"))?;
    Ok(stmt.query_map([agreement_id], from_row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn insert(w: &Writer<'_>, p: &AgreementPrint) -> Result<()> {
    put(w.tx(), p)?;
    w.log("agreement_print", &p.id, "insert", p)
}

/// Writes the print row, without logging (see [`super::cases::put`]); a
/// print received twice is kept once.
pub(crate) fn put(conn: &Connection, p: &AgreementPrint) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO agreement_print (id, agreement_id, case_id, number, version, fingerprint, medium, printed_at,
             printed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING",
        params![
            p.id,
            p.agreement_id,
            p.case_id,
            p.number,
            p.version,
            p.fingerprint,
            enum_text(&p.medium),
            p.printed_at,
            p.printed_by
        ],
    )?;
    Ok(())
}

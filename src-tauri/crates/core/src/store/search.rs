//! Substring search over each case's text. FTS5's trigram index answers any
//! query of three or more characters; two-character Chinese names and words
//! (张三, 坟地) are everywhere, so shorter queries scan the same column with
//! LIKE, which the trigram table also serves.

use crate::error::Result;
use rusqlite::Connection;

/// Rebuilds the search text of one case from everything recorded on it.
pub fn reindex(conn: &Connection, case_id: &str) -> Result<()> {
    conn.execute("DELETE FROM case_search WHERE case_id = ?1", [case_id])?;
    conn.execute(
        "INSERT INTO case_search (case_id, body)
         SELECT c.id, concat_ws(' ', c.number, c.village, c.category, c.request, c.received_by,
             (SELECT group_concat(concat_ws(' ', v.request, v.facts, v.measures), ' ')
                FROM visit v WHERE v.case_id = c.id),
             (SELECT group_concat(concat_ws(' ', p.name, p.village, p.grp, p.address), ' ')
                FROM visit v JOIN visit_petitioner vp ON vp.visit_id = v.id JOIN person p ON p.id = vp.person_id
                WHERE v.case_id = c.id))
         FROM petition_case c WHERE c.id = ?1",
        [case_id],
    )?;
    Ok(())
}

/// The SQL condition on `c.id` for `text`, with one `?` for the returned
/// parameter.
pub fn clause(text: &str) -> (String, String) {
    if text.chars().count() >= 3 {
        // A quoted FTS5 string: the whole text as one phrase, quotes doubled.
        let phrase = format!("\"{}\"", text.replace('"', "\"\""));
        ("c.id IN (SELECT case_id FROM case_search WHERE body MATCH ?)".into(), phrase)
    } else {
        let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        ("c.id IN (SELECT case_id FROM case_search WHERE body LIKE ? ESCAPE '\\')".into(), format!("%{escaped}%"))
    }
}

//! Substring search over each case's text. FTS5's trigram index answers any
//! query of three or more characters; two-character Chinese names and words
//! (张三, 坟地) are everywhere, so shorter queries scan the same column with
//! LIKE, which the trigram table also serves.

use crate::error::Result;
use crate::store::Cached;
use rusqlite::Connection;

/// Rebuilds the search text of one case from everything recorded on it.
pub fn reindex(conn: &Connection, case_id: &str) -> Result<()> {
    conn.execute_cached("INSERT OR IGNORE INTO case_search_key (case_id) VALUES (?1)", [case_id])?;
    conn.execute_cached(
        "DELETE FROM case_search WHERE rowid = (SELECT rowid FROM case_search_key WHERE case_id = ?1)",
        [case_id],
    )?;
    conn.execute_cached(
        "INSERT INTO case_search (rowid, case_id, body)
         SELECT k.rowid, c.id, concat_ws(' ', c.number, c.village, c.category, c.request, c.received_by,
             (SELECT group_concat(concat_ws(' ', v.request, v.facts, v.measures), ' ')
                FROM visit v WHERE v.case_id = c.id),
             (SELECT group_concat(concat_ws(' ', p.name, p.village, p.grp, p.address), ' ')
                FROM visit v JOIN visit_petitioner vp ON vp.visit_id = v.id JOIN person p ON p.id = vp.person_id
                WHERE v.case_id = c.id))
         FROM petition_case c JOIN case_search_key k ON k.case_id = c.id WHERE c.id = ?1",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use rusqlite::params;

    fn case(conn: &Connection, id: &str, request: &str) {
        conn.execute(
            "INSERT INTO petition_case (id, number, channel, category, request, urgency, received_at, received_by,
                 step, route, outcome, created_by, created_at, updated_at)
             VALUES (?1, ?1, 'visit', '土地承包', ?2, 'normal', '2026-03-02T09:00:00+08:00', '刘某',
                 'registered', 'five_step', 'in_progress', 'd', '', '')",
            params![id, request],
        )
        .unwrap();
    }

    fn rows(conn: &Connection, id: &str) -> Vec<String> {
        let mut stmt = conn.prepare("SELECT body FROM case_search WHERE case_id = ?1").unwrap();
        stmt.query_map([id], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn reindexing_a_case_replaces_its_one_row_under_a_stable_key() {
        let store = Store::in_memory().unwrap();
        let conn = store.conn();
        case(conn, "a", "承包地边界不清");
        case(conn, "b", "邻居占用通道");
        reindex(conn, "a").unwrap();
        reindex(conn, "b").unwrap();
        let key = |id: &str| -> i64 {
            conn.query_row("SELECT rowid FROM case_search_key WHERE case_id = ?1", [id], |r| r.get(0)).unwrap()
        };
        let before = key("a");
        conn.execute("UPDATE petition_case SET request = '承包地被占用' WHERE id = 'a'", []).unwrap();
        reindex(conn, "a").unwrap();
        assert_eq!(key("a"), before);
        let body = rows(conn, "a");
        assert_eq!(body.len(), 1, "{body:?}");
        assert!(body[0].contains("承包地被占用") && !body[0].contains("边界不清"), "{body:?}");
        assert_eq!(rows(conn, "b").len(), 1, "the other case's row is untouched");
        let rowid: i64 = conn.query_row("SELECT rowid FROM case_search WHERE case_id = 'a'", [], |r| r.get(0)).unwrap();
        assert_eq!(rowid, before, "the index row is the key's row");
    }
}

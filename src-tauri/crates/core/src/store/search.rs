//! Substring search over each case's text. FTS5's trigram index answers any
//! query of three or more characters; two-character Chinese names and words
//! (桂兰, 坟地) are everywhere, so the text is also indexed as overlapping
//! pairs (`case_search_pairs`), one token each. A single character, or a pair
//! with punctuation in it, scans the text with LIKE.

use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension, params};

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
    index_pairs(conn, case_id)
}

/// Re-indexes the pairs of one case's search text.
fn index_pairs(conn: &Connection, case_id: &str) -> Result<()> {
    let row: Option<(i64, String)> = conn
        .query_row_cached(
            "SELECT k.rowid, s.body FROM case_search_key k JOIN case_search s ON s.rowid = k.rowid
             WHERE k.case_id = ?1",
            [case_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((key, body)) = row else { return Ok(()) };
    conn.execute_cached("DELETE FROM case_search_pairs WHERE rowid = ?1", [key])?;
    conn.execute_cached("INSERT INTO case_search_pairs (rowid, pairs) VALUES (?1, ?2)", params![key, pairs(&body)])?;
    Ok(())
}

/// Indexes the pairs of every case not yet in `case_search_pairs`: all of
/// them in a ledger just upgraded to it, none afterwards. One transaction.
pub(crate) fn fill_pairs(conn: &mut Connection) -> Result<()> {
    const DONE: &str = "search_pairs_filled";
    let done: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [DONE], |r| r.get(0)).optional()?;
    if done.is_some() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    {
        let mut read =
            tx.prepare("SELECT k.rowid, s.body FROM case_search_key k JOIN case_search s ON s.rowid = k.rowid")?;
        let mut write = tx.prepare("INSERT OR REPLACE INTO case_search_pairs (rowid, pairs) VALUES (?1, ?2)")?;
        let mut rows = read.query([])?;
        while let Some(row) = rows.next()? {
            write.execute(params![row.get::<_, i64>(0)?, pairs(&row.get::<_, String>(1)?)])?;
        }
    }
    tx.execute("INSERT INTO settings (key, value) VALUES (?1, 'true')", [DONE])?;
    tx.commit()?;
    Ok(())
}

/// The text's overlapping pairs of letters or digits, each once, separated
/// by spaces: "张桂兰反映" → "张桂 桂兰 兰反 反映".
fn pairs(text: &str) -> String {
    let chars: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len() * 2);
    for w in chars.windows(2) {
        if w[0].is_alphanumeric() && w[1].is_alphanumeric() && seen.insert((w[0], w[1])) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(w);
        }
    }
    out
}

/// A search box's text, and how the ledger finds the cases containing it.
pub struct TextQuery {
    /// The full-text index that answers it, if one can.
    index: Option<&'static str>,
    /// The one parameter of its conditions: a quoted FTS5 phrase, or a LIKE
    /// pattern.
    param: String,
}

impl TextQuery {
    pub fn new(text: &str) -> TextQuery {
        let chars: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
        if chars.len() >= 3 {
            // A quoted FTS5 string: the whole text as one phrase, quotes doubled.
            TextQuery { index: Some("case_search"), param: format!("\"{}\"", text.replace('"', "\"\"")) }
        } else if chars.len() == 2 && chars.iter().all(|c| c.is_alphanumeric()) {
            TextQuery { index: Some("case_search_pairs"), param: format!("\"{}\"", chars.iter().collect::<String>()) }
        } else {
            let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            TextQuery { index: None, param: format!("%{escaped}%") }
        }
    }

    pub fn param(&self) -> &str {
        &self.param
    }

    /// The SQL condition on `c.id`, with one `?` for [`TextQuery::param`]:
    /// the matching cases are found first, then read.
    pub fn condition(&self) -> String {
        match self.index {
            Some(index) => format!(
                "c.id IN (SELECT k.case_id FROM case_search_key k
                          WHERE k.rowid IN (SELECT rowid FROM {index} WHERE {index} MATCH ?))"
            ),
            None => "c.id IN (SELECT case_id FROM case_search WHERE body LIKE ? ESCAPE '\\')".into(),
        }
    }

    /// The way to read a query matching more than `cap` cases, or None if
    /// it matches fewer (or no index answers it, and every case is read
    /// anyway). The count looks at the index alone, whatever the cases' state.
    pub fn broad(&self, conn: &Connection, cap: u32) -> Result<Option<Broad>> {
        let Some(index) = self.index else { return Ok(None) };
        let sql = format!("SELECT count(*) FROM (SELECT rowid FROM {index} WHERE {index} MATCH ?1 LIMIT ?2)");
        let hits: u32 = conn.query_row_cached(&sql, params![self.param, cap + 1], |r| r.get(0))?;
        Ok((hits > cap).then(|| Broad {
            scan_condition: format!("+{}", self.condition()),
            count_from: format!(
                "{index} JOIN case_search_key k ON k.rowid = {index}.rowid JOIN petition_case c ON c.id = k.case_id"
            ),
            count_condition: format!("{index} MATCH ?"),
        }))
    }
}

/// A query matching many cases (a village's name, a common word), read in
/// the ledger's own order with each case checked, and counted match by match
/// only up to a cap.
pub struct Broad {
    /// The condition on `c.id`, with one `?`: the matches are gathered once,
    /// and the `+` keeps SQLite from reading the cases match by match, so it
    /// reads the date index (`petition_case_by_date`) and stops at a page.
    pub scan_condition: String,
    /// The tables to count from, the index first so the count goes match by
    /// match and can stop at the cap.
    pub count_from: String,
    /// The condition going with `count_from`, with one `?`.
    pub count_condition: String,
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
        let conn = store.writable();
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

    fn found(conn: &Connection, text: &str) -> Vec<String> {
        let q = TextQuery::new(text);
        let sql = format!("SELECT c.id FROM petition_case c WHERE {} ORDER BY c.id", q.condition());
        let mut stmt = conn.prepare(&sql).unwrap();
        stmt.query_map([q.param()], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn pairs_are_the_overlapping_letters_or_digits_each_once() {
        assert_eq!(pairs("张桂兰反映"), "张桂 桂兰 兰反 反映");
        assert_eq!(pairs("桂兰，桂兰 AB"), "桂兰 ab");
        assert_eq!(pairs("〔2024〕"), "20 02 24");
        assert_eq!(pairs("一"), "");
    }

    #[test]
    fn two_character_queries_use_the_pair_index_and_follow_a_reindex() {
        let store = Store::in_memory().unwrap();
        let conn = store.writable();
        case(conn, "a", "张桂兰反映承包地边界不清");
        case(conn, "b", "邻居占用通道，桂花树被砍");
        reindex(conn, "a").unwrap();
        reindex(conn, "b").unwrap();
        assert!(TextQuery::new("桂兰").condition().contains("case_search_pairs"));
        assert_eq!(found(conn, "桂兰"), ["a"]);
        assert_eq!(found(conn, "桂花"), ["b"]);
        assert_eq!(found(conn, "边界"), ["a"]);
        // Three or more: the trigram index; one, or a pair with punctuation: LIKE.
        assert_eq!(found(conn, "承包地"), ["a"]);
        assert_eq!(found(conn, "桂"), ["a", "b"]);
        assert!(TextQuery::new("，桂").condition().contains("LIKE"));
        assert_eq!(found(conn, "，桂"), ["b"]);

        conn.execute("UPDATE petition_case SET request = '承包地被占用' WHERE id = 'a'", []).unwrap();
        reindex(conn, "a").unwrap();
        assert!(found(conn, "桂兰").is_empty(), "the old text's pairs are gone");
        assert_eq!(found(conn, "占用"), ["a", "b"]);
    }

    #[test]
    fn a_ledger_from_before_the_pair_index_gets_it_filled_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.sqlite3");
        {
            let store = Store::create(&path).unwrap();
            case(store.writable(), "a", "张桂兰反映承包地边界不清");
            reindex(store.writable(), "a").unwrap();
            // As an older version left it: pairs never built.
            store
                .writable()
                .execute_batch("DELETE FROM case_search_pairs; DELETE FROM settings WHERE key = 'search_pairs_filled';")
                .unwrap();
            assert!(found(store.writable(), "桂兰").is_empty());
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(found(store.writable(), "桂兰"), ["a"]);
    }
}

/// The cases whose text matches any of `grams` (FTS5 trigrams), best first,
/// at most `limit`, each with its request: the candidates `visit_similar`
/// then weighs by how alike the requests are.
pub fn requests_matching(conn: &Connection, grams: &[String], limit: u32) -> Result<Vec<(String, String)>> {
    let query = grams.iter().map(|g| format!("\"{g}\"")).collect::<Vec<_>>().join(" OR ");
    let mut stmt = conn.prepare_cached(
        "SELECT s.case_id, c.request FROM case_search s JOIN petition_case c ON c.id = s.case_id
         WHERE s.body MATCH ?1 ORDER BY rank LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![query, limit], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}


//! Forms saved as they are typed (草稿). Local to this install: not logged,
//! never synced; cleared when the form is submitted.

use crate::error::Result;
use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension, params};

pub fn save(conn: &Connection, key: &str, value: &str, now: &str) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO draft (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = ?3",
        params![key, value, now],
    )?;
    Ok(())
}

/// The saved value and when it was saved.
pub fn load(conn: &Connection, key: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row_cached("SELECT value, updated_at FROM draft WHERE key = ?1", [key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn clear(conn: &Connection, key: &str) -> Result<()> {
    conn.execute_cached("DELETE FROM draft WHERE key = ?1", [key])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_draft_is_replaced_then_cleared() {
        let s = Store::in_memory().unwrap();
        save(s.writable(), "intake", "{\"a\":1}", "t1").unwrap();
        save(s.writable(), "intake", "{\"a\":2}", "t2").unwrap();
        assert_eq!(load(s.writable(), "intake").unwrap(), Some(("{\"a\":2}".into(), "t2".into())));
        clear(s.writable(), "intake").unwrap();
        assert_eq!(load(s.writable(), "intake").unwrap(), None);
    }
}

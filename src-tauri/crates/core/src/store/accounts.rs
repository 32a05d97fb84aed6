//! The `accounts` table: who signs in to this install and in what role.

use crate::domain::account::Account;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, params};

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account { account_id: r.get(0)?, name: r.get(1)?, role: super::enum_parse(r.get(2)?, 2)? })
}

pub fn insert(conn: &Connection, account: &Account, created_at: &str, created_by: Option<&str>) -> Result<()> {
    conn.execute(
        "INSERT INTO accounts (account_id, name, role, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![account.account_id, account.name, super::enum_text(&account.role), created_at, created_by],
    )?;
    Ok(())
}

/// The account, unless it was removed.
pub fn active(conn: &Connection, account_id: &str) -> Result<Option<Account>> {
    Ok(conn
        .query_row(
            "SELECT account_id, name, role FROM accounts WHERE account_id = ?1 AND removed_at IS NULL",
            [account_id],
            from_row,
        )
        .optional()?)
}

/// Every account that may still sign in, oldest first.
pub fn list_active(conn: &Connection) -> Result<Vec<Account>> {
    let mut stmt = conn.prepare(
        "SELECT account_id, name, role FROM accounts WHERE removed_at IS NULL ORDER BY created_at, account_id",
    )?;
    Ok(stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn mark_removed(conn: &Connection, account_id: &str, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE accounts SET removed_at = ?2 WHERE account_id = ?1 AND removed_at IS NULL",
        params![account_id, at],
    )?;
    Ok(())
}

//! Backups (备份) of the ledger file through SQLite's online backup API: a
//! consistent copy of the live database page by page, never a plain file
//! copy (which can catch a write half-done, or miss what is still in the
//! WAL). Each copy is checked with `integrity_check` before it gets its
//! name; a restore checks the backup the same way before it touches
//! anything, and copies it in through the same API in one transaction.

use super::keyring::LedgerKey;
use crate::error::{Error, Result};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// Pages copied per step: small steps let other readers in between.
const PAGES_PER_STEP: std::os::raw::c_int = 1024;

/// Copies the ledger on `conn` into a new file at `dest`, checks the copy,
/// and only then gives it its name. The copy is one self-contained file
/// (rollback journal, no WAL beside it), flushed to disk.
/// A copy of an encrypted ledger is encrypted with the same `key`.
pub fn copy_to(conn: &Connection, dest: &Path, key: Option<&LedgerKey>) -> Result<()> {
    let mut part = dest.as_os_str().to_owned();
    part.push(".part");
    let part = std::path::PathBuf::from(part);
    let made = (|| {
        let _ = std::fs::remove_file(&part);
        let mut out = Connection::open(&part).map_err(|source| Error::Open { path: part.clone(), source })?;
        if let Some(key) = key {
            key.apply(&out)?;
        }
        Backup::new(conn, &mut out)?.run_to_completion(PAGES_PER_STEP, Duration::ZERO, None)?;
        out.pragma_update(None, "journal_mode", "DELETE")?;
        check(&out, dest)?;
        out.close().map_err(|(_, e)| e)?;
        crate::files::sync_file(&part).map_err(file_error("写入", &part))?;
        std::fs::rename(&part, dest).map_err(file_error("保存", dest))?;
        if let Some(dir) = dest.parent().and_then(|d| std::fs::File::open(d).ok()) {
            // Makes the rename itself durable where the platform allows it.
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if made.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    made
}

/// Opens a backup read-only after checking it whole; refuses one that is
/// damaged, that a newer version of the software wrote, or that `key` (the
/// ledger's own) does not open.
pub fn open_checked(path: &Path, key: Option<&LedgerKey>) -> Result<Connection> {
    super::encryption::quiet_log();
    match crate::files::regular_file(path) {
        Ok(_) => {}
        Err(crate::files::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::invalid("path", "备份文件", format!("{} 不存在", path.display())));
        }
        Err(crate::files::ReadError::Io(source)) => {
            return Err(Error::File {
                action: "读取",
                path: path.to_owned(),
                field: "path",
                source: crate::files::in_chinese(source),
            });
        }
        Err(_) => return Err(Error::invalid("path", "备份文件", format!("{} 不是普通文件", path.display()))),
    }
    let encrypted = super::is_encrypted(path);
    if encrypted != key.is_some() {
        return Err(Error::refused(if encrypted {
            "这个备份是加密的，而本台账没有加密：请在登录后的台账中恢复它。"
        } else {
            "这个备份没有加密（由加密以前的版本生成），不能恢复到加密的台账中：它含有未加密的个人信息，请妥善销毁。"
        }));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|source| Error::Open { path: path.to_owned(), source })?;
    if let Some(key) = key {
        key.apply(&conn)?;
        let opens = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0));
        if opens.is_err_and(|e| e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase)) {
            return Err(Error::WrongKey { path: path.to_owned() });
        }
    }
    check(&conn, path)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let ours = super::SCHEMA_VERSION as i64;
    if version > ours {
        return Err(Error::refused(format!(
            "这个备份由更新版本的软件生成（数据格式第 {version} 版，本软件支持到第 {ours} 版）：请先升级软件再恢复。"
        )));
    }
    if version == 0 {
        return Err(Error::invalid("path", "备份文件", "这不是信访台账的备份文件"));
    }
    Ok(conn)
}

/// Replaces the content of the ledger on `live` with the backup's, in the
/// backup API's one transaction: a failure or a power cut on the way leaves
/// the ledger as it was. The caller runs the migrations after.
pub fn restore_into(backup: &Connection, live: &mut Connection) -> Result<()> {
    Backup::new(backup, live)?.run_to_completion(PAGES_PER_STEP, Duration::ZERO, None)?;
    Ok(())
}

/// SQLite's full `integrity_check`: every page, every index.
pub fn check(conn: &Connection, path: &Path) -> Result<()> {
    problems(conn, "integrity_check", path)
}

/// The faster `quick_check` (no index-to-table cross-check), for the check
/// the app runs on every start.
pub fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    problems(conn, "quick_check", path)
}

fn problems(conn: &Connection, pragma: &str, path: &Path) -> Result<()> {
    let damaged = |detail: String| Error::Damaged { path: path.to_owned(), detail };
    let found = (|| -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare(&format!("PRAGMA {pragma}(20)"))?;
        stmt.query_map([], |r| r.get(0))?.collect()
    })();
    match found {
        Ok(found) if found.len() == 1 && found[0] == "ok" => Ok(()),
        Ok(found) => Err(damaged(found.join("；"))),
        // Damage so bad that SQLite cannot even read the schema to check it.
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ) =>
        {
            Err(damaged(e.to_string()))
        }
        Err(e) => Err(e.into()),
    }
}

fn file_error(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_owned();
    move |source| Error::File { action, path, field: "folder", source: crate::files::in_chinese(source) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn ledger_with_rows(dir: &Path) -> Store {
        let store = Store::create(&dir.join("live.sqlite3")).unwrap();
        store.writable().execute_batch("INSERT INTO settings (key, value) VALUES ('x', '\"1\"'), ('y', '\"2\"');").unwrap();
        store
    }

    #[test]
    fn a_copy_is_whole_checked_and_alone_in_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = ledger_with_rows(dir.path());
        let dest = dir.path().join("copy.sqlite3");
        copy_to(store.writable(), &dest, None).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert!(!names.iter().any(|n| n.to_string_lossy().starts_with("copy.sqlite3-")), "{names:?}");
        let copy = open_checked(&dest, None).unwrap();
        let n: i64 = copy.query_row("SELECT count(*) FROM settings WHERE key IN ('x', 'y')", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 2);
        let mode: String = copy.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "delete");
    }

    #[test]
    fn a_damaged_or_foreign_file_is_refused_before_anything_is_read_from_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = ledger_with_rows(dir.path());
        let dest = dir.path().join("copy.sqlite3");
        copy_to(store.writable(), &dest, None).unwrap();
        // Scribble over the header of every page after the first (its type
        // and cell counts), as a failing disk would.
        let mut bytes = std::fs::read(&dest).unwrap();
        let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
        for start in (page..bytes.len()).step_by(page) {
            bytes[start..start + 8].fill(0xA5);
        }
        let damaged = dir.path().join("damaged.sqlite3");
        std::fs::write(&damaged, &bytes).unwrap();
        let e = open_checked(&damaged, None).unwrap_err();
        assert_eq!(e.kind(), "damaged", "{e:?}");
        assert!(e.to_string().contains("已损坏"), "{e}");

        let text = dir.path().join("notes.sqlite3");
        std::fs::write(&text, "会议记录").unwrap();
        assert!(open_checked(&text, None).is_err());
        let empty = dir.path().join("empty.sqlite3");
        drop(Connection::open(&empty).unwrap().execute_batch("CREATE TABLE t (x);"));
        assert_eq!(open_checked(&empty, None).unwrap_err().field(), Some("path"));
    }

    #[test]
    fn a_copy_of_an_encrypted_ledger_is_encrypted_and_restores_with_the_same_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let key = LedgerKey::generate().unwrap();
        let store = Store::create_keyed(&dir.path().join("live.sqlite3"), Some(&key)).unwrap();
        store.writable().execute("INSERT INTO settings (key, value) VALUES ('x', '\"石岩哨村\"')", []).unwrap();
        let dest = dir.path().join("copy.sqlite3");
        copy_to(store.writable(), &dest, Some(&key)).unwrap();
        assert!(crate::store::is_encrypted(&dest));
        assert!(Connection::open(&dest).unwrap().query_row("SELECT 1 FROM settings", [], |_| Ok(())).is_err());
        let other = LedgerKey::generate().unwrap();
        assert_eq!(open_checked(&dest, Some(&other)).unwrap_err().kind(), "wrong_key");
        assert_eq!(open_checked(&dest, None).unwrap_err().kind(), "refused");
        let copy = open_checked(&dest, Some(&key)).unwrap();

        let restored_path = dir.path().join("restored.sqlite3");
        let mut restored = Store::create_keyed(&restored_path, Some(&key)).unwrap();
        restored.restore_from(&copy).unwrap();
        let v: String =
            restored.conn().query_row("SELECT value FROM settings WHERE key = 'x'", [], |r| r.get(0)).unwrap();
        assert_eq!(v, "\"石岩哨村\"");
        drop(restored);
        assert!(crate::store::is_encrypted(&restored_path));

        std::fs::create_dir(dir.path().join("p")).unwrap();
        let plain = ledger_with_rows(&dir.path().join("p"));
        let plain_copy = dir.path().join("plain-copy.sqlite3");
        copy_to(plain.conn(), &plain_copy, None).unwrap();
        assert_eq!(open_checked(&plain_copy, Some(&key)).unwrap_err().kind(), "refused");
    }
}

/// What a backup holds, for the list of backups: its cases not voided and
/// the time of its newest change (None when either cannot be read: the
/// list still shows the file).
pub fn summary(conn: &Connection) -> (i64, Option<String>) {
    let cases = conn.query_row("SELECT count(*) FROM petition_case WHERE voided_at IS NULL", [], |r| r.get(0));
    let last = conn.query_row("SELECT max(recorded_at) FROM change_log", [], |r| r.get(0));
    (cases.unwrap_or(0), last.unwrap_or(None))
}


//! Encryption at rest (加密存储): which ledger files are encrypted, and
//! turning an unencrypted ledger (from before this version) into an
//! encrypted copy with SQLCipher's own `sqlcipher_export`.

use super::keyring::LedgerKey;
use crate::error::{Error, Result};
use rusqlite::Connection;
use std::io::Read;
use std::path::Path;

/// Every unencrypted SQLite file starts with this; an encrypted one starts
/// with its random salt.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Set in the environment, SQLCipher keeps its own log (for a developer
/// looking into a file that does not open).
pub const LOG_ENV: &str = "XINFANG_SQLCIPHER_LOG";

/// Silences SQLCipher's own log for this process. Unconfigured, SQLCipher
/// writes lines of English to stderr when a key does not open a file
/// ("ERROR CORE sqlcipher_page_cipher: hmac check failed for pgno=1"),
/// before the software can say in one Chinese line what is wrong. The
/// level is global to the process; every way this crate opens a file calls
/// this first.
pub fn quiet_log() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if std::env::var_os(LOG_ENV).is_some() {
            return;
        }
        // The first connection initialises SQLCipher (and its default log);
        // the level set after that holds for every later connection.
        if let Ok(conn) = Connection::open_in_memory() {
            let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
        }
    });
}

/// Whether the file at `path` is an encrypted ledger (not a plain SQLite
/// file, and not empty or missing). Only a regular file is looked into:
/// opening a FIFO would wait for a writer forever.
pub fn is_encrypted(path: &Path) -> bool {
    let mut head = [0u8; 16];
    let Ok(mut file) = crate::files::regular_file(path) else { return false };
    match file.read_exact(&mut head) {
        Ok(()) => &head != PLAIN_HEADER,
        Err(_) => false,
    }
}

/// Writes an encrypted copy of the unencrypted ledger on `plain` to the new
/// file `dest`, schema version included, flushed to disk. `dest` must not
/// exist yet.
pub fn export_encrypted(plain: &Connection, dest: &Path, key: &LedgerKey) -> Result<()> {
    if dest.exists() {
        return Err(Error::DatabaseExists { path: dest.to_owned() });
    }
    let version: i64 = plain.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let dest_text = dest
        .to_str()
        .ok_or_else(|| Error::invalid("path", "台账文件", format!("路径 {} 含有无法识别的字符", dest.display())))?;
    // The ledger's connection may not create files (it opens existing ones
    // only), and an empty file is an empty database to SQLite.
    std::fs::File::create(dest).map_err(|source| Error::File {
        action: "建立",
        path: dest.to_owned(),
        field: "path",
        source: crate::files::in_chinese(source),
    })?;
    plain.execute("ATTACH DATABASE ?1 AS encrypted KEY ?2", rusqlite::params![dest_text, key.literal().as_str()])?;
    let exported = (|| -> rusqlite::Result<()> {
        plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        plain.pragma_update(Some("encrypted"), "user_version", version)?;
        Ok(())
    })();
    plain.execute_batch("DETACH DATABASE encrypted")?;
    exported?;
    crate::files::sync_file(dest).map_err(|source| Error::File {
        action: "写入",
        path: dest.to_owned(),
        field: "path",
        source: crate::files::in_chinese(source),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn an_encrypted_file_needs_its_key_and_plain_sqlite_reads_nothing_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.sqlite3");
        let key = LedgerKey::generate().unwrap();
        let store = Store::create_keyed(&path, Some(&key)).unwrap();
        store.writable().execute("INSERT INTO settings (key, value) VALUES ('probe', '石岩哨村')", []).unwrap();
        drop(store);
        assert!(is_encrypted(&path));
        assert_eq!(Store::open(&path).err().unwrap().kind(), "encrypted");
        let other = LedgerKey::generate().unwrap();
        assert_eq!(Store::open_keyed(&path, Some(&other)).err().unwrap().kind(), "wrong_key");
        let plain = Connection::open(&path).unwrap();
        let level: String = plain.query_row("PRAGMA cipher_log_level", [], |r| r.get(0)).unwrap();
        assert_eq!(level, "NONE", "SQLCipher writes nothing of its own to stderr");
        assert!(plain.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).is_err());
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.windows("石岩哨村".len()).any(|w| w == "石岩哨村".as_bytes()));
        let store = Store::open_keyed(&path, Some(&key)).unwrap();
        let v: String =
            store.writable().query_row("SELECT value FROM settings WHERE key = 'probe'", [], |r| r.get(0)).unwrap();
        assert_eq!(v, "石岩哨村");
    }

    #[test]
    fn an_unencrypted_ledger_exports_whole_to_an_encrypted_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        let store = Store::create(&path).unwrap();
        store.writable().execute("INSERT INTO settings (key, value) VALUES ('probe', '旧台账')", []).unwrap();
        assert!(!is_encrypted(&path));
        let key = LedgerKey::generate().unwrap();
        let dest = dir.path().join("new.sqlite3");
        export_encrypted(store.writable(), &dest, &key).unwrap();
        assert_eq!(export_encrypted(store.writable(), &dest, &key).unwrap_err().kind(), "database_exists");
        drop(store);
        assert!(is_encrypted(&dest));
        let store = Store::open_keyed(&dest, Some(&key)).unwrap();
        let version: i64 = store.writable().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, crate::store::SCHEMA_VERSION as i64);
        let v: String =
            store.writable().query_row("SELECT value FROM settings WHERE key = 'probe'", [], |r| r.get(0)).unwrap();
        assert_eq!(v, "旧台账");
    }
}

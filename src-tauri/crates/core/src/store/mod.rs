//! The SQLite store: one file per install, opened with the settings a
//! ledger in a village with frequent power cuts needs, and upgraded by
//! numbered migrations. Every write goes through [`Store::write`], which
//! appends to the change log in the same transaction.

pub mod access_log;
pub mod accounts;
pub mod agreements;
pub mod attachments;
pub mod backup;
pub mod case_views;
pub mod cases;
pub mod changelog;
pub mod device;
pub mod drafts;
pub mod due;
pub mod dump;
pub mod encryption;
pub mod events;
pub mod hlc;
pub mod imports;
pub mod keyring;
pub mod merge;
pub mod numbers;
pub mod papers;
pub mod peers;
pub mod people;
pub mod prints;
pub mod receipts;
pub mod replica;
pub mod report;
pub mod residents;
pub mod revisits;
pub mod screening;
pub mod search;
pub mod settings;
pub mod visits;

pub use encryption::is_encrypted;

use crate::clock::Clock;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::{M, Migrations};
use serde::Serialize;
use std::path::Path;
use std::time::Duration;

/// The page cache the app keeps (SQLite's default is 2 MiB), in KiB as
/// SQLite counts a negative size: the pages every screen reads.
const CACHE_KIB: i64 = -16384;
/// The page cache while a month of bundles goes in: a township ledger of
/// years keeps its indexes' upper levels in memory for the whole import.
/// The cache only grows as pages are read, and shrinks back after.
pub const IMPORT_CACHE_KIB: i64 = -65536;

/// Numbered migrations, embedded; each runs in its own transaction.
const MIGRATIONS: [&str; 14] = [
    include_str!("migrations/0001_ledger.sql"),
    include_str!("migrations/0002_desk.sql"),
    include_str!("migrations/0003_sync.sql"),
    include_str!("migrations/0004_merge.sql"),
    include_str!("migrations/0005_print.sql"),
    include_str!("migrations/0006_search_key.sql"),
    include_str!("migrations/0007_attachments.sql"),
    include_str!("migrations/0008_attachment_display.sql"),
    include_str!("migrations/0009_search_pairs.sql"),
    include_str!("migrations/0010_accounts.sql"),
    include_str!("migrations/0011_confidential.sql"),
    include_str!("migrations/0012_list_indexes.sql"),
    include_str!("migrations/0013_residents.sql"),
    include_str!("migrations/0014_paperwork.sql"),
];

/// The schema version this software writes (SQLite's `user_version` after
/// every migration): a backup with a higher one came from a newer version.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

pub struct Store {
    conn: Connection,
    /// The key the file is encrypted with; none for a ledger from before
    /// encryption (or one in memory), which opens without.
    key: Option<keyring::LedgerKey>,
    /// The signed-in person's name, written into every change-log entry.
    actor: Option<String>,
}

/// Statements kept parsed per connection: every distinct statement the store
/// runs fits, so an import of thousands of entries parses each once.
const STATEMENT_CACHE: usize = 256;

/// `execute` and `query_row` through the connection's statement cache.
/// SQLite parsing a statement costs more than running a small insert, and the
/// store runs the same few statements for every entry it imports and every
/// case on the Today view.
pub(crate) trait Cached {
    fn execute_cached(&self, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize>;
    fn query_row_cached<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T>;
}

impl Cached for Connection {
    fn execute_cached(&self, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn query_row_cached<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

/// Where opening a ledger of schema `version` keeps its copy from before the
/// upgrade (e.g. `ledger.sqlite3.before-upgrade-v10`).
pub fn upgrade_backup_path(ledger: &Path, version: usize) -> std::path::PathBuf {
    let mut name = ledger.as_os_str().to_owned();
    name.push(format!(".before-upgrade-v{version}"));
    name.into()
}

impl Store {
    /// Opens an existing ledger; a missing file is an error, never silently
    /// a new empty ledger.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_keyed(path, None)
    }

    /// Opens an existing ledger with the key it is encrypted with (none for
    /// an unencrypted one).
    pub fn open_keyed(path: &Path, key: Option<&keyring::LedgerKey>) -> Result<Store> {
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::MissingDatabase { path: path.to_owned() });
            }
            // A folder, a device (/dev/zero) or a FIFO: SQLite would read
            // zeros as an empty ledger, or wait for a writer forever.
            Ok(meta) if !meta.is_file() => {
                return Err(Error::refused(format!(
                    "台账文件 {} 不是普通文件（可能是文件夹、设备或管道）：请检查台账文件的路径。",
                    path.display()
                )));
            }
            _ => {}
        }
        Self::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE, key)
    }

    /// Creates a new ledger file; refuses to touch an existing one.
    pub fn create(path: &Path) -> Result<Store> {
        Self::create_keyed(path, None)
    }

    /// Creates a new ledger file encrypted with `key`.
    pub fn create_keyed(path: &Path, key: Option<&keyring::LedgerKey>) -> Result<Store> {
        if path.exists() {
            return Err(Error::DatabaseExists { path: path.to_owned() });
        }
        Self::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE, key)
    }

    /// Opens the ledger, creating it if it does not exist (the desktop app's
    /// first start).
    pub fn open_or_create(path: &Path) -> Result<Store> {
        if path.exists() { Self::open(path) } else { Self::create(path) }
    }

    /// A private in-memory ledger for tests.
    pub fn in_memory() -> Result<Store> {
        encryption::quiet_log();
        let conn = Connection::open_in_memory()?;
        Self::prepare(conn, None)
    }

    fn open_with(path: &Path, flags: OpenFlags, key: Option<&keyring::LedgerKey>) -> Result<Store> {
        encryption::quiet_log();
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|source| Error::Open { path: path.to_owned(), source })?;
        if let Some(key) = key {
            key.apply(&conn)?;
        }
        // The first read is where a wrong key, or none for an encrypted
        // file, shows: SQLite sees no database in it.
        if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
            return Err(match (e.sqlite_error_code(), key) {
                (Some(rusqlite::ErrorCode::NotADatabase), None) if is_encrypted(path) => {
                    Error::Encrypted { path: path.to_owned() }
                }
                (Some(rusqlite::ErrorCode::NotADatabase), Some(_)) => Error::WrongKey { path: path.to_owned() },
                _ => Error::Open { path: path.to_owned(), source: e },
            });
        }
        // An upgrade takes a backup first: the file as this version found it,
        // beside it and encrypted with the same key.
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if let Ok(version @ 1..) = usize::try_from(version)
            && version < SCHEMA_VERSION
        {
            backup::copy_to(&conn, &upgrade_backup_path(path, version), key)?;
        }
        Self::prepare(conn, key.cloned())
    }

    fn prepare(mut conn: Connection, key: Option<keyring::LedgerKey>) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(5))?;
        // WAL keeps readers off the writer's back; FULL makes every commit
        // survive a power cut; foreign keys keep links honest.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", CACHE_KIB)?;
        migrations().to_latest(&mut conn)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        search::fill_pairs(&mut conn)?;
        guard(&conn, true)?;
        Ok(Store { conn, key, actor: None })
    }

    /// Gives the page cache room for an import ([`IMPORT_CACHE_KIB`]) or
    /// takes it back; SQLite frees the pages beyond a smaller size.
    pub fn import_cache(&self, importing: bool) -> Result<()> {
        let kib = if importing { IMPORT_CACHE_KIB } else { CACHE_KIB };
        self.conn.pragma_update(None, "cache_size", kib)?;
        Ok(())
    }

    /// The connection, for reading. SQLite refuses every write on it
    /// (`PRAGMA query_only`) outside [`Store::write`] and
    /// [`Store::write_local`], so nothing reaches the ledger past the change
    /// log by accident (test `a_write_outside_the_two_paths_is_refused`).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The key this ledger is encrypted with, for another connection to the
    /// same file (a backup, a check on a connection of its own).
    pub fn key(&self) -> Option<&keyring::LedgerKey> {
        self.key.as_ref()
    }

    /// Names the person whose changes this connection writes from now on.
    pub(crate) fn set_actor(&mut self, name: Option<String>) {
        self.actor = name;
    }

    /// Replaces this ledger's content with a checked backup's
    /// ([`backup::open_checked`]) in one transaction, then brings it up to
    /// this version's schema (a backup may be older).
    pub fn restore_from(&mut self, checked: &Connection) -> Result<()> {
        self.conn.flush_prepared_statement_cache();
        self.unguarded(|conn| {
            backup::restore_into(checked, conn)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            migrations().to_latest(conn)?;
            search::fill_pairs(conn)
        })
    }

    /// Runs `f` in one immediate transaction; everything it writes, and the
    /// change-log entries it appends, commit together or not at all.
    pub fn write<T>(&mut self, clock: Clock, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let device = device::load(&self.conn)?.ok_or(Error::NotInitialised)?;
        let actor = &self.actor;
        unguarded(&mut self.conn, |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut w = Writer { tx, device_id: device.device_id, role: device.role, clock, now: clock.now(), actor };
            let out = f(&mut w)?;
            w.tx.commit()?;
            Ok(out)
        })
    }

    /// The one other way to write (本机记录): what this computer keeps for
    /// itself and never sends — form drafts, this computer's settings, the
    /// accounts that sign in here, photos' display copies, the device's own
    /// record at initialisation. One immediate transaction, no change-log
    /// entry.
    pub fn write_local<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.unguarded(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })
    }

    /// Writes an encrypted copy of this (unencrypted) ledger to `dest`
    /// ([`encryption::export_encrypted`]): SQLCipher's export writes through
    /// this connection, outside any transaction.
    pub fn export_encrypted(&mut self, dest: &Path, key: &keyring::LedgerKey) -> Result<()> {
        self.unguarded(|conn| encryption::export_encrypted(conn, dest, key))
    }

    /// A compact copy of this ledger in the new file `dest` (`VACUUM INTO`,
    /// encrypted with this ledger's key if it has one): a second device with
    /// the same history, for the benchmarks and the tests. Writes nothing here.
    pub fn copy_into(&self, dest: &Path) -> Result<()> {
        let dest = dest
            .to_str()
            .ok_or_else(|| Error::invalid("path", "台账文件", format!("路径 {} 含有无法识别的字符", dest.display())))?;
        // SQLite counts VACUUM INTO as a write of this connection's.
        guard(&self.conn, false)?;
        let copied = self.conn.execute("VACUUM INTO ?1", [dest]);
        guard(&self.conn, true)?;
        copied?;
        Ok(())
    }

    /// The connection with writes allowed, for the store's own unit tests,
    /// which build their rows directly.
    #[cfg(test)]
    pub(crate) fn writable(&self) -> &Connection {
        guard(&self.conn, false).unwrap();
        &self.conn
    }

    fn unguarded<T>(&mut self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        unguarded(&mut self.conn, f)
    }
}

/// Sets or lifts SQLite's refusal of writes on the ledger's connection.
fn guard(conn: &Connection, on: bool) -> Result<()> {
    conn.pragma_update(None, "query_only", on)?;
    Ok(())
}

/// Runs `f` with writes allowed, and refuses them again afterwards, whether
/// `f` succeeded or not.
fn unguarded<T>(conn: &mut Connection, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
    guard(conn, false)?;
    let out = f(conn);
    let back = guard(conn, true);
    let out = out?;
    back?;
    Ok(out)
}

/// A write in progress: the transaction, who writes, and when.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    device_id: String,
    role: device::Role,
    clock: Clock,
    now: DateTime<Utc>,
    actor: &'a Option<String>,
}

impl Writer<'_> {
    pub fn tx(&self) -> &Transaction<'_> {
        &self.tx
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The install that writes.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// The latest moment a time typed in may stand for: now, unless the
    /// clock is clearly behind ([`crate::clock::latest_plausible`]).
    pub fn latest_plausible(&self) -> Result<DateTime<Utc>> {
        let doubt = self.clock.doubt(hlc::latest(&self.tx)?);
        Ok(crate::clock::latest_plausible(self.now, doubt))
    }

    pub fn now_text(&self) -> String {
        self.now.to_rfc3339()
    }

    /// Appends a change-log entry for `entity`/`entity_id` with the record's
    /// state after the change.
    pub fn log(&self, entity: &str, entity_id: &str, op: &str, payload: &impl Serialize) -> Result<()> {
        self.log_stamped(entity, entity_id, op, payload).map(drop)
    }

    /// [`Writer::log`], returning the entry's stamp (its clock reading and
    /// the stream it went to).
    pub fn log_stamped(
        &self,
        entity: &str,
        entity_id: &str,
        op: &str,
        payload: &impl Serialize,
    ) -> Result<merge::Stamp> {
        let payload = serde_json::to_value(payload)?;
        let stream = self.stream_for(entity, entity_id, &payload)?;
        self.append(&stream, entity, entity_id, op, payload)
    }

    /// Appends an entry to the log `stream` named by the caller: a
    /// township's setting goes to each of its villages' return streams.
    pub fn log_to(
        &self,
        stream: &str,
        entity: &str,
        entity_id: &str,
        op: &str,
        payload: &impl Serialize,
    ) -> Result<()> {
        self.append(stream, entity, entity_id, op, serde_json::to_value(payload)?).map(drop)
    }

    /// Whether this install is a village's or the township's.
    pub fn role(&self) -> device::Role {
        self.role
    }

    fn append(
        &self,
        stream: &str,
        entity: &str,
        entity_id: &str,
        op: &str,
        payload: serde_json::Value,
    ) -> Result<merge::Stamp> {
        let stream = stream.to_owned();
        let hlc = hlc::tick(&self.tx, self.now)?;
        let payload = payload.to_string();
        let entry = changelog::NewEntry {
            device_id: &stream,
            entity,
            entity_id,
            op,
            payload: &payload,
            recorded_at: &hlc,
            account: self.actor.as_deref(),
        };
        changelog::append(&self.tx, entry)?;
        Ok(merge::Stamp { hlc, stream })
    }

    /// Which log an entry goes to. A village logs everything in its own
    /// stream. The township logs a change to a village's case (feedback,
    /// assignment) in its stream to that village, so the village receives
    /// exactly the changes to its own cases and no other village's.
    fn stream_for(&self, entity: &str, entity_id: &str, payload: &serde_json::Value) -> Result<String> {
        if self.role != device::Role::Township {
            return Ok(self.device_id.clone());
        }
        let case_id = match entity {
            "case" => Some(entity_id.to_owned()),
            "case_event" | "visit" | "agreement" | "agreement_print" | "revisit" | "attachment" | "case_view"
            | "person_access" | "case_paper" => payload.get("case_id").and_then(|v| v.as_str()).map(str::to_owned),
            _ => None,
        };
        let Some(case_id) = case_id else { return Ok(self.device_id.clone()) };
        let origin = changelog::origin(&self.tx, "case", &case_id)?;
        Ok(match origin {
            Some(origin) if origin != self.device_id && !changelog::is_return_stream(&origin) => {
                changelog::return_stream(&self.device_id, &origin)
            }
            Some(origin) => origin,
            None => self.device_id.clone(),
        })
    }
}

/// Rows of many cases read by one statement (its `?1` is a JSON array of
/// case ids, for `json_each`), grouped by case in the statement's order.
pub(crate) fn by_case<T>(
    conn: &Connection,
    sql: &str,
    case_ids: &str,
    from_row: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    case_of: fn(&T) -> &str,
) -> Result<std::collections::HashMap<String, Vec<T>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut grouped: std::collections::HashMap<String, Vec<T>> = std::collections::HashMap::new();
    for row in stmt.query_map([case_ids], from_row)? {
        let row = row?;
        grouped.entry(case_of(&row).to_owned()).or_default().push(row);
    }
    Ok(grouped)
}

/// A new time-ordered id, unique across devices.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The stored text of a unit-like enum: its serde name (e.g. `door_to_door`).
pub fn enum_text<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("enum_text on a non-unit enum: {other:?}"),
    }
}

/// Reads back a value written by [`enum_text`]; a value this version does not
/// know is a conversion error, not a panic.
pub fn enum_parse<T: serde::de::DeserializeOwned>(s: String, col: usize) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(s))
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pragmas_hold_on_a_file_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("l.sqlite3")).unwrap();
        let c = store.conn();
        let mode: String = c.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        let sync: i64 = c.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        let fk: i64 = c.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
    }

    /// The ledger's connection takes writes only through `write` (with the
    /// change log) and `write_local` (this computer's own records); a write
    /// on `conn()` is refused by SQLite, after a failed write as after a good
    /// one, and changes nothing.
    #[test]
    fn a_write_outside_the_two_paths_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(&dir.path().join("l.sqlite3")).unwrap();
        let put = "INSERT INTO settings (key, value) VALUES (?1, '\"1\"')";
        let refused = |store: &Store, key: &str| {
            let e = store.conn().execute(put, [key]).unwrap_err();
            assert_eq!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly), "{e}");
        };
        refused(&store, "a");
        store.write_local(|tx| Ok(tx.execute(put, ["b"])?)).unwrap();
        refused(&store, "c");
        let failed: Result<()> = store.write_local(|tx| {
            tx.execute(put, ["d"])?;
            Err(Error::refused("中途放弃"))
        });
        assert!(failed.is_err());
        refused(&store, "e");
        let keys: Vec<String> = store
            .conn()
            .prepare("SELECT key FROM settings WHERE key IN ('a', 'b', 'c', 'd', 'e') ORDER BY key")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(keys, ["b"]);
    }

    #[test]
    fn migrations_are_valid_and_reopening_is_idempotent() {
        migrations().validate().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.sqlite3");
        drop(Store::create(&path).unwrap());
        let store = Store::open(&path).unwrap();
        let v: i64 = store.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        // Every migration file in the folder is registered and has run.
        let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/migrations")).unwrap().count();
        assert_eq!(v as usize, files);
    }

    /// A ledger written by the first schema opens under the second with its
    /// cases' acceptance, revisit and group filled in from their history.
    #[test]
    fn upgrading_from_the_first_schema_backfills_the_desk_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            Migrations::new(vec![M::up(include_str!("migrations/0001_ledger.sql"))]).to_latest(&mut conn).unwrap();
            conn.execute_batch(
                "INSERT INTO petition_case (id, number, channel, category, request, urgency, received_at, received_by,
                     step, route, outcome, handled_on, created_by, created_at, updated_at)
                 VALUES ('c1', 'n1', 'visit', '土地承包', '占地', 'normal', '2026-03-02T01:30:00Z', '李某',
                     'revisited', 'five_step', 'in_progress', '2026-03-06', '李某', 't', 't');
                 INSERT INTO person (id, name, grp, created_at, updated_at) VALUES ('p1', '张某某', '大营头组', 't', 't');
                 INSERT INTO visit (id, case_id, channel, received_at, headcount, request, received_by, is_repeat,
                     created_at) VALUES ('v1', 'c1', 'visit', '2026-03-02T09:30:00+08:00', 1, '占地', '李某', 0, 't');
                 INSERT INTO visit_petitioner VALUES ('v1', 'p1', 0, 0);
                 INSERT INTO case_event (id, case_id, action, happened_on, actor, created_at) VALUES
                     ('e1', 'c1', 'register', '2026-03-02', '李某', 't'),
                     ('e2', 'c1', 'commission', '2026-03-03', '李某', 't'),
                     ('e3', 'c1', 'revisit', '2026-03-09', '李某', 't'),
                     ('e4', 'c1', 'revisit', '2026-03-20', '李某', 't');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let case = cases::get(store.conn(), "c1").unwrap();
        assert_eq!(case.accepted_on.as_deref(), Some("2026-03-03"));
        assert_eq!(case.revisited_on.as_deref(), Some("2026-03-09"));
        assert_eq!(case.group.as_deref(), Some("大营头组"));
        assert_eq!(case.request, "占地");
        assert_eq!(case.received_at, "2026-03-02T09:30:00+08:00", "normalised to China time");
    }

    #[test]
    fn open_does_not_create_and_create_does_not_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.sqlite3");
        assert_eq!(Store::open(&path).err().unwrap().kind(), "missing_database");
        assert!(!path.exists());
        drop(Store::create(&path).unwrap());
        assert_eq!(Store::create(&path).err().unwrap().kind(), "database_exists");
    }
}

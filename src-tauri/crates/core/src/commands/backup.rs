//! Backups (备份) as the clerk uses them: into a chosen folder or USB stick,
//! named by device and time, the oldest beyond the number kept removed; made
//! by hand or automatically once a day; checked before anything is restored
//! from them, and a restore first backs up what it replaces. The folder and
//! the number kept belong to this computer and are not synced.

use super::{Ledger, NoArgs};
use crate::clock::china;
use crate::error::{Error, Result};
use crate::store::{backup, device, keyring, settings};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// Every backup file's name starts so; a restore's safety copy starts with [`BEFORE_RESTORE`].
const PREFIX: &str = "信访台账备份-";
const BEFORE_RESTORE: &str = "信访台账恢复前-";
const EXTENSION: &str = "sqlite3";
const SETTINGS_KEY: &str = "backup";
/// The day of the last passed `ledger_check` (local, not synced).
const LAST_CHECK_KEY: &str = "ledger_checked_on";
/// Backups kept per device when the clerk has not said otherwise: two weeks of daily ones.
const DEFAULT_KEEP: u32 = 14;
const MAX_KEEP: u32 = 365;
/// An automatic backup is made when the newest is older than this.
const AUTO_EVERY_HOURS: i64 = 24;

/// Where backups go and how many are kept.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupSettings {
    /// The folder (a USB stick, another disk); none until the clerk chooses one.
    pub folder: Option<String>,
    pub keep: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct BackupSettingsSet {
    pub folder: String,
    #[serde(default)]
    pub keep: Option<u32>,
}

/// A backup file in the folder.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupFile {
    pub path: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// When it was made (the file's time), RFC 3339.
    pub made_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupMade {
    pub file: BackupFile,
    /// Older backups of this device removed to keep the number set.
    pub removed: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupFolder {
    pub settings: BackupSettings,
    /// This device's backups in the folder, newest first.
    pub files: Vec<BackupFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct BackupPath {
    pub path: String,
}

/// What a backup holds, read after checking it whole.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    /// The device it was made on (none: a ledger never set up).
    pub device_name: Option<String>,
    pub device_id: Option<String>,
    #[ts(type = "number")]
    pub cases: i64,
    /// The last change recorded in it.
    pub last_change_at: Option<String>,
    #[ts(type = "number")]
    pub schema_version: i64,
    #[ts(type = "number")]
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct BackupRestore {
    pub path: String,
    /// Who restores (said on stderr and in the answer).
    pub actor: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Restored {
    pub from: BackupInfo,
    /// The ledger as it was just before, kept in case the restore was a mistake.
    pub safety_copy: BackupFile,
    pub actor: String,
}

pub fn settings_show(ledger: &mut Ledger, _: NoArgs) -> Result<BackupSettings> {
    read_settings(ledger.store.conn())
}

pub fn settings_set(ledger: &mut Ledger, args: BackupSettingsSet) -> Result<BackupSettings> {
    let folder = args.folder.trim();
    if folder.is_empty() {
        return Err(Error::invalid("folder", "备份文件夹", "请选择或填写一个文件夹（最好是 U 盘或另一块硬盘）"));
    }
    if !Path::new(folder).is_dir() {
        return Err(Error::invalid("folder", "备份文件夹", format!("{folder} 不存在，请检查 U 盘是否插好")));
    }
    let keep = args.keep.unwrap_or(DEFAULT_KEEP);
    if !(1..=MAX_KEEP).contains(&keep) {
        return Err(Error::invalid("keep", "保留份数", format!("请填写 1 到 {MAX_KEEP} 之间的数")));
    }
    let set = BackupSettings { folder: Some(folder.to_owned()), keep };
    let json = serde_json::to_string(&set)?;
    ledger.store.write_local(|tx| settings::put_local(tx, SETTINGS_KEY, &json))?;
    Ok(set)
}

/// Backs the ledger up into the folder set, then removes this device's
/// oldest backups beyond the number kept (never the one just made).
pub fn make(ledger: &mut Ledger, _: NoArgs) -> Result<BackupMade> {
    let settings = read_settings(ledger.store.conn())?;
    let folder = folder_of(&settings)?;
    let device = device_label(ledger);
    let stamp = ledger.clock.now().with_timezone(&china()).format("%Y%m%d-%H%M%S");
    let dest = crate::files::free_path(&folder, &format!("{PREFIX}{device}-{stamp}"), EXTENSION);
    copy_with_keyring(ledger, &dest)?;
    let mut files = list_files(&folder, &format!("{PREFIX}{device}-"))?;
    let mut removed = Vec::new();
    while files.len() > settings.keep as usize {
        let oldest = files.pop().expect("more than kept");
        if Path::new(&oldest.path) != dest {
            let _ = std::fs::remove_file(&oldest.path);
            let _ = std::fs::remove_file(keyring::path_beside(Path::new(&oldest.path)));
            removed.push(oldest.file_name);
        }
    }
    Ok(BackupMade { file: file_of(&dest)?, removed })
}

/// The automatic backup: made when a folder is set and this device's newest
/// backup there is a day old or more; nothing otherwise.
pub fn auto(ledger: &mut Ledger, _: NoArgs) -> Result<Option<BackupMade>> {
    let settings = read_settings(ledger.store.conn())?;
    let Some(folder) = settings.folder.as_deref().map(PathBuf::from) else { return Ok(None) };
    let newest = list_files(&folder, &format!("{PREFIX}{}-", device_label(ledger)))?.into_iter().next();
    let now = ledger.clock.now();
    let fresh = newest.and_then(|f| DateTime::parse_from_rfc3339(&f.made_at).ok()).is_some_and(|made| {
        now.signed_duration_since(made.with_timezone(&Utc)) < chrono::Duration::hours(AUTO_EVERY_HOURS)
    });
    if fresh { Ok(None) } else { make(ledger, NoArgs {}).map(Some) }
}

pub fn list(ledger: &mut Ledger, _: NoArgs) -> Result<BackupFolder> {
    let settings = read_settings(ledger.store.conn())?;
    let files = match settings.folder.as_deref() {
        Some(folder) => list_files(Path::new(folder), &format!("{PREFIX}{}-", device_label(ledger)))?,
        None => Vec::new(),
    };
    Ok(BackupFolder { settings, files })
}

/// Checks a backup whole (SQLite's integrity check) and says what it holds.
pub fn verify(ledger: &mut Ledger, args: BackupPath) -> Result<BackupInfo> {
    let path = PathBuf::from(args.path.trim());
    let conn = backup::open_checked(&path, ledger.store.key())?;
    info(&conn, &path)
}

/// Replaces this ledger with a backup of it: the backup is checked whole
/// first, must be this device's own (or the ledger not yet set up), and the
/// ledger as it was is backed up beside it before anything is replaced.
pub fn restore(ledger: &mut Ledger, args: BackupRestore) -> Result<Restored> {
    let actor =
        crate::domain::intake::required_text(&args.actor, "actor", "经办人", crate::domain::intake::MAX_NAME_CHARS)?;
    let path = PathBuf::from(args.path.trim());
    let source = backup::open_checked(&path, ledger.store.key())?;
    let from = info(&source, &path)?;
    if let Some(mine) = device::load(ledger.store.conn())?
        && from.device_id.as_deref() != Some(mine.device_id.as_str())
    {
        return Err(Error::refused(format!(
            "这个备份属于另一台设备（{}），不能恢复到本机“{}”：恢复后两台设备会冒用同一身份。新电脑请在首次启动时恢复。",
            from.device_name.as_deref().unwrap_or("未设置的台账"),
            mine.name
        )));
    }
    let folder = match read_settings(ledger.store.conn())?.folder {
        Some(folder) => PathBuf::from(folder),
        None => ledger_folder(ledger)?,
    };
    let stamp = ledger.clock.now().with_timezone(&china()).format("%Y%m%d-%H%M%S");
    let safety =
        crate::files::free_path(&folder, &format!("{BEFORE_RESTORE}{}-{stamp}", device_label(ledger)), EXTENSION);
    copy_with_keyring(ledger, &safety)?;
    ledger.store.restore_from(&source)?;
    // Said on stderr for whoever runs the command line; a closed stderr loses it.
    let _ = writeln!(
        std::io::stderr(),
        "{actor} 从备份 {} 恢复了台账；恢复前的台账已另存为 {}。",
        path.display(),
        safety.display()
    );
    Ok(Restored { from, safety_copy: file_of(&safety)?, actor })
}

/// Copies the ledger to `dest`, and its keyring beside the copy: a backup
/// of an encrypted ledger opens on a new computer with the same names and
/// passphrases as the ledger had when it was made.
fn copy_with_keyring(ledger: &Ledger, dest: &Path) -> Result<()> {
    backup::copy_to(ledger.store.conn(), dest, ledger.store.key())?;
    let live = ledger.store.conn().path().filter(|p| !p.is_empty()).map(PathBuf::from);
    if let Some(keys) = live.map(|p| keyring::Keyring::load(&p)).transpose()?.flatten() {
        keys.save(dest)?;
    }
    Ok(())
}

/// SQLite's quick check of the ledger in use, at the first start of each
/// day (the ledger's day): it reads the whole file, seconds for a township's
/// years of cases, and holds the ledger while it runs. A damaged ledger
/// fails it every time until restored, since only a passed check is recorded.
pub fn check(ledger: &mut Ledger, _: NoArgs) -> Result<NoArgs> {
    let conn = ledger.store.conn();
    let today = ledger.clock.today().to_string();
    if settings::get(conn, LAST_CHECK_KEY)?.is_some_and(|day| day == today) {
        return Ok(NoArgs {});
    }
    let path = conn.path().map(PathBuf::from).unwrap_or_default();
    backup::quick_check(conn, &path)?;
    ledger.store.write_local(|tx| settings::put_local(tx, LAST_CHECK_KEY, &today))?;
    Ok(NoArgs {})
}

fn read_settings(conn: &rusqlite::Connection) -> Result<BackupSettings> {
    Ok(match settings::get(conn, SETTINGS_KEY)? {
        Some(json) => serde_json::from_str(&json)?,
        None => BackupSettings { folder: None, keep: DEFAULT_KEEP },
    })
}

fn folder_of(settings: &BackupSettings) -> Result<PathBuf> {
    let folder = settings
        .folder
        .as_deref()
        .ok_or_else(|| Error::invalid("folder", "备份文件夹", "还没有选择备份文件夹，请先在“备份”页选择"))?;
    let folder = PathBuf::from(folder);
    if !folder.is_dir() {
        return Err(Error::invalid(
            "folder",
            "备份文件夹",
            format!("{} 不存在：请插好 U 盘，或重新选择备份文件夹", folder.display()),
        ));
    }
    Ok(folder)
}

/// The device's name in file names (`未设置` before set-up).
fn device_label(ledger: &Ledger) -> String {
    let name = device::load(ledger.store.conn()).ok().flatten().map_or_else(|| "未设置".to_owned(), |d| d.name);
    crate::files::file_name(&name)
}

fn ledger_folder(ledger: &Ledger) -> Result<PathBuf> {
    ledger
        .store
        .conn()
        .path()
        .and_then(|p| Path::new(p).parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .ok_or_else(|| Error::refused("请先选择备份文件夹：恢复前要先把现在的台账备份下来。"))
}

/// This device's backups in `folder`, newest first (the names sort by time).
fn list_files(folder: &Path, prefix: &str) -> Result<Vec<BackupFile>> {
    let entries = std::fs::read_dir(folder).map_err(|source| Error::File {
        action: "读取",
        path: folder.to_owned(),
        field: "folder",
        source: crate::files::in_chinese(source),
    })?;
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix) && n.ends_with(".sqlite3"))
        })
        .collect();
    paths.sort();
    paths.reverse();
    paths.iter().map(|p| file_of(p)).collect()
}

fn file_of(path: &Path) -> Result<BackupFile> {
    let meta = std::fs::metadata(path).map_err(|source| Error::File {
        action: "读取",
        path: path.to_owned(),
        field: "path",
        source: crate::files::in_chinese(source),
    })?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let made = stamp_in(&name).unwrap_or_else(|| meta.modified().map(DateTime::from).unwrap_or_default());
    Ok(BackupFile { path: path.display().to_string(), file_name: name, bytes: meta.len(), made_at: made.to_rfc3339() })
}

/// The time in a backup's name (`…-20261124-093000.sqlite3`, China time,
/// from the ledger's clock), so "a day old" is judged on the ledger's time.
fn stamp_in(name: &str) -> Option<DateTime<Utc>> {
    let stem = name.strip_suffix(".sqlite3")?;
    let stem = stem.split('（').next()?;
    let at = stem.get(stem.len().checked_sub(15)?..)?;
    let local = chrono::NaiveDateTime::parse_from_str(at, "%Y%m%d-%H%M%S").ok()?;
    Some(local.and_local_timezone(china()).single()?.with_timezone(&Utc))
}

fn info(conn: &rusqlite::Connection, path: &Path) -> Result<BackupInfo> {
    let device = device::load(conn).ok().flatten();
    let (cases, last_change_at) = backup::summary(conn);
    Ok(BackupInfo {
        path: path.display().to_string(),
        device_name: device.as_ref().map(|d| d.name.clone()),
        device_id: device.map(|d| d.device_id),
        cases,
        last_change_at,
        schema_version: conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_is_read_from_the_name_in_china_time() {
        let at = stamp_in("信访台账备份-石岩哨村-20261124-093000.sqlite3").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-24T01:30:00+00:00");
        assert_eq!(stamp_in("信访台账备份-石岩哨村-20261124-093000（2）.sqlite3"), Some(at));
        assert_eq!(stamp_in("信访台账备份-石岩哨村.sqlite3"), None);
        assert_eq!(stamp_in("notes.txt"), None);
    }
}

//! Sign-in (登录): the ledger file is encrypted, and each person opens it
//! with their own name and passphrase. This module sets up a ledger's first
//! account (encrypting a ledger from before this version on the way),
//! signs people in, and says what the sign-in screen needs to know.
//!
//! Setting up never leaves a ledger that nobody can open: the encrypted file
//! is made whole under a temporary name first, then the keyring is written,
//! and only then does the encrypted file take the ledger's name. A power cut
//! at any point leaves either the old ledger with no keyring (set up again)
//! or a keyring whose encrypted file is finished on the next sign-in.

use crate::clock::Clock;
use crate::commands::Ledger;
use crate::domain::account::check_name;
use crate::error::{Error, Result};
use crate::store::keyring::{Keyring, LedgerKey};
use crate::store::{Store, accounts, encryption};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

// The account types are the domain's; they are named here too, where the
// shell, the command line and the tests have always found them.
pub use crate::domain::account::{Account, AccountRole, NewAccount};

/// What the first screen needs before anyone has signed in.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LedgerStatus {
    /// Whether a keyring exists: people sign in; otherwise the first
    /// account is to be set up.
    pub set_up: bool,
    /// An unencrypted ledger from an earlier version is here; setting up
    /// encrypts it, keeping every record.
    pub unencrypted_ledger: bool,
    /// Who may sign in, for the sign-in list.
    pub accounts: Vec<String>,
}

/// Signing in.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SignIn {
    pub name: String,
    pub passphrase: String,
}

/// Where the encrypted ledger is made before it takes the ledger's name.
fn staging_path(ledger: &Path) -> PathBuf {
    let mut p = ledger.as_os_str().to_owned();
    p.push(".encrypting");
    PathBuf::from(p)
}

fn beside(ledger: &Path, suffix: &str) -> PathBuf {
    let mut p = ledger.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

pub fn status(path: &Path) -> Result<LedgerStatus> {
    let keyring = Keyring::load(path)?;
    Ok(LedgerStatus {
        set_up: keyring.is_some(),
        unencrypted_ledger: keyring.is_none() && path.is_file() && !encryption::is_encrypted(path),
        accounts: keyring.map(|k| k.names()).unwrap_or_default(),
    })
}

/// Sets up the ledger at `path` with its first account: a new encrypted
/// ledger, or the unencrypted one already there, encrypted with every record.
pub fn set_up(path: &Path, first: NewAccount, clock: Clock) -> Result<Ledger> {
    if Keyring::load(path)?.is_some() {
        return Err(Error::refused("这本台账已经设置过账号和口令：请登录。"));
    }
    let name = check_name(&first.name)?;
    crate::store::keyring::check_new_passphrase(&first.passphrase)?;
    if !matches!(first.role, AccountRole::Liaison | AccountRole::Clerk) {
        return Err(Error::invalid(
            "role",
            "角色",
            "第一个账号须是村信访员或乡镇信访办工作人员（由他再为领导等建账号）",
        ));
    }
    if path.is_file() && encryption::is_encrypted(path) {
        return Err(Error::refused(format!(
            "台账文件 {} 已加密，但旁边的钥匙文件（.keys）不见了：请从备份中取回它放回原处，不要重新设置。",
            path.display()
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::File {
            action: "建立文件夹",
            path: dir.to_owned(),
            field: "path",
            source: crate::files::in_chinese(source),
        })?;
    }
    let key = LedgerKey::generate()?;
    let account = Account { account_id: crate::store::new_id(), name, role: first.role };
    let staging = staging_path(path);
    // Without a keyring, a staging file is what a cut-off set-up left: no one
    // can open it, and the ledger beside it is still whole.
    remove_if_there(&staging)?;
    if path.is_file() {
        let mut plain = Store::open(path)?;
        plain.export_encrypted(&staging, &key)?;
        encrypt_upgrade_backups(path, &key)?;
    } else {
        drop(Store::create_keyed(&staging, Some(&key))?);
    }
    let mut store = Store::open_keyed(&staging, Some(&key))?;
    let now = clock.now().to_rfc3339();
    store.write_local(|tx| accounts::insert(tx, &account, &now, None))?;
    drop(store);
    let mut keyring = Keyring::new();
    keyring.add(&account.account_id, &account.name, &first.passphrase, &key)?;
    keyring.save(path)?;
    finish_encrypting(path)?;
    open_for(path, &key, account, clock)
}

/// The copies an older, unencrypted ledger left before its upgrades are
/// encrypted with the new key too: no plain copy of residents' data stays.
fn encrypt_upgrade_backups(path: &Path, key: &LedgerKey) -> Result<()> {
    for version in 1..crate::store::SCHEMA_VERSION {
        let copy = crate::store::upgrade_backup_path(path, version);
        if !copy.is_file() || encryption::is_encrypted(&copy) {
            continue;
        }
        let sealed = staging_path(&copy);
        remove_if_there(&sealed)?;
        let plain = rusqlite::Connection::open(&copy).map_err(|source| Error::Open { path: copy.clone(), source })?;
        encryption::export_encrypted(&plain, &sealed, key)?;
        drop(plain);
        std::fs::rename(&sealed, &copy).map_err(|source| Error::File {
            action: "加密",
            path: copy.clone(),
            field: "path",
            source: crate::files::in_chinese(source),
        })?;
    }
    Ok(())
}

/// Signs `sign_in.name` in with their passphrase and opens the ledger.
pub fn sign_in(path: &Path, sign_in: SignIn, clock: Clock) -> Result<Ledger> {
    let keyring =
        Keyring::load(path)?.ok_or_else(|| Error::refused("这本台账还没有设置账号和口令：请先设置第一个账号。"))?;
    let key = keyring.unlock(&sign_in.name, &sign_in.passphrase)?;
    finish_encrypting(path)?;
    let store = Store::open_keyed(path, Some(&key)).map_err(|e| match e {
        // The passphrase opened the keyring, so the keyring is not this file's.
        Error::WrongKey { .. } => Error::refused(format!(
            "钥匙文件 {} 与台账文件 {} 不匹配（可能是从别的台账或别的电脑拷来的），或者台账文件已损坏：请把这本台账自己的 .keys 文件（备份旁边有同名的一份）放回台账旁边。",
            crate::store::keyring::path_beside(path).display(),
            path.display()
        )),
        other => other,
    })?;
    let account_id = keyring.account_id(&sign_in.name).unwrap_or_default();
    let account = accounts::active(store.conn(), account_id)?
        .ok_or_else(|| Error::refused(format!("“{}”的账号已停用：请找本台账的负责人。", sign_in.name)))?;
    Ok(Ledger::signed_in(store, clock, account))
}

fn open_for(path: &Path, key: &LedgerKey, account: Account, clock: Clock) -> Result<Ledger> {
    Ok(Ledger::signed_in(Store::open_keyed(path, Some(key))?, clock, account))
}

/// Gives a finished encrypted ledger its name, once the keyring that opens
/// it is on disk; nothing to do when there is no staging file.
fn finish_encrypting(path: &Path) -> Result<()> {
    let staging = staging_path(path);
    if !staging.is_file() {
        return Ok(());
    }
    // The old ledger was closed (so checkpointed) before its copy was made;
    // its WAL must not be replayed into the new file.
    for suffix in ["-wal", "-shm"] {
        remove_if_there(&beside(path, suffix))?;
    }
    std::fs::rename(&staging, path).map_err(|source| Error::File {
        action: "改名",
        path: staging.clone(),
        field: "path",
        source: crate::files::in_chinese(source),
    })?;
    if let Some(dir) = path.parent().and_then(|d| std::fs::File::open(d).ok()) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::File {
            action: "删除",
            path: path.to_owned(),
            field: "path",
            source: crate::files::in_chinese(source),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(name: &str) -> NewAccount {
        NewAccount { name: name.into(), role: AccountRole::Liaison, passphrase: "石岩哨村口令2026".into() }
    }

    #[test]
    fn a_new_ledger_is_set_up_encrypted_and_signed_in_by_name_and_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join("ledger.sqlite3");
        let before = status(&path).unwrap();
        assert!(!before.set_up && !before.unencrypted_ledger);
        let ledger = set_up(&path, first(" 王芳 "), Clock::System).unwrap();
        assert_eq!(ledger.account.as_ref().unwrap().name, "王芳");
        drop(ledger);
        assert!(encryption::is_encrypted(&path));
        assert!(!staging_path(&path).exists());
        let after = status(&path).unwrap();
        assert!(after.set_up);
        assert_eq!(after.accounts, vec!["王芳".to_owned()]);
        assert_eq!(set_up(&path, first("李明"), Clock::System).err().unwrap().kind(), "refused");
        let wrong = SignIn { name: "王芳".into(), passphrase: "不是这个口令".into() };
        assert_eq!(sign_in(&path, wrong, Clock::System).err().unwrap().field(), Some("passphrase"));
        let right = SignIn { name: "王芳".into(), passphrase: "石岩哨村口令2026".into() };
        let ledger = sign_in(&path, right, Clock::System).unwrap();
        assert_eq!(ledger.account.unwrap().role, AccountRole::Liaison);
    }

    #[test]
    fn an_unencrypted_ledger_is_encrypted_with_every_record_on_set_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite3");
        let mut old = Ledger::new(Store::create(&path).unwrap(), Clock::System);
        crate::dispatch(&mut old, "device_init", serde_json::json!({"role": "village", "name": "石岩哨村"})).unwrap();
        drop(old);
        assert!(status(&path).unwrap().unencrypted_ledger);
        let mut ledger = set_up(&path, first("王芳"), Clock::System).unwrap();
        let shown = crate::dispatch(&mut ledger, "device_show", serde_json::json!({})).unwrap();
        assert_eq!(shown["device"]["name"], "石岩哨村");
        drop(ledger);
        assert!(encryption::is_encrypted(&path));
        assert!(!beside(&path, "-wal").exists() || encryption::is_encrypted(&beside(&path, "-wal")));
    }

    #[test]
    fn a_set_up_cut_off_after_the_keyring_is_finished_by_the_next_sign_in() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite3");
        let mut old = Ledger::new(Store::create(&path).unwrap(), Clock::System);
        crate::dispatch(&mut old, "device_init", serde_json::json!({"role": "village", "name": "石岩哨村"})).unwrap();
        drop(old);
        set_up(&path, first("王芳"), Clock::System).unwrap();
        // Put the state back to "keyring written, encrypted file not yet renamed".
        std::fs::rename(&path, staging_path(&path)).unwrap();
        let mut plain = Ledger::new(Store::create(&path).unwrap(), Clock::System);
        crate::dispatch(&mut plain, "device_init", serde_json::json!({"role": "village", "name": "旧"})).unwrap();
        drop(plain);
        let right = SignIn { name: "王芳".into(), passphrase: "石岩哨村口令2026".into() };
        let mut ledger = sign_in(&path, right, Clock::System).unwrap();
        let shown = crate::dispatch(&mut ledger, "device_show", serde_json::json!({})).unwrap();
        assert_eq!(shown["device"]["name"], "石岩哨村");
        assert!(!staging_path(&path).exists());
    }

    #[test]
    fn an_encrypted_ledger_without_its_keyring_is_not_set_up_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite3");
        drop(set_up(&path, first("王芳"), Clock::System).unwrap());
        std::fs::remove_file(crate::store::keyring::path_beside(&path)).unwrap();
        let e = set_up(&path, first("王芳"), Clock::System).err().unwrap();
        assert!(e.to_string().contains(".keys"), "{e}");
        assert!(encryption::is_encrypted(&path));
    }

    #[test]
    fn a_keyring_from_another_ledger_is_named_as_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite3");
        let other = dir.path().join("other.sqlite3");
        drop(set_up(&path, first("王芳"), Clock::System).unwrap());
        drop(set_up(&other, first("王芳"), Clock::System).unwrap());
        let keys = crate::store::keyring::path_beside(&path);
        std::fs::copy(crate::store::keyring::path_beside(&other), &keys).unwrap();
        let right = SignIn { name: "王芳".into(), passphrase: "石岩哨村口令2026".into() };
        let e = sign_in(&path, right, Clock::System).err().unwrap();
        let text = e.to_string();
        assert!(text.contains(&format!("钥匙文件 {} 与台账文件", keys.display())) && text.contains("不匹配"), "{text}");
    }

    #[test]
    fn the_first_account_must_be_one_who_can_add_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite3");
        let viewer = NewAccount { role: AccountRole::Viewer, ..first("王芳") };
        assert_eq!(set_up(&path, viewer, Clock::System).err().unwrap().field(), Some("role"));
        assert_eq!(set_up(&path, first(""), Clock::System).err().unwrap().field(), Some("name"));
        assert!(!path.exists() && !crate::store::keyring::path_beside(&path).exists());
    }
}

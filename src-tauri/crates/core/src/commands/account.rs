//! The people who sign in to this install (账号): who is signed in, adding
//! and removing people, and changing one's own passphrase. Each change is
//! made in the ledger (role) and in the keyring beside it (the person's copy
//! of the key).

use super::{Ledger, NoArgs};
use crate::domain::account::{Account, NewAccount, check_name};
use crate::error::{Error, Result};
use crate::store::accounts;
use crate::store::keyring::Keyring;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AccountName {
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PassphraseChange {
    pub old: String,
    pub new: String,
}

/// Who is signed in (none on the command line).
pub fn me(ledger: &mut Ledger, _: NoArgs) -> Result<Option<Account>> {
    Ok(ledger.account.clone())
}

pub fn list(ledger: &mut Ledger, _: NoArgs) -> Result<Vec<Account>> {
    accounts::list_active(ledger.store.conn())
}

/// A new account with its own passphrase, set by the new person at this
/// computer.
pub fn add(ledger: &mut Ledger, new: NewAccount) -> Result<Account> {
    let (path, mut keyring) = keyring_of(ledger)?;
    let key = ledger.store.key().cloned().ok_or_else(not_encrypted)?;
    let account = Account { account_id: crate::store::new_id(), name: check_name(&new.name)?, role: new.role };
    keyring.add(&account.account_id, &account.name, &new.passphrase, &key)?;
    let by = ledger.account.as_ref().map(|a| a.account_id.as_str());
    let now = ledger.clock.now().to_rfc3339();
    ledger.store.write_local(|tx| accounts::insert(tx, &account, &now, by)).map_err(|e| match e {
        Error::Database(_) => {
            Error::invalid("name", "姓名", format!("“{}”已有账号（或曾经有过），请换一个", account.name))
        }
        other => other,
    })?;
    keyring.save(&path)?;
    Ok(account)
}

/// Takes a person's account away: their passphrase opens the ledger no more.
/// The row stays, so the audit trail still names them.
pub fn remove(ledger: &mut Ledger, args: AccountName) -> Result<Vec<Account>> {
    let (path, mut keyring) = keyring_of(ledger)?;
    if ledger.account.as_ref().is_some_and(|a| a.name == args.name) {
        return Err(Error::refused("不能删除自己正在使用的账号。"));
    }
    let account_id = keyring.account_id(&args.name).map(str::to_owned);
    keyring.remove(&args.name)?;
    keyring.save(&path)?;
    if let Some(id) = account_id {
        let now = ledger.clock.now().to_rfc3339();
        ledger.store.write_local(|tx| accounts::mark_removed(tx, &id, &now))?;
    }
    accounts::list_active(ledger.store.conn())
}

/// Changes the signed-in person's own passphrase; the ledger's pages are not
/// touched, so nothing in them can be lost.
pub fn change_passphrase(ledger: &mut Ledger, args: PassphraseChange) -> Result<NoArgs> {
    let name = ledger.account.as_ref().map(|a| a.name.clone()).ok_or_else(|| Error::refused("请先登录。"))?;
    let (path, mut keyring) = keyring_of(ledger)?;
    keyring.change_passphrase(&name, &args.old, &args.new).map_err(|e| match e.field() {
        // The old passphrase was the wrong one: say which box.
        Some("passphrase") if keyring.unlock(&name, &args.old).is_err() => {
            Error::invalid("old", "原口令", "不对，请重新输入")
        }
        _ => e,
    })?;
    keyring.save(&path)?;
    Ok(NoArgs {})
}

fn keyring_of(ledger: &Ledger) -> Result<(PathBuf, Keyring)> {
    let path = ledger.store.conn().path().filter(|p| !p.is_empty()).map(PathBuf::from).ok_or_else(not_encrypted)?;
    let keyring = Keyring::load(&path)?.ok_or_else(not_encrypted)?;
    Ok((path, keyring))
}

fn not_encrypted() -> Error {
    Error::refused("这本台账没有设置账号和口令（未加密）：请在桌面程序中设置第一个账号。")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Clock;
    use crate::session::{self, AccountRole, SignIn};
    use serde_json::json;

    const PASS: &str = "石岩哨村口令2026";

    #[test]
    fn a_worker_adds_a_viewer_who_signs_in_with_their_own_passphrase_and_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite3");
        let first = NewAccount { name: "王芳".into(), role: AccountRole::Liaison, passphrase: PASS.into() };
        let mut ledger = session::set_up(&path, first, Clock::System).unwrap();
        let viewer = json!({"name": "赵主任", "role": "viewer", "passphrase": "查看的口令abc"});
        crate::dispatch(&mut ledger, "account_add", viewer.clone()).unwrap();
        assert_eq!(crate::dispatch(&mut ledger, "account_add", viewer).unwrap_err().field(), Some("name"));
        let sign_in = |name: &str, passphrase: &str| {
            session::sign_in(&path, SignIn { name: name.into(), passphrase: passphrase.into() }, Clock::System)
        };
        let mut as_viewer = sign_in("赵主任", "查看的口令abc").unwrap();
        assert_eq!(as_viewer.account.as_ref().unwrap().role, AccountRole::Viewer);
        let e =
            crate::dispatch(&mut as_viewer, "account_add", json!({"name": "x", "role": "clerk", "passphrase": PASS}))
                .unwrap_err();
        assert_eq!(e.kind(), "forbidden");
        let change = json!({"old": "查看的口令abc", "new": "新的查看口令xyz"});
        crate::dispatch(&mut as_viewer, "account_passphrase", change).unwrap();
        drop(as_viewer);
        assert!(sign_in("赵主任", "查看的口令abc").is_err());
        assert!(sign_in("赵主任", "新的查看口令xyz").is_ok());

        assert_eq!(
            crate::dispatch(&mut ledger, "account_remove", json!({"name": "王芳"})).unwrap_err().kind(),
            "refused"
        );
        let left = crate::dispatch(&mut ledger, "account_remove", json!({"name": "赵主任"})).unwrap();
        assert_eq!(left.as_array().unwrap().len(), 1);
        assert_eq!(sign_in("赵主任", "新的查看口令xyz").err().unwrap().field(), Some("name"));
    }
}

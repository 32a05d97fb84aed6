//! Accounts (账号): the people who sign in to a ledger and the role each has.
//! Signing in is `session`'s; what each role may do is `access`'s.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a person may do (角色). Enforced by the command layer, not only by
/// what the screens show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AccountRole {
    /// 村信访员: records and handles the village's cases.
    Liaison,
    /// 乡镇信访办工作人员: imports, assigns, feeds back, reports.
    Clerk,
    /// 领导: reads cases and reports; ID numbers and phones masked unless
    /// shown for a stated reason.
    Leader,
    /// 查看: reads, masked, changes nothing.
    Viewer,
}

/// A person who signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Account {
    pub account_id: String,
    pub name: String,
    pub role: AccountRole,
}

/// A new account: the first one of a ledger, or one added later.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct NewAccount {
    pub name: String,
    pub role: AccountRole,
    pub passphrase: String,
}

const MAX_NAME_CHARS: usize = 20;

/// Checks a person's name as an account name.
pub fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "姓名", "请填写"));
    }
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(Error::invalid("name", "姓名", format!("最多 {MAX_NAME_CHARS} 个字，不能含换行等控制字符")));
    }
    Ok(name.to_owned())
}

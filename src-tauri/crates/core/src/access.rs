//! Who may do what (权限), checked once for every command before its handler
//! runs, so a screen that forgets to hide a button still cannot do what the
//! role forbids.
//!
//! Each command declares its [`Access`] class beside its name in its
//! crate's command table (the core's `commands!`, sync's, print's,
//! sheets'): a command without one does not compile, and the router, the
//! typed calls and `xinfang call --list` all read the class from there.
//!
//! - 村信访员 (liaison) and 乡镇信访办工作人员 (clerk) do the work: every command.
//! - 领导 (leader) reads, commissions cases (交办), takes the statistics out,
//!   and may see one person's ID number or phone for a stated reason.
//! - 查看 (viewer) reads, masked, and changes nothing.
//!
//! The command line and the tests act for the install itself (no account):
//! they are not limited here.

use crate::domain::account::{Account, AccountRole};
use crate::error::{Error, Result};
use serde::Serialize;
use ts_rs::TS;

/// Who may run a command (访问类别), declared in its command table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Access {
    /// Reads and takes nothing out of the ledger: every role.
    Read,
    /// A person's own things (an unsaved form, their passphrase) and the
    /// upkeep the app runs for whoever signs in (the daily check and
    /// backup): every role.
    Own,
    /// Prints or saves a document: every role as a command; which documents
    /// a role may print is checked by [`permit_personal_document`].
    Print,
    /// What a leader does beyond reading: commissions a case, reveals one
    /// number for a stated reason, takes the statistics out.
    Lead,
    /// Changes the ledger or takes records out of it: liaisons and clerks.
    Work,
    /// Signing in and out, and the training demo: the shell's own, run for
    /// whoever is at the keyboard before any account is signed in.
    Session,
}

impl Access {
    /// The class as the catalogue and the UI's generated types spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Own => "own",
            Access::Print => "print",
            Access::Lead => "lead",
            Access::Work => "work",
            Access::Session => "session",
        }
    }

    /// Who may run a command of this class, in words (`xinfang call --list`).
    pub fn who(self) -> &'static str {
        match self {
            Access::Read => "所有角色（只读）",
            Access::Own => "所有角色（本人的草稿、口令和每日检查）",
            Access::Print => "所有角色（含个人信息的文书只限村信访员和乡镇工作人员）",
            Access::Lead => "村信访员、乡镇信访办工作人员、领导",
            Access::Work => "村信访员、乡镇信访办工作人员",
            Access::Session => "任何人（登录之前）",
        }
    }
}

/// The Chinese name of a role, for messages.
pub fn role_label(role: AccountRole) -> &'static str {
    match role {
        AccountRole::Liaison => "村信访员",
        AccountRole::Clerk => "乡镇信访办工作人员",
        AccountRole::Leader => "领导",
        AccountRole::Viewer => "查看",
    }
}

fn allowed(role: AccountRole, access: Access) -> bool {
    match role {
        AccountRole::Liaison | AccountRole::Clerk => true,
        AccountRole::Leader => access != Access::Work,
        AccountRole::Viewer => matches!(access, Access::Read | Access::Own | Access::Print | Access::Session),
    }
}

/// What the signed-in account may do, for the screens to offer only that;
/// the rules are the ones [`permit`], [`may_reveal`] and
/// [`permit_personal_document`] apply when a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Permissions {
    /// Change the ledger: record, handle, settle, set up (class `work`).
    pub work: bool,
    /// See a person's whole ID number and phone, for a stated reason.
    pub reveal: bool,
    /// Print or save documents with residents' personal data.
    pub print_personal: bool,
}

pub fn permissions(account: &Account) -> Permissions {
    let a = Some(account);
    Permissions {
        work: permit(a, Access::Work).is_ok(),
        reveal: may_reveal(a).is_ok(),
        print_personal: permit_personal_document(a).is_ok(),
    }
}

/// Refuses a command of class `access` to an account whose role may not
/// run it.
pub fn permit(account: Option<&Account>, access: Access) -> Result<()> {
    match account {
        Some(a) if !allowed(a.role, access) => Err(forbidden(a, "这项操作")),
        _ => Ok(()),
    }
}

/// Documents with residents' ID numbers, phones and disputes (agreements,
/// registers, revisit records, case files) are printed by those who handle
/// the cases; leaders and viewers print the statistics and the guide.
pub fn permit_personal_document(account: Option<&Account>) -> Result<()> {
    match account {
        Some(a) if !matches!(a.role, AccountRole::Liaison | AccountRole::Clerk) => {
            Err(forbidden(a, "打印或保存含有个人信息的文书"))
        }
        _ => Ok(()),
    }
}

/// Whether the account sees ID numbers and phones only masked, unless one
/// is shown for a stated reason (`person_reveal`).
pub fn may_reveal(account: Option<&Account>) -> Result<()> {
    match account {
        Some(a) if a.role == AccountRole::Viewer => Err(forbidden(a, "查看完整的身份证号码和电话")),
        _ => Ok(()),
    }
}

/// Whether the account sees cases marked as reports against officials
/// (检举、揭发): only those who handle them, liaisons and clerks (and the
/// install itself). To anyone else such a case does not exist: it is left
/// out of every list and "not found" by its number.
pub fn sees_confidential(account: Option<&Account>) -> bool {
    account.is_none_or(|a| matches!(a.role, AccountRole::Liaison | AccountRole::Clerk))
}

/// The name and role an audit record gives to who asked: the account, or the
/// install itself (the command line).
pub fn who(account: Option<&Account>) -> (String, Option<AccountRole>) {
    match account {
        Some(a) => (a.name.clone(), Some(a.role)),
        None => ("（命令行）".to_owned(), None),
    }
}

fn forbidden(a: &Account, what: &str) -> Error {
    Error::Forbidden { role: role_label(a.role), what: what.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_role(role: AccountRole) -> Account {
        Account { account_id: "a".into(), name: "王芳".into(), role }
    }

    /// The screens offer what the commands will allow: each role's
    /// permissions are the checks themselves, not a second list.
    #[test]
    fn permissions_are_what_the_checks_allow() {
        let by_role = |role| {
            let p = permissions(&as_role(role));
            (p.work, p.reveal, p.print_personal)
        };
        assert_eq!(by_role(AccountRole::Liaison), (true, true, true));
        assert_eq!(by_role(AccountRole::Clerk), (true, true, true));
        assert_eq!(by_role(AccountRole::Leader), (false, true, false));
        assert_eq!(by_role(AccountRole::Viewer), (false, false, false));
    }

    #[test]
    fn workers_do_everything_leaders_lead_and_viewers_only_read() {
        let [liaison, clerk, leader, viewer] =
            [AccountRole::Liaison, AccountRole::Clerk, AccountRole::Leader, AccountRole::Viewer].map(as_role);
        for a in [&liaison, &clerk] {
            for access in [Access::Read, Access::Own, Access::Print, Access::Lead, Access::Work] {
                assert!(permit(Some(a), access).is_ok());
            }
        }
        for access in [Access::Read, Access::Own, Access::Print, Access::Lead] {
            assert!(permit(Some(&leader), access).is_ok());
        }
        assert_eq!(permit(Some(&leader), Access::Work).unwrap_err().kind(), "forbidden");
        for access in [Access::Read, Access::Own, Access::Print] {
            assert!(permit(Some(&viewer), access).is_ok());
        }
        for access in [Access::Lead, Access::Work] {
            let e = permit(Some(&viewer), access).unwrap_err();
            assert!(e.to_string().contains("查看"), "{e}");
        }
        assert!(permit(None, Access::Work).is_ok(), "the install itself (command line)");
        assert!(permit_personal_document(Some(&leader)).is_err());
        assert!(permit_personal_document(Some(&clerk)).is_ok());
        assert!(may_reveal(Some(&viewer)).is_err());
        assert!(may_reveal(Some(&leader)).is_ok());
        assert!(sees_confidential(Some(&liaison)) && sees_confidential(Some(&clerk)) && sees_confidential(None));
        assert!(!sees_confidential(Some(&leader)) && !sees_confidential(Some(&viewer)));
    }
}

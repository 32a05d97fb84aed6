//! Who may do what (权限), checked by every crate's command dispatch before a
//! handler runs, so a screen that forgets to hide a button still cannot do
//! what the role forbids.
//!
//! - 村信访员 (liaison) and 乡镇信访办工作人员 (clerk) do the work: every command.
//! - 领导 (leader) reads, commissions cases (交办), takes the statistics out,
//!   and may see one person's ID number or phone for a stated reason.
//! - 查看 (viewer) reads, masked, and changes nothing.
//!
//! A command not listed here is the workers' alone: a new command is closed
//! to leaders and viewers until it is deliberately opened.
//!
//! The command line and the tests act for the install itself (no account):
//! they are not limited here.

use crate::domain::account::{Account, AccountRole};
use crate::error::{Error, Result};

/// Commands that read and take nothing out of the ledger: every role.
/// Also the checks and the daily backup the app runs for whoever signs in,
/// and drafts (a person's own unsaved form).
const READS: &[&str] = &[
    "device_show",
    "clock_now",
    "case_list",
    "case_show",
    "conflict_list",
    "visit_similar",
    "today",
    "person_find",
    "agreement_show",
    "attachment_list",
    "attachment_preview",
    "screening_list",
    "report_show",
    "report_cases",
    "report_villages",
    "categories",
    "time_limits",
    "deadline_rules",
    "settings_show",
    "sync_status",
    "sync_identity",
    "sync_places",
    "chain_verify",
    "backup_settings",
    "backup_list",
    "backup_auto",
    "ledger_check",
    "draft_save",
    "draft_load",
    "draft_clear",
    "account_me",
    "account_passphrase",
    "access_list",
    "case_changes",
    "print_targets",
    "print_preview",
];

/// What a leader may do beyond reading. The print commands are open to
/// leaders and viewers as commands; which documents they may print is
/// checked by [`permit_personal_document`].
const LEADS: &[&str] = &["case_assign", "person_reveal", "report_xlsx", "print_save", "print_send"];

/// The Chinese name of a role, for messages.
pub fn role_label(role: AccountRole) -> &'static str {
    match role {
        AccountRole::Liaison => "村信访员",
        AccountRole::Clerk => "乡镇信访办工作人员",
        AccountRole::Leader => "领导",
        AccountRole::Viewer => "查看",
    }
}

fn allowed(role: AccountRole, command: &str) -> bool {
    match role {
        AccountRole::Liaison | AccountRole::Clerk => true,
        AccountRole::Leader => READS.contains(&command) || LEADS.contains(&command),
        AccountRole::Viewer => READS.contains(&command) || matches!(command, "print_save" | "print_send"),
    }
}

/// Refuses `command` to an account whose role may not run it.
pub fn permit(account: Option<&Account>, command: &str) -> Result<()> {
    match account {
        Some(a) if !allowed(a.role, command) => Err(forbidden(a, "这项操作")),
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

    #[test]
    fn workers_do_everything_leaders_lead_and_viewers_only_read() {
        let [liaison, clerk, leader, viewer] =
            [AccountRole::Liaison, AccountRole::Clerk, AccountRole::Leader, AccountRole::Viewer].map(as_role);
        for a in [&liaison, &clerk] {
            assert!(permit(Some(a), "visit_add").is_ok());
            assert!(permit(Some(a), "sync_export").is_ok());
        }
        assert!(permit(Some(&leader), "case_assign").is_ok());
        assert!(permit(Some(&leader), "person_reveal").is_ok());
        assert_eq!(permit(Some(&leader), "visit_add").unwrap_err().kind(), "forbidden");
        assert!(permit(Some(&viewer), "case_show").is_ok());
        assert!(permit(Some(&viewer), "deadline_rules").is_ok(), "the help page cites the rules to everyone");
        for command in ["visit_add", "case_assign", "person_reveal", "sync_export", "backup_make", "a_new_command"] {
            let e = permit(Some(&viewer), command).unwrap_err();
            assert!(e.to_string().contains("查看"), "{e}");
        }
        assert!(permit(None, "visit_add").is_ok(), "the install itself (command line)");
        assert!(permit_personal_document(Some(&leader)).is_err());
        assert!(permit_personal_document(Some(&clerk)).is_ok());
        assert!(may_reveal(Some(&viewer)).is_err());
        assert!(may_reveal(Some(&leader)).is_ok());
        assert!(sees_confidential(Some(&liaison)) && sees_confidential(Some(&clerk)) && sees_confidential(None));
        assert!(!sees_confidential(Some(&leader)) && !sees_confidential(Some(&viewer)));
    }
}

//! Signing in and locking (登录、锁定) in the app. The app starts with no
//! ledger open: the key that decrypts the file exists only after a person
//! signs in (`xinfang_core::session`), and locking drops the open ledger,
//! so the key and every record leave memory with it.
//!
//! The app locks itself after a spell of inactivity: the UI says when a
//! person is active (`session_touch`), and a command arriving after the
//! limit finds the ledger locked, whatever the UI did or did not do. What the
//! app runs by itself (the automatic sync) does not count as activity.

use crate::error::Error;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use ts_rs::TS;
use xinfang_core::access::{self, Access, Permissions};
use xinfang_core::commands::{CommandInfo, NoArgs, args};
use xinfang_core::session::{self, Account, LedgerStatus, NewAccount, SignIn};
use xinfang_core::{Clock, Ledger};

/// Minutes without activity before the app locks; `XINFANG_IDLE_MINUTES`
/// overrides it (e.g. a desk in a locked office, or the tests).
pub const IDLE_MINUTES: u32 = 15;
pub const IDLE_ENV: &str = "XINFANG_IDLE_MINUTES";

/// Commands the app runs by itself: the 同步 page's automatic sync every few
/// minutes, and the check and daily backup after start. They keep nobody
/// signed in.
const UNATTENDED: &[&str] = &["sync_over_http", "sync_status", "backup_auto", "ledger_check"];

/// What the UI shows: the sign-in screen's list, or who is signed in.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SessionStatus {
    pub ledger: LedgerStatus,
    /// Who is signed in; none while locked.
    pub account: Option<Account>,
    /// What that account may do (the core's rules), to offer only that.
    pub may: Option<Permissions>,
    pub idle_minutes: u32,
}

/// The ledger file, and when the person signed in last did something.
pub struct Session {
    path: PathBuf,
    clock: Clock,
    idle: Duration,
    last_active: Mutex<Instant>,
}

impl Session {
    pub fn new(path: PathBuf, clock: Clock, idle_minutes: u32) -> Session {
        Session {
            path,
            clock,
            idle: Duration::from_secs(u64::from(idle_minutes) * 60),
            last_active: Mutex::new(Instant::now()),
        }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    fn idle_minutes(&self) -> u32 {
        (self.idle.as_secs() / 60) as u32
    }

    fn status(&self, ledger: &Option<Ledger>) -> Result<SessionStatus, Error> {
        Ok(SessionStatus {
            ledger: session::status(&self.path)?,
            account: ledger.as_ref().and_then(|l| l.account.clone()),
            may: ledger.as_ref().and_then(|l| l.account.as_ref()).map(access::permissions),
            idle_minutes: self.idle_minutes(),
        })
    }

    fn touch(&self) -> Result<(), Error> {
        *self.last_active.lock().map_err(|_| Error::Poisoned)? = Instant::now();
        Ok(())
    }

    /// The open ledger for `command`: locked (and dropped) first when the
    /// person has been away longer than the limit. A command the app runs by
    /// itself ([`UNATTENDED`]) does not count as the person being there.
    pub fn ledger<'a>(&self, ledger: &'a mut Option<Ledger>, command: &str) -> Result<&'a mut Ledger, Error> {
        let idle_for = self.last_active.lock().map_err(|_| Error::Poisoned)?.elapsed();
        if ledger.is_some() && idle_for > self.idle {
            *ledger = None;
            return Err(Error::Locked { minutes: self.idle_minutes() });
        }
        if !UNATTENDED.contains(&command) {
            self.touch()?;
        }
        ledger.as_mut().ok_or(Error::Locked { minutes: 0 })
    }

    /// Runs a session operation on the ledger slot.
    pub fn run(
        &self,
        ledger: &mut Option<Ledger>,
        name: &str,
        args: serde_json::Value,
    ) -> Result<SessionStatus, Error> {
        match name {
            "session_set_up" => {
                let first: NewAccount = args::parse(name, args)?;
                *ledger = None;
                *ledger = Some(session::set_up(&self.path, first, self.clock)?);
                self.touch()?;
            }
            "session_sign_in" => {
                let who: SignIn = args::parse(name, args)?;
                *ledger = None;
                *ledger = Some(session::sign_in(&self.path, who, self.clock)?);
                self.touch()?;
            }
            "session_lock" => {
                args::parse::<NoArgs>(name, args)?;
                *ledger = None;
            }
            "session_touch" => {
                args::parse::<NoArgs>(name, args)?;
                // Touching after the limit is too late: the lock stands.
                self.ledger(ledger, name)?;
            }
            _ => args::parse::<NoArgs>(name, args).map(drop)?,
        }
        self.status(ledger)
    }
}

/// The idle limit from `XINFANG_IDLE_MINUTES`, else [`IDLE_MINUTES`].
pub fn idle_minutes_from_env() -> Result<u32, String> {
    match std::env::var(IDLE_ENV) {
        Ok(v) => v
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=24 * 60).contains(m))
            .ok_or_else(|| format!("环境变量 {IDLE_ENV}={v} 不对：应为 1 到 1440 之间的分钟数")),
        Err(_) => Ok(IDLE_MINUTES),
    }
}

pub fn is_session_command(name: &str) -> bool {
    catalogue().iter().any(|c| c.name == name)
}

/// The session's operations, for the UI's typed `call`.
pub fn catalogue() -> Vec<CommandInfo> {
    vec![
        CommandInfo::of::<NoArgs, SessionStatus>("session_status", "是否已设置账号、谁已登录", Access::Session),
        CommandInfo::of::<NewAccount, SessionStatus>(
            "session_set_up",
            "设置第一个账号和口令：建立加密台账（已有的旧台账加密后保留全部记录）",
            Access::Session,
        ),
        CommandInfo::of::<SignIn, SessionStatus>("session_sign_in", "登录：姓名和口令", Access::Session),
        CommandInfo::of::<NoArgs, SessionStatus>("session_lock", "锁定：关闭台账，须重新登录", Access::Session),
        CommandInfo::of::<NoArgs, SessionStatus>("session_touch", "有操作：推迟自动锁定", Access::Session),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;


    const PASSPHRASE: &str = "石岩哨村口令2026";

    #[test]
    fn nothing_is_open_until_sign_in_and_locking_closes_it_again() {
        let dir = tempfile::tempdir().unwrap();
        let session = Session::new(dir.path().join("ledger.sqlite3"), Clock::System, 15);
        let mut slot = None;
        assert_eq!(session.ledger(&mut slot, "case_list").err().unwrap().kind(), "locked");
        let first = json!({"name": "王芳", "role": "liaison", "passphrase": PASSPHRASE});
        let status = session.run(&mut slot, "session_set_up", first).unwrap();
        assert_eq!(status.account.unwrap().name, "王芳");
        assert!(session.ledger(&mut slot, "case_list").is_ok());
        let locked = session.run(&mut slot, "session_lock", json!({})).unwrap();
        assert!(locked.account.is_none() && locked.ledger.set_up);
        assert!(slot.is_none());
        let wrong = json!({"name": "王芳", "passphrase": "不对的口令123"});
        assert_eq!(session.run(&mut slot, "session_sign_in", wrong).err().unwrap().field(), Some("passphrase"));
        assert!(slot.is_none());
        let right = json!({"name": "王芳", "passphrase": PASSPHRASE});
        assert!(session.run(&mut slot, "session_sign_in", right).unwrap().account.is_some());
    }

    #[test]
    fn a_command_after_the_idle_limit_finds_the_ledger_locked() {
        let dir = tempfile::tempdir().unwrap();
        let session = Session::new(dir.path().join("ledger.sqlite3"), Clock::System, 15);
        let mut slot = None;
        let first = json!({"name": "王芳", "role": "clerk", "passphrase": PASSPHRASE});
        session.run(&mut slot, "session_set_up", first).unwrap();
        // The automatic sync every few minutes keeps no one signed in.
        *session.last_active.lock().unwrap() = Instant::now() - Duration::from_secs(14 * 60);
        assert!(session.ledger(&mut slot, "sync_over_http").is_ok());
        assert!(session.last_active.lock().unwrap().elapsed() >= Duration::from_secs(14 * 60));
        *session.last_active.lock().unwrap() = Instant::now() - Duration::from_secs(16 * 60);
        let e = session.ledger(&mut slot, "case_list").err().unwrap();
        assert_eq!(e.kind(), "locked");
        assert!(e.to_string().contains("15 分钟"), "{e}");
        assert!(slot.is_none(), "the ledger (and its key) is closed");
        assert_eq!(session.run(&mut slot, "session_touch", json!({})).err().unwrap().kind(), "locked");
    }

    #[test]
    fn an_unusable_ledger_path_gives_a_chinese_reason_and_leaves_nothing_open() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the ledger file should be.
        let session = Session::new(dir.path().to_owned(), Clock::System, 15);
        let mut slot = None;
        let first = json!({"name": "王芳", "role": "liaison", "passphrase": PASSPHRASE});
        let e = session.run(&mut slot, "session_set_up", first).err().unwrap();
        assert!(e.to_string().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{e}");
        assert!(slot.is_none());
    }
}

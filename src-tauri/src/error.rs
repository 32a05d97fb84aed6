//! What a refused command sends to the UI: always `{kind, message, field}`.
//! Core errors pass through untouched; the shell adds only its own failures.

use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Anything the core refused (bad input, rules, storage): passed through as is.
    #[error(transparent)]
    Core(#[from] xinfang_core::Error),

    /// Anything a sync command refused (a mistyped fingerprint, a damaged
    /// bundle, an unreachable server…), passed through as is.
    #[error(transparent)]
    Sync(#[from] xinfang_sync::Error),

    /// Anything a print command refused (no printer, a full disk, a template
    /// mistake…), passed through as is.
    #[error(transparent)]
    Print(#[from] xinfang_print::Error),

    /// Anything a sheets command refused (an unreadable workbook, a missing
    /// column, rows with errors, a file already there…), passed through as is.
    #[error(transparent)]
    Sheets(#[from] xinfang_sheets::Error),

    /// The worker thread running the command died (a bug, not the user's
    /// fault). The runtime's own words are English and say nothing to the
    /// person at the desk; the panic itself was printed where it happened.
    #[error("内部错误：命令执行中断，请重试；如反复出现请联系维护人员。")]
    Worker,

    /// No one is signed in: never yet, or the app locked itself after
    /// `minutes` without activity.
    #[error("{}", locked_message(*minutes))]
    Locked { minutes: u32 },

    /// A previous command panicked while holding the ledger.
    #[error("内部错误：台账状态不可用，请重新启动程序。")]
    Poisoned,
}

/// A refusal from the router keeps the crate it came from.
impl From<xinfang_router::Error> for Error {
    fn from(e: xinfang_router::Error) -> Error {
        match e {
            xinfang_router::Error::Core(e) => Error::Core(e),
            xinfang_router::Error::Sync(e) => Error::Sync(e),
            xinfang_router::Error::Print(e) => Error::Print(e),
            xinfang_router::Error::Sheets(e) => Error::Sheets(e),
        }
    }
}

impl Error {
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Core(e) => e.kind(),
            Error::Sync(e) => e.kind(),
            Error::Print(e) => e.kind(),
            Error::Sheets(e) => e.kind(),
            Error::Locked { .. } => "locked",
            Error::Worker | Error::Poisoned => "internal",
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Core(e) => e.field(),
            Error::Sync(e) => e.field(),
            Error::Print(e) => e.field(),
            Error::Sheets(e) => e.field(),
            _ => None,
        }
    }
}

fn locked_message(minutes: u32) -> String {
    if minutes == 0 {
        "台账已锁定：请先登录。".to_owned()
    } else {
        format!("已经 {minutes} 分钟没有操作，台账已自动锁定：请重新登录，再做一次刚才的操作。")
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Kind, message and field pass through from the crate that refused.
        xinfang_core::error::refusal(serializer, self.kind(), self, self.field())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_reach_the_ui_unchanged() {
        let core = xinfang_core::Error::invalid("petitioners[0].id_number", "身份证号码", "校验位错误");
        let expected = serde_json::to_value(&core).unwrap();
        let shell = Error::from(core);
        assert_eq!(serde_json::to_value(&shell).unwrap(), expected);
        assert_eq!(expected["kind"], "invalid");
        assert_eq!(expected["field"], "petitioners[0].id_number");
    }

    #[test]
    fn sync_errors_reach_the_ui_unchanged() {
        let sync = xinfang_sync::Error::FingerprintCheck;
        let expected = serde_json::to_value(&sync).unwrap();
        assert_eq!(serde_json::to_value(Error::from(sync)).unwrap(), expected);
        assert_eq!(expected["kind"], "fingerprint");
        assert_eq!(expected["field"], "fingerprint");
    }

    #[test]
    fn shell_errors_have_the_same_shape() {
        let v = serde_json::to_value(Error::Poisoned).unwrap();
        assert_eq!(v["kind"], "internal");
        assert!(v["message"].as_str().unwrap().contains("重新启动"));
        assert_eq!(v["field"], serde_json::Value::Null);
    }
}

//! What a refused command sends to the UI: always `{kind, message, field}`.
//! Core errors pass through untouched; the shell adds only its own failures.

use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Anything a crate refused (bad input, rules, storage, a damaged
    /// bundle, no printer, an unreadable workbook…): passed through as is,
    /// kind, message and field those of the crate that refused.
    #[error(transparent)]
    Refused(#[from] xinfang_router::Error),

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

xinfang_router::refusals_into!(Error::Refused);

impl Error {
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Refused(e) => e.kind(),
            Error::Locked { .. } => "locked",
            Error::Worker | Error::Poisoned => "internal",
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Refused(e) => e.field(),
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
        // Kind, message and field pass through from the crate that refused;
        // a core refusal whole, with every field of a form it names.
        match self {
            Error::Refused(e) => e.serialize(serializer),
            _ => xinfang_core::error::refusal(serializer, self.kind(), self, self.field()),
        }
    }
}

/// The one stderr line for a refused command.
pub fn refusal_line(name: &str, e: &Error) -> String {
    match e.field() {
        Some(field) => format!("命令 {name} 被拒绝（{}，字段 {field}）：{e}", e.kind()),
        None => format!("命令 {name} 被拒绝（{}）：{e}", e.kind()),
    }
    .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_line_is_one_line_with_the_chinese_message() {
        let e = Error::from(xinfang_core::Error::invalid("petitioners[0].id_number", "身份证号码", "校验位错误"));
        let line = refusal_line("visit_add", &e);
        assert!(!line.contains('\n'));
        assert!(line.contains("visit_add"));
        assert!(line.contains("身份证号码：校验位错误"));
        assert!(line.contains("petitioners[0].id_number"));
    }

    #[test]
    fn a_print_refusal_keeps_its_kind_and_field() {
        let e = Error::from(xinfang_print::Error::Output {
            path: "/media/u盘/协议.pdf".into(),
            source: std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left on device"),
        });
        assert_eq!(e.kind(), "output");
        let line = refusal_line("print_save", &e);
        assert!(line.contains("字段 folder"), "{line}");
        assert!(line.contains("磁盘是否已满"), "{line}");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], "output");
        assert_eq!(json["field"], "folder");
    }

    #[test]
    fn a_sheets_refusal_marks_the_file() {
        let e = Error::from(xinfang_sheets::Error::MissingColumns {
            sheet: "Sheet1".into(),
            count: 2,
            list: "“类别”（类别、问题类别）、“诉求”（反映问题、诉求）".into(),
        });
        let line = refusal_line("ledger_import_preview", &e);
        assert!(line.contains("（columns，字段 path）"), "{line}");
        assert!(line.contains("“类别”") && line.contains("“诉求”"), "{line}");
    }

    #[test]
    fn a_sync_refusal_names_the_field_too() {
        let e = Error::from(xinfang_sync::Error::FingerprintCheck);
        let line = refusal_line("sync_enrol", &e);
        assert!(line.contains("字段 fingerprint"), "{line}");
        assert!(line.contains("指纹校验位不对"), "{line}");
    }

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

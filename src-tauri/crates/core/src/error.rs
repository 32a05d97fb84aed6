//! The core's one error type. Every message is written for the person at the
//! keyboard (Simplified Chinese) and says what to fix; the `kind` lets the UI
//! branch without parsing text.

use serde::Serialize;
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A field a person typed is wrong; `field` names it so the UI can show the
    /// message beside it.
    #[error("{label}：{reason}")]
    Invalid { field: String, label: String, reason: String },

    /// A command's arguments that do not fit its shape (a word not among
    /// the choices, text where a number belongs, a field missing), said by
    /// field in Chinese (`commands::args`). `detail` is the parser's own
    /// English, for logs and `Debug` only: never in the message.
    #[error("{label}：{reason}")]
    BadArgs { field: String, label: String, reason: String, detail: String },

    #[error("找不到{what}（{id}）")]
    NotFound { what: &'static str, id: String },

    /// The request is well formed but the rules forbid it now (e.g. revisiting
    /// a case that was never handled, editing a signed agreement).
    #[error("{0}")]
    Refused(String),

    #[error("台账数据库不存在：{}。请先运行“xinfang init”建立台账，或检查路径。", path.display())]
    MissingDatabase { path: PathBuf },

    #[error("台账数据库已存在：{}，不会覆盖。", path.display())]
    DatabaseExists { path: PathBuf },

    /// An encrypted ledger opened without its key (e.g. a copied file).
    #[error("台账文件 {} 已加密：请用账号和口令登录后再打开。", path.display())]
    Encrypted { path: PathBuf },

    /// The key does not open the file: a backup or keyring from another
    /// ledger, or a damaged file.
    #[error(
        "台账文件 {} 无法用这个钥匙打开：它属于另一本台账（例如别的电脑的备份），或者已经损坏。",
        path.display()
    )]
    WrongKey { path: PathBuf },

    /// The signed-in person's role does not allow this (`access`).
    #[error("您的账号（{role}）不能{what}：请找村信访员或乡镇信访办工作人员办理。")]
    Forbidden { role: &'static str, what: String },

    #[error("本机台账尚未初始化：请先设置本机角色（村信访员/乡镇信访办）和名称。")]
    NotInitialised,

    #[error("无法打开台账数据库 {}：{source}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// SQLite's integrity check found damage (a failing disk, a power cut on
    /// a disk that lies about flushing).
    #[error(
        "文件 {} 已损坏（{detail}）。不要继续在上面登记：请在“备份”页选择最近的备份恢复（恢复前会先保存现在的文件），或联系技术支持。",
        path.display()
    )]
    Damaged { path: PathBuf, detail: String },

    #[error("台账数据库升级失败：{0}")]
    Migration(#[from] rusqlite_migration::Error),

    /// Any other storage failure. The library's own words (English, about
    /// tables and constraints) are kept for `Debug` and `source`, never shown.
    #[error("台账数据库操作失败（代码 {}），本次操作没有保存，台账保持原样。请重试；仍不行请备份台账后联系技术支持。", sqlite_code(.0))]
    Database(#[source] rusqlite::Error),

    /// The disk refused the write (full, the file may grow no more, or a
    /// failing disk): the write was rolled back whole, so the ledger is as
    /// it was before it.
    #[error(
        "无法写入台账文件（磁盘已满、文件过大或磁盘故障：{0}）：这一次的内容没有保存，之前保存的内容完好。请清理磁盘空间后重试；仍不行请检查磁盘。"
    )]
    DiskFull(rusqlite::Error),

    #[error("变更日志校验失败：第 {seq} 条记录的哈希链断裂，台账可能被篡改或损坏。")]
    BrokenChain { seq: i64 },

    /// An entry from another device does not continue what this ledger
    /// already holds of that device: its history was rewritten (a fork), or
    /// the entry was altered.
    #[error(
        "来自{device}的第 {seq} 条变更与本台账已有的记录对不上：对方的台账可能是从旧备份恢复的，或数据被篡改，已拒绝导入，台账没有变化。请联系{device}核实，必要时由乡镇信访办重新登记该设备。"
    )]
    /// `device` names the device as people know it (石岩哨村), see `peers::author`.
    ForkedHistory { device: String, seq: i64 },

    /// Entries from another device skip some: the bundles in between are missing.
    #[error(
        "来自{device}的变更缺少第 {missing_from} 至 {missing_to} 条：请先导入包含这些变更的数据包（或让{device}重新导出）。"
    )]
    MissingEntries { device: String, missing_from: i64, missing_to: i64 },

    /// A change of a kind this version does not know (a newer version wrote it).
    #[error("数据包里有本软件不认识的记录类型“{0}”：请先升级软件再导入。")]
    UnknownEntity(String),

    /// A change whose record this version cannot read (a newer version wrote it).
    #[error("来自{device}的第 {seq} 条变更内容无法读取：可能由更新版本的软件生成，请先升级软件再导入。")]
    UnreadableEntry { device: String, seq: i64 },

    /// A file could not be read or written (an attachment, a saved copy).
    #[error("无法{action} {path}：{reason}。请检查文件或文件夹是否存在、U 盘是否已插好、磁盘是否已满。", path = path.display(), reason = crate::os_error::reason(source))]
    File {
        action: &'static str,
        path: PathBuf,
        /// The input field to mark (`path`, `folder`).
        field: &'static str,
        #[source]
        source: std::io::Error,
    },

    /// JSON that could not be read or written: text that is not JSON (the
    /// command line's `--json`), or data of a shape this version does not
    /// know. The library's English stays in `Debug` and `source`.
    #[error("{}", json_words(.0))]
    Json(#[from] serde_json::Error),

    #[error("未知的命令“{0}”：用 `xinfang call --list` 查看所有命令。")]
    UnknownCommand(String),

    /// Several fields of one form wrong at once (the intake's): said as the
    /// first, and serialised with every one in `fields`, so a form marks
    /// them all in one go instead of one per try. Made by [`Error::all`],
    /// never empty.
    #[error("{}", first_of(.0))]
    Fields(Vec<Error>),
}

fn first_of(all: &[Error]) -> String {
    all.first().map(ToString::to_string).unwrap_or_default()
}

impl From<rusqlite::Error> for Error {
    /// A write the disk refused is said as such: SQLite reports ENOSPC as
    /// `SQLITE_FULL`, and a file past its size limit (EFBIG) or a failing
    /// disk as a write I/O error (or, for the WAL's index, a size error).
    fn from(e: rusqlite::Error) -> Self {
        let full = matches!(
            &e,
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::DiskFull
                    || f.extended_code == rusqlite::ffi::SQLITE_IOERR_WRITE
                    || f.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE
        );
        if full { Error::DiskFull(e) } else { Error::Database(e) }
    }
}

impl Error {
    pub fn invalid(field: &str, label: &str, reason: impl Into<String>) -> Self {
        Error::Invalid { field: field.to_owned(), label: label.to_owned(), reason: reason.into() }
    }

    pub fn refused(reason: impl Into<String>) -> Self {
        Error::Refused(reason.into())
    }

    /// Every problem found in one form: none is fine, one is itself, more
    /// are [`Error::Fields`] in the order found.
    pub fn all(problems: Vec<Error>) -> Result<()> {
        // A part's own several problems (a petitioner's) join the form's list.
        let mut problems: Vec<Error> = problems
            .into_iter()
            .flat_map(|e| match e {
                Error::Fields(inner) => inner,
                one => vec![one],
            })
            .collect();
        match problems.len() {
            0 => Ok(()),
            1 => Err(problems.remove(0)),
            _ => Err(Error::Fields(problems)),
        }
    }

    /// A short, stable tag for the UI and scripts.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid { .. } | Error::BadArgs { .. } | Error::Json(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Refused(_) => "refused",
            Error::MissingDatabase { .. } => "missing_database",
            Error::DatabaseExists { .. } => "database_exists",
            Error::NotInitialised => "not_initialised",
            Error::Encrypted { .. } => "encrypted",
            Error::Forbidden { .. } => "forbidden",
            Error::WrongKey { .. } => "wrong_key",
            Error::UnknownCommand(_) => "unknown_command",
            Error::BrokenChain { .. } => "broken_chain",
            Error::ForkedHistory { .. } => "forked_history",
            Error::MissingEntries { .. } => "missing_entries",
            Error::UnknownEntity(_) | Error::UnreadableEntry { .. } => "newer_version",
            Error::Open { .. } | Error::Migration(_) | Error::Database(_) => "storage",
            Error::DiskFull(_) => "disk_full",
            Error::File { .. } => "file",
            Error::Damaged { .. } => "damaged",
            Error::Fields(all) => all.first().map_or("invalid", Error::kind),
        }
    }

    /// The field a validation error belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            // Arguments that are not a set of fields at all: no field to mark.
            Error::BadArgs { field, .. } => (!field.is_empty()).then_some(field.as_str()),
            Error::File { field, .. } => Some(field),
            Error::Fields(all) => all.first().and_then(Error::field),
            _ => None,
        }
    }

    /// Adds a prefix to the field path, so that an error inside the second
    /// petitioner reads `petitioners[1].id_number`.
    pub fn within(self, prefix: &str, label: &str) -> Self {
        match self {
            Error::Invalid { field, label: inner, reason } => {
                Error::Invalid { field: format!("{prefix}.{field}"), label: format!("{label}{inner}"), reason }
            }
            Error::BadArgs { field, label: inner, reason, detail } => {
                Error::BadArgs { field: format!("{prefix}.{field}"), label: format!("{label}{inner}"), reason, detail }
            }
            Error::Fields(all) => Error::Fields(all.into_iter().map(|e| e.within(prefix, label)).collect()),
            other => other,
        }
    }

    /// The parser's own words behind a refusal of arguments, for a log;
    /// none for any other error.
    pub fn detail(&self) -> Option<String> {
        match self {
            Error::BadArgs { detail, .. } => Some(detail.clone()),
            Error::Json(e) => Some(e.to_string()),
            _ => None,
        }
    }
}

/// serde_json's refusal without its English: where the text stops being
/// JSON, or that the data has another shape.
fn json_words(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof if e.line() > 0 => {
            format!("参数不是有效的 JSON（第 {} 行第 {} 列附近有误），请检查引号、逗号和括号。", e.line(), e.column())
        }
        Category::Syntax | Category::Eof => "参数不是有效的 JSON，请检查引号、逗号和括号。".to_owned(),
        Category::Io => "参数读取失败，请重试。".to_owned(),
        Category::Data => "数据的格式与本软件不符，无法处理。".to_owned(),
    }
}

/// What crosses to the UI and to `--json` output: a tagged object the UI can
/// branch on.
impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let Error::Fields(all) = self else { return refusal(serializer, self.kind(), self, self.field()) };
        /// One field's refusal among several.
        #[derive(Serialize)]
        struct Marked<'a> {
            field: Option<&'a str>,
            message: String,
        }
        let mut s = serializer.serialize_struct("Error", 4)?;
        s.serialize_field("kind", self.kind())?;
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("field", &self.field())?;
        let marked: Vec<Marked<'_>> = all.iter().map(|e| Marked { field: e.field(), message: e.to_string() }).collect();
        s.serialize_field("fields", &marked)?;
        s.end()
    }
}

/// A refusal as every crate's error crosses to the UI and to `--json`:
/// `{kind, message, field}`, `message` being the Chinese text the person
/// reads. The one serialiser the core, sync, print, sheets and the shell's
/// errors share, so the UI reads them all alike.
pub fn refusal<S: serde::Serializer>(
    serializer: S,
    kind: &str,
    message: &dyn std::fmt::Display,
    field: Option<&str>,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut s = serializer.serialize_struct("Error", 3)?;
    s.serialize_field("kind", kind)?;
    s.serialize_field("message", &message.to_string())?;
    s.serialize_field("field", &field)?;
    s.end()
}

/// SQLite's extended result code of a failure (e.g. 2067 for a UNIQUE constraint), or
/// 0 when the failure came from outside SQLite (a conversion).
fn sqlite_code(e: &rusqlite::Error) -> i32 {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => f.extended_code,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_fields_are_said_as_the_first_and_listed_whole_for_the_form() {
        assert!(Error::all(Vec::new()).is_ok());
        let one = Error::all(vec![Error::invalid("name", "姓名", "不能为空")]).unwrap_err();
        assert!(matches!(one, Error::Invalid { .. }), "one problem is itself");
        let inner = Error::all(vec![Error::invalid("name", "姓名", "不能为空"), Error::invalid("phone", "联系电话", "有误")])
            .unwrap_err()
            .within("petitioners[0]", "第 1 位信访人的");
        let e = Error::all(vec![Error::invalid("received_at", "登记时间", "无效"), inner]).unwrap_err();
        assert_eq!(e.kind(), "invalid");
        assert_eq!(e.field(), Some("received_at"));
        assert_eq!(e.to_string(), "登记时间：无效");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["message"], "登记时间：无效");
        assert_eq!(json["field"], "received_at");
        assert_eq!(
            json["fields"],
            serde_json::json!([
                {"field": "received_at", "message": "登记时间：无效"},
                {"field": "petitioners[0].name", "message": "第 1 位信访人的姓名：不能为空"},
                {"field": "petitioners[0].phone", "message": "第 1 位信访人的联系电话：有误"},
            ]),
            "a petitioner's own problems join the form's list"
        );
    }

    #[test]
    fn nested_field_paths_keep_the_label_readable() {
        let e = Error::invalid("id_number", "身份证号码", "校验位错误").within("petitioners[1]", "第 2 位信访人");
        assert_eq!(e.field(), Some("petitioners[1].id_number"));
        assert_eq!(e.to_string(), "第 2 位信访人身份证号码：校验位错误");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["kind"], "invalid");
        assert_eq!(v["field"], "petitioners[1].id_number");
    }

    #[test]
    fn text_that_is_not_json_is_said_in_chinese_with_where() {
        let e: Error = serde_json::from_str::<serde_json::Value>("{\"name\": }").unwrap_err().into();
        assert_eq!(e.kind(), "invalid");
        assert_eq!(e.to_string(), "参数不是有效的 JSON（第 1 行第 10 列附近有误），请检查引号、逗号和括号。");
        assert!(e.detail().unwrap().contains("expected value"), "{e:?}");
    }

    #[test]
    fn a_storage_failure_says_nothing_in_the_librarys_english() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x TEXT UNIQUE); INSERT INTO t VALUES ('a');").unwrap();
        let e: Error = conn.execute("INSERT INTO t VALUES ('a')", []).unwrap_err().into();
        let text = e.to_string();
        assert!(text.starts_with("台账数据库操作失败（代码 2067）"), "{text}");
        assert!(!text.is_empty() && !text.chars().any(|c| c.is_ascii_alphabetic()), "{text}");
    }
}

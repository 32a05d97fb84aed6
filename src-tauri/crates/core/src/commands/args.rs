//! A command's JSON arguments on their way to its handler, checked once here
//! for every command, present and future ([`parse`], called by `dispatch`):
//!
//! - **Every text is clean.** No string anywhere in the arguments (a value
//!   or a key, however deep) may hold a control character (NUL, escape…),
//!   nor a bidi override or isolate, which makes text show other than it is
//!   stored. A single-line field also refuses line breaks, tabs and the
//!   invisible format characters (zero-width space, byte-order mark, soft
//!   hyphen, direction marks…); a multi-line field ([`multi_line`]: the
//!   request, facts, notes, reasons…) keeps its line breaks and tabs. The
//!   refusal names the field in Chinese and where in it the character is. A
//!   file path ([`file_path`]) refuses only control characters: its name is
//!   the file system's.
//! - **A shape that does not fit is said in Chinese.** serde's words
//!   (`unknown variant`, `invalid type`, `missing field`) become the field
//!   and a reason (来访方式“fax”不在可选范围内（可选：来访、来信…）); the
//!   English stays in the error's `detail`, for logs only.
//!
//! What a field is called comes from [`label`], by command and key; an array
//! element is counted (第 2 位信访人的姓名, 第 7 行的日期).

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The arguments of `command` as its handler's type, once every text in
/// them is clean ([`check_text`]); a shape that does not fit is refused by
/// field, in Chinese ([`shape_error`]).
pub fn parse<T: DeserializeOwned>(command: &str, args: Value) -> Result<T> {
    check_text(command, &args)?;
    let context = args.clone();
    serde_path_to_error::deserialize(args).map_err(|e| shape_error(command, &context, e))
}

/// One step of a path into the arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// `petitioners[0].name`: the path the UI marks.
fn field_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

// ---------------------------------------------------------------- clean text

/// Why a character may not stand in a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unclean {
    /// NUL, escape, DEL, the C1 controls: never typed, cut printed text short.
    Control,
    /// A line break or tab in a field of one line.
    LineBreak,
    /// A bidi override or an invisible format character.
    Format,
}

/// Bidi embeddings, overrides and isolates: they make text show in another
/// order than it is stored (so a name can read as another), in any field.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible format characters no one types into a name, a date or an id:
/// soft hyphen, combining grapheme joiner, direction marks, zero-width
/// space, line and paragraph separators, word joiner and invisible
/// operators, deprecated format controls, byte-order mark, interlinear
/// annotation, tags. (Zero-width joiners and variation selectors stay: some
/// scripts and rare characters in names need them.)
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

fn unclean(c: char, multi_line: bool) -> Option<Unclean> {
    match c {
        '\n' | '\r' | '\t' if multi_line => None,
        '\n' | '\r' | '\t' => Some(Unclean::LineBreak),
        c if c.is_control() => Some(Unclean::Control),
        c if is_bidi_control(c) => Some(Unclean::Format),
        c if !multi_line && is_invisible_format(c) => Some(Unclean::Format),
        _ => None,
    }
}

/// `text` with every character [`check_text`] would refuse taken out, a line
/// break or tab in a one-line field made a space: for text that was not typed
/// into the app's forms (a cell of an old Excel ledger, where Alt+Enter
/// breaks a line and pasted text carries zero-width spaces), so an import
/// keeps what can be read instead of refusing the row.
pub fn tidy(text: &str, multi_line: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match unclean(c, multi_line) {
            None => out.push(c),
            Some(Unclean::LineBreak) if !out.ends_with(' ') => out.push(' '),
            Some(_) => {}
        }
    }
    out.trim().to_owned()
}

/// Fields a person may write several lines in (text areas): line breaks and
/// tabs are kept there. A key marks its whole value (a term of `terms`, a
/// whole form `value` of a draft).
pub fn multi_line(key: &str) -> bool {
    matches!(
        key,
        "request"
            | "facts"
            | "measures"
            | "responsibilities"
            | "terms"
            | "performance"
            | "new_problems"
            | "summary"
            | "note"
            | "reason"
            | "result"
            | "value"
            // The papers of a case (`paper_add`): the answer's basis and
            // answer, an investigation's or a mediation's record.
            | "basis"
            | "answer"
            | "record"
    )
}

/// Refuses the first string in `args` (a value or a key, at any depth) that
/// holds a character its field may not: see the module's documentation.
pub fn check_text(command: &str, args: &Value) -> Result<()> {
    let mut path = Vec::new();
    walk(command, args, args, &mut path, false)
}

fn walk(command: &str, root: &Value, v: &Value, path: &mut Vec<Seg>, multi: bool) -> Result<()> {
    match v {
        Value::String(s) => check_string(command, root, path, s, multi),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                walk(command, root, item, path, multi)?;
                path.pop();
            }
            Ok(())
        }
        Value::Object(map) => {
            for (k, item) in map {
                let multi = multi || multi_line(k);
                path.push(Seg::Key(k.clone()));
                check_string(command, root, path, k, multi)?;
                if file_path(k) {
                    walk_path(command, root, item, path)?;
                } else {
                    walk(command, root, item, path, multi)?;
                }
                path.pop();
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Keys whose value names a file or folder on this computer or a USB stick:
/// the name is the file system's, not typed into the ledger, so format
/// characters in it (a zero-width space, a bidi mark in a name copied from
/// elsewhere) must not stop the file from being found. The names stored or
/// written out are made safe where they are used (`safe_name`).
fn file_path(key: &str) -> bool {
    matches!(key, "path" | "paths" | "folder")
}

/// A file path: only control characters are refused (no file system path
/// holds a NUL, and an escape sequence would reach the terminal).
fn walk_path(command: &str, root: &Value, v: &Value, path: &mut Vec<Seg>) -> Result<()> {
    match v {
        Value::String(s) => match s.chars().position(char::is_control) {
            Some(at) => Err(Error::invalid(
                &field_path(path),
                &field_label(command, root, path),
                format!("含有不可见的控制字符（第 {} 个字符），请删除后重新输入", at + 1),
            )),
            None => Ok(()),
        },
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                walk_path(command, root, item, path)?;
                path.pop();
            }
            Ok(())
        }
        other => walk(command, root, other, path, false),
    }
}

fn check_string(command: &str, root: &Value, path: &[Seg], s: &str, multi: bool) -> Result<()> {
    let Some((at, why)) = s.chars().enumerate().find_map(|(i, c)| unclean(c, multi).map(|u| (i + 1, u))) else {
        return Ok(());
    };
    let reason = match why {
        Unclean::Control => format!("含有不可见的控制字符（第 {at} 个字符），请删除后重新输入"),
        Unclean::LineBreak => format!("含有换行或制表符（第 {at} 个字符），这一项只能填一行，请删除后重新输入"),
        Unclean::Format => format!("含有不可见的格式字符（第 {at} 个字符），请删除后重新输入"),
    };
    Err(Error::invalid(&field_path(path), &field_label(command, root, path), reason))
}

// ---------------------------------------------------------------- labels

/// What a field is called on the forms, by command and key.
pub fn label(command: &str, key: &str) -> Option<&'static str> {
    let c = command;
    Some(match (c, key) {
        ("device_init", "name") => "村或乡镇名称",
        (_, "name") if c.starts_with("account_") => "账号",
        (_, "name") => "姓名",
        ("device_init", "role") => "本机角色",
        (_, "role") => "角色",
        (_, "id") => id_label(c),
        ("case_assign", "to") => "交办对象",
        (_, "to") => "结束日期",
        (_, "from") => "开始日期",
        ("report_cases", "key") => "分组",
        (_, "key") => "草稿",
        ("report_cases", "group") => "分组",
        (_, "group") => "组",
        ("draft_save", "value") => "草稿",
        ("agreement_draft" | "agreement_edit", "facts") => "纠纷主要事实、争议事项",
        ("paper_add" | "paper_check", "facts") => "事实",
        ("paper_add" | "paper_check", "request") => "申请事项",
        ("paper_add" | "paper_check", "reason") => "理由",
        ("paper_add" | "paper_check", "result") => "调解结果",
        ("paper_add" | "paper_check", "kind") => "文书类别",
        (_, "facts") => "调查核实情况",
        ("revisit_add", "performance") => "履行情况",
        (_, "performance") => "履行方式、时限",
        ("ledger_import_rows", "request") => "内容",
        (_, "request") => "诉求",
        ("ledger_import_rows", "channel") => "信访方式",
        (_, "channel") => "来访方式",
        ("backup_verify" | "backup_restore", "path") => "备份文件",
        (_, "path") => "文件",
        ("backup_settings_set", "folder") => "备份文件夹",
        (_, "folder") => "文件夹",
        ("case_assign", "on") => "交办日期",
        ("finding_resolve", "on") => "化解日期",
        (_, "on") => "办理日期",
        ("case_assign", "note") => "交办要求",
        ("case_transition", "note") => "办理情况",
        ("case_confidential", "note") => "理由",
        (_, "note") => "备注",
        ("case_void", "reason") => "作废原因",
        ("attachment_void", "reason") => "作废理由",
        ("agreement_correct", "reason") => "更正原因",
        ("person_reveal", "reason") => "理由",
        (_, "reason") => "延期理由",
        ("person_find", "text") => "查找",
        (_, "text") => "搜索文字",
        ("ledger_import_rows", "result") => "办理结果",
        (_, "outcome") => "办理结果",
        (_, "kind") => "附件类别",
        (_, key) => return common_label(key),
    })
}

fn id_label(command: &str) -> &'static str {
    match command.split('_').next().unwrap_or_default() {
        "agreement" => "调解协议",
        "attachment" => "附件",
        "finding" => "排查出的纠纷",
        "conflict" => "同步冲突",
        "person" => "人员",
        _ => "信访事项",
    }
}

fn common_label(key: &str) -> Option<&'static str> {
    Some(match key {
        "actor" => "经办人",
        "address" => "住址",
        "answer" => "处理意见",
        "applicant_ids" => "申请人",
        "basis" => "处理依据",
        "confirmed" => "确认结果",
        "court" => "人民法院",
        "dated_on" => "日期",
        "delivery" => "送达方式",
        "ethnicity" => "民族",
        "interviewee" => "被调查人",
        "investigators" => "调查人",
        "notice" => "告知方式",
        "occupation" => "职业",
        "oral" => "口头申请",
        "paper" => "文书",
        "place" => "地点",
        "record" => "记录内容",
        "review_body" => "复查机关",
        "to_body" => "转送或告知的机关",
        "agreement_id" => "调解协议",
        "accept_days" => "受理期限",
        "breakdown" => "分列方式",
        "caption" => "说明",
        "case_id" => "信访事项",
        "categories" => "类别清单",
        "category" => "类别",
        "choice" => "选择",
        "code" => "行政区划代码",
        "committee" => "调解委员会名称",
        "confidential" => "检举、揭发",
        "content" => "协议内容",
        "copies" => "份数",
        "court_confirmation_days" => "司法确认期限",
        "date" => "日期",
        "days" => "延长天数",
        "disputes" => "矛盾纠纷类",
        "dry_run" => "只检查",
        "figure" => "统计项",
        "findings" => "排查结果",
        "fingerprint" => "内容指纹",
        "form" => "协议形式",
        "gender" => "性别",
        "handle_days" => "办理期限",
        "handled" => "是否办结",
        "handled_on" => "办结日期",
        "headcount" => "来访人数",
        "held_on" => "排查日期",
        "id_number" => "身份证号码",
        "keep" => "保留份数",
        "limit" => "条数",
        "max_extension_days" => "延期上限",
        "measures" => "采取措施",
        "mediation_days" => "调解期限",
        "mediators" => "调解员",
        "medium" => "打印方式",
        "method" => "回访方式",
        "new" => "新口令",
        "new_problems" => "新的问题",
        "next_due_on" => "下次回访日期",
        "nothing_found" => "无矛盾纠纷",
        "offset" => "起始位置",
        "old" => "原口令",
        "open_only" => "只看未处理的",
        "overdue" => "已逾期",
        "parties" => "当事人",
        "party_ids" => "当事人",
        "passphrase" => "口令",
        "person_id" => "已登记的人",
        "petitioners" => "信访人",
        "phone" => "联系电话",
        "query" => "报表范围",
        "received_at" => "登记时间",
        "received_by" => "接待人",
        "recorder" => "记录人",
        "repeat_of" => "原信访事项",
        "representative" => "代表",
        "requests" => "诉求类",
        "responsibilities" => "各方当事人的责任",
        "revisit_after_days" => "回访期限",
        "revisit_id" => "回访记录",
        "row" => "行号",
        "rows" => "台账",
        "satisfaction" => "满意度",
        "scope" => "排查范围",
        "scope_name" => "排查范围",
        "screened_by" => "排查人",
        "signed_on" => "签订日期",
        "sort" => "排序",
        "status" => "状态",
        "stopped" => "息访息诉",
        "summary" => "纠纷情况",
        "terms" => "协议内容",
        "time_limits" => "办理期限",
        "township_screening_days" => "乡镇排查周期",
        "transition" | "action" => "办理步骤",
        "urgency" => "紧急程度",
        "village" => "村",
        "village_screening_days" => "村排查周期",
        "villages" => "村",
        "visit" => "来访登记",
        "visited_on" => "回访日期",
        "visitee" => "被回访人",
        "visitor" => "回访人",
        _ => return None,
    })
}

/// The measure word an element of the array `key` is counted with.
fn measure(key: &str) -> &'static str {
    match key {
        "petitioners" | "party_ids" | "mediators" => "位",
        "terms" => "条",
        "findings" => "件",
        "villages" | "disputes" | "requests" => "个",
        _ => "项",
    }
}

/// A key no form knows, as it is quoted back in a refusal: the sender's own
/// text, so a line break, control or format character in it is written as
/// its code (`\u{a}`) and a long key is cut, keeping the refusal one line
/// that shows as it is stored.
fn shown_key(key: &str) -> String {
    const MOST: usize = 40;
    let mut shown = String::new();
    for (i, c) in key.chars().enumerate() {
        if i == MOST {
            shown.push('…');
            break;
        }
        match unclean(c, false) {
            Some(_) => shown.push_str(&c.escape_unicode().to_string()),
            None => shown.push(c),
        }
    }
    shown
}

/// How the field at `path` is called: its key's label, after the element
/// of the array it is in (第 1 位信访人的姓名; 第 7 行的日期, by the
/// spreadsheet's own row number when the element has one).
fn field_label(command: &str, root: &Value, path: &[Seg]) -> String {
    let name = |key: &str| label(command, key).map_or_else(|| format!("字段“{}”", shown_key(key)), str::to_owned);
    let leaf = path.iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.as_str()),
        Seg::Index(_) => None,
    });
    // The innermost element of an array on the path, and its array's key.
    let element = path.iter().enumerate().rev().find_map(|(at, s)| match s {
        Seg::Index(i) => Some((at, *i)),
        Seg::Key(_) => None,
    });
    let Some((at, i)) = element else {
        return leaf.map_or_else(|| "参数".to_owned(), name);
    };
    let array_key = path[..at].iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.as_str()),
        Seg::Index(_) => None,
    });
    let counted = match array_key {
        Some("rows") => {
            let row = value_at(root, &path[..=at]).and_then(|r| r.get("row")).and_then(Value::as_u64);
            format!("第 {} 行", row.unwrap_or(i as u64 + 1))
        }
        Some(k) => format!("第 {} {}{}", i + 1, measure(k), name(k)),
        None => format!("第 {} 项", i + 1),
    };
    // The element itself (第 3 条协议内容), or a field inside it.
    if at + 1 == path.len() {
        counted
    } else {
        let inner = path[at + 1..].iter().rev().find_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        });
        match inner {
            Some(k) => format!("{counted}的{}", name(k)),
            None => counted,
        }
    }
}

fn value_at<'a>(root: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(root, |v, s| match s {
        Seg::Key(k) => v.get(k),
        Seg::Index(i) => v.get(i),
    })
}

// ---------------------------------------------------------------- shapes

/// serde's refusal of `args` for `command`, said by field in Chinese; its
/// own words are kept in `detail`.
fn shape_error(command: &str, args: &Value, e: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let mut path: Vec<Seg> = e
        .path()
        .iter()
        .filter_map(|s| match s {
            serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => None,
        })
        .collect();
    let detail = e.inner().to_string();
    let words = serde_words(&detail);
    if !args.is_object() {
        // Every command takes a set of fields. (serde would read a list as
        // one, by position, and stumble on an element instead.)
        let reason = format!("应为一组字段，收到的是{}", value_words(args));
        return Error::BadArgs { field: String::new(), label: "参数".to_owned(), reason, detail };
    }
    // A choice with fields of its own (`transition`) is read as a whole, and
    // serde's path stops at it: the field inside that holds what it
    // refused is the one to name.
    while let Some(Value::Object(map)) = value_at(args, &path) {
        let matching: Vec<&String> = map.iter().filter(|(_, v)| words.refused(v)).map(|(k, _)| k).collect();
        let [key] = matching[..] else { break };
        path.push(Seg::Key(key.clone()));
    }
    // What was sent, in its own words when the path leads to it.
    let sent = value_at(args, &path).filter(|v| words.refused(v)).map(value_words);
    let reason = match words {
        Words::Missing(key) => {
            path.push(Seg::Key(key));
            "缺少这一项，请填写".to_owned()
        }
        Words::UnknownField(key) => {
            // The path may already end at the unknown key.
            if path.last() != Some(&Seg::Key(key.clone())) {
                path.push(Seg::Key(key));
            }
            "没有这一项，请检查名称是否写错".to_owned()
        }
        Words::Duplicate(key) => {
            path.push(Seg::Key(key));
            "填写了两次".to_owned()
        }
        Words::UnknownVariant { given, options } => {
            let key = last_key(&path);
            let labels: Vec<String> = options.iter().filter_map(|o| key.and_then(|k| variant_label(k, o))).collect();
            if !labels.is_empty() && labels.len() == options.len() {
                format!("“{}”不在可选范围内（可选：{}）", quote(&given), labels.join("、"))
            } else {
                format!("“{}”不在可选范围内", quote(&given))
            }
        }
        Words::Type { got, want } => {
            let got = sent.unwrap_or_else(|| got_words(&got));
            match want_words(&want) {
                Some(want) => format!("应为{want}，收到的是{got}"),
                None => format!("格式不对，收到的是{got}"),
            }
        }
        Words::Length => "项数不对".to_owned(),
        Words::Other => "格式不对，请检查后重新输入".to_owned(),
    };
    let field = field_path(&path);
    let label = field_label(command, args, &path);
    Error::BadArgs { field, label, reason, detail }
}

fn last_key(path: &[Seg]) -> Option<&str> {
    path.iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.as_str()),
        Seg::Index(_) => None,
    })
}

/// Text a person sent, quoted back on one line and not at length.
fn quote(text: &str) -> String {
    const SHOWN: usize = 20;
    let one_line: String = text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    match one_line.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    }
}

/// A JSON value as a person would call it (文字“六”, 数字 6, 列表…).
fn value_words(v: &Value) -> String {
    match v {
        Value::String(s) => format!("文字“{}”", quote(s)),
        Value::Number(n) => format!("数字 {n}"),
        Value::Bool(_) => "是或否".to_owned(),
        Value::Null => "空值".to_owned(),
        Value::Array(_) => "列表".to_owned(),
        Value::Object(_) => "一组字段".to_owned(),
    }
}

/// What serde said, read from its (stable, documented) default messages.
#[derive(Debug, PartialEq, Eq)]
enum Words {
    Missing(String),
    UnknownField(String),
    Duplicate(String),
    UnknownVariant { given: String, options: Vec<String> },
    Type { got: String, want: String },
    Length,
    Other,
}

impl Words {
    /// Whether `v` is the very value serde refused (as it described it).
    fn refused(&self, v: &Value) -> bool {
        match (self, v) {
            (Words::UnknownVariant { given, .. }, Value::String(s)) => s == given,
            (Words::Type { got, .. }, Value::String(s)) => {
                got.strip_prefix("string ") == Some(format!("{s:?}").as_str())
            }
            (Words::Type { got, .. }, Value::Number(n)) => {
                ["integer ", "floating point "].iter().any(|p| got.strip_prefix(p) == Some(format!("`{n}`").as_str()))
            }
            (Words::Type { got, .. }, Value::Bool(b)) => *got == format!("boolean `{b}`"),
            _ => false,
        }
    }
}

/// The text between backquotes after `prefix`: a word serde quotes, which
/// may itself hold a backquote (a key or a value someone typed), so it ends
/// where serde's own words resume.
fn quoted_after<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(prefix)?.strip_prefix('`')?;
    ["`, expected ", "`, there are no "]
        .iter()
        .filter_map(|tail| rest.rfind(tail))
        .max()
        .map(|end| &rest[..end])
        .or_else(|| rest.strip_suffix('`'))
}

fn serde_words(text: &str) -> Words {
    if let Some(k) = quoted_after(text, "missing field ") {
        return Words::Missing(k.to_owned());
    }
    if let Some(k) = quoted_after(text, "unknown field ") {
        return Words::UnknownField(k.to_owned());
    }
    if let Some(k) = quoted_after(text, "duplicate field ") {
        return Words::Duplicate(k.to_owned());
    }
    if let Some(given) = quoted_after(text, "unknown variant ") {
        let rest = &text["unknown variant `".len() + given.len() + 1..];
        let options = rest.split('`').skip(1).step_by(2).map(str::to_owned).collect();
        return Words::UnknownVariant { given: given.to_owned(), options };
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = text.strip_prefix(prefix)
            && let Some((got, want)) = rest.rsplit_once(", expected ")
        {
            return Words::Type { got: got.to_owned(), want: want.to_owned() };
        }
    }
    if text.starts_with("invalid length ") {
        return Words::Length;
    }
    Words::Other
}

/// serde's "expected …" in Chinese, when it is one of the shapes arguments
/// have.
fn want_words(want: &str) -> Option<&'static str> {
    let w = want.trim();
    Some(match w {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "不小于 0 的整数",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "整数",
        "f32" | "f64" => "数字",
        "a boolean" => "是或否",
        "a string" | "a borrowed string" | "a character" | "string" => "文字",
        "a sequence" => "列表",
        "unit" => "空值",
        // A choice that is a word, or a word with fields (an external tag).
        "string or map" => "可选的值之一",
        _ if w.starts_with("struct ") || w.starts_with("a map") || w.contains("tagged enum") => "一组字段",
        _ if w.starts_with("tuple") || w.starts_with("an array") => "列表",
        _ if w.starts_with("enum ") || w.contains("variant") => "可选的值之一",
        _ => return None,
    })
}

/// serde's description of what it got, in Chinese (the text a person typed
/// is quoted as it was).
fn got_words(got: &str) -> String {
    if let Some(s) = got.strip_prefix("string ") {
        let s = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(s);
        return format!("文字“{}”", quote(s));
    }
    for prefix in ["integer ", "floating point "] {
        if let Some(n) = got.strip_prefix(prefix) {
            return format!("数字 {}", n.trim_matches('`'));
        }
    }
    match got {
        _ if got.starts_with("boolean") => "是或否".to_owned(),
        "unit value" | "null" | "unit" => "空值".to_owned(),
        "sequence" => "列表".to_owned(),
        "map" => "一组字段".to_owned(),
        _ => "其他内容".to_owned(),
    }
}

/// The Chinese name of the value `variant` of the choice `key` (来访 for
/// `visit` of `channel`), or none when it has no name here.
pub fn variant_label(key: &str, variant: &str) -> Option<String> {
    use crate::domain::{agreement, attachment, channel, identity, lifecycle};
    fn via<T: DeserializeOwned>(variant: &str, label: impl Fn(T) -> &'static str) -> Option<String> {
        serde_json::from_value::<T>(Value::String(variant.to_owned())).ok().map(|t| label(t).to_owned())
    }
    let own = |pairs: &[(&str, &'static str)]| pairs.iter().find(|(v, _)| *v == variant).map(|(_, l)| (*l).to_owned());
    match key {
        "channel" => via(variant, channel::Channel::label),
        "gender" => via(variant, identity::Gender::label),
        "kind" => via(variant, attachment::AttachmentKind::label),
        "medium" => via(variant, agreement::PrintMedium::label),
        "outcome" => via(variant, lifecycle::Outcome::label),
        "figure" => via(variant, crate::report::FigureKey::label),
        "breakdown" => via(variant, crate::report::Breakdown::label),
        "form" => own(&[("written", "书面协议"), ("oral", "口头协议")]),
        "urgency" => own(&[("normal", "一般"), ("pressing", "较急"), ("urgent", "紧急")]),
        "role" => own(&[
            ("village", "村信访员"),
            ("township", "乡镇信访办"),
            ("liaison", "村信访员"),
            ("clerk", "乡镇信访办工作人员"),
            ("leader", "领导"),
            ("viewer", "查看"),
        ]),
        "status" => own(&[("all", "全部"), ("open", "未办结"), ("closed", "已办结"), ("voided", "已作废")]),
        "sort" => own(&[
            ("received_desc", "登记时间从新到旧"),
            ("received_asc", "登记时间从旧到新"),
            ("updated_desc", "最近办理"),
        ]),
        "choice" => own(&[("kept", "确认现有结果"), ("lost", "改用被替换的一方")]),
        "method" => own(&[("in_person", "上门"), ("phone", "电话")]),
        "satisfaction" => own(&[("satisfied", "满意"), ("mostly_satisfied", "基本满意"), ("dissatisfied", "不满意")]),
        "scope" => own(&[("village", "全村"), ("group", "村民小组"), ("township", "全乡镇")]),
        "transition" | "action" => own(&[
            ("commission", "委托"),
            ("carry_up", "代言代访"),
            ("feed_back", "反馈结果"),
            ("settle_on_spot", "本级调处"),
            ("direct_to_legal_route", "导入法律程序"),
            ("revisit", "回访"),
            ("close", "结案"),
            ("extend", "延期"),
        ]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_path_may_hold_format_characters_but_no_control_character() {
        let name = "/media/u盘/scan\u{202E}fdp.pdf\u{200b}";
        assert!(check_text("attachment_add", &serde_json::json!({"path": name})).is_ok());
        assert!(check_text("sync_import", &serde_json::json!({"paths": [name]})).is_ok());
        assert!(check_text("attachment_add", &serde_json::json!({"path": "a\u{1b}[2Jb.pdf"})).is_err());
        assert!(check_text("attachment_add", &serde_json::json!({"caption": name})).is_err());
    }

    #[test]
    fn an_unknown_key_is_quoted_back_on_one_line() {
        // libFuzzer's dispatch_json found a key holding a line break quoted
        // back raw, making a refusal of two lines.
        let args = serde_json::json!({"petitioners": [{"petiti\ners": "刘某某"}], "\u{202e}x": 1});
        let refused = check_text("visit_add", &args).unwrap_err().to_string();
        assert!(!refused.contains('\n'), "{refused}");
        assert!(refused.contains("petiti\\u{a}ers"), "{refused}");
        let long = "键".repeat(500);
        let refused = check_text("visit_add", &serde_json::json!({ long: "a\u{0}" })).unwrap_err().to_string();
        assert!(refused.chars().count() < 200, "{refused}");
    }

    #[test]
    fn tidy_keeps_what_check_text_accepts_and_nothing_it_refuses() {
        assert_eq!(tidy("\u{feff}王\u{200b}小芳\u{0}", false), "王小芳");
        assert_eq!(tidy("兰田村\r\n\n赵家湾组\t", false), "兰田村 赵家湾组");
        assert_eq!(tidy("第一行\n第二行\u{202e}", true), "第一行\n第二行");
        for (text, multi) in [("a\u{1b}b\n\u{200b}c", false), ("a\u{7f}\u{2066}b\nc", true)] {
            let tidied = tidy(text, multi);
            let key = if multi { "request" } else { "name" };
            assert!(check_text("visit_add", &serde_json::json!({ key: tidied })).is_ok(), "{tidied:?}");
        }
    }

    #[test]
    fn serde_words_are_read() {
        assert_eq!(serde_words("missing field `request`"), Words::Missing("request".into()));
        assert_eq!(
            serde_words("unknown variant `fax`, expected one of `visit`, `letter`"),
            Words::UnknownVariant { given: "fax".into(), options: vec!["visit".into(), "letter".into()] }
        );
        assert_eq!(
            serde_words("invalid type: string \"six\", expected u32"),
            Words::Type { got: "string \"six\"".into(), want: "u32".into() }
        );
        assert_eq!(got_words("string \"six\""), "文字“six”");
        assert_eq!(got_words("integer `-1`"), "数字 -1");
        // A backquote in what was typed does not end it early.
        assert_eq!(
            serde_words("unknown variant `f`x`, expected `male` or `female`"),
            Words::UnknownVariant { given: "f`x".into(), options: vec!["male".into(), "female".into()] }
        );
        assert_eq!(serde_words("unknown field `a`b`, there are no fields"), Words::UnknownField("a`b".into()));
        assert_eq!(serde_words("input contains invalid characters"), Words::Other);
    }

    #[test]
    fn what_was_typed_is_quoted_back_on_one_line_and_short() {
        assert_eq!(quote("第一行\n第二行"), "第一行 第二行");
        let long = "很".repeat(50);
        assert_eq!(quote(&long), format!("{}…", "很".repeat(20)));
    }

    #[test]
    fn a_line_break_is_kept_only_where_several_lines_may_be_written() {
        assert_eq!(unclean('\n', true), None);
        assert_eq!(unclean('\n', false), Some(Unclean::LineBreak));
        assert_eq!(unclean('\0', true), Some(Unclean::Control));
        assert_eq!(unclean('\u{202E}', true), Some(Unclean::Format));
        assert_eq!(unclean('\u{200B}', false), Some(Unclean::Format));
        assert_eq!(unclean('\u{200B}', true), None);
        // A rare character written with its variation selector stays.
        assert_eq!(unclean('\u{E0100}', false), None);
        assert_eq!(unclean('张', false), None);
    }

    #[test]
    fn labels_count_the_element_they_are_in() {
        let args = serde_json::json!({"rows": [{"row": 7, "name": "x"}], "petitioners": [{}, {"name": "y"}]});
        let p = |segs: &[Seg]| field_label("ledger_import_rows", &args, segs);
        assert_eq!(p(&[Seg::Key("rows".into()), Seg::Index(0), Seg::Key("name".into())]), "第 7 行的姓名");
        assert_eq!(p(&[Seg::Key("petitioners".into()), Seg::Index(1), Seg::Key("name".into())]), "第 2 位信访人的姓名");
        assert_eq!(p(&[Seg::Key("terms".into()), Seg::Index(2)]), "第 3 条协议内容");
        assert_eq!(p(&[]), "参数");
    }
}

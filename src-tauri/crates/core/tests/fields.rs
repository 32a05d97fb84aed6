//! Every field clean (issue 22): no text of any command's arguments may
//! carry a control character (a NUL cuts a printed name short) or a bidi
//! override, single-line fields take no line break nor invisible format
//! character, an ID number's birth date must be a real day by the day it is
//! recorded, and arguments of the wrong shape are refused by field in
//! Chinese, never in serde's English. Every refusal leaves the ledger as it
//! was.

use crate::common;

use common::{call, dump, ledger_at, visit};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use xinfang_core::{Error, Ledger, catalogue, dispatch};

const TODAY: &str = "2026-05-06T09:00:00+08:00";

/// An ID number of someone born on `born` (YYYYMMDD), with the check
/// character GB 11643 gives it (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
/// sum mod 11 into 1 0 X 9 8 7 6 5 4 3 2).
fn id_born(born: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!("110105{born}002");
    assert_eq!(body.len(), 17);
    let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// No letter of English (or any Latin script) in what a person reads, but
/// for the app's own words that are written so on its forms (另存 PDF).
fn no_english(message: &str) -> bool {
    !message.replace("PDF", "").chars().any(|c| c.is_ascii_alphabetic())
}

fn refused(l: &mut Ledger, name: &str, args: Value) -> Error {
    let before = dump(l);
    let e = dispatch(l, name, args.clone()).expect_err(&format!("{name} should refuse {args}"));
    assert_eq!(dump(l), before, "{name} refused but changed the ledger");
    e
}

/// A village ledger with a case, its petitioner, another person and a
/// draft agreement: (case id, person id, agreement id).
fn desk(l: &mut Ledger) -> (Value, Value, Value) {
    let case_id =
        call(l, "visit_add", visit("张某某", Some("11010519491231002X"), "反映邻居在承包地内葬坟"))["case_id"].clone();
    call(l, "case_transition", json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "actor": "李某"}));
    let person = call(l, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let agreement = call(
        l,
        "agreement_draft",
        json!({"case_id": case_id, "form": "written", "content": content(&person), "actor": "杨某"}),
    )["agreement"]["id"]
        .clone();
    (case_id, person, agreement)
}

fn content(person: &Value) -> Value {
    json!({"party_ids": [person], "facts": "王某在张某某承包地内安葬亲属。", "responsibilities": "王某未经同意占用他人承包地。",
        "terms": ["王某一次性补偿张某某土地款2600元。"], "performance": "当场付清。", "copies": 3,
        "mediators": ["杨某"], "recorder": "李某"})
}

fn petitioner() -> Value {
    json!({"person_id": "某人", "name": "张某某", "id_number": "11010519491231002X", "phone": "13800138000",
        "gender": "female", "village": "石岩哨村", "group": "大营头组", "address": "石岩哨村大营头组 12 号",
        "representative": false, "ethnicity": "汉族", "occupation": "农民"})
}

fn full_visit() -> Value {
    json!({"channel": "visit", "received_at": "2026-05-02T09:30:00+08:00", "petitioners": [petitioner()],
        "headcount": 1, "category": "土地承包", "request": "反映承包地被他人占用葬坟，要求处理。", "received_by": "李某",
        "facts": "经核实属实。", "measures": "约双方调解。", "urgency": "normal", "repeat_of": "原事项", "confidential": false})
}

/// Arguments for every command in the catalogue, with every text field its
/// arguments have (optional ones included), as a person would fill them.
fn examples(case_id: &Value, person: &Value, agreement: &Value) -> Vec<(&'static str, Value)> {
    let none = json!({});
    // Paths nowhere: a handler that runs finds no such file or folder.
    let nowhere = |name: &str| format!("/nonexistent-xinfang-test/{name}");
    let query = json!({"from": "2026-01-01", "to": "2026-12-31", "villages": ["石岩哨村"]});
    // A finding becomes a new case, never a repeat one.
    let mut new_visit = full_visit();
    new_visit.as_object_mut().unwrap().remove("repeat_of");
    vec![
        ("device_show", none.clone()),
        ("device_init", json!({"role": "village", "name": "石岩哨村", "code": "530323105201"})),
        ("clock_now", none.clone()),
        ("visit_add", full_visit()),
        (
            "case_list",
            json!({"text": "葬坟", "status": "open", "category": "土地承包", "village": "石岩哨村", "group": "大营头组",
                "channel": "visit", "overdue": false, "sort": "received_desc", "from": "2026-01-01", "to": "2026-12-31",
                "offset": 0, "limit": 20}),
        ),
        ("case_show", json!({"id": case_id})),
        (
            "case_transition",
            json!({"id": case_id, "transition": {"action": "extend", "days": 10, "reason": "需要补充材料"},
                "on": "2026-05-05", "actor": "李某", "note": "已告知信访人"}),
        ),
        ("case_void", json!({"id": case_id, "reason": "重复登记", "actor": "李某"})),
        ("case_confidential", json!({"id": case_id, "confidential": true, "actor": "李某", "note": "检举村干部"})),
        ("case_views", json!({"id": case_id})),
        (
            "case_assign",
            json!({"id": case_id, "to": "镇农业农村办", "actor": "李某", "on": "2026-05-05", "note": "限期办理"}),
        ),
        ("conflict_list", json!({"open_only": true})),
        ("conflict_settle", json!({"id": "冲突", "choice": "kept", "actor": "李某"})),
        ("visit_similar", json!({"petitioners": [petitioner()], "request": "承包地被占用"})),
        ("today", none.clone()),
        ("person_find", json!({"text": "张某", "limit": 5})),
        ("person_add", petitioner()),
        ("account_me", none.clone()),
        ("account_list", none.clone()),
        ("account_add", json!({"name": "王会计", "role": "clerk", "passphrase": "一二三四五六七八"})),
        ("account_remove", json!({"name": "王会计"})),
        ("account_passphrase", json!({"old": "一二三四五六七八", "new": "八七六五四三二一"})),
        ("person_reveal", json!({"id": person, "case_id": case_id, "reason": "核对身份后办理转办"})),
        ("case_changes", json!({"id": case_id})),
        ("access_list", json!({"id": case_id})),
        ("agreement_show", json!({"id": agreement})),
        (
            "paper_add",
            json!({"case_id": case_id, "dated_on": "2026-05-05", "actor": "杨某",
                   "content": {"kind": "mediation_record", "place": "村委会", "mediators": ["杨某"],
                               "party_ids": [person], "record": "双方陈述", "result": "达成协议"}}),
        ),
        (
            "paper_check",
            json!({"case_id": case_id, "dated_on": "2026-05-05", "actor": "杨某",
                   "content": {"kind": "investigation", "place": "承包地现场", "investigators": ["杨某"],
                               "interviewee": "王某", "record": "现场查看坟地位置"}}),
        ),
        ("paper_show", json!({"id": "文书"})),
        ("party_identities", json!({"agreement_id": agreement, "paper": "agreement"})),
        (
            "agreement_draft",
            json!({"case_id": case_id, "form": "written", "content": content(person), "actor": "杨某"}),
        ),
        ("agreement_edit", json!({"id": agreement, "form": "written", "content": content(person)})),
        ("agreement_sign", json!({"id": agreement, "signed_on": "2026-05-04", "actor": "杨某"})),
        ("agreement_correct", json!({"id": agreement, "reason": "金额笔误", "actor": "杨某"})),
        ("agreement_printed", json!({"id": agreement, "fingerprint": "指纹", "medium": "paper", "actor": "杨某"})),
        (
            "attachment_add",
            json!({"case_id": case_id, "path": nowhere("扫描件.pdf"), "kind": "evidence", "caption": "现场照片",
                "agreement_id": agreement, "revisit_id": "回访", "actor": "李某"}),
        ),
        ("attachment_list", json!({"id": case_id})),
        ("attachment_extract", json!({"id": "附件", "folder": nowhere("导出")})),
        ("attachment_preview", json!({"id": "附件"})),
        ("attachment_void", json!({"id": "附件", "reason": "传错了", "actor": "李某"})),
        (
            "revisit_add",
            json!({"case_id": case_id, "agreement_id": agreement, "visited_on": "2026-05-05", "method": "phone",
                "visitor": "李某", "visitee": "张某某", "performance": "已履行", "satisfaction": "satisfied",
                "new_problems": "无", "stopped": true, "next_due_on": "2026-06-05"}),
        ),
        (
            "screening_add",
            json!({"held_on": "2026-05-05", "scope": "village", "scope_name": "石岩哨村", "screened_by": "李某",
                "nothing_found": false, "note": "逐户走访",
                "findings": [{"category": "邻里纠纷", "summary": "宅基地边界", "parties": "王某、赵某", "urgency": "normal"}]}),
        ),
        ("screening_list", json!({"from": "2026-01-01", "to": "2026-12-31", "limit": 10})),
        ("finding_resolve", json!({"id": "纠纷", "on": "2026-05-05"})),
        ("finding_to_case", json!({"id": "纠纷", "visit": new_visit})),
        ("report_show", query.clone()),
        (
            "report_cases",
            json!({"query": query, "figure": "received", "group": {"breakdown": "village", "key": "石岩哨村"}}),
        ),
        (
            "ledger_import_rows",
            json!({"rows": [{"row": 7, "date": "2026-04-01", "name": "赵某", "id_number": "110105194912310011",
                "phone": "13800138000", "village": "石岩哨村", "group": "大营头组", "address": "石岩哨村",
                "request": "反映水渠堵塞", "category": "邻里纠纷", "channel": "来访", "received_by": "李某",
                "result": "已疏通", "handled": "是", "handled_on": "2026-04-03"}], "actor": "李某", "dry_run": true}),
        ),
        ("report_villages", none.clone()),
        ("draft_save", json!({"key": "intake", "value": {"request": "写了一半", "petitioners": [{"name": "张某"}]}})),
        ("draft_load", json!({"key": "intake"})),
        ("draft_clear", json!({"key": "intake"})),
        ("categories", none.clone()),
        ("settings_show", none.clone()),
        (
            "settings_set",
            json!({"categories": {"disputes": ["邻里纠纷"], "requests": ["土地承包"]}, "committee": "石岩哨村", "actor": "李某"}),
        ),
        ("time_limits", none.clone()),
        ("deadline_rules", none.clone()),
        ("sync_status", none.clone()),
        ("chain_verify", none.clone()),
        ("backup_settings", none.clone()),
        ("backup_settings_set", json!({"folder": nowhere("备份"), "keep": 5})),
        ("backup_make", none.clone()),
        ("backup_auto", none.clone()),
        ("backup_list", none.clone()),
        ("backup_verify", json!({"path": nowhere("台账.sqlite3")})),
        ("backup_restore", json!({"path": nowhere("台账.sqlite3"), "actor": "李某"})),
        ("ledger_check", none),
    ]
}

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

fn path_text(path: &[Seg]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Seg::Key(k) if out.is_empty() => out.push_str(k),
            Seg::Key(k) => out.push_str(&format!(".{k}")),
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Every string value in `v` and the path to it.
fn string_leaves(v: &Value, path: &mut Vec<Seg>, out: &mut Vec<(Vec<Seg>, String)>) {
    match v {
        Value::String(s) => out.push((path.clone(), s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                string_leaves(item, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                path.push(Seg::Key(k.clone()));
                string_leaves(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn replaced(v: &Value, path: &[Seg], new: Value) -> Value {
    let mut v = v.clone();
    let mut at = &mut v;
    for s in path {
        at = match s {
            Seg::Key(k) => &mut at[k.as_str()],
            Seg::Index(i) => &mut at[*i],
        };
    }
    *at = new;
    v
}

/// `s` with `c` after its first character.
fn with_char(s: &str, c: char) -> String {
    let mut chars = s.chars();
    let first: String = chars.next().into_iter().collect();
    format!("{first}{c}{}", chars.as_str())
}

/// Whether a line break belongs in the field at `path` (a text area).
fn multi_line(path: &[Seg]) -> bool {
    path.iter().any(|s| matches!(s, Seg::Key(k) if xinfang_core::commands::args::multi_line(k)))
}

/// A file or folder's path: the file system's name, where only control characters are refused.
fn file_path(path: &[Seg]) -> bool {
    path.iter().any(|s| matches!(s, Seg::Key(k) if matches!(k.as_str(), "path" | "paths" | "folder")))
}

#[test]
fn the_examples_cover_every_command_and_every_text_field_of_its_arguments() {
    let mut l = ledger_at(TODAY);
    let (case_id, person, agreement) = desk(&mut l);
    let examples = examples(&case_id, &person, &agreement);
    let named: BTreeSet<&str> = examples.iter().map(|(n, _)| *n).collect();
    let listed: BTreeSet<&str> = catalogue().iter().map(|c| c.name).collect();
    assert_eq!(named, listed, "every command needs an example here (and only commands that exist)");
    // Each top-level text field of a command's argument type is in its
    // example (nested types are filled in by hand above).
    for info in catalogue() {
        let example = &examples.iter().find(|(n, _)| *n == info.name).unwrap().1;
        for part in info.args.split([',', '{', '}']) {
            let part = part.rsplit("*/").next().unwrap().trim();
            let Some((field, ty)) = part.split_once(':') else { continue };
            let (field, ty) = (field.trim().trim_end_matches('?'), ty.trim());
            if matches!(ty, "string" | "string | null" | "Array<string>") {
                assert!(example.get(field).is_some(), "{}: the example lacks the text field {field}", info.name);
            }
        }
    }
}

#[test]
fn a_control_character_in_any_text_field_of_any_command_is_refused_by_name_and_changes_nothing() {
    let mut l = ledger_at(TODAY);
    let (case_id, person, agreement) = desk(&mut l);
    let mut fields = 0;
    for (command, example) in examples(&case_id, &person, &agreement) {
        let mut leaves = Vec::new();
        string_leaves(&example, &mut Vec::new(), &mut leaves);
        for (path, text) in leaves {
            let field = path_text(&path);
            let multi = multi_line(&path);
            let mut bad = vec![('\u{0}', "控制字符"), ('\u{1b}', "控制字符"), ('\u{7f}', "控制字符")];
            if file_path(&path) {
                bad.extend([('\n', "控制字符"), ('\t', "控制字符")]);
            } else {
                bad.push(('\u{202E}', "格式字符"));
            }
            if !multi && !file_path(&path) {
                bad.extend([('\n', "换行"), ('\t', "换行"), ('\u{200B}', "格式字符"), ('\u{FEFF}', "格式字符")]);
            }
            for (c, words) in bad {
                let args = replaced(&example, &path, json!(with_char(&text, c)));
                let e = refused(&mut l, command, args);
                let message = e.to_string();
                assert_eq!(e.kind(), "invalid", "{command} {field} {c:?}: {message}");
                assert_eq!(e.field(), Some(field.as_str()), "{command} {field} {c:?}: {message}");
                assert!(message.contains(words) && message.contains("第 2 个字符"), "{command} {field}: {message}");
                assert!(no_english(&message), "{command} {field}: {message}");
            }
            fields += 1;
        }
    }
    println!(
        "{fields} text fields, each refused with NUL, ESC, DEL and a bidi override (and a line break where one line is asked)"
    );
}

#[test]
fn a_line_break_stays_in_a_text_area_and_is_stored_as_typed() {
    let mut l = ledger_at(TODAY);
    let (case_id, person, agreement) = desk(&mut l);
    // Whatever else a text area's command says, it is not the line break.
    for (command, example) in examples(&case_id, &person, &agreement) {
        let mut leaves = Vec::new();
        string_leaves(&example, &mut Vec::new(), &mut leaves);
        for (path, text) in leaves.into_iter().filter(|(p, _)| multi_line(p)) {
            let args = replaced(&example, &path, json!(with_char(&text, '\n')));
            if let Err(e) = dispatch(&mut l, command, args) {
                let m = e.to_string();
                assert!(!m.contains("换行") && !m.contains("控制字符"), "{command} {}: {m}", path_text(&path));
            }
        }
    }
    let mut l = ledger_at(TODAY);
    let mut v = visit("王某", None, "第一行\n第二行\r\n\t第三行");
    v["facts"] = json!("核实：\n属实");
    let added = call(&mut l, "visit_add", v);
    let detail = call(&mut l, "case_show", json!({"id": added["case_id"]}));
    assert_eq!(detail["case"]["request"], "第一行\n第二行\r\n\t第三行", "{detail}");
}

#[test]
fn a_key_with_a_control_character_is_refused_too() {
    let mut l = ledger_at(TODAY);
    let mut v = visit("王某", None, "诉求");
    v["na\u{0}me"] = json!("x");
    let e = refused(&mut l, "visit_add", v);
    assert!(e.to_string().contains("控制字符"), "{e}");
    let e = refused(&mut l, "draft_save", json!({"key": "intake", "value": {"req\u{0}uest": "x"}}));
    assert!(e.to_string().contains("控制字符"), "{e}");
}

#[test]
fn the_nul_of_issue_22_never_reaches_a_name() {
    let mut l = ledger_at(TODAY);
    let e = refused(&mut l, "visit_add", visit("张三\u{0}李四", None, "诉求"));
    assert_eq!(e.field(), Some("petitioners[0].name"));
    assert_eq!(e.to_string(), "第 1 位信访人的姓名：含有不可见的控制字符（第 3 个字符），请删除后重新输入");
    let e = refused(&mut l, "person_add", json!({"name": "张\u{202E}三"}));
    assert_eq!(e.to_string(), "姓名：含有不可见的格式字符（第 2 个字符），请删除后重新输入");
}

#[test]
fn an_id_number_born_after_the_day_it_is_recorded_or_on_no_real_day_is_refused() {
    let mut l = ledger_at(TODAY);
    let before = dump(&l);
    // Check characters all correct; the dates are what is wrong.
    for (born, why) in [
        ("20300101", "晚于登记的日期"),
        ("20260503", "晚于登记的日期"), // after the visit's day (2026-03-02), before the ledger's today
        ("18991231", "出生日期"),
        ("19490230", "出生日期"),
        ("20230229", "出生日期"),
    ] {
        let e = refused(&mut l, "visit_add", visit("王某", Some(&id_born(born)), "诉求"));
        assert_eq!(e.field(), Some("petitioners[0].id_number"), "{born}: {e}");
        assert!(e.to_string().contains(why), "{born}: {e}");
    }
    // person_add stands on the ledger's today (2026-05-06).
    let e = refused(&mut l, "person_add", json!({"name": "王某", "id_number": id_born("20260507")}));
    assert_eq!(e.field(), Some("id_number"));
    assert!(e.to_string().contains("出生日期“20260507”晚于登记的日期（2026年5月6日）"), "{e}");
    // An import row stands on its own day.
    let row = |born: &str| {
        json!({"rows": [{"row": 7, "date": "2026-04-01", "name": "赵某", "id_number": id_born(born),
            "request": "反映水渠堵塞", "category": "邻里纠纷", "channel": "来访"}], "actor": "李某", "dry_run": true})
    };
    let out = call(&mut l, "ledger_import_rows", row("20260402"));
    assert_eq!(out["errors"][0]["row"], 7, "{out}");
    assert!(out["errors"][0]["message"].as_str().unwrap().contains("晚于登记的日期"), "{out}");
    assert_eq!(dump(&l), before);
    // Valid ones still are: a leap day, the visit's own day, 1900-01-01.
    assert_eq!(call(&mut l, "ledger_import_rows", row("20260401"))["errors"], json!([]));
    for born in ["20000229", "19000101", "20260302"] {
        call(&mut l, "visit_add", visit("王某", Some(&id_born(born)), "诉求"));
    }
    call(&mut l, "person_add", json!({"name": "新生儿", "id_number": id_born("20260506")}));
}

#[test]
fn a_wrong_shape_is_said_by_field_in_chinese_with_the_english_kept_aside() {
    let mut l = ledger_at(TODAY);
    let with = |key: &str, value: Value| {
        let mut v = visit("王某", None, "诉求");
        v[key] = value;
        v
    };
    let mut missing = visit("王某", None, "诉求");
    missing.as_object_mut().unwrap().remove("request");
    let mut typo = visit("王某", None, "诉求");
    typo["requset"] = json!("诉求");
    let mut gender = visit("王某", None, "诉求");
    gender["petitioners"] = json!([{"name": "甲"}, {"name": "乙", "gender": "x"}]);
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            "visit_add",
            with("channel", json!("fax")),
            "channel",
            "来访方式：“fax”不在可选范围内（可选：来访、来信、电话、网上、下访、约访、交办）",
        ),
        ("visit_add", with("headcount", json!("six")), "headcount", "来访人数：应为不小于 0 的整数，收到的是文字“six”"),
        ("visit_add", with("headcount", json!(-1)), "headcount", "来访人数：应为不小于 0 的整数，收到的是数字 -1"),
        ("visit_add", missing, "request", "诉求：缺少这一项，请填写"),
        ("visit_add", typo, "requset", "字段“requset”：没有这一项，请检查名称是否写错"),
        ("visit_add", gender, "petitioners[1].gender", "第 2 位信访人的性别：“x”不在可选范围内（可选：男、女）"),
        ("visit_add", json!("not an object"), "", "参数：应为一组字段，收到的是文字“not an object”"),
        ("visit_add", with("confidential", json!("是")), "confidential", "检举、揭发：应为是或否，收到的是文字“是”"),
        (
            "case_transition",
            json!({"id": "x", "transition": {"action": "fly"}, "actor": "李某"}),
            "transition.action",
            "办理步骤：“fly”不在可选范围内（可选：委托、代言代访、反馈结果、本级调处、导入法律程序、回访、结案、延期）",
        ),
        (
            "case_transition",
            json!({"id": "x", "transition": {"action": "close", "outcome": "won"}, "actor": "李某"}),
            "transition.outcome",
            "办理结果：“won”不在可选范围内（可选：正在化解、办结、化解、息访息诉）",
        ),
        (
            "case_transition",
            json!({"id": "x", "transition": {"action": "extend", "days": "十", "reason": "补充材料"}, "actor": "李某"}),
            "transition.days",
            "延长天数：应为不小于 0 的整数，收到的是文字“十”",
        ),
        ("case_list", json!({"limit": "twenty"}), "limit", "条数：应为不小于 0 的整数，收到的是文字“twenty”"),
        (
            "agreement_printed",
            json!({"id": "x", "fingerprint": "f", "medium": 5, "actor": "杨某"}),
            "medium",
            "打印方式：应为可选的值之一，收到的是数字 5",
        ),
        ("visit_add", json!(["visit", "2026-05-02T09:30:00+08:00"]), "", "参数：应为一组字段，收到的是列表"),
        ("visit_add", json!(null), "", "参数：应为一组字段，收到的是空值"),
        ("today", json!({"x": 1}), "x", "字段“x”：没有这一项，请检查名称是否写错"),
    ];
    for (command, args, field, message) in cases {
        let e = refused(&mut l, command, args);
        assert_eq!(e.kind(), "invalid", "{e}");
        assert_eq!(e.to_string(), message);
        assert_eq!(e.field(), (!field.is_empty()).then_some(field), "{e}");
        let detail = e.detail().expect("serde's words are kept for the log");
        assert!(!no_english(&detail), "{detail}");
        let shown = serde_json::to_value(&e).unwrap();
        assert_eq!(shown.as_object().unwrap().len(), 3, "kind, message and field only: {shown}");
    }
}

#[test]
fn no_command_answers_a_wrong_shape_in_english() {
    let mut l = ledger_at(TODAY);
    let (case_id, person, agreement) = desk(&mut l);
    let mut tried = 0;
    for (command, example) in examples(&case_id, &person, &agreement) {
        let mut wrong = vec![json!("文字"), json!([1, 2]), json!(null)];
        let mut leaves = Vec::new();
        string_leaves(&example, &mut Vec::new(), &mut leaves);
        for (path, _) in &leaves {
            wrong.push(replaced(&example, path, json!(5)));
            wrong.push(replaced(&example, path, json!({"甲": true})));
        }
        if let Some(map) = example.as_object() {
            for key in map.keys() {
                let mut v = example.clone();
                v.as_object_mut().unwrap().remove(key);
                wrong.push(v);
            }
        }
        for args in wrong {
            let before = dump(&l);
            let Err(e) = dispatch(&mut l, command, args.clone()) else {
                continue; // e.g. {} where every field may be absent
            };
            // A refusal of the arguments' shape (serde's words kept aside as
            // its detail) must read in Chinese.
            if e.detail().is_some() {
                assert!(no_english(&e.to_string()), "{command} {args}: {e}");
                assert_eq!(dump(&l), before, "{command} {args}");
                tried += 1;
            }
        }
    }
    println!("{tried} wrongly shaped arguments refused in Chinese");
    assert!(tried > 200, "{tried}");
}

//! The real `xinfang` binary, driven as a script would: exit codes, stdout,
//! one-line Chinese reasons on stderr, and nothing written on refusal.

use crate::common;

use common::{BIN, ok, refused, run};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const EXAMPLE: &str = r#"{"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
 "petitioners": [{"name": "张某某", "id_number": "11010519491231002X", "phone": "13800138000", "village": "石岩哨村", "group": "大营头组"}],
 "headcount": 1, "category": "土地承包", "request": "反映承包地被他人占用葬坟，要求处理。", "received_by": "李某"}"#;

fn xinfang(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    run(db, "2026-03-10T10:00:00+08:00", args, stdin)
}

fn new_ledger() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    ok(&xinfang(&db, &["init", "--role", "village", "--name", "石岩哨村"], None));
    (dir, db)
}

fn case_list(db: &Path) -> Value {
    serde_json::from_str(&ok(&xinfang(db, &["case", "list", "--json"], None))).unwrap()
}

fn change_count(db: &Path) -> Value {
    let v: Value = serde_json::from_str(&ok(&xinfang(db, &["call", "chain_verify"], None))).unwrap();
    v["devices"].clone()
}

#[test]
fn init_add_list_show() {
    let (dir, db) = new_ledger();
    let file = dir.path().join("visit.json");
    std::fs::write(&file, EXAMPLE).unwrap();
    let id = ok(&xinfang(&db, &["visit", "add", "--json", file.to_str().unwrap()], None)).trim().to_owned();
    assert_eq!(id.len(), 36, "prints the new case id: {id}");
    let second = ok(&xinfang(&db, &["visit", "add", "--json", "-"], Some(EXAMPLE))).trim().to_owned();
    assert_ne!(id, second);

    let list = case_list(&db);
    assert_eq!(list["total"], 2);
    let shown: Value = serde_json::from_str(&ok(&xinfang(&db, &["case", "show", &id, "--json"], None))).unwrap();
    assert_eq!(shown["case"]["id"], id);
    assert_eq!(shown["case"]["number"], "石岩哨村信〔2026〕第1号");
    assert_eq!(shown["visits"][0]["petitioners"][0]["name"], "张某某");

    let human = ok(&xinfang(&db, &["case", "list", "--text", "葬坟"], None));
    assert!(human.starts_with("共 2 件"), "{human}");
    let human = ok(&xinfang(&db, &["case", "show", &id], None));
    assert!(human.contains("诉求：反映承包地被他人占用葬坟") && human.contains("受理告知期限"), "{human}");
}

#[test]
fn call_reaches_every_command_and_lists_them() {
    let (_dir, db) = new_ledger();
    let list = ok(&xinfang(&db, &["call", "--list"], None));
    for name in ["device_show", "visit_add", "case_list", "case_show", "case_transition", "case_void", "print_preview"]
    {
        assert!(list.contains(name), "{name} missing from --list");
    }
    // Each entry says who may run it, from the class its table declares.
    let entry = |name: &str| list.split("\n\n").find(|e| e.starts_with(&format!("{name}  —"))).unwrap_or("").to_owned();
    let visit_add = entry("visit_add");
    assert!(visit_add.contains("可用：村信访员、乡镇信访办工作人员") && !visit_add.contains("领导"), "{visit_add}");
    assert!(entry("case_list").contains("可用：所有角色（只读）"), "{}", entry("case_list"));
    assert!(entry("case_assign").contains("领导"), "{}", entry("case_assign"));
    let added: Value =
        serde_json::from_str(&ok(&xinfang(&db, &["call", "visit_add", "--json", "-"], Some(EXAMPLE)))).unwrap();
    let args = json!({"id": added["case_id"], "transition": {"action": "settle_on_spot"}, "actor": "李某"}).to_string();
    let detail: Value =
        serde_json::from_str(&ok(&xinfang(&db, &["call", "case_transition", "--json", &args], None))).unwrap();
    assert_eq!(detail["case"]["route"], "settled_on_spot");
    // The print commands too: the two-way commitment, previewed page by page.
    let args = json!({"request": {"document": "commitment", "case_id": added["case_id"]}}).to_string();
    let shown: Value =
        serde_json::from_str(&ok(&xinfang(&db, &["call", "print_preview", "--json", &args], None))).unwrap();
    assert!(shown["pages"][0].as_str().unwrap().starts_with("<svg"));
    refused(&xinfang(&db, &["call", "no_such"], None), "未知的命令");
}

#[test]
fn bad_input_gets_a_clear_reason_and_writes_nothing() {
    let (_dir, db) = new_ledger();
    ok(&xinfang(&db, &["visit", "add", "--json", "-"], Some(EXAMPLE)));
    let (cases, log) = (case_list(&db), change_count(&db));

    refused(&xinfang(&db, &["visit", "add", "--json", "-"], Some(&EXAMPLE.replace("1002X", "10021"))), "请对照身份证重新输入");
    let empty = EXAMPLE.replace("反映承包地被他人占用葬坟，要求处理。", " ");
    refused(&xinfang(&db, &["visit", "add", "--json", "-"], Some(&empty)), "诉求：不能为空");
    refused(&xinfang(&db, &["visit", "add", "--json", "-"], Some("{\"channel\": ")), "不是有效的 JSON");
    refused(&xinfang(&db, &["visit", "add", "--json", "/no/such/file.json"], None), "无法读取");
    refused(&xinfang(&db, &["case", "show", "no-such-id"], None), "找不到信访事项");

    assert_eq!(case_list(&db), cases);
    assert_eq!(change_count(&db), log);
}

#[test]
fn a_missing_database_is_refused_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.sqlite3");
    refused(&xinfang(&db, &["case", "list"], None), "台账数据库不存在");
    refused(&xinfang(&db, &["visit", "add", "--json", "-"], Some(EXAMPLE)), "台账数据库不存在");
    assert!(!db.exists());
    // init refuses an empty name and leaves no file behind; it never overwrites.
    refused(&xinfang(&db, &["init", "--role", "village", "--name", " "], None), "名称：不能为空");
    assert!(!db.exists());
    ok(&xinfang(&db, &["init", "--role", "township", "--name", "路居镇"], None));
    refused(&xinfang(&db, &["init", "--role", "township", "--name", "路居镇"], None), "已存在");
    let no_db = Command::new(BIN).args(["case", "list"]).env_remove("XINFANG_DB").output().unwrap();
    refused(&no_db, "未指定台账数据库");
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["init", "--help"],
        vec!["visit", "add", "--help"],
        vec!["case", "list", "--help"],
        vec!["case", "show", "--help"],
        vec!["call", "--help"],
    ] {
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("用法：") && !help.contains("Usage"), "{args:?}: {help}");
    }
}

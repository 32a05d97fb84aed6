//! `xinfang import-ledger`: a township's Excel ledger previewed and imported
//! by the real binary. The preview prints the rows (ID numbers masked) and
//! writes nothing; a sheet with errors prints every error by row, exits
//! non-zero and writes nothing; importing twice records each row once; and
//! `xinfang call` reaches the same commands.

use crate::common;

use common::{ok, refused, run};
use rust_xlsxwriter::{Workbook, Worksheet};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Output;

const NOW: &str = "2009-07-10T09:00:00+08:00";

fn xinfang(db: &Path, args: &[&str]) -> Output {
    run(db, NOW, args, None)
}

fn township(dir: &Path) -> PathBuf {
    let db = dir.join("路居镇.sqlite3");
    ok(&xinfang(&db, &["init", "--role", "township", "--name", "路居镇"]));
    db
}

/// A sheet with a title row, then the headers and `rows` as text cells.
fn workbook(dir: &Path, name: &str, rows: &[[&str; 6]]) -> PathBuf {
    let mut ws = Worksheet::new();
    ws.write_string(0, 0, "路居镇信访台账").unwrap();
    for (j, h) in ["来访日期", "姓名", "身份证号", "事由", "问题类别", "信访形式"].iter().enumerate()
    {
        ws.write_string(1, j as u16, *h).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            ws.write_string(2 + i as u32, j as u16, *cell).unwrap();
        }
    }
    let mut book = Workbook::new();
    book.push_worksheet(ws);
    let path = dir.join(name);
    book.save(&path).unwrap();
    path
}

const ROWS: [[&str; 6]; 2] = [
    ["2009-01-08", "赵德明", "11010519491231002X", "来信反映家中房屋年久失修，申请危房改造补助。", "民政救助", "来信"],
    ["2009-02-10", "张国富", "", "反映承包地边界与邻户有争议，要求重新丈量。", "土地承包", "来访"],
];

fn cases(db: &Path) -> u64 {
    let page = ok(&xinfang(db, &["case", "list", "--status", "all", "--json"]));
    serde_json::from_str::<Value>(&page).unwrap()["total"].as_u64().unwrap()
}

#[test]
fn preview_then_import_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path());
    let file = workbook(dir.path(), "台账.xlsx", &ROWS);
    let file = file.to_str().unwrap();
    let shown = ok(&xinfang(&db, &["import-ledger", file, "--by", "刘专干", "--preview"]));
    assert!(shown.contains("列：日期←来访日期，姓名←姓名，身份证号←身份证号，内容←事由"), "{shown}");
    assert!(shown.contains("110105********002X"), "{shown}");
    assert!(!shown.contains("11010519491231002X"), "never unmasked: {shown}");
    assert!(shown.contains("没有错误：可以导入 2 行"), "{shown}");
    assert_eq!(cases(&db), 0);

    let done = ok(&xinfang(&db, &["import-ledger", file, "--by", "刘专干"]));
    assert!(done.contains("已导入 2 件"), "{done}");
    assert!(done.contains("路居镇信〔2009〕第1号"), "{done}");
    let again = ok(&xinfang(&db, &["import-ledger", file, "--by", "刘专干", "--json"]));
    let again: Value = serde_json::from_str(&again).unwrap();
    assert_eq!((again["recorded"].as_u64(), again["skipped"].as_u64()), (Some(0), Some(2)));
    assert_eq!(cases(&db), 2);
}

#[test]
fn errors_are_printed_by_row_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path());
    let mut rows = ROWS;
    rows[1][0] = "2009-13-01";
    rows[0][2] = "110105194912310021";
    let file = workbook(dir.path(), "有错误.xlsx", &rows);
    let out = xinfang(&db, &["import-ledger", file.to_str().unwrap(), "--by", "刘专干"]);
    refused(&out, "台账有 2 处错误");
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.contains("第 3 行“身份证号”：有误，请对照身份证重新输入"), "{printed}");
    assert!(printed.contains("第 4 行“日期”：2009-13-01 不是有效日期"), "{printed}");
    assert_eq!(cases(&db), 0);
    refused(&xinfang(&db, &["import-ledger", "没有这个文件.xlsx", "--by", "刘专干"]), "文件不存在");
}

#[test]
fn call_reaches_the_sheets_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path());
    let file = workbook(dir.path(), "台账.xlsx", &ROWS);
    let args = json!({"path": file, "actor": "刘专干"}).to_string();
    let preview: Value =
        serde_json::from_str(&ok(&xinfang(&db, &["call", "ledger_import_preview", "--json", &args]))).unwrap();
    assert_eq!(preview["rows"].as_array().unwrap().len(), 2);
    let list = ok(&xinfang(&db, &["call", "--list"]));
    assert!(list.contains("report_xlsx") && list.contains("ledger_import_rows"), "{list}");
}

/// The township's 2009 ledger kept in tests/fixtures/ledgers (written by the
/// sheets crate's tests): `--preview --json` names the words to map, each
/// once; `--map` imports it in one step; the mapping is remembered, so the
/// second import needs none and adds nothing.
#[test]
fn a_kept_ledger_imports_with_one_mapping_step() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path());
    // The ledger's day after the second half-year of 2009 the file holds.
    let xinfang = |db: &Path, args: &[&str]| run(db, "2013-03-01T09:00:00+08:00", args, None);
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/ledgers/路居镇2009年信访台账.xlsx");
    let file = file.to_str().unwrap();
    let preview: Value =
        serde_json::from_str(&ok(&xinfang(&db, &["import-ledger", file, "--by", "刘专干", "--preview", "--json"])))
            .unwrap();
    assert_eq!(preview["errors"], json!([]));
    let unmapped = &preview["unmapped"];
    let words: Vec<&str> = unmapped["category"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
    assert!(words.contains(&"民政") && words.contains(&"坟地纠纷"), "{unmapped}");
    assert_eq!(preview["rows"], 0, "every row waits for its category");
    refused(&xinfang(&db, &["import-ledger", file, "--by", "刘专干"]), "还没有对照");
    assert_eq!(cases(&db), 0);

    // The clerk's one decision per word: each to a category of the list.
    let mut map = json!({"category": {}});
    let choice = [
        ("民政", "民政救助"),
        ("土地纠纷", "土地承包"),
        ("水利", "农田水利"),
        ("坟地纠纷", "坟地/丧葬"),
        ("交通事故", "损害赔偿"),
        ("社会保障", "社保医保"),
        ("村务公开", "干部作风"),
        ("劳动保障", "劳资/欠薪"),
        ("饮水", "环境/水源"),
        ("山林纠纷", "山林权属"),
    ];
    for w in &words {
        let to = choice.iter().find(|(from, _)| from == w).unwrap_or_else(|| panic!("no choice for {w}")).1;
        map["category"][*w] = json!(to);
    }
    let map_file = dir.path().join("对照表.json");
    std::fs::write(&map_file, map.to_string()).unwrap();
    let done: Value = serde_json::from_str(&ok(&xinfang(
        &db,
        &["import-ledger", file, "--by", "刘专干", "--map", map_file.to_str().unwrap(), "--json"],
    )))
    .unwrap();
    let rows = done["rows"].as_u64().unwrap();
    assert_eq!(done["recorded"].as_u64(), Some(rows));
    assert_eq!(done["detail"].as_array().unwrap().len() as u64, rows);
    assert_eq!(cases(&db), rows);
    assert!(done["left_out"].as_array().unwrap().iter().any(|l| l["message"].as_str().unwrap().contains("合计行")));

    let again: Value =
        serde_json::from_str(&ok(&xinfang(&db, &["import-ledger", file, "--by", "刘专干", "--json"]))).unwrap();
    assert_eq!((again["recorded"].as_u64(), again["skipped"].as_u64()), (Some(0), Some(rows)));
    assert_eq!(again["unmapped"], json!({"category": [], "channel": [], "outcome": []}), "remembered");

    let bad = dir.path().join("错的对照表.json");
    std::fs::write(&bad, r#"{"category": {"民政": "救济"}}"#).unwrap();
    refused(
        &xinfang(&db, &["import-ledger", file, "--by", "刘专干", "--map", bad.to_str().unwrap(), "--preview"]),
        "“救济”不是类别清单中的一项",
    );
}

/// `--map` may add a category the list lacks to the township's own list
/// (`new_categories`): the preview reads the rows with it and adds nothing;
/// the import adds it, so the list (and so the intake) has it; the same map
/// file used again adds nothing twice.
#[test]
fn a_map_file_adds_the_clerks_category_to_the_townships_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path());
    let rows = [ROWS[0], ["2009-02-10", "张国富", "", "反映邻组村民在其承包地上葬坟，要求迁走。", "坟地纠纷", "来访"]];
    let file = workbook(dir.path(), "台账.xlsx", &rows);
    let file = file.to_str().unwrap();
    let map_file = dir.path().join("对照表.json");
    std::fs::write(&map_file, r#"{"new_categories": {"disputes": ["坟地纠纷"]}}"#).unwrap();
    let map = map_file.to_str().unwrap();
    let list = |db: &Path| -> Value { serde_json::from_str(&ok(&xinfang(db, &["call", "categories"]))).unwrap() };
    let before = list(&db);

    let preview: Value = serde_json::from_str(&ok(&xinfang(
        &db,
        &["import-ledger", file, "--by", "刘专干", "--map", map, "--preview", "--json"],
    )))
    .unwrap();
    assert_eq!((preview["rows"].as_u64(), &preview["unmapped"]["category"]), (Some(2), &json!([])));
    assert_eq!(preview["detail"][1]["category"], "坟地纠纷");
    assert_eq!(list(&db), before, "a preview adds nothing to the list");

    let done: Value =
        serde_json::from_str(&ok(&xinfang(&db, &["import-ledger", file, "--by", "刘专干", "--map", map, "--json"])))
            .unwrap();
    assert_eq!(done["recorded"], 2);
    let after = list(&db);
    assert_eq!(after["disputes"].as_array().unwrap().last().unwrap(), "坟地纠纷");
    let again: Value =
        serde_json::from_str(&ok(&xinfang(&db, &["import-ledger", file, "--by", "刘专干", "--map", map, "--json"])))
            .unwrap();
    assert_eq!((again["recorded"].as_u64(), again["skipped"].as_u64()), (Some(0), Some(2)));
    assert_eq!(list(&db), after, "listed once");
}

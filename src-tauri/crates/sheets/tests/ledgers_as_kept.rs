//! 台账导入 of the ledgers clerks really keep (`clerk_ledgers::books`): each
//! comes in with one mapping step and no retyping; every field the file
//! holds comes through (head count, gender, 承办单位, 备注 with its amounts,
//! the handling state with its day, old IDs, local landlines); an ID number
//! Excel stored as a number is kept out and listed while its row comes in;
//! the mapping is remembered for the next file; a second import adds
//! nothing; and the half-year's report matches the sheet's own totals.

use crate::clerk_ledgers;

use clerk_ledgers::books::{self, FIRST_HALF, SECOND_HALF};
use clerk_ledgers::build::{Sheet, workbook};
use clerk_ledgers::fixtures;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use xinfang_core::{Clock, Ledger, Store};
use xinfang_sheets::commands;

const ACTOR: &str = "镇信访办刘专干";

/// The clerk's one decision per word of their own (the township's usage).
fn clerk_mapping() -> Value {
    json!({
        "category": {
            "民政": "民政救助", "土地纠纷": "土地承包", "水利": "农田水利", "坟地纠纷": "坟地/丧葬",
            "交通事故": "损害赔偿", "社会保障": "社保医保", "村务公开": "干部作风", "劳动保障": "劳资/欠薪",
            "饮水": "环境/水源", "山林纠纷": "山林权属"
        },
        "channel": {"群众来访": "来访", "书信": "来信"},
        "outcome": {"已落实": "已办结"}
    })
}

fn township() -> Ledger {
    let now = chrono::DateTime::parse_from_rfc3339("2013-03-01T09:00:00+08:00").unwrap().to_utc();
    let mut l = Ledger::new(Store::in_memory().unwrap(), Clock::Fixed(now));
    xinfang_core::dispatch(&mut l, "device_init", json!({"role": "township", "name": "路居镇"})).unwrap();
    l
}

fn call(l: &mut Ledger, name: &str, path: &Path, mapping: Option<&Value>) -> Result<Value, xinfang_sheets::Error> {
    let mut args = json!({"path": path, "actor": ACTOR});
    if let Some(m) = mapping {
        args["mapping"] = m.clone();
    }
    commands::dispatch(l, name, args)
}

fn query<T: rusqlite::types::FromSql>(l: &Ledger, sql: &str) -> T {
    l.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect()
}

/// The entries of `sheets` (rows below the header that are not totals or notes).
fn entries(sheets: &[Sheet]) -> usize {
    sheets.iter().filter(|s| s.header.len() > 2).map(|s| s.rows.len()).sum()
}

/// Previews `file`, maps exactly the words it lists with the clerk's
/// mapping, imports, and imports again: returns the preview and the import.
fn import_with_one_mapping_step(l: &mut Ledger, file: &Path, sheets: &[Sheet]) -> (Value, Value) {
    let first = call(l, "ledger_import_preview", file, None).unwrap();
    assert_eq!(first["errors"], json!([]), "{file:?}: {}", first["errors"]);
    if first["unmapped"] != json!({"category": [], "channel": [], "outcome": []}) {
        let e = call(l, "ledger_import", file, None).unwrap_err();
        assert_eq!(e.kind(), "refused", "{e}");
        assert!(e.to_string().contains("还没有对照，没有导入任何记录"), "{e}");
    }
    let all = clerk_mapping();
    let mut step = json!({"category": {}, "channel": {}, "outcome": {}});
    for kind in ["category", "channel", "outcome"] {
        for word in strings(&first["unmapped"][kind]) {
            let to = &all[kind][&word];
            assert!(to.is_string(), "{file:?}: the clerk has no mapping for {kind} {word}");
            step[kind][&word] = to.clone();
        }
    }
    let preview = call(l, "ledger_import_preview", file, Some(&step)).unwrap();
    assert_eq!(preview["errors"], json!([]));
    assert_eq!(preview["unmapped"], json!({"category": [], "channel": [], "outcome": []}));
    assert_eq!(preview["rows"].as_array().unwrap().len(), entries(sheets), "{file:?}: every entry, none retyped");
    let done = call(l, "ledger_import", file, Some(&step)).unwrap();
    assert_eq!(done["recorded"].as_u64(), Some(entries(sheets) as u64));

    let again = call(l, "ledger_import", file, None).unwrap();
    assert_eq!((again["recorded"].as_u64(), again["skipped"].as_u64()), (Some(0), Some(entries(sheets) as u64)));
    (first, done)
}

fn fixture(name: &str, sheets: &[Sheet]) -> PathBuf {
    workbook(&fixtures(), name, sheets)
}

#[test]
fn the_township_ledger_of_2009_comes_in_whole() {
    let sheets = books::township_2009();
    let file = fixture(books::TOWNSHIP_2009, &sheets);
    let mut l = township();
    let (first, done) = import_with_one_mapping_step(&mut l, &file, &sheets);

    // Every sheet with data read, the summary sheet left out and said so.
    let read: Vec<(String, u64, Value)> = done["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_owned(), s["rows"].as_u64().unwrap(), s["left_out"].clone()))
        .collect();
    assert_eq!(
        read,
        [
            ("上半年".into(), FIRST_HALF.len() as u64, Value::Null),
            ("下半年".into(), SECOND_HALF.len() as u64, Value::Null),
            ("统计".into(), 0, json!("没有台账的表头行")),
        ]
    );
    // The header under two title rows, bracketed and variant names recognised.
    let columns: Vec<(String, String)> = done["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["column"].as_str().unwrap().into(), c["header"].as_str().unwrap().into()))
        .collect();
    for pair in [
        ("日期", "来访（来信）时间"),
        ("方式", "来访形式"),
        ("人数", "人数"),
        ("承办单位", "承办单位"),
        ("备注", "备注"),
    ] {
        assert!(columns.contains(&(pair.0.into(), pair.1.into())), "{columns:?}");
    }
    // The township's own words, each listed once, in the order met.
    assert_eq!(
        strings(&first["unmapped"]["category"]),
        ["民政", "土地纠纷", "水利", "坟地纠纷", "交通事故", "社会保障", "村务公开", "劳动保障", "饮水", "山林纠纷"]
    );
    // Totals, notes and the signature left out, each said.
    let left: Vec<(String, u64)> = done["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["sheet"].as_str().unwrap().into(), r["row"].as_u64().unwrap()))
        .collect();
    let below = |half: usize, after: u64| 4 + half as u64 + after; // 2 title rows, the header, then the rows
    assert_eq!(
        left,
        [
            ("上半年".into(), below(FIRST_HALF.len(), 0)),
            ("上半年".into(), below(FIRST_HALF.len(), 1)),
            ("上半年".into(), below(FIRST_HALF.len(), 2)),
            ("下半年".into(), 3 + SECOND_HALF.len() as u64),
        ]
    );
    assert!(done["left_out"][0]["message"].as_str().unwrap().contains("合计行"));

    let rows = done["rows"].as_array().unwrap();
    let row = |sheet: &str, n: u64| {
        rows.iter().find(|r| r["sheet"] == sheet && r["row"] == n).unwrap_or_else(|| panic!("{sheet} {n}"))
    };
    // Dates as typed; the year of 4月27日 from the sheet's title, said so.
    let days: Vec<&str> = rows.iter().take(FIRST_HALF.len()).map(|r| r["received_on"].as_str().unwrap()).collect();
    assert_eq!(
        days,
        [
            "2009-01-08",
            "2009-02-10",
            "2009-02-23",
            "2009-03-06",
            "2009-03-18",
            "2009-04-08",
            "2009-04-27",
            "2009-05-06",
            "2009-05-12",
            "2009-05-20",
            "2009-06-03"
        ]
    );
    let april = row("上半年", 10);
    assert!(strings(&april["read_as"]).iter().any(|w| w.contains("标题“路居镇2009年上半年信访工作台账”")), "{april}");
    assert_eq!(april["handled_on"], "2009-05-20");
    // The 15-digit ID converted (and shown masked), the landline kept and marked.
    let old_id = row("上半年", 5);
    let full = upgraded("530102750612301");
    assert_eq!(old_id["id_number"], format!("530102********{}", &full[14..]));
    assert!(strings(&old_id["read_as"]).iter().any(|w| w.starts_with("15 位身份证号已按国家标准升为 18 位")));
    assert!(strings(&old_id["read_as"]).iter().any(|w| w.contains("本地座机")));
    let stored: String = query(&l, "SELECT id_number FROM person WHERE name = '张国富'");
    assert_eq!(stored, full);
    let phone: String = query(&l, "SELECT phone FROM person WHERE name = '张国富'");
    assert_eq!(phone, "7654321");
    // The ID Excel stored as a number: kept out, listed, the row imported.
    let gaps = done["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1);
    assert!(gaps[0]["message"].as_str().unwrap().starts_with("表“上半年”第 10 行“身份证号”"), "{gaps:?}");
    let no_id: Option<String> = query(&l, "SELECT id_number FROM person WHERE name = '周玉梅'");
    assert_eq!(no_id, None);
    // 30余人: at least 30, a collective visit with its representative.
    let canal = row("上半年", 6);
    assert_eq!(canal["headcount"], 30);
    assert!(strings(&canal["read_as"]).iter().any(|w| w.contains("按至少 30 人计")));
    let (count, rep): (i64, i64) = l
        .store
        .conn()
        .query_row(
            "SELECT v.headcount, vp.representative FROM visit v JOIN visit_petitioner vp ON vp.visit_id = v.id
             JOIN person p ON p.id = vp.person_id WHERE p.name = '钱永富'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((count, rep), (30, 1));
    // Gender, 承办单位 and the notes with their settlement amounts.
    assert_eq!(row("上半年", 5)["gender"], "男");
    let grave: String = query(
        &l,
        "SELECT facts FROM visit v JOIN petition_case c ON c.id = v.case_id
                                   WHERE c.request LIKE '%挖开其家祖坟%'",
    );
    assert!(grave.contains("承办单位：镇司法所") && grave.contains("赔偿6666元"), "{grave}");
    let quarry: String = query(&l, "SELECT facts FROM visit WHERE request LIKE '%采石场%'");
    assert!(quarry.contains("赔偿80000元"), "{quarry}");
    // The merged 来访形式 read on both rows.
    assert_eq!(row("上半年", 8)["channel"], "visit");
    // The state as the case's state, with its day.
    let outcomes: Vec<(String, Option<String>)> = l
        .store
        .conn()
        .prepare("SELECT outcome, closed_on FROM petition_case ORDER BY received_at")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(outcomes[1], ("resolved".into(), Some("2009-03-02".into())));
    assert_eq!(outcomes[0], ("handled".into(), Some("2009-03-20".into())));
    let open: Vec<&(String, Option<String>)> = outcomes.iter().filter(|o| o.1.is_none()).collect();
    assert_eq!(open.len(), 2, "正在办理 stays open");
    assert!(open.iter().all(|o| o.0 == "in_progress"));
    // Every case marked as imported.
    let imported: i64 = query(&l, "SELECT count(DISTINCT case_id) FROM case_event WHERE action = 'import'");
    assert_eq!(imported as usize, entries(&sheets));

    // The first half-year's report matches the sheet's own totals row:
    // 共受理11件（来信5件，来访6件），办结11件.
    let totals = FIRST_HALF.len();
    let letters = FIRST_HALF.iter().filter(|r| r[8] == "来信").count();
    let r = xinfang_core::dispatch(&mut l, "report_show", json!({"from": "2009-01-01", "to": "2009-06-30"})).unwrap();
    let count = |k: &str| {
        r["total"]["counts"].as_array().unwrap().iter().find(|c| c["figure"] == k).unwrap()["count"].as_u64().unwrap()
    };
    assert_eq!((count("received"), count("handled")), (11, 11));
    assert_eq!((count("received_letter"), count("received_visit")), (5, 6));
    assert_eq!((totals, letters), (11, 5), "the fixture is seed 003's half-year");
}

/// The 18-digit form of a 15-digit number, worked out here by GB 11643's
/// weights (the test's own arithmetic, not the code under test).
fn upgraded(old: &str) -> String {
    let body = format!("{}19{}", &old[..6], &old[6..]);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(weights).map(|(b, w)| u32::from(b - b'0') * w).sum();
    format!("{body}{}", "10X98765432".as_bytes()[(sum % 11) as usize] as char)
}

#[test]
fn a_village_ledger_a_register_and_a_reception_record_follow_with_the_mapping_remembered() {
    let mut l = township();
    let township_sheets = books::township_2009();
    // Its own copy: the other test writes the kept fixture at the same time.
    let dir = tempfile::tempdir().unwrap();
    let first = workbook(dir.path(), books::TOWNSHIP_2009, &township_sheets);
    import_with_one_mapping_step(&mut l, &first, &township_sheets);

    // A two-row header, days without their year under a title naming 2010,
    // a date and a 方式 merged over two rows.
    let village = books::village_2010();
    let file = fixture(books::VILLAGE_2010, &village);
    let (preview, done) = import_with_one_mapping_step(&mut l, &file, &village);
    assert_eq!(preview["unmapped"]["category"], json!([]), "坟地纠纷 and 饮水 remembered from the first file");
    let rows = done["rows"].as_array().unwrap();
    let days: Vec<&str> = rows.iter().map(|r| r["received_on"].as_str().unwrap()).collect();
    assert_eq!(days, ["2010-01-12", "2010-02-03", "2010-03-05", "2010-03-05"]);
    assert_eq!((rows[3]["channel"].as_str(), rows[3]["name"].as_str()), (Some("visit"), Some("张桂花")));
    assert_eq!((rows[1]["outcome"].as_str(), rows[2]["outcome"].as_str()), (Some("化解"), Some("正在化解")));
    assert_eq!(rows[2]["headcount"], 30);

    // The year only in the file's name; a channel and a state in the clerk's words.
    let register = books::register_2011();
    let file = fixture(books::REGISTER_2011, &register);
    let (preview, done) = import_with_one_mapping_step(&mut l, &file, &register);
    assert_eq!(preview["unmapped"]["channel"], json!(["群众来访", "书信"]));
    assert_eq!(preview["unmapped"]["outcome"], json!(["已落实"]));
    assert_eq!(preview["unmapped"]["category"], json!([]), "民政 and 交通事故 remembered");
    let may = &done["rows"][1];
    assert_eq!(may["received_on"], "2011-05-08");
    assert!(strings(&may["read_as"]).iter().any(|w| w.contains("文件名“2011年信访登记簿”")), "{may}");
    assert_eq!(done["gaps"].as_array().unwrap().len(), 1, "the ID stored as a number, listed");
    assert_eq!(done["rows"][0]["outcome"], "办结");
    assert_eq!(done["left_out"][0]["message"].as_str().map(|m| m.contains("落款行")), Some(true));

    // No year anywhere but the first row: the rows above give it.
    let reception = books::reception();
    let file = fixture(books::RECEPTION, &reception);
    let (_, done) = import_with_one_mapping_step(&mut l, &file, &reception);
    let days: Vec<&str> = done["rows"].as_array().unwrap().iter().map(|r| r["received_on"].as_str().unwrap()).collect();
    assert_eq!(days, ["2012-01-05", "2012-01-09", "2012-02-14"]);
    assert!(strings(&done["rows"][1]["read_as"]).iter().any(|w| w.contains("上面第 3 行的日期")));
}

#[test]
fn every_missing_column_is_named_at_once_and_nothing_is_read() {
    let mut sheets = books::reception();
    sheets[0].header = &["来访日期", "来访人姓名", "性别", "住址", "备注", "说明事项", "人数", "办理状态", "办结日期"];
    let dir = tempfile::tempdir().unwrap();
    let file = workbook(dir.path(), "缺列.xlsx", &sheets);
    let mut l = township();
    let e = call(&mut l, "ledger_import_preview", &file, None).unwrap_err();
    let m = e.to_string();
    assert!(m.contains("缺少 3 个必填列"), "{m}");
    for column in ["“内容”列", "“类别”列", "“方式”列"] {
        assert!(m.contains(column), "{m}");
    }
}

#[test]
fn a_wrong_mapping_is_refused_by_name_and_every_problem_of_a_row_is_listed_in_one_pass() {
    let sheets = books::reception();
    let dir = tempfile::tempdir().unwrap();
    let file = workbook(dir.path(), "接待.xlsx", &sheets);
    let mut l = township();
    let e = call(&mut l, "ledger_import_preview", &file, Some(&json!({"category": {"民政": "救济"}}))).unwrap_err();
    assert!(e.to_string().contains("类别“民政”对照为“救济”，但“救济”不是类别清单中的一项"), "{e}");

    let bad: &[clerk_ledgers::build::Row] =
        &[&["2012年13月5日", "孔德胜", "不详", "大营头组", "", "山林纠纷", "来访", "", "2月30日"]];
    let sheets = vec![Sheet { rows: bad, ..books::reception().remove(0) }];
    let file = workbook(dir.path(), "错.xlsx", &sheets);
    let p = call(&mut l, "ledger_import_preview", &file, Some(&clerk_mapping())).unwrap();
    let columns: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["column"].as_str().unwrap()).collect();
    assert_eq!(columns, ["日期", "性别", "内容"], "{}", p["errors"]);
    assert_eq!(query::<i64>(&l, "SELECT count(*) FROM petition_case"), 0);
}

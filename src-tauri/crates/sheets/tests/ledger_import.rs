//! 台账导入 from workbooks built the way townships keep them (a title row,
//! headers in their own words, Excel date cells and typed dates, a phone
//! typed as a number): the preview shows the rows as they will be recorded
//! with every problem by row, the import writes all rows or none, and
//! importing again adds nothing twice.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use xinfang_core::{Clock, Ledger, Store};
use xinfang_sheets::commands;

const ACTOR: &str = "镇信访办刘专干";
const HEADER: [&str; 11] = [
    "序号",
    "登记日期",
    "信访人",
    "身份证号码",
    "联系电话",
    "住址",
    "反映问题",
    "问题类别",
    "来信/来访",
    "处理情况",
    "办结日期",
];

/// One data row: the cells after 序号, as text (a date cell when it starts with "@").
type Row = [&'static str; 10];

const GOOD: [Row; 3] = [
    [
        "@2009-01-08",
        "赵德明",
        "11010519491231002X",
        "#13800138000",
        "路居镇兰田村赵家湾组",
        "来信反映家中房屋年久失修，申请危房改造补助。",
        "民政救助",
        "来信",
        "已列入危房改造计划并告知本人",
        "@2009-03-20",
    ],
    [
        "2009/2/10",
        "张国富",
        "",
        "",
        "路居镇中坝村下坝组",
        "反映承包地边界与邻户有争议，要求重新丈量。",
        "土地承包",
        "来访",
        "",
        "",
    ],
    [
        "2009年3月6日",
        "杨正华",
        "",
        "",
        "上坝村上坝组",
        "反映水库被放干后田地无法灌溉，要求尽快蓄水。",
        "农田水利",
        "来访",
        "镇政府安排购买水闸设施并蓄水",
        "2009-04-03",
    ],
];

fn township() -> Ledger {
    let now = chrono::DateTime::parse_from_rfc3339("2009-07-10T09:00:00+08:00").unwrap().to_utc();
    let mut l = Ledger::new(Store::in_memory().unwrap(), Clock::Fixed(now));
    xinfang_core::dispatch(&mut l, "device_init", json!({"role": "township", "name": "路居镇"})).unwrap();
    l
}

/// A workbook as a township keeps it: a title, then `header`, then `rows`.
fn workbook(dir: &Path, name: &str, header: &[&str], rows: &[Row]) -> PathBuf {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut ws = Worksheet::new();
    ws.set_name("2009年台账").unwrap();
    ws.write_string(0, 0, "路居镇2009年上半年信访台账").unwrap();
    for (j, h) in header.iter().enumerate() {
        ws.write_string(1, j as u16, *h).unwrap();
    }
    for (i, cells) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        for (j, cell) in cells.iter().enumerate().take(header.len() - 1) {
            let c = 1 + j as u16;
            if let Some(day) = cell.strip_prefix('@') {
                let p: Vec<u16> = day.split('-').map(|x| x.parse().unwrap()).collect();
                let d = ExcelDateTime::from_ymd(p[0], p[1] as u8, p[2] as u8).unwrap();
                ws.write_datetime_with_format(r, c, d, &date).unwrap();
            } else if let Some(n) = cell.strip_prefix('#') {
                ws.write_number(r, c, n.parse::<f64>().unwrap()).unwrap();
            } else if !cell.is_empty() {
                ws.write_string(r, c, *cell).unwrap();
            }
        }
    }
    let mut book = Workbook::new();
    book.push_worksheet(ws);
    let path = dir.join(name);
    book.save(&path).unwrap();
    path
}

fn call(l: &mut Ledger, name: &str, path: &Path) -> Result<Value, xinfang_sheets::Error> {
    commands::dispatch(l, name, json!({"path": path, "actor": ACTOR}))
}

fn cases(l: &Ledger) -> i64 {
    l.store.conn().query_row("SELECT count(*) FROM petition_case", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_clean_workbook_previews_then_imports_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "台账.xlsx", &HEADER, &GOOD);
    let mut l = township();
    let preview = call(&mut l, "ledger_import_preview", &path).unwrap();
    assert_eq!(preview["sheets"], json!([{"name": "2009年台账", "rows": 3, "left_out": null}]));
    assert_eq!(preview["errors"], json!([]));
    assert_eq!(preview["ignored"], json!(["序号"]));
    let mapped: Vec<(&str, &str)> = preview["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["column"].as_str().unwrap(), c["header"].as_str().unwrap()))
        .collect();
    assert_eq!(mapped[..3], [("日期", "登记日期"), ("姓名", "信访人"), ("身份证号", "身份证号码")]);
    let rows = preview["rows"].as_array().unwrap();
    let days: Vec<&str> = rows.iter().map(|r| r["received_on"].as_str().unwrap()).collect();
    assert_eq!(days, ["2009-01-08", "2009-02-10", "2009-03-06"], "date cells and typed dates");
    assert_eq!(rows[0]["row"], 3, "rows numbered as the spreadsheet shows them");
    assert_eq!(rows[0]["id_number"], "110105********002X");
    assert_eq!(rows[0]["phone"], "138****8000", "a phone typed as a number");
    assert_eq!(rows[0]["handled_on"], "2009-03-20");
    assert_eq!(rows[1]["village"], "中坝村");
    assert_eq!(rows[1]["handled_on"], Value::Null);
    assert!(!preview.to_string().contains("11010519491231002X"), "never unmasked");
    assert_eq!(cases(&l), 0, "a preview writes nothing");

    let done = call(&mut l, "ledger_import", &path).unwrap();
    assert_eq!((done["recorded"].as_u64(), done["skipped"].as_u64()), (Some(3), Some(0)));
    assert_eq!(done["rows"][2]["case_number"], "路居镇信〔2009〕第3号");
    assert_eq!(cases(&l), 3);
    let r = xinfang_core::dispatch(&mut l, "report_show", json!({"from": "2009-01-01", "to": "2009-06-30"})).unwrap();
    let count =
        |k: &str| r["total"]["counts"].as_array().unwrap().iter().find(|c| c["figure"] == k).unwrap()["count"].clone();
    assert_eq!((count("received"), count("handled"), count("received_letter")), (json!(3), json!(2), json!(1)));

    // The same workbook again, with a row added below: only the new row is recorded.
    let mut more = GOOD.to_vec();
    more.push([
        "2009-06-15",
        "孙红梅",
        "",
        "",
        "螺蛳铺村",
        "反映建房宅基地审批迟迟未办理。",
        "房屋宅基地",
        "来访",
        "",
        "",
    ]);
    let path = workbook(dir.path(), "台账（续）.xlsx", &HEADER, &more);
    let preview = call(&mut l, "ledger_import_preview", &path).unwrap();
    assert_eq!(preview["skipped"], 3);
    assert_eq!(preview["rows"][0]["existing"], "路居镇信〔2009〕第1号");
    let again = call(&mut l, "ledger_import", &path).unwrap();
    assert_eq!((again["recorded"].as_u64(), again["skipped"].as_u64()), (Some(1), Some(3)));
    assert_eq!(cases(&l), 4);
}

#[test]
fn a_malformed_date_and_bad_id_numbers_are_listed_by_row_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = GOOD.to_vec();
    rows[1][0] = "2009-13-01";
    rows[2][2] = "110105194912310021";
    rows.push([
        "2009-05-12",
        "周玉梅",
        "#110105194912310020",
        "",
        "兰田村",
        "来信反映计划生育押金至今未退还。",
        "政策落实",
        "来信",
        "",
        "",
    ]);
    let path = workbook(dir.path(), "有错误.xlsx", &HEADER, &rows);
    let mut l = township();
    let preview = call(&mut l, "ledger_import_preview", &path).unwrap();
    let errors: Vec<&str> =
        preview["errors"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0], "第 4 行“日期”：2009-13-01 不是有效日期");
    assert!(errors[1].starts_with("第 5 行“身份证号”：有误，请对照身份证重新输入"), "{errors:?}");
    // An ID Excel stored as a number is not an error: kept out, listed, its row imported.
    let gaps = preview["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1);
    assert!(gaps[0]["message"].as_str().unwrap().starts_with("第 6 行“身份证号”：身份证号被 Excel 存成了数字"));
    let ok_rows: Vec<u64> = preview["rows"].as_array().unwrap().iter().map(|r| r["row"].as_u64().unwrap()).collect();
    assert_eq!(ok_rows, [3, 6], "the clean row and the one whose ID is to follow up");
    assert_eq!(preview["rows"][1]["id_number"], Value::Null);
    assert!(!preview.to_string().contains("110105194912310021"));

    let e = call(&mut l, "ledger_import", &path).unwrap_err();
    assert_eq!(e.kind(), "refused");
    assert!(e.to_string().contains("台账有 2 处错误，没有导入任何记录"), "{e}");
    assert!(e.to_string().contains("第 4 行“日期”"), "{e}");
    assert_eq!(cases(&l), 0);
}

#[test]
fn a_missing_required_column_or_an_unreadable_file_is_refused_before_any_row() {
    let dir = tempfile::tempdir().unwrap();
    let without_category: Vec<&str> = HEADER.iter().map(|h| if *h == "问题类别" { "备注" } else { h }).collect();
    let path = workbook(dir.path(), "无类别.xlsx", &without_category, &GOOD);
    let mut l = township();
    let e = call(&mut l, "ledger_import_preview", &path).unwrap_err();
    assert_eq!((e.kind(), e.field()), ("columns", Some("path")));
    assert!(e.to_string().contains("缺少 1 个必填列：“类别”列（列名可以是：类别、问题类别"), "{e}");

    let no_header = workbook(dir.path(), "无表头.xlsx", &["甲", "乙", "丙"], &GOOD);
    let e = call(&mut l, "ledger_import_preview", &no_header).unwrap_err();
    assert!(e.to_string().contains("找不到台账的表头行（已查看：2009年台账）"), "{e}");

    let not_excel = dir.path().join("台账.xlsx");
    std::fs::write(&not_excel, "这不是 Excel 文件").unwrap();
    let e = call(&mut l, "ledger_import", &not_excel).unwrap_err();
    assert_eq!(e.kind(), "read");
    let csv = dir.path().join("台账.csv");
    std::fs::write(&csv, "日期,姓名\n").unwrap();
    assert!(call(&mut l, "ledger_import", &csv).unwrap_err().to_string().contains("另存为 .xlsx"));
    assert_eq!(cases(&l), 0);
}

/// Cells as old ledgers hold them after years of typing and pasting: Alt+Enter line breaks in an
/// address, a zero-width space and a BOM pasted in with a name, a tab before a category. The
/// import keeps what can be read (one line where the field is one line, the request's lines as
/// they are) instead of refusing the whole workbook.
#[test]
fn line_breaks_and_invisible_characters_in_cells_are_tidied_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    let messy: [Row; 1] = [[
        "@2009-05-12",
        "\u{feff}王\u{200b}小芳",
        "",
        "",
        "路居镇兰田村\n赵家湾组",
        "反映邻居占用通道。\n要求恢复通行。",
        "\t邻里纠纷",
        "来访",
        "",
        "",
    ]];
    let path = workbook(dir.path(), "旧台账.xlsx", &HEADER, &messy);
    let mut l = township();
    let preview = call(&mut l, "ledger_import_preview", &path).unwrap();
    assert_eq!(preview["errors"], json!([]), "{preview}");
    let row = &preview["rows"][0];
    assert_eq!(row["name"], "王小芳");
    assert_eq!(row["category"], "邻里纠纷");
    assert_eq!(row["request"], "反映邻居占用通道。\n要求恢复通行。");
    call(&mut l, "ledger_import", &path).unwrap();
    assert_eq!(cases(&l), 1);
}

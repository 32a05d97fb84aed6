//! `xinfang report` on the seed-003 township ledger (路居镇, first half of
//! 2009): the Chinese table, JSON, a CSV file Excel reads, an Excel workbook,
//! one village or several, and bad input refused in Chinese with nothing written.

use crate::common;

use common::{BIN, ok, refused, run};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use xinfang_core::Store;
use xinfang_core::report::fixtures::{SEED_003_FROM, SEED_003_NOW, SEED_003_TO, seed_003};

/// The fixture written to a ledger file.
fn ledger() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("路居镇.sqlite3");
    drop(seed_003(Store::create(&db).unwrap()).unwrap());
    (dir, db)
}

fn xinfang(db: &Path, args: &[&str]) -> Output {
    run(db, SEED_003_NOW, args, None)
}

fn half_year<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["report", "--from", SEED_003_FROM, "--to", SEED_003_TO];
    args.extend_from_slice(extra);
    args
}

/// The words of the table line that starts with `label`.
fn line<'a>(table: &'a str, label: &str) -> Vec<&'a str> {
    let found = table.lines().find(|l| l.split_whitespace().next() == Some(label));
    found.unwrap_or_else(|| panic!("no line {label} in\n{table}")).split_whitespace().collect()
}

#[test]
fn the_half_year_as_a_chinese_table() {
    let (_dir, db) = ledger();
    let table = ok(&xinfang(&db, &half_year(&[])));
    assert!(table.starts_with("路居镇信访工作统计\n统计期间：2009-01-01 至 2009-06-30"), "{table}");
    assert_eq!(line(&table, "受理"), ["受理", "11", "件"]);
    assert_eq!(line(&table, "来信"), ["来信", "5", "件"]);
    assert_eq!(line(&table, "来访"), ["来访", "6", "件"]);
    assert_eq!(line(&table, "办结"), ["办结", "11", "件"]);
    assert_eq!(line(&table, "办结率"), ["办结率", "100%（11/11）"]);
    assert_eq!(line(&table, "排查矛盾纠纷"), ["排查矛盾纠纷", "10", "件"]);
    assert_eq!(line(&table, "已化解"), ["已化解", "8", "件"]);
    assert_eq!(line(&table, "正在化解"), ["正在化解", "2", "件"]);
    assert_eq!(line(&table, "化解率"), ["化解率", "80%（8/10）"]);
    assert_eq!(line(&table, "上级交办件办理回复率"), ["上级交办件办理回复率", "—（0/0）"]);
    // The breakdowns: a row per village and per month under their headings.
    let by_village = table.split("\n按村\n").nth(1).unwrap();
    assert_eq!(line(by_village, "上坝村")[..3], ["上坝村", "2", "2"]);
    let by_month = table.split("\n按月\n").nth(1).unwrap();
    assert_eq!(line(by_month, "2009-06")[..2], ["2009-06", "1"]);
    assert!(table.contains("越级访：台账不记录"), "{table}");
}

#[test]
fn json_for_scripts_and_several_villages() {
    let (_dir, db) = ledger();
    let out = ok(&xinfang(&db, &half_year(&["--village", "上坝村", "--village", "兰田村", "--json"])));
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["scope_label"], "上坝村、兰田村");
    let count = |key: &str| {
        r["total"]["counts"].as_array().unwrap().iter().find(|c| c["figure"] == key).unwrap()["count"].clone()
    };
    assert_eq!(count("received"), 4);
    assert_eq!(count("disputes_screened"), 5);
    let villages: Vec<&str> = r["by_village"].as_array().unwrap().iter().map(|g| g["key"].as_str().unwrap()).collect();
    assert_eq!(villages, ["上坝村", "兰田村"]);
}

#[test]
fn a_csv_file_excel_reads() {
    let (dir, db) = ledger();
    let file = dir.path().join("2009年上半年.csv");
    let printed = ok(&xinfang(&db, &half_year(&["--csv", file.to_str().unwrap()])));
    assert_eq!(printed.trim(), file.display().to_string());
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\r\n2009-01-01至2009-06-30,全部,合计,全部,受理,11,,\r\n"), "{text:.300}");
    assert!(text.contains("\r\n2009-01-01至2009-06-30,全部,合计,全部,化解率,80%,8,10\r\n"));
    assert!(!dir.path().join("2009年上半年.csv.part").exists());
}

#[test]
fn an_excel_workbook_that_is_never_written_over() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let (dir, db) = ledger();
    let file = dir.path().join("2009年上半年.xlsx");
    let xlsx = file.to_str().unwrap();
    let printed = ok(&xinfang(&db, &half_year(&["--xlsx", xlsx])));
    assert_eq!(printed.trim(), file.display().to_string());
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(book.sheet_names(), ["汇总", "按类别", "按村", "按月"]);
    let summary = book.worksheet_range("汇总").unwrap();
    let received = summary.rows().find(|r| r[0] == Data::String("受理".into())).unwrap();
    assert_eq!(received[1], Data::Float(11.0));
    let before = std::fs::read(&file).unwrap();
    refused(&xinfang(&db, &half_year(&["--xlsx", xlsx])), "不会覆盖");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let both = xinfang(&db, &half_year(&["--xlsx", xlsx, "--csv", "out.csv"]));
    assert!(!both.status.success() && String::from_utf8_lossy(&both.stderr).contains("--csv"));
}

#[test]
fn the_printed_statistics_table_as_a_pdf() {
    let (dir, db) = ledger();
    let file = dir.path().join("2009年上半年.pdf");
    let printed = ok(&xinfang(&db, &half_year(&["--pdf", file.to_str().unwrap()])));
    assert_eq!(printed.trim(), file.display().to_string());
    let text = pdf_extract::extract_text(&file).unwrap();
    let flat: String = text.split_whitespace().collect();
    for figure in ["受理信访事项11件", "来信5件", "来访6件", "办结11件", "排查矛盾纠纷10起", "正在化解2起"]
    {
        assert!(flat.contains(figure), "{figure} not in {flat:.600}");
    }
    let both = xinfang(&db, &half_year(&["--pdf", "a.pdf", "--xlsx", "a.xlsx"]));
    assert!(!both.status.success() && String::from_utf8_lossy(&both.stderr).contains("--xlsx"));
}

#[test]
fn bad_input_is_refused_in_chinese_and_writes_nothing() {
    let (dir, db) = ledger();
    let file = dir.path().join("out.csv");
    let csv = file.to_str().unwrap();
    refused(&xinfang(&db, &["report", "--from", "2009-13-01", "--to", "2009-06-30"]), "开始日期");
    refused(&xinfang(&db, &["report", "--from", "2009-01-01", "--to", "六月底"]), "不是有效日期");
    refused(&xinfang(&db, &["report", "--from", "2009-07-01", "--to", "2009-06-30", "--csv", csv]), "早于开始日期");
    refused(&xinfang(&db, &half_year(&["--village", "石岩村", "--csv", csv])), "台账中没有“石岩村”");
    assert!(!file.exists());
    let nowhere = dir.path().join("no-such-folder").join("out.csv");
    refused(&xinfang(&db, &half_year(&["--csv", nowhere.to_str().unwrap()])), "无法写入");
    let help = Command::new(BIN).args(["report", "--help"]).output().unwrap();
    assert!(help.status.success() && String::from_utf8_lossy(&help.stdout).contains("--village"));
}

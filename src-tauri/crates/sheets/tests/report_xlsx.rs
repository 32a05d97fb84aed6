//! The seed-003 half-year (路居镇, January to June 2009) as an Excel
//! workbook, read back with calamine: every count and rate in every sheet
//! is the core's `Report`, rates are numbers Excel can chart, an undefined
//! rate is "—", and saving never overwrites an earlier file.

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use serde_json::json;
use std::path::Path;
use xinfang_core::Store;
use xinfang_core::report::fixtures::{SEED_003_FROM, SEED_003_TO, Seed003, seed_003};
use xinfang_core::report::{Breakdown, Report, Tally};
use xinfang_sheets::commands;
use xinfang_sheets::report_xlsx::{self, SUMMARY, SUMMARY_HEADER, TOTAL_ROW, UNDEFINED};

fn fixture() -> Seed003 {
    seed_003(Store::in_memory().unwrap()).unwrap()
}

fn half_year(f: &mut Seed003) -> Report {
    let q = json!({"from": SEED_003_FROM, "to": SEED_003_TO});
    serde_json::from_value(xinfang_core::dispatch(&mut f.ledger, "report_show", q).unwrap()).unwrap()
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_range(name).unwrap()
}

fn text(cell: &Data) -> String {
    cell.to_string()
}

/// The row of `range` whose first cell is `label`.
fn row<'a>(range: &'a Range<Data>, label: &str) -> &'a [Data] {
    range.rows().find(|r| text(&r[0]) == label).unwrap_or_else(|| panic!("no row {label}"))
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// A rate cell against the report's rate: n ÷ d, or "—" over 0.
fn assert_rate(cell: &Data, numerator: u32, denominator: u32, what: &str) {
    if denominator == 0 {
        assert_eq!(cell, &Data::String(UNDEFINED.into()), "{what}");
    } else {
        assert_eq!(number(cell), f64::from(numerator) / f64::from(denominator), "{what}");
    }
}

fn assert_group_row(cells: &[Data], tally: &Tally, what: &str) {
    for (i, c) in tally.counts.iter().enumerate() {
        assert_eq!(number(&cells[1 + i]), f64::from(c.count), "{what} {}", c.label);
    }
    for (i, r) in tally.rates.iter().enumerate() {
        assert_rate(&cells[1 + tally.counts.len() + i], r.numerator, r.denominator, &format!("{what} {}", r.label));
    }
}

#[test]
fn every_number_in_the_workbook_is_the_reports() {
    let mut f = fixture();
    let report = half_year(&mut f);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("统计.xlsx");
    report_xlsx::save_new(&path, &report).unwrap();

    let book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), [SUMMARY, "按类别", "按村", "按月"]);

    let summary = sheet(&path, SUMMARY);
    assert_eq!(text(&summary.rows().next().unwrap()[0]), "路居镇信访工作统计");
    assert_eq!(text(&row(&summary, "统计期间")[1]), "2009-01-01 至 2009-06-30");
    assert_eq!(text(&row(&summary, "范围")[1]), "全部");
    assert_eq!(text(&row(&summary, "统计截至")[1]), "2009-06-30");
    let header: Vec<String> = row(&summary, "指标").iter().take(5).map(text).collect();
    assert_eq!(header, SUMMARY_HEADER);
    for c in &report.total.counts {
        let cells = row(&summary, &c.label);
        assert_eq!(number(&cells[1]), f64::from(c.count), "{}", c.label);
        assert!(text(&cells[2]).starts_with('件'), "{}", c.label);
    }
    // Seed 003: 受理 11, 办结 11, 办结率 100%; 排查 10, 化解 8, 化解率 80%.
    assert_eq!(number(&row(&summary, "受理")[1]), 11.0);
    assert_eq!(number(&row(&summary, "排查矛盾纠纷")[1]), 10.0);
    for r in &report.total.rates {
        let cells = row(&summary, &r.label);
        assert_rate(&cells[1], r.numerator, r.denominator, &r.label);
        assert_eq!((number(&cells[3]), number(&cells[4])), (f64::from(r.numerator), f64::from(r.denominator)));
    }
    assert_eq!(number(&row(&summary, "化解率")[1]), 0.8);
    assert_eq!(row(&summary, "上级交办件办理回复率")[1], Data::String("—".into()), "0 handed down: undefined");
    for note in &report.notes {
        assert!(summary.rows().any(|r| text(&r[0]) == *note), "note {note}");
    }

    for b in Breakdown::ALL {
        let range = sheet(&path, report_xlsx::sheet_name(b));
        let headings: Vec<String> = range.rows().next().unwrap().iter().map(text).collect();
        assert_eq!(headings, report_xlsx::breakdown_headings(b, &report));
        let groups = report.breakdown(b);
        assert_eq!(range.height(), groups.len() + 2, "{b:?}: heading, a row per group, 合计");
        for g in groups {
            assert_group_row(row(&range, &g.key), &g.tally, &format!("{b:?} {}", g.key));
        }
        assert_group_row(row(&range, TOTAL_ROW), &report.total, &format!("{b:?} 合计"));
    }
    let by_month = sheet(&path, "按月");
    let months: Vec<String> = by_month.rows().skip(1).map(|r| text(&r[0])).collect();
    assert_eq!(months, ["2009-01", "2009-02", "2009-03", "2009-04", "2009-05", "2009-06", TOTAL_ROW]);
}

#[test]
fn the_command_saves_beside_earlier_copies_and_refuses_a_bad_question() {
    let mut f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_str().unwrap();
    let query = json!({"from": SEED_003_FROM, "to": SEED_003_TO, "villages": ["上坝村", "兰田村"]});
    let save = |f: &mut Seed003, args| commands::dispatch(&mut f.ledger, "report_xlsx", args);
    let first = save(&mut f, json!({"query": query, "folder": folder})).unwrap();
    let name = "路居镇信访工作统计2009-01-01至2009-06-30（上坝村、兰田村）";
    assert_eq!(first["path"], dir.path().join(format!("{name}.xlsx")).display().to_string());
    let second = save(&mut f, json!({"query": query, "folder": folder})).unwrap();
    assert_eq!(second["path"], dir.path().join(format!("{name}（2）.xlsx")).display().to_string());
    let villages = sheet(Path::new(first["path"].as_str().unwrap()), "按村");
    let listed: Vec<String> = villages.rows().skip(1).map(|r| text(&r[0])).collect();
    assert_eq!(listed, ["上坝村", "兰田村", TOTAL_ROW]);

    let bad = json!({"query": {"from": "2009-07-01", "to": "2009-06-30"}, "folder": folder});
    let e = save(&mut f, bad).unwrap_err();
    assert_eq!((e.kind(), e.field()), ("invalid", Some("to")));
    let nowhere = json!({"query": query, "folder": dir.path().join("没有这个文件夹")});
    let e = save(&mut f, nowhere).unwrap_err();
    assert_eq!((e.kind(), e.field()), ("output", Some("folder")));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "nothing else written");
}

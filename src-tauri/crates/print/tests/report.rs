//! 信访工作统计表 from seed 003's township ledger (路居镇, first half of 2009):
//! the township's own figures in its order, an undefined rate as “—”, a
//! long report running onto more pages with its header row on each, and the
//! report through the print commands, refusals included.

use crate::common;

use common::*;
use serde_json::{Value, json};
use xinfang_core::Store;
use xinfang_core::report::fixtures::{SEED_003_FROM, SEED_003_TO, Seed003, TOWNSHIP, seed_003};
use xinfang_print::{GroupDoc, ReportDoc, TallyDoc, commands, from_ledger};

fn fixture() -> Seed003 {
    seed_003(Store::in_memory().unwrap()).unwrap()
}

fn half_year(f: &mut Seed003) -> ReportDoc {
    from_ledger::report(&mut f.ledger, SEED_003_FROM, SEED_003_TO, &[]).unwrap()
}

/// The breakdown tables' columns, as report.typ lays them out.
const COLUMNS: [&str; 13] = [
    "received",
    "received_letter",
    "received_visit",
    "handled",
    "handled_rate",
    "handled_in_time",
    "repeat_visits",
    "revisit_rate",
    "satisfaction_rate",
    "disputes_screened",
    "disputes_resolved",
    "disputes_in_progress",
    "resolution_rate",
];

/// A breakdown's header row as the PDF's text reads it (the two spanning
/// cells first), under its first column's name.
fn header(first: &str) -> String {
    format!(
        "信访事项（件）矛盾纠纷（起）{first}受理来信来访办结办结率按期办结重复访回访率满意率排查矛盾纠纷已化解正在化解化解率"
    )
}

/// One row of a breakdown as printed: its name, then each column's value.
fn row(name: &str, t: &TallyDoc) -> String {
    let values = COLUMNS.iter().map(|k| t.counts.get(*k).map(u32::to_string).unwrap_or_else(|| t.rates[*k].clone()));
    std::iter::once(name.to_owned()).chain(values).collect()
}

#[test]
fn the_half_year_prints_the_townships_figures_in_its_order() {
    let mut f = fixture();
    let doc = half_year(&mut f);
    assert_eq!((doc.place.as_str(), doc.scope.as_str(), doc.as_of.as_str()), (TOWNSHIP, "全部", "2009-06-30"));
    assert_eq!((doc.figures["received"].label.as_str(), doc.figures["received"].unit.as_str()), ("受理", "case"));
    assert_eq!(doc.figures["disputes_screened"].unit, "finding");
    assert_eq!(doc.rates["handled_rate"], "办结率");

    let pdf = printer().report(&doc).unwrap().pdf().unwrap();
    save_artefacts("report", &pdf);
    let pages = pages_text(&pdf);
    let text = pages.concat();
    let mut expected: Vec<String> = [
        "路居镇信访工作统计表",
        "（2009年1月1日至2009年6月30日）",
        "统计范围：全部",
        "数据截至：2009年6月30日",
        "一、基本情况",
        // 受理群众来信来访11件，办理11件（其中：受理群众来信5件，来访6件），办结率100%。
        "受理信访事项11件其中：来信5件、来访6件",
        "办结11件办结率100%",
        "按期办结10件按期办结率90.9%，逾期未办结0件",
        // 排查10件社会矛盾，化解8件，正在化解2件。
        "排查矛盾纠纷10起已化解8起，正在化解2起，化解率80%",
        "重复访0件",
        "已回访7件回访率63.6%",
        "满意（含基本满意）6件满意率85.7%",
        "二、按类别统计",
    ]
    .map(String::from)
    .to_vec();
    expected.push(header("类别"));
    expected.extend(doc.by_category.iter().map(|g| row(&g.key, &g.tally)));
    expected.extend(["合计115611100%10063.6%85.7%108280%".into(), "三、按村统计".into(), header("村")]);
    expected.extend(doc.by_village.iter().map(|g| row(&g.key, &g.tally)));
    expected.extend([row("合计", &doc.total), "四、按月统计".into(), header("月份")]);
    expected.push(row("2009年1月", &doc.by_month[0].tally));
    expected.push(row("2009年6月", &doc.by_month[5].tally));
    expected.extend([row("合计", &doc.total), "说明：".into(), "按截至2009年6月30日的情况统计。".into()]);
    expected.extend(doc.notes.iter().cloned());
    expected.push("填报单位：路居镇（盖章）填报人：审核人：填报日期：年月日".into());
    assert_in_order(&text, &expected);
    assert!(text.contains("上坝村2112100%2050%100%32166.7%"), "上坝村's row: {text}");
    assert!(doc.notes.iter().any(|n| n.starts_with("越级访")), "{:?}", doc.notes);

    let n = pages.len();
    for (i, page) in pages.iter().enumerate() {
        assert!(page.ends_with(&format!("第{}页共{n}页", i + 1)), "page {} lacks its number: {page}", i + 1);
    }
    let fonts = fonts(&pdf);
    assert!(!fonts.is_empty() && fonts.iter().all(|(_, embedded)| *embedded), "{fonts:?}");
}

#[test]
fn a_rate_over_nothing_prints_a_dash_never_a_percentage() {
    let mut f = fixture();
    // No case came handed down in the half-year: its reply rate is undefined.
    let doc = half_year(&mut f);
    assert_eq!(doc.total.rates["reply_rate"], "—");
    let text = all_text(&printer().report(&doc).unwrap().pdf().unwrap());
    assert!(text.contains("上级交办件0件上级交办件已办理回复0件，上级交办件办理回复率—"), "{text}");

    // June 2008, before anything was recorded: every rate is over nothing.
    let empty = from_ledger::report(&mut f.ledger, "2008-06-01", "2008-06-30", &[]).unwrap();
    let text = all_text(&printer().report(&empty).unwrap().pdf().unwrap());
    assert_in_order(
        &text,
        &[
            "受理信访事项0件其中：来信0件、来访0件".into(),
            "办结0件办结率—".into(),
            "排查矛盾纠纷0起已化解0起，正在化解0起，化解率—".into(),
            header("类别"),
            "本期间没有记录。".into(),
            header("村"),
            "本期间没有记录。".into(),
            "2008年6月0000—00——000—".into(),
            "合计0000—00——000—".into(),
        ],
    );
    assert!(!text.contains('%'), "an undefined rate printed as a percentage: {text}");
}

#[test]
fn a_long_report_runs_onto_more_pages_with_each_rows_header() {
    let mut f = fixture();
    let mut doc = half_year(&mut f);
    let tally = doc.by_village[0].tally.clone();
    doc.by_village = (1..=40).map(|i| GroupDoc { key: format!("第{i}村"), tally: tally.clone() }).collect();
    // Category names a township typed at length wrap inside their cell.
    doc.by_category = (1..=30)
        .map(|i| GroupDoc {
            key: format!("山林权属及集体经济组织成员资格纠纷第{i}类"), tally: tally.clone()
        })
        .collect();
    let pdf = printer().report(&doc).unwrap().pdf().unwrap();
    save_artefacts("report-long", &pdf);
    let pages = pages_text(&pdf);
    let n = pages.len();
    assert!(n >= 4, "30 categories and 40 villages take several pages, got {n}");
    let categories: Vec<String> = doc.by_category.iter().map(|g| row(&g.key, &g.tally)).collect();
    let villages: Vec<String> = doc.by_village.iter().map(|g| row(&g.key, &g.tally)).collect();
    for (i, page) in pages.iter().enumerate() {
        // A row is whole on one page, under its table's header.
        for (rows, first) in [(&categories, "类别"), (&villages, "村")] {
            if rows.iter().any(|r| page.contains(r.as_str())) {
                assert!(page.contains(&header(first)), "page {} has {first} rows but no header: {page}", i + 1);
            }
        }
        assert!(page.contains(&format!("第{}页共{n}页", i + 1)));
    }
    let text = pages.concat();
    assert_in_order(&text, &categories);
    assert_in_order(&text, &villages);
    assert!(
        categories.iter().chain(&villages).all(|r| pages.iter().any(|p| p.contains(r.as_str()))),
        "a row was split across pages"
    );
    assert!(pages[n - 1].contains("填报单位：路居镇（盖章）"), "the lines to sign close the report");
}

#[test]
fn villages_narrow_the_report_and_the_core_refuses_a_bad_question() {
    let mut f = fixture();
    let one = from_ledger::report(&mut f.ledger, SEED_003_FROM, SEED_003_TO, &["上坝村".into()]).unwrap();
    assert_eq!((one.scope.as_str(), one.total.counts["received"]), ("上坝村", 2));
    assert_eq!(one.by_village.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(), ["上坝村"]);
    assert_eq!(one.title(), "路居镇信访工作统计表2009-01-01至2009-06-30（上坝村）");
    let text = all_text(&printer().report(&one).unwrap().pdf().unwrap());
    assert!(text.contains("统计范围：上坝村") && text.contains("受理信访事项2件"), "{text}");
    let mut five = one.clone();
    five.villages = ["上坝村", "兰田村", "中坝村", "石岩哨村", "红石岩村"].map(String::from).to_vec();
    assert_eq!(five.title(), "路居镇信访工作统计表2009-01-01至2009-06-30（上坝村、兰田村、中坝村等5个村）");

    let refused = |f: &mut Seed003, from: &str, to: &str, villages: &[&str]| {
        let villages: Vec<String> = villages.iter().map(|v| (*v).to_owned()).collect();
        from_ledger::report(&mut f.ledger, from, to, &villages).unwrap_err()
    };
    let e = refused(&mut f, SEED_003_FROM, SEED_003_TO, &["上坝村", "大营村"]);
    assert!(e.to_string().contains("台账中没有“大营村”的记录"), "{e}");
    assert_eq!((e.kind(), e.field()), ("invalid", Some("villages[1]")));
    let e = refused(&mut f, "2009-02-30", SEED_003_TO, &[]);
    assert!(e.to_string().contains("“2009-02-30”不是有效日期"), "{e}");
    assert_eq!(e.field(), Some("from"));
    let e = refused(&mut f, SEED_003_TO, SEED_003_FROM, &[]);
    assert!(e.to_string().contains("早于开始日期"), "{e}");
}

fn print(f: &mut Seed003, name: &str, args: Value) -> Result<Value, xinfang_print::Error> {
    commands::dispatch(&mut f.ledger, &printer(), name, args)
}

#[test]
fn the_app_previews_and_saves_the_report_by_request() {
    let mut f = fixture();
    let request = json!({"document": "report", "from": SEED_003_FROM, "to": SEED_003_TO});
    let shown = print(&mut f, "print_preview", json!({"request": request})).unwrap();
    assert_eq!(shown["title"], "路居镇信访工作统计表2009-01-01至2009-06-30");
    let pages = shown["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 2);
    assert!(pages.iter().all(|p| p.as_str().unwrap().starts_with("<svg")));
    assert_eq!(shown["fingerprint"], Value::Null);

    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().display().to_string();
    let request = json!({"document": "report", "from": SEED_003_FROM, "to": SEED_003_TO,
        "villages": ["上坝村", "兰田村"]});
    let saved = print(&mut f, "print_save", json!({"request": request, "folder": folder, "actor": "刘专干"})).unwrap();
    let path = dir.path().join("路居镇信访工作统计表2009-01-01至2009-06-30（上坝村、兰田村）.pdf");
    assert_eq!(saved["path"], path.display().to_string());
    let text = all_text(&std::fs::read(&path).unwrap());
    assert!(text.contains("统计范围：上坝村、兰田村") && text.contains("受理信访事项4件"), "{text}");

    // An unknown village is the core's refusal, and nothing is written.
    let request = json!({"document": "report", "from": SEED_003_FROM, "to": SEED_003_TO, "villages": ["大营村"]});
    let e = print(&mut f, "print_save", json!({"request": request, "folder": folder, "actor": "刘专干"})).unwrap_err();
    let e = serde_json::to_value(&e).unwrap();
    assert_eq!((e["kind"].as_str(), e["field"].as_str()), (Some("invalid"), Some("villages[0]")));
    assert!(e["message"].as_str().unwrap().contains("大营村"), "{e}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

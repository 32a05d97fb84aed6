//! `ledger_import` on a township ledger standing on 10 July 2009: a clean
//! sheet is written in one transaction with its original days and handled
//! rows handled; one bad row writes nothing and every problem is listed; a
//! dry run writes nothing; importing again adds nothing twice.

use super::*;
use crate::clock::Clock;
use crate::commands::dispatch;
use crate::store::Store;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

const ACTOR: &str = "镇信访办刘专干";
const VALID_ID: &str = "11010519491231002X";

fn township() -> Ledger {
    let now = DateTime::parse_from_rfc3339("2009-07-10T09:00:00+08:00").unwrap().with_timezone(&Utc);
    let mut l = Ledger::new(Store::in_memory().unwrap(), Clock::Fixed(now));
    dispatch(&mut l, "device_init", json!({"role": "township", "name": "路居镇"})).unwrap();
    l
}

/// Seed 003's kind of rows: a letter handled with its result, a visit still open.
fn rows() -> Vec<LedgerRow> {
    vec![
        LedgerRow {
            row: 2,
            date: "2009-01-08".into(),
            name: "赵德明".into(),
            id_number: Some(VALID_ID.into()),
            phone: Some("13800138000".into()),
            address: Some("路居镇兰田村赵家湾组".into()),
            request: "来信反映家中房屋年久失修，申请危房改造补助。".into(),
            category: "民政救助".into(),
            channel: "来信".into(),
            result: Some("已列入危房改造计划并告知本人".into()),
            handled: Some("已办结".into()),
            handled_on: Some("2009/3/20".into()),
            ..Default::default()
        },
        LedgerRow {
            row: 3,
            date: "2009年2月10日".into(),
            name: "张国富".into(),
            village: Some("中坝村".into()),
            request: "反映承包地边界与邻户有争议，要求重新丈量。".into(),
            category: "土地承包".into(),
            channel: "来访".into(),
            received_by: Some("中坝村李信访员".into()),
            ..Default::default()
        },
    ]
}

fn run(l: &mut Ledger, rows: Vec<LedgerRow>, dry_run: bool) -> Result<LedgerImported> {
    import(l, LedgerImport { rows, actor: ACTOR.into(), dry_run, mapping: None })
}

fn count(l: &Ledger, table: &str) -> i64 {
    l.store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

fn case_list(l: &mut Ledger) -> Vec<Value> {
    let page = dispatch(l, "case_list", json!({"status": "all"})).unwrap();
    page["items"].as_array().unwrap().clone()
}

#[test]
fn a_clean_sheet_becomes_cases_on_their_own_days_in_one_transaction() {
    let mut l = township();
    let log_before = count(&l, "change_log");
    let out = run(&mut l, rows(), false).unwrap();
    assert_eq!((out.recorded, out.skipped, out.errors.len()), (2, 0, 0));
    assert_eq!(count(&l, "petition_case"), 2);
    // Every write is in the change log, so sync carries it.
    assert!(count(&l, "change_log") > log_before + 2);
    let numbers: Vec<_> = out.rows.iter().map(|r| r.case_number.clone().unwrap()).collect();
    assert_eq!(numbers, ["路居镇信〔2009〕第1号", "路居镇信〔2009〕第2号"]);

    let letter = &out.rows[0];
    assert_eq!(letter.village.as_deref(), Some("兰田村"), "from the address");
    assert_eq!(letter.id_number.as_deref(), Some("110105********002X"), "masked");
    assert_eq!(letter.phone.as_deref(), Some("138****8000"));
    let cases = case_list(&mut l);
    let handled = cases.iter().find(|c| c["number"] == "路居镇信〔2009〕第1号").unwrap();
    let id = handled["id"].as_str().unwrap();
    let detail = dispatch(&mut l, "case_show", json!({"id": id})).unwrap();
    let case = &detail["case"];
    assert_eq!(case["received_at"], "2009-01-08T00:00:00+08:00");
    assert_eq!((case["outcome"].as_str(), case["handled_on"].as_str()), (Some("handled"), Some("2009-03-20")));
    assert_eq!(case["received_by"], ACTOR, "no receiver column: the person importing");
    let events: Vec<(&str, &str)> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["happened_on"].as_str().unwrap()))
        .collect();
    assert_eq!(
        events,
        [("register", "2009-01-08"), ("feed_back", "2009-03-20"), ("close", "2009-03-20"), ("import", "2009-07-10")]
    );
    assert_eq!(detail["events"][2]["note"], "按原台账导入：办结");
    assert_eq!(detail["events"][1]["note"], "已列入危房改造计划并告知本人");

    let open = cases.iter().find(|c| c["number"] == "路居镇信〔2009〕第2号").unwrap();
    let detail = dispatch(&mut l, "case_show", json!({"id": open["id"]})).unwrap();
    assert_eq!(detail["case"]["outcome"], "in_progress");
    assert_eq!(detail["case"]["channel"], "visit");
    assert_eq!(detail["case"]["received_by"], "中坝村李信访员");
    // The imported cases count in the township's report like any other.
    let r = dispatch(&mut l, "report_show", json!({"from": "2009-01-01", "to": "2009-06-30"})).unwrap();
    let counts = r["total"]["counts"].as_array().unwrap();
    let figure = |k: &str| counts.iter().find(|c| c["figure"] == k).unwrap()["count"].as_u64().unwrap();
    assert_eq!((figure("received"), figure("handled"), figure("received_letter")), (2, 1, 1));
}

#[test]
fn one_bad_row_writes_nothing_and_every_problem_is_listed() {
    let mut l = township();
    let mut sheet = rows();
    sheet[1].date = "2009-13-01".into();
    sheet[1].id_number = Some("110105194912310021".into());
    sheet[1].channel = "传真".into();
    sheet[1].category = "土地纠纷".into();
    sheet.push(LedgerRow { row: 4, handled: Some("是".into()), ..sheet[0].clone() });
    sheet[2].request = "  ".into();
    let preview = run(&mut l, sheet.clone(), true).unwrap();
    let messages: Vec<&str> = preview.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages[0], "第 3 行“日期”：2009-13-01 不是有效日期");
    assert!(messages[1].starts_with("第 3 行“身份证号”：有误，请对照身份证重新输入"), "{messages:?}");
    assert_eq!(messages[2], "第 4 行“内容”：不能为空");
    assert_eq!(messages.len(), 3, "{messages:?}");
    // The clerk's own words are not errors: gathered once, to map.
    assert_eq!(
        (preview.unmapped.channel.as_slice(), preview.unmapped.category.as_slice()),
        (&["传真".to_owned()][..], &["土地纠纷".to_owned()][..])
    );
    assert!(!messages.iter().any(|m| m.contains("110105194912310021")), "never the whole ID number");
    assert_eq!(preview.rows.len(), 1, "only row 2 passed");

    let e = run(&mut l, sheet, false).unwrap_err();
    assert_eq!(e.kind(), "refused");
    assert!(e.to_string().starts_with("台账有 3 处错误，没有导入任何记录"), "{e}");
    assert_eq!(count(&l, "petition_case"), 0);
    assert_eq!(count(&l, "person"), 0);
}

#[test]
fn handled_marks_and_dates_must_agree() {
    let mut l = township();
    let mut sheet = rows();
    sheet[0].handled_on = None;
    sheet[1].handled = Some("未办结".into());
    sheet[1].handled_on = Some("2009-03-01".into());
    let mut early = rows()[1].clone();
    (early.row, early.name, early.handled_on) = (4, "王秀英".into(), Some("2009-02-01".into()));
    sheet.push(early);
    let errors: Vec<String> = run(&mut l, sheet, true).unwrap().errors.into_iter().map(|e| e.message).collect();
    assert_eq!(
        errors,
        [
            "第 2 行“办结日期”：写的是“已办结”，须填写办结日期",
            "第 3 行“办结”：写的是“未办结”，却填了办结日期（可填：已办结、已化解、息访息诉、正在办理）",
            "第 4 行“办结日期”：2009-02-01 早于登记日期 2009-02-10",
        ]
    );
}

#[test]
fn a_dry_run_writes_nothing() {
    let mut l = township();
    let log_before = count(&l, "change_log");
    let preview = run(&mut l, rows(), true).unwrap();
    assert!(preview.dry_run);
    assert_eq!((preview.rows.len(), preview.recorded, preview.errors.len()), (2, 0, 0));
    assert_eq!(preview.rows[0].handled_on.as_deref(), Some("2009-03-20"));
    assert!(preview.rows.iter().all(|r| r.case_number.is_none()));
    assert_eq!((count(&l, "petition_case"), count(&l, "change_log")), (0, log_before));
}

#[test]
fn importing_the_same_sheet_again_skips_what_is_there() {
    let mut l = township();
    run(&mut l, rows(), false).unwrap();
    let mut sheet = rows();
    let mut new = sheet[1].clone();
    (new.row, new.date, new.request) = (4, "2009-06-15".into(), "反映建房宅基地审批迟迟未办理。".into());
    new.category = "房屋宅基地".into();
    sheet.push(new);
    let preview = run(&mut l, sheet.clone(), true).unwrap();
    assert_eq!(preview.skipped, 2);
    assert_eq!(preview.rows[0].existing.as_deref(), Some("路居镇信〔2009〕第1号"));
    let again = run(&mut l, sheet, false).unwrap();
    assert_eq!((again.recorded, again.skipped), (1, 2));
    assert_eq!(again.rows[2].case_number.as_deref(), Some("路居镇信〔2009〕第3号"));
    assert_eq!(count(&l, "petition_case"), 3);
    // The same row twice in one sheet is a mistake to fix, not to guess.
    let mut twice = rows();
    twice.push(LedgerRow { row: 9, ..twice[1].clone() });
    let errors = run(&mut l, twice, true).unwrap().errors;
    assert_eq!(errors[0].message, "第 9 行“内容”：与第 3 行重复（日期、姓名、内容都相同）");
}

#[test]
fn a_sheet_needs_rows_and_someone_importing() {
    let mut l = township();
    assert_eq!(run(&mut l, vec![], true).unwrap_err().field(), Some("rows"));
    let e = import(&mut l, LedgerImport { rows: rows(), actor: " ".into(), dry_run: true, mapping: None }).unwrap_err();
    assert_eq!(e.field(), Some("actor"));
    let mut future = rows();
    future[0].date = "2009-08-01".into();
    let errors = run(&mut l, future, true).unwrap().errors;
    assert_eq!(errors[0].message, "第 2 行“日期”：2009-08-01 晚于今天");
}

/// How a township's Excel ledger really reads: its own words mapped (and
/// remembered), a day without its year, an old ID, a local landline, "30余人",
/// 性别, 承办单位, 备注, and 办理情况 written as a state.
#[test]
fn the_file_as_clerks_write_it() {
    let mut l = township();
    let row = LedgerRow {
        sheet: Some("上半年".into()),
        row: 6,
        date: "2月23日".into(),
        year: Some(2009),
        year_from: Some("标题“路居镇2009年上半年信访工作台账”".into()),
        name: "钱永富".into(),
        gender: Some("男".into()),
        id_number: Some("530102750612301".into()),
        phone: Some("7654321".into()),
        headcount: Some("30余人".into()),
        request: "反映水渠承包人在农田里倾倒弃土，要求清理。".into(),
        category: "水利".into(),
        channel: "群众来访".into(),
        handler: Some("镇水利站".into()),
        result: Some("已化解".into()),
        handled_on: Some("2月24日".into()),
        notes: Some("当天下午联系承包人，已清理".into()),
        ..Default::default()
    };
    let first = run(&mut l, vec![row.clone()], true).unwrap();
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    assert_eq!(
        (first.unmapped.category.clone(), first.unmapped.channel.clone()),
        (vec!["水利".to_owned()], vec!["群众来访".to_owned()])
    );
    assert!(first.rows.is_empty(), "held back until mapped");
    assert!(run(&mut l, vec![row.clone()], false).unwrap_err().to_string().contains("还没有对照"));

    let mapping: ImportMapping =
        serde_json::from_value(json!({"category": {"水利": "农田水利"}, "channel": {"群众来访": "来访"}})).unwrap();
    let args = LedgerImport { rows: vec![row.clone()], actor: ACTOR.into(), dry_run: false, mapping: Some(mapping) };
    let done = import(&mut l, args).unwrap();
    let r = &done.rows[0];
    assert_eq!((r.received_on.as_str(), r.handled_on.as_deref()), ("2009-02-23", Some("2009-02-24")));
    assert_eq!((r.category.as_str(), r.channel, r.headcount), ("农田水利", Channel::Visit, 30));
    assert_eq!((r.gender.as_deref(), r.outcome.as_str(), r.result.as_deref()), (Some("男"), "化解", None));
    // 5301021975061230 + check: Σ(digit × weight) = 243, 243 mod 11 = 1 → "0".
    assert_eq!(r.id_number.as_deref(), Some("530102********3010"));
    assert!(
        r.read_as.iter().any(|w| w.contains("按标题“路居镇2009年上半年信访工作台账”取 2009 年")),
        "{:?}",
        r.read_as
    );
    assert!(r.read_as.iter().any(|w| w.contains("本地座机")), "{:?}", r.read_as);
    let (facts, headcount): (String, i64) =
        l.store.conn().query_row("SELECT facts, headcount FROM visit", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((facts.as_str(), headcount), ("承办单位：镇水利站\n备注：当天下午联系承包人，已清理", 30));
    let (id, phone): (String, String) =
        l.store.conn().query_row("SELECT id_number, phone FROM person", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((id.as_str(), phone.as_str()), ("530102197506123010", "7654321"));
    // Remembered: the next file with the same words needs no mapping.
    let next = LedgerRow {
        row: 7,
        date: "2009-03-01".into(),
        name: "孙大海".into(),
        id_number: None,
        handled_on: None,
        result: None,
        ..row
    };
    let again = run(&mut l, vec![next], true).unwrap();
    assert!(again.unmapped.is_empty() && again.errors.is_empty(), "{:?} {:?}", again.unmapped, again.errors);
}

/// History is not today's work: deadlines that had passed before the import
/// stay off the agenda and are counted once; those still ahead are raised.
#[test]
fn deadlines_passed_before_the_import_are_counted_not_raised() {
    let mut l = township();
    let mut sheet = rows();
    let mut recent = sheet[1].clone();
    (recent.row, recent.name, recent.date) = (4, "孙红梅".into(), "2009-07-01".into());
    sheet.push(recent);
    run(&mut l, sheet, false).unwrap();
    let agenda = dispatch(&mut l, "today", json!({})).unwrap();
    let listed: Vec<&str> =
        agenda["items"].as_array().unwrap().iter().filter_map(|i| i["case_number"].as_str()).collect();
    // Row 3 (open since February) and row 2's revisit are history; row 4,
    // received on 1 July, is still to be accepted by 16 July: on the agenda when due.
    assert!(listed.iter().all(|n| *n == "路居镇信〔2009〕第3号"), "{agenda}");
    assert_eq!(agenda["overdue"], 0);
    l.clock = Clock::Fixed(DateTime::parse_from_rfc3339("2009-07-20T09:00:00+08:00").unwrap().with_timezone(&Utc));
    let later = dispatch(&mut l, "today", json!({})).unwrap();
    let overdue: Vec<(&str, &str)> = later["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["deadline"]["state"] == "overdue" && i["case_number"].is_string())
        .map(|i| (i["case_number"].as_str().unwrap(), i["deadline"]["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(overdue, [("路居镇信〔2009〕第3号", "accept")], "due after the import, so raised: {later}");
    assert_eq!(agenda["imported_past"], 3, "accept and handle of row 3, the revisit of row 2: {agenda}");
}

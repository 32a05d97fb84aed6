//! A township's old Excel ledger imported (台账导入, issue 25): the case page
//! shows a deadline that had passed before the import as such, never as
//! overdue, and agrees with the agenda, which leaves those to one review;
//! a category the clerk adds in the mapping step joins the township's list,
//! which the intake and later imports offer.

use crate::common;

use common::{at, call, dump};
use serde_json::{Value, json};
use xinfang_core::{Ledger, Store, dispatch};

const ACTOR: &str = "镇信访办刘专干";

/// 路居镇's ledger on 10 July 2009, the day of the import.
fn township() -> Ledger {
    let mut l = Ledger::new(Store::in_memory().unwrap(), at("2009-07-10T09:00:00+08:00"));
    call(&mut l, "device_init", json!({"role": "township", "name": "路居镇"}));
    l
}

fn row(n: u32, date: &str, name: &str, request: &str, category: &str) -> Value {
    json!({"row": n, "date": date, "name": name, "request": request, "category": category, "channel": "来访"})
}

/// A letter handled in March and never revisited, a visit open since
/// February, and a visit of 1 July still within its 15 days.
fn sheet() -> Vec<Value> {
    let mut handled = row(2, "2009-01-08", "赵德明", "申请危房改造补助。", "民政救助");
    handled["channel"] = json!("来信");
    handled["handled"] = json!("已办结");
    handled["handled_on"] = json!("2009/3/20");
    vec![
        handled,
        row(3, "2009年2月10日", "张国富", "承包地边界与邻户有争议，要求重新丈量。", "土地承包"),
        row(4, "2009-07-01", "孙红梅", "邻居排水流入院内。", "邻里纠纷"),
    ]
}

fn import(l: &mut Ledger, rows: Vec<Value>, mapping: Value, dry_run: bool) -> Result<Value, xinfang_core::Error> {
    dispatch(l, "ledger_import_rows", json!({"rows": rows, "actor": ACTOR, "dry_run": dry_run, "mapping": mapping}))
}

fn case_pages(l: &mut Ledger) -> Vec<Value> {
    let page = call(l, "case_list", json!({"status": "all"}));
    page["items"].as_array().unwrap().iter().map(|c| call(l, "case_show", json!({"id": c["id"]}))).collect()
}

/// (number, rule, state) of every deadline on every case page.
fn states(pages: &[Value]) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = pages
        .iter()
        .flat_map(|p| {
            p["deadlines"].as_array().unwrap().iter().map(move |d| {
                let s = |v: &Value| v.as_str().unwrap().to_owned();
                (s(&p["case"]["number"]), s(&d["rule"]), s(&d["state"]))
            })
        })
        .collect();
    out.sort();
    out
}

/// The agenda's case items as (number, rule, state).
fn agenda_items(agenda: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = agenda["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["case_number"].is_string())
        .map(|i| {
            let s = |v: &Value| v.as_str().unwrap().to_owned();
            (s(&i["case_number"]), s(&i["deadline"]["rule"]), s(&i["deadline"]["state"]))
        })
        .collect();
    out.sort();
    out
}

fn t(n: &str, rule: &str, state: &str) -> (String, String, String) {
    (format!("路居镇信〔2009〕第{n}号"), rule.to_owned(), state.to_owned())
}

#[test]
fn deadlines_passed_before_the_import_show_as_such_on_the_case_page_as_on_the_agenda() {
    let mut l = township();
    import(&mut l, sheet(), json!({}), false).unwrap();
    let pages = case_pages(&mut l);
    assert_eq!(
        states(&pages),
        [
            // Closed on 20 March, after both limits: done late, as the sheet says.
            t("1", "accept", "met_late"),
            t("1", "handle", "met_late"),
            // Handled 20 March: the revisit was due 4 April, months before the import.
            t("1", "revisit", "passed_before_import"),
            // Open since 10 February: both limits had passed by 10 July.
            t("2", "accept", "passed_before_import"),
            t("2", "handle", "passed_before_import"),
            // Received 1 July: due 16 July and 30 August, still ahead.
            t("3", "accept", "pending"),
            t("3", "handle", "pending"),
        ]
    );
    let open = pages.iter().find(|p| p["case"]["number"] == "路居镇信〔2009〕第2号").unwrap();
    let accept = &open["deadlines"][0];
    assert_eq!(accept["state_label"], "导入前已过期");
    assert_eq!(accept["due_on"], "2009-02-25");
    assert_eq!(accept["days_left"], Value::Null, "not counted as days overdue");
    assert!(accept["paper_due"].as_str().unwrap().contains("告知书"), "the paper is named for the review: {accept}");

    // The agenda leaves exactly those out and counts them once.
    let agenda = call(&mut l, "today", json!({}));
    assert_eq!(agenda["imported_past"], 3);
    assert_eq!(agenda["overdue"], 0);

    // Ten days on, case 3's notice is overdue: due after the import, so it is
    // today's work on the page and on the agenda alike; the history stays history.
    l.clock = at("2009-07-20T09:00:00+08:00");
    let pages = case_pages(&mut l);
    let on_pages = states(&pages);
    assert!(on_pages.contains(&t("3", "accept", "overdue")), "{on_pages:?}");
    let agenda = call(&mut l, "today", json!({}));
    let overdue_on_pages: Vec<_> = on_pages.iter().filter(|(_, _, s)| s == "overdue").cloned().collect();
    let overdue_on_agenda: Vec<_> = agenda_items(&agenda).into_iter().filter(|(_, _, s)| s == "overdue").collect();
    assert_eq!(overdue_on_agenda, overdue_on_pages, "the agenda and the case pages agree");
    let passed = on_pages.iter().filter(|(_, _, s)| s == "passed_before_import").count();
    assert_eq!(agenda["imported_past"], passed as u64);
}

/// A case recorded at intake, not imported, keeps its overdue state however
/// old it is: the new state is only for imported history.
#[test]
fn a_case_recorded_here_is_overdue_as_before() {
    let mut l = township();
    let visit = json!({"channel": "visit", "received_at": "2009-02-10T09:30:00+08:00",
        "petitioners": [{"name": "王某", "village": "中坝村"}],
        "headcount": 1, "category": "土地承包", "request": "承包地边界争议", "received_by": "李某"});
    let id = call(&mut l, "visit_add", visit)["case_id"].clone();
    let page = call(&mut l, "case_show", json!({"id": id}));
    let states: Vec<&str> =
        page["deadlines"].as_array().unwrap().iter().map(|d| d["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["overdue", "overdue"]);
}

#[test]
fn a_category_added_in_the_mapping_step_joins_the_townships_list() {
    let mut l = township();
    let mut rows = sheet();
    rows[1]["category"] = json!("坟地纠纷");
    rows[2]["category"] = json!("水利");
    let preview = import(&mut l, rows.clone(), json!({}), true).unwrap();
    assert_eq!(preview["unmapped"]["category"], json!(["坟地纠纷", "水利"]));

    // 坟地纠纷 added as a dispute; 水利 mapped to a request category added
    // under a name of the clerk's choosing.
    let mapping = json!({"category": {"水利": "农田水利设施"},
        "new_categories": {"disputes": ["坟地纠纷"], "requests": ["农田水利设施"]}});
    let before = dump(&l);
    let preview = import(&mut l, rows.clone(), mapping.clone(), true).unwrap();
    assert_eq!(dump(&l), before, "a preview adds nothing to the list");
    assert_eq!(preview["unmapped"]["category"], json!([]));
    let categories: Vec<&str> =
        preview["rows"].as_array().unwrap().iter().map(|r| r["category"].as_str().unwrap()).collect();
    assert_eq!(categories, ["民政救助", "坟地纠纷", "农田水利设施"]);

    let done = import(&mut l, rows.clone(), mapping.clone(), false).unwrap();
    assert_eq!(done["recorded"], 3);
    let list = call(&mut l, "categories", json!({}));
    let disputes = list["disputes"].as_array().unwrap();
    assert_eq!(disputes.last().unwrap(), "坟地纠纷", "at the end of its group: {list}");
    assert_eq!(list["requests"].as_array().unwrap().last().unwrap(), "农田水利设施");
    // The township's setting, with its history, as if set on the settings page.
    let settings = call(&mut l, "settings_show", json!({}));
    let change = &settings["history"][0];
    assert_eq!((change["key"].as_str(), change["set_by"].as_str()), (Some("categories"), Some(ACTOR)), "{change}");

    // The intake offers it: a visit in the new category is recorded.
    let visit = json!({"channel": "visit", "received_at": "2009-07-10T08:30:00+08:00",
        "petitioners": [{"name": "李某", "village": "中坝村"}],
        "headcount": 1, "category": "坟地纠纷", "request": "邻户在承包地边葬坟", "received_by": "李某"});
    call(&mut l, "visit_add", visit);

    // The next import needs no mapping for either word; the same mapping file
    // used again adds nothing, to the list or the ledger.
    let again = import(&mut l, rows.clone(), json!({}), true).unwrap();
    assert_eq!((again["unmapped"]["category"].clone(), again["skipped"].clone()), (json!([]), json!(3)));
    let before = call(&mut l, "categories", json!({}));
    let again = import(&mut l, rows, mapping, false).unwrap();
    assert_eq!((again["recorded"].clone(), again["skipped"].clone()), (json!(0), json!(3)));
    assert_eq!(call(&mut l, "categories", json!({})), before);
}

#[test]
fn a_village_cannot_add_to_the_list_the_township_decides() {
    let mut l = Ledger::new(Store::in_memory().unwrap(), at("2009-07-10T09:00:00+08:00"));
    call(&mut l, "device_init", json!({"role": "village", "name": "中坝村"}));
    let mut rows = sheet();
    rows[1]["category"] = json!("坟地纠纷");
    let before = dump(&l);
    let e = import(&mut l, rows, json!({"new_categories": {"disputes": ["坟地纠纷"]}}), true).unwrap_err();
    assert_eq!(e.kind(), "refused");
    assert!(e.to_string().contains("乡镇信访办"), "{e}");
    assert_eq!(dump(&l), before);
}

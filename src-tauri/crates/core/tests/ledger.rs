//! The command layer end to end on a real SQLite ledger: recording visits,
//! finding them, working a case through its life, and refusing bad input
//! without writing anything.

use crate::common;

use common::{at, call, dump, ledger, visit};
use serde_json::{Value, json};
use xinfang_core::store::changelog;
use xinfang_core::{Ledger, Store, dispatch};

fn search(l: &mut Ledger, text: &str) -> Vec<String> {
    let page = call(l, "case_list", json!({ "text": text }));
    page["items"].as_array().unwrap().iter().map(|c| c["request"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_recorded_visit_opens_a_numbered_case_with_masked_details() {
    let mut l = ledger();
    let added =
        call(&mut l, "visit_add", visit("张某某", Some("11010519491231002X"), "反映承包地被他人占用葬坟，要求处理。"));
    assert_eq!(added["case_number"], "石岩哨村信〔2026〕第1号");
    assert_eq!(added["repeat"], false);
    let detail = call(&mut l, "case_show", json!({ "id": added["case_id"] }));
    assert_eq!(detail["case"]["step"], "registered");
    assert_eq!(detail["case"]["village"], "石岩哨村");
    let p = &detail["visits"][0]["petitioners"][0];
    assert_eq!(p["name"], "张某某");
    assert_eq!(p["id_number_masked"], "110105********002X");
    assert_eq!(p["phone_masked"], "138****8000");
    assert_eq!(p["gender"], "female");
    assert_eq!(p["birth_date"], "1949-12-31");
    assert!(p.get("id_number").is_none() && p.get("phone").is_none(), "no unmasked data in views");
    assert_eq!(detail["events"][0]["action"], "register");
    // Received 3 March; on 10 March the 15-day acceptance limit is pending.
    assert_eq!(detail["deadlines"][0]["rule"], "accept");
    assert_eq!(detail["deadlines"][0]["due_on"], "2026-03-17");
    assert_eq!(detail["deadlines"][0]["state"], "pending");
    let second = call(&mut l, "visit_add", visit("王某", None, "邻居排水流入院内"));
    assert_eq!(second["case_number"], "石岩哨村信〔2026〕第2号");
}

#[test]
fn any_substring_of_two_or_more_characters_finds_the_case() {
    let mut l = ledger();
    call(&mut l, "visit_add", visit("张某某", None, "反映承包地被他人占用葬坟，要求处理。"));
    call(&mut l, "visit_add", visit("欧阳玥", None, "水渠施工弃土压占农田约一百亩"));
    for (q, expect) in [
        ("葬坟", "反映承包地被他人占用葬坟，要求处理。"),
        ("张某", "反映承包地被他人占用葬坟，要求处理。"),
        ("欧阳玥", "水渠施工弃土压占农田约一百亩"),
        ("一百亩", "水渠施工弃土压占农田约一百亩"),
        ("玥", "水渠施工弃土压占农田约一百亩"),
        ("第2号", "水渠施工弃土压占农田约一百亩"),
    ] {
        assert_eq!(search(&mut l, q), [expect], "query {q}");
    }
    assert_eq!(search(&mut l, "大营头").len(), 2);
    assert!(search(&mut l, "宅基地").is_empty());
    // LIKE wildcards and FTS syntax in the query are taken literally.
    assert!(search(&mut l, "%").is_empty());
    assert!(search(&mut l, "\"葬坟 OR").is_empty());
}

#[test]
fn the_ledger_pages_and_filters() {
    let mut l = ledger();
    for i in 0..7 {
        call(&mut l, "visit_add", visit(&format!("村民{i}"), None, &format!("第{i}件诉求")));
    }
    let page = call(&mut l, "case_list", json!({"limit": 3, "offset": 6}));
    assert_eq!(page["total"], 7);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(call(&mut l, "case_list", json!({"status": "closed"}))["total"], 0);
    assert_eq!(call(&mut l, "case_list", json!({"channel": "letter"}))["total"], 0);
    assert_eq!(call(&mut l, "case_list", json!({"from": "2026-03-02", "to": "2026-03-02"}))["total"], 7);
    assert_eq!(call(&mut l, "case_list", json!({"from": "2026-03-03"}))["total"], 0);
    assert_eq!(dispatch(&mut l, "case_list", json!({"from": "3月2日"})).unwrap_err().field(), Some("from"));
}

#[test]
fn a_repeat_visit_joins_its_case_and_the_same_person_is_reused() {
    let mut l = ledger();
    let first = call(&mut l, "visit_add", visit("张某某", Some("11010519491231002X"), "占地葬坟"));
    let mut again = visit("张某某", Some("11010519491231002X"), "再次反映占地葬坟未处理");
    again["repeat_of"] = first["case_id"].clone();
    let repeat = call(&mut l, "visit_add", again);
    assert_eq!(repeat["repeat"], true);
    assert_eq!(repeat["case_id"], first["case_id"]);
    let detail = call(&mut l, "case_show", json!({ "id": first["case_id"] }));
    assert_eq!(detail["visits"].as_array().unwrap().len(), 2);
    assert_eq!(detail["visits"][1]["is_repeat"], true);
    assert_eq!(detail["visits"][0]["petitioners"][0]["id"], detail["visits"][1]["petitioners"][0]["id"]);
    let people: i64 = l.store.conn().query_row("SELECT count(*) FROM person", [], |r| r.get(0)).unwrap();
    assert_eq!(people, 1);
    assert_eq!(call(&mut l, "case_list", json!({}))["total"], 1);
    let mut bad = visit("张某某", None, "x");
    bad["repeat_of"] = json!("no-such-case");
    assert_eq!(dispatch(&mut l, "visit_add", bad).unwrap_err().kind(), "not_found");
}

#[test]
fn a_collective_visit_is_recorded_with_its_representatives() {
    let mut l = ledger();
    let reps: Vec<Value> =
        ["甲某", "乙某", "丙某", "丁某", "戊某"].iter().map(|n| json!({"name": n, "representative": true})).collect();
    let mut v = visit("x", None, "三十余名村民反映水渠施工弃土压占农田");
    v["petitioners"] = json!(reps);
    v["headcount"] = json!(32);
    let added = call(&mut l, "visit_add", v);
    let detail = call(&mut l, "case_show", json!({ "id": added["case_id"] }));
    assert_eq!(detail["visits"][0]["headcount"], 32);
    assert!(detail["visits"][0]["petitioners"].as_array().unwrap().iter().all(|p| p["representative"] == true));
}

#[test]
fn a_case_walks_the_five_steps_and_every_change_is_dated_and_signed() {
    let mut l = ledger();
    let id = call(&mut l, "visit_add", visit("张某某", None, "占地葬坟"))["case_id"].clone();
    let step = |l: &mut Ledger, action: Value, on: &str| {
        dispatch(
            l,
            "case_transition",
            json!({"id": id, "transition": action, "on": on, "actor": "李某", "note": "办理情况"}),
        )
    };
    let revisit = |l: &mut Ledger, on: &str| {
        dispatch(
            l,
            "revisit_add",
            json!({"case_id": id, "visited_on": on, "method": "in_person", "visitor": "李某", "visitee": "张某某",
                   "satisfaction": "satisfied"}),
        )
    };
    step(&mut l, json!({"action": "commission"}), "2026-03-03").unwrap();
    step(&mut l, json!({"action": "carry_up"}), "2026-03-04").unwrap();
    let e = revisit(&mut l, "2026-03-05").unwrap_err();
    assert_eq!(e.kind(), "refused");
    assert!(e.to_string().contains("不能回访"), "{e}");
    // A revisit is always recorded with its details, never as a bare step.
    assert_eq!(step(&mut l, json!({"action": "revisit"}), "2026-03-05").unwrap_err().kind(), "refused");
    step(&mut l, json!({"action": "feed_back"}), "2026-03-06").unwrap();
    revisit(&mut l, "2026-03-09").unwrap();
    let d = step(&mut l, json!({"action": "close", "outcome": "stopped"}), "2026-03-10").unwrap();
    assert_eq!(d["case"]["outcome"], "stopped");
    assert_eq!(d["case"]["closed_on"], "2026-03-10");
    let actions: Vec<&str> = d["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["register", "commission", "carry_up", "feed_back", "revisit", "close"]);
    assert!(d["events"].as_array().unwrap().iter().all(|e| e["actor"] == "李某"));
    assert_eq!(d["events"][1]["note"], "信访人与代理人签订双向承诺书；办理情况");
    let states: Vec<&str> = d["deadlines"].as_array().unwrap().iter().map(|x| x["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["met", "met", "met"]);
    assert_eq!(call(&mut l, "case_list", json!({"status": "closed"}))["total"], 1);
    // Dates in the future or before the case was handled are refused.
    assert_eq!(revisit(&mut l, "2026-03-11").unwrap_err().field(), Some("visited_on"));
    assert_eq!(revisit(&mut l, "2026-03-05").unwrap_err().field(), Some("visited_on"));
}

#[test]
fn voiding_keeps_the_case_with_its_reason() {
    let mut l = ledger();
    let id = call(&mut l, "visit_add", visit("张某某", None, "登记错误的一件"))["case_id"].clone();
    let e = dispatch(&mut l, "case_void", json!({"id": id, "reason": " ", "actor": "李某"})).unwrap_err();
    assert_eq!(e.field(), Some("reason"));
    let d = call(&mut l, "case_void", json!({"id": id, "reason": "重复登记", "actor": "李某"}));
    assert_eq!(d["case"]["void_reason"], "重复登记");
    assert_eq!(call(&mut l, "case_list", json!({}))["total"], 0);
    assert_eq!(call(&mut l, "case_list", json!({"status": "voided"}))["total"], 1);
    let e =
        dispatch(&mut l, "case_transition", json!({"id": id, "transition": {"action": "commission"}, "actor": "李某"}));
    assert_eq!(e.unwrap_err().kind(), "refused");
}

#[test]
fn bad_input_is_refused_with_a_clear_message_and_writes_nothing() {
    let mut l = ledger();
    call(&mut l, "visit_add", visit("张某某", Some("11010519491231002X"), "占地葬坟"));
    let before = dump(&l);
    let mut empty_request = visit("王某", None, "  ");
    empty_request["request"] = json!("  ");
    let mut collective_without_reps = visit("王某", None, "集体反映");
    collective_without_reps["headcount"] = json!(8);
    let mut bad_phone = visit("王某", None, "诉求");
    bad_phone["petitioners"][0]["phone"] = json!("12345");
    let mut second_bad = visit("王某", None, "诉求");
    second_bad["petitioners"] = json!([{"name": "王某"}, {"name": "赵某", "id_number": "110105194912310021"}]);
    // Refused inside the write transaction: rolled back whole.
    let mut unknown_case = visit("王某", Some("110105194912310011"), "诉求");
    unknown_case["repeat_of"] = json!("no-such-case");
    let cases: Vec<(Value, &str, &str)> = vec![
        (unknown_case, "", "找不到信访事项"),
        (visit("王某", Some("110105194912310021"), "诉求"), "petitioners[0].id_number", "请对照身份证重新输入"),
        (empty_request, "request", "诉求：不能为空"),
        (collective_without_reps, "petitioners", "集体访"),
        (bad_phone, "petitioners[0].phone", "手机号码"),
        (second_bad, "petitioners[1].id_number", "第 2 位信访人的身份证号码"),
        (json!({"channel": "fax"}), "channel", "来访方式：“fax”不在可选范围内"),
        (json!("not an object"), "", "参数：应为一组字段"),
    ];
    for (input, field, message) in cases {
        let e = dispatch(&mut l, "visit_add", input).unwrap_err();
        assert!(e.to_string().contains(message), "{e} should mention {message}");
        if !field.is_empty() {
            assert_eq!(e.field(), Some(field));
        }
        assert_eq!(dump(&l), before, "a refused visit must change nothing");
    }
    let mut future = visit("王某", None, "诉求");
    future["received_at"] = json!("2027-01-01T09:00:00+08:00");
    assert_eq!(dispatch(&mut l, "visit_add", future).unwrap_err().field(), Some("received_at"));
    assert_eq!(dump(&l), before);
}

#[test]
fn every_write_is_in_the_change_log_and_the_chain_verifies() {
    let mut l = ledger();
    let id = call(&mut l, "visit_add", visit("张某某", Some("11010519491231002X"), "占地葬坟"))["case_id"].clone();
    call(&mut l, "case_transition", json!({"id": id, "transition": {"action": "settle_on_spot"}, "actor": "李某"}));
    let c = l.store.conn();
    let entities: Vec<String> = c
        .prepare("SELECT entity FROM change_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(entities, ["case", "visit", "person", "visit_petitioner", "case_event", "case", "case_event"]);
    let chain = call(&mut l, "chain_verify", json!({}));
    assert_eq!(chain["devices"][0]["entries"], 7);
    // The log records each record's state after the change, ready for sync;
    // an update also says which parts it changed, and from which stamp.
    let device = chain["devices"][0]["device_id"].as_str().unwrap();
    let log = changelog::entries(l.store.conn(), device, 1).unwrap();
    let payload: Value = serde_json::from_str(&log[5].payload).unwrap();
    assert_eq!(payload["row"]["route"], "settled_on_spot");
    assert_eq!(payload["changed"], json!({"lifecycle": {"hlc": log[0].recorded_at, "stream": device}}));
}

#[test]
fn writes_need_an_initialised_device() {
    let mut l = Ledger::new(Store::in_memory().unwrap(), at("2026-03-10T10:00:00+08:00"));
    let e = dispatch(&mut l, "visit_add", visit("张某某", None, "诉求")).unwrap_err();
    assert_eq!(e.kind(), "not_initialised");
    dispatch(&mut l, "device_init", json!({"role": "village", "name": "石岩哨村"})).unwrap();
    let e = dispatch(&mut l, "device_init", json!({"role": "village", "name": "别的村"})).unwrap_err();
    assert_eq!(e.kind(), "refused");
}

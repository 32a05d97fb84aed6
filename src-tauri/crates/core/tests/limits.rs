//! Every bound on what a person can type or attach, one step past it: each is
//! refused with a Chinese message naming the field, and the ledger is left
//! exactly as it was. (Bundles have their own bounds, tested in
//! xinfang-sync; the size of one attachment is tested here with a sparse
//! file just over 50 MB.)

use crate::common;

use common::{call, dump, ledger, visit};
use serde_json::{Value, json};
use xinfang_core::dispatch;
use xinfang_core::domain::agreement::{MAX_MEDIATORS, MAX_PARTIES, MAX_TERMS};
use xinfang_core::domain::intake::{MAX_NAME_CHARS, MAX_PETITIONERS, MAX_SHORT_CHARS, MAX_TEXT_CHARS};

fn chars(n: usize) -> String {
    "字".repeat(n)
}

fn han_in(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn one_past_every_bound_is_refused_by_name_and_changes_nothing() {
    let mut l = ledger();
    let case_id = call(&mut l, "visit_add", visit("张某某", None, "反映邻居在承包地内葬坟"))["case_id"].clone();
    call(
        &mut l,
        "case_transition",
        json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-03-05", "actor": "李某"}),
    );
    let person = call(&mut l, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let parties: Vec<Value> = (0..=MAX_PARTIES)
        .map(|i| call(&mut l, "person_add", json!({"name": format!("当事人{i}")}))["id"].clone())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.pdf");
    std::fs::File::create(&big).unwrap().set_len(50 * 1024 * 1024 + 1).unwrap();
    let before = dump(&l);

    let petitioner = |name: &str| json!({"name": name});
    let with = |key: &str, value: Value| {
        let mut v = visit("张某某", None, "反映邻居在承包地内葬坟");
        v[key] = value;
        v
    };
    let agreement = |content: Value| {
        let mut c = json!({"party_ids": [person], "facts": "事实。", "responsibilities": "责任。", "terms": ["条款。"],
            "performance": "当场履行。", "copies": 3, "mediators": ["杨某"], "recorder": "李某"});
        for (k, v) in content.as_object().unwrap() {
            c[k] = v.clone();
        }
        json!({"case_id": case_id, "form": "written", "actor": "杨某", "content": c})
    };
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        (
            "visit_add",
            "petitioners",
            with("petitioners", json!(vec![petitioner("某某"); MAX_PETITIONERS + 1])),
            "petitioners",
        ),
        (
            "visit_add",
            "name",
            with("petitioners", json!([petitioner(&chars(MAX_NAME_CHARS + 1))])),
            "petitioners[0].name",
        ),
        ("visit_add", "request", with("request", json!(chars(MAX_TEXT_CHARS + 1))), "request"),
        ("visit_add", "received_by", with("received_by", json!(chars(MAX_NAME_CHARS + 1))), "received_by"),
        ("visit_add", "category", with("category", json!(chars(MAX_NAME_CHARS + 1))), "category"),
        (
            "visit_add",
            "address",
            with("petitioners", json!([{"name": "张某某", "address": chars(MAX_SHORT_CHARS + 1)}])),
            "petitioners[0].address",
        ),
        ("agreement_draft", "parties", agreement(json!({"party_ids": parties})), "party_ids"),
        ("agreement_draft", "terms", agreement(json!({"terms": vec!["条款。"; MAX_TERMS + 1]})), "terms"),
        ("agreement_draft", "mediators", agreement(json!({"mediators": vec!["杨某"; MAX_MEDIATORS + 1]})), "mediators"),
        ("agreement_draft", "copies", agreement(json!({"copies": 21})), "copies"),
        (
            "attachment_add",
            "size",
            json!({"case_id": case_id, "path": big, "kind": "evidence", "actor": "李某"}),
            "path",
        ),
        (
            "screening_add",
            "findings",
            json!({"scope": "village", "scope_name": "石岩哨村", "screened_by": "李某",
                "findings": vec![json!({"category": "邻里纠纷", "summary": "宅基地边界"}); 101]}),
            "findings",
        ),
        ("draft_save", "draft", json!({"key": "intake", "value": chars(100_000)}), "value"),
        (
            "report_show",
            "villages",
            json!({"from": "2026-01-01", "to": "2026-12-31", "villages": vec!["村"; 201]}),
            "villages",
        ),
        // libFuzzer's dispatch_json found a year typed as 8832 building a
        // breakdown of eighty thousand months until memory ran out.
        ("report_show", "period", json!({"from": "2021-01-01", "to": "8832-12-31"}), "to"),
        ("report_cases", "period", json!({"query": {"from": "1976-01-01", "to": "2026-12-31"}, "figure": "received"}), "to"),
        ("person_reveal", "reason", json!({"id": person, "reason": chars(201)}), "reason"),
        ("backup_settings_set", "keep", json!({"folder": dir.path(), "keep": 366}), "keep"),
    ];
    for (command, bound, args, field) in &cases {
        let e = dispatch(&mut l, command, args.clone()).expect_err(&format!("{command} past its {bound} bound"));
        assert_eq!(e.field(), Some(*field), "{command} {bound}: {e}");
        assert!(han_in(&e.to_string()), "{command} {bound}: {e}");
        println!("{command} {bound}: {e}");
    }
    assert_eq!(dump(&l), before, "no refused input changed the ledger");
    println!("limits: {} bounds, each refused, nothing changed", cases.len());
}

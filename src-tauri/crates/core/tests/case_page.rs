//! What the pages show of the rules, which the UI only lays out: the actions
//! offered on a case and its five steps (held to the commands that do the
//! work: an action is offered exactly when `case_transition` takes it), the
//! ledger's today, and the legal bases of the time limits.

use crate::common;

use common::*;
use serde_json::{Value, json};
use xinfang_core::{Ledger, dispatch};

/// One thing done to the case on the way to a state.
#[derive(Clone, Copy)]
enum Op {
    Step(&'static str),
    Extend,
    Close(&'static str),
    Revisit,
    Void,
}

fn transition(action: &str) -> Value {
    match action {
        "extend" => json!({"action": "extend", "days": 10, "reason": "需现场勘测"}),
        "close" => json!({"action": "close", "outcome": "handled"}),
        a => json!({"action": a}),
    }
}

fn apply(l: &mut Ledger, id: &Value, op: Op) {
    let answer = match op {
        Op::Step(a) => dispatch(l, "case_transition", json!({"id": id, "transition": transition(a), "actor": "李某"})),
        Op::Extend => {
            dispatch(l, "case_transition", json!({"id": id, "transition": transition("extend"), "actor": "李某"}))
        }
        Op::Close(outcome) => dispatch(
            l,
            "case_transition",
            json!({"id": id, "transition": {"action": "close", "outcome": outcome}, "actor": "李某"}),
        ),
        Op::Revisit => dispatch(
            l,
            "revisit_add",
            json!({"case_id": id, "method": "phone", "visitor": "李某", "visitee": "张某某", "satisfaction": "satisfied"}),
        ),
        Op::Void => dispatch(l, "case_void", json!({"id": id, "reason": "重复登记", "actor": "李某"})),
    };
    answer.unwrap_or_else(|e| panic!("on the way: {e}"));
}

/// A fresh ledger with one case taken along `path`.
fn case_along(path: &[Op]) -> (Ledger, Value) {
    let mut l = ledger();
    let id = call(&mut l, "visit_add", visit("张某某", None, "占地葬坟"))["case_id"].clone();
    for op in path {
        apply(&mut l, &id, *op);
    }
    (l, id)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_owned()).collect()
}

const ACTIONS: [&str; 7] =
    ["commission", "carry_up", "feed_back", "settle_on_spot", "direct_to_legal_route", "close", "extend"];

#[test]
fn the_actions_offered_are_exactly_those_case_transition_takes() {
    use Op::*;
    let paths: [(&str, Vec<Op>, &[&str]); 11] = [
        ("registered", vec![], &["commission", "settle_on_spot", "direct_to_legal_route", "extend"]),
        ("commissioned", vec![Step("commission")], &["carry_up", "settle_on_spot", "direct_to_legal_route", "extend"]),
        ("extended", vec![Step("commission"), Extend], &["carry_up", "settle_on_spot", "direct_to_legal_route"]),
        (
            "carried up",
            vec![Step("commission"), Step("carry_up")],
            &["feed_back", "settle_on_spot", "direct_to_legal_route", "extend"],
        ),
        ("fed back", vec![Step("commission"), Step("carry_up"), Step("feed_back")], &["close"]),
        ("revisited", vec![Step("commission"), Step("carry_up"), Step("feed_back"), Revisit], &["close"]),
        ("settled on the spot", vec![Step("settle_on_spot")], &["close"]),
        ("legal route", vec![Step("commission"), Step("direct_to_legal_route")], &["close"]),
        ("closed", vec![Step("settle_on_spot"), Close("resolved")], &[]),
        ("voided", vec![Void], &[]),
        ("voided after a step", vec![Step("commission"), Void], &[]),
    ];
    for (name, path, expected) in paths {
        let (mut l, id) = case_along(&path);
        let shown = call(&mut l, "case_show", json!({"id": id}));
        let offered = strings(&shown["allowed_actions"]);
        assert_eq!(offered, *expected, "{name}");
        for action in ACTIONS {
            let (mut l, id) = case_along(&path);
            let took = dispatch(
                &mut l,
                "case_transition",
                json!({"id": id, "transition": transition(action), "actor": "李某"}),
            );
            assert_eq!(took.is_ok(), offered.iter().any(|a| a == action), "{name}: {action}: {took:?}");
            if let Ok(after) = took {
                // The answer to a change is the page as it now stands.
                assert_eq!(after["allowed_actions"], call(&mut l, "case_show", json!({"id": id}))["allowed_actions"]);
            }
        }
        // A revisit has its own form and is never offered as a transition.
        assert!(!offered.iter().any(|a| a == "revisit"), "{name}");
    }
}

#[test]
fn the_five_steps_say_what_is_done_next_skipped_or_waiting() {
    use Op::*;
    let steps = |path: &[Op]| {
        let (mut l, id) = case_along(path);
        call(&mut l, "case_show", json!({"id": id}))["steps"].clone()
    };
    let states = |s: &Value| -> Vec<String> {
        s.as_array().unwrap().iter().map(|x| x["state"].as_str().unwrap().to_owned()).collect()
    };

    let new = steps(&[]);
    let titles: Vec<&str> = new.as_array().unwrap().iter().map(|x| x["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["登记备案", "委托", "代言代访", "反馈结果", "回访巩固"]);
    let names: Vec<&str> = new.as_array().unwrap().iter().map(|x| x["step"].as_str().unwrap()).collect();
    assert_eq!(names, ["registered", "commissioned", "carried_up", "fed_back", "revisited"]);
    assert_eq!(states(&new), ["done", "current", "waiting", "waiting", "waiting"]);
    assert_eq!(new[0]["event"]["action"], "register");
    assert_eq!(new[0]["event"]["actor"], "李某");
    assert_eq!(new[1]["event"], Value::Null);
    assert_eq!(new[1]["skipped_because"], Value::Null);

    let commissioned = steps(&[Step("commission")]);
    assert_eq!(states(&commissioned), ["done", "done", "current", "waiting", "waiting"]);
    assert_eq!(commissioned[1]["event"]["happened_on"], "2026-03-10");
    assert_eq!(commissioned[1]["count"], 1);

    // Settled on the spot: steps 2–4 are left out, with the reason; revisits are counted.
    let settled = steps(&[Step("settle_on_spot"), Revisit, Revisit, Close("resolved")]);
    assert_eq!(states(&settled), ["done", "skipped", "skipped", "skipped", "done"]);
    assert_eq!(settled[1]["skipped_because"], "已本级调处，不经此步");
    assert_eq!(settled[4]["count"], 2);
    assert_eq!(settled[4]["event"]["action"], "revisit");

    // A step done before the legal route stays done; closed, nothing is current.
    let legal = steps(&[Step("commission"), Step("direct_to_legal_route"), Close("handled")]);
    assert_eq!(states(&legal), ["done", "done", "skipped", "skipped", "waiting"]);
    assert_eq!(legal[2]["skipped_because"], "已导入法律程序，不经此步");
    // Open on the legal route, the revisit is what comes next.
    assert_eq!(states(&steps(&[Step("direct_to_legal_route")])), ["done", "skipped", "skipped", "skipped", "current"]);
    // Voided: nothing comes next.
    assert_eq!(states(&steps(&[Void])), ["done", "waiting", "waiting", "waiting", "waiting"]);
}

#[test]
fn the_screening_page_gives_the_ledgers_today() {
    let mut l = ledger_at("2026-03-10T23:30:00+08:00");
    let page = call(&mut l, "screening_list", json!({}));
    assert_eq!(page["today"], "2026-03-10", "the ledger's clock, in China, not the computer's");
    assert_eq!(page["today"], call(&mut l, "clock_now", json!({}))["today"]);
}

#[test]
fn the_rules_are_cited_by_the_core_for_the_help_and_the_settings_page() {
    let mut l = ledger();
    let rules = call(&mut l, "deadline_rules", json!({}));
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), 7);
    let accept = rules.iter().find(|r| r["rule"] == "accept").unwrap();
    assert_eq!(accept["title"], "受理告知期限");
    assert!(accept["basis"].as_str().unwrap().contains("15日内"));
    assert!(accept["basis"].as_str().unwrap().contains("书面告知信访人"));
    let shown = call(&mut l, "settings_show", json!({}));
    let handle = shown["limit_bases"].as_array().unwrap().iter().find(|b| b["field"] == "handle_days").unwrap();
    assert_eq!(
        (handle["label"].as_str(), handle["basis"].as_str()),
        (Some("办结期限"), Some("法定 60 日（信访工作条例）"))
    );
    // Each basis stands beside a field the limits have.
    let limits = call(&mut l, "time_limits", json!({}));
    for b in shown["limit_bases"].as_array().unwrap() {
        assert!(limits.get(b["field"].as_str().unwrap()).is_some(), "{b}");
    }
}

//! Each figure's and rate's definition on small hand-built ledgers: a few
//! cases recorded through the command layer, the count and exactly the
//! records counted, and the records around them that must not be.

use super::{Breakdown, FigureKey as F, RateKey, Report};
use crate::clock::Clock;
use crate::commands::{Ledger, dispatch};
use crate::store::Store;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

const ACTOR: &str = "镇信访办刘专干";

/// A township ledger standing on 10 July 2026.
fn township() -> Ledger {
    ledger_as("township", "路居镇")
}

fn ledger_as(role: &str, name: &str) -> Ledger {
    let now = DateTime::parse_from_rfc3339("2026-07-10T09:00:00+08:00").unwrap().with_timezone(&Utc);
    let mut l = Ledger::new(Store::in_memory().unwrap(), Clock::Fixed(now));
    call(&mut l, "device_init", json!({"role": role, "name": name}));
    l
}

fn call(l: &mut Ledger, name: &str, args: Value) -> Value {
    dispatch(l, name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A new case received at `at` (`MM-DDTHH:MM`, 2026, China time).
fn case_in(l: &mut Ledger, at: &str, channel: &str, village: &str, category: &str) -> String {
    let v = json!({"channel": channel, "received_at": format!("2026-{at}:00+08:00"),
        "petitioners": [{"name": "张某某", "village": village}], "category": category,
        "request": format!("{village}{category}问题"), "received_by": ACTOR});
    call(l, "visit_add", v)["case_id"].as_str().unwrap().to_owned()
}

fn case(l: &mut Ledger, at: &str) -> String {
    case_in(l, at, "visit", "石岩哨村", "土地承包")
}

fn step(l: &mut Ledger, id: &str, action: Value, on: &str) {
    call(l, "case_transition", json!({"id": id, "transition": action, "on": format!("2026-{on}"), "actor": ACTOR}));
}

/// Settled on the spot (handled) on `on` (`MM-DD`).
fn handle(l: &mut Ledger, id: &str, on: &str) {
    step(l, id, json!({"action": "settle_on_spot"}), on);
}

fn revisit(l: &mut Ledger, id: &str, on: &str, satisfaction: &str) {
    call(
        l,
        "revisit_add",
        json!({"case_id": id, "visited_on": format!("2026-{on}"), "method": "phone", "visitor": ACTOR,
            "visitee": "张某某", "satisfaction": satisfaction}),
    );
}

/// The report of `from`..=`to` (`MM-DD`) over `villages`.
fn report(l: &mut Ledger, from: &str, to: &str, villages: &[&str]) -> Report {
    let q = json!({"from": format!("2026-{from}"), "to": format!("2026-{to}"), "villages": villages});
    serde_json::from_value(call(l, "report_show", q)).unwrap()
}

/// The ids `figure` counts in the report of `from`..=`to`, sorted.
fn counted(l: &mut Ledger, from: &str, to: &str, figure: F) -> Vec<String> {
    let q = json!({"query": {"from": format!("2026-{from}"), "to": format!("2026-{to}")}, "figure": figure});
    let mut ids: Vec<String> = serde_json::from_value(call(l, "report_cases", q)["ids"].clone()).unwrap();
    ids.sort();
    ids
}

fn sorted<const N: usize>(ids: [&String; N]) -> Vec<String> {
    let mut v: Vec<String> = ids.into_iter().cloned().collect();
    v.sort();
    v
}

/// The figure's count in the March report, checked against its drill-down.
fn march(l: &mut Ledger, figure: F) -> (u32, Vec<String>) {
    let n = report(l, "03-01", "03-31", &[]).total.count(figure);
    let ids = counted(l, "03-01", "03-31", figure);
    assert_eq!(n as usize, ids.len(), "{figure:?}: the count is the number of records listed");
    (n, ids)
}

#[test]
fn received_is_every_case_registered_in_the_period_and_nothing_else() {
    let mut l = township();
    let first = case(&mut l, "03-01T00:00");
    let last = case(&mut l, "03-31T23:59");
    case(&mut l, "02-28T23:59");
    case(&mut l, "04-01T00:00");
    let voided = case(&mut l, "03-15T10:00");
    call(&mut l, "case_void", json!({"id": voided, "reason": "登记错误", "actor": ACTOR}));
    // A repeat visit joins its case: the case is not received again.
    let mut again = json!({"channel": "visit", "received_at": "2026-03-20T10:00:00+08:00",
        "petitioners": [{"name": "张某某"}], "category": "土地承包", "request": "再次反映", "received_by": ACTOR});
    again["repeat_of"] = json!(first);
    call(&mut l, "visit_add", again);
    assert_eq!(march(&mut l, F::Received), (2, sorted([&first, &last])));
}

#[test]
fn the_seven_channels_split_received_and_add_up_to_it() {
    let mut l = township();
    let channels = [
        (F::ReceivedVisit, "visit"),
        (F::ReceivedLetter, "letter"),
        (F::ReceivedPhone, "phone"),
        (F::ReceivedOnline, "online"),
        (F::ReceivedDoorToDoor, "door_to_door"),
        (F::ReceivedAppointment, "appointment"),
        (F::HandedDown, "handed_down"),
    ];
    let mut ids = Vec::new();
    for (i, (_, channel)) in channels.iter().enumerate() {
        // One letter more, so a swapped channel would show.
        for _ in 0..if *channel == "letter" { 2 } else { 1 } {
            ids.push((i, case_in(&mut l, &format!("03-{:02}T09:00", i + 1), channel, "石岩哨村", "其他诉求")));
        }
    }
    let total = report(&mut l, "03-01", "03-31", &[]).total;
    for (i, (figure, _)) in channels.iter().enumerate() {
        let mut expect: Vec<String> = ids.iter().filter(|(j, _)| *j == i).map(|(_, id)| id.clone()).collect();
        expect.sort();
        assert_eq!(march(&mut l, *figure).1, expect, "{figure:?}");
    }
    assert_eq!(channels.iter().map(|(f, _)| total.count(*f)).sum::<u32>(), total.count(F::Received));
    assert_eq!(total.count(F::Received), 8);
}

#[test]
fn handled_is_an_answer_by_the_report_day_and_the_handled_rate_is_over_received() {
    let mut l = township();
    let on_spot = case(&mut l, "03-02T09:00");
    handle(&mut l, &on_spot, "03-05");
    let legal = case(&mut l, "03-03T09:00");
    step(&mut l, &legal, json!({"action": "direct_to_legal_route"}), "03-04");
    let fed_back = case(&mut l, "03-04T09:00");
    for (action, on) in [("commission", "03-05"), ("carry_up", "03-06"), ("feed_back", "03-31")] {
        step(&mut l, &fed_back, json!({"action": action}), on);
    }
    let carried = case(&mut l, "03-05T09:00");
    step(&mut l, &carried, json!({"action": "commission"}), "03-06");
    step(&mut l, &carried, json!({"action": "carry_up"}), "03-07");
    let late = case(&mut l, "03-06T09:00");
    handle(&mut l, &late, "04-01");
    assert_eq!(march(&mut l, F::Handled), (3, sorted([&on_spot, &legal, &fed_back])));
    let rate = report(&mut l, "03-01", "03-31", &[]).total.rate(RateKey::HandledRate).cloned().unwrap();
    assert_eq!((rate.numerator, rate.denominator, rate.display.as_str()), (3, 5, "60%"));
    // Over March and April the late one is handled too.
    assert_eq!(report(&mut l, "03-01", "04-30", &[]).total.count(F::Handled), 4);
    let none = report(&mut l, "05-01", "05-31", &[]).total;
    assert_eq!(none.rate(RateKey::HandledRate).unwrap().percent, None, "nothing received: no handled rate");
}

#[test]
fn handled_in_time_is_by_the_sixty_day_limit_and_its_extension() {
    let mut l = township();
    let day_60 = case(&mut l, "01-01T09:00");
    handle(&mut l, &day_60, "03-02");
    let day_61 = case(&mut l, "01-01T10:00");
    handle(&mut l, &day_61, "03-03");
    let extended = case(&mut l, "01-01T11:00");
    step(&mut l, &extended, json!({"action": "extend", "days": 10, "reason": "需现场勘测"}), "02-20");
    handle(&mut l, &extended, "03-08");
    let r = report(&mut l, "01-01", "06-30", &[]);
    assert_eq!(r.total.count(F::HandledInTime), 2);
    assert_eq!(counted(&mut l, "01-01", "06-30", F::HandledInTime), sorted([&day_60, &extended]));
    let rate = r.total.rate(RateKey::InTimeRate).unwrap();
    assert_eq!((rate.numerator, rate.denominator), (2, 3));
}

#[test]
fn overdue_is_unhandled_past_the_limit_on_the_report_day() {
    let mut l = township();
    let open = case(&mut l, "01-01T09:00");
    let handled_late = case(&mut l, "01-01T10:00");
    handle(&mut l, &handled_late, "03-20");
    let recent = case(&mut l, "06-01T09:00");
    // On 2 March (day 60) nothing is overdue yet; on 3 March both are, and
    // the one handled on 20 March stays overdue in a report ending before.
    assert_eq!(report(&mut l, "01-01", "03-02", &[]).total.count(F::Overdue), 0);
    assert_eq!(counted(&mut l, "01-01", "03-03", F::Overdue), sorted([&open, &handled_late]));
    assert_eq!(counted(&mut l, "01-01", "03-31", F::Overdue), std::slice::from_ref(&open));
    // A period not yet over is counted up to today (10 July): the case of
    // 1 June is due on 31 July, not overdue on 31 December.
    let year = report(&mut l, "01-01", "12-31", &[]);
    assert_eq!(year.as_of, "2026-07-10");
    assert_eq!(counted(&mut l, "01-01", "12-31", F::Overdue), [open]);
    assert!(!counted(&mut l, "01-01", "12-31", F::Overdue).contains(&recent));
}

#[test]
fn handed_down_cases_and_their_reply_rate() {
    let mut l = township();
    let replied = case_in(&mut l, "03-02T09:00", "handed_down", "石岩哨村", "政策落实");
    handle(&mut l, &replied, "03-10");
    let waiting = case_in(&mut l, "03-03T09:00", "handed_down", "石岩哨村", "政策落实");
    step(&mut l, &waiting, json!({"action": "commission"}), "03-04");
    let own = case(&mut l, "03-04T09:00");
    handle(&mut l, &own, "03-05");
    // The township's own 交办 to a department is not a case handed down to it.
    call(&mut l, "case_assign", json!({"id": own, "to": "镇农业农村办", "actor": ACTOR, "on": "2026-03-04"}));
    assert_eq!(march(&mut l, F::HandedDown), (2, sorted([&replied, &waiting])));
    assert_eq!(march(&mut l, F::HandedDownReplied), (1, vec![replied]));
    let r = report(&mut l, "03-01", "03-31", &[]);
    assert_eq!(r.total.rate(RateKey::ReplyRate).unwrap().display, "50%");
    let april = report(&mut l, "04-01", "04-30", &[]);
    assert_eq!(april.total.rate(RateKey::ReplyRate).unwrap().display, "—", "none handed down: undefined");
}

#[test]
fn revisited_and_satisfied_count_revisits_up_to_the_report_day() {
    let mut l = township();
    let ids: Vec<String> = (1..=6).map(|d| case(&mut l, &format!("03-0{d}T09:00"))).collect();
    for id in &ids[..5] {
        handle(&mut l, id, "03-10");
    }
    revisit(&mut l, &ids[0], "03-20", "satisfied");
    revisit(&mut l, &ids[1], "03-20", "mostly_satisfied");
    revisit(&mut l, &ids[2], "03-20", "dissatisfied");
    // Satisfied in March, dissatisfied at the next revisit in April.
    revisit(&mut l, &ids[3], "03-21", "satisfied");
    revisit(&mut l, &ids[3], "04-10", "dissatisfied");
    // First revisited in April.
    revisit(&mut l, &ids[4], "04-02", "satisfied");
    assert_eq!(march(&mut l, F::Revisited), (4, sorted([&ids[0], &ids[1], &ids[2], &ids[3]])));
    assert_eq!(march(&mut l, F::Satisfied), (3, sorted([&ids[0], &ids[1], &ids[3]])));
    let r = report(&mut l, "03-01", "03-31", &[]);
    let revisit_rate = r.total.rate(RateKey::RevisitRate).unwrap();
    assert_eq!((revisit_rate.numerator, revisit_rate.denominator), (4, 5), "over the handled, not the received");
    let satisfaction = r.total.rate(RateKey::SatisfactionRate).unwrap();
    assert_eq!((satisfaction.numerator, satisfaction.denominator, satisfaction.display.as_str()), (3, 4, "75%"));
    // Up to April the latest word of the fourth is 不满意, and the fifth is revisited.
    let spring = report(&mut l, "03-01", "04-30", &[]).total;
    assert_eq!((spring.count(F::Revisited), spring.count(F::Satisfied)), (5, 3));
}

#[test]
fn repeat_visits_count_cases_with_one_in_the_period_once_each() {
    let mut l = township();
    let earlier = case(&mut l, "02-10T09:00");
    let april = case(&mut l, "03-10T09:00");
    let repeat = |l: &mut Ledger, of: &str, at: &str| {
        let v = json!({"channel": "visit", "received_at": format!("2026-{at}:00+08:00"),
            "petitioners": [{"name": "张某某"}], "category": "土地承包", "request": "再次反映", "received_by": ACTOR,
            "repeat_of": of});
        call(l, "visit_add", v);
    };
    repeat(&mut l, &earlier, "03-05T09:00");
    repeat(&mut l, &earlier, "03-25T09:00");
    repeat(&mut l, &april, "04-02T09:00");
    assert_eq!(march(&mut l, F::RepeatVisits), (1, vec![earlier.clone()]));
    let r = report(&mut l, "03-01", "03-31", &[]);
    assert_eq!(r.total.count(F::Received), 1, "the case received in February is not received again");
    assert_eq!(report(&mut l, "02-01", "04-30", &[]).total.count(F::RepeatVisits), 2);
}

#[test]
fn disputes_screened_resolved_and_in_progress_and_the_resolution_rate() {
    let mut l = township();
    let round = |l: &mut Ledger, on: &str, findings: &[&str]| -> Vec<String> {
        let f: Vec<Value> = findings.iter().map(|s| json!({"category": "邻里纠纷", "summary": s})).collect();
        let v = call(
            l,
            "screening_add",
            json!({"held_on": format!("2026-{on}"), "scope": "village", "scope_name": "石岩哨村",
                "screened_by": ACTOR, "nothing_found": f.is_empty(), "findings": f}),
        );
        v["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_owned()).collect()
    };
    round(&mut l, "02-27", &["二月的纠纷"]);
    round(&mut l, "03-03", &[]);
    let found = round(&mut l, "03-06", &["化解于三月", "化解于四月", "转为信访事项并结案", "转为信访事项未结案"]);
    let resolve = |l: &mut Ledger, id: &str, on: &str| {
        call(l, "finding_resolve", json!({"id": id, "on": format!("2026-{on}")}));
    };
    resolve(&mut l, &found[0], "03-20");
    resolve(&mut l, &found[1], "04-02");
    for (i, id) in found[2..].iter().enumerate() {
        let v = json!({"channel": "door_to_door", "received_at": "2026-03-07T09:00:00+08:00",
            "petitioners": [{"name": "王某"}], "category": "邻里纠纷", "request": format!("纠纷{i}"), "received_by": ACTOR});
        let case =
            call(&mut l, "finding_to_case", json!({"id": id, "visit": v}))["case_id"].as_str().unwrap().to_owned();
        handle(&mut l, &case, "03-08");
        if i == 0 {
            step(&mut l, &case, json!({"action": "close", "outcome": "resolved"}), "03-09");
        }
    }
    assert_eq!(march(&mut l, F::DisputesScreened), (4, sorted([&found[0], &found[1], &found[2], &found[3]])));
    assert_eq!(march(&mut l, F::DisputesResolved), (2, sorted([&found[0], &found[2]])));
    assert_eq!(march(&mut l, F::DisputesInProgress), (2, sorted([&found[1], &found[3]])));
    let rate = report(&mut l, "03-01", "03-31", &[]).total.rate(RateKey::ResolutionRate).cloned().unwrap();
    assert_eq!((rate.numerator, rate.denominator, rate.display.as_str()), (2, 4, "50%"));
    assert_eq!(report(&mut l, "03-01", "04-30", &[]).total.count(F::DisputesResolved), 3);
}

#[test]
fn a_village_scope_counts_only_that_village_and_shows_it_even_when_empty() {
    let mut l = township();
    let a = case_in(&mut l, "03-02T09:00", "visit", "石岩哨村", "土地承包");
    case_in(&mut l, "03-02T10:00", "visit", "上坝村", "土地承包");
    for (scope, name) in [("village", "石岩哨村"), ("village", "上坝村"), ("township", "路居镇")] {
        call(
            &mut l,
            "screening_add",
            json!({"held_on": "2026-03-03", "scope": scope, "scope_name": name, "screened_by": ACTOR,
                "findings": [{"category": "邻里纠纷", "summary": format!("{name}的纠纷")}]}),
        );
    }
    call(
        &mut l,
        "screening_add",
        json!({"held_on": "2026-03-03", "scope": "village", "scope_name": "中坝村", "screened_by": ACTOR,
            "nothing_found": true}),
    );
    let r = report(&mut l, "03-01", "03-31", &["石岩哨村"]);
    assert_eq!((r.total.count(F::Received), r.total.count(F::DisputesScreened)), (1, 1));
    assert_eq!(r.scope_label, "石岩哨村");
    let q =
        json!({"query": {"from": "2026-03-01", "to": "2026-03-31", "villages": ["石岩哨村"]}, "figure": "received"});
    assert_eq!(call(&mut l, "report_cases", q)["ids"], json!([a]));
    let both = report(&mut l, "03-01", "03-31", &["中坝村", "石岩哨村"]);
    let keys: Vec<&str> = both.by_village.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["中坝村", "石岩哨村"], "a village asked for is shown even with nothing in it");
    // The whole township: the township-wide round has no village.
    let all = report(&mut l, "03-01", "03-31", &[]);
    assert_eq!((all.total.count(F::Received), all.total.count(F::DisputesScreened)), (2, 3));
    let keys: Vec<&str> = all.by_village.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["上坝村", "石岩哨村", super::tally::NO_VILLAGE]);
}

#[test]
fn a_group_round_belongs_to_the_village_that_recorded_it() {
    let mut l = ledger_as("village", "石岩哨村");
    call(
        &mut l,
        "screening_add",
        json!({"held_on": "2026-03-03", "scope": "group", "scope_name": "大营头组", "screened_by": ACTOR,
            "nothing_found": false, "findings": [{"category": "邻里纠纷", "summary": "排水纠纷"}]}),
    );
    let r = report(&mut l, "03-01", "03-31", &["石岩哨村"]);
    assert_eq!(r.total.count(F::DisputesScreened), 1);
}

#[test]
fn breakdowns_add_up_and_every_month_of_the_period_is_shown() {
    let mut l = township();
    case_in(&mut l, "01-05T09:00", "visit", "石岩哨村", "土地承包");
    let march_case = case_in(&mut l, "03-05T09:00", "letter", "上坝村", "民政救助");
    handle(&mut l, &march_case, "03-06");
    case_in(&mut l, "03-06T09:00", "visit", "上坝村", "土地承包");
    let r = report(&mut l, "01-01", "04-30", &[]);
    let months: Vec<(&str, u32)> = r.by_month.iter().map(|g| (g.key.as_str(), g.tally.count(F::Received))).collect();
    assert_eq!(months, [("2026-01", 1), ("2026-02", 0), ("2026-03", 2), ("2026-04", 0)]);
    for d in Breakdown::ALL {
        for figure in F::ALL {
            let sum: u32 = r.breakdown(d).iter().map(|g| g.tally.count(figure)).sum();
            assert_eq!(sum, r.total.count(figure), "{d:?} {figure:?}");
        }
    }
    let category: Vec<(&str, u32)> =
        r.by_category.iter().map(|g| (g.key.as_str(), g.tally.count(F::Received))).collect();
    assert_eq!(category, [("土地承包", 2), ("民政救助", 1)]);
    let upper = r.by_village.iter().find(|g| g.key == "上坝村").unwrap();
    assert_eq!(upper.tally.rate(RateKey::HandledRate).unwrap().display, "50%");
    // A drill-down into one group lists exactly that group's records.
    let q = json!({"query": {"from": "2026-01-01", "to": "2026-04-30"}, "figure": "handled",
        "group": {"breakdown": "month", "key": "2026-03"}});
    assert_eq!(call(&mut l, "report_cases", q)["ids"], json!([march_case]));
    let q = json!({"query": {"from": "2026-01-01", "to": "2026-04-30"}, "figure": "handled",
        "group": {"breakdown": "village", "key": "石岩哨村"}});
    assert_eq!(call(&mut l, "report_cases", q)["ids"], json!([]));
}

#[test]
fn a_bad_question_is_refused_in_chinese_beside_its_field() {
    let mut l = township();
    case(&mut l, "03-02T09:00");
    let refuse = |l: &mut Ledger, q: Value| dispatch(l, "report_show", q).unwrap_err();
    let e = refuse(&mut l, json!({"from": "2026-02-30", "to": "2026-03-31"}));
    assert_eq!((e.field(), e.to_string().contains("不是有效日期")), (Some("from"), true), "{e}");
    let e = refuse(&mut l, json!({"from": "2026-04-01", "to": "2026-03-31"}));
    assert_eq!(e.field(), Some("to"));
    assert!(e.to_string().contains("早于开始日期"), "{e}");
    let e = refuse(&mut l, json!({"from": "2026-03-01", "to": "2026-03-31", "villages": ["石岩哨村", "石岩村"]}));
    assert_eq!(e.field(), Some("villages[1]"));
    assert!(e.to_string().contains("台账中没有“石岩村”") && e.to_string().contains("石岩哨村"), "{e}");
}

#[test]
fn the_breakdowns_are_listed_in_declaration_order() {
    for (i, d) in Breakdown::ALL.iter().enumerate() {
        assert_eq!(*d as usize, i, "tally indexes its breakdowns by their order");
    }
}

#[test]
fn a_drill_down_lists_the_counted_cases_and_disputes_as_rows_in_the_ids_order() {
    let mut l = township();
    let a = case_in(&mut l, "03-02T09:00", "letter", "石岩哨村", "土地承包");
    let b = case_in(&mut l, "03-05T09:00", "visit", "上坝村", "婚姻家庭");
    handle(&mut l, &b, "03-06");
    let q = json!({"query": {"from": "2026-03-01", "to": "2026-03-31"}, "figure": "received"});
    let got = call(&mut l, "report_cases", q);
    assert_eq!(got["ids"], json!([a, b]));
    let rows: Vec<(String, String)> = got["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap().to_owned(), c["village"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(rows, [(a, "石岩哨村".to_owned()), (b, "上坝村".to_owned())]);
    assert_eq!(got["findings"], json!([]));

    call(
        &mut l,
        "screening_add",
        json!({"held_on": "2026-03-10", "scope": "village", "scope_name": "上坝村", "screened_by": ACTOR,
            "nothing_found": false, "findings": [{"category": "邻里纠纷", "summary": "排水沟堵塞引起的邻里纠纷"}]}),
    );
    let q = json!({"query": {"from": "2026-03-01", "to": "2026-03-31"}, "figure": "disputes_screened"});
    let got = call(&mut l, "report_cases", q);
    assert_eq!(got["unit"], "finding");
    assert_eq!(got["cases"], json!([]));
    assert_eq!(got["findings"][0]["summary"], "排水沟堵塞引起的邻里纠纷");
    assert_eq!(got["findings"][0]["id"], got["ids"][0]);
}

#[test]
fn each_village_shows_its_devices_and_the_days_since_its_last_bundle() {
    use crate::store::device::Role;
    use crate::store::peers::{self, BundleIn, Peer};
    let mut l = township();
    case_in(&mut l, "03-02T09:00", "letter", "石岩哨村", "土地承包");
    let conn = l.store.writable();
    let peer = |id: &str, name: &str, key: &str| Peer {
        device_id: id.to_owned(),
        role: Role::Village,
        name: name.to_owned(),
        signing_key: key.to_owned(),
        age_recipient: format!("age1{key}"),
        fingerprint: key.to_owned(),
        enrolled_at: "2026-06-01T08:00:00+08:00".to_owned(),
        enrolled_by: ACTOR.to_owned(),
        revoked_at: None,
        revoke_reason: None,
        acked_seq: 0,
        returns_sent: 0,
        returns_received: 0,
    };
    peers::enrol(conn, &peer("d1", "上坝村", "k1")).unwrap();
    peers::enrol(conn, &peer("d2", "上坝村", "k2")).unwrap();
    peers::enrol(conn, &peer("d3", "兰田村", "k3")).unwrap();
    let bundle = |id: &str, from: &str, at: &str| BundleIn {
        bundle_id: id.to_owned(),
        from_device: from.to_owned(),
        first_seq: 1,
        last_seq: 1,
        new_entries: 1,
        created_at: at.to_owned(),
        imported_at: at.to_owned(),
    };
    // The later of two devices' bundles counts; 23:30 UTC on 6 July is 7 July in China.
    peers::record_bundle_in(conn, &bundle("b1", "d1", "2026-07-01T10:00:00+08:00")).unwrap();
    peers::record_bundle_in(conn, &bundle("b2", "d2", "2026-07-06T23:30:00Z")).unwrap();

    let got = call(&mut l, "report_villages", json!({}));
    let rows: Vec<(String, u64, Value)> = got
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (v["village"].as_str().unwrap().to_owned(), v["devices"].as_u64().unwrap(), v["days_since_bundle"].clone())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("上坝村".to_owned(), 2, json!(3)),
            ("兰田村".to_owned(), 1, Value::Null),
            ("石岩哨村".to_owned(), 0, Value::Null),
        ]
    );
}

//! The liaison's desk through the command layer on a real SQLite ledger:
//! mediation agreements (draft → signed → corrected), revisits, screening
//! rounds, the agenda, repeat-visit detection, people and drafts. Every
//! refusal is checked to leave the ledger exactly as it was.

use crate::common;

use common::{call, dump, ledger_at, visit};
use serde_json::{Value, json};
use xinfang_core::{Ledger, dispatch};

const TODAY: &str = "2026-05-06T09:00:00+08:00";

fn case_with_parties(l: &mut Ledger) -> (Value, Vec<Value>) {
    let added = call(l, "visit_add", visit("张某某", Some("11010519491231002X"), "反映邻居在承包地内葬坟"));
    let case_id = added["case_id"].clone();
    call(
        l,
        "case_transition",
        json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-03-05", "actor": "李某"}),
    );
    let detail = call(l, "case_show", json!({"id": case_id}));
    let first = detail["people"][0]["id"].clone();
    let other = call(l, "person_add", json!({"name": "王某", "village": "石岩哨村"}))["id"].clone();
    (case_id, vec![first, other])
}

fn content(parties: &[Value]) -> Value {
    json!({"party_ids": parties, "facts": "王某在张某某承包地内安葬亲属，双方发生争议。",
        "responsibilities": "王某未经同意占用他人承包地。", "terms": ["王某一次性补偿张某某土地款2600元。"],
        "performance": "签订协议之日当场付清。", "copies": 3, "mediators": ["杨某"], "recorder": "李某"})
}

fn refused(l: &mut Ledger, name: &str, args: Value) -> xinfang_core::Error {
    let before = dump(l);
    let e = dispatch(l, name, args).expect_err("should be refused");
    assert_eq!(dump(l), before, "{name} refused but changed the ledger");
    e
}

#[test]
fn an_agreement_is_drafted_signed_locked_and_corrected_with_both_versions_kept() {
    let mut l = ledger_at(TODAY);
    let (case_id, parties) = case_with_parties(&mut l);
    // A draft may be incomplete; signing says what is missing.
    let mut partial = content(&parties[..1]);
    partial["terms"] = json!([]);
    let v1 = call(
        &mut l,
        "agreement_draft",
        json!({"case_id": case_id, "form": "written", "content": partial,
        "actor": "杨某"}),
    );
    let id = v1["agreement"]["id"].clone();
    assert_eq!(v1["agreement"]["status"], "draft");
    assert_eq!(v1["status_label"], "草稿");
    let e = refused(&mut l, "agreement_sign", json!({"id": id, "actor": "杨某"}));
    assert_eq!(e.field(), Some("party_ids"));
    // Only one live agreement per case.
    let e = refused(
        &mut l,
        "agreement_draft",
        json!({"case_id": case_id, "form": "oral", "content": content(&parties), "actor": "杨某"}),
    );
    assert_eq!(e.kind(), "refused");
    // A party who is not on file is refused beside the party field.
    let mut ghost = content(&parties);
    ghost["party_ids"][1] = json!("no-such-person");
    let e = refused(&mut l, "agreement_edit", json!({"id": id, "form": "written", "content": ghost}));
    assert_eq!(e.field(), Some("party_ids[1]"));

    call(&mut l, "agreement_edit", json!({"id": id, "form": "written", "content": content(&parties)}));
    let signed = call(&mut l, "agreement_sign", json!({"id": id, "signed_on": "2026-05-04", "actor": "杨某"}));
    assert_eq!(signed["agreement"]["status"], "signed");
    assert_eq!(signed["agreement"]["number"], "（2026）石岩哨村人调字第1号");
    assert_eq!(signed["parties"][1]["name"], "王某");

    // Signed means locked.
    let e = refused(&mut l, "agreement_edit", json!({"id": id, "form": "written", "content": content(&parties)}));
    assert_eq!(e.kind(), "refused");
    assert!(e.to_string().contains("更正协议"), "{e}");
    let e = refused(&mut l, "agreement_correct", json!({"id": id, "reason": " ", "actor": "杨某"}));
    assert_eq!(e.field(), Some("reason"));

    let v2 =
        call(&mut l, "agreement_correct", json!({"id": id, "reason": "补偿金额笔误，应为2800元", "actor": "杨某"}));
    let v2_id = v2["agreement"]["id"].clone();
    assert_eq!(v2["agreement"]["version"], 2);
    assert_eq!(v2["agreement"]["supersedes_id"], id);
    assert_eq!(v2["agreement"]["number"], "（2026）石岩哨村人调字第1号");
    // Until the correction is signed, the first version is still the one in force.
    assert_eq!(call(&mut l, "agreement_show", json!({"id": id}))["agreement"]["status"], "signed");
    let e = refused(&mut l, "agreement_correct", json!({"id": id, "reason": "再改", "actor": "杨某"}));
    assert!(e.to_string().contains("第2版草稿"), "{e}");

    let mut fixed = content(&parties);
    fixed["terms"] = json!(["王某一次性补偿张某某土地款2800元。"]);
    call(&mut l, "agreement_edit", json!({"id": v2_id, "form": "written", "content": fixed}));
    let e = refused(&mut l, "agreement_sign", json!({"id": v2_id, "signed_on": "2026-05-03", "actor": "杨某"}));
    assert_eq!(e.field(), Some("signed_on"), "a correction cannot predate what it corrects");
    // Paper signed on 5 May, typed in on 6 May: the ledger keeps the paper's date.
    call(&mut l, "agreement_sign", json!({"id": v2_id, "signed_on": "2026-05-05", "actor": "杨某"}));

    let detail = call(&mut l, "case_show", json!({"id": case_id}));
    let versions: Vec<(u64, &str)> = detail["agreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["agreement"]["version"].as_u64().unwrap(), a["agreement"]["status"].as_str().unwrap()))
        .collect();
    assert_eq!(versions, [(1, "superseded"), (2, "signed")]);
    assert_eq!(detail["agreements"][0]["agreement"]["content"]["terms"][0], "王某一次性补偿张某某土地款2600元。");
    let actions: Vec<&str> =
        detail["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    // The timeline is in the order things happened on paper.
    assert_eq!(
        actions,
        ["register", "settle_on_spot", "agreement_sign", "agreement_sign", "agreement_draft", "agreement_correct"]
    );
    // The mediation deadline is met by the first signing; the court-confirmation
    // window runs from the signing of the version in force.
    let rule = |r: &str| detail["deadlines"].as_array().unwrap().iter().find(|d| d["rule"] == r).cloned();
    assert_eq!(rule("mediation").unwrap()["state"], "met");
    assert_eq!(rule("court_confirmation").unwrap()["due_on"], "2026-06-04");
    let e = refused(&mut l, "agreement_edit", json!({"id": id, "form": "written", "content": content(&parties)}));
    assert!(e.to_string().contains("已被更正"), "{e}");
}

#[test]
fn a_print_is_recorded_only_for_the_content_in_the_ledger_and_each_version_has_its_fingerprint() {
    let mut l = ledger_at(TODAY);
    let (case_id, parties) = case_with_parties(&mut l);
    let draft = call(
        &mut l,
        "agreement_draft",
        json!({"case_id": case_id, "form": "written", "content": content(&parties), "actor": "杨某"}),
    );
    let id = draft["agreement"]["id"].clone();
    let draft_fp = draft["fingerprint"].as_str().unwrap().to_owned();
    assert_eq!(draft["prints"], json!([]));
    // A draft printed for the parties to read, then edited: the old preview
    // can no longer be recorded as printed.
    let printed =
        call(&mut l, "agreement_printed", json!({"id": id, "fingerprint": draft_fp, "medium": "pdf", "actor": "杨某"}));
    assert_eq!(printed["prints"][0]["fingerprint"], draft_fp.as_str());
    assert_eq!(printed["prints"][0]["version"], 1);
    assert_eq!(printed["prints"][0]["number"], Value::Null);
    let mut changed = content(&parties);
    changed["terms"] = json!(["王某一次性补偿张某某土地款2700元。"]);
    let edited = call(&mut l, "agreement_edit", json!({"id": id, "form": "written", "content": changed}));
    assert_ne!(edited["fingerprint"], draft_fp.as_str(), "an edit changes the fingerprint");
    let e = refused(
        &mut l,
        "agreement_printed",
        json!({"id": id, "fingerprint": draft_fp, "medium": "paper", "actor": "杨某"}),
    );
    assert_eq!(e.kind(), "refused");
    assert!(e.to_string().contains("请重新预览后再打印"), "{e}");
    assert!(e.to_string().contains(&draft_fp), "{e}");

    // Signing numbers and dates it, so the signed paper has its own fingerprint.
    let signed = call(&mut l, "agreement_sign", json!({"id": id, "signed_on": "2026-05-04", "actor": "杨某"}));
    let signed_fp = signed["fingerprint"].as_str().unwrap().to_owned();
    assert_ne!(signed_fp, edited["fingerprint"].as_str().unwrap());
    let printed = call(
        &mut l,
        "agreement_printed",
        json!({"id": id, "fingerprint": signed_fp, "medium": "paper", "actor": "李某"}),
    );
    let prints = printed["prints"].as_array().unwrap();
    assert_eq!(prints.len(), 2, "both prints are kept, the draft's and the signed one's");
    assert_eq!(prints[1]["number"], "（2026）石岩哨村人调字第1号");
    assert_eq!(prints[1]["printed_by"], "李某");
    assert_eq!(prints[1]["medium"], "paper");
    // The signed version is locked, so its fingerprint never moves; a
    // correction is another version with another fingerprint.
    assert_eq!(call(&mut l, "agreement_show", json!({"id": id}))["fingerprint"], signed_fp.as_str());
    let v2 = call(&mut l, "agreement_correct", json!({"id": id, "reason": "金额笔误", "actor": "杨某"}));
    assert_ne!(v2["fingerprint"], signed_fp.as_str());
    assert_eq!(v2["prints"], json!([]));
    let e = refused(
        &mut l,
        "agreement_printed",
        json!({"id": v2["agreement"]["id"], "fingerprint": signed_fp, "medium": "paper", "actor": "杨某"}),
    );
    assert_eq!(e.kind(), "refused");
}

#[test]
fn an_oral_agreement_needs_no_copies_and_gets_no_number_and_numbers_count_per_year() {
    let mut l = ledger_at(TODAY);
    let (case_id, parties) = case_with_parties(&mut l);
    let mut oral = content(&parties);
    oral["copies"] = json!(0);
    oral["performance"] = json!("");
    let a =
        call(&mut l, "agreement_draft", json!({"case_id": case_id, "form": "oral", "content": oral, "actor": "杨某"}));
    let a = call(&mut l, "agreement_sign", json!({"id": a["agreement"]["id"], "actor": "杨某"}));
    assert_eq!(a["agreement"]["number"], Value::Null);
    assert_eq!(a["agreement"]["signed_on"], "2026-05-06");
    let detail = call(&mut l, "case_show", json!({"id": case_id}));
    assert_eq!(detail["events"].as_array().unwrap().last().unwrap()["note"], "口头协议");

    let (second, parties) = case_with_parties(&mut l);
    let mut written = content(&parties);
    written["copies"] = json!(2);
    let w = call(
        &mut l,
        "agreement_draft",
        json!({"case_id": second, "form": "written", "content": written,
        "actor": "杨某"}),
    );
    let e = refused(&mut l, "agreement_sign", json!({"id": w["agreement"]["id"], "actor": "杨某"}));
    assert_eq!(e.field(), Some("copies"));
    written["copies"] = json!(3);
    call(&mut l, "agreement_edit", json!({"id": w["agreement"]["id"], "form": "written", "content": written}));
    let w = call(&mut l, "agreement_sign", json!({"id": w["agreement"]["id"], "actor": "杨某"}));
    assert_eq!(w["agreement"]["number"], "（2026）石岩哨村人调字第1号", "oral agreements take no number");
}

#[test]
fn a_revisit_is_recorded_with_its_details_and_sets_the_next_one() {
    let mut l = ledger_at(TODAY);
    let (case_id, parties) = case_with_parties(&mut l);
    let a = call(
        &mut l,
        "agreement_draft",
        json!({"case_id": case_id, "form": "written", "content": content(&parties),
        "actor": "杨某"}),
    );
    let agreement_id = a["agreement"]["id"].clone();
    let revisit = json!({"case_id": case_id, "agreement_id": agreement_id, "visited_on": "2026-05-06",
        "method": "in_person", "visitor": "李某", "visitee": "张某某", "performance": "补偿款已当场付清",
        "satisfaction": "satisfied", "stopped": true, "next_due_on": "2026-06-06"});
    // Only a signed agreement's performance can be checked.
    let e = refused(&mut l, "revisit_add", revisit.clone());
    assert_eq!(e.field(), Some("agreement_id"));
    call(&mut l, "agreement_sign", json!({"id": agreement_id, "signed_on": "2026-05-05", "actor": "杨某"}));
    let mut bad = revisit.clone();
    bad["next_due_on"] = json!("2026-05-06");
    assert_eq!(refused(&mut l, "revisit_add", bad).field(), Some("next_due_on"));
    let mut bad = revisit.clone();
    bad["visitee"] = json!("");
    assert_eq!(refused(&mut l, "revisit_add", bad).field(), Some("visitee"));

    let d = call(&mut l, "revisit_add", revisit);
    assert_eq!(d["case"]["step"], "revisited");
    assert_eq!(d["case"]["revisited_on"], "2026-05-06");
    assert_eq!(d["revisits"][0]["performance"], "补偿款已当场付清");
    assert_eq!(d["revisits"][0]["stopped"], true);
    let next = d["deadlines"].as_array().unwrap().iter().rfind(|x| x["rule"] == "revisit").unwrap().clone();
    assert_eq!((next["due_on"].as_str(), next["state"].as_str()), (Some("2026-06-06"), Some("pending")));
}

#[test]
fn screening_rounds_record_zero_reports_and_findings_that_become_cases() {
    let mut l = ledger_at(TODAY);
    let page = call(&mut l, "screening_list", json!({}));
    assert_eq!(page["rounds"].as_array().unwrap().len(), 0);
    let round = |nothing: bool, findings: Value| {
        json!({"held_on": "2026-05-06", "scope": "village", "scope_name": "石岩哨村", "screened_by": "李某",
               "nothing_found": nothing, "findings": findings})
    };
    let e = refused(&mut l, "screening_add", round(false, json!([])));
    assert_eq!(e.field(), Some("findings"));
    let e = refused(&mut l, "screening_add", round(true, json!([{"category": "邻里纠纷", "summary": "x"}])));
    assert_eq!(e.field(), Some("findings"));
    let e = refused(&mut l, "screening_add", round(false, json!([{"category": "邻里纠纷", "summary": " "}])));
    assert_eq!(e.field(), Some("findings[0].summary"));

    let zero = call(&mut l, "screening_add", round(true, json!([])));
    assert_eq!(zero["round"]["nothing_found"], true);
    let found = call(
        &mut l,
        "screening_add",
        round(
            false,
            json!([{"category": "邻里纠纷", "summary": "两户因排水沟堵塞发生争执", "parties": "赵某、钱某"},
                   {"category": "婚姻家庭", "summary": "夫妻因赡养老人发生矛盾"}]),
        ),
    );
    let [first, second] = [&found["findings"][0], &found["findings"][1]];
    assert_eq!(first["status"], "in_progress");
    let resolved = call(&mut l, "finding_resolve", json!({"id": second["id"]}));
    assert_eq!(resolved["findings"][1]["status"], "resolved");
    assert_eq!(resolved["findings"][1]["resolved_on"], "2026-05-06");
    assert_eq!(refused(&mut l, "finding_resolve", json!({"id": second["id"]})).kind(), "refused");

    let mut v = visit("赵某", None, "两户因排水沟堵塞发生争执，要求调解");
    v["channel"] = json!("door_to_door");
    v["received_at"] = json!("2026-05-06T08:30:00+08:00");
    let added = call(&mut l, "finding_to_case", json!({"id": first["id"], "visit": v}));
    let page = call(&mut l, "screening_list", json!({"from": "2026-05-01"}));
    let became = &page["rounds"][0]["findings"][0];
    assert_eq!((became["status"].as_str(), &became["case_id"]), (Some("became_case"), &added["case_id"]));
    assert_eq!(refused(&mut l, "finding_to_case", json!({"id": first["id"], "visit": v})).kind(), "refused");
    // The next round is due three days after the last one.
    assert_eq!(page["next_due"]["due_on"], "2026-05-09");
    assert_eq!(page["next_due"]["rule"], "village_screening");
}

#[test]
fn the_agenda_lists_what_is_due_with_its_rule_and_nothing_that_is_done() {
    let mut l = ledger_at("2026-03-10T10:00:00+08:00");
    // Received 2 March: handled by 1 May (60 days).
    let overdue = call(&mut l, "visit_add", visit("张某某", None, "反映承包地被占用"))["case_id"].clone();
    // Handled on 5 March: revisit due by 20 March.
    let handled = call(&mut l, "visit_add", visit("王某", None, "反映低保评定不公"))["case_id"].clone();
    call(
        &mut l,
        "case_transition",
        json!({"id": handled, "transition": {"action": "settle_on_spot"}, "on": "2026-03-05", "actor": "李某"}),
    );
    // Done and revisited: never on the agenda.
    let done = call(&mut l, "visit_add", visit("赵某", None, "反映道路积水"))["case_id"].clone();
    call(
        &mut l,
        "case_transition",
        json!({"id": done, "transition": {"action": "settle_on_spot"}, "on": "2026-03-05",
        "actor": "李某"}),
    );
    call(
        &mut l,
        "revisit_add",
        json!({"case_id": done, "visited_on": "2026-03-06", "method": "phone", "visitor": "李某",
        "visitee": "赵某", "satisfaction": "satisfied"}),
    );
    call(
        &mut l,
        "case_transition",
        json!({"id": done, "transition": {"action": "close", "outcome": "resolved"},
        "on": "2026-03-06", "actor": "李某"}),
    );
    call(
        &mut l,
        "screening_add",
        json!({"held_on": "2026-03-10", "scope": "village", "scope_name": "石岩哨村",
        "screened_by": "李某", "nothing_found": true}),
    );

    // On 10 March: only the accept limits (due 17 March) are not yet near.
    let agenda = call(&mut l, "today", json!({}));
    assert_eq!(agenda["items"].as_array().unwrap().len(), 0, "{agenda}");

    // On 3 May the first case is past its handling limit and the second past
    // its revisit limit; the screening round is overdue too.
    l.clock = common::at("2026-05-03T09:00:00+08:00");
    let agenda = call(&mut l, "today", json!({}));
    let items: Vec<(Option<&str>, &str, &str)> = agenda["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (i["case_id"].as_str(), i["deadline"]["rule"].as_str().unwrap(), i["deadline"]["state"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        items,
        [
            (None, "village_screening", "overdue"),
            (overdue.as_str(), "accept", "overdue"),
            (handled.as_str(), "revisit", "overdue"),
            (overdue.as_str(), "handle", "overdue"),
        ],
        "the longest overdue first"
    );
    let handle = &agenda["items"][3];
    assert_eq!(handle["deadline"]["title"], "办结期限");
    assert!(handle["deadline"]["basis"].as_str().unwrap().contains("60日"));
    assert_eq!(handle["petitioners"], json!(["张某某"]));
    assert_eq!(agenda["items"][2]["petitioners"], json!(["王某"]), "each item names its own case's petitioners");
    assert_eq!(agenda["overdue"], 4);

    // The revisit done, a next one set for 5 May: it shows as due soon.
    call(
        &mut l,
        "revisit_add",
        json!({"case_id": handled, "visited_on": "2026-05-03", "method": "in_person",
        "visitor": "李某", "visitee": "王某", "satisfaction": "mostly_satisfied", "next_due_on": "2026-05-05"}),
    );
    let agenda = call(&mut l, "today", json!({}));
    let revisit = agenda["items"].as_array().unwrap().iter().find(|i| i["case_id"] == handled).unwrap();
    assert_eq!(
        (revisit["deadline"]["rule"].as_str(), revisit["deadline"]["state"].as_str()),
        (Some("revisit"), Some("due_soon"))
    );
    assert_eq!(revisit["deadline"]["due_on"], "2026-05-05");
}

#[test]
fn a_long_agenda_lists_the_most_urgent_and_counts_them_all() {
    let mut l = ledger_at("2026-03-10T10:00:00+08:00");
    for i in 0..105 {
        call(&mut l, "visit_add", visit(&format!("信访人{i}"), None, "反映承包地被占用"));
    }
    // On 3 May every one is past its accept and its handling limit.
    l.clock = common::at("2026-05-03T09:00:00+08:00");
    let agenda = call(&mut l, "today", json!({}));
    let items = agenda["items"].as_array().unwrap();
    assert_eq!(items.len(), xinfang_core::commands::MAX_AGENDA_ITEMS);
    assert_eq!(
        (agenda["total"].as_u64(), agenda["overdue"].as_u64()),
        (Some(211), Some(211)),
        "105 × 2 and the screening round"
    );
    assert!(items.iter().all(|i| i["case_id"].is_null() || i["petitioners"].as_array().unwrap().len() == 1));
}

#[test]
fn the_agenda_shows_a_mediation_past_a_month_and_a_closing_court_confirmation_window() {
    let mut l = ledger_at("2026-03-10T10:00:00+08:00");
    let (case_id, parties) = case_with_parties(&mut l);
    let a = call(
        &mut l,
        "agreement_draft",
        json!({"case_id": case_id, "form": "written", "content": content(&parties),
        "actor": "杨某"}),
    );
    l.clock = common::at("2026-04-12T09:00:00+08:00");
    let rules = |l: &mut Ledger| -> Vec<String> {
        call(l, "today", json!({}))["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["case_id"] == case_id)
            .map(|i| {
                format!("{}:{}", i["deadline"]["rule"].as_str().unwrap(), i["deadline"]["state"].as_str().unwrap())
            })
            .collect()
    };
    // Settled on 5 March, so the revisit is overdue too; the mediation draft
    // was begun on 10 March and a month has passed.
    assert_eq!(rules(&mut l), ["revisit:overdue", "mediation:overdue"]);
    call(&mut l, "agreement_sign", json!({"id": a["agreement"]["id"], "signed_on": "2026-04-12", "actor": "杨某"}));
    assert_eq!(rules(&mut l), ["revisit:overdue"]);
    // Signed 12 April: the 30-day window closes 12 May and shows from 5 May.
    l.clock = common::at("2026-05-06T09:00:00+08:00");
    assert_eq!(rules(&mut l), ["revisit:overdue", "court_confirmation:pending"]);
    l.clock = common::at("2026-05-13T09:00:00+08:00");
    assert_eq!(rules(&mut l), ["revisit:overdue"], "the window has closed; it is not a duty left undone");
}

#[test]
fn a_likely_repeat_visit_is_pointed_out_by_person_and_by_request() {
    let mut l = ledger_at(TODAY);
    let first =
        call(&mut l, "visit_add", visit("张某某", Some("11010519491231002X"), "反映承包地被他人占用葬坟，要求处理。"));
    call(&mut l, "visit_add", visit("王某", None, "反映低保评定不公，要求重新评定。"));
    let similar = |l: &mut Ledger, p: Value, request: &str| -> Vec<(String, Vec<String>)> {
        call(l, "visit_similar", json!({"petitioners": [p], "request": request}))
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let reasons = c["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_owned()).collect();
                (c["case_id"].as_str().unwrap().to_owned(), reasons)
            })
            .collect()
    };
    let id = first["case_id"].as_str().unwrap().to_owned();
    // Same ID number, different words.
    let by_id = similar(&mut l, json!({"name": "张某", "id_number": "11010519491231002x"}), "还是那块地的事");
    assert_eq!(by_id, [(id.clone(), vec!["同一信访人（身份证号码相同）".to_owned()])]);
    // Someone else, much the same request.
    let by_request = similar(&mut l, json!({"name": "李某"}), "再次反映承包地被他人占用葬坟的问题，要求尽快处理");
    assert_eq!(by_request.len(), 1);
    assert_eq!(by_request[0].0, id);
    assert!(by_request[0].1[0].starts_with("诉求相似（"), "{by_request:?}");
    // Same name only.
    let by_name = similar(&mut l, json!({"name": "王某"}), "修路");
    assert_eq!(by_name[0].1, ["同名信访人（王某）"]);
    // Nothing alike.
    assert!(similar(&mut l, json!({"name": "孙某"}), "反映道路积水").is_empty());
    // A voided case is never suggested.
    call(&mut l, "case_void", json!({"id": id, "reason": "重复登记", "actor": "李某"}));
    assert!(similar(&mut l, json!({"name": "张某", "id_number": "11010519491231002X"}), "葬坟").is_empty());
}

#[test]
fn an_existing_person_is_found_and_linked_and_a_conflicting_id_number_is_refused() {
    let mut l = ledger_at(TODAY);
    call(&mut l, "visit_add", visit("张某某", Some("11010519491231002X"), "反映承包地被占用"));
    let found = call(&mut l, "person_find", json!({"text": "某某"}));
    assert_eq!(found[0]["name"], "张某某");
    assert_eq!(found[0]["id_number_masked"], "110105********002X");
    assert!(found[0].get("id_number").is_none());
    assert_eq!(call(&mut l, "person_find", json!({"text": "11010519491231002x"}))[0]["name"], "张某某");
    assert_eq!(call(&mut l, "person_find", json!({"text": "%"})).as_array().unwrap().len(), 0, "LIKE is literal");
    let person_id = found[0]["id"].clone();

    let mut v = visit("张某某", None, "反映道路积水");
    v["petitioners"][0]["person_id"] = person_id.clone();
    let added = call(&mut l, "visit_add", v.clone());
    let d = call(&mut l, "case_show", json!({"id": added["case_id"]}));
    assert_eq!(d["visits"][0]["petitioners"][0]["id"], person_id);

    v["petitioners"][0]["id_number"] = json!("110105194912310021");
    let e = refused(&mut l, "visit_add", v);
    assert_eq!(e.field(), Some("petitioners[0].id_number"));
}

#[test]
fn the_ledger_filters_overdue_cases_and_groups_and_sorts_both_ways() {
    let mut l = ledger_at("2026-05-06T09:00:00+08:00");
    let old = call(&mut l, "visit_add", visit("张某某", None, "早先的一件"))["case_id"].clone();
    let mut recent = visit("王某", None, "新近的一件");
    recent["received_at"] = json!("2026-05-05T09:00:00+08:00");
    recent["petitioners"][0]["group"] = json!("三组");
    let recent = call(&mut l, "visit_add", recent)["case_id"].clone();
    let ids = |l: &mut Ledger, q: Value| -> Vec<Value> {
        call(l, "case_list", q)["items"].as_array().unwrap().iter().map(|c| c["id"].clone()).collect()
    };
    assert_eq!(ids(&mut l, json!({"overdue": true})), std::slice::from_ref(&old));
    assert_eq!(ids(&mut l, json!({"group": "三组"})), std::slice::from_ref(&recent));
    assert_eq!(ids(&mut l, json!({})), [recent.clone(), old.clone()]);
    assert_eq!(ids(&mut l, json!({"sort": "received_asc"})), [old.clone(), recent.clone()]);
    let page = call(&mut l, "case_list", json!({}));
    assert_eq!(
        (page["items"][0]["overdue"].as_bool(), page["items"][1]["overdue"].as_bool()),
        (Some(false), Some(true))
    );
    // Taking it up ends the acceptance limit; it stays overdue for handling.
    call(&mut l, "case_transition", json!({"id": old, "transition": {"action": "settle_on_spot"}, "actor": "李某"}));
    assert!(ids(&mut l, json!({"overdue": true})).is_empty());
}

#[test]
fn a_draft_is_kept_until_cleared_and_bounded() {
    let mut l = ledger_at(TODAY);
    assert_eq!(call(&mut l, "draft_load", json!({"key": "intake"}))["value"], Value::Null);
    call(&mut l, "draft_save", json!({"key": "intake", "value": {"request": "反映承包"}}));
    let d = call(&mut l, "draft_load", json!({"key": "intake"}));
    assert_eq!(d["value"]["request"], "反映承包");
    assert_eq!(d["saved_at"], "2026-05-06T01:00:00+00:00");
    let huge = "字".repeat(100_000);
    let e = dispatch(&mut l, "draft_save", json!({"key": "intake", "value": huge})).unwrap_err();
    assert_eq!(e.field(), Some("value"));
    call(&mut l, "draft_clear", json!({"key": "intake"}));
    assert_eq!(call(&mut l, "draft_load", json!({"key": "intake"}))["value"], Value::Null);
    // Drafts are local: they never enter the change log that is synced.
    assert!(dump(&l).iter().all(|row| !(row.starts_with("change_log") && row.contains("draft"))));
}

/// The committee's short name set on the settings page numbers the agreements
/// signed after it; a village may not set the township's time limits.
#[test]
fn the_committee_name_set_here_numbers_the_agreements() {
    let mut l = ledger_at(TODAY);
    let (case_id, parties) = case_with_parties(&mut l);
    let e = refused(&mut l, "settings_set", json!({"committee": "（2026）石岩哨人调字", "actor": "杨某"}));
    assert_eq!(e.field(), Some("committee"));
    let limits = call(&mut l, "time_limits", json!({}));
    let e = refused(&mut l, "settings_set", json!({"time_limits": limits, "actor": "杨某"}));
    assert_eq!(e.kind(), "refused", "the township decides the limits");
    let shown = call(&mut l, "settings_set", json!({"committee": "石岩哨", "actor": "杨某"}));
    assert_eq!((shown["committee"].as_str(), shown["history"][0]["key"].as_str()), (Some("石岩哨"), Some("committee")));
    let draft = call(
        &mut l,
        "agreement_draft",
        json!({"case_id": case_id, "form": "written", "content": content(&parties), "actor": "杨某"}),
    );
    let signed = call(
        &mut l,
        "agreement_sign",
        json!({"id": draft["agreement"]["id"], "signed_on": "2026-05-04", "actor": "杨某"}),
    );
    assert_eq!(signed["agreement"]["number"], "（2026）石岩哨人调字第1号");
}

#[test]
fn after_settling_the_case_asks_for_the_agreement_and_a_draft_names_every_gap_at_once() {
    let mut l = ledger_at(TODAY);
    let (case_id, parties) = case_with_parties(&mut l);
    assert_eq!(call(&mut l, "case_show", json!({"id": case_id}))["agreement_due"], true, "settled, no agreement yet");

    let mut partial = content(&parties);
    partial["facts"] = json!("");
    partial["terms"] = json!(["王某一次性补偿张某某葬坟占地费人民币＿＿元。"]);
    partial["performance"] = json!("");
    partial["mediators"] = json!([""]);
    let draft =
        call(&mut l, "agreement_draft", json!({"case_id": case_id, "form": "written", "content": partial, "actor": "杨某"}));
    let gaps: Vec<(&str, &str)> = draft["sign_gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["field"].as_str().unwrap(), g["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        gaps,
        [
            ("facts", "纠纷主要事实、争议事项：不能为空"),
            ("terms[0]", "第 1 条协议内容：还有空白（＿＿）没有填写"),
            ("performance", "履行方式、时限：不能为空"),
            ("mediators", "调解员：至少一名调解员"),
        ]
    );
    let id = draft["agreement"]["id"].clone();
    // Signing refuses with the first of them, as the form shows it.
    let e = refused(&mut l, "agreement_sign", json!({"id": id, "actor": "杨某"}));
    assert_eq!(e.field(), Some("facts"));
    assert_eq!(call(&mut l, "case_show", json!({"id": case_id}))["agreement_due"], false, "a draft exists");

    let whole = call(&mut l, "agreement_edit", json!({"id": id, "form": "written", "content": content(&parties)}));
    assert_eq!(whole["sign_gaps"], json!([]));
    let signed = call(&mut l, "agreement_sign", json!({"id": id, "actor": "杨某"}));
    assert_eq!(signed["sign_gaps"], json!([]));
    assert_eq!(call(&mut l, "case_show", json!({"id": case_id}))["agreement_due"], false);
}

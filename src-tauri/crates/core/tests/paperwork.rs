//! The papers the law asks for (issue 24) through the command layer on a
//! real SQLite ledger: the 15-day notice meets the agenda's item, the
//! written answer carries its review window, judicial confirmation is
//! applied for and decided in order, the agreement points out parties not
//! fully identified, and the one way to whole ID numbers records the look.
//! Every refusal leaves the ledger as it was.

use crate::common;

use common::{call, dump, ledger_at, visit};
use serde_json::{Value, json};
use xinfang_core::{Ledger, dispatch};

const TODAY: &str = "2026-03-20T09:00:00+08:00";
const ID: &str = "11010519491231002X";

fn refused(l: &mut Ledger, name: &str, args: Value) -> xinfang_core::Error {
    let before = dump(l);
    let e = dispatch(l, name, args).expect_err("should be refused");
    assert_eq!(dump(l), before, "{name} refused but changed the ledger");
    e
}

fn accept_items(l: &mut Ledger, case_id: &Value) -> Vec<Value> {
    let agenda = call(l, "today", json!({}));
    agenda["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["case_id"] == *case_id && i["deadline"]["rule"] == "accept")
        .cloned()
        .collect()
}

#[test]
fn the_15_day_notice_meets_the_agenda_item_and_names_the_paper_due() {
    // Received 2026-03-02; on 03-20 the 15-day limit (03-17) has passed.
    let mut l = ledger_at(TODAY);
    let case_id = call(&mut l, "visit_add", visit("张某某", Some(ID), "反映邻居在承包地内葬坟"))["case_id"].clone();
    let due = accept_items(&mut l, &case_id);
    assert_eq!(due.len(), 1, "the 15-day notice is due: {due:?}");
    let paper_due = due[0]["deadline"]["paper_due"].as_str().unwrap();
    assert!(paper_due.contains("受理告知书") && paper_due.contains("不予受理告知书"), "{paper_due}");
    assert!(due[0]["deadline"]["basis"].as_str().unwrap().contains("书面告知信访人"));

    // A transfer notice must say to whom; refused, nothing written.
    let e = refused(
        &mut l,
        "paper_add",
        json!({"case_id": case_id, "dated_on": "2026-03-10", "actor": "李某",
               "content": {"kind": "notice", "notice": "transferred", "delivery": "in_person"}}),
    );
    assert_eq!(e.field(), Some("content.to_body"));
    // Not before the matter was received, not after today.
    for day in ["2026-03-01", "2026-03-21"] {
        let e = refused(
            &mut l,
            "paper_add",
            json!({"case_id": case_id, "dated_on": day, "actor": "李某",
                   "content": {"kind": "notice", "notice": "accepted", "delivery": "in_person"}}),
        );
        assert_eq!(e.field(), Some("dated_on"), "{day}");
    }

    let overdue = call(&mut l, "case_list", json!({"overdue": true}));
    assert!(overdue["items"].as_array().unwrap().iter().any(|c| c["id"] == case_id), "overdue before: {overdue}");
    let detail = call(
        &mut l,
        "paper_add",
        json!({"case_id": case_id, "dated_on": "2026-03-19", "actor": "李某",
               "content": {"kind": "notice", "notice": "legal_route", "to_body": "石岩县人民法院",
                           "delivery": "post"}}),
    );
    assert!(accept_items(&mut l, &case_id).is_empty(), "the agenda item goes once the notice is recorded");
    let accept = detail["deadlines"].as_array().unwrap().iter().find(|d| d["rule"] == "accept").unwrap().clone();
    assert_eq!(accept["state"], "met_late", "delivered on 03-19, after the 03-17 limit");
    assert_eq!(accept["paper_due"], Value::Null);
    let paper = &detail["papers"][0];
    assert_eq!(paper["title"], "依法通过法定途径解决告知书");
    assert_eq!(paper["paper"]["content"]["to_body"], "石岩县人民法院");
    // The ledger's overdue filter agrees with the agenda.
    let overdue = call(&mut l, "case_list", json!({"overdue": true}));
    assert!(overdue["items"].as_array().unwrap().iter().all(|c| c["id"] != case_id), "{overdue}");
}

#[test]
fn the_answer_states_the_30_day_review_window() {
    let mut l = ledger_at(TODAY);
    let case_id = call(&mut l, "visit_add", visit("张某某", Some(ID), "反映低保未落实"))["case_id"].clone();
    let e = refused(
        &mut l,
        "paper_add",
        json!({"case_id": case_id, "dated_on": "2026-03-18", "actor": "李某",
               "content": {"kind": "answer", "facts": "经核实……", "basis": " ", "answer": "予以纳入",
                           "review_body": "石岩县民政局", "delivery": "in_person"}}),
    );
    assert_eq!(e.field(), Some("content.basis"));
    let detail = call(
        &mut l,
        "paper_add",
        json!({"case_id": case_id, "dated_on": "2026-03-18", "actor": "李某",
               "content": {"kind": "answer", "facts": "经入户核实，家庭收入低于标准。", "basis": "低保政策规定",
                           "answer": "予以纳入低保。", "review_body": "石岩县民政局", "delivery": "in_person"}}),
    );
    let paper = &detail["papers"][0];
    assert_eq!(paper["title"], "信访事项处理意见书");
    assert_eq!(paper["review_until"], "2026-04-17");
    let shown = call(&mut l, "paper_show", json!({"id": paper["paper"]["id"]}));
    assert_eq!(shown["case_number"], detail["case"]["number"]);
}

/// A case settled on the spot with a signed written agreement between the
/// petitioner and a neighbour added with only a name and village.
fn signed_agreement(l: &mut Ledger) -> (Value, Value, Vec<Value>) {
    let case_id = call(l, "visit_add", visit("张某某", Some(ID), "反映邻居在承包地内葬坟"))["case_id"].clone();
    call(l, "case_transition", json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-03-05", "actor": "李某"}));
    let first = call(l, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let other = call(l, "person_add", json!({"name": "张东红", "village": "石岩哨村"}))["id"].clone();
    let content = json!({"party_ids": [first, other], "facts": "张东红在张某某承包地内安葬亲属。",
        "terms": ["张东红一次性补偿2600元。"], "performance": "当场付清。", "copies": 3,
        "mediators": ["杨某"], "recorder": "李某"});
    let draft = call(l, "agreement_draft", json!({"case_id": case_id, "form": "written", "content": content, "actor": "杨某"}));
    let id = draft["agreement"]["id"].clone();
    let signed = call(l, "agreement_sign", json!({"id": id, "signed_on": "2026-03-06", "actor": "杨某"}));
    (case_id, signed, vec![first, other])
}

#[test]
fn a_party_known_only_by_name_is_pointed_out_on_the_agreement() {
    let mut l = ledger_at(TODAY);
    let (_, signed, parties) = signed_agreement(&mut l);
    let gaps = signed["party_gaps"].as_array().unwrap();
    // The petitioner came with an ID number and phone: only 民族 and 职业 are
    // unknown. The neighbour is a name and a village.
    assert_eq!(gaps.len(), 2, "{gaps:?}");
    assert_eq!(gaps[0]["missing"], json!(["民族", "职业"]));
    assert_eq!(gaps[1]["person_id"], parties[1]);
    assert_eq!(gaps[1]["missing"], json!(["性别", "民族", "年龄", "职业", "联系方式"]));
    assert_eq!(gaps[1]["message"], "当事人二张东红缺少：性别、民族、年龄、职业、联系方式");
    // Filled in on the person (the same ID-less record is continued).
    let filled = call(
        &mut l,
        "person_add",
        json!({"person_id": parties[0], "name": "张某某", "ethnicity": "彝族", "occupation": "农民"}),
    );
    assert_eq!(filled["ethnicity"], "彝族");
    let again = call(&mut l, "agreement_show", json!({"id": signed["agreement"]["id"]}));
    assert_eq!(again["party_gaps"].as_array().unwrap().len(), 1, "only the neighbour is left");
}

#[test]
fn whole_numbers_come_only_for_binding_papers_and_every_look_is_recorded() {
    let mut l = ledger_at(TODAY);
    let (case_id, signed, _) = signed_agreement(&mut l);
    let agreement_id = signed["agreement"]["id"].clone();
    // Views stay masked.
    assert_eq!(signed["parties"][0]["id_number_masked"], "110105********002X");
    let e = refused(&mut l, "party_identities", json!({"agreement_id": agreement_id, "paper": "other"}));
    assert_eq!(e.kind(), "refused");
    let before = call(&mut l, "access_list", json!({"id": case_id})).as_array().unwrap().len();
    let whole = call(&mut l, "party_identities", json!({"agreement_id": agreement_id, "paper": "agreement"}));
    assert_eq!(whole[0]["id_number"], ID);
    assert_eq!(whole[0]["phone"], "13800138000");
    assert_eq!(whole[1]["name"], "张东红");
    let log = call(&mut l, "access_list", json!({"id": case_id}));
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), before + 2, "each party recorded as looked at");
    let number = signed["agreement"]["number"].as_str().unwrap();
    assert!(log.iter().all(|a| a["reason"] == format!("打印人民调解协议书（{number}）")), "{log:?}");
}

#[test]
fn judicial_confirmation_is_applied_for_then_decided_and_closes_the_window() {
    let mut l = ledger_at(TODAY);
    let (case_id, signed, _) = signed_agreement(&mut l);
    let agreement_id = signed["agreement"]["id"].clone();
    let window = |l: &mut Ledger| {
        call(l, "case_show", json!({"id": case_id}))["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "court_confirmation")
            .cloned()
    };
    assert_eq!(window(&mut l).unwrap()["state"], "pending");
    let paper = |kind: &str, day: &str, extra: Value| {
        let mut content = json!({"kind": kind, "agreement_id": agreement_id});
        content.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        json!({"case_id": case_id, "dated_on": day, "actor": "李某", "content": content})
    };
    // A decision before any application, an application before signing.
    let e = refused(&mut l, "paper_add", paper("confirmation_decision", "2026-03-12", json!({"confirmed": true})));
    assert_eq!(e.kind(), "refused");
    let e = refused(&mut l, "paper_add", paper("confirmation_application", "2026-03-05", json!({"court": "石岩县人民法院"})));
    assert_eq!(e.field(), Some("dated_on"));

    let applied = call(&mut l, "paper_add", paper("confirmation_application", "2026-03-10", json!({"court": "石岩县人民法院"})));
    assert_eq!(applied["agreements"][0]["confirmation"]["label"], "已申请司法确认");
    assert_eq!(window(&mut l).unwrap()["state"], "met");
    let e = refused(&mut l, "paper_add", paper("confirmation_application", "2026-03-11", json!({"court": "石岩县人民法院"})));
    assert_eq!(e.kind(), "refused");
    let e = refused(&mut l, "paper_add", paper("confirmation_decision", "2026-03-09", json!({"confirmed": true})));
    assert_eq!(e.field(), Some("dated_on"));

    let decided = call(&mut l, "paper_add", paper("confirmation_decision", "2026-03-16", json!({"confirmed": true})));
    let c = &decided["agreements"][0]["confirmation"];
    assert_eq!((c["confirmed"].clone(), c["decided_on"].clone()), (json!(true), json!("2026-03-16")));
    assert_eq!(c["label"], "人民法院已确认有效");
    let titles: Vec<&str> = decided["papers"].as_array().unwrap().iter().map(|p| p["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["司法确认申请书", "司法确认结果（确认有效）"]);
}

#[test]
fn a_late_application_and_a_foreign_agreement_are_refused() {
    let mut l = ledger_at("2026-05-06T09:00:00+08:00");
    let (case_id, signed, _) = signed_agreement(&mut l);
    let other_case = call(&mut l, "visit_add", visit("李某", None, "反映水渠堵塞"))["case_id"].clone();
    let application = |case: &Value, day: &str| {
        json!({"case_id": case, "dated_on": day, "actor": "李某",
               "content": {"kind": "confirmation_application", "agreement_id": signed["agreement"]["id"],
                           "court": "石岩县人民法院"}})
    };
    let e = refused(&mut l, "paper_add", application(&case_id, "2026-04-10"));
    assert!(e.to_string().contains("30日内"), "{e}");
    let e = refused(&mut l, "paper_add", application(&other_case, "2026-03-10"));
    assert_eq!(e.field(), Some("content.agreement_id"));
}

/// The mediation file's forms mark every field at once: `paper_check` lists
/// each field's problem (the paper's own, its day, the people it names, who
/// records it) and writes nothing; `paper_add` refuses on the first of them.
#[test]
fn every_problem_of_a_record_is_listed_at_once_and_nothing_is_written() {
    let mut l = ledger_at(TODAY);
    let case_id = call(&mut l, "visit_add", visit("张某某", Some(ID), "反映邻居在承包地内葬坟"))["case_id"].clone();
    let person = call(&mut l, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let record = |dated_on: &str, content: Value, actor: &str| {
        json!({"case_id": case_id, "dated_on": dated_on, "actor": actor, "content": content})
    };
    let blank = json!({"kind": "mediation_record", "place": " ", "mediators": [], "party_ids": [person, "不存在的人"],
                       "record": "", "result": "达成协议"});
    let before = dump(&l);
    let problems = call(&mut l, "paper_check", record("2026-03-01", blank.clone(), " "));
    assert_eq!(dump(&l), before, "a check writes nothing");
    let fields: Vec<&str> = problems.as_array().unwrap().iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert_eq!(
        fields,
        ["content.place", "content.mediators", "content.record", "dated_on", "content.party_ids", "actor"],
        "{problems}"
    );
    let message = |f: &str| problems.as_array().unwrap().iter().find(|p| p["field"] == f).unwrap()["message"].clone();
    assert_eq!(message("dated_on"), "日期：不能早于登记日期");
    assert_eq!(message("content.party_ids"), "当事人：第 2 人不在台账中，请重新选择");
    let e = refused(&mut l, "paper_add", record("2026-03-01", blank, " "));
    assert_eq!(e.field(), Some("content.place"), "the first of the same problems");

    let application = json!({"kind": "application", "oral": true, "applicant_ids": [person],
                             "request": "请求调解葬坟纠纷", "facts": "邻居在承包地内葬坟"});
    assert_eq!(call(&mut l, "paper_check", record("2026-03-03", application.clone(), "李某")), json!([]));
    let detail = call(&mut l, "paper_add", record("2026-03-03", application, "李某"));
    assert_eq!(detail["papers"][0]["title"], "人民调解申请书（口头申请记录）");
}

//! The papers of issue 24 from a real ledger to PDF and back: the 15-day
//! notice of each kind, the written answer with its review right, and the
//! joint application for judicial confirmation with every party whole.

use crate::common;

use common::*;
use serde_json::{Value, json};
use xinfang_core::Ledger;
use xinfang_print::{commands, from_ledger};

const ID: &str = "11010519491231002X";

fn letter(l: &mut Ledger) -> Value {
    call(
        l,
        "visit_add",
        json!({"channel": "letter", "received_at": "2026-04-20T09:30:00+08:00",
            "petitioners": [{"name": "王玥", "id_number": ID, "phone": "13800138000",
                             "village": "石岩哨村", "group": "大营头组", "address": "大营头组12号"}],
            "headcount": 1, "category": "民政救助", "request": "来信反映家中困难，申请低保。", "received_by": "杨某"}),
    )["case_id"]
        .clone()
}

fn paper(l: &mut Ledger, case_id: &Value, day: &str, content: Value) -> String {
    let detail = call(l, "paper_add", json!({"case_id": case_id, "dated_on": day, "actor": "杨某", "content": content}));
    detail["papers"].as_array().unwrap().last().unwrap()["paper"]["id"].as_str().unwrap().to_owned()
}

#[test]
fn each_notice_says_how_the_matter_goes_and_when_it_was_delivered() {
    let mut l = village();
    let case_id = letter(&mut l);
    let accepted = paper(&mut l, &case_id, "2026-04-28", json!({"kind": "notice", "notice": "accepted", "delivery": "in_person"}));
    let doc = from_ledger::notice(&mut l, &accepted).unwrap();
    let pdf = printer().notice(&doc).unwrap().pdf().unwrap();
    save_artefacts("notice", &pdf);
    let number = call(&mut l, "case_show", json!({"id": case_id}))["case"]["number"].as_str().unwrap().to_owned();
    assert_in_order(
        &all_text(&pdf),
        &[
            "信访事项受理告知书".into(),
            format!("编号：{number}"),
            "王玥：".into(),
            "你（们）于2026年4月20日反映的“来信反映家中困难，申请低保。”一事，本单位已收到并登记。".into(),
            "决定予以受理。本单位将自受理之日起60日内办结".into(),
            "特此告知。".into(),
            "石岩哨村信访站（盖章）".into(),
            "2026年4月28日".into(),
            "送达方式：当面送达".into(),
            "信访人签收：".into(),
        ],
    );

    let refused = paper(
        &mut l,
        &case_id,
        "2026-04-29",
        json!({"kind": "notice", "notice": "not_accepted", "reason": "该事项已经依法处理并答复", "delivery": "post"}),
    );
    let text = all_text(&printer().notice(&from_ledger::notice(&mut l, &refused).unwrap()).unwrap().pdf().unwrap());
    assert_in_order(
        &text,
        &["信访事项不予受理告知书".into(), "经审查，该事项已经依法处理并答复，决定不予受理。".into(), "送达方式：邮寄送达".into()],
    );
    assert!(!text.contains("予以受理。"), "{text}");

    // The command names the paper: an answer is not printed as a notice.
    let answer = paper(
        &mut l,
        &case_id,
        "2026-05-06",
        json!({"kind": "answer", "facts": "f", "basis": "b", "answer": "a", "review_body": "石岩县民政局", "delivery": "in_person"}),
    );
    let e = from_ledger::notice(&mut l, &answer).unwrap_err();
    assert_eq!(e.to_string(), "打印数据有误：这份文书是“信访事项处理意见书”，不是告知书。");
}

#[test]
fn the_answer_states_facts_basis_answer_and_the_30_day_review_right() {
    let mut l = village();
    let case_id = letter(&mut l);
    let id = paper(
        &mut l,
        &case_id,
        "2026-05-06",
        json!({"kind": "answer", "facts": "经入户核实，王玥家庭人均收入低于当地低保标准。",
               "basis": "《社会救助暂行办法》关于最低生活保障的规定。", "answer": "同意将王玥家纳入农村最低生活保障。",
               "review_body": "石岩县民政局", "delivery": "in_person"}),
    );
    let shown = commands::dispatch(
        &mut l,
        &printer(),
        "print_preview",
        json!({"request": {"document": "answer", "id": id}}),
    )
    .unwrap();
    assert!(shown["title"].as_str().unwrap().starts_with("信访事项处理意见书"));
    let pdf = printer().answer(&from_ledger::answer(&mut l, &id).unwrap()).unwrap().pdf().unwrap();
    save_artefacts("answer", &pdf);
    assert_in_order(
        &all_text(&pdf),
        &[
            "信访事项处理意见书".into(),
            "王玥：".into(),
            "一、经调查核实的事实".into(),
            "经入户核实，王玥家庭人均收入低于当地低保标准。".into(),
            "二、处理依据".into(),
            "《社会救助暂行办法》关于最低生活保障的规定。".into(),
            "三、处理意见".into(),
            "同意将王玥家纳入农村最低生活保障。".into(),
            "四、复查权利".into(),
            "可以自收到本意见书之日起30日内（至2026年6月5日），向石岩县民政局书面提出复查请求。".into(),
            "石岩哨村信访站（盖章）".into(),
        ],
    );
}

#[test]
fn the_application_for_judicial_confirmation_names_every_party_whole() {
    let mut l = village();
    let case_id = letter(&mut l);
    call(&mut l, "case_transition", json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-04-22", "actor": "杨某"}));
    let wang = call(&mut l, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let li = call(
        &mut l,
        "person_add",
        json!({"name": "李堃", "id_number": "110105194912310337", "phone": "13900139000", "village": "石岩哨村",
               "ethnicity": "布依族", "occupation": "农民"}),
    )["id"]
        .clone();
    let content = json!({"party_ids": [wang, li], "facts": "李堃家在王玥家承包地内安葬亲属。",
        "terms": ["李堃家一次性补偿王玥家土地款2600元。"], "performance": "当场付清。", "copies": 3,
        "mediators": ["张喆"], "recorder": "欧阳明月"});
    let id = call(&mut l, "agreement_draft", json!({"case_id": case_id, "form": "written", "content": content, "actor": "杨某"}))
        ["agreement"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A draft cannot go to court.
    let e = from_ledger::confirmation(&mut l, &id).unwrap_err();
    assert!(e.to_string().contains("已签订"), "{e}");
    call(&mut l, "agreement_sign", json!({"id": id, "signed_on": "2026-05-04", "actor": "杨某"}));
    // Before the application is recorded the court and the date are blank.
    let blank = from_ledger::confirmation(&mut l, &id).unwrap();
    assert_eq!((blank.court.clone(), blank.applied_on.clone()), (None, None));
    paper(&mut l, &case_id, "2026-05-06", json!({"kind": "confirmation_application", "agreement_id": id, "court": "石岩县人民法院"}));
    let doc = from_ledger::confirmation(&mut l, &id).unwrap();
    let pdf = printer().confirmation(&doc).unwrap().pdf().unwrap();
    save_artefacts("confirmation", &pdf);
    let text = all_text(&pdf);
    assert_in_order(
        &text,
        &[
            "司法确认申请书".into(),
            format!("申请人一：王玥，女，民族：，1949年12月31日出生（76岁），职业：，身份证号码：{ID}，住址：石岩哨村大营头组12号，联系电话：13800138000。"),
            "申请人二：李堃，男，布依族，1949年12月31日出生（76岁），职业：农民，身份证号码：110105194912310337，住址：石岩哨村，联系电话：13900139000。".into(),
            "请求人民法院依法确认申请人于2026年5月4日在石岩哨村人民调解委员会主持下达成的人民调解协议（（2026）石岩哨村人调字第1号）有效。".into(),
            "1．李堃家一次性补偿王玥家土地款2600元（大写：贰仟陆佰元整）。".into(),
            "此致".into(),
            "石岩县人民法院".into(),
            "申请人（签名或按指印）：王玥".into(),
            "申请人（签名或按指印）：李堃".into(),
            "日期：2026年5月6日".into(),
        ],
    );
    assert!(!text.contains("****"), "{text}");
}

/// The mediation file from application to the court: each record prints
/// alone, and the case file prints them all whole in the Ministry's order,
/// the contents giving each one's page and the pages running through.
#[test]
fn the_mediation_file_prints_complete_in_order_with_its_records() {
    let mut l = village();
    let case_id = letter(&mut l);
    call(&mut l, "case_transition", json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-04-22", "actor": "杨某"}));
    let wang = call(&mut l, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let li = call(&mut l, "person_add", json!({"name": "李堃", "village": "石岩哨村"}))["id"].clone();
    let application = paper(
        &mut l,
        &case_id,
        "2026-04-21",
        json!({"kind": "application", "oral": true, "applicant_ids": [wang], "request": "请求调解李堃家占地安葬纠纷。",
               "facts": "李堃家在王玥家承包地内安葬亲属。"}),
    );
    let rights = paper(&mut l, &case_id, "2026-04-22", json!({"kind": "rights_notice", "party_ids": [wang, li]}));
    let investigation = paper(
        &mut l,
        &case_id,
        "2026-04-22",
        json!({"kind": "investigation", "place": "王玥家承包地", "investigators": ["杨某", "张喆"], "interviewee": "李堃",
               "record": "李堃承认未经同意在该地安葬。"}),
    );
    let mediation = paper(
        &mut l,
        &case_id,
        "2026-04-23",
        json!({"kind": "mediation_record", "place": "石岩哨村委会", "mediators": ["张喆"], "party_ids": [wang, li],
               "record": "王玥要求迁坟；李堃愿意补偿。", "result": "双方同意补偿2600元，不再迁坟。"}),
    );
    for (id, kind, expected) in [
        (&application, "application", vec!["人民调解申请书（口头申请记录）", "申请方式口头申请（由人民调解委员会记录）", "申请事项请求调解李堃家占地安葬纠纷。"]),
        (&rights, "rights_notice", vec!["人民调解当事人权利义务告知书", "王玥、李堃：", "选择或者接受人民调解员", "如实陈述纠纷事实", "告知日期：2026年4月22日"]),
        (&investigation, "investigation", vec!["调查记录", "调查地点王玥家承包地", "调查人杨某、张喆被调查人李堃", "李堃承认未经同意在该地安葬。"]),
        (&mediation, "mediation_record", vec!["调解记录", "调解地点石岩哨村委会", "调解情况王玥要求迁坟；李堃愿意补偿。", "调解结果双方同意补偿2600元，不再迁坟。"]),
    ] {
        let doc = from_ledger::record(&mut l, id, kind).unwrap();
        let pdf = printer().record(&doc).unwrap().pdf().unwrap();
        save_artefacts(&format!("record-{kind}"), &pdf);
        assert_in_order(&all_text(&pdf), &expected.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
    }
    // The command names the kind: a rights notice is not an investigation.
    let e = from_ledger::record(&mut l, &rights, "investigation").unwrap_err();
    assert!(e.to_string().contains("不是调查记录"), "{e}");

    let content = json!({"party_ids": [wang, li], "facts": "李堃家在王玥家承包地内安葬亲属。",
        "terms": ["李堃家一次性补偿王玥家土地款2600元。"], "performance": "当场付清。", "copies": 3,
        "mediators": ["张喆"], "recorder": "欧阳明月"});
    let id = call(&mut l, "agreement_draft", json!({"case_id": case_id, "form": "written", "content": content, "actor": "杨某"}))
        ["agreement"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    call(&mut l, "agreement_sign", json!({"id": id, "signed_on": "2026-04-23", "actor": "杨某"}));
    paper(&mut l, &case_id, "2026-04-25", json!({"kind": "confirmation_application", "agreement_id": id, "court": "石岩县人民法院"}));
    paper(&mut l, &case_id, "2026-04-24", json!({"kind": "notice", "notice": "accepted", "delivery": "in_person"}));

    let doc = from_ledger::case_file(&mut l, case_id.as_str().unwrap(), Some("欧阳明月")).unwrap();
    let titles: Vec<&str> = doc.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "受理登记表（来信）",
            "人民调解申请书（口头申请记录）",
            "信访事项受理告知书",
            "人民调解当事人权利义务告知书",
            "调查记录",
            "调解记录（本级调处）",
            "调解记录",
            "人民调解协议书（已签订）",
            "司法确认申请书",
        ]
    );
    let pdf = printer().case_file(&doc).unwrap().pdf().unwrap();
    save_artefacts("case-file-complete", &pdf);
    let pages = pages_text(&pdf);
    let total = pages.len();
    assert_eq!(total, 2 + 7 + 1, "cover, contents, seven papers a page each, the back cover");
    // The contents give each paper the page it starts on: 3, 4, … 9.
    assert_in_order(
        &pages[1],
        &[
            "2人民调解申请书（口头申请记录）2026.4.213".into(),
            "3信访事项受理告知书2026.4.244".into(),
            "4人民调解当事人权利义务告知书2026.4.225".into(),
            "5调查记录2026.4.226".into(),
            "7调解记录2026.4.237".into(),
            "8人民调解协议书（已签订）2026.4.238".into(),
            "9司法确认申请书2026.4.259".into(),
        ],
    );
    for (page, title) in [(2, "人民调解申请书"), (3, "信访事项受理告知书"), (7, "人民调解协议书"), (8, "司法确认申请书")] {
        assert!(pages[page].starts_with(title), "page {}: {}", page + 1, pages[page]);
        assert!(pages[page].contains(&format!("第{}页共{total}页", page + 1)), "{}", pages[page]);
    }
    assert!(pages[total - 1].starts_with("卷内备考表") && pages[total - 1].contains(&format!("本卷共{total}页")));
}

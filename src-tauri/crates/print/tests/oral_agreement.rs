//! 人民调解口头协议登记表: an agreement reached by word of mouth and recorded
//! by the mediator, from hand-built data (seed 5) and from a real ledger
//! (seed 1), read back.

use crate::common;

use common::*;
use serde_json::json;
use xinfang_print::{OralAgreementDoc, PartyDoc, from_ledger};

/// Seed 5: villagers disputed the investor's price for a 10,000-mu hill
/// lease; settled face to face without leaving the village.
fn hill_lease() -> OralAgreementDoc {
    OralAgreementDoc {
        number: "石岩哨村信〔2026〕第5号".into(),
        committee: "石岩哨村人民调解委员会".into(),
        parties: vec![
            PartyDoc {
                name: "王玥".into(),
                gender: Some("女".into()),
                ethnicity: Some("布依族".into()),
                age: Some(52),
                address: Some("石岩哨村后山组".into()),
                phone: Some("138****5678".into()),
                ..PartyDoc::default()
            },
            PartyDoc {
                name: "石岩哨生态林业开发有限公司（法定代表人：张堃）".into(),
                address: Some("贵州省黔西南布依族苗族自治州某某县石岩哨镇石岩哨村一组老村委会旧址对面".into()),
                ..PartyDoc::default()
            },
            PartyDoc {
                name: "刘䶮".into(),
                gender: Some("男".into()),
                address: Some("石岩哨村后山组".into()),
                ..PartyDoc::default()
            },
        ],
        facts: "公司承包后山集体林地约10000亩，后山组群众认为每亩租金过低，要求重新议价，双方在村委会当面协商。".into(),
        terms: vec![
            "后山林地租金调整为每亩每年30元，公司每年共支付300000元。".into(),
            "租金于每年3月31日前转入村集体账户，由村委会按户分配。".into(),
            "公司优先雇用本组群众参与护林。".into(),
        ],
        performance: "自2026年起按年履行，村人民调解委员会监督。".into(),
        mediators: vec!["张喆".into(), "欧阳明月".into()],
        recorder: "李堃".into(),
        agreed_on: Some("2026-04-10".into()),
        watermark: None,
        version_note: None,
        fingerprint: None,
    }
}

#[test]
fn the_oral_agreement_register_prints_every_field_in_order() {
    let doc = hill_lease();
    let pdf = printer().oral_agreement(&doc).unwrap().pdf().unwrap();
    save_artefacts("oral-agreement", &pdf);
    let text = all_text(&pdf);
    assert_in_order(
        &text,
        &[
            "人民调解口头协议登记表".into(),
            "编号：石岩哨村信〔2026〕第5号".into(),
            "当事人一王玥，女，布依族，52岁，住址：石岩哨村后山组，联系电话：138****5678。".into(),
            format!("当事人二{}，住址：{}。", doc.parties[1].name, doc.parties[1].address.as_deref().unwrap()),
            "当事人三刘䶮，男，住址：石岩哨村后山组。".into(),
            "纠纷简要情况".into(),
            doc.facts.clone(),
            "协议内容".into(),
            "1．后山林地租金调整为每亩每年30元（大写：叁拾元整），公司每年共支付300000元（大写：叁拾万元整）。".into(),
            format!("2．{}", doc.terms[1]),
            format!("3．{}", doc.terms[2]),
            "履行方式、时限".into(),
            doc.performance.clone(),
            "达成协议日期2026年4月10日".into(),
            "人民调解员张喆、欧阳明月".into(),
            "登记人李堃".into(),
            "自各方当事人达成协议之日起生效".into(),
            "当事人（签名或按指印）：王玥".into(),
            format!("当事人（签名或按指印）：{}", doc.parties[1].name),
            "当事人（签名或按指印）：刘䶮".into(),
            "人民调解员（签名）：张喆、欧阳明月".into(),
            "登记人（签名）：李堃".into(),
            "登记日期：2026年4月10日".into(),
            "石岩哨村人民调解委员会（印章）".into(),
            "第1页共1页".into(),
        ],
    );
    assert_eq!(page_count(&pdf), 1);
    let fonts = fonts(&pdf);
    assert!(!fonts.is_empty() && fonts.iter().all(|(_, embedded)| *embedded), "{fonts:?}");
}

#[test]
fn a_long_oral_agreement_flows_on_and_keeps_its_signatures_together() {
    let mut doc = hill_lease();
    doc.facts = doc.facts.repeat(12);
    doc.terms = (1..=15).map(|i| format!("第{i}项：双方按本条约定履行，发生争议先行协商。")).collect();
    let pages = pages_text(&printer().oral_agreement(&doc).unwrap().pdf().unwrap());
    let n = pages.len();
    assert!(n >= 2, "expected more than one page, got {n}");
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("第{}页共{n}页", i + 1)), "page {} lacks its number", i + 1);
    }
    let signatures = pages.iter().find(|p| p.contains("登记人（签名）")).unwrap();
    assert_eq!(signatures.matches("当事人（签名或按指印）").count(), 3, "{signatures}");
    assert!(signatures.contains("自各方当事人达成协议之日起生效") && signatures.contains("（印章）"));
    assert_in_order(&pages.concat(), &(1..=15).map(|i| format!("{i}．第{i}项")).collect::<Vec<_>>());
}

/// Seed 1: a family dug up another family's grave; they agreed on 6,666 yuan
/// and a reburial elsewhere, and the mediator recorded it.
#[test]
fn an_oral_agreement_from_the_ledger_prints_with_masked_details() {
    let mut l = village();
    let added = call(
        &mut l,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-04-01T08:40:00+08:00",
            "petitioners": [{"name": "李喆", "id_number": "11010519491231002X", "phone": "13800138000",
                             "village": "石岩哨村", "group": "坟山组"}],
            "headcount": 1, "category": "坟地/丧葬", "request": "邻居张堃家挖了我家祖坟，要求赔偿并恢复。",
            "received_by": "杨某"}),
    );
    let case_id = added["case_id"].as_str().unwrap().to_owned();
    call(
        &mut l,
        "case_transition",
        json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-04-02", "actor": "杨某"}),
    );
    let li = call(&mut l, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let zhang =
        call(&mut l, "person_add", json!({"name": "张堃", "village": "石岩哨村", "group": "坟山组"}))["id"].clone();
    let content = json!({"party_ids": [li, zhang], "facts": "张堃家修房时挖开李喆家祖坟，双方发生争执，经派出所、司法所联合调解。",
        "responsibilities": "", "terms": ["张堃家赔偿李喆家6,666元。", "张堃家另择地点将遗骨重新安葬。"],
        "performance": "赔偿款当场付清，重新安葬于2026年4月15日前完成。", "copies": 0,
        "mediators": ["张喆"], "recorder": "刘䶮"});
    let id = call(
        &mut l,
        "agreement_draft",
        json!({"case_id": case_id, "form": "oral", "content": content, "actor": "杨某"}),
    )["agreement"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    call(&mut l, "agreement_sign", json!({"id": id, "signed_on": "2026-04-03", "actor": "杨某"}));

    let doc = from_ledger::oral_agreement(&mut l, &id).unwrap();
    assert_eq!(doc.number, added["case_number"].as_str().unwrap());
    assert_eq!(doc.committee, "石岩哨村人民调解委员会");
    assert_eq!(doc.agreed_on.as_deref(), Some("2026-04-03"));
    assert_eq!(doc.watermark, None);
    let text = all_text(&printer().oral_agreement(&doc).unwrap().pdf().unwrap());
    assert_in_order(
        &text,
        &[
            format!("编号：{}", doc.number),
            "当事人一李喆，女，1949年12月31日出生（76岁），身份证号码：110105********002X，住址：石岩哨村坟山组，联系电话：138****8000。".into(),
            "当事人二张堃，住址：石岩哨村坟山组。".into(),
            "1．张堃家赔偿李喆家6,666元（大写：陆仟陆佰陆拾陆元整）。".into(),
            "2．张堃家另择地点将遗骨重新安葬。".into(),
            "赔偿款当场付清，重新安葬于2026年4月15日前完成。".into(),
            "达成协议日期2026年4月3日".into(),
            "人民调解员张喆".into(),
            "登记人刘䶮".into(),
        ],
    );
    assert!(!text.contains("11010519491231002X") && !text.contains("13800138000"), "an unmasked detail was printed");
    assert!(!text.contains("草稿"));

    // A correction is a draft until signed, and says which version it is.
    let v2 = call(&mut l, "agreement_correct", json!({"id": id, "reason": "安葬期限写错", "actor": "杨某"}));
    let v2 = from_ledger::oral_agreement(&mut l, v2["agreement"]["id"].as_str().unwrap()).unwrap();
    assert_eq!(v2.watermark.as_deref(), Some("草稿"));
    assert_eq!(v2.version_note.as_deref(), Some("第2版（更正原因：安葬期限写错）"));
    let text = all_text(&printer().oral_agreement(&v2).unwrap().pdf().unwrap());
    assert!(text.contains("第2版（更正原因：安葬期限写错）") && text.contains("登记日期：年月日"), "{text}");
}

#[test]
fn a_written_agreement_is_not_printed_as_an_oral_one() {
    let mut l = village();
    let case_id = call(
        &mut l,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-04-01T08:40:00+08:00",
            "petitioners": [{"name": "王玥", "village": "石岩哨村"}], "headcount": 1, "category": "邻里纠纷",
            "request": "邻里排水纠纷。", "received_by": "杨某"}),
    )["case_id"]
        .clone();
    let people = call(&mut l, "case_show", json!({"id": case_id}))["people"].clone();
    let content = json!({"party_ids": [people[0]["id"]], "facts": "", "responsibilities": "", "terms": [],
        "performance": "", "copies": 0, "mediators": [], "recorder": ""});
    let id = call(
        &mut l,
        "agreement_draft",
        json!({"case_id": case_id, "form": "written", "content": content, "actor": "杨某"}),
    )["agreement"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let err = from_ledger::oral_agreement(&mut l, &id).unwrap_err();
    assert!(err.to_string().contains("书面协议"), "{err}");
}

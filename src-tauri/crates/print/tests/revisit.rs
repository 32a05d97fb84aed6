//! 回访记录: checking an agreement's performance (seed 2) and a handled
//! request (seed 3), from hand-built data and from a real ledger, read back.

use crate::common;

use common::*;
use serde_json::json;
use xinfang_core::Ledger;
use xinfang_print::{PartyDoc, RevisitDoc, from_ledger};

/// Seed 2, two months on: the 2,600 yuan was paid; the owner now plans a
/// house near the grave.
fn burial_revisit() -> RevisitDoc {
    RevisitDoc {
        place: "石岩哨村".into(),
        case_number: "石岩哨村信〔2026〕第2号".into(),
        agreement_number: Some("（2026）石岩哨村人调字第1号".into()),
        residents: vec![
            PartyDoc {
                name: "王玥".into(),
                gender: Some("女".into()),
                age: Some(58),
                address: Some("石岩哨村三组".into()),
                phone: Some("138****5678".into()),
                ..PartyDoc::default()
            },
            PartyDoc {
                name: "李堃".into(), address: Some("石岩哨村五组大坪子".into()), ..PartyDoc::default()
            },
        ],
        visitee: "王玥".into(),
        reason: "了解（2026）石岩哨村人调字第1号调解协议的履行情况和当事人意见".into(),
        visited_on: Some("2026-05-15".into()),
        method: "上门回访".into(),
        visitor: "刘䶮".into(),
        performance: "李堃家已于签订当日付清土地占用费2600元，此后未再在该承包地内安葬。".into(),
        satisfaction: "基本满意".into(),
        new_problems: "王玥家计划明年建房，担心与坟墓的距离引起新的争执，已告知须按协议第3条留足距离。".into(),
        stopped: Some(false),
        next_due_on: Some("2026-08-15".into()),
    }
}

#[test]
fn the_revisit_record_prints_every_field_in_order() {
    let doc = burial_revisit();
    let pdf = printer().revisit(&doc).unwrap().pdf().unwrap();
    save_artefacts("revisit", &pdf);
    let text = all_text(&pdf);
    assert_in_order(
        &text,
        &[
            "回访记录".into(),
            "单位：石岩哨村".into(),
            "编号：石岩哨村信〔2026〕第2号".into(),
            "当事人一王玥，女，58岁，住址：石岩哨村三组，联系电话：138****5678。".into(),
            "当事人二李堃，住址：石岩哨村五组大坪子。".into(),
            "调解协议（2026）石岩哨村人调字第1号".into(),
            format!("回访事由{}", doc.reason),
            "回访日期2026年5月15日回访方式上门回访".into(),
            "回访人刘䶮被回访人王玥".into(),
            format!("协议履行情况{}", doc.performance),
            "满意程度（）满意（√）基本满意（）不满意".into(),
            format!("新的问题或诉求{}", doc.new_problems),
            "是否息访息诉（）是（√）否".into(),
            "下次回访日期2026年8月15日".into(),
            "回访人（签名）：刘䶮".into(),
            "被回访人（签名或按指印）：王玥".into(),
            "2026年5月15日".into(),
            "第1页共1页".into(),
        ],
    );
    assert_eq!(page_count(&pdf), 1);
    let fonts = fonts(&pdf);
    assert!(!fonts.is_empty() && fonts.iter().all(|(_, embedded)| *embedded), "{fonts:?}");
}

#[test]
fn an_unfilled_record_leaves_the_boxes_to_tick_by_hand() {
    let doc = RevisitDoc {
        agreement_number: None,
        satisfaction: String::new(),
        stopped: None,
        next_due_on: None,
        performance: String::new(),
        reason: "了解信访事项的办理结果落实情况".into(),
        ..burial_revisit()
    };
    let text = all_text(&printer().revisit(&doc).unwrap().pdf().unwrap());
    assert!(text.contains("满意程度（）满意（）基本满意（）不满意"), "{text}");
    assert!(text.contains("是否息访息诉（）是（）否"), "{text}");
    assert!(text.contains("信访人一王玥") && text.contains("问题解决情况满意程度"), "{text}");
    assert!(!text.contains("√") && !text.contains("调解协议"), "{text}");
}

/// Seed 2 in a ledger: settled on the spot with a signed agreement; returns
/// (case id, agreement id).
fn settled_burial(l: &mut Ledger) -> (String, String) {
    let case_id = call(
        l,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
            "petitioners": [{"name": "王玥", "id_number": "11010519491231002X", "phone": "13800138000",
                             "village": "石岩哨村", "group": "三组"}],
            "headcount": 1, "category": "坟地/丧葬", "request": "邻居李堃家在我家承包地内葬坟，要求处理。",
            "received_by": "杨某"}),
    )["case_id"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        l,
        "case_transition",
        json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-03-05", "actor": "杨某"}),
    );
    let wang = call(l, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let li = call(l, "person_add", json!({"name": "李堃", "village": "石岩哨村", "group": "五组"}))["id"].clone();
    let content = json!({"party_ids": [wang, li], "facts": "李堃家在王玥家承包地内安葬亲属。", "responsibilities": "",
        "terms": ["李堃家一次性补偿王玥家2600元。", "今后不再在该地安葬。"], "performance": "当场付清。",
        "copies": 3, "mediators": ["张喆"], "recorder": "欧阳明月"});
    let id =
        call(l, "agreement_draft", json!({"case_id": case_id, "form": "written", "content": content, "actor": "杨某"}))
            ["agreement"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
    call(l, "agreement_sign", json!({"id": id, "signed_on": "2026-03-05", "actor": "杨某"}));
    (case_id, id)
}

#[test]
fn a_revisit_of_a_signed_agreement_from_the_ledger() {
    let mut l = village();
    let (case_id, agreement_id) = settled_burial(&mut l);
    let shown = call(
        &mut l,
        "revisit_add",
        json!({"case_id": case_id, "agreement_id": agreement_id, "visited_on": "2026-04-05", "method": "in_person",
            "visitor": "刘䶮", "visitee": "王玥", "performance": "补偿款2600元已当场付清。", "satisfaction": "satisfied",
            "stopped": true}),
    );
    // A second revisit on the same case, by phone, so the right one must be picked.
    call(
        &mut l,
        "revisit_add",
        json!({"case_id": case_id, "visited_on": "2026-05-05", "method": "phone", "visitor": "杨某", "visitee": "李堃",
            "satisfaction": "mostly_satisfied", "new_problems": "李堃家问能否在坟前立碑。", "next_due_on": "2026-06-05"}),
    );
    let first = shown["revisits"][0]["id"].as_str().unwrap().to_owned();
    let doc = from_ledger::revisit(&mut l, &first).unwrap();
    assert_eq!(doc.agreement_number.as_deref(), Some("（2026）石岩哨村人调字第1号"));
    assert_eq!((doc.method.as_str(), doc.satisfaction.as_str(), doc.stopped), ("上门回访", "满意", Some(true)));
    assert_eq!(doc.new_problems, "无");
    assert_eq!(doc.residents.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["王玥", "李堃"]);
    let text = all_text(&printer().revisit(&doc).unwrap().pdf().unwrap());
    assert_in_order(
        &text,
        &[
            format!("编号：{}", doc.case_number),
            "当事人一王玥，女，1949年12月31日出生（76岁），身份证号码：110105********002X，住址：石岩哨村三组，联系电话：138****8000。".into(),
            "当事人二李堃，住址：石岩哨村五组。".into(),
            "调解协议（2026）石岩哨村人调字第1号".into(),
            "回访事由了解（2026）石岩哨村人调字第1号调解协议的履行情况和当事人意见".into(),
            "回访日期2026年4月5日回访方式上门回访回访人刘䶮被回访人王玥".into(),
            "协议履行情况补偿款2600元已当场付清。".into(),
            "（√）满意（）基本满意（）不满意".into(),
            "新的问题或诉求无".into(),
            "是否息访息诉（√）是（）否下次回访日期无".into(),
        ],
    );
    assert!(!text.contains("11010519491231002X") && !text.contains("13800138000"), "an unmasked detail was printed");

    let second = call(&mut l, "case_show", json!({"id": case_id}))["revisits"][1]["id"].as_str().unwrap().to_owned();
    let doc = from_ledger::revisit(&mut l, &second).unwrap();
    assert_eq!(
        (doc.visitee.as_str(), doc.method.as_str(), doc.satisfaction.as_str()),
        ("李堃", "电话回访", "基本满意")
    );
    assert_eq!(doc.next_due_on.as_deref(), Some("2026-06-05"));
    assert_eq!(doc.agreement_number, None);
}

/// Seed 3: waste on the farmland, carried to the township and cleared; the
/// revisit checks the land is usable again.
#[test]
fn a_revisit_of_a_handled_request_names_the_petitioners() {
    let mut l = village();
    let case_id = call(
        &mut l,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
            "petitioners": [{"name": "张喆", "village": "石岩哨村", "group": "二组", "representative": true},
                            {"name": "欧阳明月", "village": "石岩哨村", "group": "二组", "representative": true}],
            "headcount": 32, "category": "农田水利", "request": "水渠承包方在约100亩农田里堆放废渣，要求清理。",
            "received_by": "杨某"}),
    )["case_id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (action, on) in [("commission", "2026-03-02"), ("carry_up", "2026-03-02"), ("feed_back", "2026-03-03")] {
        call(
            &mut l,
            "case_transition",
            json!({"id": case_id, "transition": {"action": action}, "on": on, "actor": "杨某"}),
        );
    }
    let shown = call(
        &mut l,
        "revisit_add",
        json!({"case_id": case_id, "visited_on": "2026-03-20", "method": "in_person", "visitor": "杨某",
            "visitee": "张喆", "performance": "废渣已全部清运，农田已恢复耕种。", "satisfaction": "satisfied", "stopped": true}),
    );
    let doc = from_ledger::revisit(&mut l, shown["revisits"][0]["id"].as_str().unwrap()).unwrap();
    let text = all_text(&printer().revisit(&doc).unwrap().pdf().unwrap());
    assert_in_order(
        &text,
        &[
            "信访人一张喆，住址：石岩哨村二组。".into(),
            "信访人二欧阳明月，住址：石岩哨村二组。".into(),
            "回访事由了解信访事项的办理结果落实情况和信访人意见".into(),
            "问题解决情况废渣已全部清运，农田已恢复耕种。".into(),
        ],
    );

    let err = from_ledger::revisit(&mut l, "no-such-revisit").unwrap_err();
    assert!(err.to_string().contains("找不到回访记录"), "{err}");
}

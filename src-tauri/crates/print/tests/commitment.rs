//! 群众信访双向承诺书: from a commissioned case in a real ledger, and for a
//! collective visit with five representatives (seed 3), read back.

use crate::common;

use common::*;
use serde_json::json;
use xinfang_print::{CommitmentDoc, PartyDoc, from_ledger};

#[test]
fn the_commitment_of_a_commissioned_case_names_the_resident_and_the_liaison() {
    let mut l = village();
    let added = call(
        &mut l,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-04-02T09:30:00+08:00",
            "petitioners": [{"name": "张喆", "id_number": "11010519491231002X", "phone": "13800138000",
                             "village": "石岩哨村", "group": "七组"}],
            "headcount": 1, "category": "环境/水源", "request": "上游桶装水厂取水，七组饮用水源水量减少，要求保障饮水安全。",
            "received_by": "杨某"}),
    );
    let case_id = added["case_id"].as_str().unwrap().to_owned();
    call(
        &mut l,
        "case_transition",
        json!({"id": case_id, "transition": {"action": "commission"}, "on": "2026-04-03", "actor": "刘䶮"}),
    );
    let doc = from_ledger::commitment(&mut l, &case_id).unwrap();
    assert_eq!(doc.liaison, "刘䶮");
    assert_eq!(doc.signed_on.as_deref(), Some("2026-04-03"));
    let pdf = printer().commitment(&doc).unwrap().pdf().unwrap();
    let text = all_text(&pdf);
    assert_in_order(
        &text,
        &[
            "群众信访双向承诺书".into(),
            format!("编号：{}", doc.case_number),
            "信访人：张喆，女，1949年12月31日出生（76岁），身份证号码：110105********002X，住址：石岩哨村七组，联系电话：138****8000。".into(),
            "代理人：石岩哨村信访代理员刘䶮。".into(),
            "信访事项：".into(),
            "上游桶装水厂取水，七组饮用水源水量减少，要求保障饮水安全。".into(),
            "信访人（签名或按指印）：张喆".into(),
            "代理人（签名）：刘䶮".into(),
            "2026年4月3日".into(),
        ],
    );
}

/// Seed 3: waste left on ~100 mu of farmland; 30+ villagers, five representatives.
#[test]
fn a_collective_visit_prints_every_representative_and_the_five_prohibitions() {
    let names = ["王玥", "李堃", "张喆", "刘䶮", "欧阳明月"];
    let doc = CommitmentDoc {
        case_number: "石岩哨村信〔2026〕第3号".into(),
        place: "石岩哨村".into(),
        residents: names
            .iter()
            .map(|n| PartyDoc { name: (*n).into(), address: Some("石岩哨村二组".into()), ..PartyDoc::default() })
            .collect(),
        request: "水渠承包方在约100亩农田里堆放弃土废渣，无法耕种，要求限期清理恢复。".into(),
        liaison: "杨某".into(),
        signed_on: None,
    };
    let pdf = printer().commitment(&doc).unwrap().pdf().unwrap();
    save_artefacts("commitment", &pdf);
    let pages = pages_text(&pdf);
    let text = pages.concat();
    let mut expected: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("信访人{}：{n}，住址：石岩哨村二组。", ["一", "二", "三", "四", "五"][i]))
        .collect();
    expected.extend(
        [
            "代理人：石岩哨村信访代理员杨某。",
            "信访人承诺：",
            "代理人承诺：",
            "不准收取任何费用",
            "不准违反《信访工作条例》的规定",
            "不准接受吃请、谋取好处",
            "不准收受礼品、礼金",
            "不准徇私舞弊、优亲厚友",
            "本承诺书一式6份，信访人、代理人各持一份",
        ]
        .map(String::from),
    );
    assert_in_order(&text, &expected);
    let signature_page = pages.iter().find(|p| p.contains("代理人（签名）")).unwrap();
    assert_eq!(signature_page.matches("信访人（签名或按指印）").count(), 5, "{signature_page}");
    assert!(signature_page.contains("石岩哨村信访站（盖章）"));
    assert!(signature_page.contains("年月日"));
    assert!(fonts(&pdf).iter().all(|(_, embedded)| *embedded));
}

//! From a real ledger to paper: an agreement drafted, signed and corrected
//! through the command layer, printed and read back. The print crate only
//! sees the commands' answers.

use crate::common;

use common::*;
use serde_json::json;
use xinfang_core::Ledger;
use xinfang_print::from_ledger;

/// A burial dispute settled on the spot with a signed agreement between 王玥
/// (from the visit, with an ID number) and 李堃 (added by name).
fn signed_agreement(l: &mut Ledger) -> (String, String) {
    let added = call(
        l,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
            "petitioners": [{"name": "王玥", "id_number": "11010519491231002X", "phone": "13800138000",
                             "village": "石岩哨村", "group": "大营头组", "address": "大营头组12号"}],
            "headcount": 1, "category": "坟地/丧葬", "request": "反映邻居李堃在我家承包地内葬坟，要求迁走。",
            "received_by": "杨某"}),
    );
    let case_id = added["case_id"].as_str().unwrap().to_owned();
    call(
        l,
        "case_transition",
        json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-03-05", "actor": "杨某"}),
    );
    let detail = call(l, "case_show", json!({"id": case_id}));
    let wang = detail["people"][0]["id"].clone();
    let li = call(l, "person_add", json!({"name": "李堃", "village": "石岩哨村", "group": "下寨组"}))["id"].clone();
    let content = json!({"party_ids": [wang, li], "facts": "李堃家在王玥家承包地内安葬亲属，双方发生争议。",
        "responsibilities": "李堃家未经同意占用他人承包地。",
        "terms": ["李堃家一次性补偿王玥家土地款2600元。", "李堃家今后不得再在该地安葬。"],
        "performance": "签订协议之日当场付清。", "copies": 3, "mediators": ["张喆", "刘䶮"], "recorder": "欧阳明月"});
    let draft =
        call(l, "agreement_draft", json!({"case_id": case_id, "form": "written", "content": content, "actor": "杨某"}));
    let id = draft["agreement"]["id"].as_str().unwrap().to_owned();
    call(l, "agreement_sign", json!({"id": id, "signed_on": "2026-05-04", "actor": "杨某"}));
    (case_id, id)
}

#[test]
fn a_signed_agreement_from_the_ledger_identifies_every_party_whole_and_the_same_way() {
    let mut l = village();
    let (case_id, id) = signed_agreement(&mut l);
    let doc = from_ledger::agreement(&mut l, &id).unwrap();
    assert_eq!(doc.number.as_deref(), Some("（2026）石岩哨村人调字第1号"));
    assert_eq!(doc.committee, "石岩哨村人民调解委员会");
    assert_eq!(doc.copies, 3);
    assert_eq!(doc.watermark, None);
    let pdf = printer().agreement(&doc).unwrap().pdf().unwrap();
    let text = all_text(&pdf);
    assert_in_order(
        &text,
        &[
            "编号：（2026）石岩哨村人调字第1号".into(),
            // The birth date and gender come from the ID number; age on the
            // signing day. The numbers are whole, and what is not known is a
            // blank to fill in, for both parties alike (人民调解法第二十九条).
            "当事人一：王玥，女，民族：，1949年12月31日出生（76岁），职业：，身份证号码：11010519491231002X，住址：石岩哨村大营头组12号，联系电话：13800138000。".into(),
            "当事人二：李堃，性别：，民族：，年龄：，职业：，身份证号码：，住址：石岩哨村下寨组，联系电话：。".into(),
            "1．李堃家一次性补偿王玥家土地款2600元（大写：贰仟陆佰元整）。".into(),
            "2．李堃家今后不得再在该地安葬。".into(),
            "本协议一式3份".into(),
            "人民调解员（签名）：张喆、刘䶮".into(),
            "记录人（签名）：欧阳明月".into(),
            "2026年5月4日".into(),
        ],
    );
    assert!(!text.contains("********"), "a masked number on the agreement: {text}");
    // Printing it was a look at both parties' numbers, on the record.
    let looks = call(&mut l, "access_list", json!({"id": case_id}));
    let reasons: Vec<&str> = looks.as_array().unwrap().iter().map(|a| a["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, ["打印人民调解协议书（（2026）石岩哨村人调字第1号）"; 2]);
    // Every page carries the version's fingerprint, the one the ledger shows.
    let shown = call(&mut l, "agreement_show", json!({"id": id}));
    let fingerprint = shown["fingerprint"].as_str().unwrap();
    assert_eq!(doc.fingerprint.as_deref(), Some(fingerprint));
    for page in pages_text(&pdf) {
        assert!(page.contains(&format!("内容指纹{fingerprint}")), "a page without the fingerprint: {page}");
    }
}

#[test]
fn a_correction_prints_as_a_draft_with_its_version_and_the_old_one_as_superseded() {
    let mut l = village();
    let (_, id) = signed_agreement(&mut l);
    let v2 = call(&mut l, "agreement_correct", json!({"id": id, "reason": "补偿款金额写错", "actor": "杨某"}));
    let v2_id = v2["agreement"]["id"].as_str().unwrap().to_owned();
    let doc = from_ledger::agreement(&mut l, &v2_id).unwrap();
    assert_eq!(doc.watermark.as_deref(), Some("草稿"));
    assert_eq!(doc.version_note.as_deref(), Some("第2版（更正原因：补偿款金额写错）"));
    let text = all_text(&printer().agreement(&doc).unwrap().pdf().unwrap());
    assert!(text.contains("第2版（更正原因：补偿款金额写错）"), "{text}");
    assert!(text.contains("年月日"), "a draft has a blank date line: {text}");
    call(&mut l, "agreement_sign", json!({"id": v2_id, "signed_on": "2026-05-05", "actor": "杨某"}));
    assert_eq!(from_ledger::agreement(&mut l, &id).unwrap().watermark.as_deref(), Some("已被更正"));
}

#[test]
fn an_unknown_agreement_is_a_data_error_in_chinese() {
    let mut l = village();
    let err = from_ledger::agreement(&mut l, "no-such-id").unwrap_err();
    assert!(err.to_string().contains("调解协议"), "{err}");
}

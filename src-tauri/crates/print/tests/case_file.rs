//! The case file (调解卷宗): its cover and 卷宗目录, from hand-built data
//! (seed 6) and from a real ledger (seed 1 with a corrected agreement and a
//! revisit; seed 7 settled by the township without an agreement), read back.

use crate::common;

use common::*;
use serde_json::json;
use xinfang_print::{CaseFileDoc, FileItem, from_ledger};

fn item(title: &str, date: &str, pages: &str, note: &str) -> FileItem {
    FileItem {
        title: title.into(),
        date: Some(date.into()),
        pages: (!pages.is_empty()).then(|| pages.into()),
        note: (!note.is_empty()).then(|| note.into()),
        section: None,
    }
}

/// Seed 6: a quarry vehicle killed a worker's child; 80,000 yuan agreed
/// under the police station's mediation.
fn quarry() -> CaseFileDoc {
    CaseFileDoc {
        title: "人民调解卷宗".into(),
        keeper: "石岩哨村人民调解委员会".into(),
        file_number: Some("（2026）石岩哨村人调字第6号".into()),
        case_number: "石岩哨村信〔2026〕第6号".into(),
        category: "损害赔偿".into(),
        parties: vec!["周玥".into(), "石岩哨采石场（负责人：郑堃）".into()],
        result: "本级调处，达成书面调解协议，化解".into(),
        accepted_on: Some("2026-03-16".into()),
        closed_on: Some("2026-04-20".into()),
        mediators: vec!["张喆".into(), "刘䶮".into()],
        filed_by: Some("欧阳明月".into()),
        filed_on: Some("2026-04-22".into()),
        retention: Some("长期".into()),
        items: vec![
            item("受理登记表（来访）", "2026-03-16", "1", "受理人：杨某"),
            item("调解记录（本级调处）", "2026-03-18", "2-4", "派出所、司法所参加"),
            item("人民调解协议书（已签订）", "2026-03-20", "5-6", "赔偿80000元"),
            item("回访记录（上门回访）", "2026-04-20", "7", "回访人：刘䶮；满意"),
            // An attachment the clerk adds by hand (issue: attachments).
            item("履行凭证（银行转账回单）", "2026-03-21", "", ""),
        ],
        ..CaseFileDoc::default()
    }
}

#[test]
fn the_cover_and_the_list_of_contents_print_every_field() {
    let doc = quarry();
    let pdf = printer().case_file(&doc).unwrap().pdf().unwrap();
    save_artefacts("case-file", &pdf);
    let pages = pages_text(&pdf);
    assert_eq!(pages.len(), 3, "the cover, the list of contents, the back cover");
    assert_in_order(
        &pages[0],
        &[
            "人民调解卷宗".into(),
            "卷宗号：（2026）石岩哨村人调字第6号".into(),
            "案件编号：石岩哨村信〔2026〕第6号".into(),
            "案由：损害赔偿".into(),
            "当事人：周玥、石岩哨采石场（负责人：郑堃）".into(),
            "调解结果：本级调处，达成书面调解协议，化解".into(),
            "受理日期：2026年3月16日".into(),
            "结案日期：2026年4月20日".into(),
            "调解员：张喆、刘䶮".into(),
            "立卷人：欧阳明月".into(),
            "立卷日期：2026年4月22日".into(),
            "保管期限：长期".into(),
            "石岩哨村人民调解委员会".into(),
            "第1页共3页".into(),
        ],
    );
    let mut expected = vec![
        "卷宗目录".to_owned(),
        "卷宗号：（2026）石岩哨村人调字第6号".into(),
        "案件编号：石岩哨村信〔2026〕第6号".into(),
        "序号文书名称日期页号备注".into(),
    ];
    for (i, it) in doc.items.iter().enumerate() {
        let d = it.date.as_deref().unwrap();
        let (y, m, day) = (&d[..4], d[5..7].trim_start_matches('0'), d[8..].trim_start_matches('0'));
        expected.push(format!(
            "{}{}{y}.{m}.{day}{}{}",
            i + 1,
            it.title,
            it.pages.as_deref().unwrap_or(""),
            it.note.as_deref().unwrap_or("")
        ));
    }
    expected.push("第2页共3页".into());
    assert_in_order(&pages[1], &expected);
    assert_in_order(
        &pages[2],
        &[
            "卷内备考表".to_owned(),
            format!("本卷共3页（含封面、目录和本页），文书{}份。", doc.items.len()),
            "立卷人欧阳明月".into(),
            "立卷日期2026年4月22日".into(),
        ],
    );
    assert!(fonts(&pdf).iter().all(|(_, embedded)| *embedded));
}

#[test]
fn a_long_list_of_contents_repeats_its_header() {
    let mut doc = quarry();
    doc.items = (1..=45).map(|i| item(&format!("调查记录第{i}份（走访刘䶮等群众）"), "2026-03-18", "", "")).collect();
    let pages = pages_text(&printer().case_file(&doc).unwrap().pdf().unwrap());
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let (list, back) = pages[1..].split_at(pages.len() - 2);
    for page in list {
        assert!(page.contains("序号文书名称日期页号备注"), "a page of the list lacks its header: {page}");
    }
    assert!(back[0].starts_with("卷内备考表"), "{}", back[0]);
    assert_in_order(&pages.concat(), &(1..=45).map(|i| format!("{i}调查记录第{i}份")).collect::<Vec<_>>());
}

/// Seed 1 in a ledger: a grave dug up, mediated on the spot; the agreement
/// (6,666 yuan) was corrected once, then revisited and closed.
#[test]
fn the_case_file_from_the_ledger_is_complete_in_the_ministrys_order_with_running_page_numbers() {
    let mut l = village();
    let added = call(
        &mut l,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
            "petitioners": [{"name": "李喆", "id_number": "11010519491231002X", "village": "石岩哨村", "group": "坟山组"}],
            "headcount": 1, "category": "坟地/丧葬", "request": "邻居张堃家挖了我家祖坟，要求赔偿。", "received_by": "杨某"}),
    );
    let case_id = added["case_id"].as_str().unwrap().to_owned();
    call(
        &mut l,
        "visit_add",
        json!({"channel": "phone", "received_at": "2026-03-03T16:00:00+08:00", "repeat_of": case_id,
            "petitioners": [{"name": "李喆", "village": "石岩哨村", "group": "坟山组"}],
            "headcount": 1, "category": "坟地/丧葬", "request": "催问调解进度。", "received_by": "杨某"}),
    );
    call(
        &mut l,
        "case_transition",
        json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-03-04", "actor": "张喆"}),
    );
    let li = call(&mut l, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let zhang = call(&mut l, "person_add", json!({"name": "张堃", "village": "石岩哨村"}))["id"].clone();
    let content = json!({"party_ids": [li, zhang], "facts": "张堃家挖开李喆家祖坟。", "responsibilities": "",
        "terms": ["张堃家赔偿李喆家6666元。", "张堃家另择地点重新安葬。"], "performance": "当场付清。", "copies": 3,
        "mediators": ["张喆", "刘䶮"], "recorder": "欧阳明月"});
    let v1 = call(
        &mut l,
        "agreement_draft",
        json!({"case_id": case_id, "form": "written", "content": content, "actor": "杨某"}),
    )["agreement"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    call(&mut l, "agreement_sign", json!({"id": v1, "signed_on": "2026-03-05", "actor": "杨某"}));
    let v2 =
        call(&mut l, "agreement_correct", json!({"id": v1, "reason": "赔偿款金额写错", "actor": "杨某"}))["agreement"]
            ["id"]
            .as_str()
            .unwrap()
            .to_owned();
    call(&mut l, "agreement_sign", json!({"id": v2, "signed_on": "2026-05-06", "actor": "杨某"}));
    call(
        &mut l,
        "revisit_add",
        json!({"case_id": case_id, "agreement_id": v2, "visited_on": "2026-05-06", "method": "phone", "visitor": "刘䶮",
            "visitee": "李喆", "satisfaction": "satisfied", "stopped": true}),
    );
    call(
        &mut l,
        "case_transition",
        json!({"id": case_id, "transition": {"action": "close", "outcome": "resolved"}, "on": "2026-05-06", "actor": "杨某"}),
    );

    let doc = from_ledger::case_file(&mut l, &case_id, Some("欧阳明月")).unwrap();
    assert_eq!(doc.title, "人民调解卷宗");
    assert_eq!(doc.keeper, "石岩哨村人民调解委员会");
    assert_eq!(doc.file_number.as_deref(), Some("（2026）石岩哨村人调字第1号"));
    assert_eq!(doc.parties, ["李喆", "张堃"]);
    assert_eq!(doc.mediators, ["张喆", "刘䶮"]);
    assert_eq!(doc.result, "本级调处，达成书面调解协议，化解");
    assert_eq!((doc.accepted_on.as_deref(), doc.closed_on.as_deref()), (Some("2026-03-04"), Some("2026-05-06")));
    assert_eq!(doc.filed_on.as_deref(), Some("2026-05-06"));
    let listed: Vec<(&str, &str)> =
        doc.items.iter().map(|i| (i.title.as_str(), i.date.as_deref().unwrap_or(""))).collect();
    assert_eq!(
        listed,
        [
            ("受理登记表（来访）", "2026-03-02"),
            ("重复来访登记（电话）", "2026-03-03"),
            ("调解记录（本级调处）", "2026-03-04"),
            ("人民调解协议书（第1版，已被更正）", "2026-03-05"),
            ("人民调解协议书（第2版，已签订）", "2026-05-06"),
            ("回访记录（电话回访）", "2026-05-06"),
            ("结案记录", "2026-05-06"),
        ]
    );

    let pdf = printer().case_file(&doc).unwrap().pdf().unwrap();
    let pages = pages_text(&pdf);
    assert_in_order(
        &pages[0],
        &["当事人：李喆、张堃".into(), "立卷人：欧阳明月".into(), "立卷日期：2026年5月6日".into()],
    );
    assert_in_order(
        &pages[1],
        &[
            "1受理登记表（来访）2026.3.2受理人：杨某".into(),
            // Each paper printed whole gets the page it starts on.
            "4人民调解协议书（第1版，已被更正）2026.3.53（2026）石岩哨村人调字第1号".into(),
            "5人民调解协议书（第2版，已签订）2026.5.64（2026）石岩哨村人调字第1号".into(),
            "6回访记录（电话回访）2026.5.65回访人：刘䶮；满意".into(),
            "7结案记录2026.5.6杨某".into(),
        ],
    );
    // The papers follow, whole, and the pages run on to the back cover.
    let total = pages.len();
    assert_eq!(total, 6, "cover, contents, two agreements, the revisit, the back cover");
    assert!(pages[2].starts_with("（本版本已被更正）人民调解协议书"), "{}", pages[2]);
    assert!(pages[2].contains("第3页共6页"), "{}", pages[2]);
    assert!(pages[4].starts_with("回访记录") && pages[4].contains("第5页共6页"), "{}", pages[4]);
    assert!(pages[5].contains("本卷共6页"), "{}", pages[5]);
}

/// Seed 7: a contractor drained a reservoir; the township acted and no
/// agreement was made: a petition file, not a mediation file.
#[test]
fn a_case_without_mediation_is_a_petition_file() {
    let mut l = village();
    let case_id = call(
        &mut l,
        "visit_add",
        json!({"channel": "letter", "received_at": "2026-04-01T09:00:00+08:00",
            "petitioners": [{"name": "刘䶮", "village": "石岩哨村", "group": "四组"}],
            "headcount": 1, "category": "农田水利", "request": "承包人放干水库，两千亩农田无水灌溉。", "received_by": "杨某"}),
    )["case_id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (action, on) in [("commission", "2026-04-01"), ("carry_up", "2026-04-02"), ("feed_back", "2026-04-10")] {
        call(
            &mut l,
            "case_transition",
            json!({"id": case_id, "transition": {"action": action}, "on": on, "actor": "杨某"}),
        );
    }
    let doc = from_ledger::case_file(&mut l, &case_id, None).unwrap();
    assert_eq!((doc.title.as_str(), doc.keeper.as_str()), ("信访事项卷宗", "石岩哨村信访站"));
    assert_eq!((doc.file_number.as_deref(), doc.filed_by.as_deref()), (None, None));
    assert_eq!(doc.result, "反馈结果，正在化解");
    let titles: Vec<&str> = doc.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["受理登记表（来信）", "群众信访双向承诺书", "代言代访记录", "反馈结果记录"]);
    let pages = pages_text(&printer().case_file(&doc).unwrap().pdf().unwrap());
    assert_in_order(
        &pages[0],
        &["信访事项卷宗".into(), "卷宗号：案件编号：".into(), "当事人：刘䶮".into(), "石岩哨村信访站".into()],
    );
    assert!(pages[1].contains("2群众信访双向承诺书2026.4.1杨某；信访人与代理人签订双向承诺书"), "{}", pages[1]);
}

/// Attachments are listed in the 卷宗目录; each photo or scan here is drawn
/// on its own page after it (a large one from its display copy), a PDF scan
/// only listed.
#[test]
fn the_case_file_lists_the_attachments_and_draws_the_photos() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = village();
    let case_id = call(
        &mut l,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
            "petitioners": [{"name": "李喆", "village": "石岩哨村"}], "category": "坟地/丧葬",
            "request": "邻居挖了我家祖坟，要求赔偿。", "received_by": "杨某"}),
    )["case_id"]
        .clone();
    let photo = dir.path().join("现场.png");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/../../icons/128x128.png"), &photo).unwrap();
    let scan = dir.path().join("收据.pdf");
    std::fs::write(&scan, b"%PDF-1.4\n% a receipt scanned as PDF\n").unwrap();
    // A camera photo, made here: drawn from its 1600 px display copy.
    let big = dir.path().join("付款.jpg");
    let pixels = image::RgbImage::from_fn(3000, 2000, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    pixels.save_with_format(&big, image::ImageFormat::Jpeg).unwrap();
    call(
        &mut l,
        "attachment_add",
        json!({"case_id": case_id, "path": photo, "kind": "evidence", "caption": "祖坟被挖现场", "actor": "杨某"}),
    );
    call(
        &mut l,
        "attachment_add",
        json!({"case_id": case_id, "path": scan, "kind": "performance_proof", "actor": "杨某"}),
    );
    call(
        &mut l,
        "attachment_add",
        json!({"case_id": case_id, "path": big, "kind": "performance_proof", "actor": "杨某"}),
    );

    let doc = from_ledger::case_file(&mut l, case_id.as_str().unwrap(), None).unwrap();
    let titles: Vec<&str> = doc.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["受理登记表（来访）", "证据材料：祖坟被挖现场", "履行凭证：收据.pdf", "履行凭证：付款.jpg"]);
    assert_eq!(doc.images.len(), 2, "only the photos are drawn");
    assert_eq!(doc.images[0].title, "证据材料：祖坟被挖现场");
    let small = &doc.image_files[0].1;
    assert_eq!(small, &std::fs::read(&photo).unwrap(), "a small photo is drawn as it is");
    let drawn = image::load_from_memory(&doc.image_files[1].1).unwrap();
    assert_eq!((drawn.width(), drawn.height()), (1600, 1067), "the large one from its display copy");

    let pdf = printer().case_file(&doc).unwrap().pdf().unwrap();
    let pages = pages_text(&pdf);
    assert_eq!(pages.len(), 5, "cover, contents, two photos, the back cover");
    assert_in_order(&pages[2], &["附件1".into(), "证据材料：祖坟被挖现场".into()]);
    let images = lopdf::Document::load_mem(&pdf)
        .unwrap()
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| s.dict.get(b"Subtype").is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Image")))
        })
        .count();
    assert!(images >= 2, "the photos are embedded as images");
    save_artefacts("case-file-attachments", &pdf);
}

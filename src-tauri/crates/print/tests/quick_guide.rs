//! 信访台账操作指南: the one-page guide for a liaison, from a real ledger
//! (the village in its title, the ledger's own time limits with their legal
//! basis), read back from the PDF; and through the print commands as the
//! help page's 打印操作指南 asks for it.

use crate::common;

use common::*;
use serde_json::json;
use xinfang_core::domain::deadlines::TimeLimits;
use xinfang_core::store::settings;
use xinfang_print::{QuickGuideDoc, commands, from_ledger};

#[test]
fn the_guide_is_one_page_with_the_village_the_five_steps_and_the_time_limits() {
    let mut l = village();
    let doc = from_ledger::quick_guide(&mut l).unwrap();
    assert_eq!(doc.place.as_deref(), Some("石岩哨村"));
    assert_eq!(doc.printed_on, "2026-05-06");
    let pdf = printer().quick_guide(&doc).unwrap().pdf().unwrap();
    save_artefacts("quick-guide", &pdf);
    assert_eq!(page_count(&pdf), 1);
    let text = all_text(&pdf);
    assert_in_order(
        &text,
        &[
            "信访台账操作指南 — 石岩哨村".into(),
            "一、信访五步法".into(),
            "登记备案 → 委托（签订双向承诺书） → 代言代访 → 反馈结果 → 回访巩固".into(),
            "二、办理时限".into(),
            "受理告知期限15 日".into(),
            "《信访工作条例》：收到信访事项后15日内，区分情况予以受理、转送交办或告知通过法定途径解决，并书面告知信访人".into(),
            "办结期限60 日可延长一次，不超过 30 日".into(),
            "调解期限30 日".into(),
            "一个月内调结".into(),
            "司法确认申请期限30 日".into(),
            "《人民调解法》第三十三条".into(),
            "回访期限15 日".into(),
            "村级矛盾纠纷排查3 日".into(),
            "三、每次接待群众".into(),
            "检举、揭发干部的，勾选“检举、揭发”：只有信访员和乡镇信访办能看到，不得透露给被检举的人。".into(),
            "四、用 U 盘与乡镇同步".into(),
            "五、备份".into(),
            "六、联系电话".into(),
            "乡镇信访办电话：".into(),
            "印制日期：2026年5月6日".into(),
            "第1页共1页".into(),
        ],
    );
    let fonts = fonts(&pdf);
    assert!(!fonts.is_empty() && fonts.iter().all(|(_, embedded)| *embedded), "{fonts:?}");
}

#[test]
fn the_time_limits_are_the_ledgers_own() {
    // A county that counts 10 days to accept and allows 20 more to handle
    // gets those figures on paper, so the guide never disagrees with 工作台.
    let mut l = village();
    let limits = TimeLimits { accept_days: 10, max_extension_days: 20, ..TimeLimits::default() };
    let json = serde_json::to_string(&limits).unwrap();
    l.store.write_local(|tx| settings::put_local(tx, "time_limits", &json)).unwrap();
    let text = all_text(&printer().quick_guide(&from_ledger::quick_guide(&mut l).unwrap()).unwrap().pdf().unwrap());
    assert!(text.contains("受理告知期限10日"), "{text}");
    assert!(text.contains("办结期限60日可延长一次，不超过20日"), "{text}");
    assert!(!text.contains("受理告知期限15日"), "{text}");
}

#[test]
fn before_set_up_the_title_names_no_place_and_a_long_name_still_fits_one_page() {
    let doc = QuickGuideDoc { place: None, ..from_ledger::quick_guide(&mut village()).unwrap() };
    assert_eq!(doc.title(), "信访台账操作指南");
    let pdf = printer().quick_guide(&doc).unwrap().pdf().unwrap();
    let text = all_text(&pdf);
    assert!(text.starts_with("信访台账操作指南程序左侧菜单"), "{text}");
    assert!(!text.contains("—"), "{text}");

    let long = QuickGuideDoc { place: Some("阿依达克托别哈萨克族自治村".into()), ..doc };
    let pdf = printer().quick_guide(&long).unwrap().pdf().unwrap();
    assert_eq!(page_count(&pdf), 1);
    assert!(all_text(&pdf).contains("信访台账操作指南—阿依达克托别哈萨克族自治村"));
}

#[test]
fn the_print_commands_preview_and_save_the_guide() {
    let mut l = village();
    let p = printer();
    let request = json!({"document": "quick_guide"});
    let shown = commands::dispatch(&mut l, &p, "print_preview", json!({"request": request})).unwrap();
    assert_eq!(shown["title"], "信访台账操作指南（石岩哨村）");
    assert_eq!(shown["pages"].as_array().unwrap().len(), 1);
    assert_eq!(shown["fingerprint"], json!(null));

    let dir = tempfile::tempdir().unwrap();
    let saved = commands::dispatch(
        &mut l,
        &p,
        "print_save",
        json!({"request": request, "folder": dir.path().display().to_string(), "actor": "杨某"}),
    )
    .unwrap();
    assert_eq!(saved["path"], dir.path().join("信访台账操作指南（石岩哨村）.pdf").display().to_string());
    assert_eq!(saved["pages"], 1);
}

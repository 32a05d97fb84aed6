//! 信访事项受理登记表 (来访登记簿) for a date range: from hand-built rows
//! (seeds 3–7) and from a real ledger, read back; a long register runs onto
//! more pages with its header row on each.

use crate::common;

use common::*;
use lopdf::Document;
use serde_json::{Value, json};
use xinfang_core::Ledger;
use xinfang_print::{RegisterDoc, RegisterRow, from_ledger};

const HEADER: &str = "序号日期信访人村组/住址方式信访事项（摘要）类别受理人办理情况办结日期";

fn row(on: &str, number: &str, names: &[&str], address: &str, channel: &str, request: &str) -> RegisterRow {
    RegisterRow {
        received_on: on.into(),
        case_number: number.into(),
        petitioners: names.iter().map(|n| (*n).into()).collect(),
        headcount: names.len() as u32,
        address: Some(address.into()),
        channel: channel.into(),
        request: request.into(),
        repeat: false,
        category: "其他".into(),
        received_by: "杨某".into(),
        handling: "登记备案，正在化解".into(),
        handled_on: None,
    }
}

/// Seeds 3–7 as they came in over March.
fn march() -> RegisterDoc {
    let mut rows = vec![
        RegisterRow {
            headcount: 32,
            category: "农田水利".into(),
            handling: "反馈结果，办结".into(),
            handled_on: Some("2026-03-03".into()),
            ..row(
                "2026-03-02",
                "石岩哨村信〔2026〕第3号",
                &["王玥", "李堃", "张喆", "刘䶮", "欧阳明月"],
                "石岩哨村二组",
                "来访",
                "水渠承包方在约100亩农田里堆放弃土废渣，无法耕种，群众准备集体到县里反映，要求限期清理恢复。",
            )
        },
        RegisterRow {
            category: "环境/水源".into(),
            ..row(
                "2026-03-09",
                "石岩哨村信〔2026〕第4号",
                &["赵喆"],
                "石岩哨村七组",
                "来信",
                "上游桶装水生产线取水，七组饮用水源水量减少，要求保障饮水安全。",
            )
        },
        RegisterRow {
            category: "土地承包".into(),
            handling: "本级调处，达成口头调解协议，化解".into(),
            handled_on: Some("2026-03-12".into()),
            ..row(
                "2026-03-11",
                "石岩哨村信〔2026〕第5号",
                &["孙堃"],
                "石岩哨村后山组",
                "电话",
                "后山一万亩林地出租价格过低，要求重新议价。",
            )
        },
        RegisterRow {
            category: "损害赔偿".into(),
            handling: "本级调处，达成书面调解协议，化解".into(),
            handled_on: Some("2026-03-20".into()),
            ..row(
                "2026-03-16",
                "石岩哨村信〔2026〕第6号",
                &["周玥"],
                "石岩哨村三组",
                "来访",
                "采石场运输车辆撞死工人之子，要求采石场赔偿。",
            )
        },
        RegisterRow {
            category: "农田水利".into(),
            handling: "代言代访，交办镇农业农村办，正在化解".into(),
            ..row(
                "2026-03-25",
                "石岩哨村信〔2026〕第7号",
                &["吴喆"],
                "石岩哨村四组",
                "网上",
                "承包人放干水库，两千亩农田无水灌溉，要求恢复蓄水。",
            )
        },
    ];
    rows.push(RegisterRow {
        repeat: true,
        ..row("2026-03-30", "石岩哨村信〔2026〕第4号", &["赵喆"], "石岩哨村七组", "来访", "再次反映饮用水源问题。")
    });
    RegisterDoc { place: "石岩哨村".into(), from: "2026-03-01".into(), to: "2026-03-31".into(), rows }
}

fn is_landscape(pdf: &[u8]) -> bool {
    let doc = Document::load_mem(pdf).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let media = doc.get_dictionary(page).unwrap().get(b"MediaBox").unwrap().as_array().unwrap().clone();
    let n = |i: usize| media[i].as_float().unwrap();
    n(2) - n(0) > n(3) - n(1)
}

#[test]
fn the_march_register_prints_every_row_and_the_total() {
    let doc = march();
    let pdf = printer().register(&doc).unwrap().pdf().unwrap();
    save_artefacts("register", &pdf);
    assert!(is_landscape(&pdf), "the register is landscape A4");
    let text = all_text(&pdf);
    let mut expected = vec![
        "信访事项受理登记表".to_owned(),
        "单位：石岩哨村".into(),
        "登记期间：2026年3月1日至2026年3月31日".into(),
        HEADER.into(),
    ];
    for (i, r) in doc.rows.iter().enumerate() {
        let names = r.petitioners.join("、");
        let who =
            if r.headcount as usize > r.petitioners.len() { format!("{names}等{}人", r.headcount) } else { names };
        let repeat = if r.repeat { "（重复访）" } else { "" };
        expected.extend([
            format!("{}{}", i + 1, r.received_on.replace("-0", ".").replace('-', ".")),
            who,
            r.address.clone().unwrap(),
            r.channel.clone(),
            r.case_number.clone(),
            format!("{}{repeat}", r.request),
            r.category.clone(),
            r.received_by.clone(),
            r.handling.clone(),
        ]);
        if let Some(d) = &r.handled_on {
            expected.push(d.replace("-0", ".").replace('-', "."));
        }
    }
    expected.push("合计：共6件次（来访3件次，来信1件次，电话1件次，网上1件次）。".into());
    expected.push("第1页共1页".into());
    assert_in_order(&text, &expected);
    assert!(text.contains("王玥、李堃、张喆、刘䶮、欧阳明月等32人"), "the collective visit's head count: {text}");
    assert!(fonts(&pdf).iter().all(|(_, embedded)| *embedded));
}

#[test]
fn a_long_register_repeats_its_header_on_every_page() {
    let mut doc = march();
    let long = "反映承包地、宅基地、山林权属和饮用水源等多方面问题，情况复杂，涉及多户群众，要求村里尽快组织调查核实并协调有关部门依法处理。";
    doc.rows = (1..=60)
        .map(|i| {
            let day = format!("2026-03-{:02}", i % 28 + 1);
            row(&day, &format!("石岩哨村信〔2026〕第{i}号"), &[&format!("刘䶮{i}号")], "石岩哨村二组", "来访", long)
        })
        .collect();
    let pdf = printer().register(&doc).unwrap().pdf().unwrap();
    let pages = pages_text(&pdf);
    let n = pages.len();
    assert!(n >= 3, "60 long rows take several pages, got {n}");
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(HEADER), "page {} lacks the header row: {page}", i + 1);
        assert!(page.contains(&format!("第{}页共{n}页", i + 1)), "page {} lacks its number", i + 1);
    }
    let text = pages.concat();
    // Every row once, in order, its long request whole inside its cell.
    assert_in_order(
        &text,
        &(1..=60).map(|i| format!("刘䶮{i}号石岩哨村二组来访石岩哨村信〔2026〕第{i}号{long}")).collect::<Vec<_>>(),
    );
    assert!(pages[n - 1].contains("合计：共60件次（来访60件次）。"));
}

#[test]
fn an_empty_range_says_so_and_a_backward_range_is_refused() {
    let mut doc = march();
    doc.rows.clear();
    let text = all_text(&printer().register(&doc).unwrap().pdf().unwrap());
    assert!(text.contains("本期间没有受理登记。") && text.contains("合计：共0件次。"), "{text}");
    doc.from = "2026-04-01".into();
    let err = printer().register(&doc).unwrap_err();
    assert!(err.to_string().contains("开始日期 2026-04-01 晚于结束日期 2026-03-31"), "{err}");
    doc.from = "2026-03-32".into();
    assert!(printer().register(&doc).unwrap_err().to_string().contains("不是有效日期"));
}

fn visit(
    l: &mut Ledger,
    at: &str,
    channel: &str,
    name: &str,
    group: &str,
    request: &str,
    repeat_of: Option<&str>,
) -> String {
    let mut v = json!({"channel": channel, "received_at": at,
        "petitioners": [{"name": name, "phone": "13800138000", "village": "石岩哨村", "group": group}],
        "headcount": 1, "category": "农田水利", "request": request, "received_by": "杨某"});
    if let Some(case) = repeat_of {
        v["repeat_of"] = Value::from(case);
    }
    call(l, "visit_add", v)["case_id"].as_str().unwrap().to_owned()
}

#[test]
fn the_register_from_the_ledger_has_each_visit_in_the_range_once() {
    let mut l = village();
    // Received before the range, visited again inside it (a repeat visit).
    let water = visit(&mut l, "2026-02-26T10:00:00+08:00", "letter", "赵喆", "七组", "上游取水影响饮用水源。", None);
    let canal =
        visit(&mut l, "2026-03-02T09:30:00+08:00", "visit", "王玥", "二组", "水渠承包方在农田里堆放废渣。", None);
    call(
        &mut l,
        "case_transition",
        json!({"id": canal, "transition": {"action": "settle_on_spot"}, "on": "2026-03-03", "actor": "杨某"}),
    );
    // Received on the last evening of the range in UTC terms, still 31 March in China.
    visit(&mut l, "2026-03-31T15:30:00Z", "phone", "刘䶮", "四组", "水库被放干，农田无水灌溉。", None);
    visit(&mut l, "2026-03-20T08:00:00+08:00", "visit", "赵喆", "七组", "再次反映饮用水源问题。", Some(&water));
    // Voided, and after the range: neither is on the register.
    let wrong = visit(&mut l, "2026-03-10T11:00:00+08:00", "online", "李堃", "五组", "登记错误的事项。", None);
    call(&mut l, "case_void", json!({"id": wrong, "reason": "重复登记", "actor": "杨某"}));
    visit(&mut l, "2026-04-02T09:00:00+08:00", "visit", "孙玥", "三组", "四月的来访。", None);

    let doc = from_ledger::register(&mut l, "2026-03-01", "2026-03-31").unwrap();
    assert_eq!(doc.place, "石岩哨村");
    let got: Vec<(&str, &str, &str, bool)> = doc
        .rows
        .iter()
        .map(|r| (r.received_on.as_str(), r.petitioners[0].as_str(), r.channel.as_str(), r.repeat))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-03-02", "王玥", "来访", false),
            ("2026-03-20", "赵喆", "来访", true),
            ("2026-03-31", "刘䶮", "电话", false)
        ]
    );
    assert_eq!(doc.rows[0].handling, "本级调处，正在化解");
    assert_eq!(doc.rows[0].handled_on.as_deref(), Some("2026-03-03"));
    assert_eq!(doc.rows[0].address.as_deref(), Some("石岩哨村二组"));
    assert_eq!(doc.rows[1].handling, "登记备案，正在化解");

    let text = all_text(&printer().register(&doc).unwrap().pdf().unwrap());
    assert_in_order(
        &text,
        &[
            "12026.3.2王玥石岩哨村二组来访".into(),
            "水渠承包方在农田里堆放废渣。农田水利杨某本级调处，正在化解2026.3.3".into(),
            "22026.3.20赵喆石岩哨村七组来访".into(),
            "再次反映饮用水源问题。（重复访）".into(),
            "32026.3.31刘䶮石岩哨村四组电话".into(),
            "合计：共3件次（来访2件次，电话1件次）。".into(),
        ],
    );
    assert!(!text.contains("13800138000") && !text.contains("李堃") && !text.contains("孙玥"), "{text}");

    let err = from_ledger::register(&mut l, "2026-03-31", "2026-03-01").unwrap_err();
    assert!(err.to_string().contains("晚于结束日期"), "{err}");
}

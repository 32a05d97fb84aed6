//! 人民调解协议书 rendered from the seed situations (../shared/DOMAIN.md) and
//! read back: every field's text, the font embedded, pagination with the
//! signature block whole.

use crate::common;

use common::*;
use xinfang_print::{AgreementDoc, Error, PartyDoc, Printer, amount_in_capitals};

fn p(name: &str, gender: &str, birth: &str, age: u32, id: &str, address: &str, phone: &str) -> PartyDoc {
    PartyDoc {
        name: name.into(),
        gender: Some(gender.into()),
        ethnicity: Some("汉族".into()),
        birth_date: Some(birth.into()),
        age: Some(age),
        occupation: None,
        id_number: Some(id.into()),
        address: Some(address.into()),
        phone: Some(phone.into()),
        whole: false,
    }
}

/// Seed 2: a family buried its dead on another household's contracted land.
fn burial_on_contracted_land() -> AgreementDoc {
    AgreementDoc {
        number: Some("（2026）石岩哨村人调字第1号".into()),
        committee: "石岩哨村人民调解委员会".into(),
        parties: vec![
            p("王玥", "女", "1968-03-02", 58, "522426********2028", "石岩哨村三组", "138****5678"),
            p("李堃", "男", "1975-11-20", 50, "522426197511201234", "石岩哨村五组大坪子", "13912345678"),
        ],
        facts: "2026年2月，李堃家将亡故亲属安葬在王玥家承包的责任地内，王玥家认为占用了承包地，要求迁坟；李家认为坟地已安葬，不宜迁移。双方为此发生争执。".into(),
        responsibilities: "李堃家未经承包户同意在他人承包地内安葬，应承担主要责任。".into(),
        terms: vec![
            "李堃家一次性补偿王玥家土地占用费2600元，于协议签订之日当面付清。".into(),
            "李堃家今后不得再在该承包地内安葬。".into(),
            "王玥家今后在该地建房，房屋距坟墓不少于1米，坟墓正前方留出不少于2米。".into(),
        ],
        performance: "第1条当场履行；第2、3条长期有效，由村人民调解委员会监督履行。".into(),
        copies: 3,
        mediators: vec!["张喆".into(), "刘䶮".into()],
        recorder: "欧阳明月".into(),
        signed_on: Some("2026-03-15".into()),
        watermark: None,
        version_note: None,
        fingerprint: None,
    }
}

/// Seed 4 grown to three parties and twelve terms: the bottled-water line
/// upstream and the group's drinking water.
fn water_source_three_parties() -> AgreementDoc {
    let long_address = "贵州省黔西南布依族苗族自治州某某县石岩哨镇石岩哨村第七村民小组大水井边老供销社旧址对面第三户";
    AgreementDoc {
        number: Some("（2026）石岩哨村人调字第12号".into()),
        committee: "石岩哨村人民调解委员会".into(),
        parties: vec![
            p("欧阳娜娜木错·卓玛央金", "女", "1990-05-01", 35, "522426********0021", long_address, "137****0000"),
            PartyDoc {
                name: "石岩哨山泉饮用水有限责任公司（法定代表人：赵喆）".into(),
                address: Some("石岩哨村一组河坝头".into()),
                phone: Some("0859-1234567".into()),
                ..PartyDoc::default()
            },
            p("张堃", "男", "1958-08-08", 67, "522426********3317", "石岩哨村七组", "135****2468"),
        ],
        facts: "石岩哨山泉饮用水有限责任公司在七组上游水源地建设桶装水生产线，取水管道经过七组饮用水源保护范围，七组群众担心饮水安全和水量不足，多次到村反映，部分群众准备集体到县里反映。".repeat(3),
        responsibilities: "公司建设取水设施前未与七组群众充分协商，应承担主要责任；七组群众反映诉求应依法有序。".into(),
        terms: (1..=12)
            .map(|i| match i {
                1 => "公司一次性支付七组饮水设施改造补偿款80000元，于2026年4月30日前转入村集体账户。".into(),
                2 => "公司每年支付水源保护费6666元，于每年1月31日前付清。".into(),
                5 => "公司承担七组新建蓄水池的全部费用，预算12,345.67元，多退少补。".into(),
                _ => format!("第{i}项约定：双方按照本条约定的方式和期限履行，发生争议时先行协商，协商不成的可以请求村人民调解委员会再次调解。"),
            })
            .collect(),
        performance: "补偿款、保护费按第1、2条约定的时间一次付清；其余各条自签订之日起履行，村人民调解委员会每季度回访一次。".into(),
        copies: 4,
        mediators: vec!["张喆".into(), "李国强".into(), "王玥".into()],
        recorder: "刘䶮".into(),
        signed_on: Some("2026-04-02".into()),
        watermark: None,
        version_note: None,
        fingerprint: None,
    }
}

#[test]
fn burial_agreement_prints_every_field() {
    let doc = burial_on_contracted_land();
    let pdf = printer().agreement(&doc).unwrap().pdf().unwrap();
    save_artefacts("agreement", &pdf);
    let text = all_text(&pdf);
    let mut expected = vec![
        "人民调解协议书".to_owned(),
        "编号：（2026）石岩哨村人调字第1号".into(),
        "当事人一：王玥，女，汉族，1968年3月2日出生（58岁），身份证号码：522426********2028，住址：石岩哨村三组，联系电话：138****5678。".into(),
        "当事人二：李堃，男，汉族，1975年11月20日出生（50岁），身份证号码：522426197511201234，住址：石岩哨村五组大坪子，联系电话：13912345678。".into(),
        "纠纷主要事实、争议事项：".into(),
        doc.facts.clone(),
        "各方当事人的责任：".into(),
        doc.responsibilities.clone(),
        "经调解，各方当事人自愿达成如下协议：".into(),
        "1．李堃家一次性补偿王玥家土地占用费2600元（大写：贰仟陆佰元整），于协议签订之日当面付清。".into(),
        format!("2．{}", doc.terms[1]),
        format!("3．{}", doc.terms[2]),
        "履行方式、时限：".into(),
        doc.performance.clone(),
        "本协议一式3份，当事人、人民调解委员会各持一份。".into(),
        "当事人（签名、盖章或按指印）：王玥".into(),
        "当事人（签名、盖章或按指印）：李堃".into(),
        "人民调解员（签名）：张喆、刘䶮".into(),
        "记录人（签名）：欧阳明月".into(),
    ];
    assert_in_order(&text, &expected);
    // The date and the seal box sit beside the mediator's and recorder's lines.
    expected = vec!["记录人（签名）：欧阳明月".into(), "日期：2026年3月15日".into()];
    assert_in_order(&text, &expected);
    expected = vec!["记录人（签名）：欧阳明月".into(), "石岩哨村人民调解委员会（印章）".into()];
    assert_in_order(&text, &expected);
    assert!(text.contains("第1页共1页"), "{text}");
    assert_eq!(page_count(&pdf), 1);
}

#[test]
fn rare_name_characters_print_and_the_font_is_embedded() {
    let pdf = printer().agreement(&burial_on_contracted_land()).unwrap().pdf().unwrap();
    let text = all_text(&pdf);
    for name in ["王玥", "李堃", "张喆", "刘䶮"] {
        assert!(text.contains(name), "{name} is missing: {text}");
    }
    let fonts = fonts(&pdf);
    assert!(!fonts.is_empty());
    for (base, embedded) in &fonts {
        assert!(embedded, "{base} is not embedded");
        assert!(base.contains("NotoSerifCJK"), "an unexpected font {base}");
        // Subset fonts are tagged ABCDEF+Name.
        assert_eq!(base.find('+'), Some(6), "{base} is not a subset");
    }
    assert!(fonts.iter().any(|(b, _)| b.contains("Bold")), "the title's bold face is missing: {fonts:?}");
}

#[test]
fn three_parties_twelve_terms_paginate_with_the_signature_block_whole() {
    let doc = water_source_three_parties();
    let pdf = printer().agreement(&doc).unwrap().pdf().unwrap();
    save_artefacts("agreement-12-terms", &pdf);
    let pages = pages_text(&pdf);
    let n = pages.len();
    assert!(n >= 2, "expected two pages or more, got {n}");
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("第{}页共{n}页", i + 1)), "page {} lacks its number: {page}", i + 1);
    }
    let text = pages.concat();
    // Terms in order, amounts in figures and in capitals.
    let terms: Vec<String> =
        doc.terms.iter().enumerate().map(|(i, t)| format!("{}．{}", i + 1, t.split("元").next().unwrap())).collect();
    assert_in_order(&text, &terms);
    for capitals in [
        format!("80000元（大写：{}）", amount_in_capitals(8_000_000)),
        "6666元（大写：陆仟陆佰陆拾陆元整）".into(),
        "12,345.67元（大写：壹万贰仟叁佰肆拾伍元陆角柒分）".into(),
    ] {
        assert!(text.contains(&capitals), "{capitals} is missing: {text}");
    }
    assert!(text.contains("捌万元整"));
    for party in &doc.parties {
        assert!(text.contains(&squash(&party.name)), "{} is missing", party.name);
    }
    assert!(text.contains(&squash(doc.parties[0].address.as_deref().unwrap())), "the long address is cut");
    // The whole signature block is on one page: every party's line, the
    // mediators, the recorder, the seal and the date.
    let signature_page = pages.iter().find(|p| p.contains("记录人（签名）")).expect("a page with the recorder");
    assert_eq!(signature_page.matches("当事人（签名、盖章或按指印）").count(), 3, "{signature_page}");
    for part in ["人民调解员（签名）：张喆、李国强、王玥", "（印章）", "2026年4月2日"] {
        assert!(signature_page.contains(part), "{part} is not with the signatures: {signature_page}");
    }
}

#[test]
fn ten_parties_and_a_draft_print() {
    let mut doc = burial_on_contracted_land();
    doc.number = None;
    doc.signed_on = None;
    doc.watermark = Some("草稿".into());
    doc.parties = (1..=10).map(|i| party(&format!("当事人甲{i}号"))).collect();
    let pdf = printer().agreement(&doc).unwrap().pdf().unwrap();
    let pages = pages_text(&pdf);
    let text = pages.concat();
    for i in 1..=10 {
        let label =
            format!("当事人{}：当事人甲{i}号", ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][i - 1]);
        assert!(text.contains(&label), "{label} is missing");
    }
    assert!(text.contains("编号：（签订时编号）"));
    assert!(text.contains("年月日"), "a blank date line to fill in");
    let signature_page = pages.iter().find(|p| p.contains("记录人（签名）")).unwrap();
    assert_eq!(signature_page.matches("当事人（签名、盖章或按指印）").count(), 10);
}

#[test]
fn the_same_agreement_prints_the_same_bytes() {
    let printer = printer();
    let doc = burial_on_contracted_land();
    assert_eq!(printer.agreement(&doc).unwrap().pdf().unwrap(), printer.agreement(&doc).unwrap().pdf().unwrap());
}

#[cfg(unix)]
#[test]
fn template_and_font_problems_are_told_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let assets = dir.path();
    std::fs::create_dir_all(assets.join("templates")).unwrap();
    // No fonts at all.
    assert!(matches!(Printer::with_assets(assets), Err(Error::FontMissing(_))));
    // Fonts, but no template.
    std::os::unix::fs::symlink(xinfang_print::assets::source_tree().join("fonts"), assets.join("fonts")).unwrap();
    let printer = Printer::with_assets(assets).unwrap();
    let err = printer.agreement(&burial_on_contracted_land()).unwrap_err();
    assert!(matches!(err, Error::TemplateMissing(_)), "{err}");
    assert!(err.to_string().starts_with("找不到打印模板"), "{err}");
    // A template with a mistake on line 3.
    std::fs::write(assets.join("templates/agreement.typ"), "#let d = json(\"/data.json\")\n\n#(d.no_such_field)\n")
        .unwrap();
    let err = printer.agreement(&burial_on_contracted_land()).unwrap_err();
    match &err {
        Error::Template { line, .. } => assert_eq!(*line, Some(3), "{err}"),
        other => panic!("expected a template error, got {other}"),
    }
    assert!(err.to_string().contains("第 3 行"), "{err}");
}

#[test]
fn the_archive_copy_is_pdf_a_and_the_preview_has_every_page() {
    let mut doc = burial_on_contracted_land();
    doc.terms = (1..=30).map(|i| format!("第{i}项约定：双方按期履行，不得反悔。")).collect();
    let rendered = printer().agreement(&doc).unwrap();
    assert!(rendered.page_count() >= 2, "30 terms need more than one page");

    let archive = rendered.archive_pdf().unwrap();
    let raw = String::from_utf8_lossy(&archive);
    assert!(raw.contains("<pdfaid:part>2</pdfaid:part>"), "PDF/A part 2 is declared in the XMP metadata");
    assert!(raw.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "conformance level B");
    assert!(fonts(&archive).iter().all(|(_, embedded)| *embedded), "an archive embeds every font");
    assert_eq!(all_text(&archive), all_text(&rendered.pdf().unwrap()), "the archive says what the print says");

    let pages = rendered.svg_pages();
    assert_eq!(pages.len(), rendered.page_count());
    assert!(pages.iter().all(|p| p.starts_with("<svg") && p.contains("<path")), "glyphs are drawn as outlines");
}

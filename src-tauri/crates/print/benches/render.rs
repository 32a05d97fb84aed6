//! How long one 人民调解协议书 takes to render (target: well under a second).
//! `cargo bench -p xinfang-print` prints the first (cold) render, which lays
//! out every glyph anew, and the median of later renders of fresh documents
//! in the same process, as the app would see them; then what the app's print
//! dialog adds on top of typesetting: the SVG preview and the PDF/A copy;
//! and the statistics report (信访工作统计表) of seed 003's township.

use std::time::{Duration, Instant};
use xinfang_core::Store;
use xinfang_core::report::fixtures::{SEED_003_FROM, SEED_003_TO, seed_003};
use xinfang_print::{AgreementDoc, PartyDoc, Printer, assets, from_ledger};

fn doc(i: usize) -> AgreementDoc {
    let party = |name: &str| PartyDoc {
        name: name.into(),
        gender: Some("男".into()),
        ethnicity: Some("汉族".into()),
        birth_date: Some("1970-01-01".into()),
        age: Some(56),
        id_number: Some("522426********1234".into()),
        address: Some("石岩哨村三组".into()),
        phone: Some("138****5678".into()),
        ..PartyDoc::default()
    };
    AgreementDoc {
        number: Some(format!("（2026）石岩哨村人调字第{i}号")),
        committee: "石岩哨村人民调解委员会".into(),
        parties: vec![party("王玥"), party("李堃"), party("张喆")],
        facts: format!("第{i}件：一方在另一方承包地内安葬亲属，双方发生争执。").repeat(6),
        responsibilities: "未经同意在他人承包地内安葬的一方承担主要责任。".into(),
        terms: (1..=8).map(|t| format!("第{t}条：一次性补偿{}元，当面付清。", 1000 + t * 111 + i)).collect(),
        performance: "签订之日当场履行。".into(),
        copies: 4,
        mediators: vec!["刘䶮".into()],
        recorder: "欧阳明月".into(),
        signed_on: Some("2026-03-15".into()),
        ..AgreementDoc::default()
    }
}

fn main() {
    let started = Instant::now();
    let printer = Printer::with_assets(assets::source_tree()).expect("assets");
    let load = started.elapsed();
    let started = Instant::now();
    let first = printer.agreement(&doc(0)).and_then(|r| r.pdf()).expect("render");
    let cold = started.elapsed();
    let mut times: Vec<Duration> = (1..=20)
        .map(|i| {
            let started = Instant::now();
            printer.agreement(&doc(i)).and_then(|r| r.pdf()).expect("render");
            started.elapsed()
        })
        .collect();
    times.sort();
    println!("load fonts and library: {load:?}");
    println!("render one agreement (3 parties, 8 terms), first: {cold:?}, {} KB", first.len() / 1024);
    println!(
        "render one agreement, median of 20 more: {:?} (max {:?})",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    let median = |mut times: Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let typeset: Vec<_> = (21..=40).map(|i| printer.agreement(&doc(i)).expect("typeset")).collect();
    let timed = |f: &dyn Fn(&xinfang_print::Rendered)| {
        median(
            typeset
                .iter()
                .map(|r| {
                    let started = Instant::now();
                    f(r);
                    started.elapsed()
                })
                .collect(),
        )
    };
    println!("of which PDF export alone, median: {:?}", timed(&|r| drop(r.pdf().expect("pdf"))));
    println!("SVG preview pages from a typeset agreement, median: {:?}", timed(&|r| drop(r.svg_pages())));
    println!(
        "PDF/A-2b archive copy from a typeset agreement, median: {:?}",
        timed(&|r| drop(r.archive_pdf().expect("pdf/a")))
    );
    report(&printer);
}

/// The seed-003 half-year report, then reports of 20 other periods of the
/// same ledger (each a fresh document, as when a clerk tries periods).
fn report(printer: &Printer) {
    let mut seed = seed_003(Store::in_memory().expect("store")).expect("seed 003");
    let mut doc = |to: &str| from_ledger::report(&mut seed.ledger, SEED_003_FROM, to, &[]).expect("report");
    let half_year = doc(SEED_003_TO);
    let others: Vec<_> = (1..=20).map(|day| doc(&format!("2009-06-{day:02}"))).collect();
    let started = Instant::now();
    let rendered = printer.report(&half_year).expect("typeset");
    let pdf = rendered.pdf().expect("pdf");
    let first = started.elapsed();
    let mut times: Vec<Duration> = others
        .iter()
        .map(|d| {
            let started = Instant::now();
            printer.report(d).and_then(|r| r.pdf()).expect("render");
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "render the seed-003 statistics report ({} pages), first: {first:?}, {} KB; median of 20 other periods: {:?}",
        rendered.page_count(),
        pdf.len() / 1024,
        times[times.len() / 2]
    );
}

//! How long one 人民调解协议书 takes to render (target: well under a second).
//! `cargo bench -p xinfang-print` prints the first (cold) render, which lays
//! out every glyph anew, and the median of later renders of fresh documents
//! in the same process, as the app would see them; then what the app's print
//! dialog adds on top of typesetting: the SVG preview and the PDF/A copy;
//! and the statistics report (信访工作统计表) of seed 003's township.

use std::time::{Duration, Instant};
use xinfang_core::Store;
use xinfang_core::report::fixtures::{SEED_003_FROM, SEED_003_TO, seed_003};
use xinfang_print::{Printer, assets, from_ledger, sample};

fn main() {
    let started = Instant::now();
    let printer = Printer::with_assets(assets::source_tree()).expect("assets");
    let load = started.elapsed();
    let started = Instant::now();
    let first = printer.agreement(&sample::agreement(0)).and_then(|r| r.pdf()).expect("render");
    let cold = started.elapsed();
    let mut times: Vec<Duration> = (1..=20)
        .map(|i| {
            let started = Instant::now();
            printer.agreement(&sample::agreement(i)).and_then(|r| r.pdf()).expect("render");
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
    let typeset: Vec<_> = (21..=40).map(|i| printer.agreement(&sample::agreement(i)).expect("typeset")).collect();
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

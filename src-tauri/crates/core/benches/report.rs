//! The township report over a large ledger (issue 6: the full report over
//! 100k cases in under one second), beside the bare SQL read of the same
//! rows, which no report can beat.
//!
//! `cargo bench -p xinfang-core --bench report` (100,000 cases); set
//! `XINFANG_BENCH_CASES` for another size. The generated ledger is kept in
//! the target directory and reused, since recording 100k cases through the
//! command layer takes minutes.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use xinfang_core::clock::Clock;
use xinfang_core::commands::{Ledger, dispatch};
use xinfang_core::generate::{self, Spec};
use xinfang_core::store::Store;
use xinfang_core::store::report::{self as queries, Selection};

const RUNS: usize = 10;

fn spec(cases: usize) -> Spec {
    Spec {
        cases,
        villages: 30,
        first_day: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
        last_day: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        seed: 2026,
    }
}

/// The ledger file for `cases`, generated once (in memory, then copied out
/// whole) and reused.
fn ledger_file(cases: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-ledgers");
    std::fs::create_dir_all(&dir).unwrap();
    // The generator's version is in the name: a changed generator makes a new file.
    let path = dir.join(format!("township-{cases}-g2.sqlite3"));
    if path.exists() {
        return path;
    }
    let started = Instant::now();
    let ledger = generate::township(Store::in_memory().unwrap(), &spec(cases)).unwrap();
    println!("generated {cases} cases through the command layer in {:.1} s", started.elapsed().as_secs_f64());
    let part = path.with_extension("part");
    let _ = std::fs::remove_file(&part);
    ledger.store.copy_into(&part).unwrap();
    std::fs::rename(&part, &path).unwrap();
    path
}

/// Median and maximum of `RUNS` runs after one warm-up.
fn time<T>(mut f: impl FnMut() -> T) -> (Duration, Duration) {
    std::hint::black_box(f());
    let mut runs: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    runs.sort();
    (runs[RUNS / 2], runs[RUNS - 1])
}

fn show(what: &str, (median, max): (Duration, Duration)) {
    println!("{what:<58} median {:>8.1} ms   max {:>8.1} ms", ms(median), ms(max));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let cases: usize = std::env::var("XINFANG_BENCH_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let path = ledger_file(cases);
    let s = spec(cases);
    let now = DateTime::parse_from_rfc3339("2026-01-01T09:00:00+08:00").unwrap().with_timezone(&Utc);
    let mut ledger = Ledger::new(Store::open(&path).unwrap(), Clock::Fixed(now));
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("ledger: {} ({cases} cases, {} villages, {:.0} MB)", path.display(), s.villages, size as f64 / 1e6);

    let all = json!({"from": s.first_day.to_string(), "to": s.last_day.to_string()});
    let report = dispatch(&mut ledger, "report_show", all.clone()).unwrap();
    let received = &report["total"]["counts"][0];
    println!("the full report counts {} {}", received["count"], received["label"].as_str().unwrap_or(""));

    // The reference: only reading the rows the report reads, no counting.
    let as_of = s.last_day;
    let sel = Selection { from: s.first_day, to: s.last_day, villages: &[], as_of };
    show(
        "reference: SQL read of the report's rows (three queries)",
        time(|| {
            let conn = ledger.store.conn();
            (
                queries::cases(conn, &sel).unwrap().len(),
                queries::repeat_visits(conn, &sel).unwrap().len(),
                queries::findings(conn, &sel).unwrap().len(),
            )
        }),
    );
    show(
        "report_show, three years, every village (the full report)",
        time(|| dispatch(&mut ledger, "report_show", all.clone()).unwrap()),
    );
    let year = json!({"from": "2025-01-01", "to": "2025-12-31"});
    show("report_show, one year", time(|| dispatch(&mut ledger, "report_show", year.clone()).unwrap()));
    let village = json!({"from": "2025-01-01", "to": "2025-12-31", "villages": [generate::VILLAGES[0]]});
    show("report_show, one year, one village", time(|| dispatch(&mut ledger, "report_show", village.clone()).unwrap()));
    let drill = json!({"query": all, "figure": "received"});
    show(
        "report_cases: every received case's id (+ first 500 rows)",
        time(|| dispatch(&mut ledger, "report_cases", drill.clone()).unwrap()),
    );
    show(
        "report_villages (each village's last bundle)",
        time(|| dispatch(&mut ledger, "report_villages", json!({})).unwrap()),
    );
}

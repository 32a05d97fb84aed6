//! Convergence under any delivery: villages record and export at random
//! moments, the township sometimes acknowledges (so later bundles are
//! incremental and can arrive after a gap), and two copies of the township
//! ledger receive the bundles in different random orders, with duplicates and
//! late redeliveries. A refused bundle (after a gap) changes nothing; once
//! every bundle has been delivered again in the order it was written, both
//! copies hold exactly every village's records, and the same ones.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use xinfang_core::store::dump;
use xinfang_core::{Clock, Ledger, Store, dispatch};
use xinfang_sync::{export, import, local};

const VILLAGES: [&str; 3] = ["石岩哨村", "大营村", "小河村"];

#[derive(Debug, Clone)]
enum Step {
    /// A village registers a visit.
    Record(usize),
    /// A village exports what its township has not acknowledged.
    Export(usize),
    /// The township (copy A) returns its acknowledgement to a village.
    Acknowledge(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..VILLAGES.len()).prop_map(Step::Record),
        2 => (0..VILLAGES.len()).prop_map(Step::Export),
        1 => (0..VILLAGES.len()).prop_map(Step::Acknowledge),
    ]
}

fn clock() -> Clock {
    Clock::Fixed(DateTime::parse_from_rfc3339("2026-05-06T09:00:00+08:00").unwrap().with_timezone(&Utc))
}

fn ledger(dir: &Path, file: &str, role: &str, name: &str) -> Ledger {
    let mut l = Ledger::new(Store::create(&dir.join(file)).unwrap(), clock());
    dispatch(&mut l, "device_init", json!({"role": role, "name": name})).unwrap();
    l
}

fn records(l: &Ledger) -> Vec<String> {
    let mut rows = dump::rows(l.store.conn(), Some(&dump::SYNCED_TABLES)).unwrap();
    rows.sort();
    rows
}

/// Delivers `path` to `town`: imported, already imported, or refused after a
/// gap — and a refusal must leave the records untouched.
fn deliver(town: &mut Ledger, path: &Path) {
    let before = records(town);
    if let Err(e) = import::import(town, path) {
        assert_eq!(e.kind(), "missing_entries", "unexpected refusal: {e}");
        assert_eq!(records(town), before, "a refused bundle changed the ledger");
    }
}

fn run(steps: &[Step], order_a: &[usize], order_b: &[usize]) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut town_a = ledger(d, "town-a.sqlite3", "township", "路居镇");
    let mut villages: Vec<Ledger> =
        VILLAGES.iter().enumerate().map(|(i, n)| ledger(d, &format!("v{i}.sqlite3"), "village", n)).collect();
    for v in &mut villages {
        let ev = local::me(v).unwrap().enrolment().unwrap();
        let et = local::me(&mut town_a).unwrap().enrolment().unwrap();
        local::enrol(&mut town_a, ev.to_json().unwrap().as_bytes(), &ev.fingerprint.to_string(), "王某").unwrap();
        local::enrol(v, et.to_json().unwrap().as_bytes(), &et.fingerprint.to_string(), "李某").unwrap();
    }
    // Copy B: the same township device, its ledger copied before any import.
    town_a.store.copy_into(&d.join("town-b.sqlite3")).unwrap();
    let mut town_b = Ledger::new(Store::open(&d.join("town-b.sqlite3")).unwrap(), clock());

    let mut bundles: Vec<PathBuf> = Vec::new();
    for (n, s) in steps.iter().enumerate() {
        match *s {
            Step::Record(i) => {
                dispatch(
                    &mut villages[i],
                    "visit_add",
                    json!({"channel": "visit",
                    "received_at": "2026-05-02T09:30:00+08:00", "category": "土地承包", "received_by": "李某",
                    "petitioners": [{"name": format!("村民{n}"), "village": VILLAGES[i]}],
                    "request": format!("{}第{n}件诉求", VILLAGES[i])}),
                )
                .unwrap();
            }
            Step::Export(i) => {
                let out = d.join(format!("out-{n}"));
                std::fs::create_dir(&out).unwrap();
                match export::export(&mut villages[i], None, &out) {
                    Ok(done) => bundles.push(done.path),
                    Err(xinfang_sync::Error::NothingToExport) => {}
                    Err(e) => panic!("export: {e}"),
                }
            }
            Step::Acknowledge(i) => {
                // Copy A imports what has been written so far, then acknowledges.
                for b in &bundles {
                    deliver(&mut town_a, b);
                }
                let id = local::me(&mut villages[i]).unwrap().device.device_id;
                let ret = export::export(&mut town_a, Some(&id), d).unwrap();
                import::import(&mut villages[i], &ret.path).unwrap();
            }
        }
    }
    // Whatever was recorded last is exported too.
    for (i, v) in villages.iter_mut().enumerate() {
        let out = d.join(format!("final-{i}"));
        std::fs::create_dir(&out).unwrap();
        if let Ok(done) = export::export(v, None, &out) {
            bundles.push(done.path);
        }
    }
    if bundles.is_empty() {
        return;
    }
    // Shuffled deliveries with duplicates and late redeliveries…
    for &k in order_a {
        deliver(&mut town_a, &bundles[k % bundles.len()]);
    }
    for &k in order_b {
        deliver(&mut town_b, &bundles[k % bundles.len()]);
    }
    // …then every bundle once more, in the order written (the stick is re-read).
    for b in &bundles {
        deliver(&mut town_a, b);
        deliver(&mut town_b, b);
    }
    let mut union: Vec<String> = villages.iter().flat_map(records).collect();
    union.sort();
    assert_eq!(records(&town_a), union, "copy A does not hold exactly every village's records");
    assert_eq!(records(&town_b), union, "copy B does not hold exactly every village's records");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_delivery_order_converges_to_the_union_of_the_villages(
        steps in prop::collection::vec(step(), 1..14),
        order_a in prop::collection::vec(0usize..64, 0..20),
        order_b in prop::collection::vec(0usize..64, 0..20),
    ) {
        run(&steps, &order_a, &order_b);
    }
}

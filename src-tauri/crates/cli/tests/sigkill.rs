//! The crash harness: the real `xinfang` binary runs a workload in a loop —
//! recording visits, exporting bundles, importing a bundle at the township,
//! making backups — and is killed at varied moments, again and again
//! (`XINFANG_KILLS`, 200 by default; 1,000 for a long run): SIGKILL on Linux,
//! TerminateProcess on Windows (under Wine in `make test-windows`). After each
//! kill the ledgers must open, pass SQLite's integrity check, keep every case
//! they had, hold no half-written case, and their change-log chains must
//! verify; an import is all or nothing; every bundle and backup file under
//! its real name is whole.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use xinfang_core::Store;
use xinfang_core::store::changelog;

const BIN: &str = env!("CARGO_BIN_EXE_xinfang");

fn kills() -> u32 {
    // A program takes far longer to start under Wine: fewer, later kills.
    let default = if cfg!(windows) { 48 } else { 200 };
    std::env::var("XINFANG_KILLS").ok().and_then(|k| k.parse().ok()).unwrap_or(default)
}

/// How much later the kills come on Windows, where starting the program is slower.
const SLOWER: u64 = if cfg!(windows) { 8 } else { 1 };

const VISIT: &str = r#"{"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
 "petitioners": [{"name": "张某某", "id_number": "11010519491231002X", "phone": "13800138000", "village": "石岩哨村"},
                 {"name": "王某", "village": "石岩哨村"}],
 "category": "土地承包", "request": "反映承包地被他人占用葬坟，要求处理。", "received_by": "李某"}"#;

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Checks the invariants and returns the number of cases.
fn check(db: &Path) -> i64 {
    check_ledger(db, true)
}

/// [`check`]; `numbered`: the ledger numbers its own cases (a township's
/// imported cases keep the village's numbers).
fn check_ledger(db: &Path, numbered: bool) -> i64 {
    let store = Store::open(db).expect("the ledger opens after a kill");
    let integrity: String = store.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    changelog::verify(store.conn()).expect("the change-log chain verifies");
    let cases = count(&store, "SELECT count(*) FROM petition_case");
    let half_written = [
        "SELECT count(*) FROM petition_case c WHERE NOT EXISTS (SELECT 1 FROM visit v WHERE v.case_id = c.id)",
        "SELECT count(*) FROM visit v WHERE (SELECT count(*) FROM visit_petitioner p WHERE p.visit_id = v.id) <> 2",
        "SELECT count(*) FROM petition_case c WHERE NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id)",
        "SELECT count(*) FROM petition_case c WHERE NOT EXISTS (SELECT 1 FROM case_search s WHERE s.case_id = c.id)",
    ];
    for sql in half_written {
        assert_eq!(count(&store, sql), 0, "half-written record found by: {sql}");
    }
    assert_eq!(count(&store, "SELECT count(*) FROM change_log WHERE entity = 'case' AND op = 'insert'"), cases);
    if numbered {
        // Numbers are taken in the same transaction as the case: no gaps.
        assert_eq!(count(&store, "SELECT coalesce(max(last), 0) FROM number_sequence"), cases);
    }
    cases
}

fn xinfang(db: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN).arg("--db").arg(db).args(args).env_remove("XINFANG_DB").output().unwrap();
    assert!(out.status.success(), "xinfang {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// A village and its township, enrolled at each other.
fn paired(dir: &Path) -> (PathBuf, PathBuf) {
    let mut shown = Vec::new();
    for (role, name) in [("village", "石岩哨村"), ("township", "路居镇")] {
        let db = dir.join(format!("{role}.sqlite3"));
        xinfang(&db, &["init", "--role", role, "--name", name]);
        let file = dir.join(format!("{role}.json"));
        let out = xinfang(&db, &["device", "show", "--out", file.to_str().unwrap(), "--json"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        shown.push((db, file, v["fingerprint"].as_str().unwrap().to_owned()));
    }
    let (v, t) = (&shown[0], &shown[1]);
    xinfang(&t.0, &["enrol", v.1.to_str().unwrap(), "--fingerprint", &v.2, "--by", "王某"]);
    xinfang(&v.0, &["enrol", t.1.to_str().unwrap(), "--fingerprint", &t.2, "--by", "李某"]);
    (v.0.clone(), t.0.clone())
}

/// What runs in a loop until killed.
#[derive(Clone, Copy, Debug)]
enum Workload {
    Write,
    Export,
    Import,
    Backup,
}

/// Runs `xinfang` with `args` again and again until `wait` has passed, then
/// kills the run in progress (`Child::kill`: SIGKILL, or TerminateProcess).
/// A run that fails ends the loop (an export with nothing new, say); the
/// checks after the kill judge what is left.
fn kill_after(args: &[String], wait: Duration) {
    let deadline = Instant::now() + wait;
    loop {
        let mut run = Command::new(BIN)
            .args(args)
            .env_remove("XINFANG_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        loop {
            if let Some(status) = run.try_wait().unwrap() {
                if !status.success() {
                    std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
                    return;
                }
                break;
            }
            if Instant::now() >= deadline {
                run.kill().unwrap();
                let _ = run.wait();
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

fn args(db: &Path, rest: &[&str]) -> Vec<String> {
    let mut all = vec!["--db".to_owned(), db.display().to_string()];
    all.extend(rest.iter().map(|s| (*s).to_owned()));
    all
}

fn files_named(dir: &Path, ending: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.to_string_lossy().ends_with(ending)).collect())
        .unwrap_or_default()
}

#[test]
fn sigkill_during_writes_exports_imports_and_backups_loses_nothing_committed() {
    let dir = tempfile::tempdir().unwrap();
    let (village, town) = paired(dir.path());
    let visit = dir.path().join("visit.json");
    std::fs::write(&visit, VISIT).unwrap();
    let (outbox, backups) = (dir.path().join("usb"), dir.path().join("backups"));
    std::fs::create_dir_all(&outbox).unwrap();
    std::fs::create_dir_all(&backups).unwrap();
    let settings = serde_json::json!({"folder": backups, "keep": 5}).to_string();
    xinfang(&village, &["call", "backup_settings_set", "--json", &settings]);
    let add = args(&village, &["visit", "add", "--json", visit.to_str().unwrap()]);

    let kills = kills();
    let (mut cases, mut town_cases) = (check(&village), check_ledger(&town, false));
    let (mut grew, mut records_checked, mut bundles_checked, mut backups_checked) = (0, 0, 0, 0);
    let workloads = [Workload::Write, Workload::Export, Workload::Import, Workload::Backup];
    for i in 0..kills {
        let workload = workloads[i as usize % workloads.len()];
        // Varied moments spread over each workload's cycle: 30–180 ms, or
        // 2–120 ms for an import, so some are cut before they commit and
        // some after.
        let wait = SLOWER
            * match workload {
                Workload::Import => 2 + u64::from(i * 29 % 119),
                _ => 30 + u64::from(i * 37 % 151),
            };
        let wait = Duration::from_millis(wait);
        match workload {
            Workload::Write => kill_after(&add, wait),
            Workload::Export => kill_after(&args(&village, &["export", "--to", outbox.to_str().unwrap()]), wait),
            Workload::Import => {
                // A bundle with a few new cases, made without a kill, then imported in a loop.
                for _ in 0..3 {
                    let out = Command::new(BIN).args(&add).env_remove("XINFANG_DB").output().unwrap();
                    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                }
                cases = check(&village);
                let fresh = dir.path().join(format!("fresh-{i}"));
                std::fs::create_dir_all(&fresh).unwrap();
                xinfang(&village, &["export", "--to", fresh.to_str().unwrap()]);
                kill_after(&args(&town, &["import", fresh.to_str().unwrap()]), wait);
            }
            Workload::Backup => kill_after(&args(&village, &["call", "backup_make", "--json", "{}"]), wait),
        }
        let now = check(&village);
        assert!(now >= cases, "kill {i} ({workload:?}): committed cases were lost: had {cases}, now {now}");
        grew += u32::from(now > cases);
        cases = now;
        let town_now = check_ledger(&town, false);
        // An import goes in whole or not at all: the township holds exactly
        // the cases of the bundles it took, all of them the village's.
        assert!(town_now >= town_cases, "kill {i}: the township lost cases");
        assert!(town_now <= cases, "kill {i}: the township holds cases the village never made");
        town_cases = town_now;
        records_checked += now + town_now;
        match workload {
            Workload::Export => {
                for bundle in files_named(&outbox, ".xfb") {
                    xinfang(&town, &["verify", bundle.to_str().unwrap()]);
                    bundles_checked += 1;
                    std::fs::remove_file(bundle).unwrap();
                }
            }
            Workload::Backup => {
                for file in files_named(&backups, ".sqlite3") {
                    let path = serde_json::json!({"path": file}).to_string();
                    xinfang(&village, &["call", "backup_verify", "--json", &path]);
                    backups_checked += 1;
                }
            }
            Workload::Write | Workload::Import => {}
        }
    }
    // Proves the kills interrupted working writers, not idle ones; loose
    // enough for a loaded CI machine.
    assert!(grew > kills / 16, "the writers should commit between many kills (grew {grew} of {kills})");
    assert!(town_cases > 0, "some imports should have committed before their kill");
    eprintln!(
        "{kills} kills (writes, exports, imports, backups): {records_checked} case records checked, 0 lost; \
         {bundles_checked} bundle files and {backups_checked} backups verified whole; village {cases} cases, township {town_cases}"
    );
}

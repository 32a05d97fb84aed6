//! Power cuts and killed processes: `xinfang visit add` runs in a loop and is
//! killed with SIGKILL at varied moments, many times. After each kill the
//! ledger must open, pass SQLite's integrity check, keep every case it had,
//! hold no half-written case, and its change-log chain must verify.

#![cfg(unix)]

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use xinfang_core::Store;
use xinfang_core::store::changelog;

const BIN: &str = env!("CARGO_BIN_EXE_xinfang");
const KILLS: u32 = 60;

const VISIT: &str = r#"{"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
 "petitioners": [{"name": "张某某", "id_number": "11010519491231002X", "phone": "13800138000", "village": "石岩哨村"},
                 {"name": "王某", "village": "石岩哨村"}],
 "category": "土地承包", "request": "反映承包地被他人占用葬坟，要求处理。", "received_by": "李某"}"#;

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Checks the invariants and returns the number of cases.
fn check(db: &Path) -> i64 {
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
    // Numbers are taken in the same transaction as the case: no gaps.
    assert_eq!(count(&store, "SELECT coalesce(max(last), 0) FROM number_sequence"), cases);
    cases
}

#[test]
fn sigkill_during_writes_never_leaves_a_half_written_case() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    let visit = dir.path().join("visit.json");
    std::fs::write(&visit, VISIT).unwrap();
    let init = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["init", "--role", "village", "--name", "石岩哨村"])
        .output()
        .unwrap();
    assert!(init.status.success());

    let mut cases = 0;
    let mut grew = 0;
    for i in 0..KILLS {
        // A loop of writers in its own process group, killed whole.
        let mut writer = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "while :; do '{BIN}' --db '{}' visit add --json '{}' >/dev/null || exit 1; done",
                db.display(),
                visit.display()
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        // Varied moments, 40–190 ms, spread over the write cycle.
        std::thread::sleep(Duration::from_millis(40 + u64::from(i * 37 % 151)));
        let pgid = writer.id().to_string();
        let killed = Command::new("kill").args(["-s", "KILL", "--", &format!("-{pgid}")]).status().unwrap();
        assert!(killed.success());
        let _ = writer.wait();
        let now = check(&db);
        assert!(now >= cases, "committed cases were lost: had {cases}, now {now}");
        grew += u32::from(now > cases);
        cases = now;
    }
    // Proves the kills interrupted a working writer, not an idle one; loose
    // enough for a loaded CI machine.
    assert!(grew > KILLS / 4, "the writers should commit between many kills (grew {grew} of {KILLS})");
    eprintln!("{KILLS} kills, {cases} cases committed, none lost or half-written");
}

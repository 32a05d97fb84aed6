//! A full disk during a write: the real `xinfang` binary records a visit
//! with the files it may write capped (the shell's `ulimit -f`, the way a
//! full disk refuses a write). It is refused with a Chinese message saying
//! nothing of this write was saved, and the ledger keeps exactly what it had.

#![cfg(unix)]

use crate::common;

use common::{BIN, ok, run};
use std::path::Path;
use std::process::Command;

const NOW: &str = "2026-11-24T09:00:00+08:00";

const VISIT: &str = r#"{"channel": "visit", "received_at": "2026-11-20T09:30:00+08:00",
    "petitioners": [{"name": "张三", "village": "石岩哨村", "group": "一组"}],
    "category": "土地承包", "request": "田埂被邻居挖断，要求恢复", "received_by": "李某"}"#;

fn total(db: &Path) -> serde_json::Value {
    let list: serde_json::Value = serde_json::from_str(&ok(&run(db, NOW, &["case", "list", "--json"], None))).unwrap();
    list["total"].clone()
}

#[test]
fn a_write_the_disk_refuses_is_said_in_chinese_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    ok(&run(&db, NOW, &["init", "--role", "village", "--name", "石岩哨村"], None));
    ok(&run(&db, NOW, &["visit", "add", "--json", "-"], Some(VISIT)));
    assert_eq!(total(&db), 1);
    let file = dir.path().join("visit.json");
    std::fs::write(&file, VISIT).unwrap();

    // Files capped at 64 KiB (512-byte blocks): room for the WAL's index but
    // not for this write's pages in the WAL; the signal for it ignored, as a
    // full disk gives an error, not a kill.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 128; exec '{BIN}' --db '{}' visit add --json '{}'",
            db.display(),
            file.display()
        ))
        .env("XINFANG_NOW", NOW)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("无法写入台账文件") && err.contains("之前保存的内容完好"), "{err}");

    // Room again: the ledger opens whole, with its one case, and takes the next.
    assert_eq!(total(&db), 1);
    let check = ok(&run(&db, NOW, &["call", "chain_verify"], None));
    assert!(check.contains("devices"), "{check}");
    ok(&run(&db, NOW, &["visit", "add", "--json", "-"], Some(VISIT)));
    assert_eq!(total(&db), 2);
}

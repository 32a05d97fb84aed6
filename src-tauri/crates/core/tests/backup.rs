//! Backups on a real ledger file: made into a folder through SQLite's online
//! backup API and rotated; made automatically once a day; a restore checks
//! the backup, keeps the ledger it replaces, and brings back exactly what
//! the backup held; a damaged backup, one from another device and a folder
//! that is not there are refused and change nothing.

use crate::common;

use common::{at, call, dump, visit};
use serde_json::{Value, json};
use std::path::Path;
use xinfang_core::{Ledger, Store, dispatch};

fn ledger_file(dir: &Path, name: &str, village: &str) -> Ledger {
    let mut l = Ledger::new(Store::create(&dir.join(name)).unwrap(), at("2026-03-10T10:00:00+08:00"));
    call(&mut l, "device_init", json!({"role": "village", "name": village}));
    l
}

fn cases(l: &mut Ledger) -> Value {
    call(l, "case_list", json!({}))["total"].clone()
}

fn names(folder: &Path) -> Vec<String> {
    let mut n: Vec<String> =
        std::fs::read_dir(folder).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    n.sort();
    n
}

#[test]
fn backups_are_made_checked_and_rotated_and_a_restore_keeps_what_it_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let mut l = ledger_file(dir.path(), "ledger.sqlite3", "石岩哨村");
    call(&mut l, "visit_add", visit("张某某", None, "反映承包地被占用"));

    // No folder yet: said so, nothing written.
    let e = dispatch(&mut l, "backup_make", json!({})).unwrap_err();
    assert_eq!(e.field(), Some("folder"), "{e}");
    let e = dispatch(&mut l, "backup_settings_set", json!({"folder": dir.path().join("nowhere")})).unwrap_err();
    assert_eq!(e.field(), Some("folder"));
    assert!(e.to_string().contains("不存在"), "{e}");
    call(&mut l, "backup_settings_set", json!({"folder": usb, "keep": 2}));

    let first = call(&mut l, "backup_make", json!({}));
    assert_eq!(first["file"]["file_name"], "信访台账备份-石岩哨村-20260310-100000.sqlite3");
    let info = call(&mut l, "backup_verify", json!({"path": first["file"]["path"]}));
    assert_eq!((info["device_name"].as_str(), info["cases"].as_i64()), (Some("石岩哨村"), Some(1)));

    // Two more, a day apart: only the newest two are kept.
    l.clock = at("2026-03-11T10:00:00+08:00");
    call(&mut l, "visit_add", visit("王某", None, "反映低保评定不公"));
    call(&mut l, "backup_make", json!({}));
    l.clock = at("2026-03-12T10:00:00+08:00");
    call(&mut l, "visit_add", visit("赵某", None, "反映道路积水"));
    let third = call(&mut l, "backup_make", json!({}));
    assert_eq!(third["removed"], json!(["信访台账备份-石岩哨村-20260310-100000.sqlite3"]));
    assert_eq!(
        names(&usb),
        ["信访台账备份-石岩哨村-20260311-100000.sqlite3", "信访台账备份-石岩哨村-20260312-100000.sqlite3"]
    );
    let listed = call(&mut l, "backup_list", json!({}));
    assert_eq!(listed["files"][0]["file_name"], "信访台账备份-石岩哨村-20260312-100000.sqlite3", "newest first");

    // Restore the 11 March backup: two cases, and the three-case ledger kept beside it.
    let before = dump(&l);
    let restored = call(
        &mut l,
        "backup_restore",
        json!({"path": usb.join("信访台账备份-石岩哨村-20260311-100000.sqlite3"), "actor": "李某"}),
    );
    assert_eq!(cases(&mut l), 2);
    assert!(dispatch(&mut l, "chain_verify", json!({})).is_ok(), "the restored log chains");
    let safety = restored["safety_copy"]["path"].as_str().unwrap().to_owned();
    assert!(restored["safety_copy"]["file_name"].as_str().unwrap().starts_with("信访台账恢复前-石岩哨村-"));
    assert_eq!(call(&mut l, "backup_verify", json!({"path": safety}))["cases"], 3);

    // Nothing committed is lost: restoring the safety copy brings back every row.
    call(&mut l, "backup_restore", json!({"path": safety, "actor": "李某"}));
    assert_eq!(dump(&l), before);

    // And the file reopens as a ledger after all this.
    drop(l);
    let mut again =
        Ledger::new(Store::open(&dir.path().join("ledger.sqlite3")).unwrap(), at("2026-03-12T11:00:00+08:00"));
    assert_eq!(cases(&mut again), 3);
    call(&mut again, "ledger_check", json!({}));
}

#[test]
fn a_damaged_or_foreign_backup_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let mut l = ledger_file(dir.path(), "ledger.sqlite3", "石岩哨村");
    call(&mut l, "visit_add", visit("张某某", None, "反映承包地被占用"));
    call(&mut l, "backup_settings_set", json!({"folder": usb}));
    let good = call(&mut l, "backup_make", json!({}))["file"]["path"].as_str().unwrap().to_owned();

    let mut other = ledger_file(dir.path(), "other.sqlite3", "上坝村");
    call(&mut other, "backup_settings_set", json!({"folder": usb}));
    let foreign = call(&mut other, "backup_make", json!({}))["file"]["path"].as_str().unwrap().to_owned();

    // Damage every page header after the first, as a failing stick would.
    let mut bytes = std::fs::read(&good).unwrap();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    for start in (page..bytes.len()).step_by(page) {
        bytes[start..start + 8].fill(0xA5);
    }
    let damaged = usb.join("damaged.sqlite3");
    std::fs::write(&damaged, &bytes).unwrap();

    let before = dump(&l);
    let files_before = names(&usb);
    for (path, says) in [
        (damaged.display().to_string(), "损坏"),
        (foreign.clone(), "属于另一台设备"),
        (dir.path().join("no-such.sqlite3").display().to_string(), "不存在"),
    ] {
        let e = dispatch(&mut l, "backup_restore", json!({"path": path, "actor": "李某"})).unwrap_err();
        assert!(e.to_string().contains(says), "{path}: {e}");
        assert_eq!(dump(&l), before, "{path} changed the ledger");
        assert_eq!(names(&usb), files_before, "{path} left a file behind");
    }
    assert!(dispatch(&mut l, "backup_verify", json!({"path": damaged})).is_err());
    assert_eq!(call(&mut l, "backup_verify", json!({"path": foreign}))["device_name"], "上坝村");
}

#[test]
fn the_automatic_backup_is_made_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let mut l = ledger_file(dir.path(), "ledger.sqlite3", "石岩哨村");
    assert_eq!(call(&mut l, "backup_auto", json!({})), Value::Null, "no folder: nothing");
    call(&mut l, "backup_settings_set", json!({"folder": usb}));
    assert!(call(&mut l, "backup_auto", json!({}))["file"]["path"].is_string());
    l.clock = at("2026-03-10T20:00:00+08:00");
    assert_eq!(call(&mut l, "backup_auto", json!({})), Value::Null, "made today already");
    l.clock = at("2026-03-11T10:00:01+08:00");
    assert!(call(&mut l, "backup_auto", json!({}))["file"]["path"].is_string());
    assert_eq!(names(&usb).len(), 2);
}

#[test]
fn the_ledger_check_runs_once_a_day_and_says_a_damaged_file_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger_file(dir.path(), "ledger.sqlite3", "石岩哨村");
    call(&mut l, "visit_add", visit("张某某", None, "反映承包地被占用"));
    call(&mut l, "ledger_check", json!({}));
    let checked = |l: &Ledger| {
        l.store
            .conn()
            .query_row("SELECT value FROM settings WHERE key = 'ledger_checked_on'", [], |r| r.get::<_, String>(0))
    };
    assert_eq!(checked(&l).unwrap(), "2026-03-10");
    drop(l);

    // The file damaged on disk: the next day's check says so and records nothing.
    let path = dir.path().join("ledger.sqlite3");
    let mut bytes = std::fs::read(&path).unwrap();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    // The last pages (the newest tables' data), not those read on open.
    let len = bytes.len();
    for start in [len - 2 * page, len - page] {
        bytes[start..start + 8].fill(0xA5);
    }
    std::fs::write(&path, &bytes).unwrap();
    let mut l = Ledger::new(
        Store::open(&path).expect("opens: the damage is not in what opening reads"),
        at("2026-03-11T08:00:00+08:00"),
    );
    let e = dispatch(&mut l, "ledger_check", json!({})).unwrap_err();
    assert_eq!(e.kind(), "damaged", "{e}");
    assert!(e.to_string().contains("已损坏") && e.to_string().contains("备份"), "{e}");
}

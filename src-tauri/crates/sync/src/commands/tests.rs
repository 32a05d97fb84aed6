//! The sync commands through `dispatch`, as the desktop page calls them: a
//! village and its township on disk enrol each other, a visit goes over in a
//! bundle and the acknowledgement comes back; refusals carry their Chinese
//! message and the field to mark, and change nothing.

use super::*;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::path::Path;
use xinfang_core::store::dump;
use xinfang_core::{Clock, Store};

const NOW: &str = "2026-05-06T09:00:00+08:00";

fn ledger(dir: &Path, file: &str, role: &str, name: &str) -> Ledger {
    let clock = Clock::Fixed(DateTime::parse_from_rfc3339(NOW).unwrap().with_timezone(&Utc));
    let mut l = Ledger::new(Store::create(&dir.join(file)).unwrap(), clock);
    call(&mut l, "device_init", json!({"role": role, "name": name}));
    l
}

fn call(l: &mut Ledger, name: &str, args: Value) -> Value {
    dispatch(l, name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn refused(l: &mut Ledger, name: &str, args: Value) -> Value {
    serde_json::to_value(dispatch(l, name, args).expect_err(name)).unwrap()
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

/// Writes `ledger`'s enrolment file into `dir` and returns its path and fingerprint.
fn identity(l: &mut Ledger, dir: &Path) -> (String, String) {
    let me = call(l, "sync_identity", json!({"save_to": path(dir)}));
    (me["enrolment_file"].as_str().unwrap().to_owned(), me["fingerprint"].as_str().unwrap().to_owned())
}


#[test]
fn the_catalogue_has_the_core_and_the_sync_commands_once_each_and_others_reach_the_core() {
    let list = catalogue();
    let mut names: Vec<_> = list.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), list.len());
    for n in ["visit_add", "sync_status", "sync_identity", "sync_enrol", "sync_import", "sync_places"] {
        assert!(names.contains(&n), "{n}");
    }
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path(), "v.sqlite3", "village", "石岩哨村");
    assert_eq!(call(&mut l, "device_show", json!({}))["device"]["name"], "石岩哨村");
    let e = refused(&mut l, "no_such_command", json!({}));
    assert_eq!(e["kind"], "unknown_command");
    let e = refused(&mut l, "sync_export", json!({"dir": "x", "typo": 1}));
    assert_eq!(e["kind"], "invalid");
}

#[test]
fn identity_is_stable_grouped_and_its_enrolment_file_goes_into_a_folder_or_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path(), "v.sqlite3", "village", "石岩哨村");
    let a = call(&mut l, "sync_identity", json!({}));
    assert_eq!(a["enrolment_file"], Value::Null);
    assert_eq!(a["role"], "village");
    let fp = a["fingerprint"].as_str().unwrap();
    assert_eq!(fp.chars().filter(|c| *c != '-').count(), 17);
    assert_eq!(a["fingerprint_groups"].as_array().unwrap().len(), 5);
    let (file, again) = identity(&mut l, dir.path());
    assert_eq!(again, fp, "keys are made once");
    assert!(file.ends_with("石岩哨村-设备登记文件.json"), "{file}");
    let named = dir.path().join("mine.json");
    let b = call(&mut l, "sync_identity", json!({"save_to": path(&named)}));
    assert_eq!(b["enrolment_file"], path(&named));
    assert_eq!(std::fs::read(&named).unwrap(), std::fs::read(&file).unwrap());
}

#[test]
fn a_village_and_its_township_exchange_a_visit_and_the_acknowledgement() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let stick = d.join("stick");
    let back = d.join("back");
    std::fs::create_dir_all(&stick).unwrap();
    std::fs::create_dir_all(&back).unwrap();
    let mut village = ledger(d, "v.sqlite3", "village", "石岩哨村");
    let mut town = ledger(d, "t.sqlite3", "township", "路居镇");
    let (v_file, v_fp) = identity(&mut village, d);
    let t_file = d.join("town.json");
    let t = call(&mut town, "sync_identity", json!({"save_to": path(&t_file)}));
    let t_fp = t["fingerprint"].as_str().unwrap();

    // A fingerprint one symbol off is caught and marks the field; nothing is enrolled.
    let mut wrong: Vec<char> = t_fp.chars().collect();
    wrong[0] = if wrong[0] == '7' { '8' } else { '7' };
    let wrong: String = wrong.into_iter().collect();
    let before = dump::rows(village.store.conn(), None).unwrap();
    let e = refused(&mut village, "sync_enrol", json!({"file": path(&t_file), "fingerprint": wrong, "by": "李某"}));
    assert_eq!(e["kind"], "fingerprint");
    assert_eq!(e["field"], "fingerprint");
    assert!(e["message"].as_str().unwrap().contains("指纹"), "{e}");
    assert_eq!(dump::rows(village.store.conn(), None).unwrap(), before);
    // Another device's fingerprint, well formed: a mismatch, also on the field.
    let e = refused(&mut village, "sync_enrol", json!({"file": path(&t_file), "fingerprint": v_fp, "by": "李某"}));
    assert_eq!(e["field"], "fingerprint");
    assert!(e["message"].as_str().unwrap().contains("指纹不一致"), "{e}");
    // A file that is not there marks the file.
    let e = refused(
        &mut village,
        "sync_enrol",
        json!({"file": path(&d.join("nope.json")), "fingerprint": t_fp, "by": "李某"}),
    );
    assert_eq!(e["field"], "file");

    let peer = call(
        &mut village,
        "sync_enrol",
        json!({"file": path(&t_file), "fingerprint": t_fp.to_lowercase(), "by": "李某"}),
    );
    assert_eq!(peer["name"], "路居镇");
    assert_eq!(peer["acked_seq"], 0);
    call(&mut town, "sync_enrol", json!({"file": v_file, "fingerprint": v_fp, "by": "王某"}));

    call(
        &mut village,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-05-02T09:30:00+08:00",
        "petitioners": [{"name": "张某某", "village": "石岩哨村", "group": "一组"}], "category": "土地承包",
        "request": "反映承包地被他人占用葬坟，要求处理。", "received_by": "李某"}),
    );
    let pending = call(&mut village, "sync_status", json!({}))["peers"][0]["pending"].as_i64().unwrap();
    assert!(pending > 0);

    let e = refused(&mut village, "sync_export", json!({"dir": path(&d.join("no-such-stick"))}));
    assert_eq!(e["field"], "dir");
    let out = call(&mut village, "sync_export", json!({"dir": path(&stick)}));
    assert_eq!(out.as_array().map(Vec::len), Some(1), "one bundle: {out}");
    let out = &out[0];
    assert_eq!(out["kind"], "changes");
    assert_eq!(out["first_seq"], 1);
    assert_eq!(out["last_seq"], pending);
    assert!(Path::new(out["path"].as_str().unwrap()).is_file());
    assert_eq!(out["to_name"], "路居镇");

    // A damaged copy first in name order: refused with its message, the good one still goes in.
    let good = std::fs::read(out["path"].as_str().unwrap()).unwrap();
    let mut bad = good.clone();
    let mid = bad.len() / 2;
    bad[mid] ^= 0x55;
    std::fs::write(stick.join("0-损坏.xfb"), &bad).unwrap();
    std::fs::write(stick.join("readme.txt"), "not a bundle").unwrap();
    let report = call(&mut town, "sync_import", json!({"paths": [path(&stick)]}));
    assert_eq!((report["imported"].as_u64(), report["refused"].as_u64()), (Some(1), Some(1)), "{report}");
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "only .xfb files, in name order");
    assert_eq!(files[0]["file_name"], "0-损坏.xfb");
    assert_eq!(files[0]["outcome"], "refused");
    assert_eq!(files[0]["refusal"]["kind"], "damaged");
    assert!(files[0]["refusal"]["message"].as_str().unwrap().contains("损坏"));
    assert_eq!(files[1]["outcome"], "imported");
    assert_eq!(files[1]["bundle"]["new_entries"].as_i64(), Some(pending));
    assert_eq!(files[1]["bundle"]["from_name"], "石岩哨村");
    let cases = call(&mut town, "case_list", json!({}));
    assert_eq!(cases["total"], 1);
    let again = call(&mut town, "sync_import", json!({"paths": [out["path"]]}));
    assert_eq!(again["files"][0]["outcome"], "already_imported");

    // The township's return, then the village holds nothing unacknowledged.
    let e = refused(&mut town, "sync_export", json!({"dir": path(&back)}));
    assert_eq!(e["kind"], "peer", "the township must say which village");
    let village_id = call(&mut village, "device_show", json!({}))["device"]["device_id"].clone();
    let ret = &call(&mut town, "sync_export", json!({"dir": path(&back), "to": village_id}))[0];
    assert_eq!(ret["kind"], "return");
    // Back on the same stick as the village's own bundle: importing the
    // folder at the village skips the bundle it wrote itself.
    let ret_path = Path::new(ret["path"].as_str().unwrap());
    std::fs::copy(ret_path, stick.join(ret_path.file_name().unwrap())).unwrap();
    std::fs::remove_file(stick.join("0-损坏.xfb")).unwrap();
    let report = call(&mut village, "sync_import", json!({"paths": [path(&stick)]}));
    assert_eq!(report["files"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["files"][0]["outcome"], "imported");
    assert_eq!(report["files"][0]["bundle"]["acknowledged"].as_i64(), Some(pending));
    let status = call(&mut village, "sync_status", json!({}));
    assert_eq!(status["peers"][0]["pending"], 0);

    // Revoking needs a reason (marked), then the peer is shown revoked.
    let town_id = t["device_id"].clone();
    let e = refused(&mut village, "sync_revoke", json!({"device_id": town_id, "reason": " "}));
    assert_eq!(e["field"], "reason");
    let p = call(&mut village, "sync_revoke", json!({"device_id": town_id, "reason": "电脑丢失"}));
    assert_eq!(p["revoke_reason"], "电脑丢失");
    assert!(p["revoked_at"].is_string());
}

#[test]
fn an_import_with_nothing_to_import_marks_the_paths() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path(), "v.sqlite3", "village", "石岩哨村");
    let e = refused(&mut l, "sync_import", json!({"paths": []}));
    assert_eq!(e["field"], "paths");
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let e = refused(&mut l, "sync_import", json!({"paths": [path(&empty)]}));
    assert_eq!(e["field"], "paths");
    assert!(e["message"].as_str().unwrap().contains("没有找到数据包"), "{e}");
    // A file that is not there is that file's refusal, not the whole call's.
    let r = call(&mut l, "sync_import", json!({"paths": [path(&dir.path().join("gone.xfb"))]}));
    assert_eq!(r["files"][0]["outcome"], "refused");
    assert_eq!(r["files"][0]["refusal"]["kind"], "io");
}

#[test]
fn an_unreachable_server_is_reported_quickly_as_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path(), "v.sqlite3", "village", "石岩哨村");
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let started = std::time::Instant::now();
    let e = refused(&mut l, "sync_over_http", json!({"server": format!("127.0.0.1:{port}")}));
    assert_eq!(e["kind"], "unreachable", "{e}");
    assert!(e["message"].as_str().unwrap().contains("连不上乡镇服务器"));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let e = refused(&mut l, "sync_over_http", json!({"server": ""}));
    assert_eq!(e["field"], "server");
    let mut town = ledger(dir.path(), "t.sqlite3", "township", "路居镇");
    let e = refused(&mut town, "sync_over_http", json!({"server": "127.0.0.1:1"}));
    assert_eq!(e["kind"], "refused");
}

#[test]
fn sync_errors_reach_the_ui_as_kind_message_field() {
    let e = Error::FingerprintCheck;
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["kind"], "fingerprint");
    assert_eq!(v["field"], "fingerprint");
    assert!(v["message"].as_str().unwrap().contains("校验位"));
    let core = xinfang_core::Error::invalid("by", "登记人", "不能为空");
    let expected = serde_json::to_value(&core).unwrap();
    assert_eq!(serde_json::to_value(Error::from(core)).unwrap(), expected);
    let v = serde_json::to_value(Error::NothingToExport).unwrap();
    assert_eq!(v["field"], Value::Null);
}

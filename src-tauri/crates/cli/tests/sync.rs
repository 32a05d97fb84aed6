//! Sync through the real `xinfang` binary, as a clerk would do it with a USB
//! stick: each side shows its fingerprint and writes its enrolment file, each
//! enrols the other by typing the fingerprint read off the other screen; the
//! village exports, the township verifies and imports the folder; a second
//! import says so and changes nothing; a damaged file is refused with a
//! Chinese message and a non-zero exit.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_xinfang");

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN).args(args).env("XINFANG_DB", db).env("XINFANG_NOW", "2026-05-06T09:00:00+08:00").output().unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "xinfang {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(db, args)).unwrap()
}

/// Initialises a ledger and returns its fingerprint and enrolment file.
fn device(dir: &Path, role: &str, name: &str) -> (PathBuf, String, PathBuf) {
    let db = dir.join(format!("{role}.sqlite3"));
    ok(&db, &["init", "--role", role, "--name", name]);
    let file = dir.join(format!("{role}-enrolment.json"));
    let shown = json(&db, &["device", "show", "--out", file.to_str().unwrap(), "--json"]);
    let text = ok(&db, &["device", "show"]);
    let fingerprint = shown["fingerprint"].as_str().unwrap().to_owned();
    assert!(text.contains(&format!("指纹：{fingerprint}")), "{text}");
    (db, fingerprint, file)
}

#[test]
fn a_village_exports_to_a_usb_folder_and_the_township_imports_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let (village, village_fp, village_file) = device(dir.path(), "village", "石岩哨村");
    let (town, town_fp, town_file) = device(dir.path(), "township", "路居镇");

    // A typo in the fingerprint is caught by its check symbol; the wrong
    // device's fingerprint by the comparison. Neither enrols anything.
    let mut typo: Vec<char> = village_fp.chars().collect();
    typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    let out = run(&town, &["enrol", village_file.to_str().unwrap(), "--fingerprint", &typo, "--by", "王某"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("指纹"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&town, &["enrol", village_file.to_str().unwrap(), "--fingerprint", &town_fp, "--by", "王某"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("指纹不一致"));
    assert_eq!(json(&town, &["device", "peers", "--json"]), Value::Array(vec![]));

    // Typed in lower case without dashes, as a person might.
    let typed = village_fp.replace('-', "").to_lowercase();
    let peer =
        json(&town, &["enrol", village_file.to_str().unwrap(), "--fingerprint", &typed, "--by", "王某", "--json"]);
    assert_eq!(peer["name"], "石岩哨村");
    ok(&village, &["enrol", town_file.to_str().unwrap(), "--fingerprint", &town_fp, "--by", "李某"]);

    let visit = r#"{"channel": "visit", "received_at": "2026-05-02T09:30:00+08:00",
        "petitioners": [{"name": "张某某", "village": "石岩哨村", "group": "大营头组"}],
        "category": "土地承包", "request": "反映承包地被他人占用葬坟，要求处理。", "received_by": "李某"}"#;
    ok(&village, &["call", "visit_add", "--json", visit]);

    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let path = PathBuf::from(ok(&village, &["export", "--to", usb.to_str().unwrap()]).trim());
    assert!(path.starts_with(&usb) && path.exists(), "{path:?}");

    let checked = ok(&town, &["verify", path.to_str().unwrap()]);
    assert!(checked.contains("数据包完好：来自 石岩哨村") && checked.contains("尚未导入"), "{checked}");
    let imported = ok(&town, &["import", usb.to_str().unwrap()]);
    assert!(imported.contains("已导入 石岩哨村"), "{imported}");
    let page = json(&town, &["case", "list", "--json"]);
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["number"], "石岩哨村信〔2026〕第1号");

    let again = ok(&town, &["import", path.to_str().unwrap()]);
    assert!(again.contains("已经导入过"), "{again}");
    assert_eq!(json(&town, &["case", "list", "--json"])["total"], 1);

    // A copy cut short: refused, exit 1, the reason in Chinese on stderr.
    let bytes = std::fs::read(&path).unwrap();
    let cut = usb.join("cut.xfb");
    std::fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
    let out = run(&town, &["import", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("损坏") && err.contains("1 个数据包被拒收"), "{err}");

    // The township's return: the village learns what arrived, and its next
    // export has nothing to send until new work is recorded.
    let village_id = json(&village, &["device", "show", "--json"])["device_id"].as_str().unwrap().to_owned();
    let back = dir.path().join("back");
    std::fs::create_dir(&back).unwrap();
    let ret = PathBuf::from(ok(&town, &["export", "--to", back.to_str().unwrap(), "--for", &village_id]).trim());
    assert!(ret.file_name().unwrap().to_str().unwrap().contains("回执0001"), "{ret:?}");
    let got = ok(&village, &["import", ret.to_str().unwrap()]);
    assert!(got.contains("已收到 路居镇 的回执"), "{got}");
    let out = run(&village, &["export", "--to", usb.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有需要导出的变更"));
}

//! Attachments through the real `xinfang` binary: a photo attached to a
//! case, listed in the Chinese table and as JSON, extracted byte for byte;
//! a file that is not a photo, scan or PDF refused with a Chinese reason,
//! leaving the ledger and the folder as they were.

use crate::common;

use common::{ok, refused, run};
use serde_json::Value;
use std::path::Path;

const NOW: &str = "2026-11-24T09:00:00+08:00";

fn xinfang(db: &Path, args: &[&str]) -> std::process::Output {
    run(db, NOW, args, None)
}

/// A village ledger with one case; returns the case id.
fn ledger_with_a_case(db: &Path) -> String {
    ok(&xinfang(db, &["init", "--role", "village", "--name", "石岩哨村"]));
    let visit = r#"{"channel": "visit", "received_at": "2026-11-20T09:30:00+08:00",
        "petitioners": [{"name": "张三", "village": "石岩哨村", "group": "一组"}],
        "category": "土地承包", "request": "田埂被邻居挖断，要求恢复", "received_by": "李某"}"#;
    ok(&run(db, NOW, &["visit", "add", "--json", "-"], Some(visit))).trim().to_owned()
}

/// A PNG signature followed by 1.5 MiB of varied bytes (two chunks).
fn photo() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..1_572_864u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    bytes
}

#[test]
fn a_photo_is_attached_listed_and_extracted_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("village.sqlite3");
    let case = ledger_with_a_case(&db);
    let file = dir.path().join("现场照片.png");
    std::fs::write(&file, photo()).unwrap();

    let id = ok(&xinfang(
        &db,
        &["attach", &case, file.to_str().unwrap(), "--kind", "evidence", "--caption", "田埂现场", "--by", "李某"],
    ))
    .trim()
    .to_owned();
    assert_eq!(id.len(), 36, "an attachment id: {id}");

    let table = ok(&xinfang(&db, &["attachments", &case]));
    let mut lines = table.lines();
    assert_eq!(lines.next(), Some("共 1 个附件"));
    let heading = lines.next().unwrap();
    for column in ["类别", "说明", "文件名", "大小", "添加人", "添加时间", "是否在本机"] {
        assert!(heading.contains(column), "{heading}");
    }
    let row = lines.next().unwrap();
    for cell in [id.as_str(), "证据材料", "田埂现场", "现场照片.png", "1.5 MB", "李某", "2026-11-24", "是"]
    {
        assert!(row.contains(cell), "{cell} missing from {row}");
    }

    let listed: Value = serde_json::from_str(&ok(&xinfang(&db, &["attachments", &case, "--json"]))).unwrap();
    assert_eq!(listed[0]["id"], id.as_str());
    assert_eq!(listed[0]["media_type"], "image/png");
    assert_eq!(listed[0]["present"], true);
    assert_eq!(listed[0]["size"], photo().len());

    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let saved = ok(&xinfang(&db, &["extract", &id, "--to", usb.to_str().unwrap()])).trim().to_owned();
    assert_eq!(Path::new(&saved), usb.join("现场照片.png"));
    assert_eq!(std::fs::read(&saved).unwrap(), photo(), "extracted bytes differ");
    // A second extraction lands beside the first, never over it.
    let again = ok(&xinfang(&db, &["extract", &id, "--to", usb.to_str().unwrap()])).trim().to_owned();
    assert_ne!(again, saved);
    assert_eq!(std::fs::read(&again).unwrap(), photo());
}

#[test]
fn a_file_that_is_not_a_photo_scan_or_pdf_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("village.sqlite3");
    let case = ledger_with_a_case(&db);
    let file = dir.path().join("会议记录.txt");
    std::fs::write(&file, "会议记录：三方到场".as_bytes()).unwrap();
    let before = std::fs::read(&db).unwrap();

    let out = xinfang(&db, &["attach", &case, file.to_str().unwrap(), "--kind", "other", "--by", "李某"]);
    refused(&out, "文件");
    assert!(out.stdout.is_empty());
    assert_eq!(ok(&xinfang(&db, &["attachments", &case])), "本件还没有附件。\n");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the ledger file changed");

    // A signed agreement must name its agreement; an unknown kind is clap's refusal.
    let png = dir.path().join("协议.png");
    std::fs::write(&png, photo()).unwrap();
    let out = xinfang(&db, &["attach", &case, png.to_str().unwrap(), "--kind", "signed-agreement", "--by", "李某"]);
    refused(&out, "属于哪一份协议");
    assert!(
        !xinfang(&db, &["attach", &case, png.to_str().unwrap(), "--kind", "photo", "--by", "李某"]).status.success()
    );
    refused(&xinfang(&db, &["extract", "no-such-id", "--to", dir.path().to_str().unwrap()]), "附件");
}

/// A ledger initialised with `role`; returns its fingerprint and enrolment file.
fn device(dir: &Path, role: &str, name: &str) -> (std::path::PathBuf, String, std::path::PathBuf) {
    let db = dir.join(format!("{role}.sqlite3"));
    ok(&xinfang(&db, &["init", "--role", role, "--name", name]));
    let file = dir.join(format!("{role}-enrolment.json"));
    let shown: Value =
        serde_json::from_str(&ok(&xinfang(&db, &["device", "show", "--out", file.to_str().unwrap(), "--json"])))
            .unwrap();
    (db, shown["fingerprint"].as_str().unwrap().to_owned(), file)
}

#[test]
fn the_township_extracts_the_villages_photo_after_a_usb_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let (village, village_fp, village_file) = device(dir.path(), "village", "石岩哨村");
    let (town, town_fp, town_file) = device(dir.path(), "township", "路居镇");
    ok(&xinfang(&town, &["enrol", village_file.to_str().unwrap(), "--fingerprint", &village_fp, "--by", "王某"]));
    ok(&xinfang(&village, &["enrol", town_file.to_str().unwrap(), "--fingerprint", &town_fp, "--by", "李某"]));
    let visit = r#"{"channel": "visit", "received_at": "2026-11-20T09:30:00+08:00",
        "petitioners": [{"name": "张三", "village": "石岩哨村", "group": "一组"}],
        "category": "土地承包", "request": "田埂被邻居挖断，要求恢复", "received_by": "李某"}"#;
    let case = ok(&run(&village, NOW, &["visit", "add", "--json", "-"], Some(visit))).trim().to_owned();
    let file = dir.path().join("现场照片.png");
    std::fs::write(&file, photo()).unwrap();
    let id = ok(&xinfang(&village, &["attach", &case, file.to_str().unwrap(), "--kind", "evidence", "--by", "李某"]))
        .trim()
        .to_owned();

    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    // Parts of at most 1 MiB: the case in one bundle, the 1.5 MiB photo in
    // another; the township imports the folder, in name order.
    let parts: serde_json::Value = serde_json::from_str(&ok(&xinfang(
        &village,
        &["export", "--to", usb.to_str().unwrap(), "--part-mib", "1", "--json"],
    )))
    .unwrap();
    let parts = parts.as_array().unwrap();
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert_eq!(parts[1]["first_seq"].as_i64(), parts[0]["last_seq"].as_i64().map(|s| s + 1));
    let imported = ok(&xinfang(&town, &["import", usb.to_str().unwrap()]));
    assert_eq!(imported.lines().filter(|l| l.contains("已导入")).count(), 2, "{imported}");

    let table = ok(&xinfang(&town, &["attachments", &case]));
    let row = table.lines().nth(2).unwrap();
    assert!(row.contains(&id) && row.contains("现场照片.png") && row.trim_end().ends_with('是'), "{table}");
    let out = dir.path().join("town-out");
    std::fs::create_dir(&out).unwrap();
    let saved = ok(&xinfang(&town, &["extract", &id, "--to", out.to_str().unwrap()])).trim().to_owned();
    assert_eq!(std::fs::read(saved).unwrap(), photo(), "the township's copy differs");
}

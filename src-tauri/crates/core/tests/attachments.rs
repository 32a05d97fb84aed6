//! Attachments (附件) through the command layer on a real SQLite ledger:
//! the signed agreement's scan linked to its version, the same file kept
//! once, extraction byte for byte, and every refusal leaving the ledger as
//! it was.

use crate::common;

use common::{call, dump, ledger_at, visit};
use serde_json::{Value, json};
use std::path::Path;
use xinfang_core::{Ledger, dispatch};

const TODAY: &str = "2026-05-06T09:00:00+08:00";

/// A PNG's first bytes, then `n` bytes of made-up image data.
fn png(n: usize) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend((0..n).map(|i| (i * 31 % 253) as u8));
    b
}

fn file(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn refused(l: &mut Ledger, name: &str, args: Value) -> xinfang_core::Error {
    let before = dump(l);
    let e = dispatch(l, name, args).expect_err("should be refused");
    assert_eq!(dump(l), before, "{name} refused but changed the ledger");
    e
}

/// A case settled on the spot with a draft agreement; returns (case, agreement).
fn case_with_draft(l: &mut Ledger) -> (Value, Value) {
    let case_id = call(l, "visit_add", visit("张某某", None, "反映邻居在承包地内葬坟"))["case_id"].clone();
    call(l, "case_transition", json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "actor": "李某"}));
    let party = call(l, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let other = call(l, "person_add", json!({"name": "王某", "village": "石岩哨村"}))["id"].clone();
    let content = json!({"party_ids": [party, other], "facts": "王某在张某某承包地内安葬亲属。",
        "responsibilities": "王某未经同意占用他人承包地。", "terms": ["王某补偿张某某2600元。"],
        "performance": "当场付清。", "copies": 3, "mediators": ["杨某"], "recorder": "李某"});
    let a =
        call(l, "agreement_draft", json!({"case_id": case_id, "form": "written", "content": content, "actor": "杨某"}));
    (case_id, a["agreement"]["id"].clone())
}

#[test]
fn a_signed_scan_belongs_to_its_agreement_version_and_the_case_shows_what_still_lacks_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger_at(TODAY);
    let (case_id, agreement_id) = case_with_draft(&mut l);
    let scan = file(dir.path(), "协议书扫描.png", &png(5000));

    // A draft has no signed paper yet.
    let e = refused(
        &mut l,
        "attachment_add",
        json!({"case_id": case_id, "path": scan, "kind": "signed_agreement", "agreement_id": agreement_id, "actor": "杨某"}),
    );
    assert_eq!(e.field(), Some("agreement_id"));
    assert!(e.to_string().contains("还是草稿"), "{e}");

    call(&mut l, "agreement_sign", json!({"id": agreement_id, "signed_on": "2026-05-04", "actor": "杨某"}));
    let detail = call(&mut l, "case_show", json!({"id": case_id}));
    assert_eq!(detail["signed_scan_missing"], json!([agreement_id]));
    let e = refused(
        &mut l,
        "attachment_add",
        json!({"case_id": case_id, "path": scan, "kind": "signed_agreement", "actor": "杨某"}),
    );
    assert_eq!(e.field(), Some("agreement_id"), "a signed scan must name its agreement");

    let added = call(
        &mut l,
        "attachment_add",
        json!({"case_id": case_id, "path": scan, "kind": "signed_agreement", "agreement_id": agreement_id,
            "caption": "双方签字页", "actor": "杨某"}),
    );
    assert_eq!(
        (
            added["kind_label"].as_str(),
            added["media_type"].as_str(),
            added["file_name"].as_str(),
            added["present"].as_bool()
        ),
        (Some("签字协议书"), Some("image/png"), Some("协议书扫描.png"), Some(true))
    );
    assert_eq!(added["size"], 5008);
    let detail = call(&mut l, "case_show", json!({"id": case_id}));
    assert_eq!(detail["signed_scan_missing"], json!([]));
    assert_eq!(detail["attachments"][0]["id"], added["id"]);
}

#[test]
fn the_same_file_is_kept_once_and_extracted_byte_for_byte_beside_earlier_copies() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut l = ledger_at(TODAY);
    let (case_id, _) = case_with_draft(&mut l);
    // Larger than one chunk, so it is kept in pieces.
    let bytes = png(2 * 1024 * 1024 + 333);
    let photo = file(dir.path(), "现场照片.png", &bytes);
    let again = file(dir.path(), "现场照片-副本.png", &bytes);
    let a =
        call(&mut l, "attachment_add", json!({"case_id": case_id, "path": photo, "kind": "evidence", "actor": "李某"}));
    let b = call(
        &mut l,
        "attachment_add",
        json!({"case_id": case_id, "path": again, "kind": "performance_proof", "actor": "李某"}),
    );
    assert_eq!(a["hash"], b["hash"]);
    let stored: i64 = l.store.conn().query_row("SELECT count(*) FROM attachment_blob", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 1, "the same content is stored once");
    assert_eq!(call(&mut l, "attachment_list", json!({"id": case_id})).as_array().unwrap().len(), 2);

    let folder = out.path().display().to_string();
    let first = call(&mut l, "attachment_extract", json!({"id": a["id"], "folder": folder}));
    assert_eq!(first["path"], out.path().join("现场照片.png").display().to_string());
    assert_eq!(std::fs::read(first["path"].as_str().unwrap()).unwrap(), bytes);
    let second = call(&mut l, "attachment_extract", json!({"id": a["id"], "folder": folder}));
    assert_eq!(second["path"], out.path().join("现场照片（2）.png").display().to_string());

    let e = dispatch(
        &mut l,
        "attachment_extract",
        json!({"id": a["id"], "folder": out.path().join("nope").display().to_string()}),
    )
    .unwrap_err();
    assert_eq!((e.kind(), e.field()), ("file", Some("folder")));
    assert!(e.to_string().contains("无法写入"), "{e}");

    // Voided: off the case, kept in the ledger with its reason.
    let voided = call(&mut l, "attachment_void", json!({"id": b["id"], "reason": "重复添加", "actor": "李某"}));
    assert!(voided["voided_at"].is_string());
    assert_eq!(call(&mut l, "attachment_list", json!({"id": case_id})).as_array().unwrap().len(), 1);
    refused(&mut l, "attachment_void", json!({"id": b["id"], "reason": "再次", "actor": "李某"}));
}

#[test]
fn a_file_that_is_missing_empty_too_big_or_not_a_photo_scan_or_pdf_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger_at(TODAY);
    let (case_id, _) = case_with_draft(&mut l);
    let add = |path: &str| json!({"case_id": case_id, "path": path, "kind": "evidence", "actor": "李某"});

    let missing = dir.path().join("没有这个文件.jpg").display().to_string();
    let e = refused(&mut l, "attachment_add", add(&missing));
    assert_eq!((e.kind(), e.field()), ("file", Some("path")));
    assert!(e.to_string().contains("无法读取"), "{e}");

    let empty = file(dir.path(), "空.png", b"");
    assert!(refused(&mut l, "attachment_add", add(&empty)).to_string().contains("空的"));

    let exe = file(dir.path(), "照片.jpg", b"MZ\x90\0\x03\0\0\0");
    let e = refused(&mut l, "attachment_add", add(&exe));
    assert!(e.to_string().contains("只能添加照片"), "{e}");

    // 51 MB, sparse: refused once the reading passes 50 MB.
    let big = dir.path().join("视频.png");
    std::fs::File::create(&big).unwrap().set_len(51 * 1024 * 1024).unwrap();
    let e = refused(&mut l, "attachment_add", add(&big.display().to_string()));
    assert!(e.to_string().contains("超过了 50 MB"), "{e}");

    let photo = file(dir.path(), "照片.png", &png(10));
    let e = refused(
        &mut l,
        "attachment_add",
        json!({"case_id": "no-such-case", "path": photo, "kind": "evidence", "actor": "李某"}),
    );
    assert_eq!(e.kind(), "not_found");
}

/// What a name becomes on disk when extracted: the file written, as a string.
fn extracted_name(l: &mut Ledger, id: &Value, folder: &Path) -> String {
    let saved = call(l, "attachment_extract", json!({"id": id, "folder": folder.display().to_string()}));
    let path = std::path::PathBuf::from(saved["path"].as_str().unwrap());
    assert_eq!(path.parent(), Some(folder), "written into the folder itself");
    assert!(path.is_file(), "{path:?}");
    path.file_name().unwrap().to_str().unwrap().to_owned()
}

#[test]
fn extracted_names_are_safe_on_any_system_whatever_name_the_record_carries() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut l = ledger_at(TODAY);
    let (case_id, _) = case_with_draft(&mut l);
    let pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n".to_vec();
    let path = file(dir.path(), "证据.pdf", &pdf);
    let a =
        call(&mut l, "attachment_add", json!({"case_id": case_id, "path": path, "kind": "evidence", "actor": "李某"}));

    // A 253-byte name, as a phone names a scan: attached, and extracted.
    let long = format!("{}.pdf", "证".repeat(83));
    assert_eq!(long.len(), 253);
    let named = |l: &mut Ledger, name: &str| {
        // As a record from another device or an earlier version may carry it.
        l.store
            .write_local(|tx| {
                Ok(tx.execute("UPDATE attachment SET file_name = ?1 WHERE id = ?2", [name, a["id"].as_str().unwrap()])?)
            })
            .unwrap();
        extracted_name(l, &a["id"], out.path())
    };
    let written = named(&mut l, &long);
    assert!(
        written.len() + ".part".len() <= 255 && written.ends_with(".pdf") && written.starts_with("证证"),
        "{written}"
    );
    for (name, expected) in [
        ("CON", "_CON.pdf"),
        ("aux.txt", "_aux.pdf"),
        ("Com1.PDF", "_Com1.PDF"),
        ("scan\u{202E}fdp.bat", "scan_fdp.pdf"),
        ("证据.bat", "证据.pdf"),
        ("../../上级/协议.pdf", "_.._上级_协议.pdf"),
        ("报告. . ", "报告.pdf"),
        ("a<b>c:d|e?.pdf", "a_b_c_d_e_.pdf"),
    ] {
        assert_eq!(named(&mut l, name), expected, "{name:?}");
    }
    assert_eq!(std::fs::read(out.path().join("证据.pdf")).unwrap(), pdf);
    assert!(
        std::fs::read_dir(out.path()).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".part"))
    );
}

#[test]
fn an_attached_name_is_kept_as_it_will_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger_at(TODAY);
    let (case_id, _) = case_with_draft(&mut l);
    let path = file(dir.path(), "scan\u{202E}fdp.bat", &png(100));
    let a =
        call(&mut l, "attachment_add", json!({"case_id": case_id, "path": path, "kind": "evidence", "actor": "李某"}));
    assert_eq!(a["file_name"], "scan_fdp.png");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_not_attached_and_nothing_waits_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger_at(TODAY);
    let (case_id, _) = case_with_draft(&mut l);
    let fifo = dir.path().join("扫描.pdf");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for path in [fifo.as_path(), Path::new("/dev/zero"), Path::new("/dev/urandom")] {
        let e = refused(
            &mut l,
            "attachment_add",
            json!({"case_id": case_id, "path": path.display().to_string(), "kind": "evidence", "actor": "李某"}),
        );
        assert_eq!(e.field(), Some("path"));
        assert!(e.to_string().contains("不是普通文件"), "{e}");
    }
}

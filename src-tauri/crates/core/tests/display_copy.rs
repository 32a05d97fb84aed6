//! Display copies (显示副本) of attached photos through the command layer on
//! a real SQLite ledger: the original kept byte for byte, a scaled copy for
//! the preview, one copy per photo however often it is attached, a copy made
//! on first view for content that arrived by sync, and a clear refusal where
//! there is no picture.

use crate::common;

use base64::Engine;
use common::{at, call, ledger_at, visit};
use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};
use serde_json::{Value, json};
use std::path::Path;
use xinfang_core::store::{attachments, changelog, replica};
use xinfang_core::{Ledger, Store, dispatch};

const TODAY: &str = "2026-05-06T09:00:00+08:00";

/// A camera-sized JPEG made here rather than kept in the repository.
fn photo(width: u32, height: u32) -> Vec<u8> {
    let p = RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, ((x ^ y) % 256) as u8]));
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 92).encode_image(&p).unwrap();
    out
}

fn file(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn attach(l: &mut Ledger, case_id: &Value, path: &str) -> Value {
    call(l, "attachment_add", json!({"case_id": case_id, "path": path, "kind": "evidence", "actor": "李某"}))
}

fn count(l: &Ledger, table: &str) -> i64 {
    l.store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// The picture a preview carries, decoded.
fn shown(preview: &Value) -> image::DynamicImage {
    let url = preview["data_url"].as_str().unwrap();
    let data = url.strip_prefix(&format!("data:{};base64,", preview["media_type"].as_str().unwrap())).unwrap();
    image::load_from_memory(&base64::engine::general_purpose::STANDARD.decode(data).unwrap()).unwrap()
}

fn refusal(l: &mut Ledger, id: &Value) -> String {
    let e = dispatch(l, "attachment_preview", json!({"id": id})).expect_err("no preview");
    assert_eq!(e.kind(), "refused");
    e.to_string()
}

#[test]
fn a_large_photo_is_kept_as_it_is_and_previewed_from_one_display_copy() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut l = ledger_at(TODAY);
    let case_id = call(&mut l, "visit_add", visit("张某某", None, "反映邻居在承包地内葬坟"))["case_id"].clone();
    let bytes = photo(3000, 2000);
    let a = attach(&mut l, &case_id, &file(dir.path(), "现场.jpg", &bytes));

    let preview = call(&mut l, "attachment_preview", json!({"id": a["id"]}));
    assert_eq!(
        (preview["media_type"].as_str(), preview["width"].as_u64(), preview["height"].as_u64()),
        (Some("image/jpeg"), Some(1600), Some(1067))
    );
    let picture = shown(&preview);
    assert_eq!((picture.width(), picture.height()), (1600, 1067));

    let saved = call(&mut l, "attachment_extract", json!({"id": a["id"], "folder": out.path().display().to_string()}));
    assert_eq!(std::fs::read(saved["path"].as_str().unwrap()).unwrap(), bytes, "the original, byte for byte");
    assert_eq!(a["size"], bytes.len());

    // The same photo again, under another name: one original, one copy.
    let b = attach(&mut l, &case_id, &file(dir.path(), "现场-副本.jpg", &bytes));
    assert_eq!(a["hash"], b["hash"]);
    assert_eq!((count(&l, "attachment_blob"), count(&l, "attachment_display")), (2, 1));
    assert_eq!(call(&mut l, "attachment_preview", json!({"id": b["id"]}))["data_url"], preview["data_url"]);

    // Display copies are local: the change log has the two records and
    // nothing of the copy, so a bundle never carries it.
    let copy: String =
        l.store.conn().query_row("SELECT display_hash FROM attachment_display", [], |r| r.get(0)).unwrap();
    let logged = changelog::entries(l.store.conn(), &device(&l), 1).unwrap();
    assert_eq!(logged.iter().filter(|e| e.entity == "attachment").count(), 2);
    assert!(logged.iter().all(|e| !e.payload.contains(&copy)));
}

#[test]
fn a_small_picture_is_previewed_as_it_is_and_what_has_no_picture_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger_at(TODAY);
    let case_id = call(&mut l, "visit_add", visit("张某某", None, "反映邻居在承包地内葬坟"))["case_id"].clone();
    let small = photo(800, 600);
    let a = attach(&mut l, &case_id, &file(dir.path(), "收据.jpg", &small));
    let preview = call(&mut l, "attachment_preview", json!({"id": a["id"]}));
    assert_eq!((preview["width"].as_u64(), preview["height"].as_u64()), (Some(800), Some(600)));
    let data = base64::engine::general_purpose::STANDARD.encode(&small);
    assert_eq!(preview["data_url"], format!("data:image/jpeg;base64,{data}"), "the original itself");
    assert_eq!(count(&l, "attachment_blob"), 1, "no copy of a small photo");

    let heic = attach(&mut l, &case_id, &file(dir.path(), "IMG_0001.HEIC", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"));
    assert!(refusal(&mut l, &heic["id"]).contains("HEIC 照片无法在本机预览，可另存后用其他软件查看"));
    let pdf = attach(&mut l, &case_id, &file(dir.path(), "收据.pdf", b"%PDF-1.4\n"));
    assert!(refusal(&mut l, &pdf["id"]).contains("不是照片"));
    // A damaged photo is still attached and kept; it just has no preview.
    let broken = attach(&mut l, &case_id, &file(dir.path(), "坏.jpg", b"\xFF\xD8\xFF\xE0 cut off"));
    assert_eq!(broken["present"], true);
    assert!(refusal(&mut l, &broken["id"]).contains("无法读取"));
    assert_eq!(count(&l, "attachment_display"), 1, "only the small photo's link");
}

#[test]
fn a_photo_that_arrived_by_sync_gets_its_display_copy_when_first_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut village = ledger_at(TODAY);
    let case_id = call(&mut village, "visit_add", visit("张某某", None, "反映邻居在承包地内葬坟"))["case_id"].clone();
    let bytes = photo(2400, 3200);
    let a = attach(&mut village, &case_id, &file(dir.path(), "现场.jpg", &bytes));

    let mut town = Ledger::new(Store::in_memory().unwrap(), at(TODAY));
    call(&mut town, "device_init", json!({"role": "township", "name": "路居镇"}));
    let from = device(&village);
    let entries = changelog::entries(village.store.conn(), &from, 1).unwrap();
    let clock = town.clock;
    town.store.write(clock, |w| replica::apply(w.tx(), &from, &entries, clock.now())).unwrap();
    assert!(refusal(&mut town, &a["id"]).contains("文件尚未同步到本机"));

    // The content arrives as a bundle's attachment part stores it: no copy.
    town.store.write(clock, |w| attachments::put_content(w.tx(), &bytes)).unwrap();
    assert_eq!(count(&town, "attachment_display"), 0);
    let log_before = count(&town, "change_log");
    let preview = call(&mut town, "attachment_preview", json!({"id": a["id"]}));
    assert_eq!((preview["width"].as_u64(), preview["height"].as_u64()), (Some(1200), Some(1600)));
    assert_eq!(count(&town, "attachment_display"), 1, "kept for next time");
    assert_eq!(count(&town, "change_log"), log_before, "not logged");
    assert_eq!(call(&mut town, "attachment_preview", json!({"id": a["id"]}))["data_url"], preview["data_url"]);
}

fn device(l: &Ledger) -> String {
    xinfang_core::store::device::load(l.store.conn()).unwrap().unwrap().device_id
}

//! Attachment content in bundles: a village attaches a 3 MiB photo, exports,
//! the township imports and extracts it byte for byte; a bundle whose
//! attachment chunk was damaged before it was signed (so only the chunk
//! check can catch it) is refused naming the file and the chunk, and the
//! township's database stays exactly as it was. A photo the township adds
//! to the village's case reaches the village in its return bundle. An export larger than a
//! part is split into several bundles, each whole in itself, that go in in
//! name order and only in that order.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use xinfang_core::domain::attachment::CHUNK_BYTES;
use xinfang_core::store::dump as rows;
use xinfang_core::{Clock, Ledger, Store, dispatch};
use xinfang_sync::bundle::{self, FORMAT_V1, FORMAT_V2, FORMAT_V3};
use xinfang_sync::import::{self, Outcome};
use xinfang_sync::{Error, export, local};

const NOW: &str = "2026-11-24T09:00:00+08:00";

fn ledger(dir: &Path, file: &str, role: &str, name: &str) -> Ledger {
    let clock = Clock::Fixed(DateTime::parse_from_rfc3339(NOW).unwrap().with_timezone(&Utc));
    let mut l = Ledger::new(Store::create(&dir.join(file)).unwrap(), clock);
    dispatch(&mut l, "device_init", json!({"role": role, "name": name})).unwrap();
    l
}

fn call(l: &mut Ledger, name: &str, args: Value) -> Value {
    dispatch(l, name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Enrols each at the other, typing the other's fingerprint.
fn pair(a: &mut Ledger, b: &mut Ledger) {
    let ea = local::me(a).unwrap().enrolment().unwrap();
    let eb = local::me(b).unwrap().enrolment().unwrap();
    local::enrol(b, ea.to_json().unwrap().as_bytes(), &ea.fingerprint.to_string(), "王某").unwrap();
    local::enrol(a, eb.to_json().unwrap().as_bytes(), &eb.fingerprint.to_string(), "李某").unwrap();
}

fn dump(l: &Ledger) -> Vec<String> {
    rows::rows(l.store.conn(), None).unwrap()
}

/// A PNG signature then `len` varied bytes.
fn photo(len: usize, seed: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..len as u32).map(|i| (i.wrapping_add(seed).wrapping_mul(2_654_435_761) >> 11) as u8));
    bytes
}

struct World {
    dir: tempfile::TempDir,
    village: Ledger,
    town: Ledger,
    case_id: String,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut town = ledger(dir.path(), "town.sqlite3", "township", "路居镇");
    let mut village = ledger(dir.path(), "village.sqlite3", "village", "石岩哨村");
    pair(&mut village, &mut town);
    let added = call(
        &mut village,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-11-20T09:30:00+08:00",
        "petitioners": [{"name": "张三", "village": "石岩哨村", "group": "一组"}], "category": "土地承包",
        "request": "田埂被邻居挖断，要求恢复", "received_by": "李某"}),
    );
    let case_id = added["case_id"].as_str().unwrap().to_owned();
    World { dir, village, town, case_id }
}

/// Attaches `bytes` as `name` to the case at the village; returns the attachment id.
fn attach(w: &mut World, name: &str, bytes: &[u8]) -> String {
    let path = w.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let added = call(
        &mut w.village,
        "attachment_add",
        json!({"case_id": w.case_id, "path": path, "kind": "evidence", "caption": "田埂现场", "actor": "李某"}),
    );
    added["id"].as_str().unwrap().to_owned()
}

fn export_to(w: &mut World, folder: &str) -> PathBuf {
    let out = w.dir.path().join(folder);
    std::fs::create_dir(&out).unwrap();
    export::export(&mut w.village, None, &out).unwrap().path
}

/// The bundle as the township reads it: header and content.
fn opened(w: &mut World, path: &Path) -> bundle::Opened {
    let village_keys = local::me(&mut w.village).unwrap().identity.public();
    let town = local::me(&mut w.town).unwrap();
    bundle::open(&std::fs::read(path).unwrap(), &town.identity, |_| Ok(village_keys)).unwrap()
}

#[test]
fn a_photo_attached_at_the_village_is_extracted_byte_for_byte_at_the_township() {
    let mut w = world();
    // Changes without attachment content still travel as format 1.
    let plain = export_to(&mut w, "usb-0");
    assert_eq!(opened(&mut w, &plain).header.format_version, FORMAT_V1);
    import::import(&mut w.town, &plain).unwrap();

    let bytes = photo(3 * CHUNK_BYTES + 12_345, 1);
    let id = attach(&mut w, "现场照片.png", &bytes);
    let path = export_to(&mut w, "usb-1");
    assert_eq!(opened(&mut w, &path).header.format_version, FORMAT_V2);

    let done = import::import(&mut w.town, &path).unwrap();
    assert_eq!(done.outcome, Outcome::Imported);
    let listed = call(&mut w.town, "attachment_list", json!({"id": w.case_id}));
    assert_eq!(listed[0]["id"], id.as_str());
    assert_eq!(listed[0]["present"], true);
    let folder = w.dir.path().join("town-out");
    std::fs::create_dir(&folder).unwrap();
    let saved = call(&mut w.town, "attachment_extract", json!({"id": id, "folder": folder}));
    let back = std::fs::read(saved["path"].as_str().unwrap()).unwrap();
    assert_eq!(blake3::hash(&back), blake3::hash(&bytes));
    assert_eq!(back, bytes);

    // The same bundle again changes nothing.
    let before = dump(&w.town);
    assert_eq!(import::import(&mut w.town, &path).unwrap().outcome, Outcome::AlreadyImported);
    assert_eq!(dump(&w.town), before);
}

#[test]
fn a_damaged_attachment_chunk_refuses_the_whole_bundle_and_changes_nothing() {
    let mut w = world();
    let bytes = photo(3 * CHUNK_BYTES + 99, 2);
    attach(&mut w, "现场照片.png", &bytes);
    let good = export_to(&mut w, "usb");

    // Damage the third chunk inside the content, then sign it again with the
    // village's own key: the signature holds, only the chunk check can tell.
    let bundle::Opened { header, mut content } = opened(&mut w, &good);
    let section = |at: usize| u64::from_le_bytes(content[at..at + 8].try_into().unwrap()) as usize;
    let entries_len = section(0);
    let files_len = section(8 + entries_len);
    let third_chunk = 16 + entries_len + files_len + 2 * CHUNK_BYTES;
    content[third_chunk + 1000] ^= 0x01;
    let village = local::me(&mut w.village).unwrap();
    let town_keys = local::me(&mut w.town).unwrap().identity.public();
    let header = bundle::Header { bundle_id: xinfang_core::store::new_id(), ..header };
    let resealed = bundle::seal(header, &content, &village.identity, &town_keys).unwrap();
    let damaged = w.dir.path().join("damaged.xfb");
    std::fs::write(&damaged, resealed).unwrap();

    let before = dump(&w.town);
    let e = import::import(&mut w.town, &damaged).unwrap_err();
    assert!(matches!(e, Error::AttachmentDamaged { chunk: 3, .. }), "{e:?}");
    assert_eq!(e.kind(), "damaged");
    assert_eq!(
        e.to_string(),
        "数据包中的附件“现场照片.png”第 3 块校验失败：数据包已损坏，已拒绝导入，台账未改变。请让对方重新导出。"
    );
    assert!(import::verify(&mut w.town, &damaged).is_err());
    assert_eq!(dump(&w.town), before, "a refused bundle changed the township's ledger");

    // A bundle file cut short or with a byte flipped is refused as before.
    let file = std::fs::read(&good).unwrap();
    let cut = w.dir.path().join("cut.xfb");
    std::fs::write(&cut, &file[..file.len() / 2]).unwrap();
    assert_eq!(import::import(&mut w.town, &cut).unwrap_err().kind(), "damaged");
    let mut flipped = file.clone();
    let at = flipped.len() * 3 / 4;
    flipped[at] ^= 0x40;
    let flipped_path = w.dir.path().join("flipped.xfb");
    std::fs::write(&flipped_path, flipped).unwrap();
    assert_eq!(import::import(&mut w.town, &flipped_path).unwrap_err().kind(), "damaged");
    assert_eq!(dump(&w.town), before);

    // The undamaged bundle still imports, content and all.
    import::import(&mut w.town, &good).unwrap();
    let listed = call(&mut w.town, "attachment_list", json!({"id": w.case_id}));
    assert_eq!(listed[0]["present"], true);
}

#[test]
fn a_large_export_is_split_into_parts_that_go_in_in_name_order_only() {
    let mut w = world();
    let photos: Vec<Vec<u8>> = (0..3).map(|i| photo(3 * CHUNK_BYTES, 10 + i)).collect();
    let ids: Vec<String> = photos.iter().enumerate().map(|(i, p)| attach(&mut w, &format!("照片{i}.png"), p)).collect();
    let usb = w.dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();

    // A part holds at most 4 MiB here: each 3 MiB photo travels in its own.
    let parts = export::export_in_parts(&mut w.village, None, &usb, 4 << 20).unwrap();
    assert_eq!(parts.len(), 3, "{parts:?}");
    for pair in parts.windows(2) {
        assert_eq!(pair[1].first_seq, pair[0].last_seq + 1, "parts are consecutive");
        assert!(pair[0].path.file_name() < pair[1].path.file_name(), "name order is part order");
    }
    let pending = call(&mut w.village, "sync_status", json!({}))["peers"][0]["pending"].as_i64().unwrap();
    assert_eq!((parts[0].first_seq, parts[2].last_seq), (1, pending), "together, the whole log");

    // The second part alone is refused (the first is missing), changing nothing.
    let before = dump(&w.town);
    let e = import::import(&mut w.town, &parts[1].path).unwrap_err();
    assert_eq!(e.kind(), "missing_entries", "{e}");
    assert_eq!(dump(&w.town), before);

    // In name order, every part goes in, with every photo byte for byte.
    for part in &parts {
        assert_eq!(import::import(&mut w.town, &part.path).unwrap().outcome, Outcome::Imported);
    }
    let folder = w.dir.path().join("town-out");
    std::fs::create_dir(&folder).unwrap();
    for (id, bytes) in ids.iter().zip(&photos) {
        let saved = call(&mut w.town, "attachment_extract", json!({"id": id, "folder": folder}));
        assert!(std::fs::read(saved["path"].as_str().unwrap()).unwrap() == *bytes, "photo {id} differs");
    }
}

#[test]
fn a_photo_the_township_adds_to_a_villages_case_reaches_the_village_in_its_return() {
    let mut w = world();
    let first = export_to(&mut w, "usb");
    import::import(&mut w.town, &first).unwrap();
    let village_id = local::me(&mut w.village).unwrap().device.device_id;

    // Nothing to carry: the return stays in the format older villages read.
    let back = w.dir.path().join("back");
    std::fs::create_dir(&back).unwrap();
    let plain = export::export(&mut w.town, Some(&village_id), &back).unwrap();
    let town_keys = local::me(&mut w.town).unwrap().identity.public();
    let village = local::me(&mut w.village).unwrap();
    let version = |path: &Path| {
        bundle::open(&std::fs::read(path).unwrap(), &village.identity, |_| Ok(town_keys.clone()))
            .unwrap()
            .header
            .format_version
    };
    assert_eq!(version(&plain.path), FORMAT_V2);
    import::import(&mut w.village, &plain.path).unwrap();

    // The township attaches its reply letter's scan to the village's case.
    let letter = photo(2 * CHUNK_BYTES + 777, 7);
    let scan = w.dir.path().join("答复意见书.png");
    std::fs::write(&scan, &letter).unwrap();
    let added = call(
        &mut w.town,
        "attachment_add",
        json!({"case_id": w.case_id, "path": scan, "kind": "other", "caption": "镇里的答复", "actor": "王某"}),
    );
    let ret = export::export(&mut w.town, Some(&village_id), &back).unwrap();
    assert_eq!(version(&ret.path), FORMAT_V3);
    assert!(ret.entries >= 1);

    let done = import::import(&mut w.village, &ret.path).unwrap();
    assert_eq!(done.outcome, Outcome::Imported);
    let listed = call(&mut w.village, "attachment_list", json!({"id": w.case_id}));
    let row = listed.as_array().unwrap().iter().find(|a| a["id"] == added["id"]).expect("the record arrived");
    assert_eq!(row["present"], true, "the content arrived with it");
    assert_eq!(row["added_by"], "王某");
    let folder = w.dir.path().join("village-out");
    std::fs::create_dir(&folder).unwrap();
    let saved = call(&mut w.village, "attachment_extract", json!({"id": added["id"], "folder": folder}));
    assert!(std::fs::read(saved["path"].as_str().unwrap()).unwrap() == letter, "the village's copy differs");
}

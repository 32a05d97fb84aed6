//! Sync between ledgers on disk: three villages and a township, each its own
//! SQLite file and keys, exchanging bundle files. Deliveries are shuffled
//! and repeated and still end in the same township ledger; every kind of bad
//! bundle is refused with its own message and leaves the township's
//! database exactly as it was.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use xinfang_core::store::dump as rows;
use xinfang_core::{Clock, Ledger, Store, dispatch};
use xinfang_sync::bundle::{self, FORMAT_VERSION, Header};
use xinfang_sync::identity::Identity;
use xinfang_sync::import::{self, Outcome};
use xinfang_sync::{Error, export, local};

const NOW: &str = "2026-05-06T09:00:00+08:00";

fn clock() -> Clock {
    Clock::Fixed(DateTime::parse_from_rfc3339(NOW).unwrap().with_timezone(&Utc))
}

fn ledger(dir: &Path, file: &str, role: &str, name: &str) -> Ledger {
    let mut l = Ledger::new(Store::create(&dir.join(file)).unwrap(), clock());
    dispatch(&mut l, "device_init", json!({"role": role, "name": name})).unwrap();
    l
}

fn reopen(dir: &Path, file: &str) -> Ledger {
    Ledger::new(Store::open(&dir.join(file)).unwrap(), clock())
}

fn call(l: &mut Ledger, name: &str, args: Value) -> Value {
    dispatch(l, name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn visit(l: &mut Ledger, village: &str, who: &str, request: &str) {
    call(
        l,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-05-02T09:30:00+08:00",
        "petitioners": [{"name": who, "village": village, "group": "一组"}], "category": "土地承包",
        "request": request, "received_by": "李某"}),
    );
}

/// Enrols `a` at `b` and `b` at `a`, each typing the other's fingerprint.
fn pair(a: &mut Ledger, b: &mut Ledger) {
    let ea = local::me(a).unwrap().enrolment().unwrap();
    let eb = local::me(b).unwrap().enrolment().unwrap();
    local::enrol(b, ea.to_json().unwrap().as_bytes(), &ea.fingerprint.to_string(), "王某").unwrap();
    local::enrol(a, eb.to_json().unwrap().as_bytes(), &eb.fingerprint.to_string(), "李某").unwrap();
}

/// Every row of every table, as text.
fn dump(l: &Ledger) -> Vec<String> {
    rows::rows(l.store.conn(), None).unwrap()
}

/// The rows of the synced record tables.
fn records(l: &Ledger) -> Vec<String> {
    rows::rows(l.store.conn(), Some(&rows::SYNCED_TABLES)).unwrap()
}

struct World {
    dir: tempfile::TempDir,
    villages: Vec<Ledger>,
    town: Ledger,
    /// Each village's bundles, oldest first.
    bundles: Vec<Vec<PathBuf>>,
}

/// Three villages paired with one township, two rounds of visits each, a
/// bundle exported after each round.
fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let names = ["石岩哨村", "大营村", "小河村"];
    let mut town = ledger(dir.path(), "town.sqlite3", "township", "路居镇");
    let mut villages: Vec<Ledger> = names
        .iter()
        .enumerate()
        .map(|(i, n)| ledger(dir.path(), &format!("village{i}.sqlite3"), "village", n))
        .collect();
    let mut bundles = vec![Vec::new(); 3];
    for v in villages.iter_mut() {
        pair(v, &mut town);
    }
    for round in 0..2 {
        for (i, v) in villages.iter_mut().enumerate() {
            let out = dir.path().join(format!("usb-{i}-{round}"));
            std::fs::create_dir(&out).unwrap();
            visit(v, names[i], &format!("村民{i}{round}"), &format!("{}第{round}轮的诉求：修路", names[i]));
            let done = export::export(v, None, &out).unwrap();
            assert!(done.path.file_name().unwrap().to_str().unwrap().starts_with(names[i]));
            bundles[i].push(done.path);
        }
    }
    World { dir, villages, town, bundles }
}

#[test]
fn shuffled_and_repeated_deliveries_end_in_the_same_township_ledger() {
    let mut w = world();
    let b = w.bundles.clone();
    // A second township ledger: a copy of the first before any import (same keys).
    drop(w.town);
    std::fs::copy(w.dir.path().join("town.sqlite3"), w.dir.path().join("town2.sqlite3")).unwrap();
    let mut first = reopen(w.dir.path(), "town.sqlite3");
    let mut second = reopen(w.dir.path(), "town2.sqlite3");

    let order_one = [&b[0][0], &b[1][0], &b[2][1], &b[0][1], &b[0][0], &b[1][1], &b[2][0], &b[2][1]];
    let order_two = [&b[2][0], &b[1][1], &b[1][0], &b[0][1], &b[2][1], &b[0][0], &b[1][1]];
    for path in order_one {
        import::import(&mut first, path).unwrap();
    }
    for path in order_two {
        import::import(&mut second, path).unwrap();
    }
    assert_eq!(records(&first), records(&second));
    // Exactly every village's records, each once.
    let mut all_villages: Vec<String> = w.villages.iter().flat_map(records).collect();
    all_villages.sort();
    let mut town_records = records(&first);
    town_records.sort();
    assert_eq!(town_records, all_villages);
    let page = call(&mut first, "case_list", json!({"text": "修路"}));
    assert_eq!(page["total"], 6);
    // The same bundle twice: said so, nothing changed.
    let before = dump(&first);
    let again = import::import(&mut first, &b[0][1]).unwrap();
    assert_eq!(again.outcome, Outcome::AlreadyImported);
    assert_eq!(dump(&first), before);
    // An older bundle after a newer one: nothing new, nothing lost.
    let late = import::import(&mut second, &b[1][0]).unwrap();
    assert_eq!((late.outcome, late.new_entries), (Outcome::AlreadyImported, 0));
    w.villages.clear();
}

#[test]
fn the_bundle_is_unreadable_without_the_township_key_and_names_no_content() {
    let w = world();
    let path = &w.bundles[0][1];
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("修路") && !text.contains("村民") && !text.contains("XINFANG1"));
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with("石岩哨村-20260506-000001-") && name.ends_with(".xfb"), "{name}");
}

/// Imports `path` into the township and checks it is refused with `kind`,
/// its message in Chinese, and the database unchanged.
fn refused(town: &mut Ledger, path: &Path, kind: &str, says: &str) -> Error {
    let before = dump(town);
    let e = import::import(town, path).expect_err("should be refused");
    assert_eq!(e.kind(), kind, "{e}");
    assert!(e.to_string().contains(says), "{e}");
    assert_eq!(dump(town), before, "a refused bundle changed the ledger: {e}");
    e
}

#[test]
fn every_kind_of_bad_bundle_is_refused_with_its_own_message_and_changes_nothing() {
    let mut w = world();
    let dir = w.dir.path().to_owned();
    import::import(&mut w.town, &w.bundles[0][0]).unwrap();
    let good = std::fs::read(&w.bundles[0][1]).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };

    // Truncated (a copy interrupted) and tampered (a byte changed).
    refused(&mut w.town, &write("half.xfb", &good[..good.len() / 2]), "damaged", "损坏");
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    refused(&mut w.town, &write("flipped.xfb", &flipped), "damaged", "损坏");
    refused(&mut w.town, &write("notes.xfb", "会议记录".as_bytes()), "damaged", "不是");

    // Forged: signed by an impostor's key in the name of 石岩哨村's device.
    let me = local::me(&mut w.villages[0]).unwrap();
    let town_keys = local::me(&mut w.town).unwrap().identity.public();
    let impostor = Identity::generate().unwrap();
    let header = Header {
        format_version: FORMAT_VERSION,
        bundle_id: xinfang_core::store::new_id(),
        kind: "changes".into(),
        from_device: me.device.device_id.clone(),
        to_device: local::me(&mut w.town).unwrap().device.device_id,
        from_key: me.identity.fingerprint(),
        to_key: town_keys.fingerprint(),
        first_seq: 1,
        last_seq: 0,
        prev_hash: "0".repeat(64),
        head_hash: "0".repeat(64),
        entry_count: 0,
        content_len: 0,
        content_hash: String::new(),
        created_at: NOW.into(),
        expires_at: None,
    };
    let forged = bundle::seal(header, b"[]", &impostor, &town_keys).unwrap();
    refused(&mut w.town, &write("forged.xfb", &forged), "forged", "签名");

    // Wrong recipient: 石岩哨村's bundle for another township.
    let mut other_town = ledger(&dir, "other-town.sqlite3", "township", "别的镇");
    let mut v4 = ledger(&dir, "v4.sqlite3", "village", "外乡村");
    pair(&mut v4, &mut other_town);
    visit(&mut v4, "外乡村", "某某", "别处的诉求");
    let foreign = export::export(&mut v4, None, &dir).unwrap().path;
    refused(&mut w.town, &foreign, "not_for_me", "不是发给本机");

    // Unknown device: encrypted to this township by a village it never enrolled.
    let mut stranger = ledger(&dir, "stranger.sqlite3", "village", "陌生村");
    let te = local::me(&mut w.town).unwrap().enrolment().unwrap();
    local::enrol(&mut stranger, te.to_json().unwrap().as_bytes(), &te.fingerprint.to_string(), "某").unwrap();
    visit(&mut stranger, "陌生村", "某某", "陌生的诉求");
    let unknown = export::export(&mut stranger, None, &dir).unwrap().path;
    refused(&mut w.town, &unknown, "unknown_device", "未登记");

    // A forked history: 小河村's log rolled back to round one (as restoring an
    // old backup would), then new work recorded over the same numbers.
    import::import(&mut w.town, &w.bundles[2][1]).unwrap();
    let round_one = import::verify(&mut w.town, &w.bundles[2][0]).unwrap().last_seq;
    let v2 = &mut w.villages[2];
    let device = local::me(v2).unwrap().device.device_id;
    v2.store
        .write_local(|tx| {
            Ok(tx.execute("DELETE FROM change_log WHERE device_id = ?1 AND seq > ?2", (device.as_str(), round_one))?)
        })
        .unwrap();
    visit(v2, "小河村", "另一人", "备份恢复后登记的另一件事");
    let fork = export::export(v2, None, &dir.join("usb-2-0")).unwrap().path;
    refused(&mut w.town, &fork, "forked_history", "来自小河村的第");

    // Revoked: 大营村's laptop reported lost; its later bundle is refused.
    let dy = local::me(&mut w.villages[1]).unwrap().device.device_id;
    local::revoke(&mut w.town, &dy, "电脑丢失").unwrap();
    refused(&mut w.town, &w.bundles[1][1], "revoked", "注销");

    // Oversized: refused before it is read.
    let big = dir.join("big.xfb");
    std::fs::File::create(&big).unwrap().set_len(import::MAX_FILE_BYTES + 1).unwrap();
    refused(&mut w.town, &big, "too_large", "上限");

    // Random byte flips and truncations of a good bundle: all refused, never applied.
    for i in 0..40 {
        let mut bad = good.clone();
        let at = (i * 7919 + 13) % bad.len();
        bad[at] ^= 1 << (i % 8);
        let p = write("flip.xfb", &bad);
        let before = dump(&w.town);
        assert!(import::import(&mut w.town, &p).is_err(), "flip at {at} accepted");
        assert_eq!(dump(&w.town), before);
        let cut = write("cut.xfb", &good[..(i * 104_729 + 1) % good.len()]);
        assert!(import::import(&mut w.town, &cut).is_err());
        assert_eq!(dump(&w.town), before);
    }

    // And the good bundle still imports after all that.
    let ok = import::import(&mut w.town, &w.bundles[0][1]).unwrap();
    assert_eq!(ok.outcome, Outcome::Imported);
}

#[test]
fn the_township_acknowledges_and_the_village_then_sends_only_what_is_new() {
    let mut w = world();
    let dir = w.dir.path().to_owned();
    let village = local::me(&mut w.villages[0]).unwrap().device.device_id;
    let sent = import::import(&mut w.town, &w.bundles[0][1]).unwrap();
    assert_eq!(sent.first_seq, 1);

    // Two returns written; the newer one arrives first, the older is then stale.
    let first = export::export(&mut w.town, Some(&village), &dir).unwrap();
    let second = export::export(&mut w.town, Some(&village), &dir).unwrap();
    assert_eq!(first.kind, xinfang_sync::returns::RETURN);
    let name = second.path.file_name().unwrap().to_str().unwrap().to_owned();
    assert_eq!(name, "路居镇-致石岩哨村-20260506-回执0002.xfb");
    // Before the return arrives the village sees everything pending.
    let status = call(&mut w.villages[0], "sync_status", json!({}));
    let own = status["own_entries"].as_i64().unwrap();
    assert_eq!(status["peers"][0]["name"], "路居镇");
    assert_eq!(status["peers"][0]["pending"].as_i64(), Some(own));
    let got = import::import(&mut w.villages[0], &second.path).unwrap();
    assert_eq!(got.acknowledged, Some(sent.last_seq));
    let status = call(&mut w.villages[0], "sync_status", json!({}));
    assert_eq!(status["peers"][0]["pending"].as_i64(), Some(own - sent.last_seq));
    // The township sees which villages it has heard from, and how long ago.
    let town = call(&mut w.town, "sync_status", json!({}));
    let by_name = |n: &str| town["peers"].as_array().unwrap().iter().find(|p| p["name"] == n).unwrap().clone();
    let heard = by_name("石岩哨村");
    assert_eq!((heard["held_seq"].as_i64(), heard["days_since_import"].as_i64()), (Some(sent.last_seq), Some(0)));
    assert!(heard["last_export_at"].is_string());
    let quiet = by_name("大营村");
    assert!(quiet["last_import_at"].is_null() && quiet["days_since_import"].is_null(), "{quiet}");
    let before = dump(&w.villages[0]);
    let e = import::import(&mut w.villages[0], &first.path).unwrap_err();
    assert!(matches!(e, Error::StaleReturn { number: 1, last: 2 }), "{e:?}");
    assert_eq!(dump(&w.villages[0]), before);

    // Everything acknowledged: nothing to export until new work is recorded.
    assert!(matches!(export::export(&mut w.villages[0], None, &dir), Err(Error::NothingToExport)));
    visit(&mut w.villages[0], "石岩哨村", "新来的人", "第三轮的诉求：修水渠");
    let next = export::export(&mut w.villages[0], None, &dir).unwrap();
    assert_eq!(next.first_seq, sent.last_seq + 1);
    assert_eq!(next.last_seq - next.first_seq + 1, next.entries as i64);
    let took = import::import(&mut w.town, &next.path).unwrap();
    assert_eq!((took.new_entries, took.already_held), (next.entries, 0));
    assert_eq!(call(&mut w.town, "case_list", json!({"text": "修水渠"}))["total"], 1);

    // A return carried on a stick for a year, to a laptop whose clock is a
    // year ahead besides: its number is newer than the last, so it is taken.
    let late = export::export(&mut w.town, Some(&village), &dir).unwrap();
    w.villages[0].clock =
        Clock::Fixed(DateTime::parse_from_rfc3339("2027-06-06T09:00:00+08:00").unwrap().with_timezone(&Utc));
    let took = import::import(&mut w.villages[0], &late.path).unwrap();
    assert_eq!((took.outcome, took.acknowledged), (Outcome::Imported, Some(next.last_seq)));
}

#[test]
fn a_bundle_after_a_gap_is_refused_with_the_missing_range_named() {
    let mut w = world();
    let dir = w.dir.path().to_owned();
    let village = local::me(&mut w.villages[0]).unwrap().device.device_id;
    let acknowledge = |w: &mut World| {
        let ret = export::export(&mut w.town, Some(&village), &dir).unwrap();
        import::import(&mut w.villages[0], &ret.path).unwrap();
    };
    let first = import::import(&mut w.town, &w.bundles[0][0]).unwrap();
    acknowledge(&mut w);
    // A backup of the township's ledger, taken now.
    let backup = dir.join("town-backup.sqlite3");
    w.town.store.copy_into(&backup).unwrap();

    visit(&mut w.villages[0], "石岩哨村", "甲", "诉求甲");
    let x = export::export(&mut w.villages[0], None, &dir).unwrap();
    assert_eq!(x.first_seq, first.last_seq + 1, "only what was not acknowledged is sent");
    import::import(&mut w.town, &x.path).unwrap();
    acknowledge(&mut w);
    visit(&mut w.villages[0], "石岩哨村", "乙", "诉求乙");
    let y = export::export(&mut w.villages[0], None, &dir).unwrap();
    assert_eq!(y.first_seq, x.last_seq + 1);

    // The township's disk fails; the backup is restored, and then y arrives.
    let mut restored = reopen(&dir, "town-backup.sqlite3");
    let before = dump(&restored);
    let e = import::import(&mut restored, &y.path).unwrap_err();
    assert_eq!(e.kind(), "missing_entries", "{e}");
    let named = format!("缺少第 {} 至 {} 条", x.first_seq, x.last_seq);
    assert!(e.to_string().contains(&named), "{e}");
    assert_eq!(dump(&restored), before);
    assert!(import::verify(&mut restored, &y.path).unwrap_err().to_string().contains(&named));
    // The missing bundle, then y: both go in.
    import::import(&mut restored, &x.path).unwrap();
    import::import(&mut restored, &y.path).unwrap();
    import::import(&mut w.town, &y.path).unwrap();
    assert_eq!(records(&restored), records(&w.town));
}

#[test]
fn the_townships_assignment_and_feedback_ride_back_in_that_villages_return_only() {
    let mut w = world();
    let dir = w.dir.path().to_owned();
    for i in 0..3 {
        for b in w.bundles[i].clone() {
            import::import(&mut w.town, &b).unwrap();
        }
    }
    let ids: Vec<String> = (0..3)
        .map(|i| {
            let page = call(&mut w.villages[i], "case_list", json!({"sort": "received_asc"}));
            page["items"][0]["id"].as_str().unwrap().to_owned()
        })
        .collect();
    call(&mut w.town, "case_assign", json!({"id": ids[0], "to": "镇交通办", "actor": "王某"}));
    call(&mut w.town, "case_assign", json!({"id": ids[1], "to": "镇水务站", "actor": "王某"}));
    let village = local::me(&mut w.villages[0]).unwrap().device.device_id;
    let pending = |town: &mut Ledger| {
        let status = call(town, "sync_status", json!({}));
        status["peers"].as_array().unwrap().iter().find(|p| p["device_id"] == village.as_str()).unwrap()["pending"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(pending(&mut w.town), 2, "the case and its timeline event");

    let ret = export::export(&mut w.town, Some(&village), &dir).unwrap();
    assert_eq!((ret.first_seq, ret.last_seq, ret.entries), (1, 2, 2));
    let got = import::import(&mut w.villages[0], &ret.path).unwrap();
    assert_eq!((got.new_entries, got.already_held), (2, 0));
    let case = call(&mut w.villages[0], "case_show", json!({"id": ids[0]}));
    assert_eq!(case["case"]["assigned_to"], "镇交通办");
    assert_eq!(case["events"].as_array().unwrap().last().unwrap()["note"], "交办给镇交通办");
    let other = dispatch(&mut w.villages[0], "case_show", json!({"id": ids[1]})).unwrap_err();
    assert_eq!(other.kind(), "not_found", "another village's case never reaches this one");

    // The village's next bundle carries its receipt; then nothing is pending
    // and the next return carries no entries again.
    let receipt = export::export(&mut w.villages[0], None, &dir).unwrap();
    assert_eq!(receipt.entries, 1);
    import::import(&mut w.town, &receipt.path).unwrap();
    assert_eq!(pending(&mut w.town), 0);
    let empty = export::export(&mut w.town, Some(&village), &dir).unwrap();
    assert_eq!(empty.entries, 0);
    let before = records(&w.villages[0]);
    import::import(&mut w.villages[0], &empty.path).unwrap();
    assert_eq!(records(&w.villages[0]), before, "no new entries, no receipt, nothing changed");
}

/// Who changed what travels: a village signed in as 王芳 exports entries
/// naming her (bundle format 4, the only one that can), and the township
/// sees her, and the village, on every change to the case; altering the name
/// in the bundle breaks the entry's hash.
#[test]
fn the_township_sees_who_at_the_village_changed_each_case() {
    use xinfang_core::session::{self, AccountRole, NewAccount};
    let dir = tempfile::tempdir().unwrap();
    let mut town = ledger(dir.path(), "town.sqlite3", "township", "路居镇");
    let first =
        NewAccount { name: "王芳".into(), role: AccountRole::Liaison, passphrase: "石岩哨村口令2026".into() };
    let mut village = session::set_up(&dir.path().join("village.sqlite3"), first, clock()).unwrap();
    call(&mut village, "device_init", json!({"role": "village", "name": "石岩哨村"}));
    pair(&mut village, &mut town);
    visit(&mut village, "石岩哨村", "张某某", "反映邻居在承包地内葬坟");
    let case_id = call(&mut village, "case_list", json!({}))["items"][0]["id"].clone();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let bundle = export::export(&mut village, None, &out).unwrap();
    let village_keys = local::me(&mut village).unwrap().identity.public();
    let town_me = local::me(&mut town).unwrap();
    let opened = bundle::open(&std::fs::read(&bundle.path).unwrap(), &town_me.identity, |_| Ok(village_keys)).unwrap();
    assert_eq!(opened.header.format_version, bundle::FORMAT_V4, "entries naming people: format 4");

    assert_eq!(import::import(&mut town, &bundle.path).unwrap().outcome, Outcome::Imported);
    let changes = call(&mut town, "case_changes", json!({"id": case_id}));
    let changes = changes.as_array().unwrap();
    assert!(changes.len() >= 2, "the case and its visit at least: {changes:?}");
    for c in changes {
        assert_eq!((c["account"].as_str(), c["device_name"].as_str()), (Some("王芳"), Some("石岩哨村")), "{c}");
    }
    let entities: Vec<&str> = changes.iter().map(|c| c["entity"].as_str().unwrap()).collect();
    assert!(entities.contains(&"case") && entities.contains(&"visit"), "{entities:?}");
    // The township's own change to the case names no one (no one signed in there).
    call(&mut town, "case_assign", json!({"id": case_id, "to": "镇农业农村办", "actor": "王某"}));
    let after = call(&mut town, "case_changes", json!({"id": case_id}));
    let theirs: Vec<&Value> = after.as_array().unwrap().iter().filter(|c| c["device_name"] == "路居镇").collect();
    assert!(!theirs.is_empty(), "{after}");
    assert!(theirs.iter().all(|c| c["account"].is_null()), "{after}");
}

/// A report against an official (检举、揭发) made at a village reaches the
/// township in bundle format 5 (older software refuses it rather than show it
/// to everyone), still marked: the township's clerk sees it, its leader does
/// not even find it, and the clerk's look at it rides back to the village.
#[test]
fn a_report_against_an_official_stays_confidential_across_the_exchange() {
    use xinfang_core::session::{self, AccountRole, NewAccount};
    let dir = tempfile::tempdir().unwrap();
    let clerk =
        NewAccount { name: "赵敏".into(), role: AccountRole::Clerk, passphrase: "路居镇信访办2026".into() };
    let mut town = session::set_up(&dir.path().join("town.sqlite3"), clerk, clock()).unwrap();
    call(&mut town, "device_init", json!({"role": "township", "name": "路居镇"}));
    call(&mut town, "account_add", json!({"name": "钱镇长", "role": "leader", "passphrase": "路居镇领导口令2026"}));
    let mut village = ledger(dir.path(), "village.sqlite3", "village", "石岩哨村");
    pair(&mut village, &mut town);
    visit(&mut village, "石岩哨村", "张某某", "反映邻居在承包地内葬坟");
    call(
        &mut village,
        "visit_add",
        json!({"channel": "letter", "received_at": "2026-05-02T10:30:00+08:00",
        "petitioners": [{"name": "李举报", "village": "石岩哨村"}], "category": "干部作风",
        "request": "检举村干部虚报低保名单", "received_by": "李某", "confidential": true}),
    );
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let bundle = export::export(&mut village, None, &out).unwrap();
    let village_keys = local::me(&mut village).unwrap().identity.public();
    let town_me = local::me(&mut town).unwrap();
    let opened = bundle::open(&std::fs::read(&bundle.path).unwrap(), &town_me.identity, |_| Ok(village_keys)).unwrap();
    assert_eq!(opened.header.format_version, FORMAT_VERSION, "a confidential case: format 5");
    assert_eq!(import::import(&mut town, &bundle.path).unwrap().outcome, Outcome::Imported);

    let listed = call(&mut town, "case_list", json!({}));
    assert_eq!(listed["total"], 2, "the clerk sees both");
    let report = listed["items"].as_array().unwrap().iter().find(|c| c["confidential"] == true).unwrap().clone();
    let id = report["id"].as_str().unwrap().to_owned();
    let shown = call(&mut town, "case_show", json!({"id": id}));
    assert_eq!(shown["case"]["confidential"], true, "the mark survived the merge");

    let mut boss = town.reopen().unwrap().unwrap().acting_for(Some(session::Account {
        account_id: "leader".into(),
        name: "钱镇长".into(),
        role: AccountRole::Leader,
    }));
    let theirs = call(&mut boss, "case_list", json!({}));
    assert_eq!(theirs["total"], 1, "the leader's ledger holds one case: {theirs}");
    assert_eq!(dispatch(&mut boss, "case_show", json!({"id": id})).unwrap_err().kind(), "not_found");

    let views = call(&mut town, "case_views", json!({"id": id}));
    assert_eq!(views.as_array().unwrap().len(), 1, "{views}");
    assert_eq!((views[0]["account_name"].as_str(), views[0]["what"].as_str()), (Some("赵敏"), Some("case")));
    let village_me = local::me(&mut village).unwrap();
    let back = export::export(&mut town, Some(&village_me.device.device_id), &out).unwrap();
    import::import(&mut village, &back.path).unwrap();
    let at_village = call(&mut village, "case_views", json!({"id": id}));
    assert_eq!(at_village[0]["account_name"], "赵敏", "the village sees who at the township looked: {at_village}");
}

/// The township shortens the handling limit and edits the categories; each
/// village works to them after its next return bundle, and a village enrolled
/// later gets them with its first. A village cannot change them itself, and
/// its own committee name stays its own.
#[test]
fn the_townships_time_limits_and_categories_reach_every_village() {
    let dir = tempfile::tempdir().unwrap();
    let mut town = ledger(dir.path(), "town.sqlite3", "township", "路居镇");
    let mut first = ledger(dir.path(), "first.sqlite3", "village", "石岩哨村");
    pair(&mut first, &mut town);
    let mut limits = call(&mut town, "time_limits", json!({}));
    limits["handle_days"] = json!(45);
    let categories = json!({"disputes": ["邻里纠纷", "土地承包", "其他纠纷"], "requests": ["民政救助", "其他诉求"]});
    let mut over = limits.clone();
    over["handle_days"] = json!(61);
    let e = dispatch(&mut town, "settings_set", json!({"time_limits": over, "actor": "王某"})).unwrap_err();
    assert_eq!(e.field(), Some("handle_days"), "never longer than the law: {e}");
    let set =
        call(&mut town, "settings_set", json!({"time_limits": limits, "categories": categories, "actor": "王某"}));
    assert_eq!(set["time_limits"]["handle_days"], 45);
    assert_eq!(set["history"].as_array().unwrap().len(), 2, "{}", set["history"]);

    let refused = dispatch(&mut first, "settings_set", json!({"time_limits": limits, "actor": "李某"})).unwrap_err();
    assert_eq!(refused.kind(), "refused", "{refused}");
    call(&mut first, "settings_set", json!({"committee": "石岩哨", "actor": "李某"}));
    assert_eq!(call(&mut first, "time_limits", json!({}))["handle_days"], 60, "not before the return bundle");

    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let up = export::export(&mut first, None, &out).unwrap();
    import::import(&mut town, &up.path).unwrap();
    assert_eq!(
        call(&mut town, "settings_show", json!({}))["committee"],
        "路居镇",
        "a village's committee stays its own"
    );
    let first_id = local::me(&mut first).unwrap().device.device_id;
    let back = export::export(&mut town, Some(&first_id), &out).unwrap();
    let town_keys = local::me(&mut town).unwrap().identity.public();
    let first_me = local::me(&mut first).unwrap();
    let opened = bundle::open(&std::fs::read(&back.path).unwrap(), &first_me.identity, |_| Ok(town_keys)).unwrap();
    assert_eq!(opened.header.format_version, FORMAT_VERSION, "settings: format 5, refused by older software");
    import::import(&mut first, &back.path).unwrap();
    let shown = call(&mut first, "settings_show", json!({}));
    assert_eq!(shown["time_limits"]["handle_days"], 45);
    assert_eq!(shown["categories"], categories);
    assert_eq!((shown["committee"].as_str(), shown["decided_here"].as_bool()), (Some("石岩哨"), Some(false)));
    let received: Vec<_> = shown["history"].as_array().unwrap().iter().filter(|h| h["from_township"] == true).collect();
    assert_eq!(received.len(), 2, "{}", shown["history"]);

    // A village enrolled after the change starts with the township's settings.
    let mut later = ledger(dir.path(), "later.sqlite3", "village", "上坝村");
    pair(&mut later, &mut town);
    let later_id = local::me(&mut later).unwrap().device.device_id;
    let first_return = export::export(&mut town, Some(&later_id), &out).unwrap();
    import::import(&mut later, &first_return.path).unwrap();
    assert_eq!(call(&mut later, "time_limits", json!({}))["handle_days"], 45);
    assert_eq!(call(&mut later, "categories", json!({})), categories);
}

//! Sync as the field meets it (issue 21): one resident known to two
//! villages and to the township, laptops whose clocks are years off, and a
//! village enrolled with two township devices — each a situation from the
//! seeds that stopped a village's sync for good before.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use xinfang_core::store::dump;
use xinfang_core::{Clock, Ledger, Store, dispatch};
use xinfang_sync::import::{self, Outcome};
use xinfang_sync::{Error, export, local};

/// Seed 003's grave dispute: a resident of 中坝村 with a grave on 红石岩村's
/// land, recorded by both liaisons with the same ID number.
const RESIDENT: &str = "530323196503041210";
const OTHER: &str = "530323197208112025";

fn at(s: &str) -> Clock {
    Clock::Fixed(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
}

fn ledger(dir: &Path, file: &str, role: &str, name: &str) -> Ledger {
    let mut l = Ledger::new(Store::create(&dir.join(file)).unwrap(), at("2026-12-05T09:00:00+08:00"));
    dispatch(&mut l, "device_init", json!({"role": role, "name": name})).unwrap();
    l
}

fn call(l: &mut Ledger, name: &str, args: Value) -> Value {
    dispatch(l, name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn pair(a: &mut Ledger, b: &mut Ledger) {
    let ea = local::me(a).unwrap().enrolment().unwrap();
    let eb = local::me(b).unwrap().enrolment().unwrap();
    local::enrol(b, ea.to_json().unwrap().as_bytes(), &ea.fingerprint.to_string(), "王某").unwrap();
    local::enrol(a, eb.to_json().unwrap().as_bytes(), &eb.fingerprint.to_string(), "李某").unwrap();
}

/// Records a visit of the resident; returns the case id.
fn grave_visit(l: &mut Ledger, village: &str, phone: &str, request: &str, when: &str) -> String {
    let done = call(
        l,
        "visit_add",
        json!({"channel": "visit", "received_at": when, "category": "坟地/丧葬", "request": request,
               "received_by": "李某",
               "petitioners": [{"name": "杨某某", "id_number": RESIDENT, "phone": phone, "village": village}]}),
    );
    done["case_id"].as_str().unwrap().to_owned()
}

fn export_to(l: &mut Ledger, to: Option<&str>, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    export::export(l, to, dir).unwrap_or_else(|e| panic!("export: {e}")).path
}

fn records(l: &Ledger) -> Vec<String> {
    let mut rows = dump::rows(l.store.conn(), Some(&dump::SYNCED_TABLES)).unwrap();
    rows.sort();
    rows
}

struct Seed003 {
    dir: tempfile::TempDir,
    zhongba: Ledger,
    hongshiyan: Ledger,
    town: Ledger,
    case_z: String,
    case_h: String,
    bundle_z: PathBuf,
    bundle_h: PathBuf,
}

/// Both villages record the same resident (different phones: a real
/// disagreement), and each exports a bundle to the township.
fn seed_003() -> Seed003 {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut town = ledger(d, "town.sqlite3", "township", "路居镇");
    let mut zhongba = ledger(d, "zb.sqlite3", "village", "中坝村");
    let mut hongshiyan = ledger(d, "hsy.sqlite3", "village", "红石岩村");
    pair(&mut zhongba, &mut town);
    pair(&mut hongshiyan, &mut town);
    let case_z = grave_visit(
        &mut zhongba,
        "中坝村",
        "13812345678",
        "祖坟被邻村人挖开，要求赔偿并恢复原状",
        "2026-11-28T09:30:00+08:00",
    );
    let case_h = grave_visit(
        &mut hongshiyan,
        "中坝村",
        "13987654321",
        "在承包地上挖坟的纠纷，要求调解",
        "2026-11-29T10:00:00+08:00",
    );
    let bundle_z = export_to(&mut zhongba, None, &d.join("usb-z"));
    let bundle_h = export_to(&mut hongshiyan, None, &d.join("usb-h"));
    Seed003 { dir, zhongba, hongshiyan, town, case_z, case_h, bundle_z, bundle_h }
}

#[test]
fn one_resident_recorded_by_two_villages_imports_in_either_order_and_is_one_resident() {
    let mut s = seed_003();
    // A second copy of the township, before any import, takes the other order.
    s.town.store.copy_into(&s.dir.path().join("town2.sqlite3")).unwrap();
    let mut town2 = Ledger::new(Store::open(&s.dir.path().join("town2.sqlite3")).unwrap(), s.town.clock);
    for path in [&s.bundle_z, &s.bundle_h] {
        assert_eq!(import::import(&mut s.town, path).unwrap().outcome, Outcome::Imported);
    }
    for path in [&s.bundle_h, &s.bundle_z] {
        assert_eq!(import::import(&mut town2, path).unwrap().outcome, Outcome::Imported);
    }
    assert_eq!(records(&s.town), records(&town2), "the same content whatever the order");

    // The township sees one resident with two cases, each village's.
    let shown = call(&mut s.town, "case_show", json!({"id": s.case_z}));
    let others = shown["resident_cases"].as_array().unwrap();
    assert_eq!(others.len(), 1, "{shown}");
    assert_eq!(others[0]["case_id"], s.case_h.as_str());
    assert_eq!(others[0]["link"], "same_id_number");
    // The two phones are a disagreement for the clerk, each with its village.
    let differences = shown["resident_differences"].as_array().unwrap();
    let phone = differences.iter().find(|d| d["field"] == "联系电话").expect("the phones differ");
    let by: Vec<&str> =
        phone["values"].as_array().unwrap().iter().map(|v| v["recorded_by"].as_str().unwrap()).collect();
    assert_eq!(by.len(), 2);
    assert!(by.contains(&"中坝村") && by.contains(&"红石岩村"), "{by:?}");
    assert!(phone["values"].to_string().contains("138****5678"), "phones are masked: {phone}");
    // Intake at the township points out the earlier cases of both villages.
    let similar = call(
        &mut s.town,
        "visit_similar",
        json!({"petitioners": [{"name": "杨某某", "id_number": RESIDENT}], "request": "坟地的事"}),
    );
    let found: Vec<&str> = similar.as_array().unwrap().iter().map(|c| c["case_id"].as_str().unwrap()).collect();
    assert!(found.contains(&s.case_z.as_str()) && found.contains(&s.case_h.as_str()), "{similar}");

    // Later bundles of both villages still import.
    grave_visit(&mut s.zhongba, "中坝村", "13812345678", "再次反映挖坟赔偿未落实", "2026-11-30T09:00:00+08:00");
    grave_visit(&mut s.hongshiyan, "中坝村", "13987654321", "再次反映挖坟纠纷", "2026-11-30T10:00:00+08:00");
    for (v, dir) in [(&mut s.zhongba, "usb-z2"), (&mut s.hongshiyan, "usb-h2")] {
        let later = export_to(v, None, &s.dir.path().join(dir));
        assert_eq!(import::import(&mut s.town, &later).unwrap().outcome, Outcome::Imported);
    }
    let shown = call(&mut s.town, "case_show", json!({"id": s.case_h}));
    assert_eq!(shown["resident_cases"].as_array().unwrap().len(), 3, "{}", shown["resident_cases"]);
}

#[test]
fn the_township_recording_a_villager_before_and_after_the_village_bundle_blocks_nothing() {
    let mut s = seed_003();
    // Before: the clerk records the same resident; the village's bundle follows.
    let town_case =
        grave_visit(&mut s.town, "中坝村", "13812345678", "到乡镇反映坟地纠纷", "2026-11-30T15:00:00+08:00");
    assert_eq!(import::import(&mut s.town, &s.bundle_z).unwrap().outcome, Outcome::Imported);
    // After: the clerk records another visit of a person the village knows,
    // picking the village's record from the search.
    import::import(&mut s.town, &s.bundle_h).unwrap();
    let found = call(&mut s.town, "person_find", json!({"text": RESIDENT}));
    assert_eq!(found.as_array().unwrap().len(), 3, "one record per device: {found}");
    let village_record = found.as_array().unwrap().iter().find(|p| p["phone_masked"] == "139****4321").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let again = call(
        &mut s.town,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-12-01T08:30:00+08:00", "category": "坟地/丧葬",
               "request": "催问坟地纠纷", "received_by": "王某", "repeat_of": town_case,
               "petitioners": [{"person_id": village_record, "name": "杨某某", "phone": "13700001111"}]}),
    );
    assert_eq!(again["case_id"], town_case.as_str());
    // The village's record is the village's: the township wrote its own.
    let found = call(&mut s.hongshiyan, "person_find", json!({"text": RESIDENT}));
    assert_eq!(found[0]["phone_masked"], "139****4321");
    let shown = call(&mut s.town, "case_show", json!({"id": town_case}));
    assert_eq!(shown["resident_cases"].as_array().unwrap().len(), 2);
    // A later bundle of each village still imports.
    grave_visit(&mut s.zhongba, "中坝村", "13812345678", "补充材料", "2026-12-01T09:00:00+08:00");
    let later = export_to(&mut s.zhongba, None, &s.dir.path().join("usb-z2"));
    assert_eq!(import::import(&mut s.town, &later).unwrap().outcome, Outcome::Imported);
}

#[test]
fn a_person_without_an_id_number_is_offered_as_likely_the_same_by_name_and_village() {
    let mut s = seed_003();
    let other = call(
        &mut s.hongshiyan,
        "visit_add",
        json!({"channel": "phone", "received_at": "2026-11-30T11:00:00+08:00", "category": "邻里纠纷",
               "request": "电话反映邻居占道", "received_by": "李某",
               "petitioners": [{"name": "王某某", "village": "红石岩村"}]}),
    );
    call(
        &mut s.zhongba,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-11-30T11:30:00+08:00", "category": "邻里纠纷",
               "request": "邻居占道", "received_by": "李某",
               "petitioners": [{"name": "王某某", "village": "红石岩村", "id_number": OTHER}]}),
    );
    let later = export_to(&mut s.zhongba, None, &s.dir.path().join("usb-z2"));
    let later_h = export_to(&mut s.hongshiyan, None, &s.dir.path().join("usb-h2"));
    for path in [&s.bundle_z, &later, &s.bundle_h, &later_h] {
        import::import(&mut s.town, path).unwrap();
    }
    let shown = call(&mut s.town, "case_show", json!({"id": other["case_id"]}));
    let likely = shown["resident_cases"].as_array().unwrap();
    assert_eq!(likely.len(), 1, "{shown}");
    assert_eq!(likely[0]["link"], "same_name_and_village");
}

#[test]
fn a_village_whose_clock_reads_2009_and_one_a_year_ahead_exchange_both_ways() {
    let mut s = seed_003();
    import::import(&mut s.town, &s.bundle_z).unwrap();
    import::import(&mut s.town, &s.bundle_h).unwrap();
    call(&mut s.town, "case_assign", json!({"id": s.case_z, "to": "镇司法所", "actor": "王某"}));
    call(&mut s.town, "case_assign", json!({"id": s.case_h, "to": "镇派出所", "actor": "王某"}));
    let d = s.dir.path().to_owned();

    // 中坝村's CMOS battery dies: its clock reads 2009.
    s.zhongba.clock = at("2009-01-01T08:00:00+08:00");
    let clock = call(&mut s.zhongba, "clock_now", json!({}));
    let warning = clock["warning"].as_str().expect("the wrong clock is pointed out");
    assert!(warning.starts_with("本机时间可能不对：电脑显示 2009年1月1日"), "{warning}");
    // The date the liaison types is written as typed.
    let case = grave_visit(&mut s.zhongba, "中坝村", "13812345678", "补交证明材料", "2026-12-02T09:00:00+08:00");
    let shown = call(&mut s.zhongba, "case_show", json!({"id": case}));
    assert_eq!(shown["case"]["received_at"], "2026-12-02T09:00:00+08:00");
    // The township's return (made in 2026) goes in; the village's bundle
    // (made "in 2009") goes to the township.
    let ret = export_to(&mut s.town, Some(&local::me(&mut s.zhongba).unwrap().device.device_id), &d.join("ret-z"));
    assert_eq!(import::import(&mut s.zhongba, &ret).unwrap().outcome, Outcome::Imported);
    let shown = call(&mut s.zhongba, "case_show", json!({"id": s.case_z}));
    assert_eq!(shown["case"]["assigned_to"], "镇司法所");
    let back = export_to(&mut s.zhongba, None, &d.join("usb-z2009"));
    assert_eq!(import::import(&mut s.town, &back).unwrap().outcome, Outcome::Imported);
    let at_town = call(&mut s.town, "case_show", json!({"id": case}));
    assert_eq!(at_town["case"]["received_at"], "2026-12-02T09:00:00+08:00");

    // 红石岩村's clock runs a year ahead: its return is months "old" and
    // still goes in; its own bundle goes to the township.
    s.hongshiyan.clock = at("2027-12-05T08:00:00+08:00");
    let hid = local::me(&mut s.hongshiyan).unwrap().device.device_id;
    let ret = export_to(&mut s.town, Some(&hid), &d.join("ret-h"));
    assert_eq!(import::import(&mut s.hongshiyan, &ret).unwrap().outcome, Outcome::Imported);
    grave_visit(&mut s.hongshiyan, "中坝村", "13987654321", "再次反映", "2026-12-03T10:00:00+08:00");
    let ahead = export_to(&mut s.hongshiyan, None, &d.join("usb-h2027"));
    assert_eq!(import::import(&mut s.town, &ahead).unwrap().outcome, Outcome::Imported);
    // An old return found on the stick afterwards is stale by its number, not its date.
    let again = export_to(&mut s.town, Some(&hid), &d.join("ret-h2"));
    let newer = export_to(&mut s.town, Some(&hid), &d.join("ret-h3"));
    import::import(&mut s.hongshiyan, &newer).unwrap();
    let e = import::import(&mut s.hongshiyan, &again).unwrap_err();
    assert!(matches!(e, Error::StaleReturn { .. }), "{e}");
}

#[test]
fn a_village_enrolled_with_two_township_devices_chooses_and_a_replacement_takes_over() {
    let mut s = seed_003();
    let d = s.dir.path().to_owned();
    import::import(&mut s.town, &s.bundle_z).unwrap();
    let zid = local::me(&mut s.zhongba).unwrap().device.device_id;
    let ret = export_to(&mut s.town, Some(&zid), &d.join("ret1"));
    import::import(&mut s.zhongba, &ret).unwrap();

    // The township's laptop is replaced: a new install with keys of its own,
    // enrolled beside the old one until the old one is revoked.
    let mut new_town = ledger(&d, "new-town.sqlite3", "township", "路居镇");
    pair(&mut s.zhongba, &mut new_town);
    // With two townships the village must say which; the refusal names both.
    grave_visit(&mut s.zhongba, "中坝村", "13812345678", "补充情况", "2026-12-02T09:00:00+08:00");
    let e = export::export(&mut s.zhongba, None, &d.join("usb-none")).unwrap_err();
    assert!(matches!(e, Error::ChooseRecipient { .. }), "{e}");
    assert!(e.to_string().contains("路居镇（"), "{e}");
    // Naming a device by its id works for each.
    let old_id = local::me(&mut s.town).unwrap().device.device_id;
    let to_old = export_to(&mut s.zhongba, Some(&old_id), &d.join("usb-old"));
    assert_eq!(import::import(&mut s.town, &to_old).unwrap().outcome, Outcome::Imported);
    let new_id = local::me(&mut new_town).unwrap().device.device_id;
    let to_new = export_to(&mut s.zhongba, Some(&new_id), &d.join("usb-new"));
    assert_eq!(import::import(&mut new_town, &to_new).unwrap().outcome, Outcome::Imported);
    let ack = export_to(&mut new_town, Some(&zid), &d.join("ret-new"));
    import::import(&mut s.zhongba, &ack).unwrap();
    // The old laptop is revoked: the village's only township is the new one.
    local::revoke(&mut s.zhongba, &old_id, "换了新电脑").unwrap();
    grave_visit(&mut s.zhongba, "中坝村", "13812345678", "再补充", "2026-12-03T09:00:00+08:00");
    let next = export_to(&mut s.zhongba, None, &d.join("usb-next"));
    let took = import::import(&mut new_town, &next).unwrap();
    assert_eq!(took.outcome, Outcome::Imported);
    // Nothing lost or sent twice: the new township holds every entry of the
    // village, and the last bundle carried only what was new to it.
    let head = |l: &Ledger| xinfang_core::store::replica::head(l.store.conn(), &zid).unwrap().unwrap().seq;
    assert_eq!(head(&new_town), head(&s.zhongba));
    assert_eq!(took.already_held, 0);
    let shown = call(&mut new_town, "case_show", json!({"id": s.case_z}));
    assert_eq!(shown["visits"].as_array().unwrap().len(), 1);
}

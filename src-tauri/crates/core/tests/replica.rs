//! Applying one device's change log on another ledger (the import half of
//! sync, without the bundle around it): the township ends with exactly the
//! village's records; repeats change nothing; a gap, a rewritten history and
//! an altered entry are refused and leave the ledger as it was.

use crate::common;

use common::{at, call, dump, ledger_at, visit};
use serde_json::json;
use xinfang_core::store::changelog::{self, ChangeEntry};
use xinfang_core::store::dump;
use xinfang_core::store::replica::{self, Applied};
use xinfang_core::{Error, Ledger, Store, dispatch};

const TODAY: &str = "2026-05-06T09:00:00+08:00";

/// A village ledger with a case settled by a signed agreement and revisited,
/// a second case with two petitioners, and a screening round.
fn busy_village() -> Ledger {
    let mut l = ledger_at(TODAY);
    let a = call(&mut l, "visit_add", visit("张某某", Some("11010519491231002X"), "反映邻居在承包地内葬坟"));
    let case_id = a["case_id"].clone();
    call(
        &mut l,
        "case_transition",
        json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-03-05", "actor": "李某"}),
    );
    let parties: Vec<_> = vec![
        call(&mut l, "case_show", json!({"id": case_id}))["people"][0]["id"].clone(),
        call(&mut l, "person_add", json!({"name": "王某", "village": "石岩哨村"}))["id"].clone(),
    ];
    // Seeing a whole ID number is recorded, and the record travels too.
    call(&mut l, "person_reveal", json!({"id": parties[0], "case_id": case_id, "reason": "核对身份后调解"}));
    let ag = call(
        &mut l,
        "agreement_draft",
        json!({"case_id": case_id, "form": "written", "actor": "杨某",
        "content": {"party_ids": parties, "facts": "王某在张某某承包地内安葬亲属。", "responsibilities": "王某占地。",
            "terms": ["王某补偿张某某2600元。"], "performance": "当场付清。", "copies": 3, "mediators": ["杨某"],
            "recorder": "李某"}}),
    );
    let agreement_id = ag["agreement"]["id"].clone();
    let signed =
        call(&mut l, "agreement_sign", json!({"id": agreement_id, "signed_on": "2026-03-06", "actor": "杨某"}));
    call(
        &mut l,
        "agreement_printed",
        json!({"id": agreement_id, "fingerprint": signed["fingerprint"], "medium": "paper", "actor": "杨某"}),
    );
    let scan = tempfile::Builder::new().suffix(".png").tempfile().unwrap();
    std::fs::write(scan.path(), b"\x89PNG\r\n\x1a\n signed page").unwrap();
    call(
        &mut l,
        "attachment_add",
        json!({"case_id": case_id, "path": scan.path(), "kind": "signed_agreement", "agreement_id": agreement_id,
            "actor": "杨某"}),
    );
    call(
        &mut l,
        "revisit_add",
        json!({"case_id": case_id, "agreement_id": agreement_id, "visited_on": "2026-03-20",
        "method": "phone", "visitor": "李某", "visitee": "张某某", "satisfaction": "satisfied", "stopped": true}),
    );
    // The case's papers travel like any record: the 15-day notice, the
    // application for judicial confirmation and the court's decision.
    for (day, content) in [
        ("2026-03-05", json!({"kind": "notice", "notice": "accepted", "delivery": "in_person"})),
        ("2026-03-10", json!({"kind": "confirmation_application", "agreement_id": agreement_id, "court": "石岩县人民法院"})),
        ("2026-03-16", json!({"kind": "confirmation_decision", "agreement_id": agreement_id, "confirmed": true})),
    ] {
        call(&mut l, "paper_add", json!({"case_id": case_id, "dated_on": day, "actor": "李某", "content": content}));
    }
    let mut two = visit("刘某", None, "要求修复组里的饮水管道");
    two["petitioners"].as_array_mut().unwrap().push(json!({"name": "陈某", "village": "石岩哨村"}));
    two["headcount"] = json!(2);
    call(&mut l, "visit_add", two);
    call(
        &mut l,
        "screening_add",
        json!({"held_on": "2026-05-06", "scope": "village", "scope_name": "石岩哨村",
        "screened_by": "李某", "nothing_found": false,
        "findings": [{"category": "邻里纠纷", "summary": "两户因排水沟堵塞发生争执", "parties": "赵某、钱某"}]}),
    );
    l
}

fn township() -> Ledger {
    let mut l = Ledger::new(Store::in_memory().unwrap(), at(TODAY));
    call(&mut l, "device_init", json!({"role": "township", "name": "路居镇"}));
    l
}

fn own_entries(l: &Ledger) -> (String, Vec<ChangeEntry>) {
    let device = xinfang_core::store::device::load(l.store.conn()).unwrap().unwrap().device_id;
    let entries = changelog::entries(l.store.conn(), &device, 1).unwrap();
    (device, entries)
}

fn apply(l: &mut Ledger, device: &str, entries: &[ChangeEntry]) -> Result<Applied, Error> {
    let clock = l.clock;
    l.store.write(clock, |w| replica::apply(w.tx(), device, entries, clock.now()))
}

/// The rows of the record tables (everything a device syncs).
fn records(l: &Ledger) -> Vec<String> {
    dump::rows(l.store.conn(), Some(&dump::SYNCED_TABLES)).unwrap()
}

#[test]
fn the_township_holds_exactly_the_village_records_and_finds_them() {
    let village = busy_village();
    let mut town = township();
    let (device, entries) = own_entries(&village);
    assert!(entries.len() > 15, "{} entries", entries.len());

    let applied = apply(&mut town, &device, &entries).unwrap();
    assert_eq!(applied, Applied { new: entries.len() as u64, already_held: 0 });
    assert_eq!(records(&town), records(&village));
    assert_eq!(changelog::verify(town.store.conn()).unwrap()[0].entries, entries.len() as i64);
    // Searchable at the township, petitioners and all.
    let found = call(&mut town, "case_list", json!({"text": "陈某"}));
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["number"], "石岩哨村信〔2026〕第2号");
    let id = call(&mut town, "case_list", json!({"text": "葬坟"}))["items"][0]["id"].clone();
    let detail = call(&mut town, "case_show", json!({"id": id}));
    assert_eq!(detail["agreements"][0]["agreement"]["status"], "signed");
    // The print travels with the agreement, and its fingerprint is the one
    // the township computes from the same content.
    let agreement = &detail["agreements"][0];
    assert_eq!(agreement["prints"][0]["medium"], "paper");
    assert_eq!(agreement["prints"][0]["fingerprint"], agreement["fingerprint"]);
    assert_eq!(detail["revisits"][0]["satisfaction"], "satisfied");
    // The signed scan's record travels in the log; its content comes apart
    // (in a bundle's attachment part), so until then it is listed as absent.
    assert_eq!(detail["attachments"][0]["kind"], "signed_agreement");
    assert_eq!(detail["attachments"][0]["present"], false);
    assert_eq!(detail["signed_scan_missing"], json!([]));
}

#[test]
fn applying_in_pieces_with_repeats_and_overlaps_ends_the_same() {
    let village = busy_village();
    let (device, entries) = own_entries(&village);
    let mut whole = township();
    apply(&mut whole, &device, &entries).unwrap();

    let mut town = township();
    let (a, b) = entries.split_at(7);
    assert_eq!(apply(&mut town, &device, a).unwrap().new, 7);
    assert_eq!(apply(&mut town, &device, a).unwrap(), Applied { new: 0, already_held: 7 });
    let overlap = &entries[4..];
    assert_eq!(apply(&mut town, &device, overlap).unwrap(), Applied { new: b.len() as u64, already_held: 3 });
    assert_eq!(apply(&mut town, &device, &entries).unwrap(), Applied { new: 0, already_held: entries.len() as u64 });
    assert_eq!(records(&town), records(&whole));
}

#[test]
fn a_gap_names_the_missing_entries_and_changes_nothing() {
    let village = busy_village();
    let (device, entries) = own_entries(&village);
    let mut town = township();
    apply(&mut town, &device, &entries[..3]).unwrap();
    let before = dump(&town);
    let e = apply(&mut town, &device, &entries[6..]).unwrap_err();
    assert!(matches!(e, Error::MissingEntries { missing_from: 4, missing_to: 6, .. }), "{e:?}");
    assert!(e.to_string().contains("缺少第 4 至 6 条"), "{e}");
    assert_eq!(dump(&town), before);
}

#[test]
fn a_rewritten_history_or_an_altered_entry_is_refused_and_changes_nothing() {
    let village = busy_village();
    let (device, entries) = own_entries(&village);
    let mut town = township();
    apply(&mut town, &device, &entries[..5]).unwrap();
    let before = dump(&town);

    // An entry altered in transit: its hash no longer matches.
    let mut altered = entries.clone();
    altered[5].payload = altered[5].payload.replace("石岩哨村", "别的村");
    let e = apply(&mut town, &device, &altered[5..]).unwrap_err();
    assert!(matches!(e, Error::ForkedHistory { seq: 6, .. }), "{e:?}");

    // A history rewritten from entry 3 on, each hash recomputed (a consistent
    // fork): the township already holds another entry 3.
    let mut forked = entries[..2].to_vec();
    let mut prev = forked[1].hash.clone();
    for e in &entries[2..6] {
        let mut e = e.clone();
        e.recorded_at = "2026-01-01T00:00:00+00:00".into();
        e.prev_hash = prev.clone();
        e.hash = rehash(&e);
        prev = e.hash.clone();
        forked.push(e);
    }
    let e = apply(&mut town, &device, &forked).unwrap_err();
    assert!(matches!(e, Error::ForkedHistory { seq: 3, .. }), "{e:?}");
    assert!(e.to_string().contains("从旧备份恢复"), "{e}");

    // Entries claiming to be another device's.
    let e = apply(&mut town, "someone-else", &entries[5..]).unwrap_err();
    assert!(matches!(e, Error::ForkedHistory { .. }), "{e:?}");
    assert_eq!(dump(&town), before);
}

#[test]
fn a_kind_of_record_this_version_does_not_know_is_refused() {
    let village = busy_village();
    let (device, entries) = own_entries(&village);
    let mut town = township();
    let mut future = entries[..1].to_vec();
    future[0].entity = "hologram".into();
    future[0].hash = rehash(&future[0]);
    let before = dump(&town);
    let e = apply(&mut town, &device, &future).unwrap_err();
    assert_eq!(e.kind(), "newer_version");
    assert!(e.to_string().contains("升级软件"), "{e}");
    assert_eq!(dump(&town), before);
    assert!(dispatch(&mut town, "case_list", json!({})).is_ok());
}

fn rehash(e: &ChangeEntry) -> Vec<u8> {
    changelog::EntryBody {
        device_id: &e.device_id,
        seq: e.seq,
        entity: &e.entity,
        entity_id: &e.entity_id,
        op: &e.op,
        payload: &e.payload,
        recorded_at: &e.recorded_at,
        account: e.account.as_deref(),
    }
    .hash(&e.prev_hash)
    .to_vec()
}

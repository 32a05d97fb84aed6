//! A village case edited at the village and at the township (交办, 反馈):
//! the township's changes reach only that village, concurrent changes end in
//! the same state whatever order they are exchanged in, each real conflict
//! is listed on both sides, a laptop whose clock runs a year ahead is
//! flagged, and the clerk's decision travels back and settles it there too.
//!
//! The bundles around the entries (keys, signatures, encryption) are the sync
//! crate's business; here the entries move directly, as its import does.

use crate::common;

use common::{at, call, visit};
use serde_json::{Value, json};
use xinfang_core::store::changelog::{self, ChangeEntry};
use xinfang_core::store::{cases, device, receipts, replica};
use xinfang_core::{Ledger, Store};

fn device_id(l: &Ledger) -> String {
    device::load(l.store.conn()).unwrap().unwrap().device_id
}

fn new_ledger(dir: &std::path::Path, role: &str, name: &str, now: &str) -> Ledger {
    let mut l = Ledger::new(Store::create(&dir.join(format!("{name}.sqlite3"))).unwrap(), at(now));
    call(&mut l, "device_init", json!({"role": role, "name": name}));
    l
}

/// Every stream `from` holds that `to` should receive: a village's own log
/// for the township, the township's stream to a village for that village.
fn streams_for(from: &Ledger, to: &Ledger) -> Vec<String> {
    let (from_id, to_id) = (device_id(from), device_id(to));
    let mut stmt = from.store.conn().prepare("SELECT DISTINCT device_id FROM change_log").unwrap();
    let all: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    all.into_iter().filter(|s| *s == from_id || *s == changelog::return_stream(&from_id, &to_id)).collect()
}

/// Delivers what `to` lacks of `from`, as an import would.
fn deliver(from: &Ledger, to: &mut Ledger) {
    for stream in streams_for(from, to) {
        let held = replica::head(to.store.conn(), &stream).unwrap().map_or(0, |h| h.seq);
        let entries: Vec<ChangeEntry> = changelog::entries(from.store.conn(), &stream, held + 1).unwrap();
        let clock = to.clock;
        to.store
            .write(clock, |w| match changelog::is_return_stream(&stream) {
                true => replica::apply_return_stream(w, &stream, &entries),
                false => replica::apply(w.tx(), &stream, &entries, clock.now()),
            })
            .unwrap();
    }
}

/// A full copy of a ledger (SQLite's own `VACUUM INTO`), to replay the same
/// moment in another order.
fn copy(l: &Ledger, dir: &std::path::Path, name: &str) -> Ledger {
    let path = dir.join(name);
    l.store.copy_into(&path).unwrap();
    Ledger::new(Store::open(&path).unwrap(), l.clock)
}

fn case(l: &Ledger, id: &str) -> Value {
    serde_json::to_value(cases::get(l.store.conn(), id).unwrap()).unwrap()
}

fn conflicts(l: &mut Ledger, open_only: bool) -> Vec<Value> {
    call(l, "conflict_list", json!({"open_only": open_only})).as_array().unwrap().clone()
}

/// A village case carried up to the township (代言代访), with the township
/// holding everything the village wrote.
fn carried_up(dir: &std::path::Path) -> (Ledger, Ledger, String) {
    let mut village = new_ledger(dir, "village", "石岩哨村", "2026-03-04T10:00:00+08:00");
    let mut town = new_ledger(dir, "township", "路居镇", "2026-03-04T10:05:00+08:00");
    let id = call(&mut village, "visit_add", visit("张某某", Some("11010519491231002X"), "承包地被占用"))["case_id"]
        .as_str()
        .unwrap()
        .to_owned();
    for action in ["commission", "carry_up"] {
        call(
            &mut village,
            "case_transition",
            json!({"id": id, "transition": {"action": action}, "on": "2026-03-03", "actor": "李某"}),
        );
    }
    deliver(&village, &mut town);
    (village, town, id)
}

#[test]
fn the_townships_feedback_and_assignment_reach_that_village_only() {
    let dir = tempfile::tempdir().unwrap();
    let (mut village, mut town, id) = carried_up(dir.path());
    let mut other = new_ledger(dir.path(), "village", "大营头村", "2026-03-04T10:00:00+08:00");
    let other_id = call(&mut other, "visit_add", visit("刘某", None, "饮水管道损坏"))["case_id"].clone();
    deliver(&other, &mut town);

    call(&mut town, "case_assign", json!({"id": id, "to": "镇农业农村办", "actor": "王某", "on": "2026-03-04"}));
    call(
        &mut town,
        "case_transition",
        json!({"id": id, "transition": {"action": "feed_back"}, "on": "2026-03-04", "actor": "王某",
               "note": "镇农业农村办已责令恢复原状"}),
    );
    call(&mut town, "case_assign", json!({"id": other_id, "to": "镇水务站", "actor": "王某"}));
    deliver(&town, &mut village);

    assert_eq!(case(&village, &id), case(&town, &id), "both ledgers hold the same case");
    assert_eq!(case(&village, &id)["step"], "fed_back");
    assert_eq!(case(&village, &id)["assigned_to"], "镇农业农村办");
    let shown = call(&mut village, "case_show", json!({"id": id}));
    let actions: Vec<&str> =
        shown["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["register", "commission", "carry_up", "assign", "feed_back"]);
    assert!(
        cases::find(village.store.conn(), other_id.as_str().unwrap()).unwrap().is_none(),
        "no other village's case"
    );
    assert!(conflicts(&mut village, false).is_empty());
    assert!(conflicts(&mut town, false).is_empty());

    // The village's next log carries a receipt; the township then knows the
    // village holds all it sent and has nothing pending for it.
    deliver(&village, &mut town);
    let stream = changelog::return_stream(&device_id(&town), &device_id(&village));
    let head = replica::head(town.store.conn(), &stream).unwrap().unwrap();
    assert_eq!(receipts::get(town.store.conn(), &stream).unwrap().held_seq, head.seq);

    let refused = xinfang_core::dispatch(&mut village, "case_assign", json!({"id": id, "to": "某人", "actor": "李某"}));
    assert_eq!(refused.unwrap_err().to_string(), "交办由乡镇信访办在乡镇台账上操作。");
}

#[test]
fn concurrent_changes_end_alike_in_either_order_and_are_listed_on_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let (mut village, mut town, id) = carried_up(dir.path());
    // Neither hears of the other: the village extends the limit at 10:00,
    // the township feeds back at 10:05 the same day.
    call(
        &mut village,
        "case_transition",
        json!({"id": id, "transition": {"action": "extend", "days": 30, "reason": "需要现场勘查"}, "actor": "李某"}),
    );
    call(&mut town, "case_transition", json!({"id": id, "transition": {"action": "feed_back"}, "actor": "王某"}));

    let (mut village2, mut town2) = (copy(&village, dir.path(), "v2"), copy(&town, dir.path(), "t2"));
    deliver(&village, &mut town);
    deliver(&town, &mut village);
    deliver(&town2, &mut village2);
    deliver(&village2, &mut town2);

    let end = case(&village, &id);
    for (who, l) in [("township", &town), ("village, other order", &village2), ("township, other order", &town2)] {
        assert_eq!(case(l, &id), end, "{who}");
    }
    assert_eq!(end["step"], "fed_back", "the later change stands");
    assert_eq!(end["extension_days"], Value::Null);
    for l in [&mut village, &mut town] {
        let listed = conflicts(l, true);
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert_eq!(listed[0]["label"], "办理进度");
        assert_eq!(listed[0]["kept"]["value"], "五步法代办：反馈结果，正在化解，2026年3月4日办结");
        assert_eq!(listed[0]["lost"]["value"], "五步法代办：代言代访，正在化解，延期 30 天");
        assert_eq!(listed[0]["clock_ahead"], false);
    }
    assert!(conflicts(&mut village, true)[0]["kept"]["by"].as_str().unwrap().starts_with("设备"));
    assert_eq!(conflicts(&mut town, true)[0]["kept"]["by"], "路居镇（本机）");
}

#[test]
fn a_clock_a_year_ahead_is_flagged_and_the_clerks_decision_settles_it_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (mut village, mut town, id) = carried_up(dir.path());
    village.clock = at("2027-03-04T10:00:00+08:00");
    call(
        &mut village,
        "case_transition",
        json!({"id": id, "transition": {"action": "extend", "days": 20, "reason": "等待测绘"}, "on": "2026-03-04",
               "actor": "李某"}),
    );
    call(&mut town, "case_transition", json!({"id": id, "transition": {"action": "feed_back"}, "actor": "王某"}));
    deliver(&village, &mut town);
    deliver(&town, &mut village);
    assert_eq!(case(&town, &id), case(&village, &id));
    assert_eq!(case(&town, &id)["extension_days"], 20, "the far-ahead stamp wins the merge…");
    let listed = conflicts(&mut town, true);
    assert_eq!(listed[0]["clock_ahead"], true, "…but not silently");

    let settled = call(&mut town, "conflict_settle", json!({"id": listed[0]["id"], "choice": "lost", "actor": "王某"}));
    assert_eq!(settled["settlement"], "changed");
    assert_eq!(case(&town, &id)["step"], "fed_back");
    deliver(&town, &mut village);
    assert_eq!(case(&village, &id), case(&town, &id), "the decision reached the village and stands there");
    assert!(conflicts(&mut village, true).is_empty());
    assert!(conflicts(&mut town, true).is_empty());
    assert_eq!(conflicts(&mut village, false)[0]["settlement"], "superseded");
    let shown = call(&mut village, "case_show", json!({"id": id}));
    let events = shown["events"].as_array().unwrap();
    let decision = events.iter().find(|e| e["action"] == "conflict_settled").expect("the decision is on the timeline");
    assert_eq!(decision["note"], "办理进度：确认为“五步法代办：反馈结果，正在化解，2026年3月4日办结”");
    assert_eq!(decision["actor"], "王某");
    let again = xinfang_core::dispatch(
        &mut town,
        "conflict_settle",
        json!({"id": listed[0]["id"], "choice": "kept", "actor": "王某"}),
    );
    assert_eq!(again.unwrap_err().to_string(), "这个冲突已经处理过了。");
}

/// One step of a random history on a carried-up case.
#[derive(Debug, Clone)]
enum Step {
    /// The village extends the limit (once per case; a repeat is refused).
    VillageExtends(u32),
    VillageVoids,
    TownshipAssigns(usize),
    TownshipFeedsBack,
    TownshipVoids,
    /// A bundle or return bundle arrives.
    ToTownship,
    ToVillage,
    /// A laptop's clock jumps by this many hours (a year ahead included).
    VillageClock(i64),
    TownshipClock(i64),
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        (1u32..=30).prop_map(Step::VillageExtends),
        Just(Step::VillageVoids),
        (0usize..3).prop_map(Step::TownshipAssigns),
        Just(Step::TownshipFeedsBack),
        Just(Step::TownshipVoids),
        Just(Step::ToTownship),
        Just(Step::ToVillage),
        prop_oneof![Just(-2i64), Just(1), Just(24 * 365)].prop_map(Step::VillageClock),
        prop_oneof![Just(-2i64), Just(1)].prop_map(Step::TownshipClock),
    ]
}

fn shift(l: &mut Ledger, hours: i64) {
    l.clock = xinfang_core::Clock::Fixed(l.clock.now() + chrono::Duration::hours(hours));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Whatever the two sides do to the same case, in whatever interleaving
    /// with deliveries and clock jumps, once each has heard everything of the
    /// other they hold the same case, and every open conflict is listed on
    /// both sides alike.
    #[test]
    fn the_village_and_the_township_converge_after_any_history(steps in proptest::collection::vec(step(), 1..24)) {
        let dir = tempfile::tempdir().unwrap();
        let (mut village, mut town, id) = carried_up(dir.path());
        let places = ["镇交通办", "镇水务站", "镇司法所"];
        for s in steps {
            // Refusals (a second extension, feedback on a voided case…) are
            // part of a real history; they change nothing.
            let _ = match s {
                Step::VillageExtends(days) => xinfang_core::dispatch(&mut village, "case_transition",
                    json!({"id": id, "transition": {"action": "extend", "days": days, "reason": "需要调查"}, "on": "2026-03-04", "actor": "李某"})),
                Step::VillageVoids => xinfang_core::dispatch(&mut village, "case_void", json!({"id": id, "reason": "重复登记", "actor": "李某"})),
                Step::TownshipAssigns(i) => xinfang_core::dispatch(&mut town, "case_assign", json!({"id": id, "to": places[i], "actor": "王某", "on": "2026-03-04"})),
                Step::TownshipFeedsBack => xinfang_core::dispatch(&mut town, "case_transition",
                    json!({"id": id, "transition": {"action": "feed_back"}, "on": "2026-03-04", "actor": "王某"})),
                Step::TownshipVoids => xinfang_core::dispatch(&mut town, "case_void", json!({"id": id, "reason": "乡镇核实为误登", "actor": "王某"})),
                Step::ToTownship => { deliver(&village, &mut town); Ok(Value::Null) }
                Step::ToVillage => { deliver(&town, &mut village); Ok(Value::Null) }
                Step::VillageClock(h) => { shift(&mut village, h); Ok(Value::Null) }
                Step::TownshipClock(h) => { shift(&mut town, h); Ok(Value::Null) }
            };
        }
        deliver(&village, &mut town);
        deliver(&town, &mut village);
        deliver(&village, &mut town);
        proptest::prop_assert_eq!(case(&village, &id), case(&town, &id));
        let open = |l: &mut Ledger| -> Vec<(Value, Value, Value)> {
            let mut v: Vec<_> = conflicts(l, true).into_iter().map(|c| (c["label"].clone(), c["kept"]["value"].clone(), c["lost"]["value"].clone())).collect();
            v.sort_by_key(|t| format!("{t:?}"));
            v
        };
        proptest::prop_assert_eq!(open(&mut village), open(&mut town));
    }
}

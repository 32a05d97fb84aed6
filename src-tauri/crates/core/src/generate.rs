//! A made-up township ledger of any size, for benchmarks (feature
//! `fixtures`): villages with their groups, residents with made-up names,
//! requests in every category and channel, followed through the five steps,
//! on the spot or to the courts, some extended, some handed down by the
//! county and answered, revisits with their satisfaction, repeat visits, and
//! monthly screening rounds with disputes resolved or still in progress.
//!
//! Everything is recorded through the command layer, as a clerk would, so a
//! benchmark reads the same rows, indexes and change log a real ledger has.
//! The same `seed` always gives the same ledger.

use crate::clock::Clock;
use crate::commands::{Ledger, dispatch};
use crate::error::Result;
use crate::store::Store;
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde_json::{Value, json};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Cases received (repeat visits and screening rounds come on top).
    pub cases: usize,
    /// Villages in the township (at most `VILLAGES.len()`).
    pub villages: usize,
    /// The first day cases are received; they spread evenly to `last_day`.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub seed: u64,
}

/// The township the generated ledger belongs to.
pub const TOWNSHIP: &str = "青山镇";

pub const VILLAGES: [&str; 40] = [
    "石岩哨村",
    "螺蛳铺村",
    "红石岩村",
    "中坝村",
    "上坝村",
    "兰田村",
    "白果村",
    "新店村",
    "龙潭村",
    "杨柳村",
    "大河村",
    "小河村",
    "松林村",
    "青杠村",
    "双龙村",
    "核桃村",
    "观音村",
    "关口村",
    "水井村",
    "坪上村",
    "高寨村",
    "桃园村",
    "竹林村",
    "黄泥村",
    "马鞍村",
    "凤凰村",
    "太平村",
    "长田村",
    "板桥村",
    "花红村",
    "岩脚村",
    "新寨村",
    "沙坝村",
    "河坝村",
    "茶园村",
    "柏杨村",
    "新华村",
    "和平村",
    "团结村",
    "光明村",
];

const GROUPS: [&str; 6] = ["上组", "下组", "大寨组", "河边组", "新村组", "坡头组"];
const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马",
    "罗", "梁", "宋", "郑", "谢",
];
const GIVEN: [&str; 24] = [
    "德明", "桂兰", "国富", "秀英", "正华", "德才", "文华", "玉梅", "永福", "红梅", "建平", "建国", "小芳", "志强",
    "海燕", "明亮", "春花", "大勇", "丽娟", "树林", "金凤", "光荣", "福贵", "淑芬",
];
/// (category, what a resident asks about it).
const REQUESTS: [(&str, &str); 12] = [
    ("土地承包", "反映承包地边界与邻户有争议，要求重新丈量"),
    ("邻里纠纷", "反映邻居建房占用出行通道，要求恢复"),
    ("婚姻家庭", "反映子女不履行赡养义务，要求调解"),
    ("房屋宅基地", "反映建房宅基地审批迟迟未办理"),
    ("劳资/欠薪", "反映在外务工被拖欠工资，要求协助追讨"),
    ("社保医保", "询问新型农村合作医疗报销比例和办理手续"),
    ("民政救助", "反映家中房屋年久失修，申请危房改造补助"),
    ("农田水利", "反映灌溉沟渠堵塞，田地无法放水"),
    ("环境/水源", "反映采石场粉尘影响庄稼生长"),
    ("政策落实", "反映惠农补贴未按时发放"),
    ("损害赔偿", "反映施工车辆压坏院坝，要求赔偿"),
    ("坟地/丧葬", "反映他人在自家承包地内葬坟，要求迁坟"),
];
const CHANNELS: [&str; 5] = ["visit", "visit", "letter", "phone", "online"];
const SATISFACTION: [&str; 4] = ["satisfied", "satisfied", "mostly_satisfied", "dissatisfied"];
const CLERK: &str = "镇信访办专干";

/// SplitMix64: a small, fast, reproducible sequence (not for secrets).
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn day(d: NaiveDate, plus: u64) -> NaiveDate {
    d.checked_add_days(Days::new(plus)).unwrap_or(d)
}

/// The ledger, standing on the day after `spec.last_day` with its clock fixed there.
pub fn township(store: Store, spec: &Spec) -> Result<Ledger> {
    let villages = &VILLAGES[..spec.villages.clamp(1, VILLAGES.len())];
    record(store, spec, "township", TOWNSHIP, villages)
}

/// One village's own ledger (a village device named `village`), with
/// `spec.cases` cases of its residents and its monthly screening rounds, on
/// the same clock as [`township`]: what the village's laptop holds before it
/// exports its bundle to the township.
pub fn village(store: Store, spec: &Spec, village: &str) -> Result<Ledger> {
    record(store, spec, "village", village, &[village])
}

fn record(store: Store, spec: &Spec, role: &str, name: &str, villages: &[&str]) -> Result<Ledger> {
    let now = day(spec.last_day, 1).and_hms_opt(9, 0, 0).unwrap_or_default().and_utc() - chrono::Duration::hours(8);
    let mut ledger = Ledger::new(store, Clock::Fixed(DateTime::<Utc>::from_naive_utc_and_offset(now.naive_utc(), Utc)));
    let l = &mut ledger;
    dispatch(l, "device_init", json!({"role": role, "name": name}))?;
    let mut dice = Dice(spec.seed);
    let span = (spec.last_day - spec.first_day).num_days().max(0) as u64;
    let today = spec.last_day;
    let mut earlier: Vec<String> = Vec::new();

    for i in 0..spec.cases {
        let received = day(spec.first_day, span * i as u64 / spec.cases.max(1) as u64);
        let village = *dice.pick(villages);
        let (category, request) = *dice.pick(&REQUESTS);
        let channel = if dice.chance(5) { "handed_down" } else { *dice.pick(&CHANNELS) };
        let visit = json!({
            "channel": channel,
            "received_at": format!("{received}T{:02}:{:02}:00+08:00", 8 + dice.below(9), dice.below(60)),
            "petitioners": [{"name": format!("{}{}", dice.pick(&SURNAMES), dice.pick(&GIVEN)),
                "village": village, "group": dice.pick(&GROUPS)}],
            "category": category,
            "request": format!("{village}{request}。"),
            "received_by": CLERK,
        });
        let case = dispatch(l, "visit_add", visit)?["case_id"].as_str().unwrap_or_default().to_owned();
        let days_ago = (today - received).num_days().max(0) as u64;
        handle(l, &mut dice, &case, received, days_ago)?;
        if dice.chance(3) && !earlier.is_empty() {
            let of = earlier[dice.below(earlier.len())].clone();
            repeat(l, &of, day(received, 1).min(today), village)?;
        }
        earlier.push(case);
    }
    screen(l, &mut dice, villages, spec.first_day, today)?;
    Ok(ledger)
}

fn step(l: &mut Ledger, case: &str, action: Value, on: NaiveDate) -> Result<()> {
    dispatch(l, "case_transition", json!({"id": case, "transition": action, "on": on.to_string(), "actor": CLERK}))
        .map(drop)
}

/// Handles a case received `days_ago`: most are done, recent ones still open,
/// a few left past their limit.
fn handle(l: &mut Ledger, dice: &mut Dice, case: &str, received: NaiveDate, days_ago: u64) -> Result<()> {
    let on = |d: u64| day(received, d.min(days_ago));
    if days_ago < 3 || dice.chance(4) {
        return Ok(()); // just registered, or left waiting (overdue once old)
    }
    let (handled, closed) = match dice.below(10) {
        0..=3 => {
            step(l, case, json!({"action": "settle_on_spot"}), on(1))?;
            step(l, case, json!({"action": "close", "outcome": "resolved"}), on(1))?;
            (on(1), true)
        }
        4 => {
            step(l, case, json!({"action": "direct_to_legal_route"}), on(2))?;
            (on(2), false)
        }
        _ => {
            step(l, case, json!({"action": "commission"}), on(1))?;
            step(l, case, json!({"action": "carry_up"}), on(2))?;
            if days_ago < 20 {
                return Ok(()); // being handled
            }
            if dice.chance(10) {
                step(l, case, json!({"action": "extend", "days": 30, "reason": "需要现场勘查"}), on(10))?;
            }
            let fed_back = on(12 + dice.below(50) as u64);
            step(l, case, json!({"action": "feed_back"}), fed_back)?;
            (fed_back, false)
        }
    };
    // Nearly every handled case is revisited once it is old enough (the
    // county checks the 回访率), and most are then closed: a township's
    // ledger of years is mostly done, not mostly open.
    let revisit_on = day(handled, 10);
    if (revisit_on - received).num_days() < days_ago as i64 && dice.chance(95) {
        let args = json!({"case_id": case, "visited_on": revisit_on.to_string(), "method": "phone",
            "visitor": CLERK, "visitee": "信访人", "satisfaction": dice.pick(&SATISFACTION)});
        dispatch(l, "revisit_add", args)?;
        if !closed && dice.chance(90) {
            let outcome = if dice.chance(80) { "resolved" } else { "handled" };
            step(l, case, json!({"action": "close", "outcome": outcome}), revisit_on)?;
        }
    }
    Ok(())
}

fn repeat(l: &mut Ledger, of: &str, on: NaiveDate, village: &str) -> Result<()> {
    let visit = json!({"channel": "visit", "received_at": format!("{on}T10:00:00+08:00"),
        "petitioners": [{"name": "信访人", "village": village}], "category": "其他诉求",
        "request": "再次反映原问题，询问办理进展。", "received_by": CLERK, "repeat_of": of});
    dispatch(l, "visit_add", visit).map(drop)
}

/// A screening round in every village each month: most find nothing (a
/// zero report), some find a dispute or two, most of them resolved.
fn screen(l: &mut Ledger, dice: &mut Dice, villages: &[&str], first: NaiveDate, today: NaiveDate) -> Result<()> {
    let mut held = first;
    while held <= today {
        for village in villages {
            let findings: Vec<Value> = (0..[0, 0, 0, 1, 1, 2][dice.below(6)])
                .map(|_| {
                    let (category, summary) = dice.pick(&REQUESTS);
                    json!({"category": category, "summary": format!("{village}村民{summary}")})
                })
                .collect();
            let args = json!({"held_on": held.to_string(), "scope": "village", "scope_name": village,
                "screened_by": CLERK, "nothing_found": findings.is_empty(), "findings": findings});
            let round = dispatch(l, "screening_add", args)?;
            for f in round["findings"].as_array().into_iter().flatten() {
                if dice.chance(80) {
                    let resolved = day(held, 3 + dice.below(20) as u64).min(today);
                    dispatch(l, "finding_resolve", json!({"id": f["id"], "on": resolved.to_string()}))?;
                }
            }
        }
        held = held.checked_add_months(chrono::Months::new(1)).unwrap_or(day(today, 1));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(cases: usize) -> Spec {
        Spec {
            cases,
            villages: 6,
            first_day: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            last_day: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            seed: 7,
        }
    }

    fn received(l: &mut Ledger) -> Value {
        dispatch(l, "report_show", json!({"from": "2025-01-01", "to": "2025-12-31"})).unwrap()["total"].clone()
    }

    #[test]
    fn the_ledger_has_the_cases_asked_for_in_several_states_and_the_same_seed_gives_the_same_ledger() {
        let mut a = township(Store::in_memory().unwrap(), &spec(300)).unwrap();
        let total = received(&mut a);
        let count = |key: &str| {
            total["counts"].as_array().unwrap().iter().find(|c| c["figure"] == key).unwrap()["count"].as_u64().unwrap()
        };
        assert_eq!(count("received"), 300);
        for figure in [
            "handled",
            "overdue",
            "revisited",
            "handed_down",
            "repeat_visits",
            "disputes_screened",
            "disputes_resolved",
            "disputes_in_progress",
            "received_letter",
            "received_visit",
        ] {
            assert!(count(figure) > 0, "{figure} is 0: the generated ledger should have some");
        }
        assert!(count("handled") < 300, "some cases are still open");
        let mut b = township(Store::in_memory().unwrap(), &spec(300)).unwrap();
        assert_eq!(received(&mut b), total);
    }

    #[test]
    fn a_village_ledger_is_a_village_device_whose_cases_are_all_its_own() {
        let mut v = village(Store::in_memory().unwrap(), &spec(60), "龙潭村").unwrap();
        assert_eq!(dispatch(&mut v, "device_show", json!({})).unwrap()["device"]["role"], "village");
        let total = received(&mut v);
        let received_count =
            total["counts"].as_array().unwrap().iter().find(|c| c["figure"] == "received").unwrap()["count"].clone();
        assert_eq!(received_count, 60);
        let all = dispatch(&mut v, "case_list", json!({})).unwrap()["total"].clone();
        assert_eq!(dispatch(&mut v, "case_list", json!({"village": "龙潭村"})).unwrap()["total"], all);
    }
}

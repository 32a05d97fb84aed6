//! A township ledger holding seed 003's half-year (路居镇, January to June
//! 2009; people's names made up), recorded through the command layer as a
//! clerk would: 11 cases received (5 letters, 6 visits), all handled, and 10
//! disputes screened, 8 resolved, 2 still being resolved. Around them, what
//! the report must leave out: a case voided as registered twice, a case, a
//! repeat visit and a revisit from July, a dispute from December 2008, zero
//! reports, and a dispute resolved only in July.
//!
//! For the report's tests and benchmarks, and the CLI's (feature `fixtures`).

use crate::clock::Clock;
use crate::commands::{Ledger, dispatch};
use crate::error::Result;
use crate::store::Store;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// The day the fixture's clock stands on: after the half-year, when the
/// report is written.
pub const SEED_003_NOW: &str = "2009-07-10T09:00:00+08:00";
pub const SEED_003_FROM: &str = "2009-01-01";
pub const SEED_003_TO: &str = "2009-06-30";
/// The township, and its villages named in the seed.
pub const TOWNSHIP: &str = "路居镇";
pub const VILLAGES: [&str; 6] = ["石岩哨村", "螺蛳铺村", "红石岩村", "中坝村", "上坝村", "兰田村"];

/// The ledger and the ids the report should (and should not) count.
pub struct Seed003 {
    pub ledger: Ledger,
    /// The 11 cases received in the half-year, in the order received.
    pub received: Vec<String>,
    /// The case registered twice by mistake and voided.
    pub voided: String,
    /// The case received in July.
    pub july: String,
    /// The 10 disputes screened in the half-year, in the order found.
    pub screened: Vec<String>,
    /// The 2 of them still being resolved on 30 June.
    pub in_progress: Vec<String>,
}

/// How a case was handled in the fixture.
enum Handling {
    /// 委托 → 代言代访 → 反馈结果 on these days.
    FiveStep(&'static str, &'static str, &'static str),
    /// The same, with the handling limit extended by 30 days on the third day.
    Extended(&'static str, &'static str, &'static str, &'static str),
    /// 本级调处 on this day, closed as 化解 the same day.
    OnSpot(&'static str),
    /// 导入法律程序 on this day.
    LegalRoute(&'static str),
}

/// A case: (received at, channel, village, group, name, category, request),
/// its handling, and a revisit in the half-year (day, satisfaction).
type CaseSpec = ([&'static str; 7], Handling, Option<(&'static str, &'static str)>);

/// The half-year's cases but the one taken up from a screening round.
#[rustfmt::skip]
fn cases() -> Vec<CaseSpec> {
    use Handling::*;
    vec![
        // Handled after 71 days: the one case not handled in time.
        (["2009-01-08T10:20:00+08:00", "letter", "兰田村", "赵家湾组", "赵德明", "民政救助",
          "来信反映家中房屋年久失修，申请危房改造补助。"],
         FiveStep("2009-01-09", "2009-01-12", "2009-03-20"), Some(("2009-03-30", "satisfied"))),
        (["2009-01-19T09:05:00+08:00", "visit", "石岩哨村", "大营头组", "李桂兰", "邻里纠纷",
          "反映邻居建房占用出行通道，要求恢复。"],
         OnSpot("2009-01-20"), Some(("2009-02-05", "satisfied"))),
        (["2009-02-10T14:30:00+08:00", "visit", "中坝村", "下坝组", "张国富", "土地承包",
          "反映承包地边界与邻户有争议，要求重新丈量。"],
         OnSpot("2009-02-16"), Some(("2009-03-10", "mostly_satisfied"))),
        (["2009-02-23T11:00:00+08:00", "letter", "螺蛳铺村", "狮子营组", "王秀英", "社保医保",
          "来信询问新型农村合作医疗报销比例和办理手续。"],
         FiveStep("2009-02-24", "2009-02-25", "2009-03-03"), None),
        (["2009-03-06T08:40:00+08:00", "visit", "上坝村", "上坝组", "杨正华", "农田水利",
          "反映水库被放干后田地无法灌溉，要求尽快蓄水。"],
         FiveStep("2009-03-06", "2009-03-07", "2009-04-03"), Some(("2009-04-15", "satisfied"))),
        (["2009-03-18T15:10:00+08:00", "letter", "红石岩村", "红石岩组", "刘德才", "劳资/欠薪",
          "来信反映在外务工被拖欠工资，要求协助追讨。"],
         LegalRoute("2009-03-20"), Some(("2009-04-10", "dissatisfied"))),
        // Handled on day 63, in time thanks to the extension.
        (["2009-04-27T10:00:00+08:00", "visit", "石岩哨村", "大营头组", "杭文华", "干部作风",
          "反映村民小组账目多年未公开，要求查清。"],
         Extended("2009-04-28", "2009-04-30", "2009-05-20", "2009-06-29"), None),
        (["2009-05-12T09:30:00+08:00", "letter", "兰田村", "兰田组", "周玉梅", "政策落实",
          "来信反映计划生育押金至今未退还。"],
         FiveStep("2009-05-12", "2009-05-13", "2009-06-05"), Some(("2009-06-20", "satisfied"))),
        (["2009-05-26T16:00:00+08:00", "letter", "上坝村", "老虎山组", "陈永福", "环境/水源",
          "来信反映采石场粉尘影响庄稼生长。"],
         FiveStep("2009-05-27", "2009-05-28", "2009-06-22"), None),
        (["2009-06-15T09:50:00+08:00", "visit", "螺蛳铺村", "狮子营组", "孙红梅", "房屋宅基地",
          "反映建房宅基地审批迟迟未办理。"],
         FiveStep("2009-06-15", "2009-06-16", "2009-06-26"), None),
    ]
}

/// The screening rounds: (held on, scope, where, findings as (category,
/// summary, resolved on)); no findings is a zero report.
type RoundSpec = (&'static str, &'static str, &'static str, Vec<(&'static str, &'static str, Option<&'static str>)>);

/// The ten disputes of the seed (its list 1–10), in the rounds that found
/// them, but the one taken up as a case.
#[rustfmt::skip]
fn rounds() -> Vec<RoundSpec> {
    vec![
        ("2009-01-26", "village", "石岩哨村", vec![("坟地/丧葬",
            "大营头组村民亡妻坟墓被螺蛳铺村狮子营组村民撬毁，两村群众情绪激动。", Some("2009-02-05"))]),
        ("2009-02-27", "township", TOWNSHIP, vec![]),
        ("2009-03-05", "village", "上坝村", vec![("农田水利",
            "席草田水库承包者擅自放水捕鱼，上坝、中坝、下坝两千余亩田地无法灌溉。", Some("2009-04-03"))]),
        ("2009-04-20", "township", TOWNSHIP, vec![
            ("政策落实", "劣质烟草品种流入部分村组，烟农利益受损。", Some("2009-05-10")),
            ("损害赔偿", "镇中心学校学生校内受伤，家长要求赔偿。", Some("2009-06-18"))]),
        ("2009-04-26", "village", "石岩哨村", vec![("其他纠纷",
            "“4.25”事件：村民与施工方发生冲突，聚集人员较多。", Some("2009-06-25"))]),
        ("2009-05-11", "village", "兰田村", vec![("政策落实",
            "兰田村委会拖欠农户计划生育押金，群众多次追要。", Some("2009-06-05"))]),
        // Restored only in July: still being resolved on 30 June.
        ("2009-05-20", "village", "上坝村", vec![("土地承包",
            "杨柳坝矿区开采涉及上坝、石岩哨两村约142.5亩农用地未复耕，群众要求复耕并解决租金。", Some("2009-07-08"))]),
        ("2009-06-09", "village", "上坝村", vec![("损害赔偿",
            "老虎山石材厂车辆碾死本厂职工小孩，家属要求赔偿。", Some("2009-06-12"))]),
        ("2009-06-12", "village", "兰田村", vec![("损害赔偿",
            "赵家湾组小孩钓鱼时触高压电身亡，家属抬棺到村委会要求赔偿。", None)]),
        ("2009-06-26", "village", "中坝村", vec![]),
    ]
}

/// Dispute 3 of the seed, found on 8 April and taken up as a case the same
/// day: resolved when the case is closed, not marked resolved itself.
#[rustfmt::skip]
fn taken_up_round() -> RoundSpec {
    ("2009-04-08", "village", "红石岩村", vec![("坟地/丧葬",
        "中坝村村民在红石岩组村民承包地内葬坟，双方争执不下，可能引发家族矛盾。", None)])
}

/// The case it became: mediated on the spot with a three-term agreement.
#[rustfmt::skip]
fn taken_up_case() -> CaseSpec {
    (["2009-04-08T09:00:00+08:00", "visit", "红石岩村", "红石岩组", "王建平", "坟地/丧葬",
      "反映他人在自家承包地内葬坟，要求迁坟或补偿。"],
     Handling::OnSpot("2009-04-08"), Some(("2009-05-08", "satisfied")))
}

fn at(s: &str) -> Clock {
    Clock::Fixed(DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default())
}

fn visit(v: [&str; 7]) -> Value {
    let [received_at, channel, village, group, name, category, request] = v;
    json!({"channel": channel, "received_at": received_at,
        "petitioners": [{"name": name, "village": village, "group": group}],
        "category": category, "request": request, "received_by": CLERK})
}

/// Who recorded and handled everything.
const CLERK: &str = "镇信访办刘专干";

fn id(v: &Value) -> String {
    v["id"].as_str().or(v["case_id"].as_str()).unwrap_or_default().to_owned()
}

fn step(l: &mut Ledger, case: &str, action: Value, on: &str) -> Result<()> {
    dispatch(l, "case_transition", json!({"id": case, "transition": action, "on": on, "actor": CLERK})).map(drop)
}

fn handle(l: &mut Ledger, case: &str, h: &Handling) -> Result<()> {
    let five_step = |l: &mut Ledger, commission, carry_up| {
        step(l, case, json!({"action": "commission"}), commission)?;
        step(l, case, json!({"action": "carry_up"}), carry_up)
    };
    match *h {
        Handling::FiveStep(commission, carry_up, feed_back) => {
            five_step(l, commission, carry_up)?;
            step(l, case, json!({"action": "feed_back"}), feed_back)
        }
        Handling::Extended(commission, carry_up, extend, feed_back) => {
            five_step(l, commission, carry_up)?;
            step(l, case, json!({"action": "extend", "days": 30, "reason": "需审计多年账目"}), extend)?;
            step(l, case, json!({"action": "feed_back"}), feed_back)
        }
        Handling::OnSpot(on) => {
            step(l, case, json!({"action": "settle_on_spot"}), on)?;
            step(l, case, json!({"action": "close", "outcome": "resolved"}), on)
        }
        Handling::LegalRoute(on) => step(l, case, json!({"action": "direct_to_legal_route"}), on),
    }
}

fn revisit(l: &mut Ledger, case: &str, on: &str, satisfaction: &str) -> Result<()> {
    let args = json!({"case_id": case, "visited_on": on, "method": "in_person", "visitor": CLERK,
        "visitee": "信访人", "satisfaction": satisfaction});
    dispatch(l, "revisit_add", args).map(drop)
}

/// Records a round; returns its findings' ids.
fn round(l: &mut Ledger, held_on: &str, scope: &str, name: &str, findings: &[(&str, &str)]) -> Result<Vec<String>> {
    let findings: Vec<Value> = findings.iter().map(|(c, s)| json!({"category": c, "summary": s})).collect();
    let args = json!({"held_on": held_on, "scope": scope, "scope_name": name, "screened_by": "镇综治维稳信访中心",
        "nothing_found": findings.is_empty(), "findings": findings});
    let view = dispatch(l, "screening_add", args)?;
    Ok(view["findings"].as_array().into_iter().flatten().map(id).collect())
}

/// Records one case: the visit (taking up `finding` if given), its handling
/// and any revisit.
fn record(l: &mut Ledger, (visit_of, handling, revisit_on): &CaseSpec, finding: Option<&str>) -> Result<String> {
    let added = match finding {
        Some(f) => dispatch(l, "finding_to_case", json!({"id": f, "visit": visit(*visit_of)}))?,
        None => dispatch(l, "visit_add", visit(*visit_of))?,
    };
    let case = id(&added);
    handle(l, &case, handling)?;
    if let Some((on, satisfaction)) = revisit_on {
        revisit(l, &case, on, satisfaction)?;
    }
    Ok(case)
}

/// Records seed 003's half-year in `store`, a new ledger, as the township 路居镇.
pub fn seed_003(store: Store) -> Result<Seed003> {
    let mut ledger = Ledger::new(store, at(SEED_003_NOW));
    let l = &mut ledger;
    dispatch(l, "device_init", json!({"role": "township", "name": TOWNSHIP}))?;

    let mut received = Vec::new();
    for spec in cases() {
        received.push((spec.0[0], record(l, &spec, None)?));
    }

    // A dispute found at the end of 2008: not this half-year's.
    round(l, "2008-12-29", "township", TOWNSHIP, &[("农田水利", "中坝、下坝两组争用灌溉沟渠用水。")])?;
    let (mut screened, mut in_progress) = (Vec::new(), Vec::new());
    for (held_on, scope, name, findings) in rounds() {
        let pairs: Vec<(&str, &str)> = findings.iter().map(|(c, s, _)| (*c, *s)).collect();
        let ids = round(l, held_on, scope, name, &pairs)?;
        for (id, (_, _, resolved_on)) in ids.iter().zip(&findings) {
            if let Some(on) = resolved_on {
                dispatch(l, "finding_resolve", json!({"id": id, "on": on}))?;
            }
            if resolved_on.is_none_or(|on| on > SEED_003_TO) {
                in_progress.push(id.clone());
            }
        }
        screened.extend(ids);
    }

    // Found on 8 April and mediated the same day: taken up as a case (a
    // visit), settled on the spot with a three-term agreement.
    let (held_on, scope, name, findings) = taken_up_round();
    let found = round(l, held_on, scope, name, &[(findings[0].0, findings[0].1)])?;
    let spec = taken_up_case();
    let case = record(l, &spec, Some(&found[0]))?;
    received.push((spec.0[0], case));
    screened.extend(found);
    received.sort();
    let received: Vec<String> = received.into_iter().map(|(_, id)| id).collect();

    // Registered twice by mistake, and voided.
    let voided = id(&dispatch(l, "visit_add", visit(cases()[4].0))?);
    dispatch(l, "case_void", json!({"id": voided, "reason": "重复登记", "actor": CLERK}))?;

    // July: a new case, a repeat visit from the dissatisfied worker, and a revisit.
    let july = id(&dispatch(
        l,
        "visit_add",
        visit([
            "2009-07-02T10:00:00+08:00",
            "phone",
            "中坝村",
            "中坝组",
            "马建国",
            "环境/水源",
            "来电反映饮用水源上游新建桶装水厂，担心水源受污染。",
        ]),
    )?);
    let mut again = visit([
        "2009-07-06T09:00:00+08:00",
        "visit",
        "红石岩村",
        "红石岩组",
        "刘德才",
        "劳资/欠薪",
        "再次反映务工工资仍未追回。",
    ]);
    // The sixth case received is the unpaid worker's, dissatisfied at the revisit.
    again["repeat_of"] = json!(received[5]);
    dispatch(l, "visit_add", again)?;
    // The tenth, the quarry dust, is first revisited in July.
    revisit(l, &received[9], "2009-07-05", "satisfied")?;

    Ok(Seed003 { ledger, received, voided, july, screened, in_progress })
}

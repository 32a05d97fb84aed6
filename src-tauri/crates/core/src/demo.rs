//! The demo ledger (演示台账) for training: a village device named
//! [`VILLAGE`] with made-up residents and the situations of a real village's
//! petition work — a land boundary dispute and a grave on contracted land
//! mediated to signed agreements, unpaid wages carried to the township, a
//! 低保 complaint by letter, a neighbour's drainage, a collective visit with
//! five representatives, a repeat visit, one matter left past its time limit,
//! and screening rounds with a zero report and a finding.
//!
//! Everything is recorded through [`dispatch`], as a liaison would, so the
//! demo has the rows, deadlines and change log of a real ledger and every
//! screen works on it. Dates count back from the clock's today, so the demo
//! always looks current (something overdue on 工作台, a screening due).
//!
//! The core does not know where the demo lives or how it is removed: the
//! desktop shell keeps it in a file of its own beside the real ledger and
//! deletes that file when training ends.

use crate::clock::Clock;
use crate::commands::{Ledger, dispatch};
use crate::domain::identity::IdNumber;
use crate::error::Result;
use crate::store::Store;
use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

/// The demo device's name: says on every screen and printout that it is not a real village.
pub const VILLAGE: &str = "演示村";
const LIAISON: &str = "演示信访员";
const MEDIATOR: &str = "演示调解员";

/// Fills the empty `store` with the demo ledger, dated from `clock`'s today,
/// and returns it open on that clock. A store that already has a device is
/// refused by `device_init`, so a real ledger can never receive the demo.
pub fn fill(store: Store, clock: Clock) -> Result<Ledger> {
    let mut demo = Demo { ledger: Ledger::new(store, clock), today: clock.today() };
    demo.call("device_init", json!({"role": "village", "name": VILLAGE}))?;
    demo.record()?;
    Ok(demo.ledger)
}

/// A made-up resident of the demo village.
struct Resident {
    name: &'static str,
    /// Birth date (YYYYMMDD) and the three-digit sequence (odd = male) of
    /// the ID number; `None` for someone who gave none.
    born: Option<(&'static str, &'static str)>,
    /// The last digit of a 1380000000x phone number.
    phone: Option<u8>,
    group: &'static str,
}

impl Resident {
    fn petitioner(&self) -> Value {
        let mut p = json!({"name": self.name, "village": VILLAGE, "group": self.group});
        if let Some((born, seq)) = self.born {
            p["id_number"] = json!(id_number(born, seq));
        }
        if let Some(n) = self.phone {
            p["phone"] = json!(format!("1380000000{n}"));
        }
        p
    }
}

/// A fictitious ID number: area code 999999, which no region has, then the
/// birth date and sequence, and the one check character of the eleven that
/// the core's own validation accepts (so it never drifts from the rule).
fn id_number(born: &str, seq: &str) -> String {
    let first17 = format!("999999{born}{seq}");
    "0123456789X"
        .chars()
        .map(|c| format!("{first17}{c}"))
        .find(|candidate| IdNumber::parse(candidate).is_ok())
        .unwrap_or(first17)
}

const ZHANG: Resident = Resident { name: "张三", born: Some(("19650312", "011")), phone: Some(1), group: "一组" };
const LI: Resident = Resident { name: "李四", born: Some(("19700825", "013")), phone: Some(2), group: "一组" };
const WANG: Resident = Resident { name: "王五", born: Some(("19820106", "015")), phone: Some(3), group: "二组" };
const ZHAO: Resident = Resident { name: "赵六", born: Some(("19580419", "024")), phone: Some(4), group: "二组" };
const QIAN: Resident = Resident { name: "钱七", born: Some(("19771130", "017")), phone: Some(5), group: "三组" };
const SUN: Resident = Resident { name: "孙八", born: Some(("19630702", "019")), phone: Some(6), group: "三组" };
const ZHOU: Resident = Resident { name: "周九", born: Some(("19900214", "026")), phone: Some(7), group: "四组" };
const WU: Resident = Resident { name: "吴十", born: Some(("19550920", "031")), phone: Some(8), group: "二组" };
const ZHENG: Resident = Resident { name: "郑甲", born: None, phone: Some(9), group: "一组" };
/// The five representatives of the collective visit (30 people came).
const REPRESENTATIVES: [&str; 5] = ["冯乙", "陈丙", "褚丁", "卫戊", "蒋己"];

struct Demo {
    ledger: Ledger,
    today: NaiveDate,
}

impl Demo {
    fn call(&mut self, name: &str, args: Value) -> Result<Value> {
        dispatch(&mut self.ledger, name, args)
    }

    /// The day `n` days before today.
    fn ago(&self, n: u64) -> NaiveDate {
        self.today.checked_sub_days(Days::new(n)).unwrap_or(self.today)
    }

    /// Records a visit received `days_ago` (never today: a time later today
    /// would be in the future and refused) and returns its case id.
    fn visit(&mut self, days_ago: u64, mut visit: Value) -> Result<String> {
        visit["received_at"] = json!(format!("{}T09:30:00+08:00", self.ago(days_ago.max(1))));
        visit["received_by"] = json!(LIAISON);
        let added = self.call("visit_add", visit)?;
        Ok(added["case_id"].as_str().unwrap_or_default().to_owned())
    }

    fn step(&mut self, case: &str, transition: Value, days_ago: u64, note: &str) -> Result<()> {
        let args = json!({"id": case, "transition": transition, "on": self.ago(days_ago).to_string(),
            "actor": LIAISON, "note": note});
        self.call("case_transition", args).map(drop)
    }

    /// The id of the case's first petitioner, as a party to its agreement.
    fn first_person(&mut self, case: &str) -> Result<Value> {
        Ok(self.call("case_show", json!({"id": case}))?["people"][0]["id"].clone())
    }

    /// A written agreement between the case's first petitioner and `other`,
    /// drafted and signed `days_ago`; returns its id.
    fn agreement(&mut self, case: &str, other: &Resident, mut content: Value, days_ago: u64) -> Result<Value> {
        let other = self.call("person_add", other.petitioner())?["id"].clone();
        content["party_ids"] = json!([self.first_person(case)?, other]);
        content["copies"] = json!(3);
        content["mediators"] = json!([MEDIATOR]);
        content["recorder"] = json!(LIAISON);
        let draft = self.call(
            "agreement_draft",
            json!({"case_id": case, "form": "written", "content": content, "actor": MEDIATOR}),
        )?;
        let id = draft["agreement"]["id"].clone();
        let signed_on = self.ago(days_ago).to_string();
        self.call("agreement_sign", json!({"id": id, "signed_on": signed_on, "actor": MEDIATOR}))?;
        Ok(id)
    }

    fn record(&mut self) -> Result<()> {
        // Registered in the order received, so the case numbers follow the dates.
        // 1. Drinking water upstream (seed situation 4): carried up, extended,
        // answered and revisited, the next revisit set.
        let water = self.visit(
            50,
            json!({"channel": "online", "petitioners": [LI.petitioner()],
            "category": "环境/水源", "request": "反映上游新建桶装水厂取水，担心本组饮用水源不够，要求核查。"}),
        )?;
        self.step(&water, json!({"action": "commission"}), 49, "签订双向承诺书")?;
        self.step(&water, json!({"action": "carry_up"}), 48, "代为向镇水务站反映")?;
        self.step(
            &water,
            json!({"action": "extend", "days": 30, "reason": "需水务部门测定水量"}),
            40,
            "已告知延期理由",
        )?;
        self.step(&water, json!({"action": "feed_back"}), 12, "水厂限量取水并修建蓄水池，已告知信访人")?;
        self.call(
            "revisit_add",
            json!({"case_id": water, "visited_on": self.ago(3).to_string(), "method": "phone",
            "visitor": LIAISON, "visitee": LI.name, "satisfaction": "mostly_satisfied",
            "next_due_on": self.today.checked_add_days(Days::new(27)).unwrap_or(self.today).to_string()}),
        )?;

        // 2. A family buried its dead on another household's contracted land
        // (seed situation 2): agreement signed, performed, revisited, the
        // resident satisfied and closed.
        let grave = self.visit(
            40,
            json!({"channel": "visit", "petitioners": [WANG.petitioner()],
            "category": "坟地/丧葬", "request": "反映吴十家未经同意在自家承包地内安葬亲属，要求迁坟或补偿。",
            "facts": "吴十家上月在王五承包地边安葬亲属，未与王五协商。"}),
        )?;
        self.step(&grave, json!({"action": "settle_on_spot"}), 38, "会同司法所调解")?;
        let content = json!({"facts": "吴十家未经同意在王五承包地内安葬亲属，王五要求迁坟，双方发生争议。",
            "responsibilities": "吴十家未经承包户同意占地安葬，应予补偿。",
            "terms": ["吴十一次性补偿王五土地款2600元。",
                "吴十家今后不得再在该地块安葬。",
                "王五今后在该地块建房，房屋距坟墓不少于1米，坟前留出不少于2米。"],
            "performance": "补偿款于签订协议之日当场付清。"});
        let signed = self.agreement(&grave, &WU, content, 38)?;
        self.call(
            "revisit_add",
            json!({"case_id": grave, "agreement_id": signed,
            "visited_on": self.ago(25).to_string(), "method": "in_person", "visitor": LIAISON, "visitee": WANG.name,
            "performance": "补偿款已当场付清，未再安葬。", "satisfaction": "satisfied", "stopped": true}),
        )?;
        self.step(&grave, json!({"action": "close", "outcome": "stopped"}), 25, "协议已履行，当事人满意，息访息诉")?;

        // 3. Unpaid wages, commissioned and carried to the township's labour office.
        let wages = self.visit(
            30,
            json!({"channel": "phone", "petitioners": [SUN.petitioner()],
            "category": "劳资/欠薪", "request": "反映在县城建筑工地务工，包工头拖欠工资8600元，要求协助追讨。"}),
        )?;
        self.step(&wages, json!({"action": "commission"}), 29, "签订双向承诺书")?;
        self.step(&wages, json!({"action": "carry_up"}), 28, "代为向镇劳动保障所反映")?;
        // … and the same resident comes back about it: a repeat visit, on the same case.
        self.visit(
            7,
            json!({"channel": "visit", "petitioners": [SUN.petitioner()], "category": "劳资/欠薪",
            "request": "再次反映工地欠薪问题，询问追讨进展。", "repeat_of": wages}),
        )?;

        // 4. A 低保 complaint by letter: carried up, the answer fed back, revisit due.
        let dibao = self.visit(
            25,
            json!({"channel": "letter", "petitioners": [ZHAO.petitioner()],
            "category": "民政救助", "request": "来信反映本组低保评议不公开，自家困难未被评上，要求重新评议。"}),
        )?;
        self.step(&dibao, json!({"action": "commission"}), 22, "签订双向承诺书")?;
        self.step(&dibao, json!({"action": "carry_up"}), 21, "代为向镇民政办反映")?;
        self.step(&dibao, json!({"action": "feed_back"}), 5, "镇民政办答复：下月重新公开评议，已告知来信人")?;

        // 5. Left waiting past the 15-day limit for telling the resident
        // whether it is accepted: the overdue item on 工作台.
        self.visit(
            20,
            json!({"channel": "visit", "petitioners": [ZHOU.petitioner()], "category": "农田水利",
            "request": "反映灌溉渠年久失修漏水，下游田地放不上水，要求维修。"}),
        )?;

        // 6. Support of an elderly parent by letter, directed to the legal route.
        let support = self.visit(
            15,
            json!({"channel": "letter", "petitioners": [ZHENG.petitioner()],
            "category": "婚姻家庭", "request": "来信反映子女不履行赡养义务，要求每月支付赡养费。"}),
        )?;
        self.step(&support, json!({"action": "direct_to_legal_route"}), 14, "告知可向法院起诉或申请法律援助")?;

        // 7. A truck damaged a yard: settled on the spot and closed.
        let yard = self.visit(
            9,
            json!({"channel": "phone", "petitioners": [ZHANG.petitioner()],
            "category": "损害赔偿", "request": "反映拉石料的货车压坏自家院坝，要求车主赔偿修补。"}),
        )?;
        self.step(&yard, json!({"action": "settle_on_spot"}), 8, "车主当场同意出资修补")?;
        self.step(&yard, json!({"action": "close", "outcome": "resolved"}), 8, "院坝已修补")?;

        // 8. A contracted-land boundary dispute, mediated in the village a
        // few days ago: signed agreement, revisit still to come.
        let boundary = self.visit(
            6,
            json!({"channel": "visit", "petitioners": [ZHANG.petitioner()],
            "category": "土地承包",
            "request": "反映邻户李四耕种时越过承包地界，占用自家地约半分，要求按承包合同重新确定地界。",
            "facts": "经查看承包合同附图，两户地界石已被犁翻，界线不清。",
            "measures": "约双方到村委会调解，请村民小组长现场指认地界。"}),
        )?;
        self.step(&boundary, json!({"action": "settle_on_spot"}), 4, "本级调处：双方到场，现场指认地界")?;
        let content = json!({"facts": "张三与李四承包地相邻，地界石被犁翻后，李四耕种时越界约半分，双方发生争议。",
            "responsibilities": "地界石缺失是争议起因；李四越界耕种，应退还所占土地。",
            "terms": ["双方按承包合同附图重新确定地界，由村民小组长现场指认。",
                "地界确定后共同埋设水泥界桩两根，费用各半。",
                "李四退还越界耕种的土地，今年所种作物收割后交还。"],
            "performance": "界桩于签订协议后七日内埋设；土地于本季作物收割后交还。"});
        self.agreement(&boundary, &LI, content, 4)?;

        // 9. A neighbour's drainage, just registered.
        self.visit(
            2,
            json!({"channel": "visit", "petitioners": [QIAN.petitioner()], "category": "邻里纠纷",
            "request": "反映邻居修院坝堵住排水沟，下雨时雨水流进自家院内，要求疏通。"}),
        )?;

        // 10. A collective visit (seed situation 3): 30 people, five representatives.
        let reps: Vec<Value> = REPRESENTATIVES
            .iter()
            .map(|n| json!({"name": n, "village": VILLAGE, "group": "四组", "representative": true}))
            .collect();
        let canal = self.visit(
            2,
            json!({"channel": "visit", "petitioners": reps, "headcount": 30,
            "category": "工程建设", "urgency": "urgent",
            "request": "反映水渠施工方把弃土倒在四组农田里，约一百亩地无法耕种，要求清运并赔偿。",
            "measures": "当天下午联系施工方负责人到现场查看。"}),
        )?;
        self.step(&canal, json!({"action": "commission"}), 2, "与代表签订双向承诺书")?;
        self.step(&canal, json!({"action": "carry_up"}), 1, "代为向镇政府反映，镇里已责成施工方清运")?;

        // Screening rounds: one with nothing found (零报告), the latest with a
        // dispute still being settled, so the next round is due today.
        self.call(
            "screening_add",
            json!({"held_on": self.ago(6).to_string(), "scope": "village",
            "scope_name": VILLAGE, "screened_by": LIAISON, "nothing_found": true}),
        )?;
        self.call(
            "screening_add",
            json!({"held_on": self.ago(3).to_string(), "scope": "village",
            "scope_name": VILLAGE, "screened_by": LIAISON, "findings": [{"category": "房屋宅基地",
            "summary": "三组两户因建房围墙位置发生口角，已劝双方暂停施工。", "parties": "三组两户村民"}]}),
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::china;
    use chrono::{DateTime, NaiveTime, TimeZone, Utc};

    /// The clock at `hour` o'clock China time on `day`.
    fn at(day: &str, hour: u32) -> Clock {
        let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        let local = china().from_local_datetime(&d.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap())).unwrap();
        Clock::Fixed(DateTime::<Utc>::from(local))
    }

    fn call(l: &mut Ledger, name: &str, args: Value) -> Value {
        dispatch(l, name, args.clone()).unwrap_or_else(|e| panic!("{name} {args}: {e}"))
    }

    fn cases(l: &mut Ledger) -> Vec<Value> {
        call(l, "case_list", json!({"limit": 500}))["items"].as_array().unwrap().clone()
    }

    #[test]
    fn the_demo_is_a_whole_working_village_ledger() {
        // Early in the morning: nothing may be dated later today.
        let mut l = fill(Store::in_memory().unwrap(), at("2026-05-06", 7)).unwrap();
        let device = call(&mut l, "device_show", json!({}));
        assert_eq!(device["device"]["name"], VILLAGE);
        assert_eq!(device["device"]["role"], "village");

        let list = cases(&mut l);
        assert_eq!(call(&mut l, "case_list", json!({}))["total"], 10);
        assert_eq!(list.len(), 10);
        // Numbered in the order received, as a liaison's own ledger is.
        let mut by_number: Vec<(u32, &str)> = list
            .iter()
            .map(|c| {
                let n = c["number"].as_str().unwrap().rsplit('第').next().unwrap().trim_end_matches('号');
                (n.parse().unwrap(), c["received_at"].as_str().unwrap())
            })
            .collect();
        by_number.sort();
        assert!(by_number.windows(2).all(|w| w[0].1 <= w[1].1), "{by_number:?}");

        let (mut signed, mut satisfied, mut repeat, mut collective, mut steps) = (0, 0, 0, 0, Vec::new());
        for c in &list {
            let d = call(&mut l, "case_show", json!({"id": c["id"]}));
            let case = &d["case"];
            steps.push(format!("{}/{}/{}", case["step"], case["route"], case["outcome"]));
            signed +=
                d["agreements"].as_array().unwrap().iter().filter(|a| a["agreement"]["status"] == "signed").count();
            satisfied += d["revisits"].as_array().unwrap().iter().filter(|r| r["satisfaction"] == "satisfied").count();
            repeat += usize::from(d["visits"].as_array().unwrap().len() > 1);
            collective += usize::from(d["people"].as_array().unwrap().len() == REPRESENTATIVES.len());
        }
        assert_eq!(signed, 2, "the boundary and the grave agreements are signed");
        assert_eq!(satisfied, 1);
        assert_eq!(repeat, 1, "the wages case has its repeat visit");
        assert_eq!(collective, 1);
        steps.sort();
        steps.dedup();
        assert!(steps.len() >= 6, "cases at many points of the five steps: {steps:?}");

        let today = call(&mut l, "today", json!({}));
        assert!(today["overdue"].as_u64().unwrap() >= 1, "{today}");
        let items = today["items"].as_array().unwrap();
        assert!(
            items.iter().any(|i| i["deadline"]["rule"] == "accept" && i["deadline"]["state"] == "overdue"),
            "{today}"
        );

        let rounds = call(&mut l, "screening_list", json!({}))["rounds"].as_array().unwrap().clone();
        assert_eq!(rounds.len(), 2);
        assert!(rounds.iter().any(|r| r["round"]["nothing_found"] == true));
        assert!(rounds.iter().any(|r| r["findings"].as_array().unwrap().len() == 1));

        let chain = call(&mut l, "chain_verify", json!({}));
        assert!(chain["devices"][0]["entries"].as_i64().unwrap() > 0, "{chain}");
    }

    #[test]
    fn the_demo_is_dated_from_the_clocks_today() {
        let mut l = fill(Store::in_memory().unwrap(), at("2031-11-20", 16)).unwrap();
        let received: Vec<String> =
            cases(&mut l).iter().map(|c| c["received_at"].as_str().unwrap()[..10].to_owned()).collect();
        assert!(received.iter().all(|d| ("2031-09-01".."2031-11-20").contains(&d.as_str())), "{received:?}");
        assert!(received.iter().any(|d| d == "2031-11-18"), "{received:?}");
    }

    #[test]
    fn every_demo_id_number_passes_the_core_check_and_is_from_no_region() {
        for r in [ZHANG, LI, WANG, ZHAO, QIAN, SUN, ZHOU, WU] {
            let (born, seq) = r.born.unwrap();
            let id = id_number(born, seq);
            assert!(IdNumber::parse(&id).is_ok(), "{id}");
            assert!(id.starts_with("999999"), "{id}");
        }
    }

    #[test]
    fn a_ledger_that_already_has_a_device_is_refused() {
        let mut l = Ledger::new(Store::in_memory().unwrap(), at("2026-05-06", 10));
        call(&mut l, "device_init", json!({"role": "village", "name": "石岩哨村"}));
        assert!(fill(l.store, at("2026-05-06", 10)).is_err());
    }
}

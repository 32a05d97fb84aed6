//! Every workflow of the liaison's desk (issue 3), scripted headless through
//! the real `xinfang` binary: `xinfang init` once, then only
//! `xinfang call NAME --json ARGS`, on a temporary ledger with the clock fixed
//! by `XINFANG_NOW`. Each refusal must exit 1 with one Chinese line on stderr
//! and leave the ledger exactly as it was; each workflow ends with the
//! change-log hash chain intact.
//!
//! The CLI prints a refusal's message, not its `kind` or `field`, so where the
//! desk marks a field (e.g. `petitioners`, `findings`) these tests check the
//! field's label at the head of the message (代表：, 排查结果：).

use serde_json::{Value, json};
use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_xinfang");

/// A resident whose ID number is valid (female, born 1949-12-31).
const ZHANG_ID: &str = "11010519491231002X";
/// Another valid ID number (male, born 1965-03-12).
const WANG_ID: &str = "530381196503120019";
/// Another valid ID number (female, born 1970-05-08).
const ZHAO_ID: &str = "530381197005080020";

const LAND_REQUEST: &str = "反映承包地被他人占用葬坟，要求处理。";

/// A temporary ledger and the day its clock stands on. Each call moves the
/// clock on by one second within the day, so records made on the same day
/// still have a strict order.
struct Desk {
    _dir: tempfile::TempDir,
    db: PathBuf,
    day: RefCell<String>,
    tick: Cell<u32>,
}

impl Desk {
    /// `xinfang init --role village --name 石岩哨村` on `day` (YYYY-MM-DD).
    fn new(day: &str) -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("ledger.sqlite3");
        let desk = Desk { _dir: dir, db, day: RefCell::new(day.to_owned()), tick: Cell::new(0) };
        let out = desk.run(&["init", "--role", "village", "--name", "石岩哨村"]);
        assert!(out.status.success(), "init failed: {}", String::from_utf8_lossy(&out.stderr));
        desk
    }

    /// Moves the clock to another day (17:00 China time).
    fn set_day(&self, day: &str) {
        *self.day.borrow_mut() = day.to_owned();
        self.tick.set(0);
    }

    fn now(&self) -> String {
        let t = self.tick.get();
        self.tick.set(t + 1);
        format!("{}T{:02}:{:02}:{:02}+08:00", self.day.borrow(), 17 + t / 3600, t / 60 % 60, t % 60)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN).args(args).env("XINFANG_DB", &self.db).env("XINFANG_NOW", self.now()).output().unwrap()
    }

    fn call_raw(&self, name: &str, args: &Value) -> Output {
        self.run(&["call", name, "--json", &args.to_string()])
    }

    /// `xinfang call NAME --json ARGS`, which must succeed; its JSON result.
    fn call(&self, name: &str, args: Value) -> Value {
        let out = self.call_raw(name, &args);
        assert!(out.status.success(), "{name} {args} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{name}: output is not JSON: {e}"))
    }

    /// `xinfang call NAME --json ARGS`, which must be refused: exit code 1,
    /// nothing on stdout, one line on stderr starting 错误：. Returns the
    /// message after 错误：.
    fn refuse(&self, name: &str, args: Value) -> String {
        let out = self.call_raw(name, &args);
        assert_eq!(out.status.code(), Some(1), "{name} {args} should be refused with exit code 1");
        assert!(out.stdout.is_empty(), "a refusal prints nothing on stdout");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "one line on stderr: {err}");
        let msg = err.trim_end().strip_prefix("错误：").unwrap_or_else(|| panic!("starts with 错误：: {err}"));
        assert!(msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "a Chinese message: {err}");
        msg.to_owned()
    }

    /// Refused like [`Desk::refuse`], the message containing `needle`, and
    /// the ledger unchanged (same change log, same ledger, same case page).
    fn refuse_unchanged(&self, name: &str, args: Value, needle: &str, case_id: Option<&str>) -> String {
        let before = self.snapshot(case_id);
        let msg = self.refuse(name, args);
        assert!(msg.contains(needle), "“{msg}” should mention “{needle}”");
        assert_eq!(self.snapshot(case_id), before, "{name} was refused but changed the ledger");
        msg
    }

    /// What a refusal must not change: the change log (every write appends to
    /// it), the whole ledger list, and the case page.
    fn snapshot(&self, case_id: Option<&str>) -> Value {
        json!({
            "log": self.call("chain_verify", json!({})),
            "cases": self.call("case_list", json!({"status": "all", "limit": 500})),
            "voided": self.call("case_list", json!({"status": "voided", "limit": 500})),
            "screening": self.call("screening_list", json!({})),
            "case": case_id.map(|id| self.show(id)),
        })
    }

    fn show(&self, id: &str) -> Value {
        self.call("case_show", json!({ "id": id }))
    }

    fn transition(&self, id: &str, transition: Value, on: &str, actor: &str, note: &str) -> Value {
        self.call(
            "case_transition",
            json!({"id": id, "transition": transition, "on": on, "actor": actor, "note": note}),
        )
    }

    /// The hash chain verifies; returns how many change-log entries it holds.
    fn chain_ok(&self) -> i64 {
        let check = self.call("chain_verify", json!({}));
        let devices = check["devices"].as_array().unwrap();
        assert_eq!(devices.len(), 1, "one device wrote this ledger: {check}");
        let entries = devices[0]["entries"].as_i64().unwrap();
        assert!(entries > 0, "{check}");
        entries
    }
}

fn petitioner(name: &str, id_number: Option<&str>, group: &str) -> Value {
    let mut p = json!({"name": name, "village": "石岩哨村", "group": group});
    if let Some(id) = id_number {
        p["id_number"] = id.into();
    }
    p
}

fn visit(received_at: &str, petitioners: Value, category: &str, request: &str) -> Value {
    let headcount = petitioners.as_array().unwrap().len();
    json!({"channel": "visit", "received_at": received_at, "petitioners": petitioners, "headcount": headcount,
           "category": category, "request": request, "received_by": "李某"})
}

fn strs(v: &Value, key: &str) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x[key].as_str().unwrap_or_default().to_owned()).collect()
}

/// The timeline as (action, day, actor).
fn timeline(detail: &Value) -> Vec<(String, String, String)> {
    detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_owned();
            (s("action"), s("happened_on"), s("actor"))
        })
        .collect()
}

fn events(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    list.iter().map(|(a, d, w)| (a.to_string(), d.to_string(), w.to_string())).collect()
}

fn deadline<'a>(detail: &'a Value, rule: &str) -> &'a Value {
    detail["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} deadline in {}", detail["deadlines"]))
}

/// 登记 → 委托 → 代言代访 → 反馈结果 → 回访 → 结案, each step on its day and
/// by its person; a revisit before the answer is fed back is refused.
#[test]
fn five_steps_from_intake_to_closed() {
    let desk = Desk::new("2026-05-06");
    let added = desk.call(
        "visit_add",
        visit(
            "2026-04-20T09:30:00+08:00",
            json!([petitioner("张某某", Some(ZHANG_ID), "大营头组")]),
            "土地承包",
            LAND_REQUEST,
        ),
    );
    assert_eq!(added["case_number"], "石岩哨村信〔2026〕第1号");
    assert_eq!(added["repeat"], false);
    let id = added["case_id"].as_str().unwrap();

    let d = desk.transition(id, json!({"action": "commission"}), "2026-04-22", "李某", "约定30日内反馈结果");
    assert_eq!(
        (d["case"]["step"].as_str(), d["case"]["accepted_on"].as_str()),
        (Some("commissioned"), Some("2026-04-22"))
    );
    let d = desk.transition(id, json!({"action": "carry_up"}), "2026-04-24", "李某", "代为向镇自然资源所反映");
    assert_eq!(d["case"]["step"], "carried_up");

    // Not yet handled: a revisit is refused, through revisit_add and through
    // the old transition alike, and nothing is written.
    let revisit = json!({"case_id": id, "visited_on": "2026-05-06", "method": "phone", "visitor": "王某",
                         "visitee": "张某某", "performance": "占地已退还", "satisfaction": "satisfied", "stopped": true});
    desk.refuse_unchanged("revisit_add", revisit.clone(), "不能回访", Some(id));
    desk.refuse_unchanged(
        "case_transition",
        json!({"id": id, "transition": {"action": "revisit"}, "actor": "王某"}),
        "登记回访",
        Some(id),
    );
    // Closing before the answer is fed back is refused too.
    desk.refuse_unchanged(
        "case_transition",
        json!({"id": id, "transition": {"action": "close", "outcome": "stopped"}, "actor": "李某"}),
        "不能结案",
        Some(id),
    );

    let d = desk.transition(id, json!({"action": "feed_back"}), "2026-04-30", "李某", "镇自然资源所责令退还占地");
    assert_eq!((d["case"]["step"].as_str(), d["case"]["handled_on"].as_str()), (Some("fed_back"), Some("2026-04-30")));
    let d = desk.call("revisit_add", revisit);
    assert_eq!(
        (d["case"]["step"].as_str(), d["case"]["revisited_on"].as_str()),
        (Some("revisited"), Some("2026-05-06"))
    );
    let r = &d["revisits"][0];
    assert_eq!(
        (r["visitor"].as_str(), r["visitee"].as_str(), r["method"].as_str()),
        (Some("王某"), Some("张某某"), Some("phone"))
    );
    assert_eq!((r["satisfaction"].as_str(), r["stopped"].as_bool()), (Some("satisfied"), Some(true)));
    let d = desk.transition(id, json!({"action": "close", "outcome": "stopped"}), "2026-05-06", "李某", "息访息诉");
    assert_eq!((d["case"]["outcome"].as_str(), d["case"]["closed_on"].as_str()), (Some("stopped"), Some("2026-05-06")));

    let d = desk.show(id);
    assert_eq!(
        timeline(&d),
        events(&[
            ("register", "2026-04-20", "李某"),
            ("commission", "2026-04-22", "李某"),
            ("carry_up", "2026-04-24", "李某"),
            ("feed_back", "2026-04-30", "李某"),
            ("revisit", "2026-05-06", "王某"),
            ("close", "2026-05-06", "李某"),
        ])
    );
    assert_eq!(d["events"][1]["note"], "信访人与代理人签订双向承诺书；约定30日内反馈结果");
    assert_eq!(d["events"][4]["note"], "回访张某某");
    // Every deadline was met: accepted in 15 days, handled in 60, revisited in 15 after.
    for (rule, due) in [("accept", "2026-05-05"), ("handle", "2026-06-19"), ("revisit", "2026-05-15")] {
        let dl = deadline(&d, rule);
        assert_eq!((dl["due_on"].as_str(), dl["state"].as_str()), (Some(due), Some("met")), "{rule}: {dl}");
        assert_eq!(dl["state_label"], "按期完成");
    }
    assert_eq!(d["deadlines"].as_array().unwrap().len(), 3, "{}", d["deadlines"]);
    // Closed and on time: not in the overdue list, nothing for it on Today.
    assert_eq!(desk.call("case_list", json!({"overdue": true}))["total"], 0);
    assert_eq!(desk.call("case_list", json!({"status": "closed"}))["items"][0]["id"], id);
    let today = desk.call("today", json!({}));
    assert!(today["items"].as_array().unwrap().iter().all(|i| i["case_id"] != id), "{today}");
    desk.chain_ok();
}

/// 登记 → 本级调处 → 调解协议（两方当事人）→ 签订编号 → 已签订不能修改 →
/// 更正生成第2版 → 签订第2版（同一编号，原版已被更正）→ 回访协议履行。
#[test]
fn settled_by_mediation_agreement_signed_corrected_and_revisited() {
    let desk = Desk::new("2026-05-04");
    let request = "反映王某某未经同意在其承包地内安葬亲属，要求迁坟或赔偿。";
    let added = desk.call(
        "visit_add",
        visit(
            "2026-05-04T09:30:00+08:00",
            json!([petitioner("张某某", Some(ZHANG_ID), "大营头组")]),
            "土地承包",
            request,
        ),
    );
    let id = added["case_id"].as_str().unwrap();
    let d = desk.transition(id, json!({"action": "settle_on_spot"}), "2026-05-04", "李某", "村调委会现场调解");
    assert_eq!(
        (d["case"]["route"].as_str(), d["case"]["handled_on"].as_str()),
        (Some("settled_on_spot"), Some("2026-05-04"))
    );
    let zhang = d["visits"][0]["petitioners"][0]["id"].as_str().unwrap().to_owned();

    // The other party never came to petition: added as a person.
    let wang = desk.call("person_add", petitioner("王某某", Some(WANG_ID), "大营头组"));
    assert_eq!(
        (wang["name"].as_str(), wang["id_number_masked"].as_str()),
        (Some("王某某"), Some("530381********0019"))
    );
    assert!(wang.get("id_number").is_none(), "views never carry an unmasked ID number");
    let wang = wang["id"].as_str().unwrap().to_owned();

    let content = json!({
        "party_ids": [zhang, wang],
        "facts": "王某某未经张某某同意，在张某某承包地内安葬亲属，双方发生争议。",
        "responsibilities": "王某某未经同意占用他人承包地，应承担主要责任。",
        "terms": ["王某某一次性补偿张某某土地款2600元。", "张某某同意坟墓保留原处，今后不再就此事主张权利。"],
        "performance": "签订协议之日当场付清。",
        "copies": 3,
        "mediators": ["王调解"],
        "recorder": "李某"
    });
    let v1 =
        desk.call("agreement_draft", json!({"case_id": id, "form": "written", "content": content, "actor": "李某"}));
    assert_eq!((v1["agreement"]["status"].as_str(), v1["agreement"]["version"].as_u64()), (Some("draft"), Some(1)));
    assert_eq!(v1["agreement"]["number"], Value::Null, "a draft has no number yet");
    assert_eq!(strs(&v1["parties"], "name"), ["张某某", "王某某"]);
    let v1_id = v1["agreement"]["id"].as_str().unwrap().to_owned();
    // A second agreement on the same case is refused while this one lives.
    desk.refuse_unchanged(
        "agreement_draft",
        json!({"case_id": id, "form": "oral", "content": {}, "actor": "李某"}),
        "本件已有调解协议",
        Some(id),
    );

    let signed = desk.call("agreement_sign", json!({"id": v1_id, "actor": "王调解"}));
    let number = "（2026）石岩哨村人调字第1号";
    assert_eq!(signed["agreement"]["number"], number);
    assert_eq!(
        (signed["agreement"]["status"].as_str(), signed["status_label"].as_str()),
        (Some("signed"), Some("已签订"))
    );
    assert_eq!(signed["agreement"]["signed_on"], "2026-05-04");

    // Signed is locked: an edit is refused and changes nothing.
    let mut changed = content.clone();
    changed["terms"][0] = "王某某一次性补偿张某某土地款2800元。".into();
    desk.refuse_unchanged(
        "agreement_edit",
        json!({"id": v1_id, "form": "written", "content": changed}),
        "协议已签订，不能修改",
        Some(id),
    );

    // Two days later the amount is found to be a slip of the pen: a correction.
    desk.set_day("2026-05-06");
    desk.refuse_unchanged(
        "agreement_correct",
        json!({"id": v1_id, "reason": " ", "actor": "李某"}),
        "更正原因：不能为空",
        Some(id),
    );
    let v2 =
        desk.call("agreement_correct", json!({"id": v1_id, "reason": "补偿金额笔误，应为2800元", "actor": "李某"}));
    let a = &v2["agreement"];
    assert_eq!((a["version"].as_u64(), a["status"].as_str()), (Some(2), Some("draft")));
    assert_eq!((a["supersedes_id"].as_str(), a["number"].as_str()), (Some(v1_id.as_str()), Some(number)));
    assert_eq!(a["correction_reason"], "补偿金额笔误，应为2800元");
    let v2_id = a["id"].as_str().unwrap().to_owned();
    // Until the correction is signed, the first version still stands.
    assert_eq!(desk.call("agreement_show", json!({"id": v1_id}))["agreement"]["status"], "signed");
    let edited = desk.call("agreement_edit", json!({"id": v2_id, "form": "written", "content": changed}));
    assert_eq!(edited["agreement"]["content"]["terms"][0], "王某某一次性补偿张某某土地款2800元。");
    let signed2 = desk.call("agreement_sign", json!({"id": v2_id, "actor": "王调解"}));
    assert_eq!(
        (signed2["agreement"]["status"].as_str(), signed2["agreement"]["number"].as_str()),
        (Some("signed"), Some(number))
    );

    let d = desk.show(id);
    let versions = d["agreements"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "both versions stay in the file");
    let (old, new) = (&versions[0], &versions[1]);
    assert_eq!(
        (old["agreement"]["id"].as_str(), old["agreement"]["version"].as_u64()),
        (Some(v1_id.as_str()), Some(1))
    );
    assert_eq!(
        (old["agreement"]["status"].as_str(), old["status_label"].as_str()),
        (Some("superseded"), Some("已被更正"))
    );
    assert_eq!(old["agreement"]["content"]["terms"][0], "王某某一次性补偿张某某土地款2600元。");
    assert_eq!(
        (new["agreement"]["id"].as_str(), new["agreement"]["version"].as_u64()),
        (Some(v2_id.as_str()), Some(2))
    );
    assert_eq!(
        (new["agreement"]["status"].as_str(), new["agreement"]["signed_on"].as_str()),
        (Some("signed"), Some("2026-05-06"))
    );
    assert_eq!(old["agreement"]["number"], number);
    assert_eq!(new["agreement"]["number"], number);
    assert_eq!(strs(&new["parties"], "name"), ["张某某", "王某某"]);
    assert_eq!(strs(&d["people"], "name"), ["张某某", "王某某"], "the other party is one of the case's people");
    // The superseded version can be neither edited nor corrected again.
    desk.refuse_unchanged(
        "agreement_edit",
        json!({"id": v1_id, "form": "written", "content": content}),
        "已被更正",
        Some(id),
    );
    desk.refuse_unchanged(
        "agreement_correct",
        json!({"id": v1_id, "reason": "再改", "actor": "李某"}),
        "已被更正过",
        Some(id),
    );

    // The revisit checks the signed agreement, not the superseded one.
    let revisit = |agreement: &str| {
        json!({"case_id": id, "agreement_id": agreement, "method": "in_person", "visitor": "李某", "visitee": "张某某",
               "performance": "王某某已付清2800元", "satisfaction": "satisfied", "stopped": true})
    };
    let msg = desk.refuse_unchanged("revisit_add", revisit(&v1_id), "请选择本件已签订的有效协议", Some(id));
    assert!(msg.starts_with("调解协议："), "{msg}");
    let d = desk.call("revisit_add", revisit(&v2_id));
    assert_eq!(d["revisits"][0]["agreement_id"], v2_id.as_str());
    assert_eq!(d["case"]["step"], "revisited");

    assert_eq!(
        timeline(&d),
        events(&[
            ("register", "2026-05-04", "李某"),
            ("settle_on_spot", "2026-05-04", "李某"),
            ("agreement_draft", "2026-05-04", "李某"),
            ("agreement_sign", "2026-05-04", "王调解"),
            ("agreement_correct", "2026-05-06", "李某"),
            ("agreement_sign", "2026-05-06", "王调解"),
            ("revisit", "2026-05-06", "李某"),
        ])
    );
    let notes: Vec<&str> = d["events"].as_array().unwrap().iter().map(|e| e["note"].as_str().unwrap_or("")).collect();
    assert_eq!(notes[3], number);
    assert_eq!(notes[4], "补偿金额笔误，应为2800元");
    assert_eq!(notes[5], format!("{number} 第2版，更正第1版"));
    // Mediation done within the month; the court-confirmation window runs from
    // the signing of the version in force.
    let m = deadline(&d, "mediation");
    assert_eq!((m["from"].as_str(), m["state"].as_str()), (Some("2026-05-04"), Some("met")));
    let c = deadline(&d, "court_confirmation");
    assert_eq!(
        (c["from"].as_str(), c["due_on"].as_str(), c["days_left"].as_i64()),
        (Some("2026-05-06"), Some("2026-06-05"), Some(30))
    );
    assert_eq!(deadline(&d, "revisit")["state"], "met");
    desk.chain_ok();
}

/// A resident comes back: the earlier case is found by ID number and by the
/// request, and the visit joins it instead of opening a new case.
#[test]
fn a_repeat_visit_is_found_and_joined_to_its_case() {
    let desk = Desk::new("2026-05-06");
    let first = desk.call(
        "visit_add",
        visit(
            "2026-04-10T09:30:00+08:00",
            json!([petitioner("张某某", Some(ZHANG_ID), "大营头组")]),
            "土地承包",
            LAND_REQUEST,
        ),
    );
    let case_id = first["case_id"].as_str().unwrap();
    let other = desk.call(
        "visit_add",
        visit(
            "2026-04-12T10:00:00+08:00",
            json!([petitioner("赵某某", Some(ZHAO_ID), "小营组")]),
            "民政",
            "反映低保评定不公，要求重新评定。",
        ),
    );
    let again = "再次反映承包地被他人占用葬坟的问题，要求尽快处理";

    let similar = |petitioners: Value, request: &str| {
        desk.call("visit_similar", json!({"petitioners": petitioners, "request": request})).as_array().unwrap().clone()
    };
    // By ID number alone (a different matter).
    let found = similar(json!([petitioner("张某某", Some(ZHANG_ID), "大营头组")]), "咨询宅基地审批手续");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["case_id"], case_id);
    assert_eq!(found[0]["reasons"], json!(["同一信访人（身份证号码相同）"]));
    assert_eq!(
        (found[0]["case_number"].as_str(), found[0]["closed"].as_bool()),
        (Some("石岩哨村信〔2026〕第1号"), Some(false))
    );
    assert_eq!(found[0]["petitioners"], json!(["张某某"]));
    // By a similar request alone (someone else, no ID number).
    let found = similar(json!([{"name": "钱某"}]), again);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["case_id"], case_id);
    let reasons = found[0]["reasons"].as_array().unwrap();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    let reason = reasons[0].as_str().unwrap();
    assert!(reason.starts_with("诉求相似（") && reason.ends_with("%）"), "{reason}");
    // Both at once: the same case, both reasons; the unrelated case is not pointed out.
    let found = similar(json!([petitioner("张某某", Some(ZHANG_ID), "大营头组")]), again);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["case_id"], case_id);
    assert_eq!(found[0]["reasons"][0], "同一信访人（身份证号码相同）");
    assert!(found[0]["reasons"][1].as_str().unwrap().starts_with("诉求相似（"), "{}", found[0]["reasons"]);
    assert!(similar(json!([{"name": "孙某"}]), "要求修缮村委会门前道路").is_empty());

    // Linked: the visit joins the earlier case.
    let mut v = visit(
        "2026-05-06T08:30:00+08:00",
        json!([petitioner("张某某", Some(ZHANG_ID), "大营头组")]),
        "土地承包",
        again,
    );
    v["repeat_of"] = case_id.into();
    let joined = desk.call("visit_add", v);
    assert_eq!(joined["repeat"], true);
    assert_eq!(joined["case_id"], case_id);
    assert_eq!(joined["case_number"], "石岩哨村信〔2026〕第1号");

    let page = desk.call("case_list", json!({"text": "葬坟"}));
    assert_eq!(page["total"], 1, "one case, not two: {page}");
    assert_eq!((page["items"][0]["id"].as_str(), page["items"][0]["visits"].as_u64()), (Some(case_id), Some(2)));
    assert_eq!(desk.call("case_list", json!({}))["total"], 2, "the repeat opened no case");
    let d = desk.show(case_id);
    let visits = d["visits"].as_array().unwrap();
    assert_eq!(visits.len(), 2);
    assert_eq!((visits[0]["is_repeat"].as_bool(), visits[1]["is_repeat"].as_bool()), (Some(false), Some(true)));
    assert_eq!(visits[0]["petitioners"][0]["id"], visits[1]["petitioners"][0]["id"], "the same person on file");
    assert_eq!(timeline(&d), events(&[("register", "2026-04-10", "李某"), ("repeat_visit", "2026-05-06", "李某")]));
    assert_eq!(desk.call("person_find", json!({"text": ZHANG_ID})).as_array().unwrap().len(), 1);
    // The unrelated case is untouched.
    assert_eq!(desk.show(other["case_id"].as_str().unwrap())["visits"].as_array().unwrap().len(), 1);
    desk.chain_ok();
}

/// A collective visit: 30 people, 5 representatives recorded; 6 are refused.
#[test]
fn a_collective_visit_has_at_most_five_representatives() {
    let desk = Desk::new("2026-05-06");
    let reps = |names: &[&str]| -> Value {
        names
            .iter()
            .map(|n| json!({"name": n, "village": "石岩哨村", "group": "大营头组", "representative": true}))
            .collect()
    };
    let request = "反映水渠施工弃土压占农田约一百亩，要求清运并赔偿。";
    let mut v =
        visit("2026-05-06T08:00:00+08:00", reps(&["甲某", "乙某", "丙某", "丁某", "戊某"]), "征地拆迁", request);
    v["headcount"] = 30.into();
    let added = desk.call("visit_add", v.clone());
    let d = desk.show(added["case_id"].as_str().unwrap());
    let visit0 = &d["visits"][0];
    assert_eq!(visit0["headcount"], 30);
    assert_eq!(strs(&visit0["petitioners"], "name"), ["甲某", "乙某", "丙某", "丁某", "戊某"]);
    assert!(visit0["petitioners"].as_array().unwrap().iter().all(|p| p["representative"] == true));

    // Six representatives: refused, on the petitioners field (代表), nothing written.
    let mut six = v.clone();
    six["petitioners"] = reps(&["甲某", "乙某", "丙某", "丁某", "戊某", "己某"]);
    let msg = desk.refuse_unchanged("visit_add", six, "代表不超过 5 人（现为 6 人）", None);
    assert!(msg.starts_with("代表：30 人同一诉求为集体访"), "{msg}");
    // None chosen: refused the same way.
    let mut none = v;
    none["petitioners"] = json!([{"name": "甲某"}, {"name": "乙某"}]);
    let msg = desk.refuse_unchanged("visit_add", none, "现为 0 人", None);
    assert!(msg.starts_with("代表："), "{msg}");
    assert_eq!(desk.call("case_list", json!({}))["total"], 1);
    desk.chain_ok();
}

/// Screening rounds: a zero report; a round whose dispute becomes a case; a
/// round with neither is refused.
#[test]
fn screening_rounds_zero_report_and_a_dispute_that_becomes_a_case() {
    let desk = Desk::new("2026-05-06");
    let page = desk.call("screening_list", json!({}));
    assert!(page["rounds"].as_array().unwrap().is_empty());
    assert_eq!(
        (page["next_due"]["rule"].as_str(), page["next_due"]["due_on"].as_str()),
        (Some("village_screening"), Some("2026-05-09"))
    );

    let zero = desk.call(
        "screening_add",
        json!({"held_on": "2026-05-06", "scope": "village", "scope_name": "石岩哨村", "screened_by": "李某", "nothing_found": true}),
    );
    assert_eq!(
        (zero["round"]["nothing_found"].as_bool(), zero["findings"].as_array().map(Vec::len)),
        (Some(true), Some(0))
    );

    let round = desk.call(
        "screening_add",
        json!({"scope": "group", "scope_name": "大营头组", "screened_by": "李某", "findings": [
            {"category": "邻里纠纷", "summary": "张某与王某因排水沟堵塞、雨水流入院内发生争执", "parties": "张某、王某", "urgency": "pressing"},
            {"category": "婚姻家庭", "summary": "赵某夫妻因赡养老人发生口角"}
        ]}),
    );
    assert_eq!(round["round"]["held_on"], "2026-05-06");
    let findings = round["findings"].as_array().unwrap();
    assert_eq!(strs(&round["findings"], "status"), ["in_progress", "in_progress"]);
    let dispute = findings.iter().find(|f| f["category"] == "邻里纠纷").unwrap()["id"].as_str().unwrap().to_owned();
    let family = findings.iter().find(|f| f["category"] == "婚姻家庭").unwrap()["id"].as_str().unwrap().to_owned();

    let request = "张某反映王某排水沟堵塞，雨水流入院内，要求疏通。";
    let v = visit("2026-05-06T10:00:00+08:00", json!([petitioner("张某", None, "大营头组")]), "邻里纠纷", request);
    let added = desk.call("finding_to_case", json!({"id": dispute, "visit": v.clone()}));
    assert_eq!(
        (added["case_number"].as_str(), added["repeat"].as_bool()),
        (Some("石岩哨村信〔2026〕第1号"), Some(false))
    );
    let case_id = added["case_id"].as_str().unwrap();
    let d = desk.show(case_id);
    assert_eq!((d["case"]["request"].as_str(), d["case"]["step"].as_str()), (Some(request), Some("registered")));
    assert_eq!(d["case"]["group"], "大营头组");
    // Taken up once only.
    desk.refuse_unchanged("finding_to_case", json!({"id": dispute, "visit": v}), "已转为信访事项办理", Some(case_id));
    let resolved = desk.call("finding_resolve", json!({"id": family}));
    assert_eq!(resolved["round"]["id"], round["round"]["id"]);

    let page = desk.call("screening_list", json!({}));
    let rounds = page["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    let found: Vec<&Value> = rounds.iter().flat_map(|r| r["findings"].as_array().unwrap()).collect();
    let f = found.iter().find(|f| f["id"] == dispute.as_str()).unwrap();
    assert_eq!((f["status"].as_str(), f["case_id"].as_str()), (Some("became_case"), Some(case_id)));
    let f = found.iter().find(|f| f["id"] == family.as_str()).unwrap();
    assert_eq!((f["status"].as_str(), f["resolved_on"].as_str()), (Some("resolved"), Some("2026-05-06")));
    assert_eq!(page["next_due"]["due_on"], "2026-05-09");

    // Neither findings nor a zero report, or both: refused on the findings field.
    let msg = desk.refuse_unchanged(
        "screening_add",
        json!({"scope": "village", "scope_name": "石岩哨村", "screened_by": "李某", "nothing_found": false, "findings": []}),
        "请登记排查出的纠纷，或选择“无矛盾纠纷（零报告）”",
        Some(case_id),
    );
    assert!(msg.starts_with("排查结果："), "{msg}");
    let msg = desk.refuse_unchanged(
        "screening_add",
        json!({"scope": "village", "scope_name": "石岩哨村", "screened_by": "李某", "nothing_found": true,
               "findings": [{"category": "邻里纠纷", "summary": "争执"}]}),
        "就不能再登记纠纷",
        Some(case_id),
    );
    assert!(msg.starts_with("排查结果："), "{msg}");
    desk.chain_ok();
}

fn agenda_item<'a>(agenda: &'a Value, rule: &str, case_id: Option<&str>) -> Option<&'a Value> {
    agenda["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["deadline"]["rule"] == rule && i["case_id"].as_str() == case_id)
}

/// Today (工作台): an overdue case, a revisit due, a screening round due, each
/// with its rule; moving the clock changes their states.
#[test]
fn today_lists_what_is_due_and_follows_the_clock() {
    let desk = Desk::new("2026-04-29");
    // Received long ago and never handled.
    let stale = desk.call(
        "visit_add",
        visit(
            "2026-03-02T09:30:00+08:00",
            json!([petitioner("张某某", Some(ZHANG_ID), "大营头组")]),
            "土地承包",
            LAND_REQUEST,
        ),
    );
    let stale = stale["case_id"].as_str().unwrap().to_owned();
    // Settled, revisited, with the next revisit set for 1 May.
    let settled = desk.call(
        "visit_add",
        visit(
            "2026-04-01T10:00:00+08:00",
            json!([petitioner("王某某", Some(WANG_ID), "小营组")]),
            "邻里纠纷",
            "反映邻居排水流入院内，要求处理。",
        ),
    );
    let settled = settled["case_id"].as_str().unwrap().to_owned();
    desk.transition(&settled, json!({"action": "settle_on_spot"}), "2026-04-02", "李某", "现场调解");
    let d = desk.call(
        "revisit_add",
        json!({"case_id": settled, "visited_on": "2026-04-10", "method": "in_person", "visitor": "李某",
               "visitee": "王某某", "satisfaction": "mostly_satisfied", "next_due_on": "2026-05-01"}),
    );
    assert_eq!(d["revisits"][0]["next_due_on"], "2026-05-01");
    desk.call(
        "screening_add",
        json!({"held_on": "2026-04-28", "scope": "village", "scope_name": "石岩哨村", "screened_by": "李某", "nothing_found": true}),
    );

    // 29 April: the handling limit (1 May) and the next revisit (1 May) are due soon;
    // the acceptance limit (17 March) is long past; no screening is due yet (1 May).
    let a = desk.call("today", json!({}));
    assert_eq!(a["today"], "2026-04-29");
    let handle = agenda_item(&a, "handle", Some(&stale)).expect("the handling limit is on Today");
    assert_eq!(handle["deadline"]["title"], "办结期限");
    assert!(handle["deadline"]["basis"].as_str().unwrap().contains("60日"), "{handle}");
    assert_eq!(
        (handle["deadline"]["due_on"].as_str(), handle["deadline"]["state"].as_str()),
        (Some("2026-05-01"), Some("due_soon"))
    );
    assert_eq!(handle["deadline"]["days_left"], 2);
    assert_eq!(
        (handle["case_number"].as_str(), handle["summary"].as_str()),
        (Some("石岩哨村信〔2026〕第1号"), Some(LAND_REQUEST))
    );
    assert_eq!(handle["petitioners"], json!(["张某某"]));
    let accept = agenda_item(&a, "accept", Some(&stale)).expect("the acceptance limit is on Today");
    assert_eq!(
        (accept["deadline"]["title"].as_str(), accept["deadline"]["state"].as_str()),
        (Some("受理告知期限"), Some("overdue"))
    );
    let revisit = agenda_item(&a, "revisit", Some(&settled)).expect("the revisit set for 1 May is on Today");
    assert_eq!(
        (revisit["deadline"]["title"].as_str(), revisit["deadline"]["state"].as_str()),
        (Some("回访期限"), Some("due_soon"))
    );
    assert_eq!(
        (revisit["deadline"]["from"].as_str(), revisit["deadline"]["due_on"].as_str()),
        (Some("2026-04-10"), Some("2026-05-01"))
    );
    assert!(agenda_item(&a, "village_screening", None).is_none(), "{a}");
    assert_eq!(a["items"].as_array().unwrap().len(), 3, "{a}");
    assert_eq!((a["overdue"].as_u64(), a["due_soon"].as_u64()), (Some(1), Some(2)));
    assert_eq!(a["items"][0]["deadline"]["rule"], "accept", "overdue first");
    assert_eq!(desk.show(&stale)["case"]["step"], "registered");

    // 6 May: the handling limit and the revisit have passed; screening is due.
    desk.set_day("2026-05-06");
    let a = desk.call("today", json!({}));
    assert_eq!(a["today"], "2026-05-06");
    let handle = agenda_item(&a, "handle", Some(&stale)).unwrap();
    assert_eq!(
        (handle["deadline"]["state"].as_str(), handle["deadline"]["state_label"].as_str()),
        (Some("overdue"), Some("已逾期"))
    );
    assert_eq!(handle["deadline"]["days_left"], -5);
    let revisit = agenda_item(&a, "revisit", Some(&settled)).unwrap();
    assert_eq!(
        (revisit["deadline"]["state"].as_str(), revisit["deadline"]["days_left"].as_i64()),
        (Some("overdue"), Some(-5))
    );
    assert_eq!(revisit["petitioners"], json!(["王某某"]));
    let screening = agenda_item(&a, "village_screening", None).expect("a screening round is due");
    assert_eq!((screening["case_id"].clone(), screening["case_number"].clone()), (Value::Null, Value::Null));
    assert_eq!(screening["petitioners"], json!([]));
    assert_eq!(
        (screening["deadline"]["title"].as_str(), screening["deadline"]["due_on"].as_str()),
        (Some("村级矛盾纠纷排查"), Some("2026-05-01"))
    );
    assert_eq!(screening["deadline"]["state"], "overdue");
    assert_eq!((a["overdue"].as_u64(), a["due_soon"].as_u64()), (Some(4), Some(0)));
    let due: Vec<&str> =
        a["items"].as_array().unwrap().iter().map(|i| i["deadline"]["due_on"].as_str().unwrap()).collect();
    assert!(due.windows(2).all(|w| w[0] <= w[1]), "most overdue first: {due:?}");

    // The work is done: screened today, revisited today, the stale case handled.
    desk.call(
        "screening_add",
        json!({"scope": "village", "scope_name": "石岩哨村", "screened_by": "李某", "nothing_found": true}),
    );
    desk.call(
        "revisit_add",
        json!({"case_id": settled, "method": "phone", "visitor": "李某", "visitee": "王某某", "satisfaction": "satisfied", "stopped": true}),
    );
    desk.transition(&stale, json!({"action": "settle_on_spot"}), "2026-05-06", "李某", "现场调解");
    let a = desk.call("today", json!({}));
    assert!(agenda_item(&a, "village_screening", None).is_none(), "{a}");
    assert!(agenda_item(&a, "handle", Some(&stale)).is_none(), "{a}");
    assert!(agenda_item(&a, "accept", Some(&stale)).is_none(), "{a}");
    assert!(agenda_item(&a, "revisit", Some(&settled)).is_none(), "{a}");
    assert_eq!(a["overdue"], 0, "{a}");
    let d = desk.show(&stale);
    assert_eq!(deadline(&d, "handle")["state"], "met_late");
    assert_eq!(deadline(&d, "accept")["state"], "met_late");
    desk.chain_ok();
}

/// The ledger's filters: overdue, group, and both sort orders.
#[test]
fn ledger_filters_overdue_group_and_sort() {
    let desk = Desk::new("2026-05-06");
    let add = |received: &str, name: &str, group: &str, request: &str| -> String {
        let v = visit(received, json!([petitioner(name, None, group)]), "邻里纠纷", request);
        desk.call("visit_add", v)["case_id"].as_str().unwrap().to_owned()
    };
    // A: 10 Feb, never handled: past both limits.
    let a = add("2026-02-10T09:00:00+08:00", "甲某", "大营头组", "反映邻居侵占宅基地。");
    // B: 1 May, just received: within its limits.
    let b = add("2026-05-01T09:00:00+08:00", "乙某", "小营组", "反映自来水管破裂无人维修。");
    // C: 5 Jan, settled on the spot and closed.
    let c = add("2026-01-05T09:00:00+08:00", "丙某", "大营头组", "反映牛践踏庄稼。");
    desk.transition(&c, json!({"action": "settle_on_spot"}), "2026-01-06", "李某", "调解");
    desk.transition(&c, json!({"action": "close", "outcome": "resolved"}), "2026-01-06", "李某", "化解");
    // D: 1 April, taken up (accepted) but not yet handled: within 60 days.
    let d = add("2026-04-01T09:00:00+08:00", "丁某", "小营组", "反映低保评定不公。");
    desk.transition(&d, json!({"action": "commission"}), "2026-04-02", "李某", "约定30日内反馈结果");

    let ids = |q: Value| -> Vec<String> {
        let page = desk.call("case_list", q);
        let items = strs(&page["items"], "id");
        assert_eq!(page["total"].as_u64(), Some(items.len() as u64));
        items
    };
    assert_eq!(ids(json!({"overdue": true})), [a.as_str()]);
    let all = desk.call("case_list", json!({"sort": "received_asc"}));
    let flags: Vec<bool> = all["items"].as_array().unwrap().iter().map(|i| i["overdue"].as_bool().unwrap()).collect();
    assert_eq!(flags, [false, true, false, false], "only A (second oldest) is overdue");
    assert_eq!(ids(json!({"group": "大营头组", "sort": "received_asc"})), [c.clone(), a.clone()]);
    assert_eq!(ids(json!({"group": "小营组", "sort": "received_asc"})), [d.clone(), b.clone()]);
    assert!(ids(json!({"group": "大营头"})).is_empty(), "a group matches exactly");
    assert_eq!(strs(&all["items"], "group"), ["大营头组", "大营头组", "小营组", "小营组"]);
    assert_eq!(ids(json!({"sort": "received_asc"})), [c.clone(), a.clone(), d.clone(), b.clone()]);
    assert_eq!(ids(json!({"sort": "received_desc"})), [b.clone(), d.clone(), a.clone(), c.clone()]);
    assert_eq!(ids(json!({})), ids(json!({"sort": "received_desc"})), "newest first by default");
    assert_eq!(ids(json!({"overdue": true, "group": "小营组"})), Vec::<String>::new());
    assert_eq!(ids(json!({"status": "open", "group": "大营头组"})), [a.as_str()]);
    // On 1 June D is past its 60 days and B past its 15 without being taken up.
    desk.set_day("2026-06-01");
    assert_eq!(ids(json!({"overdue": true, "sort": "received_asc"})), [a.clone(), d.clone(), b.clone()]);
    assert_eq!(ids(json!({"overdue": true, "group": "小营组", "sort": "received_desc"})), [b.clone(), d.clone()]);
    desk.chain_ok();
}

// ---------------------------------------------------------------------------
// Two core bugs found while scripting the workflows, kept as regressions.
// ---------------------------------------------------------------------------

/// The ledger sorts by the moment received, whatever offset it was given in
/// (02:00Z is 10:00 China time, after 09:00+08:00).
#[test]
fn ledger_sort_follows_the_moment_received_whatever_the_offset() {
    let desk = Desk::new("2026-05-06");
    let add = |received: &str, name: &str, request: &str| -> String {
        desk.call("visit_add", visit(received, json!([{"name": name}]), "邻里纠纷", request))["case_id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let ten = add("2026-05-01T02:00:00Z", "甲某", "十点来访");
    let nine = add("2026-05-01T09:00:00+08:00", "乙某", "九点来访");
    let ids = |sort: &str| strs(&desk.call("case_list", json!({ "sort": sort }))["items"], "id");
    assert_eq!(ids("received_asc"), [nine.clone(), ten.clone()], "09:00 China time came before 10:00");
    assert_eq!(ids("received_desc"), [ten, nine]);
    desk.chain_ok();
}

/// A voided case takes no further work, its agreement included: signing,
/// editing and correcting are refused, and no agreement number is used up.
#[test]
fn an_agreement_of_a_voided_case_is_neither_signed_edited_nor_corrected() {
    let desk = Desk::new("2026-05-06");
    let wang =
        desk.call("person_add", petitioner("王某某", Some(WANG_ID), "大营头组"))["id"].as_str().unwrap().to_owned();
    let case_with_agreement = |sign: bool| -> (String, String, Value) {
        let v = visit(
            "2026-05-06T09:00:00+08:00",
            json!([petitioner("张某某", Some(ZHANG_ID), "大营头组")]),
            "土地承包",
            LAND_REQUEST,
        );
        let id = desk.call("visit_add", v)["case_id"].as_str().unwrap().to_owned();
        let zhang = desk.show(&id)["people"][0]["id"].as_str().unwrap().to_owned();
        let content = json!({"party_ids": [zhang, wang], "facts": "占地葬坟", "terms": ["补偿2600元"],
                             "performance": "当场付清", "copies": 3, "mediators": ["王调解"], "recorder": "李某"});
        let draft = desk
            .call("agreement_draft", json!({"case_id": id, "form": "written", "content": content, "actor": "李某"}));
        let agreement = draft["agreement"]["id"].as_str().unwrap().to_owned();
        if sign {
            desk.call("agreement_sign", json!({"id": agreement, "actor": "王调解"}));
        }
        desk.call("case_void", json!({"id": id, "reason": "重复登记", "actor": "李某"}));
        (id, agreement, content)
    };
    let (id, draft, content) = case_with_agreement(false);
    desk.refuse_unchanged("agreement_sign", json!({"id": draft, "actor": "王调解"}), "已作废", Some(&id));
    desk.refuse_unchanged(
        "agreement_edit",
        json!({"id": draft, "form": "written", "content": content}),
        "已作废",
        Some(&id),
    );
    let (id, signed, _) = case_with_agreement(true);
    desk.refuse_unchanged(
        "agreement_correct",
        json!({"id": signed, "reason": "笔误", "actor": "李某"}),
        "已作废",
        Some(&id),
    );
    desk.chain_ok();
}

//! `xinfang print`: the real binary writes the agreement and the two-way
//! commitment as PDFs; an unknown id or a bad assets folder is refused in
//! Chinese and writes no file. The statistics report prints from seed 003's
//! township ledger. The liaison's guide is one page naming the village.

use crate::common;

use common::{BIN, ok, refused, run};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use xinfang_core::Store;
use xinfang_core::report::fixtures::{SEED_003_FROM, SEED_003_NOW, SEED_003_TO, seed_003};

fn xinfang(db: &Path, args: &[&str]) -> Output {
    run(db, "2026-05-06T10:00:00+08:00", args, None)
}

fn call(db: &Path, name: &str, args: Value) -> Value {
    serde_json::from_str(&ok(&xinfang(db, &["call", name, "--json", &args.to_string()]))).unwrap()
}

/// A village ledger with a commissioned case and a signed agreement.
fn ledger(dir: &Path) -> (PathBuf, String, String) {
    let db = dir.join("l.sqlite3");
    ok(&xinfang(&db, &["init", "--role", "village", "--name", "石岩哨村"]));
    let visit = json!({"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
        "petitioners": [{"name": "王玥", "id_number": "11010519491231002X", "phone": "13800138000",
                         "village": "石岩哨村", "group": "大营头组"}],
        "headcount": 1, "category": "坟地/丧葬", "request": "反映邻居在承包地内葬坟。", "received_by": "杨某"});
    let case_id = call(&db, "visit_add", visit)["case_id"].as_str().unwrap().to_owned();
    call(
        &db,
        "case_transition",
        json!({"id": case_id, "transition": {"action": "commission"}, "on": "2026-03-03", "actor": "杨某"}),
    );
    let people = call(&db, "case_show", json!({"id": case_id}))["people"].clone();
    let li = call(&db, "person_add", json!({"name": "李堃", "village": "石岩哨村"}))["id"].clone();
    let content = json!({"party_ids": [people[0]["id"], li], "facts": "李堃家在王玥家承包地内安葬亲属。",
        "responsibilities": "", "terms": ["李堃家一次性补偿王玥家2600元。"], "performance": "当场付清。",
        "copies": 3, "mediators": ["张喆"], "recorder": "刘䶮"});
    let a = call(
        &db,
        "agreement_draft",
        json!({"case_id": case_id, "form": "written", "content": content, "actor": "杨某"}),
    );
    let id = a["agreement"]["id"].as_str().unwrap().to_owned();
    call(&db, "agreement_sign", json!({"id": id, "signed_on": "2026-05-04", "actor": "杨某"}));
    (db, case_id, id)
}

fn is_pdf(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| b.starts_with(b"%PDF-") && b.len() > 10_000)
}

#[test]
fn prints_the_agreement_and_the_commitment() {
    let dir = tempfile::tempdir().unwrap();
    let (db, case_id, id) = ledger(dir.path());
    let out = dir.path().join("调解协议书.pdf");
    let printed = ok(&xinfang(&db, &["print", "agreement", &id, "--out", out.to_str().unwrap()]));
    assert_eq!(printed.trim(), out.display().to_string());
    assert!(is_pdf(&out));
    let out = dir.path().join("双向承诺书.pdf");
    ok(&xinfang(&db, &["print", "commitment", &case_id, "--out", out.to_str().unwrap()]));
    assert!(is_pdf(&out));
}

#[test]
fn an_unknown_agreement_or_missing_assets_are_refused_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _, id) = ledger(dir.path());
    let out = dir.path().join("x.pdf");
    let refused = xinfang(&db, &["print", "agreement", "no-such-id", "--out", out.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("调解协议"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let refused = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["print", "agreement", &id, "--out", out.to_str().unwrap()])
        .env("XINFANG_ASSETS", dir.path().join("nowhere"))
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("XINFANG_ASSETS"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(!out.exists());
    assert!(!dir.path().join("x.pdf.part").exists());
}

/// A case settled on the spot with a signed oral agreement (seed 5) and a
/// revisit, beside the ledger's other case: (case id, oral agreement id,
/// revisit id).
fn oral_case(db: &Path) -> (String, String, String) {
    let visit = json!({"channel": "phone", "received_at": "2026-04-01T08:00:00+08:00",
        "petitioners": [{"name": "刘䶮", "village": "石岩哨村", "group": "后山组"}],
        "headcount": 1, "category": "土地承包", "request": "后山林地租金过低，要求重新议价。", "received_by": "杨某"});
    let case_id = call(db, "visit_add", visit)["case_id"].as_str().unwrap().to_owned();
    call(
        db,
        "case_transition",
        json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-04-02", "actor": "杨某"}),
    );
    let liu = call(db, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let zhang = call(db, "person_add", json!({"name": "张堃", "village": "石岩哨村"}))["id"].clone();
    let content = json!({"party_ids": [liu, zhang], "facts": "双方对林地租金有争议。", "responsibilities": "",
        "terms": ["租金调整为每亩每年30元。"], "performance": "自2026年起按年支付。", "copies": 0,
        "mediators": ["张喆"], "recorder": "欧阳明月"});
    let a =
        call(db, "agreement_draft", json!({"case_id": case_id, "form": "oral", "content": content, "actor": "杨某"}));
    let id = a["agreement"]["id"].as_str().unwrap().to_owned();
    call(db, "agreement_sign", json!({"id": id, "signed_on": "2026-04-02", "actor": "杨某"}));
    let shown = call(
        db,
        "revisit_add",
        json!({"case_id": case_id, "agreement_id": id, "visited_on": "2026-05-02", "method": "in_person",
            "visitor": "杨某", "visitee": "刘䶮", "satisfaction": "satisfied", "stopped": true}),
    );
    (case_id, id, shown["revisits"][0]["id"].as_str().unwrap().to_owned())
}

#[test]
fn prints_the_oral_agreement_register_revisit_and_case_file() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _, written) = ledger(dir.path());
    let (case_id, oral, revisit) = oral_case(&db);
    let runs: [(&str, Vec<&str>); 4] = [
        ("口头协议登记表.pdf", vec!["print", "oral-agreement", &oral]),
        ("受理登记表.pdf", vec!["print", "register", "--from", "2026-03-01", "--to", "2026-04-30"]),
        ("回访记录.pdf", vec!["print", "revisit", &revisit]),
        ("卷宗.pdf", vec!["print", "case-file", &case_id, "--filed-by", "欧阳明月"]),
    ];
    for (name, mut args) in runs {
        let out = dir.path().join(name);
        args.extend(["--out", out.to_str().unwrap()]);
        assert_eq!(ok(&xinfang(&db, &args)).trim(), out.display().to_string());
        assert!(is_pdf(&out), "{name} is not a PDF");
    }

    // A written agreement is not an oral one; a backward range is no range:
    // both refused in Chinese, with no file written.
    let out = dir.path().join("x.pdf");
    for (args, says) in [
        (vec!["print", "oral-agreement", written.as_str()], "书面协议"),
        (vec!["print", "register", "--from", "2026-04-30", "--to", "2026-03-01"], "晚于结束日期"),
        (vec!["print", "revisit", "no-such-revisit"], "找不到回访记录"),
    ] {
        let mut args = args.clone();
        args.extend(["--out", out.to_str().unwrap()]);
        let refused = xinfang(&db, &args);
        assert!(!refused.status.success(), "{args:?} should be refused");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!out.exists());
    }
}

/// `xinfang print report ARGS…` on seed 003's ledger, run in `cwd`.
fn print_report(db: &Path, cwd: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["print", "report"])
        .args(args)
        .current_dir(cwd)
        .env("XINFANG_NOW", SEED_003_NOW)
        .env_remove("XINFANG_DB")
        .env_remove("XINFANG_ASSETS")
        .output()
        .unwrap()
}

#[test]
fn prints_the_statistics_report_named_after_itself_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("路居镇.sqlite3");
    drop(seed_003(Store::create(&db).unwrap()).unwrap());
    let cwd = dir.path().join("报表");
    std::fs::create_dir(&cwd).unwrap();
    let half_year = ["--from", SEED_003_FROM, "--to", SEED_003_TO];

    let out = dir.path().join("上半年.pdf");
    let mut args = half_year.to_vec();
    args.extend(["--village", "上坝村", "--village", "兰田村", "--out", out.to_str().unwrap()]);
    assert_eq!(ok(&print_report(&db, &cwd, &args)).trim(), out.display().to_string());
    assert!(is_pdf(&out));

    // Without --out: named after the report in the current folder, and a
    // second copy beside the first rather than over it.
    let first = cwd.join("路居镇信访工作统计表2009-01-01至2009-06-30.pdf");
    assert_eq!(ok(&print_report(&db, &cwd, &half_year)).trim(), first.display().to_string());
    let second = cwd.join("路居镇信访工作统计表2009-01-01至2009-06-30（2）.pdf");
    assert_eq!(ok(&print_report(&db, &cwd, &half_year)).trim(), second.display().to_string());
    assert!(is_pdf(&first) && is_pdf(&second));

    // The core's refusals, in Chinese, and nothing written.
    let mut args = half_year.to_vec();
    args.extend(["--village", "大营村"]);
    refused(&print_report(&db, &cwd, &args), "台账中没有“大营村”的记录");
    refused(&print_report(&db, &cwd, &["--from", "2009-13-01", "--to", SEED_003_TO]), "“2009-13-01”不是有效日期");
    assert_eq!(std::fs::read_dir(&cwd).unwrap().count(), 2);
}

#[test]
fn prints_the_one_page_guide_naming_the_village() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.sqlite3");
    ok(&xinfang(&db, &["init", "--role", "village", "--name", "石岩哨村"]));
    let out = dir.path().join("操作指南.pdf");
    assert_eq!(
        ok(&xinfang(&db, &["print", "guide", "--out", out.to_str().unwrap()])).trim(),
        out.display().to_string()
    );
    let pages = pdf_extract::extract_text_by_pages(&out).unwrap();
    assert_eq!(pages.len(), 1);
    let text: String = pages[0].chars().filter(|c| !c.is_whitespace()).collect();
    for says in ["信访台账操作指南—石岩哨村", "五步法", "受理告知期限15日", "办结期限60日", "印制日期：2026年5月6日"]
    {
        assert!(text.contains(says), "{says} is missing from:\n{text}");
    }

    // A folder that is not there is refused in Chinese, and nothing is left.
    let out = dir.path().join("没有这个文件夹").join("操作指南.pdf");
    refused(&xinfang(&db, &["print", "guide", "--out", out.to_str().unwrap()]), "无法写入");
    assert!(!out.exists());
}

/// Every paper of issue 24 through the real binary: each recorded with
/// `xinfang call paper_add`, printed with its own `xinfang print` command,
/// and read back; a paper asked for under another kind's command is refused
/// in Chinese and writes no file.
#[test]
fn prints_each_paper_of_the_case_by_its_command_and_the_case_file_complete() {
    let dir = tempfile::tempdir().unwrap();
    let (db, case_id, agreement_id) = ledger(dir.path());
    let people = call(&db, "case_show", json!({"id": case_id}))["people"].clone();
    let wang = people[0]["id"].clone();
    // The case lists its papers by date: the new one is the id not seen before.
    let seen = std::cell::RefCell::new(Vec::<String>::new());
    let add = |day: &str, content: Value| -> String {
        let detail =
            call(&db, "paper_add", json!({"case_id": case_id, "dated_on": day, "actor": "杨某", "content": content}));
        let ids = detail["papers"].as_array().unwrap().iter().map(|p| p["paper"]["id"].as_str().unwrap().to_owned());
        let new = ids.filter(|id| !seen.borrow().contains(id)).collect::<Vec<_>>();
        assert_eq!(new.len(), 1);
        seen.borrow_mut().push(new[0].clone());
        new[0].clone()
    };
    let papers = [
        ("notice", add("2026-03-10", json!({"kind": "notice", "notice": "accepted", "delivery": "in_person"})), "信访事项受理告知书"),
        (
            "answer",
            add("2026-05-05", json!({"kind": "answer", "facts": "经核实属实。", "basis": "村规民约。", "answer": "予以调解。",
                                     "review_body": "路居镇人民政府", "delivery": "in_person"})),
            "向路居镇人民政府书面提出复查请求",
        ),
        (
            "application",
            add("2026-03-04", json!({"kind": "application", "oral": false, "applicant_ids": [wang], "request": "请求调解。", "facts": "葬坟。"})),
            "人民调解申请书",
        ),
        ("rights-notice", add("2026-03-04", json!({"kind": "rights_notice", "party_ids": [wang]})), "当事人承担下列义务"),
        (
            "investigation",
            add("2026-03-05", json!({"kind": "investigation", "place": "承包地", "investigators": ["杨某"], "interviewee": "李堃", "record": "现场查看。"})),
            "调查记录",
        ),
        (
            "mediation-record",
            add("2026-05-04", json!({"kind": "mediation_record", "place": "村委会", "mediators": ["张喆"], "party_ids": [wang], "record": "双方陈述。", "result": "达成协议。"})),
            "调解结果达成协议。",
        ),
    ];
    for (command, id, text) in &papers {
        let out = dir.path().join(format!("{command}.pdf"));
        ok(&xinfang(&db, &["print", command, id, "--out", out.to_str().unwrap()]));
        let extracted: String = pdf_extract::extract_text(&out).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
        assert!(extracted.contains(text), "{command}: {extracted}");
    }
    let out = dir.path().join("wrong.pdf");
    let wrong = xinfang(&db, &["print", "investigation", &papers[0].1, "--out", out.to_str().unwrap()]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("不是调查记录"), "{}", String::from_utf8_lossy(&wrong.stderr));
    assert!(!out.exists());

    // The joint application for judicial confirmation names both parties whole.
    let out = dir.path().join("confirmation.pdf");
    ok(&xinfang(&db, &["print", "confirmation", &agreement_id, "--out", out.to_str().unwrap()]));
    let extracted: String = pdf_extract::extract_text(&out).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    assert!(extracted.contains("身份证号码：11010519491231002X") && extracted.contains("联系电话：13800138000"), "{extracted}");

    let out = dir.path().join("case-file.pdf");
    ok(&xinfang(&db, &["print", "case-file", &case_id, "--out", out.to_str().unwrap()]));
    let pages = pdf_extract::extract_text_by_pages(&out).unwrap();
    let last = pages.last().unwrap().chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert!(last.contains(&format!("本卷共{}页", pages.len())), "{last}");
}

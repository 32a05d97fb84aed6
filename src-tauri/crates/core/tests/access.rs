//! Roles enforced by the command layer on a real encrypted ledger: a leader
//! sees a whole ID number only for a stated reason, which is recorded; a
//! viewer reads masked and changes nothing.

use crate::common;

use common::{at, call, dump, visit};
use serde_json::json;
use xinfang_core::session::{self, Account, AccountRole, NewAccount, SignIn};
use xinfang_core::{Ledger, dispatch};

const ID: &str = "11010519491231002X";
const NOW: &str = "2026-03-10T10:00:00+08:00";

fn sign_in(path: &std::path::Path, name: &str, passphrase: &str) -> Ledger {
    session::sign_in(path, SignIn { name: name.into(), passphrase: passphrase.into() }, at(NOW)).unwrap()
}

#[test]
fn a_leader_sees_a_whole_number_for_a_reason_on_record_and_a_viewer_never() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let first =
        NewAccount { name: "王芳".into(), role: AccountRole::Liaison, passphrase: "石岩哨村口令2026".into() };
    let mut liaison = session::set_up(&path, first, at(NOW)).unwrap();
    call(&mut liaison, "device_init", json!({"role": "village", "name": "石岩哨村"}));
    let case_id =
        call(&mut liaison, "visit_add", visit("张某某", Some(ID), "反映邻居在承包地内葬坟"))["case_id"].clone();
    for (name, role, pass) in [("李书记", "leader", "领导的口令abcd"), ("赵某", "viewer", "查看的口令abcd")]
    {
        call(&mut liaison, "account_add", json!({"name": name, "role": role, "passphrase": pass}));
    }
    let shown = call(&mut liaison, "case_show", json!({"id": case_id}));
    let person_id = shown["people"][0]["id"].clone();
    assert_eq!(shown["people"][0]["id_number_masked"], "110105********002X");
    drop(liaison);

    let mut leader = sign_in(&path, "李书记", "领导的口令abcd");
    let short = dispatch(&mut leader, "person_reveal", json!({"id": person_id, "reason": "看"})).unwrap_err();
    assert_eq!(short.field(), Some("reason"));
    let whole =
        call(&mut leader, "person_reveal", json!({"id": person_id, "case_id": case_id, "reason": "核对身份后交办"}));
    assert_eq!(whole["id_number"], ID);
    assert_eq!(whole["phone"], "13800138000");
    let record = call(&mut leader, "access_list", json!({"id": case_id}));
    assert_eq!(record.as_array().unwrap().len(), 1, "{record}");
    assert_eq!(record[0]["account_name"], "李书记");
    assert_eq!(record[0]["role"], "leader");
    assert_eq!(record[0]["reason"], "核对身份后交办");
    let refused = dispatch(&mut leader, "visit_add", visit("孙某", None, "反映道路损坏")).unwrap_err();
    assert_eq!(refused.kind(), "forbidden");
    drop(leader);

    let mut viewer = sign_in(&path, "赵某", "查看的口令abcd");
    let before = dump(&viewer);
    let e = dispatch(&mut viewer, "person_reveal", json!({"id": person_id, "reason": "想看一下号码"})).unwrap_err();
    assert_eq!(e.kind(), "forbidden");
    assert!(e.to_string().contains("查看"), "{e}");
    for (command, args) in [
        ("visit_add", visit("孙某", None, "反映道路损坏")),
        (
            "case_transition",
            json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-03-05", "actor": "赵某"}),
        ),
        ("case_void", json!({"id": case_id, "reason": "登记错误", "actor": "赵某"})),
        ("backup_make", json!({})),
        ("account_add", json!({"name": "钱某", "role": "clerk", "passphrase": "随便什么口令"})),
    ] {
        assert_eq!(dispatch(&mut viewer, command, args).unwrap_err().kind(), "forbidden", "{command}");
    }
    assert_eq!(dump(&viewer), before, "a viewer's refused commands change nothing");
    let seen = call(&mut viewer, "case_show", json!({"id": case_id}));
    assert!(!seen.to_string().contains(ID));
    assert!(!seen.to_string().contains("13800138000"));
}

fn as_role(ledger: Ledger, name: &str, role: AccountRole) -> Ledger {
    ledger.acting_for(Some(Account { account_id: name.into(), name: name.into(), role }))
}

/// A report against an official (检举、揭发): its liaison and clerk see it and
/// every look is logged; to a leader or viewer it does not exist, in no list
/// and "not found" by its id, exactly as an id that was never used.
#[test]
fn a_report_against_an_official_is_seen_only_by_those_who_handle_it_and_each_look_is_logged() {
    let mut l = as_role(common::ledger_at(NOW), "王芳", AccountRole::Liaison);
    let open = call(&mut l, "visit_add", visit("张某某", Some(ID), "反映邻居在承包地内葬坟"))["case_id"].clone();
    let mut report = visit("李举报", Some("110105198001010016"), "检举村干部虚报低保名单，要求查处");
    report["category"] = json!("干部作风");
    report["confidential"] = json!(true);
    let secret = call(&mut l, "visit_add", report)["case_id"].as_str().unwrap().to_owned();
    let reporter = call(&mut l, "case_show", json!({"id": secret}))["people"][0]["id"].clone();
    let listed = call(&mut l, "case_list", json!({}));
    assert_eq!(listed["total"], 2, "the liaison sees both");
    let marked: Vec<_> = listed["items"].as_array().unwrap().iter().map(|c| c["confidential"].clone()).collect();
    assert!(marked.contains(&json!(true)) && marked.contains(&json!(false)), "{listed}");

    for role in [AccountRole::Leader, AccountRole::Viewer] {
        l = as_role(l, "钱主任", role);
        let before = dump(&l);
        let list = call(&mut l, "case_list", json!({}));
        assert_eq!((list["total"].clone(), list["items"][0]["id"].clone()), (json!(1), open.clone()), "{role:?}");
        assert_eq!(call(&mut l, "case_list", json!({"text": "低保"}))["total"], 0, "not by search either");
        let agenda = call(&mut l, "today", json!({}));
        assert!(!agenda.to_string().contains(&secret), "{agenda}");
        let similar = call(
            &mut l,
            "visit_similar",
            json!({"petitioners": [{"name": "李举报", "id_number": "110105198001010016"}], "request": "检举村干部虚报低保名单"}),
        );
        assert_eq!(similar, json!([]), "{role:?}");
        assert!(call(&mut l, "person_find", json!({"text": "李举报"})).as_array().unwrap().is_empty());
        assert_eq!(call(&mut l, "person_find", json!({"text": "张某某"})).as_array().unwrap().len(), 1);
        let query = json!({"from": "2026-03-01", "to": "2026-03-31"});
        let figures = call(&mut l, "report_show", query.clone());
        assert_eq!(figures["total"]["counts"][0]["count"], 2, "counted in the statistics: {}", figures["total"]);
        let drill = call(&mut l, "report_cases", json!({"query": query, "figure": "received"}));
        assert_eq!((drill["ids"].clone(), drill["not_listed"].clone()), (json!([open]), json!(1)), "{drill}");

        let unknown = dispatch(&mut l, "case_show", json!({"id": "no-such-case"})).unwrap_err().to_string();
        for command in ["case_show", "case_changes", "access_list", "attachment_list"] {
            let e = dispatch(&mut l, command, json!({"id": secret})).unwrap_err();
            assert_eq!(e.kind(), "not_found", "{role:?} {command}");
            assert_eq!(e.to_string().replace(&secret, "no-such-case"), unknown, "{command} gives nothing away");
        }
        if role == AccountRole::Leader {
            let e = dispatch(&mut l, "person_reveal", json!({"id": reporter, "reason": "核对举报人身份"})).unwrap_err();
            assert_eq!(e.kind(), "not_found", "the one who reported is not found either");
            let e = dispatch(&mut l, "person_reveal", json!({"id": reporter, "case_id": secret, "reason": "核对身份"}));
            assert_eq!(e.unwrap_err().kind(), "not_found");
        }
        for command in ["case_views", "case_confidential"] {
            let e = dispatch(&mut l, command, json!({"id": secret, "confidential": false, "actor": "钱主任"}));
            assert_eq!(e.unwrap_err().kind(), "forbidden", "{command}");
        }
        assert_eq!(dump(&l), before, "{role:?}: nothing looked at, nothing logged");
    }

    l = as_role(l, "王芳", AccountRole::Liaison);
    call(&mut l, "case_show", json!({"id": open}));
    assert_eq!(call(&mut l, "case_views", json!({"id": open})), json!([]), "an ordinary case's looks are not logged");
    call(&mut l, "case_show", json!({"id": secret}));
    let views = call(&mut l, "case_views", json!({"id": secret}));
    assert_eq!(views.as_array().unwrap().len(), 2, "the look to find the reporter, and this one: {views}");
    assert_eq!((views[1]["account_name"].as_str(), views[1]["role"].as_str()), (Some("王芳"), Some("liaison")));
    assert_eq!(views[1]["what"], "case");

    // Marking and taking the mark off are the workers', logged with why.
    let e = dispatch(&mut l, "case_confidential", json!({"id": secret, "confidential": false, "actor": "王芳"}));
    assert_eq!(e.unwrap_err().field(), Some("note"), "taking the mark off needs a reason");
    let e = dispatch(&mut l, "case_confidential", json!({"id": secret, "confidential": true, "actor": "王芳"}));
    assert_eq!(e.unwrap_err().kind(), "refused", "already marked");
    let detail = call(&mut l, "case_confidential", json!({"id": open, "confidential": true, "actor": "王芳"}));
    assert_eq!(detail["case"]["confidential"], true);
    let unmarked = call(
        &mut l,
        "case_confidential",
        json!({"id": secret, "confidential": false, "actor": "王芳", "note": "经核实为一般求助，非检举"}),
    );
    let last = unmarked["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["action"].as_str(), last["note"].as_str()),
        (Some("unmark_confidential"), Some("经核实为一般求助，非检举"))
    );
    l = as_role(l, "钱主任", AccountRole::Leader);
    let list = call(&mut l, "case_list", json!({}));
    assert_eq!((list["total"].clone(), list["items"][0]["id"].clone()), (json!(1), json!(secret)), "{list}");
}

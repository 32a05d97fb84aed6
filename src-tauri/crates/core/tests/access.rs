//! Roles enforced by the command layer on a real encrypted ledger: a leader
//! sees a whole ID number only for a stated reason, which is recorded; a
//! viewer reads masked and changes nothing.

mod common;

use common::{at, call, dump, visit};
use serde_json::json;
use xinfang_core::session::{self, AccountRole, NewAccount, SignIn};
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

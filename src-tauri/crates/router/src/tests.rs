use super::*;
use serde_json::json;
use xinfang_core::session::{Account, AccountRole};
use xinfang_core::{Clock, Store};

fn village() -> Ledger {
    let mut ledger = Ledger::new(Store::in_memory().unwrap(), Clock::System);
    let printer = OnceLock::new();
    dispatch(&mut ledger, &printer, "device_init", json!({"role": "village", "name": "石岩哨村"})).unwrap();
    ledger
}

fn as_role(ledger: Ledger, role: AccountRole) -> Ledger {
    ledger.acting_for(Some(Account { account_id: "a1".into(), name: "某人".into(), role }))
}

#[test]
fn every_command_is_listed_once_and_routed_to_the_crate_that_lists_it() {
    let all = catalogue();
    let mut names: Vec<&str> = all.iter().map(|c| c.name).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "a command listed by two crates");
    let of = |list: Vec<CommandInfo>| list.into_iter().map(|c| c.name).collect::<Vec<_>>();
    for (crate_list, expected) in [
        (of(xinfang_print::commands::catalogue()), Handler::Print),
        (of(xinfang_sheets::commands::catalogue()), Handler::Sheets),
        (of(xinfang_sync::commands::sync_catalogue()), Handler::Sync),
        (of(xinfang_core::catalogue()), Handler::Core),
    ] {
        for name in crate_list {
            assert_eq!(handler(name), expected, "{name}");
        }
    }
}

#[test]
fn each_crate_answers_through_the_one_router() {
    let mut ledger = village();
    let printer = OnceLock::new();
    let core = dispatch(&mut ledger, &printer, "device_show", json!({})).unwrap();
    assert_eq!(core["device"]["name"], "石岩哨村");
    let sync = dispatch(&mut ledger, &printer, "sync_identity", json!({})).unwrap();
    assert_eq!(sync["name"], "石岩哨村", "{sync}");
    let unknown = dispatch(&mut ledger, &printer, "no_such_command", json!({})).unwrap_err();
    assert_eq!(unknown.kind(), "unknown_command");
    // A refusal keeps its crate's kind and field, serialised as the UI reads it.
    let bad = dispatch(&mut ledger, &printer, "visit_add", json!({"channel": "fax"})).unwrap_err();
    let json = serde_json::to_value(&bad).unwrap();
    assert_eq!(json["kind"], bad.kind());
    assert_eq!(json["field"], "channel");
    assert!(json["message"].as_str().unwrap().contains("来访方式"), "{json}");
}

/// The role is checked once, here, for the command of any crate: a viewer
/// reads, but records nothing and sends nothing, whichever crate handles it.
#[test]
fn the_role_is_checked_once_for_every_crate() {
    let mut viewer = as_role(village(), AccountRole::Viewer);
    let printer = OnceLock::new();
    assert!(dispatch(&mut viewer, &printer, "case_list", json!({})).is_ok());
    assert!(dispatch(&mut viewer, &printer, "sync_identity", json!({})).is_ok());
    for (name, args) in [
        ("visit_add", json!({})),
        ("sync_export", json!({"folder": "/nonexistent"})),
        ("ledger_import", json!({"path": "/nonexistent.xlsx", "actor": "某人"})),
    ] {
        let e = dispatch(&mut viewer, &printer, name, args).unwrap_err();
        assert_eq!(e.kind(), "forbidden", "{name}: {e}");
    }
}

/// Every command's class is the one its crate's table declares beside it,
/// and the router holds each role to it for every command of every crate:
/// a leader is refused exactly the work, a viewer the work and the leading.
/// (A command without a class does not compile: the tables' grammar asks
/// for one.)
#[test]
fn every_command_has_a_class_and_each_role_is_held_to_it() {
    let printer = OnceLock::new();
    let mut leader = as_role(village(), AccountRole::Leader);
    let mut viewer = as_role(village(), AccountRole::Viewer);
    let mut refused = (0, 0);
    for c in catalogue() {
        assert_eq!(access(c.name), Some(c.access), "{}", c.name);
        // Refused before anything is read: the arguments do not matter. An
        // allowed command may still refuse `{}`, but never as forbidden.
        let as_leader = dispatch(&mut leader, &printer, c.name, json!({})).err().map(|e| e.kind());
        let as_viewer = dispatch(&mut viewer, &printer, c.name, json!({})).err().map(|e| e.kind());
        let work = c.access == Access::Work;
        let lead = c.access == Access::Lead;
        assert_eq!(as_leader == Some("forbidden"), work, "{} as a leader", c.name);
        assert_eq!(as_viewer == Some("forbidden"), work || lead, "{} as a viewer", c.name);
        refused.0 += usize::from(work);
        refused.1 += usize::from(work || lead);
    }
    assert!(refused.0 > 20 && refused.1 > refused.0, "{refused:?}");
    // The commands that record, correct, send or take records out are work.
    for name in ["visit_add", "case_transition", "agreement_sign", "sync_export", "backup_restore", "account_add", "ledger_import"] {
        assert_eq!(access(name), Some(Access::Work), "{name}");
    }
    assert_eq!(access("no_such_command"), None);
}

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

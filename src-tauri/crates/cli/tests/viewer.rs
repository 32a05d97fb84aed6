//! A viewer (查看) cannot obtain a resident's whole ID number or phone through
//! any command: every command of every crate is tried, signed in as a viewer
//! on a real encrypted ledger holding a case with both, routed exactly as the
//! app and `xinfang call` route them. Commands a viewer may not run are
//! refused as forbidden and change nothing; nothing is written out.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;
use xinfang_core::session::{self, AccountRole, NewAccount, SignIn};
use xinfang_core::{Clock, Ledger};

const ID: &str = "11010519491231002X";
const PHONE: &str = "13800138000";
const OTHER_PHONE: &str = "13912345678";

fn route(ledger: &mut Ledger, printer: &xinfang_print::Printer, name: &str, args: Value) -> Result<Value, Value> {
    if xinfang_print::commands::access(name).is_some() {
        xinfang_print::commands::dispatch(ledger, printer, name, args).map_err(|e| serde_json::to_value(&e).unwrap())
    } else if xinfang_sheets::commands::access(name).is_some() {
        xinfang_sheets::commands::dispatch(ledger, name, args).map_err(|e| serde_json::to_value(&e).unwrap())
    } else {
        xinfang_sync::commands::dispatch(ledger, name, args).map_err(|e| serde_json::to_value(&e).unwrap())
    }
}

fn ok(ledger: &mut Ledger, printer: &xinfang_print::Printer, name: &str, args: Value) -> Value {
    route(ledger, printer, name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(files_under(&e.path()));
        } else {
            out.push(e.path().display().to_string());
        }
    }
    out
}

#[test]
fn a_viewer_gets_no_whole_id_number_or_phone_from_any_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let printer = xinfang_print::Printer::new().unwrap();
    let clock = Clock::System;

    // The liaison records a case with an ID number and phones, an agreement,
    // an attachment and a revisit, then adds a viewer.
    let first =
        NewAccount { name: "王芳".into(), role: AccountRole::Liaison, passphrase: "石岩哨村口令2026".into() };
    let mut l = session::set_up(&path, first, clock).unwrap();
    ok(&mut l, &printer, "device_init", json!({"role": "village", "name": "石岩哨村"}));
    let visit = json!({"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
        "petitioners": [{"name": "张某某", "id_number": ID, "phone": PHONE, "village": "石岩哨村"}],
        "headcount": 1, "category": "土地承包", "request": "反映邻居在承包地内葬坟", "received_by": "李某"});
    let case_id = ok(&mut l, &printer, "visit_add", visit)["case_id"].as_str().unwrap().to_owned();
    let person_id = ok(&mut l, &printer, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let settle =
        json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-03-05", "actor": "李某"});
    ok(&mut l, &printer, "case_transition", settle);
    let other = ok(&mut l, &printer, "person_add", json!({"name": "王某", "phone": OTHER_PHONE}))["id"].clone();
    let agreement = ok(
        &mut l,
        &printer,
        "agreement_draft",
        json!({"case_id": case_id, "form": "written", "actor": "杨某",
        "content": {"party_ids": [person_id, other], "facts": "王某在张某某承包地内安葬亲属。", "responsibilities": "王某占地。",
            "terms": ["王某补偿张某某2600元。"], "performance": "当场付清。", "copies": 3, "mediators": ["杨某"], "recorder": "李某"}}),
    );
    let agreement_id = agreement["agreement"]["id"].clone();
    ok(&mut l, &printer, "agreement_sign", json!({"id": agreement_id, "signed_on": "2026-03-06", "actor": "杨某"}));
    let scan = dir.path().join("scan.png");
    std::fs::write(&scan, b"\x89PNG\r\n\x1a\n signed page").unwrap();
    let attachment = ok(
        &mut l,
        &printer,
        "attachment_add",
        json!({"case_id": case_id, "path": scan, "kind": "signed_agreement",
        "agreement_id": agreement_id, "actor": "杨某"}),
    );
    let revisit = ok(
        &mut l,
        &printer,
        "revisit_add",
        json!({"case_id": case_id, "agreement_id": agreement_id,
        "visited_on": "2026-03-20", "method": "phone", "visitor": "李某", "visitee": "张某某", "satisfaction": "satisfied", "stopped": true}),
    );
    let revisit_id = revisit["revisits"][0]["id"].clone();
    ok(&mut l, &printer, "account_add", json!({"name": "赵某", "role": "viewer", "passphrase": "查看的口令abcd"}));
    // The numbers are there to be had: the liaison sees them for a reason.
    let whole = ok(&mut l, &printer, "person_reveal", json!({"id": person_id, "reason": "核对身份后调解"}));
    assert_eq!((whole["id_number"].as_str(), whole["phone"].as_str()), (Some(ID), Some(PHONE)));
    drop(l);

    let mut viewer =
        session::sign_in(&path, SignIn { name: "赵某".into(), passphrase: "查看的口令abcd".into() }, clock).unwrap();
    let before =
        xinfang_core::store::dump::rows(viewer.store.conn(), Some(&xinfang_core::store::dump::SYNCED_TABLES)).unwrap();

    // Arguments that reach the case's records, for the commands that take them.
    let folder = out.display().to_string();
    let agreement_print = json!({"document": "agreement", "id": agreement_id});
    let samples: Vec<(&str, Value)> = vec![
        ("case_show", json!({"id": case_id})),
        ("case_list", json!({"text": "张某某"})),
        ("person_find", json!({"text": ID})),
        ("person_find", json!({"text": PHONE})),
        ("person_find", json!({"text": "王某"})),
        ("person_reveal", json!({"id": person_id, "case_id": case_id, "reason": "核对身份后交办"})),
        ("agreement_show", json!({"id": agreement_id})),
        ("attachment_list", json!({"id": case_id})),
        ("attachment_preview", json!({"id": attachment["id"]})),
        ("attachment_extract", json!({"id": attachment["id"], "folder": folder})),
        ("access_list", json!({"id": case_id})),
        ("case_views", json!({"id": case_id})),
        ("case_confidential", json!({"id": case_id, "confidential": true, "actor": "赵某"})),
        ("visit_similar", json!({"petitioners": [{"name": "张某某", "id_number": ID}], "request": "葬坟"})),
        ("report_show", json!({"from": "2026-01-01", "to": "2026-12-31"})),
        ("report_cases", json!({"query": {"from": "2026-01-01", "to": "2026-12-31"}, "figure": "received"})),
        ("print_preview", json!({"request": agreement_print})),
        ("print_preview", json!({"request": {"document": "case_file", "case_id": case_id}})),
        ("print_preview", json!({"request": {"document": "revisit", "id": revisit_id}})),
        ("print_preview", json!({"request": {"document": "register", "from": "2026-01-01", "to": "2026-12-31"}})),
        (
            "print_save",
            json!({"request": {"document": "commitment", "case_id": case_id}, "folder": folder, "actor": "赵某"}),
        ),
        ("print_send", json!({"request": agreement_print, "copies": 1, "actor": "赵某"})),
        ("report_xlsx", json!({"query": {"from": "2026-01-01", "to": "2026-12-31"}, "folder": folder})),
        ("sync_export", json!({"to": folder})),
        ("backup_make", json!({})),
        ("backup_settings_set", json!({"folder": folder, "keep": 3})),
        ("ledger_import_preview", json!({"path": scan})),
    ];
    let mut commands: BTreeSet<&str> = BTreeSet::new();
    let catalogue: Vec<_> = xinfang_sync::commands::catalogue()
        .into_iter()
        .chain(xinfang_print::commands::catalogue())
        .chain(xinfang_sheets::commands::catalogue())
        .collect();
    assert!(catalogue.len() > 60, "every crate's commands: {}", catalogue.len());
    let mut tried = 0;
    let mut forbidden = 0;
    for info in &catalogue {
        let mut args: Vec<Value> = samples.iter().filter(|(n, _)| *n == info.name).map(|(_, a)| a.clone()).collect();
        if args.is_empty() {
            args.push(json!({}));
        }
        for a in args {
            let answer = route(&mut viewer, &printer, info.name, a.clone());
            let text = match &answer {
                Ok(v) | Err(v) => v.to_string(),
            };
            for secret in [ID, PHONE, OTHER_PHONE] {
                assert!(!text.contains(secret), "{} {a} gave {secret}: {text}", info.name);
            }
            if let Err(e) = &answer
                && e["kind"] == "forbidden"
            {
                forbidden += 1;
            }
            tried += 1;
        }
        commands.insert(info.name);
    }
    for must_refuse in [
        "person_reveal",
        "attachment_extract",
        "sync_export",
        "backup_make",
        "report_xlsx",
        "visit_add",
        "case_confidential",
    ] {
        let e = route(&mut viewer, &printer, must_refuse, json!({})).unwrap_err();
        assert_eq!(e["kind"], "forbidden", "{must_refuse}: {e}");
    }
    for personal in [agreement_print.clone(), json!({"document": "case_file", "case_id": case_id})] {
        let e = route(&mut viewer, &printer, "print_preview", json!({"request": personal})).unwrap_err();
        assert_eq!(e["kind"], "forbidden", "{e}");
    }
    let after =
        xinfang_core::store::dump::rows(viewer.store.conn(), Some(&xinfang_core::store::dump::SYNCED_TABLES)).unwrap();
    assert_eq!(after, before, "a viewer changed nothing that travels");
    assert_eq!(files_under(&out), Vec::<String>::new(), "nothing was written out");
    println!("viewer: {} commands, {tried} calls, {forbidden} refused as forbidden, 0 whole numbers", commands.len());
}

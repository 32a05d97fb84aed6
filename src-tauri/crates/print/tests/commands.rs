//! The print commands as the app calls them, on a real ledger: preview,
//! save as PDF (and PDF/A), send to a printer, and the print record each
//! leaves on the agreement. The printer is a stand-in for CUPS's `lp`, a
//! script that keeps what it was given.

mod common;

use common::*;
use serde_json::{Value, json};
use xinfang_core::Ledger;
use xinfang_core::store::dump;
use xinfang_print::commands;

fn print(l: &mut Ledger, name: &str, args: Value) -> Result<Value, xinfang_print::Error> {
    commands::dispatch(l, &printer(), name, args)
}

/// A village ledger with a draft agreement between 王玥 and 张堃; returns its id.
fn ledger_with_draft() -> (Ledger, String) {
    let mut l = village();
    let added = call(
        &mut l,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
            "petitioners": [{"name": "王玥", "village": "石岩哨村"}], "headcount": 1, "category": "坟地/丧葬",
            "request": "反映张堃家在我家承包地内葬坟。", "received_by": "杨某"}),
    );
    let case_id = added["case_id"].clone();
    call(
        &mut l,
        "case_transition",
        json!({"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-03-05", "actor": "杨某"}),
    );
    let wang = call(&mut l, "case_show", json!({"id": case_id}))["people"][0]["id"].clone();
    let zhang = call(&mut l, "person_add", json!({"name": "张堃", "village": "石岩哨村"}))["id"].clone();
    let content = json!({"party_ids": [wang, zhang], "facts": "张堃家在王玥家承包地内安葬亲属。",
        "responsibilities": "张堃家未经同意占地。", "terms": ["张堃家一次性补偿王玥家土地款2600元。"],
        "performance": "当场付清。", "copies": 3, "mediators": ["刘䶮"], "recorder": "欧阳明月"});
    let draft = call(
        &mut l,
        "agreement_draft",
        json!({"case_id": case_id, "form": "written", "content": content, "actor": "杨某"}),
    );
    let id = draft["agreement"]["id"].as_str().unwrap().to_owned();
    (l, id)
}

fn request(id: &str) -> Value {
    json!({"document": "agreement", "id": id})
}

#[test]
fn the_preview_is_the_agreement_in_the_ledger_page_by_page() {
    let (mut l, id) = ledger_with_draft();
    let shown = print(&mut l, "print_preview", json!({"request": request(&id)})).unwrap();
    assert_eq!(shown["title"], "人民调解协议书（草稿）");
    assert_eq!(shown["fingerprint"], call(&mut l, "agreement_show", json!({"id": id}))["fingerprint"]);
    let pages = shown["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].as_str().unwrap().starts_with("<svg"));
    // Looking is not printing.
    assert_eq!(call(&mut l, "agreement_show", json!({"id": id}))["prints"], json!([]));
}

#[test]
fn saving_writes_a_whole_pdf_named_after_the_agreement_and_records_it() {
    let (mut l, id) = ledger_with_draft();
    call(&mut l, "agreement_sign", json!({"id": id, "signed_on": "2026-05-04", "actor": "杨某"}));
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().display().to_string();
    let saved =
        print(&mut l, "print_save", json!({"request": request(&id), "folder": folder, "actor": "李某"})).unwrap();
    let path = std::path::PathBuf::from(saved["path"].as_str().unwrap());
    assert_eq!(path, dir.path().join("人民调解协议书（2026）石岩哨村人调字第1号.pdf"));
    let pdf = std::fs::read(&path).unwrap();
    let shown = call(&mut l, "agreement_show", json!({"id": id}));
    let fingerprint = shown["fingerprint"].as_str().unwrap();
    assert!(all_text(&pdf).contains(&format!("内容指纹{fingerprint}")));
    assert_eq!(shown["prints"][0]["medium"], "pdf");
    assert_eq!(shown["prints"][0]["printed_by"], "李某");
    assert_eq!(shown["prints"][0]["fingerprint"], fingerprint);

    // Saving again keeps the first file; the archive copy is PDF/A.
    let again = print(
        &mut l,
        "print_save",
        json!({"request": request(&id), "folder": folder, "archive": true, "actor": "李某"}),
    )
    .unwrap();
    assert!(again["path"].as_str().unwrap().ends_with("人民调解协议书（2026）石岩哨村人调字第1号（2）.pdf"));
    assert_eq!(std::fs::read(&path).unwrap(), pdf);
    let archive = std::fs::read(again["path"].as_str().unwrap()).unwrap();
    assert!(String::from_utf8_lossy(&archive).contains("<pdfaid:part>2</pdfaid:part>"));
    assert_eq!(call(&mut l, "agreement_show", json!({"id": id}))["prints"].as_array().unwrap().len(), 2);
}

#[test]
fn a_save_that_cannot_be_written_says_why_and_records_nothing() {
    let (mut l, id) = ledger_with_draft();
    let before = dump::rows(l.store.conn(), None).unwrap();
    let err =
        print(&mut l, "print_save", json!({"request": request(&id), "folder": "/no/such/folder", "actor": "李某"}))
            .unwrap_err();
    assert_eq!(err.kind(), "output");
    assert_eq!(err.field(), Some("folder"));
    assert!(err.to_string().contains("文件夹不存在"), "{err}");
    let err =
        print(&mut l, "print_save", json!({"request": request(&id), "folder": "/tmp", "actor": " "})).unwrap_err();
    assert!(err.to_string().contains("经办人"), "{err}");
    let err = print(&mut l, "print_preview", json!({"request": request("no-such-agreement")})).unwrap_err();
    assert_eq!(err.kind(), "not_found");
    assert_eq!(dump::rows(l.store.conn(), None).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn sending_hands_the_pdf_to_the_spooler_and_a_refusal_records_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let (mut l, id) = ledger_with_draft();
    let dir = tempfile::tempdir().unwrap();
    // A stand-in for `lp`: keeps its arguments and the file it was given,
    // answers like CUPS, and refuses when asked for printer "Jammed".
    let lp = dir.path().join("lp");
    let kept = dir.path().join("kept");
    std::fs::write(
        &lp,
        format!(
            "#!/bin/sh\necho \"$@\" > {k}.args\nfor f; do :; done\ncp \"$f\" {k}.pdf\n\
             case \"$*\" in *Jammed*) echo 'lp: printer is jammed' >&2; exit 1;; esac\n\
             echo 'request id is Office-7 (1 file(s))'\n",
            k = kept.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Only this test reads XINFANG_LP.
    unsafe { std::env::set_var("XINFANG_LP", &lp) };

    let sent = print(
        &mut l,
        "print_send",
        json!({"request": request(&id), "printer": "Office", "copies": 3, "actor": "杨某"}),
    )
    .unwrap();
    assert_eq!(sent["job"], "Office-7");
    let args = std::fs::read_to_string(kept.with_extension("args")).unwrap();
    assert!(args.starts_with("-d Office -n 3 -t 人民调解协议书（草稿） --"), "{args}");
    let pdf = std::fs::read(kept.with_extension("pdf")).unwrap();
    assert!(all_text(&pdf).contains("王玥"));
    let shown = call(&mut l, "agreement_show", json!({"id": id}));
    assert_eq!(shown["prints"][0]["medium"], "paper");

    // A refused print is not recorded as printed and changes no record of
    // the case. The agreement with both parties' whole numbers was typeset
    // and handed to the spooler, though, so that look stays in 查阅记录.
    let records: &[&str] = &["agreement", "agreement_print", "case_event", "petition_case", "person", "visit"];
    let before = dump::rows(l.store.conn(), Some(records)).unwrap();
    let looks = |l: &mut Ledger| call(l, "access_list", json!({"id": shown["agreement"]["case_id"]})).as_array().unwrap().len();
    let looked = looks(&mut l);
    let err = print(
        &mut l,
        "print_send",
        json!({"request": request(&id), "printer": "Jammed", "copies": 1, "actor": "杨某"}),
    )
    .unwrap_err();
    assert_eq!(err.kind(), "printer");
    assert!(err.to_string().contains("printer is jammed"), "{err}");
    assert_eq!(looks(&mut l), looked + 2, "each party's whole number, looked at once more");
    let all = dump::rows(l.store.conn(), None).unwrap();
    let err = print(&mut l, "print_send", json!({"request": request(&id), "copies": 0, "actor": "杨某"})).unwrap_err();
    assert!(err.to_string().contains("打印份数"), "{err}");
    assert_eq!(dump::rows(l.store.conn(), None).unwrap(), all, "a refused number of copies changed the ledger");
    assert_eq!(dump::rows(l.store.conn(), Some(records)).unwrap(), before, "a refused print changed a record");
}

#[test]
fn every_form_of_a_case_previews_by_request_and_an_oral_agreement_prints_its_register_form() {
    let (mut l, id) = ledger_with_draft();
    let signed = call(&mut l, "agreement_sign", json!({"id": id, "signed_on": "2026-05-04", "actor": "杨某"}));
    let case_id = signed["agreement"]["case_id"].as_str().unwrap().to_owned();
    let detail = call(
        &mut l,
        "revisit_add",
        json!({"case_id": case_id, "agreement_id": id, "visited_on": "2026-05-06", "method": "phone",
            "visitor": "杨某", "visitee": "王玥", "satisfaction": "satisfied", "stopped": true}),
    );
    let revisit_id = detail["revisits"][0]["id"].as_str().unwrap().to_owned();
    let previews = [
        (
            json!({"document": "commitment", "case_id": case_id}),
            "群众信访双向承诺书石岩哨村信〔2026〕第1号",
            "双向承诺书",
        ),
        (
            json!({"document": "register", "from": "2026-03-01", "to": "2026-05-06"}),
            "信访事项受理登记表2026-03-01至2026-05-06",
            "王玥",
        ),
        (json!({"document": "revisit", "id": revisit_id}), "回访记录石岩哨村信〔2026〕第1号2026-05-06", "回访记录"),
        (json!({"document": "case_file", "case_id": case_id}), "卷宗石岩哨村信〔2026〕第1号", "卷宗目录"),
    ];
    for (request, title, says) in previews {
        let shown = print(&mut l, "print_preview", json!({"request": request})).unwrap();
        assert_eq!(shown["title"], title);
        assert_eq!(shown["fingerprint"], Value::Null, "{title}: only an agreement has a fingerprint");
        let dir = tempfile::tempdir().unwrap();
        let saved =
            print(&mut l, "print_save", json!({"request": request, "folder": dir.path(), "actor": "杨某"})).unwrap();
        let pdf = std::fs::read(saved["path"].as_str().unwrap()).unwrap();
        assert!(all_text(&pdf).contains(says), "{title} does not say {says}");
    }

    // An oral agreement prints as the 口头协议登记表, with its fingerprint, and is recorded.
    let (mut l, _) = ledger_with_draft();
    let case_id = call(&mut l, "case_list", json!({}))["items"][0]["id"].clone();
    let other = call(
        &mut l,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-05-05T09:30:00+08:00",
        "petitioners": [{"name": "李喆", "village": "石岩哨村"}], "headcount": 1, "category": "邻里纠纷",
        "request": "反映邻居排水沟堵塞。", "received_by": "杨某"}),
    )["case_id"]
        .clone();
    assert_ne!(case_id, other);
    let party = call(&mut l, "case_show", json!({"id": other}))["people"][0]["id"].clone();
    let neighbour = call(&mut l, "person_add", json!({"name": "赵某", "village": "石岩哨村"}))["id"].clone();
    let oral = call(
        &mut l,
        "agreement_draft",
        json!({"case_id": other, "form": "oral", "actor": "杨某",
        "content": {"party_ids": [party, neighbour], "facts": "排水沟堵塞。", "terms": ["双方各自清理门前水沟。"],
            "performance": "三日内。", "mediators": ["刘䶮"], "recorder": "杨某"}}),
    );
    let oral_id = oral["agreement"]["id"].as_str().unwrap().to_owned();
    call(&mut l, "agreement_sign", json!({"id": oral_id, "signed_on": "2026-05-05", "actor": "杨某"}));
    let fingerprint =
        call(&mut l, "agreement_show", json!({"id": oral_id}))["fingerprint"].as_str().unwrap().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let saved =
        print(&mut l, "print_save", json!({"request": request(&oral_id), "folder": dir.path(), "actor": "杨某"}))
            .unwrap();
    assert!(saved["path"].as_str().unwrap().ends_with("人民调解口头协议登记表石岩哨村信〔2026〕第2号.pdf"), "{saved}");
    let text = all_text(&std::fs::read(saved["path"].as_str().unwrap()).unwrap());
    assert!(text.contains("人民调解口头协议登记表") && text.contains(&format!("内容指纹{fingerprint}")), "{text}");
    assert_eq!(
        call(&mut l, "agreement_show", json!({"id": oral_id}))["prints"][0]["fingerprint"],
        fingerprint.as_str()
    );
}

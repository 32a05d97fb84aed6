use super::*;
use serde_json::json;


#[test]
fn every_print_command_is_known_by_name_and_no_other() {
    let names: Vec<&str> = catalogue().iter().map(|c| c.name).collect();
    assert_eq!(names, ["print_preview", "print_save", "print_send", "print_targets"]);
    assert!(names.iter().all(|n| access(n).is_some()));
    assert!(access("agreement_show").is_none());
}

#[test]
fn a_request_names_its_document_and_nothing_else() {
    let r: PrintRequest = serde_json::from_value(json!({"document": "agreement", "id": "a1"})).unwrap();
    assert_eq!(r, PrintRequest::Agreement { id: "a1".into() });
    assert!(serde_json::from_value::<PrintRequest>(json!({"document": "agreement", "case_id": "c"})).is_err());
    assert!(serde_json::from_value::<PrintRequest>(json!({"document": "poster", "id": "a1"})).is_err());
    // A report over every village needs no list of them.
    let r: PrintRequest =
        serde_json::from_value(json!({"document": "report", "from": "2009-01-01", "to": "2009-06-30"})).unwrap();
    assert_eq!(r, PrintRequest::Report { from: "2009-01-01".into(), to: "2009-06-30".into(), villages: vec![] });
    // The guide is this device's: it names no record.
    let r: PrintRequest = serde_json::from_value(json!({"document": "quick_guide"})).unwrap();
    assert_eq!(r, PrintRequest::QuickGuide);
    assert_eq!(serde_json::to_value(&r).unwrap(), json!({"document": "quick_guide"}));
}

#[test]
fn the_pdf_is_proposed_for_the_documents_folder_chinese_or_not() {
    let home = tempfile::tempdir().unwrap();
    assert_eq!(documents_folder(home.path()), home.path(), "neither exists: home");
    std::fs::create_dir(home.path().join("Documents")).unwrap();
    assert_eq!(documents_folder(home.path()), home.path().join("Documents"));
    std::fs::create_dir(home.path().join("文档")).unwrap();
    assert_eq!(documents_folder(home.path()), home.path().join("文档"));
}

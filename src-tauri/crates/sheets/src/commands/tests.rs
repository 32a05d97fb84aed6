use super::*;


#[test]
fn every_sheets_command_is_known_by_name_and_none_is_the_cores() {
    let names: Vec<&str> = catalogue().iter().map(|c| c.name).collect();
    assert_eq!(names, ["report_xlsx", "ledger_import_preview", "ledger_import"]);
    assert!(names.iter().all(|n| access(n).is_some()));
    let core: Vec<&str> = xinfang_core::catalogue().iter().map(|c| c.name).collect();
    assert!(names.iter().all(|n| !core.contains(n)), "a sheets command would hide a core command");
    assert!(access("ledger_import_rows").is_none());
}

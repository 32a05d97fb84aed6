use super::*;

/// Writes `sheetsCommands.ts` beside the ts-rs bindings (run by `cargo test`).
#[test]
fn export_command_map() {
    let dir = PathBuf::from(std::env::var("TS_RS_EXPORT_DIR").unwrap_or_else(|_| "bindings".into()));
    let dir = if dir.is_absolute() { dir } else { Path::new(env!("CARGO_MANIFEST_DIR")).join(dir) };
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("sheetsCommands.ts"), typescript_command_map()).unwrap();
}

#[test]
fn every_sheets_command_is_known_by_name_and_none_is_the_cores() {
    let names: Vec<&str> = catalogue().iter().map(|c| c.name).collect();
    assert_eq!(names, ["report_xlsx", "ledger_import_preview", "ledger_import"]);
    assert!(names.iter().all(|n| is_sheets_command(n)));
    let core: Vec<&str> = xinfang_core::catalogue().iter().map(|c| c.name).collect();
    assert!(names.iter().all(|n| !core.contains(n)), "a sheets command would hide a core command");
    assert!(!is_sheets_command("ledger_import_rows"));
}

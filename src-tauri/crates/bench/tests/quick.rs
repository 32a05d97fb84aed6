//! `xinfang-bench --quick` (what CI runs, in the debug build) prints every
//! in-process figure with a number, and says the app's are not measured
//! without the app. Speed is never asserted here: targets live in the output.

use std::process::Command;

#[test]
fn the_quick_run_prints_every_figure_with_its_reference() {
    let out = Command::new(env!("CARGO_BIN_EXE_xinfang-bench")).arg("--quick").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    let row = |starts: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("| {starts}")))
            .unwrap_or_else(|| panic!("no figure '{starts}' in:\n{text}"))
            .to_owned()
    };
    let with_reference = ["export:", "import:", "full report:"];
    let alone = ["generate the township ledger", "search:", "ledger page:", "Today view", "agreement PDF"];
    for figure in with_reference.iter().chain(&alone) {
        let line = row(figure);
        let cells: Vec<&str> = line.split(" | ").collect();
        assert!(cells[1].chars().any(|c| c.is_ascii_digit()), "no number measured: {line}");
        if with_reference.contains(figure) {
            assert!(cells[2].chars().any(|c| c.is_ascii_digit()), "no reference: {line}");
            assert!(cells[3].chars().any(|c| c.is_ascii_digit()), "no ratio: {line}");
        }
    }
    assert!(row("import:").contains("entries/s"));
    assert!(text.contains("not measured, give --app and --driver"));
}

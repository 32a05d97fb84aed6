//! Printing's Windows paths, run as a Windows program (under Wine in
//! `make test-windows`): the printer list goes through PowerShell's
//! `Win32_Printer`, and whatever the machine has — printers, none, or no
//! PowerShell at all (Wine) — the answer is a list or one line of Chinese
//! saying what to do, never the system's own words.

#![cfg(windows)]

use xinfang_print::system_printer;

#[test]
fn the_printer_list_is_a_list_or_a_chinese_line() {
    match system_printer::list() {
        Ok(printers) => {
            for p in &printers {
                assert!(!p.name.trim().is_empty(), "{printers:?}");
            }
            assert!(printers.iter().filter(|p| p.is_default).count() <= 1, "{printers:?}");
        }
        Err(e) => {
            let line = e.to_string();
            assert!(line.contains("打印"), "{line}");
            assert!(!line.contains("os error") && !line.contains('\n'), "{line}");
        }
    }
}

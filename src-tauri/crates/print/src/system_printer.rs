//! The system's printers: CUPS (`lpstat`, `lp`) on Linux and other Unixes,
//! the shell's print verb on Windows. The PDF is handed over as a file; the
//! spooler owns it from there.

use crate::{Error, Result};
use serde::Serialize;
use std::path::Path;
use std::process::Command;
use ts_rs::TS;

/// One printer the system knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SystemPrinter {
    pub name: String,
    pub is_default: bool,
}

/// The command that lists printers and the one that prints; overridable so
/// a test can stand in for CUPS (`XINFANG_LPSTAT`, `XINFANG_LP`).
#[cfg(not(windows))]
fn tool(var: &str, default: &str) -> String {
    std::env::var(var).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_owned())
}

/// No print service at all: said as what the clerk can do now. The system's
/// own words (English, about files and errors) help no one at the desk.
pub const NO_PRINTER: &str = "这台电脑还没有连接打印机，可以先存为 PDF 文件拷到能打印的电脑";

fn no_spooler(_: std::io::Error) -> Error {
    Error::Printing(NO_PRINTER.to_owned())
}

#[cfg(not(windows))]
pub fn list() -> Result<Vec<SystemPrinter>> {
    let out = Command::new(tool("XINFANG_LPSTAT", "lpstat")).args(["-p", "-d"]).env("LC_ALL", "C").output();
    let out = out.map_err(no_spooler)?;
    // `lpstat` exits non-zero when no printer is set up; its text still says so.
    Ok(parse_lpstat(&String::from_utf8_lossy(&out.stdout)))
}

/// `lpstat -p -d` in the C locale: `printer NAME is idle. …` per printer and
/// `system default destination: NAME`.
#[cfg(not(windows))]
fn parse_lpstat(text: &str) -> Vec<SystemPrinter> {
    let default = text.lines().find_map(|l| l.strip_prefix("system default destination: ")).map(str::trim);
    text.lines()
        .filter_map(|l| l.strip_prefix("printer ")?.split_whitespace().next())
        .map(|name| SystemPrinter { name: name.to_owned(), is_default: Some(name) == default })
        .collect()
}

/// Sends `pdf` to `printer` (the default printer when `None`), `copies`
/// times; returns the spooler's job id.
#[cfg(not(windows))]
pub fn send(pdf: &Path, printer: Option<&str>, copies: u32, title: &str) -> Result<String> {
    let mut lp = Command::new(tool("XINFANG_LP", "lp"));
    if let Some(p) = printer {
        lp.args(["-d", p]);
    }
    lp.args(["-n", &copies.to_string(), "-t", title, "--"]).arg(pdf).env("LC_ALL", "C");
    let out = lp.output().map_err(no_spooler)?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        return Err(Error::Printing(format!("打印机拒绝了打印任务：{why}。请检查打印机是否已连接、已开机、有纸。")));
    }
    // "request id is Office-12 (1 file(s))"
    let said = String::from_utf8_lossy(&out.stdout);
    Ok(said.split_whitespace().nth(3).unwrap_or("").to_owned())
}

#[cfg(windows)]
pub fn list() -> Result<Vec<SystemPrinter>> {
    let out = Command::new("powershell")
        .args([
            "-NoProfile",
            "-Command",
            "Get-CimInstance Win32_Printer | ForEach-Object { \"$($_.Default)`t$($_.Name)\" }",
        ])
        .output()
        .map_err(no_spooler)?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(default, name)| SystemPrinter { name: name.trim().to_owned(), is_default: default.trim() == "True" })
        .collect())
}

/// Windows has no spooler command for PDF: the PDF reader registered for
/// `.pdf` prints it through its `PrintTo` verb, as Explorer's "打印" does.
#[cfg(windows)]
pub fn send(pdf: &Path, printer: Option<&str>, copies: u32, _title: &str) -> Result<String> {
    let quote = |s: &str| s.replace('\'', "''");
    let verb = match printer {
        Some(p) => format!("-Verb PrintTo -ArgumentList '\"{}\"'", quote(p)),
        None => "-Verb Print".to_owned(),
    };
    for _ in 0..copies.max(1) {
        let script = format!("Start-Process -FilePath '{}' {verb} -Wait", quote(&pdf.display().to_string()));
        let status =
            Command::new("powershell").args(["-NoProfile", "-Command", &script]).status().map_err(no_spooler)?;
        if !status.success() {
            return Err(Error::Printing(
                "没有能打印 PDF 的程序（请安装 PDF 阅读器），或打印机不可用。可先“另存为 PDF”再打印。".into(),
            ));
        }
    }
    Ok(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(windows))]
    #[test]
    fn lpstat_lists_printers_and_marks_the_default() {
        let text = "printer Office is idle.  enabled since Mon 23 Nov 2026\n\
                    printer HP_LaserJet_1020 disabled since Mon 23 Nov 2026 -\n\treason unknown\n\
                    system default destination: HP_LaserJet_1020\n";
        assert_eq!(
            parse_lpstat(text),
            [
                SystemPrinter { name: "Office".into(), is_default: false },
                SystemPrinter { name: "HP_LaserJet_1020".into(), is_default: true }
            ]
        );
        assert_eq!(parse_lpstat("no system default destination\n"), []);
    }

    #[test]
    fn no_print_service_is_said_in_plain_chinese() {
        let e = no_spooler(std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(e.to_string(), NO_PRINTER);
        assert!(!e.to_string().is_ascii() && !e.to_string().contains("os error"), "{e}");
    }
}

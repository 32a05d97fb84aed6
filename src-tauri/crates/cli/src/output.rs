//! What the CLI prints: JSON for scripts, or short Chinese text for people.
//!
//! Everything goes through [`out!`] and [`outln!`] (standard output) and
//! [`errln!`] (standard error), never `println!`, which panics when the
//! reader has gone: `xinfang report --json | head` closes the pipe after ten
//! lines, and that ends the program quietly, as `cat` would.

use crate::error::CliError;
use serde_json::Value;
use std::io::Write;
use xinfang_core::commands::CommandInfo;

/// `print!` that ends the program quietly when standard output is closed.
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::stdout(format_args!($($arg)*)) };
}

/// `println!` that ends the program quietly when standard output is closed.
macro_rules! outln {
    () => { $crate::output::stdout(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprintln!` that never panics: a closed standard error loses the line.
macro_rules! errln {
    ($($arg:tt)*) => { $crate::output::stderr(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Writes to standard output. A reader that has gone away (a closed pipe)
/// ends the program at once, quietly and successfully: what was asked for
/// was done, and whoever would read the rest does not want it. Any other
/// failure to write is said in one line, and the program stops.
pub fn stdout(text: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(text).and_then(|()| out.flush()) {
        drop(out);
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        stderr(format_args!("错误：无法输出结果（标准输出写不进去）。\n"));
        std::process::exit(1);
    }
}

/// Writes to standard error, losing the text if it cannot be written.
pub fn stderr(text: std::fmt::Arguments<'_>) {
    let _ = std::io::stderr().lock().write_fmt(text);
}

pub fn json(v: &Value) -> Result<(), CliError> {
    outln!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

pub fn command_list(list: &[CommandInfo]) {
    for c in list {
        outln!(
            "{}  —  {}\n    参数：{}\n    结果：{}\n    可用：{}\n",
            c.name,
            c.summary,
            one_line(&c.args),
            c.output_type,
            c.access.who()
        );
    }
}

/// A TypeScript declaration without its doc comments, on one line.
fn one_line(decl: &str) -> String {
    let mut out = String::new();
    let mut rest = decl;
    while let Some(start) = rest.find("/**") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

pub fn case_page(page: &Value) -> Result<(), CliError> {
    let items = page["items"].as_array().map(Vec::as_slice).unwrap_or_default();
    outln!("共 {} 件（本页 {} 件）", page["total"], items.len());
    for c in items {
        let names: Vec<&str> = c["petitioners"].as_array().into_iter().flatten().map(s).collect();
        outln!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            s(&c["id"]),
            s(&c["number"]),
            s(&c["received_at"]),
            names.join("、"),
            s(&c["category"]),
            s(&c["request"])
        );
    }
    Ok(())
}

pub fn case_detail(d: &Value) -> Result<(), CliError> {
    let c = &d["case"];
    outln!("{}  {}", s(&c["number"]), s(&c["category"]));
    outln!("登记：{}  接待人：{}", s(&c["received_at"]), s(&c["received_by"]));
    outln!("诉求：{}", s(&c["request"]));
    for v in d["visits"].as_array().into_iter().flatten() {
        let names: Vec<&str> = v["petitioners"].as_array().into_iter().flatten().map(|p| s(&p["name"])).collect();
        outln!("来访：{}  {}", s(&v["received_at"]), names.join("、"));
    }
    for dl in d["deadlines"].as_array().into_iter().flatten() {
        outln!("期限：{} {}（{}）", s(&dl["title"]), s(&dl["due_on"]), s(&dl["state_label"]));
    }
    Ok(())
}

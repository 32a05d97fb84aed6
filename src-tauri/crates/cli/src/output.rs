//! What the CLI prints: JSON for scripts, or short Chinese text for people.

use crate::error::CliError;
use serde_json::Value;
use xinfang_core::commands::CommandInfo;

pub fn json(v: &Value) -> Result<(), CliError> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

pub fn command_list(list: &[CommandInfo]) {
    for c in list {
        println!("{}  —  {}\n    参数：{}\n    结果：{}\n", c.name, c.summary, one_line(&c.args), c.output_type);
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
    println!("共 {} 件（本页 {} 件）", page["total"], items.len());
    for c in items {
        let names: Vec<&str> = c["petitioners"].as_array().into_iter().flatten().map(s).collect();
        println!(
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
    println!("{}  {}", s(&c["number"]), s(&c["category"]));
    println!("登记：{}  接待人：{}", s(&c["received_at"]), s(&c["received_by"]));
    println!("诉求：{}", s(&c["request"]));
    for v in d["visits"].as_array().into_iter().flatten() {
        let names: Vec<&str> = v["petitioners"].as_array().into_iter().flatten().map(|p| s(&p["name"])).collect();
        println!("来访：{}  {}", s(&v["received_at"]), names.join("、"));
    }
    for dl in d["deadlines"].as_array().into_iter().flatten() {
        println!("期限：{} {}（{}）", s(&dl["title"]), s(&dl["due_on"]), s(&dl["state_label"]));
    }
    Ok(())
}

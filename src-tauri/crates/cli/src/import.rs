//! `xinfang import-ledger FILE`: 台账导入 from the command line. The preview
//! (the rows as they will be recorded, then every error by row) is always
//! printed; any error ends with a non-zero exit and nothing written, and
//! `--preview` stops before writing. The sheets crate reads the workbook and
//! the core checks and records the rows, exactly as in the app.
//!
//! The clerk's own words (a category 民政, a channel 群众来访, a state 已落实)
//! are listed once as `unmapped`; `--map MAP.json` maps them
//! (`{"category": {"民政": "民政救助"}, "channel": {…}, "outcome": {…}}`) and
//! the ledger remembers the mapping for the next import; a category may be
//! added to the township's list instead
//! (`"new_categories": {"disputes": ["坟地纠纷"], "requests": […]}`), which the
//! import stores as the settings page would. `--json` prints
//! `{"rows": N, "errors": […], "unmapped": {…}, …}`, the rows themselves
//! under `detail`.

use crate::error::CliError;
use crate::output;
use crate::report::{display_width, pad};
use clap::Args;
use serde_json::{Value, json};
use std::path::PathBuf;
use xinfang_core::Ledger;
use xinfang_core::commands::{ImportedRow, args};
use xinfang_sheets::commands::{self, LedgerFile, LedgerPreview};

#[derive(Debug, Args)]
pub struct ImportLedgerArgs {
    /// Excel 台账文件（.xlsx 或 .xls），列名见 docs/ledger-import.md
    pub file: PathBuf,
    /// 经办人（导入人）：表中没有“接待人”列时记为接待人
    #[arg(long)]
    pub by: String,
    /// 只预览：列出将登记的各行和错误，不写入台账
    #[arg(long)]
    pub preview: bool,
    /// 以 JSON 输出（预览或导入结果）
    #[arg(long)]
    pub json: bool,
    /// 对照表（JSON 文件）：把表里自己的写法对照为台账的类别、方式、办理情况，如
    /// {"category": {"民政": "民政救助"}}；导入后记在台账里，下次自动使用。
    /// 表里的类别也可以加进本乡镇的类别清单：{"new_categories": {"disputes": ["坟地纠纷"], "requests": []}}
    /// （disputes 为矛盾纠纷类，requests 为诉求类）
    #[arg(long, value_name = "MAP.json")]
    pub map: Option<String>,
}

pub fn run(ledger: &mut Ledger, a: ImportLedgerArgs) -> Result<(), CliError> {
    let mapping = match &a.map {
        Some(source) => crate::parse_json(&crate::read_input(source)?)?,
        None => Value::Null,
    };
    let given = json!({"path": a.file.display().to_string(), "actor": a.by, "mapping": mapping});
    // The same checks, and Chinese messages by field, as `xinfang call` gives.
    let file: LedgerFile = args::parse("ledger_import", given)?;
    let preview = commands::preview(ledger, file.clone())?;
    let blocked = !preview.errors.is_empty() || !preview.unmapped.is_empty();
    let outcome = if a.preview || blocked { preview } else { commands::import(ledger, file)? };
    if a.json {
        output::json(&contract(&outcome)?)?;
    } else {
        out!("{}", text(&outcome));
    }
    match (outcome.errors.len(), outcome.unmapped.count()) {
        (0, 0) => Ok(()),
        (0, _) if a.preview => Ok(()),
        (0, count) => Err(CliError::ImportUnmapped { count }),
        (count, _) => Err(CliError::ImportErrors { count }),
    }
}

/// The JSON scripts read: the counts and lists first, the rows as `detail`.
fn contract(p: &LedgerPreview) -> Result<Value, CliError> {
    let mut v = serde_json::to_value(p)?;
    if let Value::Object(m) = &mut v {
        let detail = m.remove("rows").unwrap_or(Value::Null);
        m.insert("rows".into(), json!(p.rows.len()));
        m.insert("detail".into(), detail);
    }
    Ok(v)
}

const HEADINGS: [&str; 9] = ["行", "日期", "姓名", "身份证号", "村", "类别", "方式", "办结日期", "编号"];

/// A row as the table shows it: the case number recorded, or the one it repeats.
fn cells(r: &ImportedRow) -> [String; 9] {
    let number = match (&r.case_number, &r.existing) {
        (Some(n), _) => n.clone(),
        (None, Some(n)) => format!("已有 {n}"),
        (None, None) => String::new(),
    };
    [
        r.row.to_string(),
        r.received_on.clone(),
        r.name.clone(),
        r.id_number.clone().unwrap_or_default(),
        r.village.clone().unwrap_or_default(),
        r.category.clone(),
        r.channel.label().to_owned(),
        r.handled_on.clone().unwrap_or_default(),
        number,
    ]
}

/// A preview or an import's outcome in Chinese.
fn text(p: &LedgerPreview) -> String {
    let mut out = format!("读取：{}\n", p.path);
    for s in &p.sheets {
        match &s.left_out {
            None => out.push_str(&format!("  表“{}”：{} 行\n", s.name, s.rows)),
            Some(why) => out.push_str(&format!("  表“{}”：未读取（{why}）\n", s.name)),
        }
    }
    let mapped: Vec<String> = p.columns.iter().map(|c| format!("{}←{}", c.column, c.header)).collect();
    out.push_str(&format!("列：{}\n", mapped.join("，")));
    if !p.ignored.is_empty() {
        out.push_str(&format!("未导入的列：{}\n", p.ignored.join("，")));
    }
    let rows: Vec<[String; 9]> = p.rows.iter().map(cells).collect();
    let widths: Vec<usize> = (0..HEADINGS.len())
        .map(|i| rows.iter().map(|c| display_width(&c[i])).chain([display_width(HEADINGS[i])]).max().unwrap_or(0) + 2)
        .collect();
    let line = |texts: &[String]| {
        let joined: String = texts.iter().zip(&widths).map(|(t, w)| pad(t, *w)).collect();
        format!("{}\n", joined.trim_end())
    };
    out.push('\n');
    out.push_str(&line(&HEADINGS.map(str::to_owned)));
    for r in &rows {
        out.push_str(&line(r));
    }
    for l in &p.left_out {
        out.push_str(&format!("表“{}”第 {} 行：{}\n", l.sheet, l.row, l.message));
    }
    for r in p.rows.iter().filter(|r| !r.read_as.is_empty()) {
        let place = r.sheet.as_ref().map_or(String::new(), |s| format!("表“{s}”"));
        out.push_str(&format!("{place}第 {} 行：{}\n", r.row, r.read_as.join("；")));
    }
    if !p.gaps.is_empty() {
        out.push_str(&format!("\n待补录（共 {} 处，这些行照常导入）：\n", p.gaps.len()));
        for g in &p.gaps {
            out.push_str(&format!("{}\n", g.message));
        }
    }
    let kinds = [("类别", &p.unmapped.category), ("方式", &p.unmapped.channel), ("办理情况", &p.unmapped.outcome)];
    if !p.unmapped.is_empty() {
        out.push_str(&format!("\n需要对照的写法（共 {} 个，用 --map 对照表.json 给出）：\n", p.unmapped.count()));
        for (kind, words) in kinds.iter().filter(|(_, w)| !w.is_empty()) {
            out.push_str(&format!("{kind}：{}\n", words.join("、")));
        }
    }
    let skipped = |verb: &str| match p.skipped {
        0 => String::new(),
        n => format!("，{n} 行已在台账中，{verb}"),
    };
    if !p.errors.is_empty() {
        out.push_str(&format!("\n错误（共 {} 处）：\n", p.errors.len()));
        for e in &p.errors {
            out.push_str(&format!("{}\n", e.message));
        }
    } else if !p.unmapped.is_empty() {
        out.push_str("\n对照好以上写法后才能导入。\n");
    } else if p.dry_run {
        let new = p.rows.len() as u32 - p.skipped;
        out.push_str(&format!("\n没有错误：可以导入 {new} 行{}。\n", skipped("将跳过")));
    } else {
        out.push_str(&format!("\n已导入 {} 件{}。\n", p.recorded, skipped("已跳过")));
    }
    out
}

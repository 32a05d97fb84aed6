//! `xinfang import-ledger FILE`: 台账导入 from the command line. The preview
//! (the rows as they will be recorded, then every error by row) is always
//! printed; any error ends with a non-zero exit and nothing written, and
//! `--preview` stops before writing. The sheets crate reads the workbook and
//! the core checks and records the rows, exactly as in the app.

use crate::error::CliError;
use crate::output;
use crate::report::{display_width, pad};
use clap::Args;
use std::path::PathBuf;
use xinfang_core::Ledger;
use xinfang_core::commands::ImportedRow;
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
}

pub fn run(ledger: &mut Ledger, a: ImportLedgerArgs) -> Result<(), CliError> {
    let file = LedgerFile { path: a.file.display().to_string(), actor: a.by };
    let preview = commands::preview(ledger, file.clone())?;
    let outcome = if a.preview || !preview.errors.is_empty() { preview } else { commands::import(ledger, file)? };
    if a.json {
        output::json(&serde_json::to_value(&outcome)?)?;
    } else {
        out!("{}", text(&outcome));
    }
    match outcome.errors.len() {
        0 => Ok(()),
        count => Err(CliError::ImportErrors { count }),
    }
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
    let mut out = format!("读取：{} 的表“{}”\n", p.path, p.sheet);
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
    let skipped = |verb: &str| match p.skipped {
        0 => String::new(),
        n => format!("，{n} 行已在台账中，{verb}"),
    };
    if !p.errors.is_empty() {
        out.push_str(&format!("\n错误（共 {} 处）：\n", p.errors.len()));
        for e in &p.errors {
            out.push_str(&format!("{}\n", e.message));
        }
    } else if p.dry_run {
        let new = p.rows.len() as u32 - p.skipped;
        out.push_str(&format!("\n没有错误：可以导入 {new} 行{}。\n", skipped("将跳过")));
    } else {
        out.push_str(&format!("\n已导入 {} 件{}。\n", p.recorded, skipped("已跳过")));
    }
    out
}

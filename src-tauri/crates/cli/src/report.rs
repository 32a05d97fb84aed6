//! `xinfang report`: the township's statistics for a period, as a Chinese
//! table, JSON, a CSV file, an Excel workbook or the printed 信访工作统计表
//! (PDF, through the print crate). Every figure comes from the
//! core's `report_show`; this only lays it out.

use crate::error::CliError;
use crate::output;
use clap::Args;
use serde_json::json;
use std::path::{Path, PathBuf};
use xinfang_core::report::{Breakdown, FigureKey, RateKey, Report, Tally, csv};
use xinfang_core::{Ledger, dispatch};
use xinfang_print::{Printer, from_ledger};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// 开始日期（含），如 2009-01-01
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// 结束日期（含），如 2009-06-30
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// 只统计这个村；可重复以统计几个村；省略时统计全部
    #[arg(long = "village", value_name = "NAME")]
    pub villages: Vec<String>,
    /// 以 JSON 输出
    #[arg(long, conflicts_with_all = ["csv", "xlsx", "pdf"])]
    pub json: bool,
    /// 写出 CSV 文件（UTF-8 带 BOM，Excel 可直接打开），并输出其路径
    #[arg(long, value_name = "FILE", conflicts_with_all = ["xlsx", "pdf"])]
    pub csv: Option<PathBuf>,
    /// 写出 Excel 文件（.xlsx：汇总、按类别、按村、按月四张表），并输出其路径；不覆盖已有文件
    #[arg(long, value_name = "FILE", conflicts_with = "pdf")]
    pub xlsx: Option<PathBuf>,
    /// 写出打印用的信访工作统计表（PDF，A4），并输出其路径
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,
}

pub fn run(ledger: &mut Ledger, a: ReportArgs) -> Result<(), CliError> {
    let value = dispatch(ledger, "report_show", json!({"from": a.from, "to": a.to, "villages": a.villages}))?;
    if a.json {
        return output::json(&value);
    }
    let report: Report = serde_json::from_value(value)?;
    let path = match (a.csv, a.xlsx, a.pdf) {
        (Some(path), _, _) => {
            write_csv(&path, &csv::render(&report))?;
            path
        }
        (None, Some(path), _) => {
            xinfang_sheets::report_xlsx::save_new(&path, &report)?;
            path
        }
        (None, None, Some(path)) => {
            let pdf = Printer::new()?.report(&from_ledger::report_doc(&report))?.pdf()?;
            crate::print::write_pdf(&path, &pdf)?;
            path
        }
        (None, None, None) => {
            out!("{}", table(&report));
            return Ok(());
        }
    };
    outln!("{}", path.display());
    Ok(())
}

/// Written whole or not at all (`files::write_whole`, flushed to disk before
/// it takes the real name), so a half-written file is never left.
fn write_csv(out: &Path, text: &str) -> Result<(), CliError> {
    xinfang_core::files::write_whole(out, text.as_bytes())
        .map_err(|source| CliError::WriteOutput { path: out.to_path_buf(), source })
}

/// The columns of the breakdown tables: the figures a clerk reads first.
const COLUMNS: [Column; 8] = [
    Column::Figure(FigureKey::Received),
    Column::Figure(FigureKey::Handled),
    Column::Rate(RateKey::HandledRate),
    Column::Figure(FigureKey::Overdue),
    Column::Figure(FigureKey::DisputesScreened),
    Column::Figure(FigureKey::DisputesResolved),
    Column::Rate(RateKey::ResolutionRate),
    Column::Rate(RateKey::SatisfactionRate),
];

#[derive(Clone, Copy)]
enum Column {
    Figure(FigureKey),
    Rate(RateKey),
}

impl Column {
    fn label(self) -> &'static str {
        match self {
            Column::Figure(f) => f.label(),
            Column::Rate(r) => r.label(),
        }
    }

    fn cell(self, t: &Tally) -> String {
        match self {
            Column::Figure(f) => t.count(f).to_string(),
            Column::Rate(r) => t.rate(r).map(|r| r.display.clone()).unwrap_or_default(),
        }
    }
}

/// The report as a readable table: the totals, then each breakdown.
pub fn table(r: &Report) -> String {
    let mut out = format!(
        "{}信访工作统计\n统计期间：{} 至 {}　范围：{}　统计截至：{}\n\n",
        r.ledger_name, r.from, r.to, r.scope_label, r.as_of
    );
    let width = r
        .total
        .counts
        .iter()
        .map(|c| display_width(&c.label))
        .chain(r.total.rates.iter().map(|x| display_width(&x.label)))
        .max()
        .unwrap_or(0)
        + 2;
    for c in &r.total.counts {
        out.push_str(&format!("{}{:>6} 件\n", pad(&c.label, width), c.count));
    }
    for x in &r.total.rates {
        out.push_str(&format!("{}{:>6}（{}/{}）\n", pad(&x.label, width), x.display, x.numerator, x.denominator));
    }
    for b in Breakdown::ALL {
        out.push_str(&format!("\n{}\n", b.label()));
        let groups = r.breakdown(b);
        let first = groups.iter().map(|g| display_width(&g.key)).max().unwrap_or(0).max(4) + 2;
        out.push_str(&pad("", first));
        let widths: Vec<usize> = COLUMNS.iter().map(|c| display_width(c.label()).max(6) + 2).collect();
        for (c, w) in COLUMNS.iter().zip(&widths) {
            out.push_str(&pad_left(c.label(), *w));
        }
        out.push('\n');
        for g in groups {
            out.push_str(&pad(&g.key, first));
            for (c, w) in COLUMNS.iter().zip(&widths) {
                out.push_str(&pad_left(&c.cell(&g.tally), *w));
            }
            out.push('\n');
        }
    }
    out.push_str("\n说明：比率为“—”表示分母为 0，无从计算。\n");
    for n in &r.notes {
        out.push_str(&format!("{n}\n"));
    }
    out
}

/// Columns a terminal gives the text: two for a Chinese character.
pub(crate) fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c >= '\u{2e80}' { 2 } else { 1 }).sum()
}

pub(crate) fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(display_width(s))))
}

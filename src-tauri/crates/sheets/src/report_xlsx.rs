//! The township's report as an Excel workbook: 汇总 (the question, every
//! figure and rate, and what the ledger cannot say), then one sheet per
//! breakdown (按类别, 按村, 按月) with a row per group and a 合计 row.
//!
//! Every number comes from the core's `Report`; nothing is computed here.
//! Counts are numbers and rates are numerator ÷ denominator formatted as
//! percentages, so Excel can sum and chart them; a rate over 0 is the text
//! "—", never 0% or 100%.

use crate::Result;
use crate::output::write_new;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use std::path::Path;
use xinfang_core::report::{Breakdown, FigureUnit, Rate, Report, Tally};

/// The first sheet's name.
pub const SUMMARY: &str = "汇总";
/// The headings of the 汇总 sheet's table of figures.
pub const SUMMARY_HEADER: [&str; 5] = ["指标", "数值", "单位", "分子", "分母"];
/// The label of a breakdown sheet's last row: the report's totals.
pub const TOTAL_ROW: &str = "合计";
/// What an undefined rate (over 0) shows.
pub const UNDEFINED: &str = "—";
const RATE_FORMAT: &str = "0.0%";
/// A font every Chinese Windows has, so the sheet reads the same in Excel and WPS.
const FONT: &str = "宋体";

/// The sheet of a breakdown: 按类别, 按村, 按月.
pub fn sheet_name(b: Breakdown) -> &'static str {
    b.label()
}

/// The heading of a breakdown sheet's first column.
pub fn group_heading(b: Breakdown) -> &'static str {
    match b {
        Breakdown::Category => "类别",
        Breakdown::Village => "村",
        Breakdown::Month => "月份",
    }
}

/// A breakdown sheet's headings: the group, each figure, each rate (the
/// report's own order).
pub fn breakdown_headings(b: Breakdown, report: &Report) -> Vec<String> {
    let figures = report.total.counts.iter().map(|c| c.label.clone());
    let rates = report.total.rates.iter().map(|r| r.label.clone());
    std::iter::once(group_heading(b).to_owned()).chain(figures).chain(rates).collect()
}

/// The report as the bytes of an .xlsx file.
pub fn workbook(report: &Report) -> Result<Vec<u8>> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    book.push_worksheet(summary(report, &formats)?);
    for b in Breakdown::ALL {
        book.push_worksheet(breakdown(report, b, &formats)?);
    }
    Ok(book.save_to_buffer()?)
}

/// Writes the workbook to `path`, which must not exist yet; whole or not at all.
pub fn save_new(path: &Path, report: &Report) -> Result<()> {
    write_new(path, &workbook(report)?)
}

struct Formats {
    title: Format,
    heading: Format,
    text: Format,
    count: Format,
    rate: Format,
    undefined: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name(FONT).set_font_size(11);
        let cell = base.clone().set_border(FormatBorder::Thin);
        Formats {
            title: base.clone().set_bold().set_font_size(16),
            heading: cell.clone().set_bold().set_background_color(Color::RGB(0xDDEBF7)).set_align(FormatAlign::Center),
            text: cell.clone(),
            count: cell.clone().set_num_format("0"),
            rate: cell.clone().set_num_format(RATE_FORMAT),
            undefined: cell.set_align(FormatAlign::Right),
        }
    }

    /// A rate: numerator ÷ denominator as a percentage, or "—".
    fn write_rate(&self, ws: &mut Worksheet, row: u32, col: u16, r: &Rate) -> Result<()> {
        if r.denominator == 0 {
            ws.write_string_with_format(row, col, UNDEFINED, &self.undefined)?;
        } else {
            ws.write_number_with_format(row, col, f64::from(r.numerator) / f64::from(r.denominator), &self.rate)?;
        }
        Ok(())
    }
}

fn summary(r: &Report, f: &Formats) -> Result<Worksheet> {
    let mut ws = Worksheet::new();
    ws.set_name(SUMMARY)?;
    ws.write_string_with_format(0, 0, format!("{}信访工作统计", r.ledger_name), &f.title)?;
    let about = [
        ("台账", r.ledger_name.clone()),
        ("统计期间", format!("{} 至 {}", r.from, r.to)),
        ("范围", r.scope_label.clone()),
        ("统计截至", r.as_of.clone()),
    ];
    for (i, (label, value)) in about.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string_with_format(row, 0, *label, &f.text)?;
        ws.write_string_with_format(row, 1, value, &f.text)?;
    }
    let header = 2 + about.len() as u32;
    for (col, h) in SUMMARY_HEADER.iter().enumerate() {
        ws.write_string_with_format(header, col as u16, *h, &f.heading)?;
    }
    let mut row = header + 1;
    for c in &r.total.counts {
        ws.write_string_with_format(row, 0, &c.label, &f.text)?;
        ws.write_number_with_format(row, 1, c.count, &f.count)?;
        ws.write_string_with_format(row, 2, unit(c.unit), &f.text)?;
        ws.write_string_with_format(row, 3, "", &f.text)?;
        ws.write_string_with_format(row, 4, "", &f.text)?;
        row += 1;
    }
    for x in &r.total.rates {
        ws.write_string_with_format(row, 0, &x.label, &f.text)?;
        f.write_rate(&mut ws, row, 1, x)?;
        ws.write_string_with_format(row, 2, "%", &f.text)?;
        ws.write_number_with_format(row, 3, x.numerator, &f.count)?;
        ws.write_number_with_format(row, 4, x.denominator, &f.count)?;
        row += 1;
    }
    row += 1;
    ws.write_string(row, 0, "说明")?;
    let notes = std::iter::once(format!("比率为“{UNDEFINED}”表示分母为 0，无从计算。")).chain(r.notes.iter().cloned());
    for (i, note) in notes.enumerate() {
        ws.write_string(row + 1 + i as u32, 0, note)?;
    }
    // The table's heading stays in view while scrolling through the figures.
    ws.set_freeze_panes(header + 1, 0)?;
    let first = r.total.counts.iter().map(|c| c.label.as_str()).chain(r.total.rates.iter().map(|x| x.label.as_str()));
    ws.set_column_width(0, width(first.chain(about.iter().map(|a| a.0))))?;
    ws.set_column_width(1, width(about.iter().map(|a| a.1.as_str()).chain(["数值"])))?;
    ws.set_column_width(2, width([unit(FigureUnit::Case), unit(FigureUnit::Finding)]))?;
    ws.set_column_width(3, 8)?;
    ws.set_column_width(4, 8)?;
    Ok(ws)
}

/// What a figure counts, as its unit.
fn unit(u: FigureUnit) -> &'static str {
    match u {
        FigureUnit::Case => "件",
        FigureUnit::Finding => "件（纠纷）",
    }
}

fn breakdown(r: &Report, b: Breakdown, f: &Formats) -> Result<Worksheet> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet_name(b))?;
    let headings = breakdown_headings(b, r);
    for (col, h) in headings.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, h, &f.heading)?;
    }
    let groups = r.breakdown(b).iter().map(|g| (g.key.as_str(), &g.tally));
    let rows = groups.chain(std::iter::once((TOTAL_ROW, &r.total)));
    let mut keys = Vec::new();
    for (i, (key, tally)) in rows.enumerate() {
        let row = 1 + i as u32;
        group_row(&mut ws, row, key, tally, f)?;
        keys.push(key);
    }
    ws.set_freeze_panes(1, 1)?;
    ws.set_column_width(0, width(keys.into_iter().chain([group_heading(b)])))?;
    for (col, h) in headings.iter().enumerate().skip(1) {
        ws.set_column_width(col as u16, width([h.as_str(), "100.0%"]))?;
    }
    Ok(ws)
}

fn group_row(ws: &mut Worksheet, row: u32, key: &str, t: &Tally, f: &Formats) -> Result<()> {
    ws.write_string_with_format(row, 0, key, &f.text)?;
    for (i, c) in t.counts.iter().enumerate() {
        ws.write_number_with_format(row, 1 + i as u16, c.count, &f.count)?;
    }
    for (i, x) in t.rates.iter().enumerate() {
        f.write_rate(ws, row, (1 + t.counts.len() + i) as u16, x)?;
    }
    Ok(())
}

/// A column wide enough for its longest text: a Chinese character takes
/// about two digits' width.
fn width<'a>(texts: impl IntoIterator<Item = &'a str>) -> f64 {
    let widest = texts.into_iter().map(|s| s.chars().map(|c| if c >= '\u{2e80}' { 2 } else { 1 }).sum()).max();
    (widest.unwrap_or(8usize).max(6) as f64 + 2.0).min(60.0)
}

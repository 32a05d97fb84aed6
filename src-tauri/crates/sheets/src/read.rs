//! Reading an existing Excel ledger (.xlsx, .xls, also .xlsm/.xlsb/.ods)
//! with calamine, the file met as clerks keep it: every sheet with a
//! recognisable header row (上半年, 下半年…), the header found under any title
//! rows, merged cells read as the value they show (`guard`), totals and note
//! rows left out and listed, each data row as the core's `LedgerRow` (cells
//! as text, date cells as YYYY-MM-DD) with the year a day without one takes
//! (from the title, the sheet's or the file's name, or the rows above).
//! Problems only the workbook can show: an error cell such as #N/A (an
//! error), an ID number Excel stored as a number (kept out of the row and
//! listed, the rest of the row imported). Every other check is the core's.
//!
//! The file is bounded before it is read (`guard`, `limits.rs`) and a
//! sheet is held as its cells with content, never as its bounding box.

use crate::columns::{Column, HEADER_SEARCH_ROWS, Header, find_header};
use crate::guard::{self, Cells, Refusal};
use crate::{Error, Result};
use calamine::{Data, DataType};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;
use xinfang_core::commands::{LedgerRow, RowError, args};
use xinfang_core::domain::ledger_import::parse_day_time;
use xinfang_core::domain::ledger_words::year_in;

/// What the workbook holds, ready for the core.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// Every sheet, read or left out and why.
    pub sheets: Vec<SheetNote>,
    /// Each recognised column and its header as written (the first sheet's).
    pub columns: Vec<(Column, String)>,
    pub ignored: Vec<String>,
    pub rows: Vec<LedgerRow>,
    /// Problems in the cells themselves; such a cell is passed on empty.
    pub errors: Vec<RowError>,
    /// Cells kept out with the rest of their row imported, for follow-up.
    pub gaps: Vec<RowError>,
    /// Rows below a header that are not entries (合计, 注：…).
    pub left_out: Vec<LeftOut>,
}

/// A sheet of the workbook and what the import does with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SheetNote {
    pub name: String,
    /// Data rows read from it (0 when left out).
    pub rows: u32,
    /// Why it is left out, e.g. 没有表头行; `None` when it is read.
    pub left_out: Option<String>,
}

/// A row under the header that is not an entry, left out and said so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LeftOut {
    pub sheet: String,
    pub row: u32,
    pub message: String,
}

/// Files the import opens (calamine reads them all).
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xls", "xlsm", "xlsb", "ods"];

pub fn read(path: &Path) -> Result<Workbook> {
    let unreadable = |reason: String| Error::Read { path: path.to_path_buf(), reason };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    if !EXTENSIONS.contains(&ext.as_str()) {
        return Err(unreadable("只能导入 Excel 文件（.xlsx 或 .xls）；CSV 请先用 Excel 另存为 .xlsx".into()));
    }
    let refused = |r: Refusal| match r {
        Refusal::TooLarge(reason) => Error::TooLarge { path: path.to_path_buf(), reason },
        Refusal::Unreadable(reason) => unreadable(reason),
    };
    let mut book = guard::open(guard::read_file(path).map_err(refused)?).map_err(refused)?;
    let names = book.sheet_names();
    let file_name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let file_year = year_in(file_name).map(|y| (y, format!("文件名“{}”", shown(file_name))));
    let mut found: Vec<(String, Found)> = Vec::new();
    let mut sheets = Vec::new();
    for name in &names {
        let cells = book.cells(name).map_err(|r| match r {
            Refusal::TooLarge(reason) => refused(Refusal::TooLarge(format!("表“{}”里{reason}", shown(name)))),
            Refusal::Unreadable(_) => unreadable(format!("表“{}”已损坏，无法读取", shown(name))),
        })?;
        let note =
            |rows: u32, why: Option<&str>| SheetNote { name: shown(name), rows, left_out: why.map(str::to_owned) };
        match sheet(name, &cells, file_year.as_ref())? {
            _ if cells.rows.is_empty() => sheets.push(note(0, Some("空表"))),
            Read::NoHeader => sheets.push(note(0, Some("没有台账的表头行"))),
            Read::NoRows => sheets.push(note(0, Some("表头下面没有数据行"))),
            Read::Rows(f) => {
                sheets.push(note(f.rows.len() as u32, None));
                found.push((shown(name), f));
            }
        }
    }
    if found.is_empty() {
        return Err(match sheets.iter().find(|s| s.left_out.as_deref() == Some("表头下面没有数据行")) {
            Some(s) => Error::NoRows { sheet: s.name.clone() },
            None => Error::NoHeader { path: path.to_path_buf(), sheets: listed(&names) },
        });
    }
    // With more than one sheet read, every message names its sheet.
    let several = found.len() > 1;
    let mut book = Workbook {
        sheets,
        columns: Vec::new(),
        ignored: Vec::new(),
        rows: Vec::new(),
        errors: Vec::new(),
        gaps: Vec::new(),
        left_out: Vec::new(),
    };
    for (name, f) in found {
        let on = |e: RowError| if several { e.on_sheet(Some(&name)) } else { e };
        for (c, h) in f.columns {
            if !book.columns.iter().any(|(k, _)| *k == c) {
                book.columns.push((c, h));
            }
        }
        for h in f.ignored {
            if !book.ignored.contains(&h) {
                book.ignored.push(h);
            }
        }
        book.rows.extend(f.rows.into_iter().map(|mut r| {
            r.sheet = several.then(|| name.clone());
            r
        }));
        book.errors.extend(f.errors.into_iter().map(on));
        book.gaps.extend(f.gaps.into_iter().map(on));
        book.left_out.extend(f.left_out.into_iter().map(|(row, message)| LeftOut {
            sheet: name.clone(),
            row,
            message,
        }));
    }
    Ok(book)
}

/// A sheet's name as a message shows it: on one line, and at most as long
/// as Excel allows (31 characters), since a crafted file can name a sheet
/// anything.
fn shown(name: &str) -> String {
    let line: String =
        name.chars().map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') { ' ' } else { c }).collect();
    match line.char_indices().nth(31) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line,
    }
}

/// The sheets a message lists: the first ten, then how many there are.
fn listed(names: &[String]) -> String {
    let first: Vec<String> = names.iter().take(10).map(|n| shown(n)).collect();
    match names.len() {
        n if n > 10 => format!("{} 等 {n} 张表", first.join("、")),
        _ => first.join("、"),
    }
}

/// What one sheet gave.
enum Read {
    NoHeader,
    NoRows,
    Rows(Found),
}

struct Found {
    columns: Vec<(Column, String)>,
    ignored: Vec<String>,
    rows: Vec<LedgerRow>,
    errors: Vec<RowError>,
    gaps: Vec<RowError>,
    /// (row, why) of rows left out.
    left_out: Vec<(u32, String)>,
}

/// The first words of a row that is a total or a note, not an entry.
const NOT_ENTRIES: [(&str, &str); 14] = [
    ("合计", "合计行"),
    ("总计", "合计行"),
    ("小计", "合计行"),
    ("共计", "合计行"),
    ("累计", "合计行"),
    ("本页合计", "合计行"),
    ("注", "说明行"),
    ("说明", "说明行"),
    ("备注", "说明行"),
    ("填表人", "落款行"),
    ("制表", "落款行"),
    ("审核", "落款行"),
    ("填报单位", "落款行"),
    ("负责人", "落款行"),
];

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Does the row's first text say it is a total, a note or a signature?
fn is_marked(first_text: &str) -> bool {
    let t = compact(first_text);
    NOT_ENTRIES.iter().any(|(w, _)| t.starts_with(w))
}

/// Why a row under the header is not an entry, if it is not: it starts
/// with 合计 / 注： / 填表人… , or it has none of a day, a name and a request.
fn not_an_entry(first_text: &str, row: &LedgerRow) -> Option<String> {
    let t = compact(first_text);
    if let Some((_, kind)) = NOT_ENTRIES.iter().find(|(w, _)| t.starts_with(w)) {
        let quoted: String = t.chars().take(12).collect();
        let more = if t.chars().count() > 12 { "…" } else { "" };
        return Some(format!("“{quoted}{more}”是{kind}，不是一条记录，未导入"));
    }
    (row.date.is_empty() && row.name.is_empty() && row.request.is_empty())
        .then(|| "没有日期、姓名和内容，不像一条记录，未导入".to_owned())
}

/// The headers searched for, as text, merged cells included.
fn header_texts(cells: &Cells, top: u32, left: u32, width: usize) -> impl Iterator<Item = Vec<String>> + '_ {
    (top..top.saturating_add(HEADER_SEARCH_ROWS as u32)).map(move |r| {
        let mut row = vec![String::new(); width];
        for (c, cell) in cells.rows.get(&r).into_iter().flatten() {
            row[(c - left) as usize] = header_text(cell);
        }
        row
    })
}

/// The year a day without one takes in this sheet, and where it comes
/// from: the title rows above the header, the sheet's name, the file's name.
fn sheet_year(name: &str, cells: &Cells, header_row: u32, file_year: Option<&(i32, String)>) -> Option<(i32, String)> {
    let title =
        cells.rows.range(..header_row).flat_map(|(_, r)| r.values()).map(header_text).find(|t| year_in(t).is_some());
    title
        .map(|t| (year_in(&t).unwrap_or_default(), format!("标题“{}”", shown(t.trim()))))
        .or_else(|| year_in(name).map(|y| (y, format!("表名“{}”", shown(name)))))
        .or_else(|| file_year.cloned())
}

/// The sheet's rows, if it has a header row. Rows and columns count from
/// the first with content, as a spreadsheet's used range does.
fn sheet(name: &str, cells: &Cells, file_year: Option<&(i32, String)>) -> Result<Read> {
    let (Some((top, left)), Some(right)) = (cells.start(), cells.last_column()) else { return Ok(Read::NoHeader) };
    // At most `MAX_COLUMNS` wide: the cells were checked as they were read.
    let width = (right - left + 1) as usize;
    let Some(header) = find_header(header_texts(cells, top, left, width)) else { return Ok(Read::NoHeader) };
    let missing: Vec<Column> =
        Column::ALL.into_iter().filter(|c| c.required() && !header.columns.iter().any(|h| h.0 == *c)).collect();
    if !missing.is_empty() {
        let each: Vec<String> =
            missing.iter().map(|c| format!("“{}”列（列名可以是：{}）", c.label(), c.names().join("、"))).collect();
        return Err(Error::MissingColumns { sheet: shown(name), count: missing.len(), list: each.join("；") });
    }
    let header_row = top + header.row as u32;
    let year = sheet_year(name, cells, header_row, file_year);
    let mut found = Found {
        columns: Vec::new(),
        ignored: header.ignored.clone(),
        rows: Vec::new(),
        errors: Vec::new(),
        gaps: Vec::new(),
        left_out: Vec::new(),
    };
    // The year of the last full day above, for a day written without one.
    let mut above: Option<(i32, u32)> = None;
    for (r, row_cells) in cells.rows.range(header_row + 1..) {
        // Row numbers as the spreadsheet shows them (1-based).
        let number = r + 1;
        let mut row = LedgerRow { row: number, ..Default::default() };
        let mut errors = Vec::new();
        let mut gaps = Vec::new();
        let mut any = false;
        for (column, j, _) in &header.columns {
            let cell = row_cells.get(&(left + *j as u32)).unwrap_or(&Data::Empty);
            any |= !cell.is_empty();
            let text = match cell_text(*column, cell) {
                Ok(Text::Kept(t)) => t,
                Ok(Text::Gap(reason)) => {
                    gaps.push(RowError::new(number, column.label(), reason));
                    String::new()
                }
                Err(reason) => {
                    errors.push(RowError::new(number, column.label(), reason));
                    String::new()
                }
            };
            set(&mut row, *column, text);
        }
        let first = row_cells.values().find(|c| !c.is_empty()).map(header_text).unwrap_or_default();
        match not_an_entry(&first, &row) {
            Some(why) if any || is_marked(&first) => {
                found.left_out.push((number, why));
                continue;
            }
            // Blank under the columns read (a 序号 numbered ahead): not a row of the ledger.
            _ if !any => continue,
            _ => {}
        }
        match (&year, above) {
            (Some((y, from)), _) => (row.year, row.year_from) = (Some(*y), Some(from.clone())),
            (None, Some((y, at))) => (row.year, row.year_from) = (Some(y), Some(format!("上面第 {at} 行的日期"))),
            (None, None) => {}
        }
        if let Some(d) = parse_day_time(&row.date) {
            above = Some((chrono::Datelike::year(&d), number));
        }
        found.errors.append(&mut errors);
        found.gaps.append(&mut gaps);
        found.rows.push(row);
    }
    if found.rows.is_empty() {
        return Ok(Read::NoRows);
    }
    let Header { columns, .. } = header;
    found.columns = columns.into_iter().map(|(c, _, h)| (c, h)).collect();
    Ok(Read::Rows(found))
}

fn set(row: &mut LedgerRow, column: Column, text: String) {
    let optional = |t: String| (!t.is_empty()).then_some(t);
    match column {
        Column::Date => row.date = text,
        Column::Name => row.name = text,
        Column::Gender => row.gender = optional(text),
        Column::Headcount => row.headcount = optional(text),
        Column::Handler => row.handler = optional(text),
        Column::Notes => row.notes = optional(text),
        Column::Request => row.request = text,
        Column::Category => row.category = text,
        Column::Channel => row.channel = text,
        Column::IdNumber => row.id_number = optional(text),
        Column::Phone => row.phone = optional(text),
        Column::Village => row.village = optional(text),
        Column::Group => row.group = optional(text),
        Column::Address => row.address = optional(text),
        Column::ReceivedBy => row.received_by = optional(text),
        Column::Result => row.result = optional(text),
        Column::Handled => row.handled = optional(text),
        Column::HandledOn => row.handled_on = optional(text),
    }
}

/// Digits a spreadsheet number keeps exactly (IEEE double).
const EXACT_DIGITS: usize = 15;

/// A cell as the core will read it.
#[derive(Debug, PartialEq, Eq)]
enum Text {
    Kept(String),
    /// Left out of the row, which is imported without it, for this reason.
    Gap(String),
}

/// A cell as the text the core reads, or why it cannot be read.
fn cell_text(column: Column, cell: &Data) -> std::result::Result<Text, String> {
    Ok(Text::Kept(match cell {
        Data::Empty => String::new(),
        Data::String(s) => args::tidy(s, args::multi_line(column.field())),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Data::Int(_) | Data::Float(_) if column == Column::IdNumber => {
            let digits = number_text(cell.as_f64().unwrap_or_default());
            if digits.len() > EXACT_DIGITS {
                return Ok(Text::Gap(
                    "身份证号被 Excel 存成了数字，后几位已经丢失，这一格没有导入（这一行其余照常导入）。请导入后在信访人资料里补录号码".into(),
                ));
            }
            digits
        }
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::DateTime(_) | Data::DateTimeIso(_) => match cell.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => cell.to_string(),
        },
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("单元格是错误值 {e}，请改为实际内容")),
    }))
}

/// A whole number without ".0" (a phone number typed as a number).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e17 { format!("{f:.0}") } else { f.to_string() }
}

fn header_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_as_text() {
        let kept = |c, d: &Data| match cell_text(c, d).unwrap() {
            Text::Kept(t) => t,
            Text::Gap(g) => panic!("{g}"),
        };
        assert_eq!(kept(Column::Phone, &Data::Float(13800138000.0)), "13800138000");
        assert_eq!(kept(Column::Name, &Data::String(" 赵德明 ".into())), "赵德明");
        assert_eq!(kept(Column::Handled, &Data::Bool(true)), "是");
        let lost = cell_text(Column::IdNumber, &Data::Float(110105194912310020.0)).unwrap();
        assert!(matches!(&lost, Text::Gap(g) if g.contains("存成了数字")), "{lost:?}");
        assert_eq!(kept(Column::IdNumber, &Data::Float(12345.0)), "12345");
        assert_eq!(kept(Column::IdNumber, &Data::Float(110105491231002.0)), "110105491231002", "15 digits are exact");
        let e = cell_text(Column::Date, &Data::Error(calamine::CellErrorType::NA)).unwrap_err();
        assert!(e.contains("错误值"), "{e}");
    }

    #[test]
    fn totals_and_notes_are_not_entries() {
        let entry = LedgerRow { date: "2009-01-08".into(), name: "赵德明".into(), ..Default::default() };
        assert_eq!(not_an_entry("1", &entry), None);
        let empty = LedgerRow::default();
        assert_eq!(not_an_entry("合 计", &empty).as_deref(), Some("“合计”是合计行，不是一条记录，未导入"));
        assert!(not_an_entry("注：本表由镇信访办填写，每月5日前报县信访局", &entry).unwrap().contains("说明行"));
        assert!(not_an_entry("11件", &empty).unwrap().contains("不像一条记录"));
    }

    #[test]
    fn a_sheet_name_in_a_message_is_one_short_line() {
        assert_eq!(shown("2009年台账"), "2009年台账");
        assert_eq!(shown("甲\n乙\u{2028}丙"), "甲 乙 丙");
        assert_eq!(shown(&"长".repeat(1_000)), format!("{}…", "长".repeat(31)));
        let many: Vec<String> = (1..=12).map(|i| format!("表{i}")).collect();
        assert_eq!(listed(&many), "表1、表2、表3、表4、表5、表6、表7、表8、表9、表10 等 12 张表");
    }
}

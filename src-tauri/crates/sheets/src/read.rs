//! Reading an existing Excel ledger (.xlsx, .xls, also .xlsm/.xlsb/.ods)
//! with calamine: the first sheet with a recognisable header row, each data
//! row as the core's `LedgerRow` (cells as text, date cells as YYYY-MM-DD),
//! and the problems only the workbook can show (an ID number Excel stored
//! as a number, an error cell such as #N/A). Every other check is the core's.
//!
//! The file is bounded before it is read (`guard`, `limits.rs`) and a
//! sheet is held as its cells with content, never as its bounding box.

use crate::columns::{Column, HEADER_SEARCH_ROWS, find_header};
use crate::guard::{self, Cells, Refusal};
use crate::{Error, Result};
use calamine::{Data, DataType};
use std::path::Path;
use xinfang_core::commands::{LedgerRow, RowError, args};

/// What the workbook holds, ready for the core.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    /// Each recognised column and its header as written.
    pub columns: Vec<(Column, String)>,
    pub ignored: Vec<String>,
    pub rows: Vec<LedgerRow>,
    /// Problems in the cells themselves; such a cell is passed on empty.
    pub errors: Vec<RowError>,
}

/// Files the import opens (calamine reads them all).
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xls", "xlsm", "xlsb", "ods"];

pub fn read(path: &Path) -> Result<Sheet> {
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
    for name in &names {
        let cells = book.cells(name).map_err(|r| match r {
            Refusal::TooLarge(reason) => refused(Refusal::TooLarge(format!("表“{}”里{reason}", shown(name)))),
            Refusal::Unreadable(_) => unreadable(format!("表“{}”已损坏，无法读取", shown(name))),
        })?;
        if let Some(sheet) = sheet(name, &cells)? {
            return Ok(sheet);
        }
    }
    Err(Error::NoHeader { path: path.to_path_buf(), sheets: listed(&names) })
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

/// The sheet's rows, if it has a header row. Rows and columns count from
/// the first with content, as a spreadsheet's used range does.
fn sheet(name: &str, cells: &Cells) -> Result<Option<Sheet>> {
    let (Some((top, left)), Some(right)) = (cells.start(), cells.last_column()) else { return Ok(None) };
    // At most `MAX_COLUMNS` wide: the cells were checked as they were read.
    let width = (right - left + 1) as usize;
    let texts = (top..top.saturating_add(HEADER_SEARCH_ROWS as u32)).map(|r| {
        let mut row = vec![String::new(); width];
        for (c, cell) in cells.rows.get(&r).into_iter().flatten() {
            row[(c - left) as usize] = header_text(cell);
        }
        row
    });
    let Some(header) = find_header(texts) else { return Ok(None) };
    if let Some(missing) = Column::ALL.into_iter().find(|c| c.required() && !header.columns.iter().any(|h| h.0 == *c)) {
        return Err(Error::MissingColumn {
            sheet: shown(name),
            column: missing.label(),
            names: missing.names().join("、"),
        });
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let first = top + header.row as u32 + 1;
    for (r, row_cells) in cells.rows.range(first..) {
        // Row numbers as the spreadsheet shows them (1-based).
        let number = r + 1;
        let mut row = LedgerRow { row: number, ..Default::default() };
        let mut any = false;
        for (column, j, _) in &header.columns {
            let cell = row_cells.get(&(left + *j as u32)).unwrap_or(&Data::Empty);
            let text = match cell_text(*column, cell) {
                Ok(t) => t,
                Err(reason) => {
                    errors.push(RowError::new(number, column.label(), reason));
                    String::new()
                }
            };
            any |= !cell.is_empty();
            set(&mut row, *column, text);
        }
        // Blank rows between or after the entries are not rows of the ledger.
        if any {
            rows.push(row);
        }
    }
    if rows.is_empty() {
        return Err(Error::NoRows { sheet: shown(name) });
    }
    let columns = header.columns.into_iter().map(|(c, _, h)| (c, h)).collect();
    Ok(Some(Sheet { name: name.to_owned(), columns, ignored: header.ignored, rows, errors }))
}

fn set(row: &mut LedgerRow, column: Column, text: String) {
    let optional = |t: String| (!t.is_empty()).then_some(t);
    match column {
        Column::Date => row.date = text,
        Column::Name => row.name = text,
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

/// A cell as the text the core reads, or why it cannot be read.
fn cell_text(column: Column, cell: &Data) -> std::result::Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => args::tidy(s, args::multi_line(column.field())),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Data::Int(_) | Data::Float(_) if column == Column::IdNumber => {
            let digits = number_text(cell.as_f64().unwrap_or_default());
            if digits.len() > EXACT_DIGITS {
                return Err(
                    "身份证号被 Excel 存成了数字，后几位已经丢失：请把这一列设为“文本”格式，再重新输入号码".into()
                );
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
    })
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
        assert_eq!(cell_text(Column::Phone, &Data::Float(13800138000.0)).unwrap(), "13800138000");
        assert_eq!(cell_text(Column::Name, &Data::String(" 赵德明 ".into())).unwrap(), "赵德明");
        assert_eq!(cell_text(Column::Handled, &Data::Bool(true)).unwrap(), "是");
        let lost = cell_text(Column::IdNumber, &Data::Float(110105194912310020.0)).unwrap_err();
        assert!(lost.contains("存成了数字"), "{lost}");
        assert_eq!(cell_text(Column::IdNumber, &Data::Float(12345.0)).unwrap(), "12345");
        let e = cell_text(Column::Date, &Data::Error(calamine::CellErrorType::NA)).unwrap_err();
        assert!(e.contains("错误值"), "{e}");
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

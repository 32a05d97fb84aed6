//! Reading an existing Excel ledger (.xlsx, .xls, also .xlsm/.xlsb/.ods)
//! with calamine: the first sheet with a recognisable header row, each data
//! row as the core's `LedgerRow` (cells as text, date cells as YYYY-MM-DD),
//! and the problems only the workbook can show (an ID number Excel stored
//! as a number, an error cell such as #N/A). Every other check is the core's.

use crate::columns::{Column, HEADER_SEARCH_ROWS, find_header};
use crate::{Error, Result};
use calamine::{Data, DataType, Range, Reader, open_workbook_auto};
use std::path::Path;
use xinfang_core::commands::{LedgerRow, RowError};

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
    if !path.is_file() {
        return Err(unreadable("文件不存在".into()));
    }
    let mut book = open_workbook_auto(path).map_err(|e| unreadable(format!("文件格式无法识别（{e}）")))?;
    let names = book.sheet_names();
    for name in &names {
        let range = book.worksheet_range(name).map_err(|e| unreadable(format!("表“{name}”无法读取（{e}）")))?;
        if let Some(sheet) = sheet(name, &range)? {
            return Ok(sheet);
        }
    }
    Err(Error::NoHeader { path: path.to_path_buf(), sheets: names.join("、") })
}

/// The sheet's rows, if it has a header row.
fn sheet(name: &str, range: &Range<Data>) -> Result<Option<Sheet>> {
    let texts = range.rows().take(HEADER_SEARCH_ROWS).map(|r| r.iter().map(header_text).collect());
    let Some(header) = find_header(texts) else { return Ok(None) };
    if let Some(missing) = Column::ALL.into_iter().find(|c| c.required() && !header.columns.iter().any(|h| h.0 == *c)) {
        return Err(Error::MissingColumn {
            sheet: name.to_owned(),
            column: missing.label(),
            names: missing.names().join("、"),
        });
    }
    // Row numbers as the spreadsheet shows them (1-based, from the sheet's top).
    let first_row = range.start().map_or(0, |(r, _)| r) as usize;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, cells) in range.rows().enumerate().skip(header.row + 1) {
        let number = (first_row + i + 1) as u32;
        let mut row = LedgerRow { row: number, ..Default::default() };
        let mut any = false;
        for (column, j, _) in &header.columns {
            let cell = cells.get(*j).unwrap_or(&Data::Empty);
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
        return Err(Error::NoRows { sheet: name.to_owned() });
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
        Data::String(s) => s.trim().to_owned(),
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
}

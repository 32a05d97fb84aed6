//! Workbooks laid out the way township and village clerks keep them, built
//! with rust_xlsxwriter from a small description: title rows merged across
//! the sheet, a header (in one row or two), rows of cells written as text,
//! Excel dates or numbers, values merged down a column, and rows after the
//! entries (合计, 注：…).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use std::path::{Path, PathBuf};

/// A cell as a clerk leaves it: `@2009-02-23` an Excel date, `#30` a number,
/// `^` merged with the cell above (the value shown once for both), `""`
/// empty, anything else text.
pub type Row = &'static [&'static str];

pub struct Sheet {
    pub name: &'static str,
    /// Rows above the header, each merged across the sheet's width.
    pub titles: &'static [&'static str],
    /// An upper header row, `<` merged with the cell to its left, `^` below
    /// merged up into it (a two-row header).
    pub upper: Option<Row>,
    pub header: Row,
    pub rows: &'static [Row],
    /// Rows after the entries: totals, notes, the signature.
    pub after: &'static [Row],
}

/// Writes `sheets` as `dir/name`. The file's properties are fixed, so the
/// same description always gives the same bytes (the fixtures are committed).
pub fn workbook(dir: &Path, name: &str, sheets: &[Sheet]) -> PathBuf {
    let mut book = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2013, 1, 1).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&fixed).set_author("镇信访办"));
    for s in sheets {
        book.push_worksheet(sheet(s));
    }
    let path = dir.join(name);
    book.save(&path).unwrap();
    path
}

fn sheet(s: &Sheet) -> Worksheet {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let plain = Format::new();
    let mut ws = Worksheet::new();
    ws.set_name(s.name).unwrap();
    let width = s.header.len() as u16;
    let mut r = 0u32;
    for t in s.titles {
        ws.merge_range(r, 0, r, width - 1, t, &plain).unwrap();
        r += 1;
    }
    let mut grid: Vec<Row> = Vec::new();
    if let Some(upper) = s.upper {
        grid.push(upper);
    }
    grid.push(s.header);
    grid.extend(s.rows.iter().copied());
    grid.extend(s.after.iter().copied());
    let top = r;
    for (i, row) in grid.iter().enumerate() {
        let r = top + i as u32;
        for (j, cell) in row.iter().enumerate() {
            let c = j as u16;
            if *cell == "^" || *cell == "<" {
                continue;
            }
            // How far the value runs down (^ below) or right (< beside).
            let down = grid[i + 1..].iter().take_while(|below| below.get(j) == Some(&"^")).count() as u32;
            let right = row[j + 1..].iter().take_while(|x| **x == "<").count() as u16;
            if down > 0 || right > 0 {
                ws.merge_range(r, c, r + down, c + right, cell, &plain).unwrap();
                continue;
            }
            if let Some(day) = cell.strip_prefix('@') {
                let p: Vec<u16> = day.split('-').map(|x| x.parse().unwrap()).collect();
                let d = ExcelDateTime::from_ymd(p[0], p[1] as u8, p[2] as u8).unwrap();
                ws.write_datetime_with_format(r, c, d, &date).unwrap();
            } else if let Some(n) = cell.strip_prefix('#') {
                ws.write_number(r, c, n.parse::<f64>().unwrap()).unwrap();
            } else if !cell.is_empty() {
                ws.write_string(r, c, *cell).unwrap();
            }
        }
    }
    ws
}

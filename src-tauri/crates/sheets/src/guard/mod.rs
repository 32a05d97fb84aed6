//! A workbook from outside, checked before calamine allocates anything that
//! depends on its content, and read within the limits of `limits.rs`:
//!
//! - [`file`]: only a regular file, at most `MAX_FILE_BYTES`, counted while
//!   reading (a FIFO or /dev/zero is refused, never waited on or read forever);
//! - [`packed`]: a zip (xlsx, xlsm, xlsb, ods) by its entries' declared sizes,
//!   then every entry actually decompressed and counted (a declared size can
//!   lie), none absurdly compressed;
//! - [`xlsx`]: the shared strings and cell formats calamine reads whole when
//!   it opens an .xlsx; [`ods`]: an .ods's content.xml, which calamine parses
//!   whole, rectangles and repeats expanded; [`xls`]: an .xls's records,
//!   scanned as calamine will read them and handed over as a fresh compound
//!   file holding only the checked Workbook stream;
//! - [`cells`]: a sheet held as its cells with content (never its bounding
//!   box), streamed one at a time from an .xlsx or .xlsb; each position, all
//!   the text and every sheet read counted for the whole workbook; merged
//!   cells filled with the value they show, each copy counted too.
//!
//! The format is told by the content, not the extension (an .xls saved as
//! .xlsx by another program still opens). A library's message never reaches
//! the user: every refusal is a Chinese reason, and a panic inside a reader
//! becomes "damaged".

mod biff;
mod cells;
mod file;
mod ods;
mod packed;
mod xls;
mod xlsx;
mod xml;

pub use cells::Cells;
pub use file::read_file;

use crate::limits::MAX_SHEETS;
use calamine::{Ods, OdsError, Reader, Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError};
use cells::Budget;
use packed::Packed;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Why a workbook is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Beyond a limit: too large, too many cells, a cell too far out.
    TooLarge(String),
    /// Not a workbook, damaged, encrypted, or not a file.
    Unreadable(String),
}

pub type Checked<T> = std::result::Result<T, Refusal>;

const NOT_A_WORKBOOK: &str = "文件内容不是 Excel 工作簿（可能已损坏，或是别的文件改了扩展名）";
const DAMAGED: &str = "文件已损坏，里面的表格无法读取";
const PASSWORD: &str = "文件设置了打开密码。请在 Excel 里取消密码，另存后再导入";

fn damaged() -> Refusal {
    Refusal::Unreadable(DAMAGED.into())
}

fn too_large(reason: String) -> Refusal {
    Refusal::TooLarge(reason)
}

/// Runs a reader, its panics included, and says why it failed in Chinese.
fn calm<T, E>(run: impl FnOnce() -> Result<T, E>, password: impl Fn(&E) -> bool) -> Checked<T> {
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) if password(&e) => Err(Refusal::Unreadable(PASSWORD.into())),
        Ok(Err(_)) | Err(_) => Err(damaged()),
    }
}

type Bytes = Cursor<Vec<u8>>;

/// A workbook whose file passed every check, open in calamine.
pub struct Book {
    reader: Opened,
    /// What the sheets read so far hold and parsed, for the whole workbook.
    budget: Budget,
    /// The most one sheet streamed from the file can parse (bytes).
    sheet_bytes: u64,
}

enum Opened {
    Xls(Xls<Bytes>),
    Xlsx(Xlsx<Bytes>),
    Xlsb(Xlsb<Bytes>),
    Ods(Ods<Bytes>),
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Checks the bytes of a workbook, then opens it.
pub fn open(bytes: Vec<u8>) -> Checked<Book> {
    // An .xls or .ods is parsed whole when it opens: nothing left to count.
    let mut sheet_bytes = 0;
    let reader = if bytes.starts_with(&CFB_MAGIC) {
        let clean = xls::check(&bytes)?;
        drop(bytes);
        Opened::Xls(calm(|| Xls::new(Cursor::new(clean)), |e| matches!(e, XlsError::Password))?)
    } else if bytes.starts_with(b"PK") {
        let (packed, largest) = packed::check(&bytes)?;
        sheet_bytes = largest;
        match packed {
            Packed::Ods => Opened::Ods(calm(|| Ods::new(Cursor::new(bytes)), |e| matches!(e, OdsError::Password))?),
            Packed::Xlsb => Opened::Xlsb(calm(|| Xlsb::new(Cursor::new(bytes)), |e| matches!(e, XlsbError::Password))?),
            Packed::Xlsx => Opened::Xlsx(calm(|| Xlsx::new(Cursor::new(bytes)), |e| matches!(e, XlsxError::Password))?),
        }
    } else {
        return Err(Refusal::Unreadable(NOT_A_WORKBOOK.into()));
    };
    let book = Book { reader, budget: Budget::default(), sheet_bytes };
    let sheets = book.sheet_names().len() as u64;
    if sheets > MAX_SHEETS {
        return Err(too_large(format!("文件里有 {sheets} 张工作表，超过 {MAX_SHEETS} 张，不像是一本台账")));
    }
    Ok(book)
}

impl Book {
    pub fn sheet_names(&self) -> Vec<String> {
        match &self.reader {
            Opened::Xls(b) => b.sheet_names(),
            Opened::Xlsx(b) => b.sheet_names(),
            Opened::Xlsb(b) => b.sheet_names(),
            Opened::Ods(b) => b.sheet_names(),
        }
    }

    /// The sheet's cells with content, each position within the limits and
    /// all of them within the workbook's budget.
    pub fn cells(&mut self, name: &str) -> Checked<Cells> {
        let mut cells = Cells::default();
        let budget = &mut self.budget;
        if matches!(self.reader, Opened::Xlsx(_) | Opened::Xlsb(_)) {
            budget.parse(self.sheet_bytes)?;
        }
        match &mut self.reader {
            Opened::Xlsx(b) => calm(
                || -> Result<Checked<()>, XlsxError> {
                    let mut reader = match b.worksheet_cells_reader(name) {
                        Ok(r) => r,
                        // A chart sheet holds no cells.
                        Err(XlsxError::NotAWorksheet(_)) => return Ok(Ok(())),
                        Err(e) => return Err(e),
                    };
                    while let Some(cell) = reader.next_cell()? {
                        let (row, col) = cell.get_position();
                        if let Err(r) = cells.push(budget, row, col, cell.get_value()) {
                            return Ok(Err(r));
                        }
                    }
                    Ok(Ok(()))
                },
                |_| false,
            )??,
            Opened::Xlsb(b) => calm(
                || -> Result<Checked<()>, XlsbError> {
                    let mut reader = b.worksheet_cells_reader(name)?;
                    while let Some(cell) = reader.next_cell()? {
                        let (row, col) = cell.get_position();
                        if let Err(r) = cells.push(budget, row, col, cell.get_value()) {
                            return Ok(Err(r));
                        }
                    }
                    Ok(Ok(()))
                },
                |_| false,
            )??,
            // Built whole when the file was opened, within the limits checked then.
            Opened::Xls(b) => cells.range(budget, &calm(|| b.worksheet_range(name), |_| false)?)?,
            Opened::Ods(b) => cells.range(budget, &calm(|| b.worksheet_range(name), |_| false)?)?,
        }
        let merged = match &mut self.reader {
            // Read from the sheet's XML once more: counted like reading the sheet.
            Opened::Xlsx(b) => {
                budget.parse(self.sheet_bytes)?;
                calm(|| b.merge_cells_by_sheet_name(name), |_| false)?
            }
            Opened::Xls(b) => calm(|| b.merge_cells_by_sheet_name(name), |_| false)?,
            // Neither reader gives merged regions; their cells are read as stored.
            Opened::Xlsb(_) | Opened::Ods(_) => Vec::new(),
        };
        cells.fill_merged(budget, &merged)?;
        Ok(cells)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_not_a_workbook() {
        assert_eq!(open(b"hello".to_vec()).err(), Some(Refusal::Unreadable(NOT_A_WORKBOOK.into())));
        assert!(matches!(open(b"PK\x03\x04garbage".to_vec()), Err(Refusal::Unreadable(_))));
        let mut cfb = CFB_MAGIC.to_vec();
        cfb.extend([0u8; 600]);
        assert!(matches!(open(cfb), Err(Refusal::Unreadable(_))));
    }

    #[test]
    fn a_panic_inside_a_reader_is_damage() {
        let r: Checked<()> = calm(|| -> Result<(), ()> { panic!("reader bug") }, |_| false);
        assert_eq!(r, Err(damaged()));
    }
}

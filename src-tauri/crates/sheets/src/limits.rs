//! How large a workbook 台账导入 opens. A spreadsheet comes from outside
//! (a USB stick, a download, a colleague's old computer) and its content
//! decides what a reader allocates: calamine builds a sheet's whole bounding
//! box, so two cells at A1 and XFD1048576 ask for 512 GiB and abort the
//! process, and a 1 MB zip can unpack to gigabytes. So every file is
//! bounded before calamine is given anything that depends on its content
//! (`guard`), and the cells are read one by one against these limits.
//!
//! The numbers are far above any real ledger and far below what hurts a
//! laptop with 4 GiB of memory:
//!
//! - A village or township ledger holds at most some tens of thousands of
//!   rows over a few dozen columns (an old one kept for decades: about
//!   100,000 rows, 200 columns at the very most). As .xlsx that is well under
//!   20 MB, as .xls under 30 MB: **64 MiB** of file, read into memory once.
//! - Its zip parts (xlsx, xlsm, xlsb, ods) unpack to a few times the file:
//!   **200 MiB** in all, declared and as actually decompressed (a zip's
//!   declared sizes can lie). Ledger XML compresses 5–20 times; a part of
//!   more than 1 MiB unpacking more than **100 times** its packed size is a
//!   run of one repeated byte, not a ledger. Only the parts holding cells
//!   (sheets, shared strings, an .ods's content) grow with the ledger; every
//!   other part a reader parses (workbook, styles, relationships) is tens of
//!   KB in a real file and at most **16 MiB** here.
//! - **200,000 rows** (a cell below row 200,000 is refused: Excel's last row
//!   is 1,048,576, and one stray entry there is what a bomb looks like) and
//!   **1,024 columns** (column AMJ; an .xls had 256).
//! - **4,194,304 cells** (2²², e.g. 100,000 rows of 41 filled columns): the
//!   cells with content read from a workbook, and for .xls and .ods, whose
//!   reader builds each sheet's whole rectangle when it opens the file, the
//!   area of those rectangles (about 128 MiB of cells).
//! - **128 MiB of text** in those cells. A reader copies a shared string
//!   into every cell that refers to it, so a 1 MiB string used by 100,000
//!   cells is 100 GiB although the file holds it once; a real ledger of
//!   100,000 rows with 400 Chinese characters each is 120 MB.
//! - **65,536 cell formats** (Excel's own limit is 64,000) and **1,024
//!   sheets**: a reader copies a format's font and number format into each,
//!   and reads each sheet in turn.
//! - **65,536 merged regions** a sheet (a ledger has some hundreds); each
//!   copy of a merged value counts as a cell read, against the limits above.
//! - **2 GiB of sheets read** while looking for the ledger's header, each
//!   sheet counted as the largest part of its file: two sheets of a crafted
//!   file can be one part, so a 100 MB part named by a thousand sheets
//!   would be parsed a thousand times. A real workbook has its ledger on
//!   one of its first sheets, and all its parts are within 200 MiB.

/// The largest file read (bytes).
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// What a zip's entries may unpack to in all (bytes).
pub const MAX_UNPACKED_BYTES: u64 = 200 << 20;
/// What a part other than the cells' may unpack to (bytes).
pub const MAX_PART_BYTES: u64 = 16 << 20;
/// The largest unpacked/packed ratio of an entry larger than `RATIO_FLOOR`.
pub const MAX_RATIO: u64 = 100;
/// Entries smaller than this unpacked are not held to `MAX_RATIO`.
pub const RATIO_FLOOR: u64 = 1 << 20;
/// Entries in a zip (a workbook has a few dozen parts).
pub const MAX_ENTRIES: usize = 10_000;
/// Rows of a sheet: a cell's row number (1-based) is at most this.
pub const MAX_ROWS: u32 = 200_000;
/// Columns of a sheet: a cell's column number (1-based) is at most this.
pub const MAX_COLUMNS: u32 = 1_024;
/// Cells of a workbook (see the module's documentation).
pub const MAX_CELLS: u64 = 1 << 22;
/// Text held in a workbook's cells (bytes of UTF-8).
pub const MAX_TEXT_BYTES: u64 = 128 << 20;
/// Cell formats (and fonts, fills, borders, number formats) of a workbook.
pub const MAX_STYLES: u64 = 1 << 16;
/// Sheets of a workbook.
pub const MAX_SHEETS: u64 = 1_024;
/// What reading sheet after sheet may parse in all (bytes).
pub const MAX_SHEETS_READ_BYTES: u64 = 2 << 30;
/// Merged regions of one sheet: a ledger merges a title, a few headers and
/// values repeated down a column, some hundreds at most.
pub const MAX_MERGED: usize = 65_536;
/// Continue records after one .xls record: a record of 8,224 bytes
/// continued to fill a 64 MiB file has 8,160.
pub const MAX_CONTINUES: usize = 8_192;

/// A cell's reference as the spreadsheet shows it ("XFD1048576"), from
/// 0-based positions.
pub fn cell_ref(row: u64, col: u64) -> String {
    let mut letters = Vec::new();
    let mut n = col.saturating_add(1);
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row.saturating_add(1))
}

/// Why a cell's position is refused, or `None` if it is within the limits.
pub fn beyond(row: u64, col: u64) -> Option<String> {
    (row >= MAX_ROWS as u64 || col >= MAX_COLUMNS as u64).then(|| {
        format!(
            "单元格 {} 超出了台账的范围（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列）。请删去表格远处多余的内容，另存后再导入",
            cell_ref(row, col)
        )
    })
}

/// The refusal for more cells than `MAX_CELLS`.
pub fn too_many_cells() -> String {
    format!("单元格超过 {MAX_CELLS} 个，不像是一本台账。请只保留台账那一张表，另存后再导入")
}

/// The refusal for more text than `MAX_TEXT_BYTES`.
pub fn too_much_text() -> String {
    format!(
        "单元格的文字共超过 {} MB，不像是一本台账（可能是恶意构造的文件）。请只保留台账那一张表，另存后再导入",
        MAX_TEXT_BYTES >> 20
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_as_excel_shows_them() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(9, 25), "Z10");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(1_048_575, 16_383), "XFD1048576");
        assert_eq!(cell_ref(0, MAX_COLUMNS as u64 - 1), "AMJ1");
        assert!(beyond(199_999, 1_023).is_none());
        assert!(beyond(200_000, 0).unwrap().contains("A200001"));
        assert!(beyond(u64::MAX, u64::MAX).is_some(), "no overflow at the end of u64");
    }
}

//! A sheet held as its cells with content, never as its bounding box, and
//! the budget they are counted against: each cell's position, how many
//! cells and how much text the whole workbook holds. The text is counted
//! before it is copied, since one shared string can be in every cell.

use super::{Checked, too_large};
use crate::limits::{
    MAX_CELLS, MAX_MERGED, MAX_SHEETS_READ_BYTES, MAX_TEXT_BYTES, beyond, too_many_cells, too_much_text,
};
use calamine::{Data, DataRef, DataType, Dimensions, Range};
use std::collections::BTreeMap;

/// What a workbook's sheets hold in all, and what reading them parses,
/// counted as they are read.
#[derive(Debug, Default)]
pub(super) struct Budget {
    cells: u64,
    text: u64,
    parsed: u64,
}

impl Budget {
    /// One more sheet to parse, of at most `bytes`.
    pub(super) fn parse(&mut self, bytes: u64) -> Checked<()> {
        self.parsed = self.parsed.saturating_add(bytes);
        if self.parsed > MAX_SHEETS_READ_BYTES {
            return Err(too_large(format!(
                "台账之前的工作表太多太大（逐张查找表头要读超过 {} MB），可能是恶意构造的文件。请只保留台账那一张表，另存后再导入",
                MAX_SHEETS_READ_BYTES >> 20
            )));
        }
        Ok(())
    }

    pub(super) fn take(&mut self, cells: u64, text: u64) -> Checked<()> {
        self.cells = self.cells.saturating_add(cells);
        self.text = self.text.saturating_add(text);
        if self.cells > MAX_CELLS {
            return Err(too_large(too_many_cells()));
        }
        if self.text > MAX_TEXT_BYTES {
            return Err(too_large(too_much_text()));
        }
        Ok(())
    }
}

/// A sheet's cells with content, by row and column (0-based, absolute).
#[derive(Debug, Default)]
pub struct Cells {
    pub rows: BTreeMap<u32, BTreeMap<u32, Data>>,
}

impl Cells {
    /// A cell as a streaming reader yields it; an empty one is skipped
    /// wherever it is (a formatted cell far out is not content).
    pub(super) fn push(&mut self, budget: &mut Budget, row: u32, col: u32, value: &DataRef<'_>) -> Checked<()> {
        if value.is_empty() {
            return Ok(());
        }
        let text = match value {
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
            DataRef::SharedString(s) => s.len(),
            _ => 0,
        };
        self.hold(budget, row, col, text)?;
        self.rows.entry(row).or_default().insert(col, Data::from(value.clone()));
        Ok(())
    }

    /// A sheet a reader built whole when it opened the file.
    pub(super) fn range(&mut self, budget: &mut Budget, range: &Range<Data>) -> Checked<()> {
        let (top, left) = range.start().unwrap_or_default();
        for (i, j, value) in range.used_cells() {
            let text = match value {
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len(),
                _ => 0,
            };
            let (row, col) = (top.saturating_add(i as u32), left.saturating_add(j as u32));
            self.hold(budget, row, col, text)?;
            self.rows.entry(row).or_default().insert(col, value.clone());
        }
        Ok(())
    }

    fn hold(&mut self, budget: &mut Budget, row: u32, col: u32, text: usize) -> Checked<()> {
        if let Some(reason) = beyond(row as u64, col as u64) {
            return Err(too_large(reason));
        }
        budget.take(1, text as u64)
    }

    /// Merged cells read as the value they show: the top-left cell's value
    /// copied into the other cells of each region, only in rows that hold
    /// content (a merge never makes a row of its own) and only where a cell
    /// is empty (or holds empty text, as some writers leave it). Every copy is counted like a cell read, so a crafted file
    /// with huge regions is refused, never a long loop.
    pub(super) fn fill_merged(&mut self, budget: &mut Budget, regions: &[Dimensions]) -> Checked<()> {
        if regions.len() > MAX_MERGED {
            return Err(too_large(format!("合并单元格超过 {MAX_MERGED} 处，不像是一本台账")));
        }
        let Some(right) = self.last_column() else { return Ok(()) };
        for region in regions {
            let Some(value) = self.rows.get(&region.start.0).and_then(|r| r.get(&region.start.1)).cloned() else {
                continue;
            };
            let text = match &value {
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len() as u64,
                _ => 0,
            };
            let rows: Vec<u32> = self.rows.range(region.start.0..=region.end.0).map(|(r, _)| *r).collect();
            for r in rows {
                for c in region.start.1..=region.end.1.min(right) {
                    // Counted whether it is copied or not: the time spent is bounded too.
                    budget.take(1, 0)?;
                    let row = self.rows.entry(r).or_default();
                    let blank =
                        row.get(&c).is_none_or(|d| matches!(d, Data::Empty) || d == &Data::String(String::new()));
                    if blank {
                        budget.take(0, text)?;
                        row.insert(c, value.clone());
                    }
                }
            }
        }
        Ok(())
    }

    /// The first row and column with content.
    pub fn start(&self) -> Option<(u32, u32)> {
        let top = *self.rows.keys().next()?;
        let left = self.rows.values().filter_map(|r| r.keys().next()).min()?;
        Some((top, *left))
    }

    /// The last column with content.
    pub fn last_column(&self) -> Option<u32> {
        self.rows.values().filter_map(|r| r.keys().next_back()).max().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::Refusal;

    #[test]
    fn far_cells_and_shared_text_are_counted_before_they_are_held() {
        let mut budget = Budget::default();
        let mut cells = Cells::default();
        cells.push(&mut budget, 2, 1, &DataRef::SharedString("赵德明")).unwrap();
        cells.push(&mut budget, 1_048_575, 16_383, &DataRef::Empty).unwrap();
        assert_eq!((cells.start(), cells.last_column()), (Some((2, 1)), Some(1)), "an empty far cell is no content");
        let far = cells.push(&mut budget, 1_048_575, 16_383, &DataRef::Int(1)).unwrap_err();
        assert!(matches!(&far, Refusal::TooLarge(m) if m.contains("XFD1048576")), "{far:?}");

        // A shared string copied into one cell too many: refused before the copy.
        budget.take(0, MAX_TEXT_BYTES - 10).unwrap();
        let refused = cells.push(&mut budget, 3, 1, &DataRef::SharedString("一二三四五六")).unwrap_err();
        assert!(matches!(&refused, Refusal::TooLarge(m) if m.contains("文字共超过")), "{refused:?}");
        assert!(!cells.rows.contains_key(&3), "nothing held");
    }

    #[test]
    fn a_merged_value_fills_its_region_in_rows_with_content_only() {
        let mut budget = Budget::default();
        let mut cells = Cells::default();
        for (r, c, v) in [(4, 0, "来访"), (4, 1, "赵德明"), (5, 1, "钱永富"), (5, 0, "")] {
            cells.push(&mut budget, r, c, &DataRef::String(v.into())).unwrap();
        }
        let region = |a: (u32, u32), b: (u32, u32)| Dimensions { start: a, end: b };
        // 方式 merged over rows 5–7: row 7 has nothing else and stays absent.
        cells.fill_merged(&mut budget, &[region((4, 0), (6, 0))]).unwrap();
        assert_eq!(cells.rows[&5][&0], Data::String("来访".into()));
        assert!(!cells.rows.contains_key(&6));
        // A crafted region as large as a sheet is counted, and refused.
        for r in 0..2_000 {
            cells.push(&mut budget, 10 + r, 0, &DataRef::Int(1)).unwrap();
        }
        budget.take(MAX_CELLS - budget.cells - 100, 0).unwrap();
        let huge = cells.fill_merged(&mut budget, &[region((4, 1), (199_999, 1_023))]).unwrap_err();
        assert!(matches!(&huge, Refusal::TooLarge(_)), "{huge:?}");
        let many = vec![region((0, 0), (0, 1)); MAX_MERGED + 1];
        assert!(cells.fill_merged(&mut Budget::default(), &many).is_err());
    }

    #[test]
    fn one_large_part_read_as_many_sheets_is_refused() {
        let mut budget = Budget::default();
        for _ in 0..20 {
            budget.parse(100 << 20).unwrap();
        }
        let refused = budget.parse(100 << 20).unwrap_err();
        assert!(matches!(&refused, Refusal::TooLarge(m) if m.contains("超过 2048 MB")), "{refused:?}");
    }
}

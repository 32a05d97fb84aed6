//! An .xls, which calamine parses whole when it opens it: every sheet's
//! rectangle built, every shared string copied into each cell using it,
//! every formula and defined name written out as text. So:
//!
//! - the compound file is read by the `cfb` crate (which checks its sector
//!   chains) and only its Workbook stream is kept;
//! - the stream's records (framed by `biff.rs`) are scanned as calamine's
//!   `Xls::parse_workbook` reads them: cell positions, the rectangles, the
//!   room reserved for a sheet's DIMENSIONS, the text of every copy;
//! - formulas and defined names, which a ledger import never uses and whose
//!   text can be a hundred times their bytes (a sheet name per reference),
//!   are emptied in place (lengths unchanged, so every offset still holds),
//!   and the result scanned again: what calamine reads is what was checked;
//! - calamine is given a fresh compound file holding only that stream.

use super::biff::{records, shared_strings, u16_at, u32_at};
use super::{Checked, PASSWORD, Refusal, damaged, too_large};
use crate::limits::{MAX_CELLS, MAX_FILE_BYTES, MAX_SHEETS, MAX_TEXT_BYTES, beyond, too_many_cells, too_much_text};
use std::io::{Cursor, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The clean compound file for calamine.
pub(super) fn check(bytes: &[u8]) -> Checked<Vec<u8>> {
    let mut stream = catch_unwind(|| workbook_stream(bytes)).map_err(|_| damaged())??;
    let edits = scan(&stream)?;
    for edit in &edits {
        stream[edit.at..edit.at + 2].copy_from_slice(&edit.value);
    }
    // The edits change no record's length; a stream built so that they would
    // change what calamine reads is refused.
    if !scan(&stream)?.is_empty() {
        return Err(damaged());
    }
    let rebuilt = catch_unwind(AssertUnwindSafe(|| -> std::io::Result<Vec<u8>> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new()))?;
        file.create_stream("/Workbook")?.write_all(&stream)?;
        file.flush()?;
        Ok(file.into_inner().into_inner())
    }));
    rebuilt.ok().and_then(Result::ok).ok_or_else(damaged)
}

fn workbook_stream(bytes: &[u8]) -> Checked<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| damaged())?;
    // An encrypted .xlsx is a compound file too.
    if file.is_stream("/EncryptedPackage") {
        return Err(Refusal::Unreadable(PASSWORD.into()));
    }
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or_else(|| Refusal::Unreadable("文件里没有工作簿（可能不是 Excel 文件，而是其他程序的文档）".into()))?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .map_err(|_| damaged())?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut stream)
        .map_err(|_| damaged())?;
    // A stream longer than the file can only be a sector chain that loops.
    if stream.len() as u64 > MAX_FILE_BYTES {
        return Err(damaged());
    }
    Ok(stream)
}
/// Two bytes to write at a position of the stream.
#[derive(Debug, PartialEq, Eq)]
struct Edit {
    at: usize,
    value: [u8; 2],
}

/// What calamine will allocate when it opens the stream: shared strings,
/// text copied into cells, cells held and the rectangles built.
#[derive(Default)]
struct Tally {
    text: u64,
    cells: u64,
    area: u64,
    /// UTF-8 bytes per character or byte of a string: a UTF-16 character
    /// is at most 3; a code page decodes each of its bytes (a compressed
    /// string's zero bytes included) to at most 3.
    widen: u64,
}

impl Tally {
    fn text(&mut self, units: u64) -> Checked<()> {
        self.text = self.text.saturating_add(units.saturating_mul(self.widen));
        if self.text > MAX_TEXT_BYTES { Err(too_large(too_much_text())) } else { Ok(()) }
    }

    fn cells(&mut self, n: u64) -> Checked<()> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > MAX_CELLS { Err(too_large(too_many_cells())) } else { Ok(()) }
    }
}

/// The Workbook stream as `Xls::parse_workbook` reads it: the globals up to
/// their EOF, then each sheet from where its BoundSheet8 says it starts.
/// Returns the edits that empty formulas and defined names.
fn scan(stream: &[u8]) -> Checked<Vec<Edit>> {
    let mut tally = Tally { widen: 3, ..Tally::default() };
    let mut sheets = Vec::new();
    let mut strings: Vec<u16> = Vec::new();
    let mut edits = Vec::new();
    for record in records(stream, 0) {
        let r = record?;
        match r.typ {
            // FilePass: encrypted.
            0x002F if u16_at(r.data, 0).is_some_and(|v| v != 0) => return Err(Refusal::Unreadable(PASSWORD.into())),
            // CodePage: 1200 is UTF-16, anything else a code page.
            0x0042 => tally.widen = if u16_at(r.data, 0) == Some(1200) { 3 } else { 6 },
            // BoundSheet8: where a sheet's records start.
            0x0085 => {
                sheets.push(u32_at(r.data, 0).ok_or_else(damaged)? as usize);
                if sheets.len() as u64 > MAX_SHEETS {
                    return Err(too_large(format!("文件里的工作表超过 {MAX_SHEETS} 张，不像是一本台账")));
                }
            }
            // Lbl, a defined name: made a record calamine skips.
            0x0018 => edits.push(Edit { at: r.at - 4, value: [0, 0] }),
            // SST: the shared strings, held once.
            0x00FC => {
                strings = shared_strings(&r)?;
                tally.text(strings.iter().map(|&n| n as u64).sum())?;
            }
            0x000A => break,
            _ => {}
        }
    }
    for pos in sheets {
        sheet(stream, pos, &strings, &mut tally, &mut edits)?;
    }
    Ok(edits)
}

/// One sheet's records, as calamine reads them into cells and formulas.
fn sheet(stream: &[u8], pos: usize, strings: &[u16], tally: &mut Tally, edits: &mut Vec<Edit>) -> Checked<()> {
    if pos >= stream.len() {
        return Err(damaged());
    }
    let mut bounds: Option<(u64, u64, u64, u64)> = None;
    let mut put = |row: u64, first: u64, last: u64, tally: &mut Tally| -> Checked<()> {
        if let Some(reason) = beyond(row, last) {
            return Err(too_large(reason));
        }
        tally.cells(last - first + 1)?;
        let (t, b, l, r) = bounds.unwrap_or((row, row, first, last));
        bounds = Some((t.min(row), b.max(row), l.min(first), r.max(last)));
        Ok(())
    };
    let (mut seen_bof, mut depth) = (false, 0usize);
    for record in records(stream, pos) {
        let r = record?;
        // Nested substreams (an embedded chart) are skipped as calamine does.
        if depth > 0 {
            match r.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let d = r.data;
        let at = |n: usize| u16_at(d, n).unwrap_or_default() as u64;
        let short = |n: usize| if d.len() < n { Err(damaged()) } else { Ok(()) };
        match r.typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => dimensions(d)?,
            // Number, BoolErr, Rk.
            0x0203 | 0x0205 | 0x027E => {
                short(match r.typ {
                    0x0203 => 14,
                    0x0205 => 8,
                    _ => 10,
                })?;
                put(at(0), at(2), at(2), tally)?;
            }
            // Label, RString: text in the record.
            0x0204 | 0x00D6 => {
                short(6)?;
                put(at(0), at(2), at(2), tally)?;
                tally.text(d.len() as u64)?;
            }
            // LabelSst: a copy of a shared string.
            0x00FD => {
                short(10)?;
                put(at(0), at(2), at(2), tally)?;
                let index = u32_at(d, 6).unwrap_or_default() as usize;
                tally.text(strings.get(index).map_or(0, |&n| n as u64))?;
            }
            // Formula: its cached value here, its formula emptied.
            0x0006 => {
                short(20)?;
                put(at(0), at(2), at(2), tally)?;
                if d.len() >= 22 && d[20..22] != [0, 0] {
                    edits.push(Edit { at: r.at + 20, value: [0, 0] });
                }
            }
            // String: a formula's text value, a cell where the formula was.
            0x0207 => {
                tally.cells(1)?;
                tally.text(d.len() as u64)?;
            }
            // MulRk: one row, columns first..=last.
            0x00BD => {
                short(6)?;
                let (first, last) = (at(2), u16_at(d, d.len() - 2).unwrap_or_default() as u64);
                if last < first || d.len() as u64 != 6 + 6 * (last - first + 1) {
                    return Err(damaged());
                }
                put(at(0), first, last, tally)?;
            }
            0x000A => break,
            _ => {}
        }
    }
    if let Some((top, bottom, left, right)) = bounds {
        // The values' rectangle and the formulas' (at most as large).
        tally.area = tally.area.saturating_add((bottom - top + 1).saturating_mul(right - left + 1));
        if tally.area > MAX_CELLS {
            return Err(too_large(too_many_cells()));
        }
    }
    Ok(())
}

/// DIMENSIONS: calamine reserves rows × columns for the sheet, and
/// subtracts without checking.
fn dimensions(d: &[u8]) -> Checked<()> {
    let at = |n: usize| u16_at(d, n).unwrap_or_default() as u64;
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (at(0), at(2), at(4), at(6)),
        14 | 16 => (u32_at(d, 0).unwrap_or_default() as u64, u32_at(d, 4).unwrap_or_default() as u64, at(8), at(10)),
        _ => return Err(damaged()),
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl >= 1 && cl >= 1 {
        if rl - 1 < rf {
            return Err(damaged());
        }
        if let Some(reason) = beyond(rl - 1, cl - 1) {
            return Err(too_large(reason));
        }
        if (rl - rf).saturating_mul(cl - cf) > MAX_CELLS {
            return Err(too_large(too_many_cells()));
        }
    }
    Ok(())
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::biff::CONTINUE;
    use crate::guard::biff::build::{record, sst};
    use crate::limits::MAX_CONTINUES;

    /// A workbook stream: globals with `globals`, then one sheet of `cells`.
    fn stream(globals: &[Vec<u8>], cells: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(0x0809, &[0, 6, 0x10, 0, 0, 0, 0, 0]);
        let mut head = bof.clone();
        for g in globals {
            head.extend(g);
        }
        // BoundSheet8: where the sheet starts (patched below), visible worksheet "S".
        let bound = head.len() + 4;
        head.extend(record(0x0085, &[0, 0, 0, 0, 0, 0, 1, 0, b'S']));
        head.extend(record(0x000A, &[]));
        let start = (head.len() as u32).to_le_bytes();
        head[bound..bound + 4].copy_from_slice(&start);
        head.extend(bof);
        for c in cells {
            head.extend(c);
        }
        head.extend(record(0x000A, &[]));
        head
    }

    fn label_sst(row: u16, col: u16, index: u32) -> Vec<u8> {
        record(
            0x00FD,
            &[row.to_le_bytes(), col.to_le_bytes(), [0, 0]]
                .concat()
                .into_iter()
                .chain(index.to_le_bytes())
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn a_shared_string_in_many_cells_is_counted_in_every_copy() {
        // 1,000 characters, in 50,000 cells: 150 MB of copies from a 1 MB stream.
        let cells: Vec<_> = (0..50_000u32).map(|i| label_sst((i / 50) as u16, (i % 50) as u16, 0)).collect();
        let refused = scan(&stream(&[record(0x00FC, &sst(1, 1_000))], &cells)).unwrap_err();
        assert_eq!(refused, too_large(too_much_text()));
        let few = scan(&stream(&[record(0x00FC, &sst(1, 1_000))], &cells[..100])).unwrap();
        assert!(few.is_empty());
    }

    #[test]
    fn formulas_and_names_are_emptied_in_place() {
        let name = record(0x0018, &[0; 20]);
        let mut formula = vec![0u8; 20];
        formula.extend([3, 0, 0x1E, 1, 0]);
        let s = stream(&[name], &[record(0x0006, &formula)]);
        let edits = scan(&s).unwrap();
        assert_eq!(edits.len(), 2, "{edits:?}");
        let clean = check_stream(s);
        assert!(scan(&clean).unwrap().is_empty());
        assert_eq!(clean.len(), stream(&[record(0x0018, &[0; 20])], &[record(0x0006, &formula)]).len());
    }

    fn check_stream(mut s: Vec<u8>) -> Vec<u8> {
        for e in scan(&s).unwrap() {
            s[e.at..e.at + 2].copy_from_slice(&e.value);
        }
        s
    }

    #[test]
    fn cells_and_dimensions_far_out_are_refused() {
        let far = record(0x0203, &[[0, 0, 0xFF, 0xFF].as_slice(), &[0; 10]].concat());
        assert!(matches!(scan(&stream(&[], &[far])), Err(Refusal::TooLarge(m)) if m.contains("CRXP1")));
        let dims = record(
            0x0200,
            &[0u32.to_le_bytes(), 1_000_000u32.to_le_bytes()]
                .concat()
                .into_iter()
                .chain([0, 0, 255, 0, 0, 0])
                .collect::<Vec<_>>(),
        );
        assert!(matches!(scan(&stream(&[], &[dims])), Err(Refusal::TooLarge(_))));
        let upside_down = record(
            0x0200,
            &[10u16.to_le_bytes(), 2u16.to_le_bytes(), 0u16.to_le_bytes(), 1u16.to_le_bytes(), [0, 0]].concat(),
        );
        assert_eq!(scan(&stream(&[], &[upside_down])), Err(damaged()));
    }

    #[test]
    fn endless_continue_records_are_damage() {
        let mut s = record(0x00FC, &sst(0, 0));
        for _ in 0..=MAX_CONTINUES {
            s.extend(record(CONTINUE, &[]));
        }
        s.extend(record(0x000A, &[]));
        assert_eq!(scan(&s), Err(damaged()));
    }
}

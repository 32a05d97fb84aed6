//! A zipped workbook (xlsx, xlsm, xlsb, ods), read with the zip crate
//! before calamine is given it: its entries' declared sizes, then every
//! entry decompressed and counted, since a declared size can lie and a
//! reader trusts what it decompresses. Then what kind of workbook it is,
//! and that kind's own checks.

use super::xml::{Archive, part_name};
use super::{Checked, NOT_A_WORKBOOK, Refusal, ods, too_large, xlsx};
use crate::limits::{MAX_ENTRIES, MAX_PART_BYTES, MAX_RATIO, MAX_UNPACKED_BYTES, RATIO_FLOOR};
use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

const ZIP_DAMAGED: &str = "文件已损坏（压缩内容无法解开）";
const ZIP_LIES: &str = "文件已损坏或被改动过：压缩内容比它声明的大小还大";

/// What a zip holds, told by its parts.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Packed {
    Xlsx,
    Xlsb,
    Ods,
}

fn zip_damaged() -> Refusal {
    Refusal::Unreadable(ZIP_DAMAGED.into())
}

fn unpacked_too_large() -> Refusal {
    too_large(format!(
        "解压后的内容超过 {} MB（文件很小却能解压出巨大的内容，这是恶意构造的文件，不像正常的台账）",
        MAX_UNPACKED_BYTES >> 20
    ))
}

fn part_too_large() -> Refusal {
    too_large(format!(
        "文件里记录格式或目录的部分解压后超过 {} MB（正常的台账只有几十 KB），可能是恶意构造的文件",
        MAX_PART_BYTES >> 20
    ))
}

fn absurd() -> Refusal {
    too_large(format!("压缩比异常（超过 {MAX_RATIO} 倍），不像正常的台账，可能是恶意构造的文件"))
}

/// Parts that hold the cells (sheets, shared strings, an .ods's content)
/// grow with the ledger; every other part a reader parses is small.
fn small(name: &str) -> bool {
    let content = name.contains("worksheets/")
        || name.ends_with("sharedstrings.xml")
        || name.ends_with("sharedstrings.bin")
        || name == "content.xml";
    let parsed = name.ends_with(".xml") || name.ends_with(".rels") || name.ends_with(".bin");
    parsed && !content
}

/// The kind of workbook, and its largest part (bytes): the most that
/// reading one sheet can parse.
pub(super) fn check(bytes: &[u8]) -> Checked<(Packed, u64)> {
    let opened = catch_unwind(|| zip::ZipArchive::new(Cursor::new(bytes)));
    let Ok(Ok(mut archive)) = opened else { return Err(zip_damaged()) };
    if archive.len() > MAX_ENTRIES {
        return Err(too_large(format!("压缩包里有 {} 项内容，台账不会有这么多", archive.len())));
    }
    // Which of two entries of one name a reader takes is its own affair.
    if archive.has_duplicate_names() {
        return Err(zip_damaged());
    }
    declared(&mut archive)?;
    let parts = unpacked(&mut archive)?;
    let largest = parts.iter().map(|p| p.size).max().unwrap_or_default();
    let packed = if parts
        .iter()
        .any(|p| p.name == "mimetype" && p.head.starts_with(b"application/vnd.oasis.opendocument.spreadsheet"))
    {
        Packed::Ods
    } else if parts.iter().any(|p| p.name == "xl/workbook.bin") {
        Packed::Xlsb
    } else if parts.iter().any(|p| p.name.ends_with("workbook.xml")) {
        Packed::Xlsx
    } else {
        return Err(Refusal::Unreadable(NOT_A_WORKBOOK.into()));
    };
    // The readers' own parsers, on parts already known to be bounded.
    let checked = catch_unwind(AssertUnwindSafe(|| match packed {
        Packed::Xlsx => xlsx::check(&mut archive),
        Packed::Ods => ods::check(&mut archive),
        Packed::Xlsb => Ok(()),
    }));
    checked.map_err(|_| super::damaged())??;
    Ok((packed, largest))
}

/// Declared sizes first: nothing is decompressed from a file that admits to a bomb.
fn declared(archive: &mut Archive<'_>) -> Checked<()> {
    let mut total = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|_| zip_damaged())?;
        let name = entry.name().map(|n| part_name(&n)).unwrap_or_default();
        total = total.saturating_add(entry.size());
        if total > MAX_UNPACKED_BYTES {
            return Err(unpacked_too_large());
        }
        if small(&name) && entry.size() > MAX_PART_BYTES {
            return Err(part_too_large());
        }
        if entry.size() > RATIO_FLOOR && entry.size() / entry.compressed_size().max(1) > MAX_RATIO {
            return Err(absurd());
        }
    }
    Ok(())
}

/// An entry as unpacked: its name (as `part_name` gives it), its first
/// bytes, its size.
struct Part {
    name: String,
    head: Vec<u8>,
    size: u64,
}

/// Then what each entry really unpacks to, never reading past its budget.
fn unpacked(archive: &mut Archive<'_>) -> Checked<Vec<Part>> {
    let mut total = 0u64;
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let counted = catch_unwind(AssertUnwindSafe(|| -> Checked<Part> {
            let mut entry = archive.by_index(i).map_err(|_| zip_damaged())?;
            let name = entry.name().map(|n| part_name(&n)).unwrap_or_default();
            let (declared, compressed) = (entry.size(), entry.compressed_size());
            let limit = if small(&name) { MAX_PART_BYTES } else { MAX_UNPACKED_BYTES };
            let budget = (MAX_UNPACKED_BYTES - total).min(declared).min(limit);
            let mut head = Vec::new();
            let mut limited = (&mut entry).take(budget + 1);
            limited.by_ref().take(64).read_to_end(&mut head).map_err(|_| zip_damaged())?;
            let rest = std::io::copy(&mut limited, &mut std::io::sink()).map_err(|_| zip_damaged())?;
            let actual = head.len() as u64 + rest;
            if actual > budget {
                // The zip crate itself fails a read past the declared size
                // (then the file is damaged); this count holds whatever it does.
                return Err(if actual > declared {
                    Refusal::Unreadable(ZIP_LIES.into())
                } else if actual > limit {
                    part_too_large()
                } else {
                    unpacked_too_large()
                });
            }
            if actual > RATIO_FLOOR && actual / compressed.max(1) > MAX_RATIO {
                return Err(absurd());
            }
            total += actual;
            Ok(Part { name, head, size: actual })
        }));
        parts.push(counted.map_err(|_| zip_damaged())??);
    }
    Ok(parts)
}

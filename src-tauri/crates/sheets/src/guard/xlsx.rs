//! What calamine reads whole when it opens an .xlsx, before any sheet:
//!
//! - the shared strings: it reserves room for as many as `uniqueCount`
//!   says before reading one (a forged count aborts), then holds each;
//! - the cell formats: each holds a copy of its font and number format,
//!   so a long format used by many cells multiplies.
//!
//! Both parts are already bounded in size (`packed.rs`); here their counts.

use super::xml::{Archive, attribute, count, parts, reader};
use super::{Checked, damaged, too_large};
use crate::limits::{MAX_CELLS, MAX_PART_BYTES, MAX_STYLES, too_many_cells};
use quick_xml::events::Event;

pub(super) fn check(archive: &mut Archive<'_>) -> Checked<()> {
    for i in parts(archive, |n| n.ends_with("sharedstrings.xml")) {
        shared_strings(archive, i)?;
    }
    for i in parts(archive, |n| n.ends_with("styles.xml")) {
        styles(archive, i)?;
    }
    Ok(())
}

/// The declared count and the strings themselves, each at most `MAX_CELLS`
/// (a sheet cannot use more strings than it has cells).
fn shared_strings(archive: &mut Archive<'_>, index: usize) -> Checked<()> {
    let Some(mut xml) = reader(archive, index) else { return Err(damaged()) };
    let mut buf = Vec::new();
    let mut strings = 0u64;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|_| damaged())? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sst" if attribute(&e, "uniqueCount").and_then(|v| count(&v)).is_some_and(|n| n > MAX_CELLS) => {
                    return Err(too_large(too_many_cells()));
                }
                "si" => {
                    strings += 1;
                    if strings > MAX_CELLS {
                        return Err(too_large(too_many_cells()));
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Formats, fonts, fills, borders and number formats each at most
/// `MAX_STYLES`, and the copies calamine makes (a font name and a number
/// format per cell format, each at most the longest attribute) at most a
/// part's size.
fn styles(archive: &mut Archive<'_>, index: usize) -> Checked<()> {
    let Some(mut xml) = reader(archive, index) else { return Err(damaged()) };
    let mut buf = Vec::new();
    let (mut formats, mut others, mut longest) = (0u64, 0u64, 0u64);
    let refused = |what: &str| {
        too_large(format!("文件里的单元格格式{what}，可能是恶意构造的文件。请把台账复制到新工作簿，另存后再导入"))
    };
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|_| damaged())? {
            Event::Start(e) | Event::Empty(e) => {
                match e.local_name().as_ref() {
                    "xf" => formats += 1,
                    "numFmt" | "font" | "fill" | "border" => others += 1,
                    _ => {}
                }
                if formats > MAX_STYLES || others > MAX_STYLES {
                    return Err(refused(&format!("多得异常（超过 {MAX_STYLES} 种）")));
                }
                for a in e.attributes().with_checks(false).flatten() {
                    longest = longest.max(a.value.len() as u64);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if formats.saturating_mul(2 * longest) > MAX_PART_BYTES {
        return Err(refused("长得异常（每种都要复制一份）"));
    }
    Ok(())
}

//! Reading a zip part's XML as the checks of `xlsx.rs` and `ods.rs` need
//! it: a part found by its name as readers compare names, its elements by
//! name, an attribute as a count.

use quick_xml::events::BytesStart;
use std::io::{BufReader, Cursor};

pub(super) type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;
pub(super) type Xml<'z, 'a> = quick_xml::Reader<BufReader<zip::read::ZipFile<'z, Cursor<&'a [u8]>>>>;

/// A part's name as the readers look it up: lower case, forward slashes.
pub(super) fn part_name(raw: &str) -> String {
    raw.to_ascii_lowercase().replace('\\', "/")
}

/// The entries whose names (as `part_name` gives them) `wanted` accepts.
pub(super) fn parts(archive: &Archive<'_>, wanted: impl Fn(&str) -> bool) -> Vec<usize> {
    (0..archive.len())
        .filter(|&i| archive.name_for_index(i).and_then(Result::ok).is_some_and(|n| wanted(&part_name(&n))))
        .collect()
}

/// One entry (already checked by `packed.rs`) read as XML, with the
/// leniency calamine reads it with.
pub(super) fn reader<'z, 'a>(archive: &'z mut Archive<'a>, index: usize) -> Option<Xml<'z, 'a>> {
    let entry = archive.by_index(index).ok()?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry));
    reader.config_mut().check_end_names = false;
    Some(reader)
}

/// An attribute's raw value (as written, entities not expanded).
pub(super) fn attribute(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().with_checks(false).flatten().find(|a| a.key.as_ref() == key).map(|a| a.value.into_owned())
}

/// A count as written in an attribute (digits, maybe a sign or spaces),
/// saturating; `None` if there is no number.
pub(super) fn count(value: &str) -> Option<u64> {
    let digits = value.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '+');
    let digits = &digits[..digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len())];
    (!digits.is_empty())
        .then(|| digits.bytes().fold(0u64, |n, d| n.saturating_mul(10).saturating_add((d - b'0') as u64)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_as_attributes_write_them() {
        assert_eq!(count("12"), Some(12));
        assert_eq!(count(" +7"), Some(7));
        assert_eq!(count("99999999999999999999999999"), Some(u64::MAX));
        assert_eq!(count("3x"), Some(3));
        assert_eq!(count("x"), None);
        assert_eq!(part_name("XL\\SharedStrings.xml"), "xl/sharedstrings.xml");
    }
}

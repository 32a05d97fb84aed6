//! Names of files this software writes out (an extracted attachment, a saved
//! PDF or workbook, a backup), safe on every system the file may reach: a
//! Windows PC, a FAT32 USB stick, Linux. A name comes from outside (the file
//! a person attached, a record another device sent), so nothing in it is
//! trusted: no path separators or characters Windows refuses, no controls
//! or invisible format characters (a right-to-left override, U+202E, can
//! make `scan` U+202E `fdp.bat` look like `scantab.pdf`), no device name
//! (`CON`, `aux.txt`), no trailing dot or space, and an attachment's
//! extension is the one of what its bytes really are, so a PDF named
//! `证据.bat` is written as `证据.pdf`. Lengths are fitted in [`crate::files::free_path`], where the
//! suffixes added beside a name are known.

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// What a name becomes when nothing of it is left.
const FALLBACK: &str = "附件";

/// Names Windows keeps for devices, whatever follows a dot and in any case:
/// `con.txt` opens the console, not a file.
const DEVICES: [&str; 6] = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"];

/// `title` as the stem of a file name (no extension): safe characters, no
/// leading or trailing dots and spaces, never a device name, never empty.
pub fn stem(title: &str) -> String {
    let cleaned: String = title.chars().map(|c| if allowed(c) { c } else { '_' }).collect();
    let trimmed = trim_ends(&cleaned);
    let mut out = if trimmed.is_empty() { FALLBACK.to_owned() } else { trimmed.to_owned() };
    if is_device(&out) {
        out.insert(0, '_');
    }
    out
}

/// Trims what Windows drops from the ends of a name (dots and spaces) and
/// what hides a file on Linux (a leading dot).
pub(crate) fn trim_ends(name: &str) -> &str {
    name.trim_matches(|c: char| c == '.' || c.is_whitespace())
}

/// The stem and extension an attachment named `original` is written out
/// under, its content being `bytes`. The extension is the one of the type
/// the bytes are (told by the `infer` crate); the original one is kept only
/// when it is another name of that type (`.jpeg` for a JPEG). Content of a
/// type the ledger does not accept gets `.bin`, so nothing opens it by
/// double-click.
pub fn for_content(original: &str, bytes: &[u8]) -> (String, String) {
    let cleaned = stem(original);
    let (named_stem, named_ext) = match cleaned.rsplit_once('.') {
        Some((s, e)) if !trim_ends(s).is_empty() && looks_like_extension(e) => (s, Some(e)),
        _ => (cleaned.as_str(), None),
    };
    let names = extensions(bytes);
    let ext = match named_ext {
        Some(e) if names.iter().any(|n| n.eq_ignore_ascii_case(e)) => e.to_owned(),
        _ => names[0].to_owned(),
    };
    (stem(named_stem), ext)
}

/// The extensions of the type `bytes` are, the usual one first.
fn extensions(bytes: &[u8]) -> &'static [&'static str] {
    match infer::get(bytes).map(|t| t.mime_type()) {
        Some("image/jpeg") => &["jpg", "jpeg", "jpe", "jfif"],
        Some("image/png") => &["png"],
        Some("application/pdf") => &["pdf"],
        Some("image/tiff") => &["tif", "tiff"],
        Some("image/webp") => &["webp"],
        Some("image/heif" | "image/heic") => &["heic", "heif", "hif"],
        _ => &["bin"],
    }
}

/// `bat`, `pdf`, `jpeg`: what a person or a system takes for an extension
/// (`张三.身份证` has none).
fn looks_like_extension(ext: &str) -> bool {
    (1..=8).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A character that may stand in a file name anywhere.
fn allowed(c: char) -> bool {
    !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        && !matches!(
            c.general_category(),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
                | GeneralCategory::Surrogate
                | GeneralCategory::PrivateUse
                | GeneralCategory::Unassigned
        )
}

/// Whether Windows takes `name` for a device: its part before the first dot,
/// spaces trimmed, is CON, PRN, AUX, NUL, COM0–9, LPT0–9 (superscript ¹²³
/// too), CONIN$ or CONOUT$, in any case.
fn is_device(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or_default().trim_end().to_ascii_uppercase();
    if DEVICES.contains(&base.as_str()) {
        return true;
    }
    let mut chars = base.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: Vec<char> = chars.collect();
    (prefix == "COM" || prefix == "LPT") && matches!(rest.as_slice(), ['0'..='9' | '¹' | '²' | '³'])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn named(original: &str, bytes: &[u8]) -> String {
        let (stem, ext) = for_content(original, bytes);
        format!("{stem}.{ext}")
    }

    #[test]
    fn device_names_are_never_written_in_any_case_or_with_any_extension() {
        for name in ["CON", "con", "Aux", "nul.txt", "PRN.tar.gz", "COM1", "lpt9.pdf", "COM¹", "CONOUT$", "aux .pdf"] {
            let s = stem(name);
            assert!(s.starts_with('_'), "{name} → {s}");
            assert!(!is_device(&s), "{name} → {s}");
        }
        for name in ["CONSOLE", "COM10", "LPT", "auxiliary.txt", "会议纪要", "com"] {
            assert_eq!(stem(name), name);
        }
        assert_eq!(named("aux.txt", PDF), "_aux.pdf");
        assert_eq!(named("CON", JPEG), "_CON.jpg");
    }

    #[test]
    fn separators_forbidden_characters_controls_and_format_characters_are_replaced() {
        assert_eq!(stem("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(stem("第一行\n第二行\t\u{7}\u{85}"), "第一行_第二行___");
        // Right-to-left override, zero-width joiner, byte-order mark, isolates.
        assert_eq!(stem("scan\u{202E}fdp.bat"), "scan_fdp.bat");
        assert_eq!(stem("a\u{200D}b\u{FEFF}c\u{2066}d\u{2069}"), "a_b_c_d_");
        assert_eq!(named("scan\u{202E}fdp.bat", PDF), "scan_fdp.pdf");
        assert_eq!(stem("../../etc/passwd"), "_.._etc_passwd");
    }

    #[test]
    fn trailing_dots_and_spaces_and_leading_dots_go_and_nothing_is_never_a_name() {
        assert_eq!(stem("报告. . "), "报告");
        assert_eq!(stem(".bashrc"), "bashrc");
        assert_eq!(stem(" 证据 "), "证据");
        assert_eq!(stem(""), "附件");
        assert_eq!(stem("..."), "附件");
        assert_eq!(named(".pdf", PDF), "pdf.pdf");
        assert_eq!(named("", PNG), "附件.png");
    }

    #[test]
    fn the_extension_is_the_contents_and_a_right_one_is_kept() {
        assert_eq!(named("证据.bat", PDF), "证据.pdf");
        assert_eq!(named("证据.exe", JPEG), "证据.jpg");
        assert_eq!(named("现场照片.JPEG", JPEG), "现场照片.JPEG");
        assert_eq!(named("现场照片.jpeg", JPEG), "现场照片.jpeg");
        assert_eq!(named("协议书.pdf", PDF), "协议书.pdf");
        assert_eq!(named("协议书", PDF), "协议书.pdf");
        assert_eq!(named("田埂.png", JPEG), "田埂.jpg");
        // Not an extension: kept in the name.
        assert_eq!(named("张三.身份证", PNG), "张三.身份证.png");
        // Content the ledger does not accept (only a forged record carries it).
        assert_eq!(named("setup.exe", b"MZ\x90\0\x03\0\0\0"), "setup.bin");
        assert_eq!(named("notes.txt", b"just text"), "notes.bin");
    }
}

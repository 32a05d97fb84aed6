//! Helpers for the print tests: a printer over the source tree's assets,
//! text extraction (pdf-extract), font inspection (lopdf), page 1 as PNG.

#![allow(dead_code)]

use lopdf::{Document, Object};
use std::path::PathBuf;
use std::process::Command;
use xinfang_print::{PartyDoc, Printer, assets};

pub fn printer() -> Printer {
    Printer::with_assets(assets::source_tree()).expect("the source tree's assets load")
}

/// The PDF's text with all white space removed, page by page: extraction
/// breaks lines where the layout did, so fields are compared without it.
pub fn pages_text(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf)
        .expect("the PDF's text extracts")
        .into_iter()
        .map(|page| squash(&page))
        .collect()
}

pub fn all_text(pdf: &[u8]) -> String {
    pages_text(pdf).concat()
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Asserts each of `needles` occurs in `text`, in this order.
pub fn assert_in_order(text: &str, needles: &[String]) {
    let mut from = 0;
    for needle in needles {
        let needle = squash(needle);
        match text[from..].find(&needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("{needle:?} is missing (or out of order) after byte {from} in:\n{text}"),
        }
    }
}

pub fn page_count(pdf: &[u8]) -> usize {
    Document::load_mem(pdf).expect("lopdf reads the PDF").get_pages().len()
}

/// Every font the pages use: (BaseFont, embedded?) — embedded meaning the
/// font descriptor carries the font program (FontFile, FontFile2 or FontFile3).
pub fn fonts(pdf: &[u8]) -> Vec<(String, bool)> {
    let doc = Document::load_mem(pdf).expect("lopdf reads the PDF");
    let mut out = Vec::new();
    for (_, page) in doc.get_pages() {
        for (_, font) in doc.get_page_fonts(page).expect("page fonts") {
            let base = font.get(b"BaseFont").and_then(Object::as_name).map(|n| String::from_utf8_lossy(n).into_owned());
            let base = base.unwrap_or_default();
            // A composite (Type0) font keeps its descriptor on the descendant.
            let descendant = font
                .get(b"DescendantFonts")
                .ok()
                .and_then(|o| deref(&doc, o).as_array().ok().cloned())
                .and_then(|a| a.first().cloned())
                .and_then(|o| deref(&doc, &o).as_dict().ok().cloned());
            let holder = descendant.as_ref().unwrap_or(font);
            let embedded = holder
                .get(b"FontDescriptor")
                .ok()
                .and_then(|o| deref(&doc, o).as_dict().ok().cloned())
                .is_some_and(|fd| [&b"FontFile"[..], b"FontFile2", b"FontFile3"].iter().any(|k| fd.has(k)));
            if !out.iter().any(|(b, _)| b == &base) {
                out.push((base, embedded));
            }
        }
    }
    out
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).expect("a live reference"),
        other => other,
    }
}

/// Saves page 1 as tests/artifacts/print-{name}.png (and the PDF beside it)
/// for a person to look at. Uses pdftoppm (poppler-utils) when present: it
/// renders the PDF itself, as a viewer would.
pub fn save_artefacts(name: &str, pdf: &[u8]) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let pdf_path = dir.join(format!("print-{name}.pdf"));
    std::fs::write(&pdf_path, pdf).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf_path)
        .arg(dir.join(format!("print-{name}")))
        .status();
    match status {
        Ok(s) if s.success() => {}
        _ => eprintln!("pdftoppm (poppler-utils) is not available: no PNG for {name}"),
    }
}

pub fn party(name: &str) -> PartyDoc {
    PartyDoc { name: name.into(), ..PartyDoc::default() }
}

/// Runs a command on the ledger, failing the test with its message.
pub fn call(l: &mut xinfang_core::Ledger, name: &str, args: serde_json::Value) -> serde_json::Value {
    xinfang_core::dispatch(l, name, args).unwrap_or_else(|e| panic!("{name} failed: {e}"))
}

/// An in-memory village ledger, 石岩哨村, whose clock stands at 2026-05-06 10:00 (China time).
pub fn village() -> xinfang_core::Ledger {
    let now = chrono::DateTime::parse_from_rfc3339("2026-05-06T10:00:00+08:00").unwrap().with_timezone(&chrono::Utc);
    let mut l = xinfang_core::Ledger::new(xinfang_core::Store::in_memory().unwrap(), xinfang_core::Clock::Fixed(now));
    call(&mut l, "device_init", serde_json::json!({"role": "village", "name": "石岩哨村"}));
    l
}

//! An old Excel ledger (旧台账) from someone else's computer, as the import reads it.

use xinfang_sheets::read::{EXTENSIONS, read};

/// `extension index: u8 ‖ file bytes`: written under that extension and read as the import
/// (and its preview, inside the app's own process) reads it. Never a panic or an abort (the
/// fuzzer's memory limit catches an allocation bomb), and a refusal is one line of Chinese.
pub fn sheet_read(data: &[u8]) {
    let Some((pick, bytes)) = data.split_first() else { return };
    let ext = EXTENSIONS[usize::from(*pick) % EXTENSIONS.len()];
    let path = crate::scratch().join(format!("ledger.{ext}"));
    std::fs::write(&path, bytes).expect("write the workbook");
    if let Err(error) = read(&path) {
        crate::text::assert_chinese(&error.to_string());
    }
}

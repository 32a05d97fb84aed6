//! Writing a PDF to disk so that it is either all there or not there: a
//! temporary `.part` file, flushed to disk, then renamed into place. A full
//! disk or a pulled USB stick leaves no half-written PDF under the real name.

use crate::{Error, Result};
use std::path::{Path, PathBuf};
use xinfang_core::files;

pub use xinfang_core::files::file_name;

/// Writes `pdf` to `path`, replacing a file already there.
pub fn write_pdf(path: &Path, pdf: &[u8]) -> Result<()> {
    files::write_whole(path, pdf).map_err(|source| Error::Output { path: path.to_path_buf(), source })
}

/// `folder/name.pdf`, or `folder/name（2）.pdf` and so on when that file is
/// already there, so saving again never overwrites an earlier copy.
pub fn free_path(folder: &Path, name: &str) -> PathBuf {
    files::free_path(folder, name, "pdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_twice_keeps_both_copies_and_names_are_safe_everywhere() {
        let dir = tempfile::tempdir().unwrap();
        let name = file_name("人民调解协议书（2026）石岩哨村人调字第1号 a/b:c");
        assert_eq!(name, "人民调解协议书（2026）石岩哨村人调字第1号 a_b_c");
        let first = free_path(dir.path(), &name);
        write_pdf(&first, b"%PDF-1").unwrap();
        let second = free_path(dir.path(), &name);
        assert_eq!(second, dir.path().join(format!("{name}（2）.pdf")));
        write_pdf(&second, b"%PDF-2").unwrap();
        assert_eq!(std::fs::read(&first).unwrap(), b"%PDF-1");
        assert!(
            std::fs::read_dir(dir.path()).unwrap().all(|e| !e.unwrap().path().display().to_string().ends_with(".part"))
        );
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-folder").join("a.pdf");
        let err = write_pdf(&path, b"%PDF").unwrap_err();
        assert!(err.to_string().contains("无法写入"), "{err}");
        assert!(!path.exists());
    }
}

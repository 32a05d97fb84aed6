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
    fn a_pdf_is_saved_beside_an_earlier_copy() {
        let dir = tempfile::tempdir().unwrap();
        let first = free_path(dir.path(), "协议书");
        write_pdf(&first, b"%PDF-1").unwrap();
        assert_eq!(free_path(dir.path(), "协议书"), dir.path().join("协议书（2）.pdf"));
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

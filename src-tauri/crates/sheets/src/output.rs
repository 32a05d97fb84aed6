//! Writing a workbook so that it is either all there or not there, and
//! never over another file: a temporary `.part` file, flushed to disk, then
//! renamed into place (the print crate's PDFs are saved the same way).

use crate::{Error, Result};
use std::path::{Path, PathBuf};
use xinfang_core::files;

pub use xinfang_core::files::file_name;

/// Writes `bytes` to `path`, which must not exist yet.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.exists() {
        return Err(Error::Exists { path: path.to_path_buf() });
    }
    files::write_whole(path, bytes).map_err(|source| Error::Output { path: path.to_path_buf(), source })
}

/// `folder/name.xlsx`, or `folder/name（2）.xlsx` and so on when that file
/// is already there, so saving again keeps the earlier copy.
pub fn free_path(folder: &Path, name: &str) -> PathBuf {
    files::free_path(folder, name, "xlsx")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_never_overwritten_and_saving_twice_keeps_both() {
        let dir = tempfile::tempdir().unwrap();
        let name = file_name("路居镇信访工作统计2009-01-01至2009-06-30 a/b");
        assert_eq!(name, "路居镇信访工作统计2009-01-01至2009-06-30 a_b");
        let first = free_path(dir.path(), &name);
        write_new(&first, b"one").unwrap();
        let e = write_new(&first, b"two").unwrap_err();
        assert!(e.to_string().contains("不会覆盖"), "{e}");
        assert_eq!(std::fs::read(&first).unwrap(), b"one");
        let second = free_path(dir.path(), &name);
        assert_eq!(second, dir.path().join(format!("{name}（2）.xlsx")));
        write_new(&second, b"two").unwrap();
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 2, "no .part left: {left:?}");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-folder").join("a.xlsx");
        let e = write_new(&path, b"x").unwrap_err();
        assert_eq!(e.field(), Some("folder"));
        assert!(!path.exists());
    }
}

//! Writing a workbook so that it is either all there or not there, and
//! never over another file: a temporary `.part` file, flushed to disk, then
//! renamed into place (the print crate's PDFs are saved the same way).

use crate::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path`, which must not exist yet.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.exists() {
        return Err(Error::Exists { path: path.to_path_buf() });
    }
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&part)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&part, path)
    };
    write().map_err(|source| {
        let _ = std::fs::remove_file(&part);
        Error::Output { path: path.to_path_buf(), source }
    })
}

/// `folder/name.xlsx`, or `folder/name（2）.xlsx` and so on when that file
/// is already there, so saving again keeps the earlier copy.
pub fn free_path(folder: &Path, name: &str) -> PathBuf {
    let first = folder.join(format!("{name}.xlsx"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| folder.join(format!("{name}（{n}）.xlsx"))).find(|p| !p.exists()).expect("some free name")
}

/// A title as a file name on any system: no path separators or the
/// characters Windows forbids.
pub fn file_name(title: &str) -> String {
    let forbidden = |c: char| matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control();
    let cleaned: String = title.chars().map(|c| if forbidden(c) { '_' } else { c }).collect();
    cleaned.trim().trim_matches('.').to_owned()
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

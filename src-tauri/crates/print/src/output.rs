//! Writing a PDF to disk so that it is either all there or not there: a
//! temporary `.part` file, flushed to disk, then renamed into place. A full
//! disk or a pulled USB stick leaves no half-written PDF under the real name.

use crate::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `pdf` to `path`, replacing a file already there.
pub fn write_pdf(path: &Path, pdf: &[u8]) -> Result<()> {
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&part)?;
        file.write_all(pdf)?;
        file.sync_all()?;
        std::fs::rename(&part, path)
    };
    write().map_err(|source| {
        let _ = std::fs::remove_file(&part);
        Error::Output { path: path.to_path_buf(), source }
    })
}

/// `folder/name.pdf`, or `folder/name（2）.pdf` and so on when that file is
/// already there, so saving again never overwrites an earlier copy.
pub fn free_path(folder: &Path, name: &str) -> PathBuf {
    let first = folder.join(format!("{name}.pdf"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| folder.join(format!("{name}（{n}）.pdf"))).find(|p| !p.exists()).expect("some free name")
}

/// A document title as a file name on any system: no path separators or the
/// characters Windows forbids.
pub fn file_name(title: &str) -> String {
    let cleaned: String =
        title
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    cleaned.trim().trim_matches('.').to_owned()
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

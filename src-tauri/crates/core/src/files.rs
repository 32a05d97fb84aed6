//! Files handed to the person at the desk (an extracted attachment, a saved
//! PDF or workbook): written whole or not at all, and never over a file
//! already there.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary `.part` file, flushed to
/// disk, then renamed: a full disk or a pulled USB stick leaves no
/// half-written file under the real name.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&part)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&part, path)
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&part);
    })
}

/// `folder/stem.ext`, or `folder/stem（2）.ext` and so on when that file is
/// already there, so saving again never overwrites an earlier copy.
pub fn free_path(folder: &Path, stem: &str, ext: &str) -> PathBuf {
    let named = |suffix: String| {
        folder.join(format!("{stem}{suffix}{}", if ext.is_empty() { String::new() } else { format!(".{ext}") }))
    };
    let first = named(String::new());
    if !first.exists() {
        return first;
    }
    (2..).map(|n| named(format!("（{n}）"))).find(|p| !p.exists()).expect("some free name")
}

/// A title as a file name on any system: no path separators or the
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
        let stem = file_name("人民调解协议书（2026）石岩哨村人调字第1号 a/b:c");
        assert_eq!(stem, "人民调解协议书（2026）石岩哨村人调字第1号 a_b_c");
        let first = free_path(dir.path(), &stem, "pdf");
        write_whole(&first, b"%PDF-1").unwrap();
        let second = free_path(dir.path(), &stem, "pdf");
        assert_eq!(second, dir.path().join(format!("{stem}（2）.pdf")));
        write_whole(&second, b"%PDF-2").unwrap();
        assert_eq!(std::fs::read(&first).unwrap(), b"%PDF-1");
        assert!(
            std::fs::read_dir(dir.path()).unwrap().all(|e| !e.unwrap().path().display().to_string().ends_with(".part"))
        );
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-folder").join("a.pdf");
        assert!(write_whole(&path, b"%PDF").is_err());
        assert!(!path.exists());
    }
}

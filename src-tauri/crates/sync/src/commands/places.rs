//! Where a USB stick is: the folders removable media are mounted at, so the
//! clerk picks one instead of typing a path. On Linux desktops a stick
//! appears under `/media/USER/LABEL` or `/run/media/USER/LABEL` (older
//! systems: `/media/LABEL`); on macOS under `/Volumes`; on Windows as a drive
//! letter other than the system drive.

use crate::error::Result;
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;
use xinfang_core::Ledger;
use xinfang_core::commands::NoArgs;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Place {
    /// The folder, as the export and import commands take it.
    pub path: String,
    /// What to show, e.g. `U盘 KINGSTON（/media/li/KINGSTON）`.
    pub label: String,
}

pub fn places(_: &mut Ledger, _: NoArgs) -> Result<Vec<Place>> {
    let mut found = places_under(&mount_roots());
    found.extend(drive_letters());
    Ok(found)
}

/// The folders removable media are mounted under, for the current user.
fn mount_roots() -> Vec<PathBuf> {
    let mut roots = Vec::new();
    let user = std::env::var_os("USER").or_else(|| std::env::var_os("LOGNAME")).filter(|u| !u.is_empty());
    if let Some(user) = user {
        roots.push(Path::new("/media").join(&user));
        roots.push(Path::new("/run/media").join(&user));
    }
    roots.push(PathBuf::from("/Volumes"));
    roots
}

/// Every folder directly inside each root (a mounted volume each), in name
/// order; roots that do not exist are skipped. On a system where a root holds
/// user folders (`/media/USER`), the roots above name those directly.
pub fn places_under(roots: &[PathBuf]) -> Vec<Place> {
    let mut out = Vec::new();
    for root in roots {
        let Ok(entries) = std::fs::read_dir(root) else { continue };
        let mut dirs: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
        dirs.sort();
        for dir in dirs {
            // macOS lists the system disk itself in /Volumes as a link to /.
            if dir.canonicalize().is_ok_and(|c| c == Path::new("/")) {
                continue;
            }
            let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            out.push(Place { label: format!("U盘 {name}（{}）", dir.display()), path: dir.display().to_string() });
        }
    }
    out
}

#[cfg(windows)]
fn drive_letters() -> Vec<Place> {
    let system = std::env::var("SystemDrive").unwrap_or_else(|_| "C:".into()).to_uppercase();
    (b'A'..=b'Z')
        .map(|l| format!("{}:", char::from(l)))
        .filter(|d| *d != system)
        .filter(|d| Path::new(&format!("{d}\\")).is_dir())
        .map(|d| Place { label: format!("U盘或移动硬盘 {d}"), path: format!("{d}\\") })
        .collect()
}

#[cfg(not(windows))]
fn drive_letters() -> Vec<Place> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_folders_inside_each_existing_root_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let media = dir.path().join("media").join("li");
        std::fs::create_dir_all(media.join("KINGSTON")).unwrap();
        std::fs::create_dir_all(media.join("A盘")).unwrap();
        std::fs::write(media.join("not-a-volume.txt"), "x").unwrap();
        let found = places_under(&[media.clone(), dir.path().join("missing")]);
        let paths: Vec<_> = found.iter().map(|p| PathBuf::from(&p.path)).collect();
        assert_eq!(paths, vec![media.join("A盘"), media.join("KINGSTON")]);
        assert!(found[1].label.contains("KINGSTON"));
    }
}

//! Where the print assets (`templates/`, `fonts/`) are found at run time, so a
//! township can edit a template without recompiling:
//!
//! 1. `XINFANG_ASSETS`, if set (it must then hold `templates/`: a mistyped
//!    variable is an error, not a silent fallback);
//! 2. `assets/` beside the executable (how an installed app ships them), or
//!    `../share/xinfang/assets` from it (a Debian package's layout);
//! 3. the source tree's `assets/` (development and tests).

use crate::{Error, Result};
use std::path::{Path, PathBuf};

pub const ENV_VAR: &str = "XINFANG_ASSETS";

/// The source tree's assets folder, as compiled in.
pub fn source_tree() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../assets")
}

fn usable(dir: &Path) -> bool {
    dir.join("templates").is_dir()
}

/// Finds the assets folder (see the module's documentation for the order).
pub fn locate() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(ENV_VAR) {
        let dir = PathBuf::from(dir);
        return if usable(&dir) {
            Ok(dir)
        } else {
            Err(Error::AssetsMissing { tried: format!("{ENV_VAR}={}", dir.display()) })
        };
    }
    let mut tried = Vec::new();
    if let Some(exe_dir) = std::env::current_exe().ok().and_then(|p| p.parent().map(Path::to_path_buf)) {
        tried.push(exe_dir.join("assets"));
        tried.push(exe_dir.join("../share/xinfang/assets"));
    }
    tried.push(source_tree());
    match tried.iter().find(|d| usable(d)) {
        Some(dir) => Ok(dir.clone()),
        None => Err(Error::AssetsMissing {
            tried: tried.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join("、"),
        }),
    }
}

//! The desktop shell of the petition ledger (信访台账): opens the SQLite
//! ledger, registers the one `call` command and shows the Vue UI. No SQL and
//! no business rules live here; they are all in `xinfang-core` (and sync in
//! `xinfang-sync`).

mod commands;
mod demo;
mod error;

pub use commands::AppState;
pub use error::Error;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::Manager;
use xinfang_core::{Clock, Ledger, Store};

/// Environment variable that overrides where the ledger file lives (tests,
/// portable installs). Otherwise it is `<app data dir>/ledger.sqlite3`.
pub const DB_ENV: &str = "XINFANG_DB";
pub const DB_FILE: &str = "ledger.sqlite3";

/// Where the ledger is: `$XINFANG_DB` if set, else the per-user data dir.
fn database_path(app: &tauri::App) -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dir = app
        .path()
        .app_data_dir()
        .map_err(|e| format!("无法确定本机数据目录：{e}。可设置环境变量 {DB_ENV} 指定台账文件。"))?;
    Ok(dir.join(DB_FILE))
}

/// Opens (or, on first start, creates) the ledger at `path`.
pub fn open_ledger(path: &Path) -> Result<Ledger, String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("无法建立数据目录 {}：{e}", dir.display()))?;
    }
    let store = Store::open_or_create(path).map_err(|e| e.to_string())?;
    let clock = Clock::from_env().map_err(|e| e.to_string())?;
    Ok(Ledger::new(store, clock))
}

fn fail_to_start(reason: &str) -> ! {
    eprintln!("信访台账无法启动：{reason}");
    std::process::exit(2);
}

pub fn run() {
    let app = tauri::Builder::default()
        // The system's own file chooser (GTK / Windows) for the UI's 选择… buttons;
        // it only hands back a path, which goes to `call` like a typed one.
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let path = database_path(app).unwrap_or_else(|e| fail_to_start(&e));
            let ledger = open_ledger(&path).unwrap_or_else(|e| fail_to_start(&e));
            eprintln!("信访台账：使用台账文件 {}", path.display());
            app.manage(AppState::new(ledger));
            // The training ledger goes beside the real one (commands::call routes demo_*).
            app.manage(Arc::new(demo::DemoState::beside(&path)));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![commands::call])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => fail_to_start(&format!("窗口初始化失败：{e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_a_new_ledger_creating_its_directory_and_reopens_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a").join("b").join(DB_FILE);
        let mut ledger = open_ledger(&path).unwrap();
        assert!(path.exists());
        let v = xinfang_core::dispatch(&mut ledger, "device_show", serde_json::json!({})).unwrap();
        assert_eq!(v["device"], serde_json::Value::Null);
        drop(ledger);
        open_ledger(&path).unwrap();
    }

    #[test]
    fn an_unopenable_path_gives_a_chinese_reason() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should be.
        let err = open_ledger(dir.path()).err().expect("a directory is not a ledger");
        assert!(err.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{err}");
    }
}

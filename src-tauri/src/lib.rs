//! The desktop shell of the petition ledger (信访台账): finds the ledger
//! file, opens it when someone signs in, registers the one `call` command
//! and shows the Vue UI. No SQL and
//! no business rules live here; they are all in `xinfang-core` (and sync in
//! `xinfang-sync`).

mod commands;
mod demo;
mod error;
mod session;

pub use commands::AppState;
pub use error::Error;

use std::path::PathBuf;
use std::sync::Arc;
use tauri::Manager;
use xinfang_core::Clock;

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
            let clock = Clock::from_env().unwrap_or_else(|e| fail_to_start(&e.to_string()));
            let idle = session::idle_minutes_from_env().unwrap_or_else(|e| fail_to_start(&e));
            eprintln!("信访台账：使用台账文件 {}", path.display());
            // Nothing is opened until someone signs in (session_sign_in).
            app.manage(AppState::locked(session::Session::new(path.clone(), clock, idle)));
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

//! The one Tauri command. The shell's own commands (signing in, the demo
//! ledger) run here; every other goes to `xinfang_router::dispatch`, the one
//! router the CLI (`xinfang call`) uses too, which checks the role once and
//! hands the command to the crate that handles it.

use crate::error::Error;
use crate::session::Session;
use std::sync::{Arc, Mutex, OnceLock};
use xinfang_core::Ledger;
use xinfang_print::Printer;

/// The open ledger, shared by every command. SQLite work is synchronous, so
/// each call runs on the blocking pool, never on the async runtime's threads.
pub struct AppState {
    /// None until someone signs in, and again once the app is locked.
    pub ledger: Arc<Mutex<Option<Ledger>>>,
    pub session: Arc<Session>,
    /// The typesetter with its fonts, loaded on the first print command.
    pub printer: Arc<OnceLock<Printer>>,
}

impl AppState {
    /// The app as it starts: locked, nothing open.
    pub fn locked(session: Session) -> AppState {
        AppState { ledger: Arc::new(Mutex::new(None)), session: Arc::new(session), printer: Arc::new(OnceLock::new()) }
    }
}

/// Runs the command `name` with JSON `args`; on refusal the UI receives
/// `{kind, message, field}` and the Chinese message is logged to stderr.
#[tauri::command]
pub async fn call(
    state: tauri::State<'_, AppState>,
    demo: tauri::State<'_, Arc<crate::demo::DemoState>>,
    name: String,
    args: serde_json::Value,
) -> Result<serde_json::Value, Error> {
    if crate::demo::is_demo_command(&name) {
        let (demo, ledger, session) = (Arc::clone(demo.inner()), Arc::clone(&state.ledger), Arc::clone(&state.session));
        return crate::demo::call(demo, ledger, session, name, args).await;
    }
    let ledger = Arc::clone(&state.ledger);
    let session = Arc::clone(&state.session);
    let demo = Arc::clone(demo.inner());
    let printer_cell = Arc::clone(&state.printer);
    let command = name.clone();
    let result = tauri::async_runtime::spawn_blocking(move || {
        if crate::session::is_session_command(&command) {
            let mut slot = ledger.lock().map_err(|_| Error::Poisoned)?;
            // Signing in or out ends a demo first: the real ledger set aside
            // is closed too, and it is the real one that is signed into.
            if command != "session_status" && command != "session_touch" {
                demo.end(&mut slot)?;
            }
            let status = session.run(&mut slot, &command, args)?;
            return Ok(serde_json::to_value(status).map_err(xinfang_core::Error::from)?);
        }
        run(&ledger, &session, &printer_cell, &command, args)
    })
    .await
    .map_err(|_| Error::Worker)
    .and_then(|r| r);
    if let Err(e) = &result {
        eprintln!("{}", crate::error::refusal_line(&name, e));
    }
    result
}

/// Runs one command on the ledger: under its lock, or, for a command that
/// reads the whole file, on a connection of its own once the lock has
/// given the file's path.
fn run(
    ledger: &Mutex<Option<Ledger>>,
    session: &Session,
    printer_cell: &OnceLock<Printer>,
    command: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, Error> {
    if xinfang_core::commands::runs_apart(command) {
        let own = session.ledger(&mut *ledger.lock().map_err(|_| Error::Poisoned)?, command)?.reopen()?;
        if let Some(mut own) = own {
            return Ok(xinfang_router::dispatch(&mut own, printer_cell, command, args)?);
        }
    }
    let mut slot = ledger.lock().map_err(|_| Error::Poisoned)?;
    let ledger = session.ledger(&mut slot, command)?;
    Ok(xinfang_router::dispatch(ledger, printer_cell, command, args)?)
}


/// Every command the one `call` runs: the router's (core, sync, print,
/// sheets) and the shell's own (signing in and out, the demo), each with
/// its access class. The UI's typed `call` is generated from this list
/// (`tests::export_command_map`); `call` itself routes by name.
#[cfg(test)]
fn catalogue() -> Vec<xinfang_core::commands::CommandInfo> {
    let mut all = xinfang_router::catalogue();
    all.extend(crate::session::catalogue());
    all.extend(crate::demo::catalogue());
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_file_command_runs_on_its_own_connection_and_a_ledger_in_memory_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let file = xinfang_core::Store::create(&dir.path().join("ledger.sqlite3")).unwrap();
        for store in [file, xinfang_core::Store::in_memory().unwrap()] {
            let mut ledger = Ledger::new(store, xinfang_core::Clock::System);
            let init = serde_json::json!({"role": "village", "name": "石岩哨村"});
            xinfang_core::dispatch(&mut ledger, "device_init", init).unwrap();
            let on_file = ledger.reopen().unwrap().is_some();
            let ledger = Mutex::new(Some(ledger));
            let session = Session::new(dir.path().join("ledger.sqlite3"), xinfang_core::Clock::System, 15);
            let printer = OnceLock::new();
            assert!(run(&ledger, &session, &printer, "ledger_check", serde_json::json!({})).is_ok());
            // What the check recorded on its own connection is in the one file.
            let checked = ledger.lock().unwrap().as_ref().unwrap().store.conn().query_row(
                "SELECT count(*) FROM settings WHERE key = 'ledger_checked_on'",
                [],
                |r| r.get::<_, i64>(0),
            );
            assert_eq!(checked.unwrap(), 1, "on file: {on_file}");
            assert_eq!(run(&ledger, &session, &printer, "case_list", serde_json::json!({})).unwrap()["total"], 0);
        }
    }

    /// Writes `commands.ts`, the UI's one map of every command to its
    /// argument, result and access class, beside the ts-rs bindings
    /// (`TS_RS_EXPORT_DIR`; run by `cargo test`).
    #[test]
    fn export_command_map() {
        use std::path::{Path, PathBuf};
        let all = catalogue();
        let mut names: Vec<&str> = all.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "a command listed twice");
        let map = xinfang_core::commands::typescript_map(&all, "xinfang-app", "Commands", "CommandName");
        let dir = PathBuf::from(std::env::var("TS_RS_EXPORT_DIR").unwrap_or_else(|_| "bindings".into()));
        let dir = if dir.is_absolute() { dir } else { Path::new(env!("CARGO_MANIFEST_DIR")).join(dir) };
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("commands.ts"), map).unwrap();
    }
}

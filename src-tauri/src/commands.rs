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
        eprintln!("{}", refusal_line(&name, e));
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

/// The one stderr line for a refused command.
pub fn refusal_line(name: &str, e: &Error) -> String {
    match e.field() {
        Some(field) => format!("命令 {name} 被拒绝（{}，字段 {field}）：{e}", e.kind()),
        None => format!("命令 {name} 被拒绝（{}）：{e}", e.kind()),
    }
    .replace('\n', " ")
}

/// Writes a shell catalogue's TypeScript map beside the core's generated
/// bindings (`TS_RS_EXPORT_DIR`), for the UI's typed `call`.
#[cfg(test)]
pub(crate) fn write_command_map(file: &str, map: String) {
    use std::path::{Path, PathBuf};
    let dir = PathBuf::from(std::env::var("TS_RS_EXPORT_DIR").unwrap_or_else(|_| "bindings".into()));
    let dir = if dir.is_absolute() { dir } else { Path::new(env!("CARGO_MANIFEST_DIR")).join(dir) };
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(file), map).unwrap();
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

    #[test]
    fn refusal_line_is_one_line_with_the_chinese_message() {
        let e = Error::from(xinfang_core::Error::invalid("petitioners[0].id_number", "身份证号码", "校验位错误"));
        let line = refusal_line("visit_add", &e);
        assert!(!line.contains('\n'));
        assert!(line.contains("visit_add"));
        assert!(line.contains("身份证号码：校验位错误"));
        assert!(line.contains("petitioners[0].id_number"));
    }

    #[test]
    fn a_print_refusal_keeps_its_kind_and_field() {
        let e = Error::from(xinfang_print::Error::Output {
            path: "/media/u盘/协议.pdf".into(),
            source: std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left on device"),
        });
        assert_eq!(e.kind(), "output");
        let line = refusal_line("print_save", &e);
        assert!(line.contains("字段 folder"), "{line}");
        assert!(line.contains("磁盘是否已满"), "{line}");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], "output");
        assert_eq!(json["field"], "folder");
    }

    #[test]
    fn a_sheets_refusal_marks_the_file() {
        let e = Error::from(xinfang_sheets::Error::MissingColumn {
            sheet: "Sheet1".into(),
            column: "类别",
            names: "类别、问题类别".into(),
        });
        let line = refusal_line("ledger_import_preview", &e);
        assert!(line.contains("（columns，字段 path）"), "{line}");
        assert!(line.contains("缺少“类别”列"), "{line}");
    }

    #[test]
    fn a_sync_refusal_names_the_field_too() {
        let e = Error::from(xinfang_sync::Error::FingerprintCheck);
        let line = refusal_line("sync_enrol", &e);
        assert!(line.contains("字段 fingerprint"), "{line}");
        assert!(line.contains("指纹校验位不对"), "{line}");
    }
}

//! The demo ledger (演示台账) for training: its own file beside the real
//! ledger, filled by `xinfang_core::demo::fill` and swapped in as the ledger
//! every command works on; ending the demo swaps the real ledger back and
//! deletes the file. The real ledger stays open and untouched meanwhile, so
//! nothing done in the demo can reach it, and removing the demo is removing
//! one file (with SQLite's -wal and -shm beside it).
//!
//! Reached through the one `call` command (`demo_start`, `demo_end`,
//! `demo_status`) before any other dispatch, since only the shell knows
//! files and which ledger is open; the core never learns it is a demo.

use crate::error::{Error, refusal_line};
use crate::session::Session;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use ts_rs::TS;
use xinfang_core::access::Access;
use xinfang_core::commands::{CommandInfo, NoArgs};
use xinfang_core::{Ledger, Store};

/// The demo's file name, in the folder of the real ledger.
pub const DEMO_FILE: &str = "demo-ledger.sqlite3";

/// Whether the demo ledger is the one in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DemoStatus {
    pub in_use: bool,
}

/// Where the demo lives and, while it is in use, the real ledger set aside.
pub struct DemoState {
    path: PathBuf,
    real: Mutex<Option<Ledger>>,
}

impl DemoState {
    /// The demo of the real ledger at `ledger_path`: a file beside it.
    /// A demo left on disk (the app was closed during training) is deleted
    /// here, since a demo is never reopened: the next one starts afresh.
    pub fn beside(ledger_path: &Path) -> DemoState {
        let path = ledger_path.with_file_name(DEMO_FILE);
        if let Err(e) = remove_files(&path) {
            eprintln!("{e}");
        }
        DemoState { path, real: Mutex::new(None) }
    }

    #[cfg(test)]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A fresh demo ledger swapped in for `current`; a demo already in use
    /// is replaced by a fresh one. If the demo cannot be made, the ledger in
    /// use afterwards is the real one.
    pub fn start(&self, current: &Mutex<Option<Ledger>>, session: &Session) -> Result<DemoStatus, Error> {
        let mut real = self.real.lock().map_err(|_| Error::Poisoned)?;
        let mut slot = current.lock().map_err(|_| Error::Poisoned)?;
        let ledger = session.ledger(&mut slot, "demo_start")?;
        // The open demo's connection is closed (dropped) before its file goes.
        if let Some(r) = real.take() {
            drop(std::mem::replace(ledger, r));
        }
        remove_files(&self.path)?;
        let demo = xinfang_core::demo::fill(Store::create(&self.path)?, ledger.clock);
        let demo = match demo {
            Ok(demo) => demo,
            Err(e) => {
                // A half-filled demo is of no use: gone, and the real ledger stays in use.
                let _ = remove_files(&self.path);
                return Err(e.into());
            }
        };
        // Training happens in the signed-in person's role.
        let demo = demo.acting_for(ledger.account.clone());
        *real = Some(std::mem::replace(ledger, demo));
        Ok(DemoStatus { in_use: true })
    }

    /// The real ledger back in `current` (the slot's lock held by the
    /// caller), the demo's files deleted.
    pub fn end(&self, current: &mut Option<Ledger>) -> Result<DemoStatus, Error> {
        let mut real = self.real.lock().map_err(|_| Error::Poisoned)?;
        if let Some(r) = real.take() {
            drop(current.replace(r));
        }
        remove_files(&self.path)?;
        Ok(DemoStatus { in_use: false })
    }

    pub fn status(&self) -> Result<DemoStatus, Error> {
        Ok(DemoStatus { in_use: self.real.lock().map_err(|_| Error::Poisoned)?.is_some() })
    }
}

/// Is `name` one of the demo's operations, answered here instead of by a crate?
pub fn is_demo_command(name: &str) -> bool {
    catalogue().iter().any(|c| c.name == name)
}

/// The demo's operations with their argument and answer types (for the UI's typed `call`).
pub fn catalogue() -> Vec<CommandInfo> {
    vec![
        CommandInfo::of::<NoArgs, DemoStatus>("demo_start", "打开演示台账（培训用，内容都是虚构的；本机台账不受影响）", Access::Session),
        CommandInfo::of::<NoArgs, DemoStatus>("demo_end", "退出演示：回到本机台账，演示台账文件删除", Access::Session),
        CommandInfo::of::<NoArgs, DemoStatus>("demo_status", "是否正在使用演示台账", Access::Session),
    ]
}

/// Runs a demo operation off the async threads (it opens and fills a
/// SQLite file, and waits for the ledger's lock like any command); a
/// refusal is logged as every command's is.
pub async fn call(
    demo: Arc<DemoState>,
    ledger: Arc<Mutex<Option<Ledger>>>,
    session: Arc<Session>,
    name: String,
    args: serde_json::Value,
) -> Result<serde_json::Value, Error> {
    let operation = name.clone();
    let result = tauri::async_runtime::spawn_blocking(move || -> Result<serde_json::Value, Error> {
        xinfang_core::commands::args::parse::<NoArgs>(&operation, args)?;
        let status = match operation.as_str() {
            "demo_start" => demo.start(&ledger, &session),
            "demo_end" => match ledger.lock() {
                Ok(mut slot) => demo.end(&mut slot),
                Err(_) => Err(Error::Poisoned),
            },
            _ => demo.status(),
        }?;
        Ok(serde_json::to_value(status).map_err(xinfang_core::Error::from)?)
    })
    .await
    .map_err(|_| Error::Worker)
    .and_then(|r| r);
    if let Err(e) = &result {
        eprintln!("{}", refusal_line(&name, e));
    }
    result
}

/// Deletes the demo file and SQLite's journal files beside it; a file
/// already gone is fine.
fn remove_files(path: &Path) -> Result<(), Error> {
    let mut names = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        names.push(PathBuf::from(name));
    }
    for p in names {
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(xinfang_core::Error::File {
                    action: "删除演示台账文件",
                    path: p,
                    field: "demo",
                    source: e,
                }
                .into());
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};
    use xinfang_core::dispatch;


    fn call(l: &Mutex<Option<Ledger>>, name: &str, args: Value) -> Value {
        dispatch(l.lock().unwrap().as_mut().unwrap(), name, args).unwrap()
    }

    fn case_total(l: &Mutex<Option<Ledger>>) -> Value {
        call(l, "case_list", json!({}))["total"].clone()
    }

    /// A real ledger with a device and one case, in a folder of its own.
    fn real_ledger(dir: &Path) -> (PathBuf, Mutex<Option<Ledger>>) {
        let path = dir.join(crate::DB_FILE);
        let l = new_ledger(&path);
        call(&l, "device_init", json!({"role": "village", "name": "石岩哨村"}));
        let visit = json!({"channel": "visit", "received_at": "2026-01-05T09:00:00+08:00",
            "petitioners": [{"name": "杨某"}], "category": "土地承包", "request": "反映地界不清。", "received_by": "李某"});
        call(&l, "visit_add", visit);
        (path, l)
    }

    fn new_ledger(path: &Path) -> Mutex<Option<Ledger>> {
        Mutex::new(Some(Ledger::new(Store::create(path).unwrap(), xinfang_core::Clock::System)))
    }

    fn session(path: &Path) -> Session {
        Session::new(path.to_owned(), xinfang_core::Clock::System, 15)
    }

    fn files_named_demo(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("demo-ledger"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_demo_is_swapped_in_and_removed_leaving_the_real_ledger_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let (path, ledger) = real_ledger(dir.path());
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        let demo = DemoState::beside(&path);
        assert_eq!(demo.path(), dir.path().join(DEMO_FILE));
        assert_eq!(demo.status().unwrap(), DemoStatus { in_use: false });

        assert_eq!(demo.start(&ledger, &session(&path)).unwrap(), DemoStatus { in_use: true });
        assert_eq!(demo.status().unwrap(), DemoStatus { in_use: true });
        assert!(demo.path().is_file());
        assert_eq!(call(&ledger, "device_show", json!({}))["device"]["name"], xinfang_core::demo::VILLAGE);
        assert_eq!(case_total(&ledger), 10);
        // Training writes to the demo, never to the real file.
        let visit = json!({"channel": "phone", "received_at": "2026-01-06T09:00:00+08:00",
            "petitioners": [{"name": "练习"}], "category": "其他诉求", "request": "练习登记。", "received_by": "学员"});
        call(&ledger, "visit_add", visit);
        assert_eq!(case_total(&ledger), 11);

        // Starting again gives a fresh demo.
        demo.start(&ledger, &session(&path)).unwrap();
        assert_eq!(case_total(&ledger), 10);

        assert_eq!(demo.end(&mut ledger.lock().unwrap()).unwrap(), DemoStatus { in_use: false });
        assert_eq!(demo.status().unwrap(), DemoStatus { in_use: false });
        assert_eq!(files_named_demo(dir.path()), Vec::<String>::new());
        assert_eq!(call(&ledger, "device_show", json!({}))["device"]["name"], "石岩哨村");
        assert_eq!(case_total(&ledger), 1);
        assert_eq!(call(&ledger, "case_list", json!({"text": "演示村"}))["total"], 0);
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);
        // Ending when no demo is in use changes nothing.
        demo.end(&mut ledger.lock().unwrap()).unwrap();
        assert_eq!(case_total(&ledger), 1);
    }

    #[test]
    fn a_real_ledger_not_yet_set_up_comes_back_not_set_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(crate::DB_FILE);
        let ledger = new_ledger(&path);
        let demo = DemoState::beside(&path);
        demo.start(&ledger, &session(&path)).unwrap();
        assert_eq!(call(&ledger, "device_show", json!({}))["device"]["role"], "village");
        demo.end(&mut ledger.lock().unwrap()).unwrap();
        assert_eq!(call(&ledger, "device_show", json!({}))["device"], Value::Null);
    }

    #[test]
    fn a_demo_left_behind_by_a_closed_app_is_deleted_at_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let (path, ledger) = real_ledger(dir.path());
        DemoState::beside(&path).start(&ledger, &session(&path)).unwrap();
        // The app closed during training: the demo's files are still there.
        drop(ledger);
        assert!(!files_named_demo(dir.path()).is_empty());
        let demo = DemoState::beside(&path);
        assert_eq!(files_named_demo(dir.path()), Vec::<String>::new());
        assert_eq!(demo.status().unwrap(), DemoStatus { in_use: false });
    }

    #[test]
    fn a_demo_that_cannot_be_made_leaves_the_real_ledger_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let (path, ledger) = real_ledger(dir.path());
        let demo = DemoState::beside(&path);
        // A folder where the demo file should go: it cannot be deleted as a file.
        std::fs::create_dir(demo.path()).unwrap();
        let e = demo.start(&ledger, &session(&path)).unwrap_err();
        assert_eq!(e.kind(), "file");
        assert!(e.to_string().contains("删除演示台账文件"), "{e}");
        assert_eq!(demo.status().unwrap(), DemoStatus { in_use: false });
        assert_eq!(case_total(&ledger), 1);
    }
}

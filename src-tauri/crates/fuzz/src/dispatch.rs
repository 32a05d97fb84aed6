//! Every command's JSON arguments, through the one entry point the app and the CLI share.

use serde_json::{Value, json};
use std::sync::{Mutex, OnceLock};
use xinfang_core::{Clock, Ledger, Store};
use xinfang_sync::commands::{catalogue, dispatch};

/// Commands left out: those that take a path or a folder (a fuzzer must not write or read files
/// anywhere on the machine running it), those that reach the network, and those that derive a
/// key with scrypt (by design far too slow to fuzz).
fn fuzzed(name: &str, args: &str) -> bool {
    let touches_files = ["path", "folder", "dir", "file"].iter().any(|w| args.contains(w));
    let slow_or_remote = name.starts_with("account_") || name == "sync_over_http" || name == "person_reveal";
    !touches_files && !slow_or_remote
}

fn commands() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        catalogue().into_iter().filter(|c| fuzzed(c.name, &c.args)).map(|c| c.name.to_owned()).collect()
    })
}

/// A village ledger with one visit recorded, kept for the whole run: later inputs meet the
/// state earlier ones left, as a long-used ledger would.
fn ledger() -> &'static Mutex<Ledger> {
    static LEDGER: OnceLock<Mutex<Ledger>> = OnceLock::new();
    LEDGER.get_or_init(|| {
        let store = Store::create(&crate::scratch().join("dispatch.sqlite3")).expect("ledger");
        let now = "2026-12-05T01:00:00Z".parse().expect("time");
        let mut ledger = Ledger::new(store, Clock::Fixed(now));
        dispatch(&mut ledger, "device_init", json!({"role": "village", "name": "石岩哨村"})).expect("init");
        let visit = json!({"channel": "visit", "received_at": "2026-12-02T09:30:00+08:00",
            "petitioners": [{"name": "张某某", "village": "石岩哨村", "id_number": "530323196503041210"}],
            "category": "土地承包", "request": "反映承包地被他人占用，要求处理。", "received_by": "李某"});
        dispatch(&mut ledger, "visit_add", visit).expect("visit");
        Mutex::new(ledger)
    })
}

/// `command index: u8 ‖ JSON arguments`: the command picked from the catalogue (those
/// [`fuzzed`]), the rest as its arguments (as a JSON string when it is not JSON). Never a panic,
/// and a refusal is one line of Chinese, whatever the arguments.
pub fn dispatch_json(data: &[u8]) {
    let Some((pick, rest)) = data.split_first() else { return };
    let names = commands();
    let name = &names[usize::from(*pick) % names.len()];
    let args =
        serde_json::from_slice::<Value>(rest).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(rest).into()));
    let mut ledger = ledger().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Err(error) = dispatch(&mut ledger, name, args) {
        crate::text::assert_chinese(&error.to_string());
    }
}

/// The command names this target reaches, in the order of its first byte (for the seeds).
pub fn names() -> &'static [String] {
    commands()
}

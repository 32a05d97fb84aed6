//! Helpers shared by the core's integration tests: a ledger on a fixed day,
//! a sample visit, calling a command, and a dump of every row.
#![allow(dead_code)] // each test file uses a different subset

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use xinfang_core::{Clock, Ledger, Store, dispatch};

pub fn at(s: &str) -> Clock {
    Clock::Fixed(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
}

pub fn ledger() -> Ledger {
    ledger_at("2026-03-10T10:00:00+08:00")
}

/// A village ledger (石岩哨村) whose clock stands at `now`.
pub fn ledger_at(now: &str) -> Ledger {
    let mut l = Ledger::new(Store::in_memory().unwrap(), at(now));
    dispatch(&mut l, "device_init", json!({"role": "village", "name": "石岩哨村"})).unwrap();
    l
}

pub fn visit(name: &str, id_number: Option<&str>, request: &str) -> Value {
    json!({"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
        "petitioners": [{"name": name, "id_number": id_number, "phone": "13800138000",
                         "village": "石岩哨村", "group": "大营头组"}],
        "headcount": 1, "category": "土地承包", "request": request, "received_by": "李某"})
}

pub fn call(l: &mut Ledger, name: &str, args: Value) -> Value {
    dispatch(l, name, args).unwrap_or_else(|e| panic!("{name} failed: {e}"))
}

/// Every row of every table, as text: "nothing changed" means this is equal.
pub fn dump(l: &Ledger) -> Vec<String> {
    xinfang_core::store::dump::rows(l.store.conn(), None).unwrap()
}

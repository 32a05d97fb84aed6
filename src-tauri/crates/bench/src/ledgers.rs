//! The ledgers benchmarked: a township's (generated once per size and kept,
//! since recording 100k cases through the command layer takes minutes), and
//! M villages, each its own village ledger enrolled with that township (both
//! clerks typing the other's fingerprint, as at a real enrolment), each
//! exporting its bundle of a month's work.

use crate::error::{Error, Result, io};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::{Path, PathBuf};
use std::time::Duration;
use xinfang_core::generate::{self, Spec};
use xinfang_core::store::changelog::{self, ChangeEntry};
use xinfang_core::{Clock, Ledger, Store};
use xinfang_sync::local;

/// Every ledger stands on this moment: the day after the generated years.
pub const NOW: &str = "2026-01-01T09:00:00+08:00";

pub fn clock() -> Clock {
    Clock::Fixed(DateTime::parse_from_rfc3339(NOW).map(|t| t.with_timezone(&Utc)).unwrap_or_default())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Three years of a township of 30 villages (the same as `cargo bench -p
/// xinfang-core --bench report`, so the two share a generated file).
pub fn township_spec(cases: usize) -> Spec {
    Spec { cases, villages: 30, first_day: date(2023, 1, 1), last_day: date(2025, 12, 31), seed: 2026 }
}

/// The township ledger of `cases` in `dir`, generated (in memory, then copied
/// out whole) if it is not there yet; with how long generating took.
pub fn township_file(dir: &Path, cases: usize) -> Result<(PathBuf, Option<Duration>)> {
    std::fs::create_dir_all(dir).map_err(io("建立目录", dir))?;
    // The generator's version is in the name: a changed generator makes a new file.
    let path = dir.join(format!("township-{cases}-g2.sqlite3"));
    if path.exists() {
        return Ok((path, None));
    }
    let (ledger, took) = crate::measure::once(|| generate::township(Store::in_memory()?, &township_spec(cases)))?;
    let part = path.with_extension("part");
    let _ = std::fs::remove_file(&part);
    ledger.store.copy_into(&part)?;
    std::fs::rename(&part, &path).map_err(io("保存", &path))?;
    Ok((path, Some(took)))
}

/// A working copy of a ledger file, opened on the benchmark's clock.
pub fn working_copy(from: &Path, to: &Path) -> Result<Ledger> {
    std::fs::copy(from, to).map_err(io("复制", to))?;
    Ok(Ledger::new(Store::open(to)?, clock()))
}

/// One village: its ledger and its own change log.
pub struct Village {
    pub ledger: Ledger,
    pub entries: Vec<ChangeEntry>,
}

/// December 2025 at `count` villages, `cases` cases each, each village
/// enrolled with `town` and `town` with it.
pub fn villages(town: &mut Ledger, count: usize, cases: usize) -> Result<Vec<Village>> {
    let township = local::me(town)?.enrolment()?;
    let township_file = township.to_json()?;
    (0..count.min(generate::VILLAGES.len()))
        .map(|i| {
            let name = generate::VILLAGES[i];
            let spec = Spec {
                cases,
                villages: 1,
                first_day: date(2025, 12, 1),
                last_day: date(2025, 12, 31),
                seed: 7 + i as u64,
            };
            let mut ledger = generate::village(Store::in_memory()?, &spec, name)?;
            let me = local::me(&mut ledger)?.enrolment()?;
            local::enrol(town, me.to_json()?.as_bytes(), &me.fingerprint.to_string(), "镇信访办专干")?;
            local::enrol(&mut ledger, township_file.as_bytes(), &township.fingerprint.to_string(), "村信息员")?;
            let entries = changelog::entries(ledger.store.conn(), &me.device_id, 1)?;
            if entries.is_empty() {
                return Err(Error::Reference { what: "village", detail: format!("{name} recorded nothing") });
            }
            Ok(Village { ledger, entries })
        })
        .collect()
}

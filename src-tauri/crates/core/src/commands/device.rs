//! Setting up this install.

use super::{Ledger, NoArgs};
use crate::domain::intake::{MAX_NAME_CHARS, required_text};
use crate::error::Result;
use crate::store::device::{self, Device, Role};
use crate::store::new_id;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct DeviceInit {
    pub role: Role,
    /// 村或乡镇名称, e.g. 石岩哨村.
    pub name: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DeviceInfo {
    pub device: Option<Device>,
}

pub fn show(ledger: &mut Ledger, _: NoArgs) -> Result<DeviceInfo> {
    Ok(DeviceInfo { device: device::load(ledger.store.conn())? })
}

pub fn init(ledger: &mut Ledger, args: DeviceInit) -> Result<DeviceInfo> {
    let name = required_text(&args.name, "name", "村或乡镇名称", MAX_NAME_CHARS)?;
    let now = ledger.clock.now().to_rfc3339();
    let tx = ledger.store.raw_transaction()?;
    let d = Device { device_id: new_id(), role: args.role, name, created_at: now };
    device::insert(&tx, &d)?;
    tx.commit()?;
    Ok(DeviceInfo { device: Some(d) })
}

/// The ledger's own time, which the forms default to: the core's clock, not
/// the webview's (they differ when the clock is fixed with `XINFANG_NOW`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ClockNow {
    /// China time to the second, e.g. 2026-05-06T09:00:00+08:00.
    pub now: String,
    pub today: chrono::NaiveDate,
}

pub fn clock(ledger: &mut Ledger, _: NoArgs) -> Result<ClockNow> {
    let now = ledger.clock.now().with_timezone(&crate::clock::china());
    Ok(ClockNow { now: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false), today: now.date_naive() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Clock, Store};

    #[test]
    fn the_clock_is_the_ledgers_in_china_time() {
        let fixed = chrono::DateTime::parse_from_rfc3339("2026-05-05T17:30:00Z").unwrap().to_utc();
        let mut l = Ledger::new(Store::in_memory().unwrap(), Clock::Fixed(fixed));
        let c = clock(&mut l, NoArgs {}).unwrap();
        assert_eq!((c.now.as_str(), c.today.to_string().as_str()), ("2026-05-06T01:30:00+08:00", "2026-05-06"));
    }
}

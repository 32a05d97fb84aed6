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

//! Setting up this install.

use super::{Ledger, NoArgs};
use crate::domain::intake::{MAX_NAME_CHARS, required_text};
use crate::error::{Error, Result};
use crate::store::device::{self, Device, Role};
use crate::store::{new_id, settings};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct DeviceInit {
    pub role: Role,
    /// 村或乡镇名称, e.g. 石岩哨村.
    pub name: String,
    /// The village's or township's 12-digit administrative code (统计用区划代码),
    /// e.g. 530323105201; may be left for later.
    #[serde(default)]
    pub code: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DeviceInfo {
    pub device: Option<Device>,
    /// The administrative code given at set-up, if any.
    pub code: Option<String>,
}

/// Where the administrative code is kept: a setting of this install.
const ADMIN_CODE: &str = "admin_code";

pub fn show(ledger: &mut Ledger, _: NoArgs) -> Result<DeviceInfo> {
    let conn = ledger.store.conn();
    let code = settings::get(conn, ADMIN_CODE)?.and_then(|json| serde_json::from_str(&json).ok());
    Ok(DeviceInfo { device: device::load(conn)?, code })
}

pub fn init(ledger: &mut Ledger, args: DeviceInit) -> Result<DeviceInfo> {
    let name = required_text(&args.name, "name", "村或乡镇名称", MAX_NAME_CHARS)?;
    let code = args.code.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(|c| admin_code(c, args.role));
    let code = code.transpose()?;
    let now = ledger.clock.now().to_rfc3339();
    let d = Device { device_id: new_id(), role: args.role, name, created_at: now };
    ledger.store.write_local(|tx| {
        device::insert(tx, &d)?;
        if let Some(code) = &code {
            settings::put_local(tx, ADMIN_CODE, &serde_json::to_string(code)?)?;
        }
        Ok(())
    })?;
    Ok(DeviceInfo { device: Some(d), code })
}

/// Checks a 统计用区划代码: 12 digits, province to village (2+2+2+3+3). A
/// township's ends in 000 (no village); a village's does not.
fn admin_code(code: &str, role: Role) -> Result<String> {
    let invalid = |reason: &str| Error::invalid("code", "行政区划代码", reason);
    if code.chars().count() != 12 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid("应为 12 位数字（统计用区划代码），例如 530323105201"));
    }
    match role {
        Role::Township if &code[9..] != "000" || &code[6..9] == "000" => {
            Err(invalid("乡镇的代码前 9 位是乡镇，后 3 位应为 000，例如 530323105000"))
        }
        Role::Village if &code[9..] == "000" => Err(invalid("村的代码后 3 位是村，不能是 000（那是乡镇的代码）")),
        _ => Ok(code.to_owned()),
    }
}

/// The ledger's own time, which the forms default to: the core's clock, not
/// the webview's (they differ when the clock is fixed with `XINFANG_NOW`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ClockNow {
    /// China time to the second, e.g. 2026-05-06T09:00:00+08:00.
    pub now: String,
    /// The day deadlines and the agenda are counted from.
    pub today: chrono::NaiveDate,
    /// Set when this computer's clock is clearly wrong (it reads earlier than
    /// this release or than the newest record): the warning every screen
    /// shows until it is corrected.
    pub warning: Option<String>,
}

pub fn clock(ledger: &mut Ledger, _: NoArgs) -> Result<ClockNow> {
    let wall = ledger.clock.now();
    let now = wall.with_timezone(&crate::clock::china());
    Ok(ClockNow {
        now: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        today: now.date_naive(),
        warning: ledger.clock_doubt()?.map(|d| d.message(wall)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Clock, Store};

    #[test]
    fn the_administrative_code_is_twelve_digits_ending_as_the_role_says() {
        let mut l = Ledger::new(Store::in_memory().unwrap(), Clock::System);
        for (role, code, ok) in [
            (Role::Village, "530323105201", true),
            (Role::Township, "530323105000", true),
            (Role::Village, "530323105000", false),
            (Role::Township, "530323105201", false),
            (Role::Township, "530323000000", false),
            (Role::Village, "53032310520", false),
            (Role::Village, "53032310520X", false),
        ] {
            assert_eq!(admin_code(code, role).is_ok(), ok, "{role:?} {code}");
        }
        let bad = DeviceInit { role: Role::Village, name: "石岩哨村".into(), code: Some("123".into()) };
        assert_eq!(init(&mut l, bad).unwrap_err().field(), Some("code"));
        assert!(show(&mut l, NoArgs {}).unwrap().device.is_none(), "a bad code sets nothing up");
        let good = DeviceInit { role: Role::Village, name: "石岩哨村".into(), code: Some(" 530323105201 ".into()) };
        init(&mut l, good).unwrap();
        assert_eq!(show(&mut l, NoArgs {}).unwrap().code.as_deref(), Some("530323105201"));
    }

    #[test]
    fn the_clock_is_the_ledgers_in_china_time() {
        let fixed = chrono::DateTime::parse_from_rfc3339("2026-05-05T17:30:00Z").unwrap().to_utc();
        let mut l = Ledger::new(Store::in_memory().unwrap(), Clock::Fixed(fixed));
        let c = clock(&mut l, NoArgs {}).unwrap();
        assert_eq!((c.now.as_str(), c.today.to_string().as_str()), ("2026-05-06T01:30:00+08:00", "2026-05-06"));
    }
}

//! The settings page (设置): time limits and categories, which the township
//! decides for its villages, and this install's mediation committee name.

use super::{Ledger, NoArgs};
use crate::domain::deadlines::{LimitBasis, TimeLimits, limit_bases};
use crate::domain::intake::{MAX_NAME_CHARS, required_text};
use crate::domain::settings::{Categories, validate_committee, validate_time_limits};
use crate::error::{Error, Result};
use crate::store::device::{self, Role};
use crate::store::settings::{self, SettingChange};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Everything the settings page shows.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LedgerSettings {
    pub time_limits: TimeLimits,
    /// The legal and customary defaults, shown beside each limit.
    pub default_time_limits: TimeLimits,
    pub categories: Categories,
    /// The committee's short name in agreement numbers: the one set, or this
    /// village's or township's name.
    pub committee: String,
    /// Whether time limits and categories are decided here (a township), or
    /// received from the township (a village).
    pub decided_here: bool,
    /// The latest changes, newest first.
    pub history: Vec<SettingChange>,
    /// Each limit in the order shown, with its name and the basis of its
    /// default (e.g. 法定 60 日（信访工作条例）).
    pub limit_bases: Vec<LimitBasis>,
}

/// A change on the settings page: only what is given changes.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct SettingsChange {
    #[serde(default)]
    pub time_limits: Option<TimeLimits>,
    #[serde(default)]
    pub categories: Option<Categories>,
    #[serde(default)]
    pub committee: Option<String>,
    /// Who made the change.
    pub actor: String,
}

const HISTORY: u32 = 50;

pub fn show(ledger: &mut Ledger, _: NoArgs) -> Result<LedgerSettings> {
    let conn = ledger.store.conn();
    let device = device::load(conn)?.ok_or(Error::NotInitialised)?;
    Ok(LedgerSettings {
        time_limits: settings::time_limits(conn)?,
        default_time_limits: TimeLimits::default(),
        categories: settings::categories(conn)?,
        committee: settings::committee(conn)?.unwrap_or_else(|| device.name.clone()),
        decided_here: device.role == Role::Township,
        history: settings::history(conn, &device.device_id, HISTORY)?,
        limit_bases: limit_bases(&TimeLimits::default()),
    })
}

pub fn set(ledger: &mut Ledger, change: SettingsChange) -> Result<LedgerSettings> {
    let actor = required_text(&change.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let role = device::load(ledger.store.conn())?.ok_or(Error::NotInitialised)?.role;
    if role != Role::Township && (change.time_limits.is_some() || change.categories.is_some()) {
        return Err(Error::refused("办理期限和类别清单由乡镇信访办设置，随同步发到各村。"));
    }
    if let Some(t) = &change.time_limits {
        validate_time_limits(t)?;
    }
    let categories = change.categories.map(Categories::validate).transpose()?;
    let committee = change.committee.as_deref().map(validate_committee).transpose()?;
    let mut writes: Vec<(&str, String)> = Vec::new();
    if let Some(t) = &change.time_limits {
        writes.push((settings::TIME_LIMITS, serde_json::to_string(t)?));
    }
    if let Some(c) = &categories {
        writes.push((settings::CATEGORIES, serde_json::to_string(c)?));
    }
    if let Some(c) = &committee {
        writes.push((settings::COMMITTEE, serde_json::to_string(c)?));
    }
    if writes.is_empty() {
        return Err(Error::refused("没有要修改的设置。"));
    }
    ledger.store.write(ledger.clock, |w| {
        for (key, json) in &writes {
            // An unchanged value is not a change: nothing logged, nothing sent.
            if settings::get(w.tx(), key)?.as_deref() != Some(json.as_str()) {
                settings::set(w, key, json, &actor)?;
            }
        }
        Ok(())
    })?;
    show(ledger, NoArgs {})
}

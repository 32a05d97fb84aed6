//! Reference lists and checks the UI and scripts read.

use super::{Ledger, NoArgs};
use crate::domain::deadlines::TimeLimits;
use crate::error::Result;
use crate::store::changelog::{self, ChainReport};
use crate::store::settings;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The default categories shipped in `assets/categories.json`.
const DEFAULT_CATEGORIES: &str = include_str!("../../../../../assets/categories.json");

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Categories {
    /// 矛盾纠纷类
    pub disputes: Vec<String>,
    /// 诉求类
    pub requests: Vec<String>,
}

pub fn categories(_: &mut Ledger, _: NoArgs) -> Result<Categories> {
    Ok(serde_json::from_str(DEFAULT_CATEGORIES)?)
}

pub fn time_limits(ledger: &mut Ledger, _: NoArgs) -> Result<TimeLimits> {
    settings::time_limits(ledger.store.conn())
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ChainCheck {
    pub devices: Vec<ChainReport>,
}

pub fn chain_verify(ledger: &mut Ledger, _: NoArgs) -> Result<ChainCheck> {
    Ok(ChainCheck { devices: changelog::verify(ledger.store.conn())? })
}

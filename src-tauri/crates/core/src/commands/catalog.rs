//! Reference lists and checks the UI and scripts read.

use super::{Ledger, NoArgs};
use crate::domain::deadlines::TimeLimits;
use crate::domain::settings::Categories;
use crate::error::Result;
use crate::store::changelog::{self, ChainReport};
use crate::store::settings;
use serde::Serialize;
use ts_rs::TS;

pub fn categories(ledger: &mut Ledger, _: NoArgs) -> Result<Categories> {
    settings::categories(ledger.store.conn())
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

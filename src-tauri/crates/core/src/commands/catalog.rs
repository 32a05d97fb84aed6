//! Reference lists and checks the UI and scripts read.

use super::{Ledger, NoArgs};
use crate::domain::deadlines::{Rule, RuleBasis, TimeLimits};
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

/// Every rule a deadline comes from, with the law or local practice behind
/// it: the help page cites them from here rather than keeping its own copy.
pub fn deadline_rules(_: &mut Ledger, _: NoArgs) -> Result<Vec<RuleBasis>> {
    Ok(Rule::ALL.into_iter().map(Rule::cited).collect())
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ChainCheck {
    pub devices: Vec<ChainReport>,
}

pub fn chain_verify(ledger: &mut Ledger, _: NoArgs) -> Result<ChainCheck> {
    Ok(ChainCheck { devices: changelog::verify(ledger.store.conn())? })
}

//! How soon a dispute needs action (紧急程度). Urgency belongs to the matter,
//! never to a person: the ledger does not rate residents.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Urgency {
    /// 一般
    #[default]
    Normal,
    /// 较急: needs action within days.
    Pressing,
    /// 紧急: needs action today (e.g. many people about to go to the county).
    Urgent,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Pressing => "pressing",
            Urgency::Urgent => "urgent",
        }
    }

    pub fn parse(s: &str) -> Option<Urgency> {
        [Urgency::Normal, Urgency::Pressing, Urgency::Urgent].into_iter().find(|u| u.as_str() == s)
    }
}

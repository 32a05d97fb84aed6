//! Revisits (回访记录): going back after a case is handled to check that the
//! answer or agreement was carried out and whether the resident is satisfied.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RevisitMethod {
    /// 上门
    InPerson,
    /// 电话
    Phone,
}

/// 满意度, as the resident said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Satisfaction {
    /// 满意
    Satisfied,
    /// 基本满意
    MostlySatisfied,
    /// 不满意
    Dissatisfied,
}

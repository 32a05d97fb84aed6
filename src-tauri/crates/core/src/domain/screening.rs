//! Dispute-screening rounds (矛盾纠纷排查). A round is recorded even when
//! nothing is found (零报告); each dispute found is tracked and may become a case.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ScreeningScope {
    /// 全村
    Village,
    /// 某个村民小组
    Group,
    /// 全乡镇
    Township,
}

/// 排查出的纠纷的状态.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FindingStatus {
    /// 正在化解
    InProgress,
    /// 已化解
    Resolved,
    /// 已转为信访事项办理
    BecameCase,
}

/// Either a zero report or at least one finding, never both or neither.
pub fn check_round(nothing_found: bool, findings: usize) -> Result<()> {
    match (nothing_found, findings) {
        (true, 0) | (false, 1..) => Ok(()),
        (true, _) => Err(Error::invalid("findings", "排查结果", "已选择“无矛盾纠纷（零报告）”，就不能再登记纠纷")),
        (false, 0) => Err(Error::invalid("findings", "排查结果", "请登记排查出的纠纷，或选择“无矛盾纠纷（零报告）”")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_is_a_zero_report_or_has_findings() {
        assert!(check_round(true, 0).is_ok());
        assert!(check_round(false, 2).is_ok());
        assert!(check_round(true, 1).is_err());
        assert!(check_round(false, 0).unwrap_err().to_string().contains("零报告"));
    }
}

//! The settings a township decides for its villages (期限和类别) and each
//! install's mediation committee name, with the bounds each must keep.

use crate::domain::deadlines::TimeLimits;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The categories offered at intake (类别清单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Categories {
    /// 矛盾纠纷类
    pub disputes: Vec<String>,
    /// 诉求类
    pub requests: Vec<String>,
}

/// The default categories shipped in `assets/categories.json`.
const DEFAULT_CATEGORIES: &str = include_str!("../../../../../assets/categories.json");

impl Default for Categories {
    fn default() -> Self {
        serde_json::from_str(DEFAULT_CATEGORIES).expect("assets/categories.json is valid")
    }
}

const MAX_CATEGORIES: usize = 40;
const MAX_CATEGORY_CHARS: usize = 20;

impl Categories {
    /// Trimmed, each list non-empty, every name short and used once.
    pub fn validate(self) -> Result<Categories> {
        let mut seen = std::collections::HashSet::new();
        let mut clean = |list: Vec<String>, field: &str, label: &str| -> Result<Vec<String>> {
            let list: Vec<String> = list.into_iter().map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect();
            if list.is_empty() {
                return Err(Error::invalid(field, label, "至少要有一个类别"));
            }
            if list.len() > MAX_CATEGORIES {
                return Err(Error::invalid(field, label, format!("最多 {MAX_CATEGORIES} 个类别")));
            }
            for c in &list {
                if c.chars().count() > MAX_CATEGORY_CHARS {
                    return Err(Error::invalid(
                        field,
                        label,
                        format!("“{c}”太长，类别名称最多 {MAX_CATEGORY_CHARS} 个字"),
                    ));
                }
                if !seen.insert(c.clone()) {
                    return Err(Error::invalid(field, label, format!("“{c}”重复了")));
                }
            }
            Ok(list)
        };
        Ok(Categories {
            disputes: clean(self.disputes, "disputes", "矛盾纠纷类")?,
            requests: clean(self.requests, "requests", "诉求类")?,
        })
    }
}

/// Checks time limits against the law: a township may shorten a legal limit,
/// never lengthen it; the local cadences stay within sense.
pub fn validate_time_limits(t: &TimeLimits) -> Result<()> {
    let legal = TimeLimits::default();
    let bounds: [(u32, &str, &str, u32, &str); 8] = [
        (t.accept_days, "accept_days", "受理告知", legal.accept_days, "信访工作条例规定 15 日内"),
        (t.handle_days, "handle_days", "办结期限", legal.handle_days, "信访工作条例规定 60 日内"),
        (
            t.max_extension_days,
            "max_extension_days",
            "延期",
            legal.max_extension_days,
            "信访工作条例规定延长不超过 30 日",
        ),
        (
            t.court_confirmation_days,
            "court_confirmation_days",
            "申请司法确认",
            legal.court_confirmation_days,
            "人民调解法第三十三条规定 30 日内",
        ),
        (t.mediation_days, "mediation_days", "调解期限", legal.mediation_days, "人民调解工作若干规定：一般一个月内"),
        (t.revisit_after_days, "revisit_after_days", "回访", 90, "最长 90 天"),
        (t.village_screening_days, "village_screening_days", "村排查周期", 31, "最长 31 天"),
        (t.township_screening_days, "township_screening_days", "乡镇排查周期", 31, "最长 31 天"),
    ];
    for (days, field, label, most, basis) in bounds {
        if days == 0 {
            return Err(Error::invalid(field, label, "至少 1 天"));
        }
        if days > most {
            return Err(Error::invalid(field, label, format!("不能超过 {most} 天（{basis}）")));
        }
    }
    Ok(())
}

const MAX_COMMITTEE_CHARS: usize = 20;

/// The committee's short name in agreement numbers (（2026）石岩哨人调字第3号).
pub fn validate_committee(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("committee", "调解委员会名称", "不能为空"));
    }
    if name.chars().count() > MAX_COMMITTEE_CHARS {
        return Err(Error::invalid("committee", "调解委员会名称", format!("最多 {MAX_COMMITTEE_CHARS} 个字")));
    }
    if name.contains(['（', '）', '(', ')']) || name.ends_with("人调字") {
        return Err(Error::invalid("committee", "调解委员会名称", "只填简称，如“石岩哨”；年份和“人调字”会自动加上"));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_township_may_shorten_a_legal_limit_but_never_lengthen_it() {
        assert!(validate_time_limits(&TimeLimits::default()).is_ok());
        assert!(validate_time_limits(&TimeLimits { handle_days: 45, ..TimeLimits::default() }).is_ok());
        let e = validate_time_limits(&TimeLimits { handle_days: 61, ..TimeLimits::default() }).unwrap_err();
        assert_eq!(e.field(), Some("handle_days"));
        assert!(e.to_string().contains("60 日"), "{e}");
        let e = validate_time_limits(&TimeLimits { village_screening_days: 0, ..TimeLimits::default() }).unwrap_err();
        assert_eq!(e.field(), Some("village_screening_days"));
    }

    #[test]
    fn categories_are_trimmed_unique_and_never_empty() {
        assert_eq!(Categories::default().validate().unwrap(), Categories::default());
        let c =
            Categories { disputes: vec![" 邻里纠纷 ".into(), "".into()], requests: vec!["民政救助".into()] };
        assert_eq!(c.validate().unwrap().disputes, vec!["邻里纠纷"]);
        let twice = Categories { disputes: vec!["其他".into()], requests: vec!["其他".into()] };
        assert!(twice.validate().unwrap_err().to_string().contains("重复"));
        let none = Categories { disputes: vec![], requests: vec!["民政救助".into()] };
        assert_eq!(none.validate().unwrap_err().field(), Some("disputes"));
    }

    #[test]
    fn the_committee_is_a_short_name() {
        assert_eq!(validate_committee(" 石岩哨 ").unwrap(), "石岩哨");
        assert!(validate_committee("（2026）石岩哨人调字").is_err());
        assert!(validate_committee("").is_err());
    }
}

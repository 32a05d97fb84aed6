//! Time limits (办理时限): each one is configuration with the legal default and
//! carries the rule it comes from, so the UI can say why a date is due.
//! All limits are in calendar days.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The configurable limits. Defaults are the statutory figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct TimeLimits {
    /// Decide whether to accept, and tell the resident (信访工作条例: 15 日内).
    pub accept_days: u32,
    /// Handle an accepted matter (信访工作条例: 60 日内办结).
    pub handle_days: u32,
    /// One extension of at most this many days, with a reason (信访工作条例: 延长不超过 30 日).
    pub max_extension_days: u32,
    /// Parties may jointly ask a court to confirm an agreement (人民调解法第三十三条: 30 日内).
    pub court_confirmation_days: u32,
    /// A mediation should generally finish within one month (司法部《人民调解工作若干规定》).
    pub mediation_days: u32,
    /// Revisit after a first visit is handled (本地做法：初访问题办后回访制).
    pub revisit_after_days: u32,
    /// A village screens for disputes every N days (本地做法：村三天一排查).
    pub village_screening_days: u32,
    /// A township screens weekly (本地做法：乡镇一周一排查).
    pub township_screening_days: u32,
}

impl Default for TimeLimits {
    fn default() -> Self {
        TimeLimits {
            accept_days: 15,
            handle_days: 60,
            max_extension_days: 30,
            court_confirmation_days: 30,
            mediation_days: 30,
            revisit_after_days: 15,
            village_screening_days: 3,
            township_screening_days: 7,
        }
    }
}

/// One of the configurable limits: a field of [`TimeLimits`], named as its
/// JSON key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LimitField {
    AcceptDays,
    HandleDays,
    MaxExtensionDays,
    CourtConfirmationDays,
    MediationDays,
    RevisitAfterDays,
    VillageScreeningDays,
    TownshipScreeningDays,
}

/// A limit as the settings page shows it: its name and where its default
/// figure comes from, so the law is cited from here and nowhere else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LimitBasis {
    pub field: LimitField,
    /// e.g. 办结期限
    pub label: String,
    /// e.g. 法定 60 日（信访工作条例）
    pub basis: String,
}

impl LimitField {
    /// In the order the settings page lists them.
    pub const ALL: [LimitField; 8] = [
        LimitField::AcceptDays,
        LimitField::HandleDays,
        LimitField::MaxExtensionDays,
        LimitField::CourtConfirmationDays,
        LimitField::MediationDays,
        LimitField::RevisitAfterDays,
        LimitField::VillageScreeningDays,
        LimitField::TownshipScreeningDays,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LimitField::AcceptDays => "受理告知",
            LimitField::HandleDays => "办结期限",
            LimitField::MaxExtensionDays => "延期最多",
            LimitField::CourtConfirmationDays => "申请司法确认",
            LimitField::MediationDays => "调解期限",
            LimitField::RevisitAfterDays => "办结后回访",
            LimitField::VillageScreeningDays => "村排查周期",
            LimitField::TownshipScreeningDays => "乡镇排查周期",
        }
    }

    /// Where a default of `days` comes from, short enough to stand beside
    /// the field (the full wording is each [`Rule::basis`]).
    pub fn basis(self, days: u32) -> String {
        match self {
            LimitField::AcceptDays | LimitField::HandleDays => format!("法定 {days} 日（信访工作条例）"),
            LimitField::MaxExtensionDays => format!("法定不超过 {days} 日（信访工作条例）"),
            LimitField::CourtConfirmationDays => format!("法定 {days} 日（人民调解法第三十三条）"),
            LimitField::MediationDays => format!("一般一个月，{days} 日（人民调解工作若干规定）"),
            LimitField::RevisitAfterDays => format!("默认 {days} 日（本地做法）"),
            LimitField::VillageScreeningDays | LimitField::TownshipScreeningDays => {
                format!("默认 {days} 天一次（本地做法）")
            }
        }
    }

    pub fn days(self, limits: &TimeLimits) -> u32 {
        match self {
            LimitField::AcceptDays => limits.accept_days,
            LimitField::HandleDays => limits.handle_days,
            LimitField::MaxExtensionDays => limits.max_extension_days,
            LimitField::CourtConfirmationDays => limits.court_confirmation_days,
            LimitField::MediationDays => limits.mediation_days,
            LimitField::RevisitAfterDays => limits.revisit_after_days,
            LimitField::VillageScreeningDays => limits.village_screening_days,
            LimitField::TownshipScreeningDays => limits.township_screening_days,
        }
    }
}

/// Every limit with the basis of its figure in `defaults`.
pub fn limit_bases(defaults: &TimeLimits) -> Vec<LimitBasis> {
    LimitField::ALL
        .into_iter()
        .map(|field| LimitBasis { field, label: field.label().to_owned(), basis: field.basis(field.days(defaults)) })
        .collect()
}

/// A rule as the help page cites it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RuleBasis {
    pub rule: Rule,
    /// e.g. 受理告知期限
    pub title: String,
    /// e.g. 《信访工作条例》：收到信访事项后15日内，区分情况予以受理、转送交办或告知通过法定途径解决，并书面告知信访人
    pub basis: String,
}

/// Which limit a deadline comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Rule {
    Accept,
    Handle,
    CourtConfirmation,
    Mediation,
    Revisit,
    VillageScreening,
    TownshipScreening,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::Accept,
        Rule::Handle,
        Rule::CourtConfirmation,
        Rule::Mediation,
        Rule::Revisit,
        Rule::VillageScreening,
        Rule::TownshipScreening,
    ];

    pub fn cited(self) -> RuleBasis {
        RuleBasis { rule: self, title: self.title().to_owned(), basis: self.basis().to_owned() }
    }

    /// What the deadline is, in the words shown to the liaison.
    pub fn title(self) -> &'static str {
        match self {
            Rule::Accept => "受理告知期限",
            Rule::Handle => "办结期限",
            Rule::CourtConfirmation => "司法确认申请期限",
            Rule::Mediation => "调解期限",
            Rule::Revisit => "回访期限",
            Rule::VillageScreening => "村级矛盾纠纷排查",
            Rule::TownshipScreening => "乡镇矛盾纠纷排查",
        }
    }

    /// Where the rule comes from, cited without article numbers we have not
    /// verified.
    pub fn basis(self) -> &'static str {
        match self {
            Rule::Accept => {
                "《信访工作条例》：收到信访事项后15日内，区分情况予以受理、转送交办或告知通过法定途径解决，并书面告知信访人"
            }
            Rule::Handle => {
                "《信访工作条例》：受理后60日内办结；情况复杂的经负责人批准可延长一次，不超过30日，并告知延期理由"
            }
            Rule::CourtConfirmation => {
                "《人民调解法》第三十三条：调解协议生效之日起30日内，双方可共同向人民法院申请司法确认"
            }
            Rule::Mediation => "司法部《人民调解工作若干规定》：调解纠纷一般在一个月内调结",
            Rule::Revisit => "本地做法：初访问题办后回访制，办结后按期回访巩固",
            Rule::VillageScreening => "本地做法：村级每三天开展一次矛盾纠纷排查，无情况也要零报告",
            Rule::TownshipScreening => "本地做法：乡镇每周开展一次矛盾纠纷排查",
        }
    }

    /// The paper that meets the deadline, named on the agenda and the case
    /// page while it is due.
    pub fn paper(self) -> Option<&'static str> {
        match self {
            Rule::Accept => Some("书面告知：受理告知书、转送告知书、法定途径告知书或不予受理告知书（登记送达日期）"),
            Rule::Handle => Some("信访事项处理意见书（书面答复）"),
            Rule::CourtConfirmation => Some("司法确认申请书（双方共同申请）"),
            Rule::Mediation => Some("人民调解协议书"),
            Rule::Revisit => Some("回访记录"),
            Rule::VillageScreening | Rule::TownshipScreening => None,
        }
    }

    pub fn days(self, limits: &TimeLimits) -> u32 {
        match self {
            Rule::Accept => limits.accept_days,
            Rule::Handle => limits.handle_days,
            Rule::CourtConfirmation => limits.court_confirmation_days,
            Rule::Mediation => limits.mediation_days,
            Rule::Revisit => limits.revisit_after_days,
            Rule::VillageScreening => limits.village_screening_days,
            Rule::TownshipScreening => limits.township_screening_days,
        }
    }
}

/// Where a deadline stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DeadlineState {
    /// Done before (or on) the due date.
    Met,
    /// Done, but late.
    MetLate,
    /// Not done; more than three days left.
    Pending,
    /// Not done; three days or fewer left.
    DueSoon,
    /// Not done and past due.
    Overdue,
    /// Not done, and already past due on the day the case came in from an
    /// old Excel ledger (台账导入): history to review once, not today's work,
    /// so never raised on the agenda nor counted as overdue days.
    PassedBeforeImport,
}

impl DeadlineState {
    pub fn label(self) -> &'static str {
        match self {
            DeadlineState::Met => "按期完成",
            DeadlineState::MetLate => "逾期完成",
            DeadlineState::Pending => "未到期",
            DeadlineState::DueSoon => "即将到期",
            DeadlineState::Overdue => "已逾期",
            DeadlineState::PassedBeforeImport => "导入前已过期",
        }
    }
}

/// A computed deadline for one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Deadline {
    pub rule: Rule,
    pub title: String,
    pub basis: String,
    /// The day counting starts from (e.g. the day the visit was received).
    pub from: NaiveDate,
    /// Days allowed, including any extension.
    pub days: u32,
    pub due_on: NaiveDate,
    pub state: DeadlineState,
    /// The state in words, e.g. 已逾期.
    pub state_label: String,
    /// Positive: days left; negative: days overdue (only while not done,
    /// and not for a deadline that had passed before the case was imported).
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    /// The paper that meets it, while it is not met (e.g. 受理告知书).
    pub paper_due: Option<String>,
}

/// Days before the due date at which a pending deadline shows as due soon.
pub const DUE_SOON_DAYS: i64 = 3;

impl Deadline {
    /// `done_on` is when the obligation was met, if it was.
    pub fn compute(
        rule: Rule,
        limits: &TimeLimits,
        from: NaiveDate,
        extra_days: u32,
        done_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Deadline {
        let days = rule.days(limits) + extra_days;
        Deadline::until(rule, from, from + Days::new(u64::from(days)), done_on, today)
    }

    /// A deadline with a given due date (e.g. the next revisit the liaison set).
    pub fn until(
        rule: Rule,
        from: NaiveDate,
        due_on: NaiveDate,
        done_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Deadline {
        let (state, days_left) = match done_on {
            Some(d) if d <= due_on => (DeadlineState::Met, None),
            Some(_) => (DeadlineState::MetLate, None),
            None => {
                let left = (due_on - today).num_days();
                let state = if left < 0 {
                    DeadlineState::Overdue
                } else if left <= DUE_SOON_DAYS {
                    DeadlineState::DueSoon
                } else {
                    DeadlineState::Pending
                };
                (state, Some(left))
            }
        };
        Deadline {
            rule,
            title: rule.title().to_owned(),
            basis: rule.basis().to_owned(),
            from,
            days: u32::try_from((due_on - from).num_days()).unwrap_or(0),
            due_on,
            state,
            state_label: state.label().to_owned(),
            paper_due: done_on.is_none().then(|| rule.paper()).flatten().map(str::to_owned),
            days_left,
        }
    }

    /// Not done and due within three days, or past due.
    pub fn needs_attention(&self) -> bool {
        matches!(self.state, DeadlineState::DueSoon | DeadlineState::Overdue)
    }

    /// The same deadline on a case imported on `imported_on`: one not met
    /// and already past due that day had passed before the import (the
    /// agenda's rule, `store::due`: the import came after the due date).
    pub fn as_imported(mut self, imported_on: NaiveDate) -> Deadline {
        if self.days_left.is_some() && imported_on > self.due_on {
            self.state = DeadlineState::PassedBeforeImport;
            self.state_label = self.state.label().to_owned();
            self.days_left = None;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn defaults_are_the_statutory_figures() {
        let l = TimeLimits::default();
        assert_eq!((l.accept_days, l.handle_days, l.max_extension_days), (15, 60, 30));
        assert_eq!((l.court_confirmation_days, l.mediation_days), (30, 30));
        assert_eq!(l.village_screening_days, 3);
    }

    /// The settings page names each limit by its JSON key: every field of
    /// `TimeLimits` once, with the figure it holds.
    #[test]
    fn limit_fields_are_the_keys_of_time_limits() {
        let l = TimeLimits::default();
        let json = serde_json::to_value(&l).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        let fields: Vec<String> =
            LimitField::ALL.iter().map(|f| serde_json::to_value(f).unwrap().as_str().unwrap().to_owned()).collect();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort();
        let mut sorted_fields: Vec<&String> = fields.iter().collect();
        sorted_fields.sort();
        assert_eq!(sorted_keys, sorted_fields);
        for f in LimitField::ALL {
            let key = serde_json::to_value(f).unwrap();
            assert_eq!(json[key.as_str().unwrap()], f.days(&l), "{f:?}");
        }
    }

    #[test]
    fn each_limit_cites_its_basis_with_the_default_figure() {
        let bases = limit_bases(&TimeLimits::default());
        assert_eq!(bases.len(), LimitField::ALL.len());
        let basis = |f: LimitField| bases.iter().find(|b| b.field == f).unwrap().basis.clone();
        assert_eq!(basis(LimitField::HandleDays), "法定 60 日（信访工作条例）");
        assert_eq!(basis(LimitField::MaxExtensionDays), "法定不超过 30 日（信访工作条例）");
        assert!(basis(LimitField::CourtConfirmationDays).contains("人民调解法第三十三条"));
        assert!(basis(LimitField::VillageScreeningDays).contains("默认 3 天一次"));
        assert_eq!(bases[0].label, "受理告知");
        for r in Rule::ALL {
            let c = r.cited();
            assert_eq!((c.title.as_str(), c.basis.as_str()), (r.title(), r.basis()));
        }
    }

    #[test]
    fn calendar_days_cross_month_ends() {
        let l = TimeLimits::default();
        let x = Deadline::compute(Rule::Accept, &l, d("2026-02-20"), 0, None, d("2026-02-21"));
        assert_eq!(x.due_on, d("2026-03-07"));
        assert_eq!(x.state, DeadlineState::Pending);
        assert_eq!(x.days_left, Some(14));
        assert!(x.basis.contains("15日"));
    }

    #[test]
    fn states_follow_the_calendar_and_the_extension() {
        let l = TimeLimits::default();
        let from = d("2026-03-02");
        let handle = |extra, done, today| Deadline::compute(Rule::Handle, &l, from, extra, done, d(today));
        assert_eq!(handle(0, None, "2026-04-27").state, DeadlineState::Pending);
        assert_eq!(handle(0, None, "2026-04-28").state, DeadlineState::DueSoon);
        assert_eq!(handle(0, None, "2026-05-01").state, DeadlineState::DueSoon);
        let late = handle(0, None, "2026-05-03");
        assert_eq!((late.state, late.days_left), (DeadlineState::Overdue, Some(-2)));
        assert_eq!(handle(30, None, "2026-05-03").state, DeadlineState::Pending);
        assert_eq!(handle(30, None, "2026-05-03").due_on, d("2026-05-31"));
        assert_eq!(handle(0, Some(d("2026-05-01")), "2026-06-30").state, DeadlineState::Met);
        assert_eq!(handle(0, Some(d("2026-05-02")), "2026-06-30").state, DeadlineState::MetLate);
    }

    /// Imported after the due date: history. Imported on the due date or
    /// before, or met (even late): the deadline stands as computed.
    #[test]
    fn a_deadline_past_due_when_its_case_was_imported_is_history() {
        let l = TimeLimits::default();
        let accept = |done| Deadline::compute(Rule::Accept, &l, d("2009-02-10"), 0, done, d("2026-03-10"));
        let past = accept(None).as_imported(d("2026-03-01"));
        assert_eq!((past.state, past.days_left), (DeadlineState::PassedBeforeImport, None));
        assert_eq!(past.state_label, "导入前已过期");
        assert!(!past.needs_attention());
        assert_eq!(past.paper_due, accept(None).paper_due, "the paper is still named for the review");
        let on_the_day = Deadline::compute(Rule::Accept, &l, d("2026-02-14"), 0, None, d("2026-03-10"));
        assert_eq!(on_the_day.as_imported(d("2026-03-01")).state, DeadlineState::Overdue);
        assert_eq!(accept(Some(d("2009-03-20"))).as_imported(d("2026-03-01")).state, DeadlineState::MetLate);
    }
}

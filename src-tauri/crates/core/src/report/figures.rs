//! The figures of the township's statistics (seed 003 is the model), each
//! defined once, here: the doc comment on its key says what it counts, and
//! [`FigureKey::counts`] is that definition in code. Everything else (the
//! totals, the breakdowns, the drill-down to the records counted, the CLI,
//! the dashboard) asks here.
//!
//! A figure counts records of one kind ([`FigureUnit`]): cases (信访事项) or the
//! disputes found by screening rounds (排查出的纠纷). The records come from
//! `store::report`, which selects them by period and scope and never returns
//! voided ones:
//! - the cases **received in the period** (the cohort most figures count);
//! - the cases with a **repeat visit in the period**;
//! - the disputes found by rounds **held in the period**.
//!
//! A state reached later (handled, revisited, resolved) counts when it was
//! reached by the report's day, [`Context::as_of`]: the end of the period, or
//! today while the period is not over. A report of a past period therefore
//! does not change when cases move on afterwards.
//!
//! Not recorded by the ledger, so not counted: level-skipping visits
//! (越级访: whether a resident went past the township to the county, the city
//! or Beijing is not part of any record), and information items reported
//! upward (报送信访信息).

use crate::domain::Channel;
use crate::domain::deadlines::{Deadline, DeadlineState, Rule, TimeLimits};
use crate::domain::revisit::Satisfaction;
use crate::domain::screening::FindingStatus;
use crate::store::report::{CaseFacts, FindingFacts, RepeatFacts};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a figure's records are, so the dashboard knows what a drill-down lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FigureUnit {
    /// 信访事项 (case ids)
    Case,
    /// 排查出的纠纷 (screening finding ids)
    Finding,
}

/// Every figure the report gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FigureKey {
    /// Received (受理): every case registered in the period, whatever its
    /// channel. A repeat visit joins its earlier case, so it is not received
    /// again (see `RepeatVisits`).
    Received,
    /// Received in person (来访): `Received` with the channel 来访.
    ReceivedVisit,
    /// Received by letter (来信).
    ReceivedLetter,
    /// Received by phone (来电).
    ReceivedPhone,
    /// Received online or by messaging (网上).
    ReceivedOnline,
    /// Received when the liaison went to the resident (下访).
    ReceivedDoorToDoor,
    /// Received by appointment (约访).
    ReceivedAppointment,
    /// Handed down from a higher level (上级交办件): `Received` with the
    /// channel 交办, the one record of a case coming from the county or the
    /// township above the recorder. The township's own 交办 of a case to a
    /// responsible leader or department (`assigned_to`, 包案) hands a case
    /// down from the reporting level, not to it, and is not counted here.
    /// The seven channel figures add up to `Received`.
    HandedDown,
    /// Handled (办结): `Received`, and handled by the report's day: the answer
    /// fed back, settled on the spot, or directed to the legal route (the day
    /// the 60-day handling limit is met by, `handled_on`).
    Handled,
    /// Handled within the time limit (按期办结): `Handled` on or before the
    /// handling limit's due date (received + 60 days + any extension,
    /// `Rule::Handle`).
    HandledInTime,
    /// Overdue (逾期未办结): `Received`, not handled by the report's day, and
    /// that day is past the handling limit's due date.
    Overdue,
    /// Handed-down cases answered (上级交办件已办理回复): `HandedDown` and `Handled`.
    HandedDownReplied,
    /// Revisited (已回访): `Handled`, and revisited on or before the report's day.
    Revisited,
    /// Satisfied (满意): `Revisited`, and at the latest revisit up to the
    /// report's day the resident said 满意 or 基本满意.
    Satisfied,
    /// Repeat visits (重复访): cases with at least one repeat visit (a visit
    /// recorded as joining an earlier case on the same matter) received in the
    /// period, whenever the case itself was received. Counted per case: two
    /// repeat visits on one matter are one.
    RepeatVisits,
    /// Applied for judicial confirmation (申请司法确认): `Received`, and the
    /// parties applied to a court to confirm one of its agreements on or
    /// before the report's day (人民调解法第三十三条).
    ConfirmationApplied,
    /// Confirmed by a court (司法确认有效): `ConfirmationApplied`, and the
    /// court confirmed the agreement on or before the report's day.
    Confirmed,
    /// Disputes screened (排查): disputes found by screening rounds held in
    /// the period. Zero reports (零报告) find nothing and add nothing.
    DisputesScreened,
    /// Disputes resolved (化解): `DisputesScreened`, and by the report's day
    /// marked resolved, or taken up as a case that was then closed.
    DisputesResolved,
    /// Disputes being resolved (正在化解): `DisputesScreened` and not
    /// `DisputesResolved`.
    DisputesInProgress,
}

/// One record of a population the report reads.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// A case received in the period.
    Received(&'a CaseFacts),
    /// A case with a repeat visit in the period.
    Repeat(&'a RepeatFacts),
    /// A dispute found by a round held in the period.
    Finding(&'a FindingFacts),
}

/// What a definition needs besides the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The day later states are counted up to.
    pub as_of: NaiveDate,
    pub limits: TimeLimits,
}

impl FigureKey {
    /// In the order a report shows them.
    pub const ALL: [FigureKey; 20] = [
        FigureKey::Received,
        FigureKey::ReceivedVisit,
        FigureKey::ReceivedLetter,
        FigureKey::ReceivedPhone,
        FigureKey::ReceivedOnline,
        FigureKey::ReceivedDoorToDoor,
        FigureKey::ReceivedAppointment,
        FigureKey::HandedDown,
        FigureKey::Handled,
        FigureKey::HandedDownReplied,
        FigureKey::HandledInTime,
        FigureKey::Overdue,
        FigureKey::Revisited,
        FigureKey::Satisfied,
        FigureKey::RepeatVisits,
        FigureKey::ConfirmationApplied,
        FigureKey::Confirmed,
        FigureKey::DisputesScreened,
        FigureKey::DisputesResolved,
        FigureKey::DisputesInProgress,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FigureKey::Received => "受理",
            FigureKey::ReceivedVisit => "来访",
            FigureKey::ReceivedLetter => "来信",
            FigureKey::ReceivedPhone => "来电",
            FigureKey::ReceivedOnline => "网上",
            FigureKey::ReceivedDoorToDoor => "下访",
            FigureKey::ReceivedAppointment => "约访",
            FigureKey::HandedDown => "上级交办件",
            FigureKey::Handled => "办结",
            FigureKey::HandledInTime => "按期办结",
            FigureKey::Overdue => "逾期未办结",
            FigureKey::HandedDownReplied => "上级交办件已办理回复",
            FigureKey::Revisited => "已回访",
            FigureKey::Satisfied => "满意（含基本满意）",
            FigureKey::RepeatVisits => "重复访",
            FigureKey::ConfirmationApplied => "申请司法确认",
            FigureKey::Confirmed => "司法确认有效",
            FigureKey::DisputesScreened => "排查矛盾纠纷",
            FigureKey::DisputesResolved => "已化解",
            FigureKey::DisputesInProgress => "正在化解",
        }
    }

    pub fn unit(self) -> FigureUnit {
        match self {
            FigureKey::DisputesScreened | FigureKey::DisputesResolved | FigureKey::DisputesInProgress => {
                FigureUnit::Finding
            }
            _ => FigureUnit::Case,
        }
    }

    /// The definition: does this record count in this figure?
    pub fn counts(self, subject: Subject<'_>, cx: &Context) -> bool {
        use FigureKey as F;
        match (self, subject) {
            (F::Received, Subject::Received(_)) => true,
            (F::ReceivedVisit, Subject::Received(c)) => c.channel == Channel::Visit,
            (F::ReceivedLetter, Subject::Received(c)) => c.channel == Channel::Letter,
            (F::ReceivedPhone, Subject::Received(c)) => c.channel == Channel::Phone,
            (F::ReceivedOnline, Subject::Received(c)) => c.channel == Channel::Online,
            (F::ReceivedDoorToDoor, Subject::Received(c)) => c.channel == Channel::DoorToDoor,
            (F::ReceivedAppointment, Subject::Received(c)) => c.channel == Channel::Appointment,
            (F::HandedDown, Subject::Received(c)) => c.channel == Channel::HandedDown,
            (F::Handled, Subject::Received(c)) => handled_on(c, cx).is_some(),
            (F::HandledInTime, Subject::Received(c)) => handling_limit(c, cx).state == DeadlineState::Met,
            (F::Overdue, Subject::Received(c)) => handling_limit(c, cx).state == DeadlineState::Overdue,
            (F::HandedDownReplied, s) => F::HandedDown.counts(s, cx) && F::Handled.counts(s, cx),
            (F::Revisited, s @ Subject::Received(c)) => {
                F::Handled.counts(s, cx) && c.revisited_on.is_some_and(|d| d <= cx.as_of)
            }
            (F::Satisfied, s @ Subject::Received(c)) => {
                F::Revisited.counts(s, cx)
                    && matches!(c.satisfaction, Some(Satisfaction::Satisfied | Satisfaction::MostlySatisfied))
            }
            (F::RepeatVisits, Subject::Repeat(_)) => true,
            (F::ConfirmationApplied, Subject::Received(c)) => c.confirmation_applied_on.is_some_and(|d| d <= cx.as_of),
            (F::Confirmed, s @ Subject::Received(c)) => {
                F::ConfirmationApplied.counts(s, cx) && c.confirmed_on.is_some_and(|d| d <= cx.as_of)
            }
            (F::DisputesScreened, Subject::Finding(_)) => true,
            (F::DisputesResolved, Subject::Finding(f)) => resolved_on(f).is_some_and(|d| d <= cx.as_of),
            (F::DisputesInProgress, s @ Subject::Finding(_)) => !F::DisputesResolved.counts(s, cx),
            _ => false,
        }
    }
}

/// The day the case was handled, if by the report's day.
fn handled_on(c: &CaseFacts, cx: &Context) -> Option<NaiveDate> {
    c.handled_on.filter(|d| *d <= cx.as_of)
}

/// The 60-day handling limit (plus any extension) as it stood on the report's day.
fn handling_limit(c: &CaseFacts, cx: &Context) -> Deadline {
    Deadline::compute(
        Rule::Handle,
        &cx.limits,
        c.received_on,
        c.extension_days.unwrap_or(0),
        handled_on(c, cx),
        cx.as_of,
    )
}

/// The day a dispute was settled: marked resolved, or its case closed.
fn resolved_on(f: &FindingFacts) -> Option<NaiveDate> {
    match f.status {
        FindingStatus::Resolved => f.resolved_on,
        FindingStatus::BecameCase => f.case_closed_on,
        FindingStatus::InProgress => None,
    }
}

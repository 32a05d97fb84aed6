//! Viewing and working a case.

use super::agreement::{self, AgreementView};
use super::attachment::AttachmentView;
use super::day::parse_day;
use super::schedule::{case_deadlines, date_of, day};
use super::visibility;
use super::{CaseId, Ledger};
use crate::domain::agreement::AgreementStatus;
use crate::domain::attachment::AttachmentKind;
use crate::domain::deadlines::Deadline;
use crate::domain::intake::{MAX_NAME_CHARS, MAX_SHORT_CHARS, MAX_TEXT_CHARS, optional_text, required_text};
use crate::domain::ledger_import::IMPORTED_EVENT;
use crate::domain::lifecycle::{Route, Step, StepState, Transition, TransitionKind};
use crate::error::{Error, Result};
use crate::store::case_views::ViewedPart;
use crate::store::cases::{self, CasePage, CaseQuery, CaseRow};
use crate::store::events::{self, CaseEvent};
use crate::store::people::{self, PersonView};
use crate::store::residents::{self, ResidentCase, ResidentDifference};
use crate::store::revisits::{self, RevisitRow};
use crate::store::settings;
use crate::store::visits::{self, VisitView};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Everything the case page shows.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CaseDetail {
    pub case: CaseRow,
    pub visits: Vec<VisitView>,
    pub events: Vec<CaseEvent>,
    pub deadlines: Vec<Deadline>,
    /// Every agreement version, oldest first; superseded ones stay.
    pub agreements: Vec<AgreementView>,
    pub revisits: Vec<RevisitRow>,
    /// Petitioners and agreement parties: whom an agreement may name.
    pub people: Vec<PersonView>,
    /// Attached files in force, in the order added.
    pub attachments: Vec<AttachmentView>,
    /// Signed agreement versions with no scan of the signed paper yet.
    pub signed_scan_missing: Vec<String>,
    /// Other cases of the people on this one, as recorded here or by other
    /// villages (同一信访人的其他事项): the same ID number, or likely the same
    /// person (same name and village, no ID number).
    pub resident_cases: Vec<ResidentCase>,
    /// Details on which the records of one of these people disagree (e.g.
    /// two villages recorded two phones), with who recorded each.
    pub resident_differences: Vec<ResidentDifference>,
    /// What `case_transition` takes now, in the order to offer it, as the
    /// rules of `domain::lifecycle` decide; nothing on a voided case. A
    /// revisit is recorded through `revisit_add`, so it is never among them.
    pub allowed_actions: Vec<TransitionKind>,
    /// Settled on the spot (本级调处) and no agreement drafted or signed yet:
    /// writing the mediation agreement is the next thing to do, offered
    /// first. False on every other route, once an agreement exists, and on a
    /// closed or voided case.
    pub agreement_due: bool,
    /// The five steps of the method (登记备案 → 委托 → 代言代访 → 反馈结果 →
    /// 回访巩固), each done, current, skipped or waiting.
    pub steps: Vec<RouteStep>,
    /// The case's papers beyond the agreement (notices, answer, the mediation
    /// file's records, judicial confirmation), by date.
    pub papers: Vec<super::paper_view::PaperView>,
}

/// One of the five steps on the case page.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RouteStep {
    pub step: Step,
    /// Its name, e.g. 代言代访.
    pub title: String,
    pub state: StepState,
    /// The event that did the step (the first one, for revisits).
    pub event: Option<CaseEvent>,
    /// How many times it was done: a case may be revisited more than once.
    pub count: u32,
    /// Why a skipped step is left out, e.g. 已本级调处，不经此步.
    pub skipped_because: Option<String>,
}

/// The transitions the case page may offer: the lifecycle's, less the
/// revisit (its own form) and everything once the case is voided (the
/// transition itself refuses a voided case).
fn allowed_actions(case: &CaseRow, max_extension_days: u32) -> Vec<TransitionKind> {
    if case.voided_at.is_some() {
        return Vec::new();
    }
    case.lifecycle().allowed(max_extension_days).into_iter().filter(|k| *k != TransitionKind::Revisit).collect()
}

/// The five steps with the events that did them. A step counts as done once
/// an event recorded it, as the case's history says.
fn route_steps(case: &CaseRow, events: &[CaseEvent]) -> Vec<RouteStep> {
    let lifecycle = case.lifecycle();
    let open = case.voided_at.is_none() && !lifecycle.is_closed();
    let of = |step: Step| events.iter().filter(move |e| e.action == step.action());
    lifecycle
        .steps(open, |step| of(step).next().is_some())
        .into_iter()
        .map(|(step, state)| RouteStep {
            step,
            title: step.label().to_owned(),
            state,
            event: of(step).next().cloned(),
            count: u32::try_from(of(step).count()).unwrap_or(u32::MAX),
            skipped_because: if state == StepState::Skipped { case.route.skip_reason() } else { None },
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct CaseTransition {
    pub id: String,
    pub transition: Transition,
    /// The day it happened (YYYY-MM-DD); today if absent.
    #[serde(default)]
    pub on: Option<String>,
    /// Who did it.
    pub actor: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CaseVoid {
    pub id: String,
    pub reason: String,
    pub actor: String,
}

pub fn list(ledger: &mut Ledger, q: CaseQuery) -> Result<CasePage> {
    for (value, field, label) in [(&q.from, "from", "开始日期"), (&q.to, "to", "结束日期")] {
        if let Some(v) = value {
            parse_day(v, field, label)?;
        }
    }
    let limits = settings::time_limits(ledger.store.conn())?;
    let shown = visibility::shown(ledger);
    cases::list(ledger.store.conn(), &q, &limits, ledger.clock.today(), shown)
}

/// The case page: a look at the case, logged when it is a report against an official.
pub fn show(ledger: &mut Ledger, args: CaseId) -> Result<CaseDetail> {
    let case = visibility::look(ledger, &args.id, ViewedPart::Case)?;
    detail_of(ledger, case)
}

/// The case page after the account's own change to the case (not a new look).
pub(crate) fn detail(ledger: &Ledger, id: &str) -> Result<CaseDetail> {
    detail_of(ledger, visibility::visible(ledger, id)?)
}

fn detail_of(ledger: &Ledger, case: CaseRow) -> Result<CaseDetail> {
    let conn = ledger.store.conn();
    let limits = settings::time_limits(conn)?;
    let rows = crate::store::agreements::for_case(conn, &case.id)?;
    let revisits = revisits::for_case(conn, &case.id)?;
    let papers = crate::store::papers::for_case(conn, &case.id)?;
    let attachments = super::attachment::for_case(conn, &case.id)?;
    let signed_scan_missing = rows
        .iter()
        .filter(|a| a.status == AgreementStatus::Signed)
        .filter(|a| {
            !attachments
                .iter()
                .any(|s| s.row.kind == AttachmentKind::SignedAgreement && s.row.agreement_id.as_deref() == Some(&a.id))
        })
        .map(|a| a.id.clone())
        .collect();
    let events = events::for_case(conn, &case.id)?;
    let imported_on = events.iter().filter(|e| e.action == IMPORTED_EVENT).filter_map(|e| day(&e.happened_on)).min();
    let agreement_due = case.voided_at.is_none()
        && !case.lifecycle().is_closed()
        && case.route == Route::SettledOnSpot
        && rows.iter().all(|a| a.status == AgreementStatus::Superseded);
    Ok(CaseDetail {
        agreement_due,
        deadlines: case_deadlines(&case, &rows, &revisits, &papers, &limits, imported_on, ledger.clock.today()),
        visits: visits::for_case(conn, &case.id)?,
        allowed_actions: allowed_actions(&case, limits.max_extension_days),
        steps: route_steps(&case, &events),
        events,
        agreements: rows.into_iter().map(|a| agreement::view(conn, a, &case.number)).collect::<Result<_>>()?,
        papers: papers.into_iter().map(|p| super::paper_view::view(conn, p, &case.number)).collect::<Result<_>>()?,
        people: people::for_case(conn, &case.id)?,
        resident_cases: residents::other_cases(conn, &case.id, visibility::shown(ledger))?,
        resident_differences: residents::differences(conn, &case.id)?,
        revisits,
        attachments,
        signed_scan_missing,
        case,
    })
}

pub fn transition(ledger: &mut Ledger, args: CaseTransition) -> Result<CaseDetail> {
    let actor = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let note = optional_text(args.note.as_deref(), "note", "办理情况", MAX_TEXT_CHARS)?;
    let today = ledger.clock.today();
    let on = match &args.on {
        Some(s) => parse_day(s, "on", "办理日期")?,
        None => today,
    };
    if on > ledger.latest_day()? {
        return Err(Error::invalid("on", "办理日期", "不能晚于今天"));
    }
    if args.transition == Transition::Revisit {
        return Err(Error::refused("回访请用“登记回访”记录回访方式、对象和满意度。"));
    }
    let limits = settings::time_limits(ledger.store.conn())?;
    ledger.store.write(ledger.clock, |w| {
        let mut case = cases::get(w.tx(), &args.id)?;
        if case.voided_at.is_some() {
            return Err(Error::refused("本件已作废，不能办理。"));
        }
        if on < date_of(&case.received_at) {
            return Err(Error::invalid("on", "办理日期", "不能早于登记日期"));
        }
        let next = case.lifecycle().apply(&args.transition, limits.max_extension_days)?;
        let day = on.to_string();
        if case.accepted_on.is_none() && takes_up(&args.transition) {
            case.accepted_on = Some(day.clone());
        }
        if next.is_handled() && !case.lifecycle().is_handled() {
            case.handled_on = Some(day.clone());
        }
        if next.is_closed() && !case.lifecycle().is_closed() {
            case.closed_on = Some(day.clone());
        }
        if let Transition::Extend { reason, .. } = &args.transition {
            case.extension_reason = Some(required_text(reason, "reason", "延期理由", MAX_SHORT_CHARS)?);
        }
        (case.step, case.route, case.outcome, case.extension_days) =
            (next.step, next.route, next.outcome, next.extension_days);
        case.updated_at = w.now_text();
        cases::save(w, &case, "update")?;
        // Step 2 is the moment both sides sign the two-way commitment; the
        // timeline says so whatever else the liaison noted.
        let note = match (&args.transition, note.as_deref()) {
            (Transition::Commission, Some(n)) => Some(format!("{COMMITMENT_SIGNED}；{n}")),
            (Transition::Commission, None) => Some(COMMITMENT_SIGNED.to_owned()),
            (_, n) => n.map(str::to_owned),
        };
        events::record(w, &case.id, args.transition.kind().name(), &day, &actor, note.as_deref())
    })?;
    detail(ledger, &args.id)
}

pub fn void(ledger: &mut Ledger, args: CaseVoid) -> Result<CaseDetail> {
    let reason = required_text(&args.reason, "reason", "作废原因", MAX_SHORT_CHARS)?;
    let actor = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let today = ledger.clock.today().to_string();
    ledger.store.write(ledger.clock, |w| {
        let mut case = cases::get(w.tx(), &args.id)?;
        if case.voided_at.is_some() {
            return Err(Error::refused("本件已经作废。"));
        }
        case.voided_at = Some(w.now_text());
        case.void_reason = Some(reason.clone());
        case.updated_at = w.now_text();
        cases::save(w, &case, "void")?;
        events::record(w, &case.id, "void", &today, &actor, Some(&reason))
    })?;
    detail(ledger, &args.id)
}

/// The township hands a case to a responsible leader or department (交办 /
/// 包案); the village receives the assignment with its next return bundle.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct CaseAssign {
    pub id: String,
    /// The leader or department now responsible, e.g. 镇农业农村办.
    pub to: String,
    pub actor: String,
    /// The day (YYYY-MM-DD); today if absent.
    #[serde(default)]
    pub on: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

pub fn assign(ledger: &mut Ledger, args: CaseAssign) -> Result<CaseDetail> {
    let to = required_text(&args.to, "to", "交办对象", MAX_NAME_CHARS)?;
    let actor = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let note = optional_text(args.note.as_deref(), "note", "交办要求", MAX_TEXT_CHARS)?;
    let today = ledger.clock.today();
    let on = match &args.on {
        Some(s) => parse_day(s, "on", "交办日期")?,
        None => today,
    };
    if on > ledger.latest_day()? {
        return Err(Error::invalid("on", "交办日期", "不能晚于今天"));
    }
    let role = crate::store::device::load(ledger.store.conn())?.map(|d| d.role);
    if role != Some(crate::store::device::Role::Township) {
        return Err(Error::refused("交办由乡镇信访办在乡镇台账上操作。"));
    }
    visibility::visible(ledger, &args.id)?;
    ledger.store.write(ledger.clock, |w| {
        let mut case = cases::get(w.tx(), &args.id)?;
        if case.voided_at.is_some() || case.lifecycle().is_closed() {
            return Err(Error::refused("本件已作废或已结案，不能交办。"));
        }
        case.assigned_to = Some(to.clone());
        case.updated_at = w.now_text();
        cases::save(w, &case, "update")?;
        let note = match note {
            Some(n) => format!("交办给{to}；{n}"),
            None => format!("交办给{to}"),
        };
        events::record(w, &case.id, "assign", &on.to_string(), &actor, Some(&note))
    })?;
    detail(ledger, &args.id)
}

/// What the timeline records at step 2 (委托).
pub const COMMITMENT_SIGNED: &str = "信访人与代理人签订双向承诺书";

/// Taking the matter up in any way is the decision to accept it (受理).
fn takes_up(t: &Transition) -> bool {
    matches!(
        t,
        Transition::Commission | Transition::SettleOnSpot | Transition::DirectToLegalRoute | Transition::Close { .. }
    )
}

/// Every change to the case and its records: when, where, by whom.
pub fn changes(ledger: &mut Ledger, args: CaseId) -> Result<Vec<crate::store::changelog::CaseChange>> {
    let case = visibility::visible(ledger, args.id.trim())?;
    crate::store::changelog::for_case(ledger.store.conn(), &case.id)
}

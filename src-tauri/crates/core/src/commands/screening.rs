//! Dispute-screening rounds (矛盾纠纷排查): a round with nothing found is a
//! zero report; each dispute found is tracked until resolved or taken up as
//! a case.

use super::Ledger;
use super::day::parse_day;
use super::schedule::day;
use super::visit::{VisitAdded, record};
use crate::domain::Urgency;
use crate::domain::deadlines::{Deadline, Rule};
use crate::domain::intake::{
    MAX_NAME_CHARS, MAX_SHORT_CHARS, MAX_TEXT_CHARS, VisitInput, optional_text, required_text,
};
use crate::domain::screening::{FindingStatus, ScreeningScope, check_round};
use crate::error::{Error, Result};
use crate::store::screening::{self, FindingRow, RoundRow, RoundView};
use crate::store::{device, new_id, settings};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Findings one round may record.
pub const MAX_FINDINGS: usize = 100;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct FindingInput {
    pub category: String,
    /// What the dispute is about.
    pub summary: String,
    #[serde(default)]
    pub parties: Option<String>,
    #[serde(default)]
    pub urgency: Option<Urgency>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct ScreeningInput {
    /// YYYY-MM-DD; today if absent.
    #[serde(default)]
    pub held_on: Option<String>,
    pub scope: ScreeningScope,
    /// The village, group or township screened.
    pub scope_name: String,
    pub screened_by: String,
    /// 无矛盾纠纷（零报告）
    #[serde(default)]
    pub nothing_found: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub findings: Vec<FindingInput>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct ScreeningQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<u32>,
}

/// The screening page: recent rounds and when the next one is due.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ScreeningPage {
    pub rounds: Vec<RoundView>,
    pub next_due: Deadline,
    /// The ledger's today (its clock may be set apart from the computer's,
    /// e.g. for training): the day a new round is held unless another is given.
    pub today: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct FindingResolve {
    pub id: String,
    /// YYYY-MM-DD; today if absent.
    #[serde(default)]
    pub on: Option<String>,
}

/// Take a finding up as a case: the visit that opens it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct FindingToCase {
    pub id: String,
    pub visit: VisitInput,
}

pub fn add(ledger: &mut Ledger, input: ScreeningInput) -> Result<RoundView> {
    let today = ledger.clock.today();
    let held_on = match &input.held_on {
        Some(s) => parse_day(s, "held_on", "排查日期")?,
        None => today,
    };
    if held_on > ledger.latest_day()? {
        return Err(Error::invalid("held_on", "排查日期", "不能晚于今天"));
    }
    check_round(input.nothing_found, input.findings.len())?;
    if input.findings.len() > MAX_FINDINGS {
        return Err(Error::invalid("findings", "排查结果", format!("一次最多登记 {MAX_FINDINGS} 件纠纷")));
    }
    let scope_name = required_text(&input.scope_name, "scope_name", "排查范围", MAX_NAME_CHARS)?;
    let screened_by = required_text(&input.screened_by, "screened_by", "排查人", MAX_NAME_CHARS)?;
    let note = optional_text(input.note.as_deref(), "note", "备注", MAX_TEXT_CHARS)?;
    let findings = input
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let within = |e: Error| e.within(&format!("findings[{i}]"), &format!("第 {} 件纠纷的", i + 1));
            Ok((
                required_text(&f.category, "category", "类别", MAX_NAME_CHARS).map_err(within)?,
                required_text(&f.summary, "summary", "纠纷情况", MAX_TEXT_CHARS).map_err(within)?,
                optional_text(f.parties.as_deref(), "parties", "当事人", MAX_SHORT_CHARS).map_err(within)?,
                f.urgency.unwrap_or_default(),
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let id = ledger.store.write(ledger.clock, |w| {
        let round = RoundRow {
            id: new_id(),
            held_on: held_on.to_string(),
            scope: input.scope,
            scope_name: scope_name.clone(),
            screened_by: screened_by.clone(),
            nothing_found: input.nothing_found,
            note: note.clone(),
            created_at: w.now_text(),
        };
        screening::insert_round(w, &round)?;
        for (category, summary, parties, urgency) in &findings {
            let f = FindingRow {
                id: new_id(),
                round_id: round.id.clone(),
                category: category.clone(),
                summary: summary.clone(),
                parties: parties.clone(),
                urgency: *urgency,
                status: FindingStatus::InProgress,
                case_id: None,
                resolved_on: None,
                created_at: w.now_text(),
                updated_at: w.now_text(),
            };
            screening::save_finding(w, &f, "insert")?;
        }
        Ok(round.id)
    })?;
    screening::get_round(ledger.store.conn(), &id)
}

pub fn list(ledger: &mut Ledger, q: ScreeningQuery) -> Result<ScreeningPage> {
    let from = q.from.as_deref().map(|s| parse_day(s, "from", "开始日期")).transpose()?.map(|d| d.to_string());
    let to = q.to.as_deref().map(|s| parse_day(s, "to", "结束日期")).transpose()?.map(|d| d.to_string());
    let conn = ledger.store.conn();
    Ok(ScreeningPage {
        rounds: screening::rounds(conn, from.as_deref(), to.as_deref(), q.limit.unwrap_or(50).clamp(1, 500))?,
        next_due: next_due(ledger)?,
        today: ledger.clock.today(),
    })
}

/// When this install's next screening round is due: the village every three
/// days, the township every week (configurable), counted from the last round,
/// or from the day the ledger was set up.
pub fn next_due(ledger: &Ledger) -> Result<Deadline> {
    let conn = ledger.store.conn();
    let device = device::load(conn)?.ok_or(Error::NotInitialised)?;
    let limits = settings::time_limits(conn)?;
    let rule = match device.role {
        device::Role::Village => Rule::VillageScreening,
        device::Role::Township => Rule::TownshipScreening,
    };
    let from = match screening::last_held_on(conn)?.as_deref().and_then(day) {
        Some(d) => d,
        None => super::schedule::date_of(&device.created_at),
    };
    Ok(Deadline::compute(rule, &limits, from, 0, None, ledger.clock.today()))
}

pub fn resolve(ledger: &mut Ledger, args: FindingResolve) -> Result<RoundView> {
    let today = ledger.clock.today();
    let on = match &args.on {
        Some(s) => parse_day(s, "on", "化解日期")?,
        None => today,
    };
    if on > ledger.latest_day()? {
        return Err(Error::invalid("on", "化解日期", "不能晚于今天"));
    }
    let round_id = ledger.store.write(ledger.clock, |w| {
        let mut f = screening::get_finding(w.tx(), &args.id)?;
        if f.status != FindingStatus::InProgress {
            return Err(Error::refused("这件纠纷已化解或已转为信访事项办理。"));
        }
        f.status = FindingStatus::Resolved;
        f.resolved_on = Some(on.to_string());
        f.updated_at = w.now_text();
        screening::save_finding(w, &f, "update")?;
        Ok(f.round_id)
    })?;
    screening::get_round(ledger.store.conn(), &round_id)
}

pub fn to_case(ledger: &mut Ledger, args: FindingToCase) -> Result<VisitAdded> {
    if args.visit.repeat_of.is_some() {
        return Err(Error::invalid("repeat_of", "重复访", "排查出的纠纷转为新的信访事项，不能作为重复访"));
    }
    let visit = args.visit.validate()?;
    let device = device::load(ledger.store.conn())?.ok_or(Error::NotInitialised)?;
    ledger.store.write(ledger.clock, |w| {
        let mut f = screening::get_finding(w.tx(), &args.id)?;
        if f.status != FindingStatus::InProgress {
            return Err(Error::refused("这件纠纷已化解或已转为信访事项办理。"));
        }
        let added = record(w, &device, &visit)?;
        f.status = FindingStatus::BecameCase;
        f.case_id = Some(added.case_id.clone());
        f.updated_at = w.now_text();
        screening::save_finding(w, &f, "update")?;
        Ok(added)
    })
}

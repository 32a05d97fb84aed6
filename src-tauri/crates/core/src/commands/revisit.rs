//! The revisit log (回访): step 5 of the five-step method, recorded with how,
//! by whom, with whom, how the answer or agreement was carried out, and
//! whether the resident is satisfied.

use super::Ledger;
use super::case::CaseDetail;
use super::day::parse_day;
use super::schedule::{date_of, day};
use crate::domain::agreement::AgreementStatus;
use crate::domain::intake::{MAX_NAME_CHARS, MAX_TEXT_CHARS, optional_text, required_text};
use crate::domain::lifecycle::Transition;
use crate::domain::revisit::{RevisitMethod, Satisfaction};
use crate::error::{Error, Result};
use crate::store::revisits::{self, RevisitRow};
use crate::store::{agreements, cases, events, new_id, settings};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct RevisitInput {
    pub case_id: String,
    /// The signed agreement whose performance was checked.
    #[serde(default)]
    pub agreement_id: Option<String>,
    /// YYYY-MM-DD; today if absent.
    #[serde(default)]
    pub visited_on: Option<String>,
    pub method: RevisitMethod,
    pub visitor: String,
    pub visitee: String,
    #[serde(default)]
    pub performance: Option<String>,
    pub satisfaction: Satisfaction,
    #[serde(default)]
    pub new_problems: Option<String>,
    /// 息访息诉
    #[serde(default)]
    pub stopped: bool,
    /// The next revisit, if another is needed (YYYY-MM-DD).
    #[serde(default)]
    pub next_due_on: Option<String>,
}

pub fn add(ledger: &mut Ledger, input: RevisitInput) -> Result<CaseDetail> {
    let today = ledger.clock.today();
    let visited_on = match &input.visited_on {
        Some(s) => parse_day(s, "visited_on", "回访日期")?,
        None => today,
    };
    if visited_on > ledger.latest_day()? {
        return Err(Error::invalid("visited_on", "回访日期", "不能晚于今天"));
    }
    let visitor = required_text(&input.visitor, "visitor", "回访人", MAX_NAME_CHARS)?;
    let visitee = required_text(&input.visitee, "visitee", "被回访人", MAX_NAME_CHARS)?;
    let performance = optional_text(input.performance.as_deref(), "performance", "履行情况", MAX_TEXT_CHARS)?;
    let new_problems = optional_text(input.new_problems.as_deref(), "new_problems", "新的问题", MAX_TEXT_CHARS)?;
    let next_due_on = match input.next_due_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            let d = parse_day(s, "next_due_on", "下次回访日期")?;
            if d <= visited_on {
                return Err(Error::invalid("next_due_on", "下次回访日期", "应晚于本次回访日期"));
            }
            Some(d.to_string())
        }
        None => None,
    };
    let limits = settings::time_limits(ledger.store.conn())?;
    ledger.store.write(ledger.clock, |w| {
        let mut case = cases::get(w.tx(), &input.case_id)?;
        if case.voided_at.is_some() {
            return Err(Error::refused("本件已作废，不能回访。"));
        }
        // The lifecycle decides: a case never handled cannot be revisited.
        let next = case.lifecycle().apply(&Transition::Revisit, limits.max_extension_days)?;
        if let Some(h) = case.handled_on.as_deref().and_then(day)
            && visited_on < h
        {
            return Err(Error::invalid("visited_on", "回访日期", format!("不能早于办理完毕的日期（{h}）")));
        }
        if visited_on < date_of(&case.received_at) {
            return Err(Error::invalid("visited_on", "回访日期", "不能早于登记日期"));
        }
        if let Some(id) = &input.agreement_id {
            let a = agreements::get(w.tx(), id)?;
            if a.case_id != case.id || a.status != AgreementStatus::Signed {
                return Err(Error::invalid("agreement_id", "调解协议", "请选择本件已签订的有效协议"));
            }
        }
        let row = RevisitRow {
            id: new_id(),
            case_id: case.id.clone(),
            agreement_id: input.agreement_id.clone(),
            visited_on: visited_on.to_string(),
            method: input.method,
            visitor: visitor.clone(),
            visitee: visitee.clone(),
            performance: performance.clone(),
            satisfaction: input.satisfaction,
            new_problems: new_problems.clone(),
            stopped: input.stopped,
            next_due_on: next_due_on.clone(),
            created_at: w.now_text(),
        };
        revisits::insert(w, &row)?;
        case.step = next.step;
        if case.revisited_on.is_none() {
            case.revisited_on = Some(row.visited_on.clone());
        }
        case.updated_at = w.now_text();
        cases::save(w, &case, "update")?;
        let note = format!("回访{}", visitee);
        events::record(w, &case.id, "revisit", &row.visited_on, &visitor, Some(&note))
    })?;
    super::case::detail(ledger, &input.case_id)
}

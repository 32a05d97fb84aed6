//! The agenda (工作台): everything due or overdue today, each item with the
//! rule that makes it due and the case it opens.

use super::Ledger;
use super::schedule::{case_deadlines, on_agenda};
use super::screening::next_due;
use crate::domain::deadlines::{Deadline, DeadlineState};
use crate::error::Result;
use crate::store::{agreements, cases, revisits, settings, visits};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

/// One thing to do.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AgendaItem {
    pub deadline: Deadline,
    /// The case it opens (none for a screening round).
    pub case_id: Option<String>,
    pub case_number: Option<String>,
    /// Petitioners' names.
    pub petitioners: Vec<String>,
    /// The request, or what is due.
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Agenda {
    pub today: NaiveDate,
    /// Overdue first (most overdue first), then due soonest; at most
    /// [`MAX_ITEMS`] of them.
    pub items: Vec<AgendaItem>,
    /// Everything due, listed or not (a ledger imported from years of Excel
    /// can have thousands; the ledger page's 逾期 filter lists them all).
    pub total: u32,
    pub overdue: u32,
    pub due_soon: u32,
}

/// The most urgent items listed: a working day's worth and more.
pub const MAX_ITEMS: usize = 200;

pub fn agenda(ledger: &mut Ledger, _: super::NoArgs) -> Result<Agenda> {
    let conn = ledger.store.conn();
    let today = ledger.clock.today();
    let limits = settings::time_limits(conn)?;
    let soon = today + Days::new(super::schedule::COURT_CONFIRMATION_NOTICE_DAYS as u64);
    let recent = today - Days::new(u64::from(limits.court_confirmation_days));
    let mut items = Vec::new();
    // Every candidate's agreements, revisits and petitioners in one query each,
    // not one per case: the agenda of a township with thousands of open cases.
    let shown = cases::Shown::for_account(ledger.account.as_ref());
    let mut candidates = cases::agenda_candidates(conn, &soon.to_string(), &recent.to_string())?;
    candidates.retain(|c| shown.shows(c));
    let ids = serde_json::to_string(&candidates.iter().map(|c| c.id.as_str()).collect::<Vec<_>>())?;
    let (mut agreements, mut revisits) = (agreements::for_cases(conn, &ids)?, revisits::for_cases(conn, &ids)?);
    for case in candidates {
        let rows = agreements.remove(&case.id).unwrap_or_default();
        let visits = revisits.remove(&case.id).unwrap_or_default();
        let due: Vec<Deadline> =
            case_deadlines(&case, &rows, &visits, &limits, today).into_iter().filter(on_agenda).collect();
        if due.is_empty() {
            continue;
        }
        for deadline in due {
            items.push(AgendaItem {
                deadline,
                case_id: Some(case.id.clone()),
                case_number: Some(case.number.clone()),
                petitioners: Vec::new(),
                summary: case.request.clone(),
            });
        }
    }
    let screening = next_due(ledger)?;
    if screening.days_left.is_some_and(|d| d <= 0) {
        items.push(AgendaItem {
            summary: format!("上次排查后已满 {} 天，请开展排查，无纠纷也要零报告", screening.days),
            deadline: screening,
            case_id: None,
            case_number: None,
            petitioners: Vec::new(),
        });
    }
    items.sort_by_key(|i| (i.deadline.due_on, i.case_number.clone()));
    let count = |s| items.iter().filter(|i| i.deadline.state == s).count() as u32;
    let (overdue, due_soon, total) = (count(DeadlineState::Overdue), count(DeadlineState::DueSoon), items.len() as u32);
    items.truncate(MAX_ITEMS);
    // Names only for the cases listed.
    let listed = serde_json::to_string(&items.iter().filter_map(|i| i.case_id.as_deref()).collect::<Vec<_>>())?;
    let names = visits::petitioner_names(conn, &listed)?;
    for item in &mut items {
        if let Some(id) = &item.case_id {
            item.petitioners = names.get(id).cloned().unwrap_or_default();
        }
    }
    Ok(Agenda { today, items, total, overdue, due_soon })
}

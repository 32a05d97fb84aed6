//! The agenda (工作台): everything due or overdue today, each item with the
//! rule that makes it due and the case it opens.

use super::Ledger;
use super::schedule::{case_deadlines, on_agenda};
use super::screening::next_due;
use crate::domain::deadlines::{Deadline, DeadlineState};
use crate::error::Result;
use crate::store::cases::{self, CaseRow};
use crate::store::{agreements, revisits, settings};
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
    /// Overdue first (most overdue first), then due soonest.
    pub items: Vec<AgendaItem>,
    pub overdue: u32,
    pub due_soon: u32,
}

pub fn agenda(ledger: &mut Ledger, _: super::NoArgs) -> Result<Agenda> {
    let conn = ledger.store.conn();
    let today = ledger.clock.today();
    let limits = settings::time_limits(conn)?;
    let soon = today + Days::new(super::schedule::COURT_CONFIRMATION_NOTICE_DAYS as u64);
    let recent = today - Days::new(u64::from(limits.court_confirmation_days));
    let mut items = Vec::new();
    for case in candidates(conn, soon, recent)? {
        let rows = agreements::for_case(conn, &case.id)?;
        let visits = revisits::for_case(conn, &case.id)?;
        let due: Vec<Deadline> =
            case_deadlines(&case, &rows, &visits, &limits, today).into_iter().filter(on_agenda).collect();
        if due.is_empty() {
            continue;
        }
        let petitioners = petitioner_names(conn, &case.id)?;
        for deadline in due {
            items.push(AgendaItem {
                deadline,
                case_id: Some(case.id.clone()),
                case_number: Some(case.number.clone()),
                petitioners: petitioners.clone(),
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
    Ok(Agenda { today, overdue: count(DeadlineState::Overdue), due_soon: count(DeadlineState::DueSoon), items })
}

/// Cases that may have something due: open ones, handled ones not yet
/// revisited, ones with a next revisit set, and ones with an agreement signed
/// recently enough for the court-confirmation window to be open.
fn candidates(conn: &rusqlite::Connection, soon: NaiveDate, recent: NaiveDate) -> Result<Vec<CaseRow>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM petition_case c WHERE c.voided_at IS NULL AND (
             c.outcome = 'in_progress'
             OR (c.handled_on IS NOT NULL AND c.revisited_on IS NULL)
             OR c.id IN (SELECT case_id FROM revisit WHERE next_due_on IS NOT NULL AND next_due_on <= ?1
                         AND voided_at IS NULL)
             OR c.id IN (SELECT case_id FROM agreement WHERE status = 'signed' AND signed_on >= ?2
                         AND voided_at IS NULL))",
    )?;
    let ids = stmt
        .query_map(rusqlite::params![soon.to_string(), recent.to_string()], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.iter().map(|id| cases::get(conn, id)).collect()
}

fn petitioner_names(conn: &rusqlite::Connection, case_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT p.name FROM visit v JOIN visit_petitioner vp ON vp.visit_id = v.id JOIN person p ON p.id = vp.person_id
         WHERE v.case_id = ?1 GROUP BY p.id ORDER BY min(v.received_at), min(vp.position)",
    )?;
    Ok(stmt.query_map([case_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

//! Recording a visit (来访登记): a new case, or a repeat visit on an earlier one.

use super::Ledger;
use crate::clock::china;
use crate::domain::intake::VisitInput;
use crate::domain::lifecycle::{Outcome, Route, Step};
use crate::error::{Error, Result};
use crate::store::cases::{self, CaseRow};
use crate::store::visits::{self, VisitPetitionerRow, VisitRow};
use crate::store::{device, events, new_id, numbers, people, search};
use chrono::Datelike;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct VisitAdded {
    pub case_id: String,
    pub case_number: String,
    pub visit_id: String,
    /// True when the visit joined an earlier case (重复访).
    pub repeat: bool,
}

pub fn add(ledger: &mut Ledger, input: VisitInput) -> Result<VisitAdded> {
    let visit = input.validate()?;
    let now = ledger.clock.now();
    if visit.received_at.to_utc() > now + chrono::Duration::minutes(10) {
        return Err(Error::invalid("received_at", "登记时间", "不能晚于当前时间"));
    }
    let received_on = visit.received_at.with_timezone(&china()).date_naive();
    let device = device::load(ledger.store.conn())?.ok_or(Error::NotInitialised)?;
    ledger.store.write(ledger.clock, |w| {
        let now = w.now_text();
        let (case, repeat) = match &visit.repeat_of {
            Some(id) => {
                let mut case = cases::get(w.tx(), id)?;
                if case.voided_at.is_some() {
                    return Err(Error::refused("原信访事项已作废，不能作为重复访关联。"));
                }
                // A repeat visit on a closed case reopens the question for
                // the ledger: it stays linked, and the timeline shows it.
                case.updated_at = now.clone();
                (case, true)
            }
            None => {
                let year = received_on.year();
                let n = numbers::next(w.tx(), "case", &device.name, year)?;
                let village = visit.petitioners.iter().find_map(|p| p.village.clone());
                let case = CaseRow {
                    id: new_id(),
                    number: numbers::case_number(&device.name, year, n),
                    village: village.or_else(|| (device.role == device::Role::Village).then(|| device.name.clone())),
                    channel: visit.channel,
                    category: visit.category.clone(),
                    request: visit.request.clone(),
                    urgency: visit.urgency,
                    received_at: visit.received_at.to_rfc3339(),
                    received_by: visit.received_by.clone(),
                    step: Step::Registered,
                    route: Route::FiveStep,
                    outcome: Outcome::InProgress,
                    extension_days: None,
                    extension_reason: None,
                    handled_on: None,
                    closed_on: None,
                    created_by: visit.received_by.clone(),
                    created_at: now.clone(),
                    updated_at: now.clone(),
                    voided_at: None,
                    void_reason: None,
                };
                (case, false)
            }
        };
        cases::save(w, &case, if repeat { "update" } else { "insert" })?;
        let row = VisitRow {
            id: new_id(),
            case_id: case.id.clone(),
            channel: visit.channel,
            received_at: visit.received_at.to_rfc3339(),
            headcount: visit.headcount,
            request: visit.request.clone(),
            received_by: visit.received_by.clone(),
            facts: visit.facts.clone(),
            measures: visit.measures.clone(),
            is_repeat: repeat,
            created_at: now,
        };
        visits::insert(w, &row)?;
        for (position, p) in visit.petitioners.iter().enumerate() {
            let person = people::upsert_petitioner(w, p)?;
            visits::add_petitioner(
                w,
                &VisitPetitionerRow {
                    visit_id: row.id.clone(),
                    person_id: person.id,
                    position: position as u32,
                    representative: p.representative,
                },
            )?;
        }
        events::record(
            w,
            &case.id,
            if repeat { "repeat_visit" } else { "register" },
            &received_on.to_string(),
            &visit.received_by,
            None,
        )?;
        search::reindex(w.tx(), &case.id)?;
        Ok(VisitAdded { case_id: case.id, case_number: case.number, visit_id: row.id, repeat })
    })
}

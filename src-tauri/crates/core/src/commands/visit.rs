//! Recording a visit (来访登记): a new case, or a repeat visit on an earlier one.

use super::Ledger;
use crate::clock::china;
use crate::domain::identity::IdNumber;
use crate::domain::intake::{MAX_PETITIONERS, PetitionerInput, Visit, VisitInput};
use crate::domain::lifecycle::{Outcome, Route, Step};
use crate::domain::similarity::{request_similarity, trigrams};
use crate::error::{Error, Result};
use crate::store::cases::{self, CaseRow};
use crate::store::device::Device;
use crate::store::visits::{self, VisitPetitionerRow, VisitRow};
use crate::store::{Writer, device, events, new_id, numbers, people, residents, search};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
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
    let device = device::load(ledger.store.conn())?.ok_or(Error::NotInitialised)?;
    ledger.store.write(ledger.clock, |w| record(w, &device, &visit))
}

/// Records a validated visit inside the caller's transaction.
pub(crate) fn record(w: &Writer<'_>, device: &Device, visit: &Visit) -> Result<VisitAdded> {
    if visit.received_at.to_utc() > w.latest_plausible()? + chrono::Duration::minutes(10) {
        return Err(Error::invalid("received_at", "登记时间", "不能晚于当前时间"));
    }
    let received_in_china = visit.received_at.with_timezone(&china());
    let received_on = received_in_china.date_naive();
    // Stored in China time to the second, so the text sorts as the time does
    // whatever offset the input used.
    let received_at = received_in_china.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    {
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
                // A report against an official told on a later visit marks
                // the case; no visit takes the mark off.
                case.confidential |= visit.confidential;
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
                    group: visit.petitioners.iter().find_map(|p| p.group.clone()),
                    channel: visit.channel,
                    category: visit.category.clone(),
                    request: visit.request.clone(),
                    urgency: visit.urgency,
                    received_at: received_at.clone(),
                    received_by: visit.received_by.clone(),
                    step: Step::Registered,
                    route: Route::FiveStep,
                    outcome: Outcome::InProgress,
                    extension_days: None,
                    extension_reason: None,
                    accepted_on: None,
                    handled_on: None,
                    revisited_on: None,
                    closed_on: None,
                    created_by: visit.received_by.clone(),
                    created_at: now.clone(),
                    updated_at: now.clone(),
                    voided_at: None,
                    void_reason: None,
                    assigned_to: None,
                    confidential: visit.confidential,
                };
                (case, false)
            }
        };
        cases::save(w, &case, if repeat { "update" } else { "insert" })?;
        let row = VisitRow {
            id: new_id(),
            case_id: case.id.clone(),
            channel: visit.channel,
            received_at: received_at.clone(),
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
    }
}

/// What the intake form has typed so far, to look for a likely repeat visit.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SimilarQuery {
    pub petitioners: Vec<PetitionerInput>,
    pub request: String,
}

/// An earlier case this visit may belong to, and why.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SimilarCase {
    pub case_id: String,
    pub case_number: String,
    pub request: String,
    pub received_at: String,
    pub outcome: Outcome,
    pub closed: bool,
    pub petitioners: Vec<String>,
    /// e.g. 同一身份证号码, 诉求相似（78%）
    pub reasons: Vec<String>,
}

/// Requests at least this alike are pointed out.
const SIMILAR_ENOUGH: f64 = 0.45;
/// Earlier cases shown at most.
const MAX_SIMILAR: usize = 5;

pub fn similar(ledger: &mut Ledger, q: SimilarQuery) -> Result<Vec<SimilarCase>> {
    let conn = ledger.store.conn();
    // case id → (score, reasons)
    let mut found: std::collections::HashMap<String, (u32, Vec<String>)> = Default::default();
    let mut note = |case_id: String, score: u32, reason: String| {
        let e = found.entry(case_id).or_default();
        e.0 += score;
        if !e.1.contains(&reason) {
            e.1.push(reason);
        }
    };
    for p in q.petitioners.iter().take(MAX_PETITIONERS) {
        let by_id = match (&p.person_id, p.id_number.as_deref().map(IdNumber::parse)) {
            (Some(id), _) => Some(id.clone()),
            (None, Some(Ok(n))) => people::find_by_id_number(conn, n.as_str())?.map(|r| r.id),
            _ => None,
        };
        if let Some(person_id) = by_id {
            // Every record of the resident: each village keeps its own.
            for record in residents::linked(conn, &person_id)? {
                for case_id in residents::cases_of(conn, &record.id)? {
                    note(case_id, 100, "同一信访人（身份证号码相同）".to_owned());
                }
            }
        } else if !p.name.trim().is_empty() {
            for person_id in people::named(conn, p.name.trim())? {
                for case_id in residents::cases_of(conn, &person_id)? {
                    note(case_id, 40, format!("同名信访人（{}）", p.name.trim()));
                }
            }
        }
    }
    let grams = trigrams(&q.request, 40);
    if !grams.is_empty() {
        for row in search::requests_matching(conn, &grams, 30)? {
            let (case_id, request) = row;
            let sim = request_similarity(&q.request, &request);
            if sim >= SIMILAR_ENOUGH {
                note(case_id, (sim * 100.0) as u32, format!("诉求相似（{}%）", (sim * 100.0).round()));
            }
        }
    }
    let mut ranked: Vec<(String, (u32, Vec<String>))> = found.into_iter().collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    let shown = super::visibility::shown(ledger);
    let mut out = Vec::new();
    for (case_id, (_, reasons)) in ranked {
        let case = cases::get(conn, &case_id)?;
        if case.voided_at.is_some() || !shown.shows(&case) {
            continue;
        }
        let petitioners = visits::petitioner_names(conn, &serde_json::json!([case.id]).to_string())?
            .remove(&case.id)
            .unwrap_or_default();
        out.push(SimilarCase {
            closed: case.outcome != Outcome::InProgress,
            case_id: case.id,
            case_number: case.number,
            request: case.request,
            received_at: case.received_at,
            outcome: case.outcome,
            petitioners,
            reasons,
        });
        if out.len() == MAX_SIMILAR {
            break;
        }
    }
    Ok(out)
}


//! The agenda (工作台): everything due or overdue today, each item with the
//! rule that makes it due and the case it opens.

use super::Ledger;
use super::schedule::{agreement_deadlines, on_agenda, set_revisit_deadline};
use super::screening::next_due;
use crate::domain::deadlines::{DUE_SOON_DAYS, Deadline, DeadlineState};
use crate::error::Result;
use crate::store::{agreements, cases, due, papers, revisits, settings, visits};
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
    /// Deadlines of cases imported from an old Excel ledger that had passed
    /// before the import: history, not raised here, to review once.
    pub imported_past: u32,
}

/// The most urgent items listed: a working day's worth and more.
pub const MAX_ITEMS: usize = 200;

pub fn agenda(ledger: &mut Ledger, _: super::NoArgs) -> Result<Agenda> {
    let conn = ledger.store.conn();
    let today = ledger.clock.today();
    let limits = settings::time_limits(conn)?;
    let shown = super::visibility::shown(ledger);
    // The statutory deadlines of the whole ledger, counted in SQL, and only
    // the most urgent read: a township of years may have thousands due.
    let by = today + Days::new(DUE_SOON_DAYS as u64);
    let statutory = due::due_by(conn, &limits, shown, today, by, MAX_ITEMS)?;
    let (mut overdue, mut due_soon) = (statutory.overdue, statutory.not_yet);
    let mut total = overdue + due_soon;
    let mut items: Vec<AgendaItem> = statutory
        .first
        .into_iter()
        .map(|d| AgendaItem {
            deadline: Deadline::until(d.rule, d.from, d.due_on, None, today),
            case_id: Some(d.case_id),
            case_number: Some(d.case_number),
            petitioners: Vec::new(),
            summary: d.request,
        })
        .collect();
    let mut add = |item: AgendaItem, items: &mut Vec<AgendaItem>| {
        match item.deadline.state {
            DeadlineState::Overdue => overdue += 1,
            DeadlineState::DueSoon => due_soon += 1,
            _ => {}
        }
        total += 1;
        items.push(item);
    };
    // The mediation month, the court-confirmation window and the revisits
    // set by hand: from the few cases in mediation or with a revisit set,
    // their agreements and revisits read in one query each.
    let soon = today + Days::new(super::schedule::COURT_CONFIRMATION_NOTICE_DAYS as u64);
    let recent = today - Days::new(u64::from(limits.court_confirmation_days));
    let mut candidates = cases::follow_up_candidates(conn, &soon.to_string(), &recent.to_string())?;
    candidates.retain(|c| shown.shows(c));
    let ids = serde_json::to_string(&candidates.iter().map(|c| c.id.as_str()).collect::<Vec<_>>())?;
    let (mut agreements, mut revisits) = (agreements::for_cases(conn, &ids)?, revisits::for_cases(conn, &ids)?);
    for case in candidates {
        let rows = agreements.remove(&case.id).unwrap_or_default();
        let visits = revisits.remove(&case.id).unwrap_or_default();
        let papers = papers::for_case(conn, &case.id)?;
        let due = agreement_deadlines(&rows, &papers, &limits, today)
            .into_iter()
            .chain(set_revisit_deadline(&visits, today));
        for deadline in due.filter(on_agenda) {
            let item = AgendaItem {
                deadline,
                case_id: Some(case.id.clone()),
                case_number: Some(case.number.clone()),
                petitioners: Vec::new(),
                summary: case.request.clone(),
            };
            add(item, &mut items);
        }
    }
    let screening = next_due(ledger)?;
    if screening.days_left.is_some_and(|d| d <= 0) {
        let item = AgendaItem {
            summary: format!("上次排查后已满 {} 天，请开展排查，无纠纷也要零报告", screening.days),
            deadline: screening,
            case_id: None,
            case_number: None,
            petitioners: Vec::new(),
        };
        add(item, &mut items);
    }
    items.sort_by_key(|i| (i.deadline.due_on, i.case_number.clone()));
    items.truncate(MAX_ITEMS);
    // Names only for the cases listed.
    let conn = ledger.store.conn();
    let listed = serde_json::to_string(&items.iter().filter_map(|i| i.case_id.as_deref()).collect::<Vec<_>>())?;
    let names = visits::petitioner_names(conn, &listed)?;
    for item in &mut items {
        if let Some(id) = &item.case_id {
            item.petitioners = names.get(id).cloned().unwrap_or_default();
        }
    }
    let imported_past = due::history(conn, &limits, shown)?;
    Ok(Agenda { today, items, total, overdue, due_soon, imported_past })
}

#[cfg(test)]
mod tests {
    //! The agenda finds the statutory deadlines of the whole ledger in SQL
    //! and the rest case by case; what it lists and counts must be exactly
    //! what each case's own page says is due.

    use super::*;
    use crate::clock::Clock;
    use crate::generate::{self, Spec};
    use crate::{Store, dispatch};
    use chrono::{DateTime, Utc};
    use serde_json::{Value, json};

    /// (case number, rule, due date, state) of one item.
    type Item = (String, String, String, String);

    fn item(number: &str, d: &Value) -> Item {
        let text = |k: &str| d[k].as_str().unwrap_or_default().to_owned();
        (number.to_owned(), text("rule"), text("due_on"), text("state"))
    }

    /// Every case's deadlines on the agenda, as each case page gives them.
    fn from_case_pages(l: &mut Ledger) -> Vec<Item> {
        let ids: Vec<String> = {
            let mut stmt = l.store.conn().prepare("SELECT id FROM petition_case WHERE voided_at IS NULL").unwrap();
            stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
        };
        let mut out = Vec::new();
        for id in ids {
            let page = dispatch(l, "case_show", json!({"id": id})).unwrap();
            let number = page["case"]["number"].as_str().unwrap().to_owned();
            for d in page["deadlines"].as_array().unwrap() {
                if on_agenda(&serde_json::from_value(d.clone()).unwrap()) {
                    out.push(item(&number, d));
                }
            }
        }
        out
    }

    #[test]
    fn the_agenda_lists_and_counts_what_each_case_page_says_is_due() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let spec = Spec { cases: 160, villages: 3, first_day: day("2025-07-01"), last_day: day("2025-12-31"), seed: 9 };
        let mut l = generate::township(Store::in_memory().unwrap(), &spec).unwrap();
        // On the generator's own day, then five weeks on, when more is overdue.
        for now in ["2026-01-01T09:00:00+08:00", "2026-02-05T09:00:00+08:00"] {
            l.clock = Clock::Fixed(DateTime::parse_from_rfc3339(now).unwrap().with_timezone(&Utc));
            let mut expected = from_case_pages(&mut l);
            let agenda = dispatch(&mut l, "today", json!({})).unwrap();
            let all = agenda["items"].as_array().unwrap();
            let mut listed: Vec<Item> =
                all.iter().map(|i| item(i["case_number"].as_str().unwrap_or_default(), &i["deadline"])).collect();
            // The screening round is the ledger's, not a case's.
            expected.extend(listed.iter().filter(|i| i.0.is_empty()).cloned());
            assert!(expected.len() < MAX_ITEMS, "{now}: every item is listed, so all can be compared");
            expected.sort();
            listed.sort();
            assert_eq!(listed, expected, "{now}");
            let count = |state: &str| expected.iter().filter(|i| i.3 == state).count() as u64;
            assert_eq!(agenda["total"].as_u64(), Some(expected.len() as u64), "{now}");
            assert_eq!(agenda["overdue"].as_u64(), Some(count("overdue")), "{now}");
            assert_eq!(agenda["due_soon"].as_u64(), Some(count("due_soon")), "{now}");
            for rule in ["accept", "handle", "revisit"] {
                assert!(expected.iter().any(|i| i.1 == rule), "{now}: the generated ledger has {rule} due");
            }
        }
    }
}

//! Which deadlines a case has on a given day: the statutory limits read from
//! the case row, the mediation month and the court-confirmation window from
//! its agreements, and the next revisit the liaison set. The case page and the
//! agenda (工作台) both ask here; the agenda finds the statutory ones of the
//! whole ledger in SQL instead (`store::due`), and a test of the agenda holds
//! the two to the same dates.

use crate::clock::china;
use crate::domain::agreement::{AgreementForm, AgreementStatus};
use crate::domain::deadlines::{Deadline, Rule, TimeLimits};
use crate::store::agreements::AgreementRow;
use crate::store::cases::CaseRow;
use crate::store::papers::PaperRow;
use crate::store::revisits::RevisitRow;
use chrono::{DateTime, NaiveDate};

/// Days before its close that an open court-confirmation window is shown on
/// the agenda: it is the parties' option, not an overdue duty, so it shows a
/// week ahead and disappears once the window has closed.
pub const COURT_CONFIRMATION_NOTICE_DAYS: i64 = 7;

pub fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The China-time date of an RFC 3339 timestamp.
pub fn date_of(timestamp: &str) -> NaiveDate {
    DateTime::parse_from_rfc3339(timestamp).map(|t| t.with_timezone(&china()).date_naive()).unwrap_or_default()
}

/// `imported_on` is the day the case came in from an old Excel ledger, if it
/// did: a statutory deadline already past due that day shows as passed
/// before the import, as the agenda leaves it out (`store::due`).
pub fn case_deadlines(
    case: &CaseRow,
    agreements: &[AgreementRow],
    revisits: &[RevisitRow],
    papers: &[PaperRow],
    limits: &TimeLimits,
    imported_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<Deadline> {
    let history = |d: Deadline| match imported_on {
        Some(on) => d.as_imported(on),
        None => d,
    };
    let received = date_of(&case.received_at);
    // The 15-day limit is met by the written notice, delivered; a case taken
    // up on the spot (a step taken, `accepted_on`) counts as told then.
    let notified = papers.iter().filter(|p| p.content.kind() == "notice").filter_map(|p| day(&p.dated_on)).min();
    let accepted = [case.accepted_on.as_deref().and_then(day), notified].into_iter().flatten().min();
    let handled = case.handled_on.as_deref().and_then(day);
    let mut out = vec![
        history(Deadline::compute(Rule::Accept, limits, received, 0, accepted, today)),
        history(Deadline::compute(Rule::Handle, limits, received, case.extension_days.unwrap_or(0), handled, today)),
    ];
    out.extend(agreement_deadlines(agreements, papers, limits, today));
    if let Some(h) = handled {
        let revisited = case.revisited_on.as_deref().and_then(day);
        out.push(history(Deadline::compute(Rule::Revisit, limits, h, 0, revisited, today)));
    }
    out.extend(set_revisit_deadline(revisits, today));
    out
}

/// The mediation month, and the court-confirmation window while it is open.
pub fn agreement_deadlines(
    agreements: &[AgreementRow],
    papers: &[PaperRow],
    limits: &TimeLimits,
    today: NaiveDate,
) -> Vec<Deadline> {
    let mut out = Vec::new();
    if let Some(first) = agreements.first() {
        // The mediation runs from the day its first draft was begun until an
        // agreement is signed.
        let signed = agreements.iter().filter_map(|a| a.signed_on.as_deref().and_then(day)).min();
        out.push(Deadline::compute(Rule::Mediation, limits, date_of(&first.created_at), 0, signed, today));
    }
    if let Some(a) =
        agreements.iter().rfind(|a| a.status == AgreementStatus::Signed && a.form == AgreementForm::Written)
        && let Some(signed) = a.signed_on.as_deref().and_then(day)
    {
        // The window closes once the parties have applied.
        let applied = papers
            .iter()
            .filter(|p| {
                p.agreement_id.as_deref() == Some(a.id.as_str()) && p.content.kind() == "confirmation_application"
            })
            .filter_map(|p| day(&p.dated_on))
            .min();
        let d = Deadline::compute(Rule::CourtConfirmation, limits, signed, 0, applied, today);
        if applied.is_some() || d.days_left.is_some_and(|left| left >= 0) {
            out.push(d);
        }
    }
    out
}

/// The next revisit the liaison set on the latest revisit that set one,
/// met by any later revisit.
pub fn set_revisit_deadline(revisits: &[RevisitRow], today: NaiveDate) -> Option<Deadline> {
    let (i, r) = revisits.iter().enumerate().rfind(|(_, r)| r.next_due_on.is_some())?;
    let (from, due) = (day(&r.visited_on)?, r.next_due_on.as_deref().and_then(day)?);
    let done = revisits[i + 1..].iter().filter_map(|later| day(&later.visited_on)).min();
    Some(Deadline::until(Rule::Revisit, from, due, done, today))
}

/// Should this deadline be on the agenda today?
pub fn on_agenda(d: &Deadline) -> bool {
    match d.rule {
        Rule::CourtConfirmation => d.days_left.is_some_and(|l| (0..=COURT_CONFIRMATION_NOTICE_DAYS).contains(&l)),
        _ => d.needs_attention(),
    }
}

//! How a paper of a case is shown (on the case page, the agreement, the
//! print) and where an agreement stands with the court, read from the
//! case's papers. Apart from `paper.rs`, which records papers and answers
//! with the case page, so the case and the agreement can show papers.

use super::schedule::day;
use crate::domain::paper::{PaperContent, REVIEW_DAYS};
use crate::error::Result;
use crate::store::papers::PaperRow;
use crate::store::people::{self, PersonView};
use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

/// A paper as the case page and the print show it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PaperView {
    pub paper: PaperRow,
    /// e.g. 信访事项受理告知书
    pub title: String,
    pub case_number: String,
    /// The persons it names (applicants, parties), masked.
    pub people: Vec<PersonView>,
    /// An answer's last day for asking for review (复查), 30 days on.
    pub review_until: Option<NaiveDate>,
}

/// Where an agreement stands with the court (司法确认), on the agreement and
/// the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Confirmation {
    pub applied_on: String,
    pub court: String,
    /// None while the court has not decided.
    pub confirmed: Option<bool>,
    pub decided_on: Option<String>,
    /// 已申请司法确认 / 人民法院已确认有效 / 人民法院不予确认
    pub label: String,
}

pub(crate) fn view(conn: &Connection, paper: PaperRow, case_number: &str) -> Result<PaperView> {
    let people = paper.content.person_ids().iter().map(|id| people::get(conn, id).map(PersonView::from)).collect::<Result<_>>()?;
    let review_until = match paper.content {
        PaperContent::Answer { .. } => day(&paper.dated_on).map(|d| d + Days::new(u64::from(REVIEW_DAYS))),
        _ => None,
    };
    Ok(PaperView { title: paper.content.title(), case_number: case_number.to_owned(), people, review_until, paper })
}

/// Where the agreement stands with the court, from the case's papers.
pub(crate) fn confirmation(papers: &[PaperRow], agreement_id: &str) -> Option<Confirmation> {
    let of_this = papers.iter().filter(|p| p.agreement_id.as_deref() == Some(agreement_id));
    let mut out: Option<Confirmation> = None;
    for p in of_this {
        match &p.content {
            PaperContent::ConfirmationApplication { court, .. } => {
                out = Some(Confirmation {
                    applied_on: p.dated_on.clone(),
                    court: court.clone(),
                    confirmed: None,
                    decided_on: None,
                    label: "已申请司法确认".to_owned(),
                });
            }
            PaperContent::ConfirmationDecision { confirmed, .. } => {
                if let Some(c) = &mut out {
                    c.confirmed = Some(*confirmed);
                    c.decided_on = Some(p.dated_on.clone());
                    c.label = if *confirmed { "人民法院已确认有效" } else { "人民法院不予确认" }.to_owned();
                }
            }
            _ => {}
        }
    }
    out
}


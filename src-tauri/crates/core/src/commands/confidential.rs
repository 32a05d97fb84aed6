//! Reports against officials (检举、揭发): marking a case as one, keeping it
//! from everyone who does not handle it, and logging each look at it.
//!
//! Every command that reaches a case by its id goes through [`visible`], and
//! every list leaves such cases out for those who may not see them
//! ([`crate::access::sees_confidential`]); what may be looked at is logged
//! with [`log_view`].

use super::Ledger;
use super::case::{CaseDetail, CaseId};
use crate::access;
use crate::domain::intake::{MAX_NAME_CHARS, MAX_TEXT_CHARS, optional_text, required_text};
use crate::error::{Error, Result};
use crate::store::case_views::{self, CaseView, ViewedPart};
use crate::store::cases::{self, CaseRow};
use crate::store::events;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The case `id` if the signed-in account may see it. A report against an
/// official is "not found" to anyone else, the same answer as for a case that
/// does not exist, so not even its existence is given away.
pub(crate) fn visible(ledger: &Ledger, id: &str) -> Result<CaseRow> {
    let case = cases::get(ledger.store.conn(), id)?;
    if case.confidential && !access::sees_confidential(ledger.account.as_ref()) {
        return Err(Error::NotFound { what: "信访事项", id: id.to_owned() });
    }
    Ok(case)
}

/// Records that `what` of a confidential case was looked at (nothing for any
/// other case), before it is given out.
pub(crate) fn log_view(ledger: &mut Ledger, case: &CaseRow, what: ViewedPart) -> Result<()> {
    if !case.confidential {
        return Ok(());
    }
    let (account_name, role) = access::who(ledger.account.as_ref());
    ledger.store.write(ledger.clock, |w| {
        let view = CaseView {
            id: crate::store::new_id(),
            case_id: case.id.clone(),
            account_name,
            role,
            device_id: w.device_id().to_owned(),
            what,
            viewed_at: w.now_text(),
        };
        case_views::insert(w, &view)
    })
}

/// [`visible`], then [`log_view`]: a look at `what` of the case `id`.
pub(crate) fn look(ledger: &mut Ledger, id: &str, what: ViewedPart) -> Result<CaseRow> {
    let case = visible(ledger, id)?;
    log_view(ledger, &case, what)?;
    Ok(case)
}

/// Marking a case as a report against an official, or taking the mark off
/// (a case marked by mistake).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct CaseConfidential {
    pub id: String,
    pub confidential: bool,
    /// Who did it.
    pub actor: String,
    /// Why; required to take the mark off.
    #[serde(default)]
    pub note: Option<String>,
}

pub fn mark(ledger: &mut Ledger, args: CaseConfidential) -> Result<CaseDetail> {
    let actor = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let note = optional_text(args.note.as_deref(), "note", "理由", MAX_TEXT_CHARS)?;
    if !args.confidential && note.is_none() {
        return Err(Error::invalid("note", "理由", "取消检举、揭发标记须写明理由"));
    }
    let today = ledger.clock.today().to_string();
    ledger.store.write(ledger.clock, |w| {
        let mut case = cases::get(w.tx(), &args.id)?;
        if case.confidential == args.confidential {
            return Err(Error::refused(if args.confidential {
                "本件已标记为检举、揭发事项。"
            } else {
                "本件没有检举、揭发标记。"
            }));
        }
        case.confidential = args.confidential;
        case.updated_at = w.now_text();
        cases::save(w, &case, "update")?;
        let action = if args.confidential { "mark_confidential" } else { "unmark_confidential" };
        events::record(w, &case.id, action, &today, &actor, note.as_deref())
    })?;
    super::case::detail(ledger, &args.id)
}

/// Each look at a confidential case: who, in what role, on which device, at what.
pub fn views(ledger: &mut Ledger, args: CaseId) -> Result<Vec<CaseView>> {
    let case = visible(ledger, args.id.trim())?;
    case_views::for_case(ledger.store.conn(), &case.id)
}

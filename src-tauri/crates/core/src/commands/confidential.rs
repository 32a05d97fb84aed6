//! Reports against officials (检举、揭发): marking a case as one, and the log
//! of each look at it. Keeping such a case from everyone who does not handle
//! it, and logging the looks, is [`super::visibility`]'s, the gate every
//! command passes.

use super::case::CaseDetail;
use super::visibility::visible;
use super::{CaseId, Ledger};
use crate::domain::intake::{MAX_NAME_CHARS, MAX_TEXT_CHARS, optional_text, required_text};
use crate::error::{Error, Result};
use crate::store::case_views::{self, CaseView};
use crate::store::cases;
use crate::store::events;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

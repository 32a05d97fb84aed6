//! What of the ledger the signed-in account sees: the gate every command
//! passes to reach a case by its id, and the list filter.
//!
//! A case marked as a report against an official (检举、揭发) is seen only by
//! those who handle it ([`crate::access::sees_confidential`]): every command
//! that reaches a case by its id goes through [`visible`], every list leaves
//! such cases out for those who may not see them ([`shown`]), and what may be
//! looked at is logged with [`log_view`].

use super::Ledger;
use crate::access;
use crate::error::{Error, Result};
use crate::store::case_views::{self, CaseView, ViewedPart};
use crate::store::cases::{self, CaseRow, Shown};

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

/// Which cases a list shows the signed-in account.
pub(crate) fn shown(ledger: &Ledger) -> Shown {
    if access::sees_confidential(ledger.account.as_ref()) { Shown::All } else { Shown::NotConfidential }
}

//! Finding a resident already on file, and adding one (e.g. a party to an
//! agreement who never came to petition); showing one person's whole ID
//! number and phone for a stated reason, and what was shown of a case's people.

use super::{CaseId, Ledger};
use crate::domain::intake::{MAX_NAME_CHARS, PetitionerInput, required_text};
use crate::error::{Error, Result};
use crate::store::access_log::{self, PersonAccess};
use crate::store::people::{self, PersonView};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct PersonQuery {
    /// Part of a name, or a whole ID number or phone number.
    pub text: String,
    #[serde(default)]
    pub limit: Option<u32>,
}

pub fn find(ledger: &mut Ledger, q: PersonQuery) -> Result<Vec<PersonView>> {
    let text = required_text(&q.text, "text", "查找", MAX_NAME_CHARS)?;
    let found = people::search(ledger.store.conn(), &text, q.limit.unwrap_or(20).clamp(1, 100))?;
    if crate::access::sees_confidential(ledger.account.as_ref()) {
        return Ok(found);
    }
    let mut shown = Vec::with_capacity(found.len());
    for p in found {
        if !people::only_in_confidential(ledger.store.conn(), &p.id)? {
            shown.push(p);
        }
    }
    Ok(shown)
}

pub fn add(ledger: &mut Ledger, input: PetitionerInput) -> Result<PersonView> {
    let p = input.validate(ledger.latest_day()?)?;
    let row = ledger.store.write(ledger.clock, |w| people::upsert_petitioner(w, &p))?;
    Ok(row.into())
}

/// Showing one person's whole ID number and phone (显示完整号码).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct PersonReveal {
    pub id: String,
    /// The case it is needed for, when asked from a case.
    #[serde(default)]
    pub case_id: Option<String>,
    /// Why it must be seen whole (e.g. 核对身份后办理转办): kept in the audit trail.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PersonRevealed {
    pub id: String,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
}

const MIN_REASON_CHARS: usize = 4;
const MAX_REASON_CHARS: usize = 200;

/// The person's whole ID number and phone, recorded with who asked and why
/// before they are given out; a viewer never gets them.
pub fn reveal(ledger: &mut Ledger, args: PersonReveal) -> Result<PersonRevealed> {
    crate::access::may_reveal(ledger.account.as_ref())?;
    let reason = required_text(&args.reason, "reason", "理由", MAX_REASON_CHARS)?;
    if reason.chars().count() < MIN_REASON_CHARS {
        return Err(Error::invalid(
            "reason",
            "理由",
            format!("请写明为什么要看完整号码（至少 {MIN_REASON_CHARS} 个字）"),
        ));
    }
    let person = people::get(ledger.store.conn(), args.id.trim())?;
    let case_id = args.case_id.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if let Some(id) = &case_id {
        super::visibility::visible(ledger, id)?;
    }
    if !crate::access::sees_confidential(ledger.account.as_ref())
        && people::only_in_confidential(ledger.store.conn(), &person.id)?
    {
        return Err(Error::NotFound { what: "人员", id: person.id });
    }
    let (account_name, role) = crate::access::who(ledger.account.as_ref());
    ledger.store.write(ledger.clock, |w| {
        let entry = PersonAccess {
            id: crate::store::new_id(),
            person_id: person.id.clone(),
            case_id,
            account_name,
            role,
            device_id: w.device_id().to_owned(),
            reason,
            accessed_at: w.now_text(),
        };
        access_log::insert(w, &entry)
    })?;
    Ok(PersonRevealed { id: person.id, name: person.name, id_number: person.id_number, phone: person.phone })
}

/// Each time the whole number of one of the case's people was shown.
pub fn accesses(ledger: &mut Ledger, args: CaseId) -> Result<Vec<PersonAccess>> {
    let case = super::visibility::visible(ledger, args.id.trim())?;
    access_log::for_case(ledger.store.conn(), &case.id)
}

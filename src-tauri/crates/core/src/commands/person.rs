//! Finding a resident already on file, and adding one (e.g. a party to an
//! agreement who never came to petition).

use super::Ledger;
use crate::domain::intake::{MAX_NAME_CHARS, PetitionerInput, required_text};
use crate::error::Result;
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
    people::search(ledger.store.conn(), &text, q.limit.unwrap_or(20).clamp(1, 100))
}

pub fn add(ledger: &mut Ledger, input: PetitionerInput) -> Result<PersonView> {
    let p = input.validate()?;
    let row = ledger.store.write(ledger.clock, |w| people::upsert_petitioner(w, &p))?;
    Ok(row.into())
}

//! Forms saved as they are typed, so a closed window or a power cut loses at
//! most the field in hand.

use super::{Ledger, NoArgs};
use crate::error::{Error, Result};
use crate::store::drafts;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A form's draft is at most this large (a long request is ~10k characters).
pub const MAX_DRAFT_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct DraftKey {
    /// Which form, e.g. `intake` or `agreement:<id>`.
    pub key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct DraftSave {
    pub key: String,
    pub value: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Draft {
    pub value: Option<serde_json::Value>,
    pub saved_at: Option<String>,
}

fn check_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > 200 {
        return Err(Error::invalid("key", "草稿", "名称应为 1 至 200 个字符"));
    }
    Ok(())
}

pub fn save(ledger: &mut Ledger, args: DraftSave) -> Result<Draft> {
    check_key(&args.key)?;
    let text = serde_json::to_string(&args.value)?;
    if text.len() > MAX_DRAFT_BYTES {
        return Err(Error::invalid("value", "草稿", "内容过长，无法保存草稿"));
    }
    let now = ledger.clock.now().to_rfc3339();
    ledger.store.write_local(|tx| drafts::save(tx, &args.key, &text, &now))?;
    Ok(Draft { value: Some(args.value), saved_at: Some(now) })
}

pub fn load(ledger: &mut Ledger, args: DraftKey) -> Result<Draft> {
    check_key(&args.key)?;
    Ok(match drafts::load(ledger.store.conn(), &args.key)? {
        Some((value, saved_at)) => Draft { value: Some(serde_json::from_str(&value)?), saved_at: Some(saved_at) },
        None => Draft { value: None, saved_at: None },
    })
}

pub fn clear(ledger: &mut Ledger, args: DraftKey) -> Result<NoArgs> {
    check_key(&args.key)?;
    ledger.store.write_local(|tx| drafts::clear(tx, &args.key))?;
    Ok(NoArgs {})
}
